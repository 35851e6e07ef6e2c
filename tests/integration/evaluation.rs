//! The evaluation of the bundled 2024 data: every grade the sample data were
//! built to show, the roll-up by unit, and the order of countermeasures.

use plan_eval::evaluate::Evaluation;
use plan_eval::model::vocabulary::Grade;
use plan_eval::run::pipeline::load_and_evaluate;

use crate::common;

fn bundled(year: i32) -> Evaluation {
    load_and_evaluate(&common::bundled(), year, None)
        .expect("bundled data evaluate")
        .1
}

#[test]
fn every_grade_of_2024() {
    let ev = bundled(2024);
    let grades: Vec<(&str, &str)> = ev
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.assessment.grade.label()))
        .collect();
    assert_eq!(
        grades,
        [
            ("edu_years", "基本符合预期"),
            // 2024 missed, 2023 met: the latest year decides.
            ("energy_intensity", "滞后于预期"),
            ("co2_intensity", "基本符合预期"),
            ("air_quality", "基本符合预期"),
            ("surface_water", "基本符合预期"),
            ("forest_coverage", "基本符合预期"),
            // Missed in 2022 only: stated, no longer held against 2024.
            ("pollutant_reduction", "基本符合预期"),
            ("gdp", "滞后于预期"),
            ("labour_productivity", "基本符合预期"),
            ("urbanization", "快于预期"),
            ("rd_spending", "快于预期"),
            ("tech_contribution", "滞后于预期"),
            ("fixed_investment", "明显滞后于预期"),
            ("urban_income", "滞后于预期"),
            ("rural_income", "基本符合预期"),
            ("unemployment", "基本符合预期"),
            ("pension_coverage", "基本符合预期"),
            ("doctors", "提前实现"),
            ("life_expectancy", "滞后于预期"),
            ("childcare", "滞后于预期"),
        ]
    );
    let s = &ev.summary.indicators;
    assert_eq!(
        (s.total, s.on_track, s.lagging, s.far_behind),
        (20, 13, 7, 1)
    );
    assert_eq!(ev.summary.stale, ["life_expectancy"]);
}

#[test]
fn gdp_numbers_of_2024() {
    let ev = bundled(2024);
    let gdp = ev.indicators.iter().find(|i| i.id == "gdp").unwrap();
    let a = &gdp.assessment;
    assert_eq!(format!("{:.2}", a.realised_rate.unwrap()), "6.82");
    assert_eq!(format!("{:.2}", a.needed_rate.unwrap()), "27.66");
    assert_eq!(a.outlook.label(), "完成难度很大");
    assert_eq!(gdp.level_series.last().unwrap().value, 324.6);
}

#[test]
fn stale_reading_keeps_its_year_and_note() {
    let ev = bundled(2024);
    let life = ev
        .indicators
        .iter()
        .find(|i| i.id == "life_expectancy")
        .unwrap();
    assert!(life.stale);
    assert_eq!(life.assessment.reading_year, Some(2023));
    assert!(!life.note.is_empty());
}

#[test]
fn tasks_of_2024_include_the_unreported_one() {
    let ev = bundled(2024);
    let tasks: Vec<_> = ev.sections.iter().flat_map(|s| &s.tasks).collect();
    assert_eq!(tasks.len(), 33);
    let status = |id: &str| tasks.iter().find(|t| t.id == id).unwrap().status.label();
    assert_eq!(status("T4-3"), "未报送");
    assert_eq!(status("T1-3"), "未启动");
    assert_eq!(status("T2-3"), "进度滞后");
    let t = &ev.summary.tasks;
    assert_eq!(
        (
            t.completed,
            t.on_schedule,
            t.behind,
            t.not_started,
            t.not_reported
        ),
        (3, 25, 3, 1, 1)
    );
}

#[test]
fn countermeasures_binding_first_then_by_severity_then_tasks() {
    let (data, ev) = load_and_evaluate(&common::bundled(), 2024, None).unwrap();
    let measures = plan_eval::report::measures::write(&ev, &data.rules).unwrap();
    let order: Vec<&str> = ev
        .countermeasures
        .iter()
        .map(|c| c.target_id.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "energy_intensity",
            "fixed_investment",
            "gdp",
            "tech_contribution",
            "urban_income",
            "life_expectancy",
            "childcare",
            "T4-3",
            "T1-3",
            "T2-3",
            "T5-4",
            "T7-3",
        ]
    );
    let gdp = ev
        .countermeasures
        .iter()
        .position(|c| c.target_id == "gdp")
        .unwrap();
    assert_eq!(ev.countermeasures[gdp].rule, "gdp_lagging");
    // The measure heading names the indicator; its text starts with the figures
    // and the bureau, leading it, speaks as itself.
    assert_eq!(measures.texts.len(), ev.countermeasures.len());
    let text = &measures.texts[gdp];
    assert!(
        text.starts_with("2021—2024年年均增长6.8%，2025年需增长27.7%方能实现年均增长10.7%的目标。我局将加强经济运行监测分析"),
        "{text}"
    );
    let names: Vec<&str> = ev
        .standing_measures
        .iter()
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(
        names,
        ["加强组织领导", "强化协调配合", "严格监测评估和督查考核"]
    );
}

#[test]
fn units_roll_up_what_they_lead() {
    let ev = bundled(2024);
    let drc = ev.units.iter().find(|u| u.name == "市发改局").unwrap();
    assert_eq!(drc.indicators.len(), 5);
    assert_eq!(drc.indicators_lagging, 4);
    assert_eq!(
        drc.tasks,
        ["统筹城乡空间布局", "推进体制机制创新", "拓宽对口协作领域"]
    );
    let bank = ev
        .units
        .iter()
        .find(|u| u.name == "中国人民银行丹江口市支行")
        .unwrap();
    assert_eq!(bank.tasks_lagging, 1);
}

#[test]
fn an_earlier_year_evaluates_too() {
    let ev = bundled(2022);
    assert_eq!(ev.remaining_years, 3);
    assert!(
        ev.indicators
            .iter()
            .all(|i| i.assessment.grade != Grade::NoData)
    );
}

#[test]
fn a_year_outside_the_plan_is_refused() {
    let err = load_and_evaluate(&common::bundled(), 2026, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "评估年度 2026 不在规划实施期 2021—2025 年内"
    );
}
