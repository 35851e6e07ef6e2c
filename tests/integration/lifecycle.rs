//! The whole life of a plan (methodology part two), on two workspaces built
//! for it and on the bundled plan's final year:
//! - `tests/fixtures/plans/every_kind`: a 2021–2025 plan with every target
//!   kind and wording, graded in 2023 (annual) and 2025 (final);
//! - `tests/fixtures/plans/fifteenth`: a 15th plan (2026–2030) in its first year.
//!
//! The expected grades were computed by hand, independently of the program;
//! the arithmetic of each is in the workspace's EXPECTED.md.

use std::path::Path;
use std::process::Command;

use crate::common;
use crate::common::{assert_success, bundled, plan_eval, plan_fixture, squeeze};
use plan_eval::evaluate::Evaluation;
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::{ReportRequest, build_report, load_and_evaluate};

fn evaluated(dir: &Path, year: i32, kind: Option<EvaluationKind>) -> Evaluation {
    load_and_evaluate(dir, year, kind)
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

fn grades(ev: &Evaluation) -> Vec<(String, String)> {
    ev.indicators
        .iter()
        .map(|i| {
            let mut grade = i.grade().label().to_string();
            if i.assessment.preliminary {
                grade.push_str("（初步）");
            }
            (i.id.clone(), grade)
        })
        .collect()
}

fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn reason<'a>(ev: &'a Evaluation, id: &str) -> &'a str {
    &ev.indicators
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id}"))
        .assessment
        .reason
}

fn markdown_of(dir: &Path, year: i32, kind: Option<EvaluationKind>) -> String {
    let (data, ev) = load_and_evaluate(dir, year, kind).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        sample: data.sample,
        charts: vec![
            ("progress.svg".into(), "进度".into()),
            ("growth.svg".into(), "增速".into()),
        ],
    };
    common::markdown(&data, &ev, &meta).1
}

/// The text of section `heading` (from its `## ` line to the next one).
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(&format!("## {heading}")).expect(heading);
    let rest = &md[start + 3..];
    &md[start..start + 3 + rest.find("\n## ").unwrap_or(rest.len())]
}

/// The text of the section whose heading is `title` after its ordinal (`## 六、存在的主要问题`):
/// the ordinal depends on which parts the data give.
fn section_titled<'a>(md: &'a str, title: &str) -> &'a str {
    let heading = md
        .lines()
        .find(|l| l.starts_with("## ") && l.ends_with(&format!("、{title}")))
        .unwrap_or_else(|| panic!("no section “{title}”"));
    section(md, &heading["## ".len()..])
}

#[test]
fn every_kind_in_a_mid_plan_year() {
    let ev = evaluated(&plan_fixture("every_kind"), 2023, None);
    assert_eq!(ev.kind, EvaluationKind::Annual);
    assert_eq!(
        grades(&ev),
        expect(&[
            // C = 1 − 0.976·0.972·0.973 = 8.074 %, E = 13.5·3/5 = 8.1, R = 0.997.
            ("energy_intensity", "基本符合预期"),
            // Yearly: 2023 met → 符合; cumulative 9.965 vs 10.8, R = 0.923 → 滞后; the worse.
            ("co2_intensity", "滞后于预期"),
            // 2022 missed, 2023 met: the latest year decides.
            ("air_quality", "基本符合预期"),
            ("forest_coverage", "基本符合预期"),
            // Base 41 above the ceiling 38: a level; E = 41 − 3·3/5 = 39.2, X = 39.0, R = 1.111.
            ("pm25", "快于预期"),
            // Growth R = 1.037 符合; level part E = 2640, X = 2560, R = 0.852 滞后; the worse.
            ("gdp", "滞后于预期"),
            // 2022 missing: r over 2021 and 2023 = 8.040 %, R = 1.005.
            ("industry", "基本符合预期"),
            ("rd_spending", "滞后于预期"),
            ("urbanization", "滞后于预期"),
            ("infant_mortality", "提前实现"),
            ("life_expectancy", "基本符合预期"),
            ("unemployment", "基本符合预期"),
            // Σ = 2.95 万人 vs E = 3.00, R = 0.983.
            ("new_jobs", "基本符合预期"),
            // Outside the band two years running.
            ("cpi", "明显滞后于预期"),
            ("population", "基本符合预期"),
            // 31.96 < 32.
            ("green_space", "滞后于预期"),
        ])
    );
    // The figures that decide are printed so the decision shows.
    assert_eq!(reason(&ev, "green_space"), "2023年为31.96%，低于32%的下限");
    assert!(
        reason(&ev, "energy_intensity")
            .starts_with("2021—2023年累计下降8.07%，按进度要求应累计下降8.1%（规划期目标累计下降13.5%）；2024—2025年需年均下降"),
        "{}",
        reason(&ev, "energy_intensity")
    );
    // A missing year is said, next to the figure, never filled in silently.
    assert!(
        reason(&ev, "industry")
            .starts_with("2021—2023年年均增长8.0%（2022年数据缺失，按其余2年测算），达到目标；"),
        "{}",
        reason(&ev, "industry")
    );
    assert!(reason(&ev, "industry").ends_with("（缺失年份按已实现增速计）"));
    // A limit that starts on the wrong side words its path.
    assert_eq!(
        reason(&ev, "pm25"),
        "由2020年的41.0微克/立方米降至2023年的39.0微克/立方米，按进度要求应降至39.2微克/立方米，尚未降至38微克/立方米以内"
    );
    // Lower is better: 降至, never 达到.
    assert_eq!(
        reason(&ev, "infant_mortality"),
        "2023年为3.9‰，已降至4‰的目标"
    );
    // Both parts of a two-part target are stated.
    let gdp = reason(&ev, "gdp");
    assert!(
        gdp.contains("年均增长7.3%")
            && gdp.contains("总量2023年为2560亿元，低于按进度要求测算的2640亿元"),
        "{gdp}"
    );
    // A quota's earlier miss is stated but does not set the grade.
    assert_eq!(
        reason(&ev, "air_quality"),
        "2023年为89.2%，完成上级下达的88.0%年度目标；2022年未完成下达目标"
    );
}

#[test]
fn every_kind_in_the_final_year() {
    let ev = evaluated(&plan_fixture("every_kind"), 2025, None);
    assert_eq!(ev.kind, EvaluationKind::Final);
    assert_eq!(
        grades(&ev),
        expect(&[
            // C = 13.06 % of 13.5: 96.7 % → 基本完成.
            ("energy_intensity", "基本完成"),
            // Cumulative quota 18.23 ≥ 18 → 完成 (the plan-period quota decides).
            ("co2_intensity", "完成"),
            // 2025 met, 2022 missed.
            ("air_quality", "基本完成"),
            ("forest_coverage", "完成"),
            ("pm25", "完成"),
            // Growth 7.097 % ≥ 7 完成; level 2970 of 3000, p = 0.967 基本完成; the worse.
            ("gdp", "基本完成"),
            // r = 7.870 % over four years, R = 0.984.
            ("industry", "基本完成"),
            ("rd_spending", "完成"),
            // p = (64.2 − 58)/(65 − 58) = 0.886.
            ("urbanization", "未完成"),
            // p = (5.2 − 3.7)/(5.2 − 4) = 1.25 ≥ 1.05.
            ("infant_mortality", "超额完成"),
            // 2025 not published: 2024's figure against 2024's schedule (the stale-reading
            // rule): E = 77.8 + 1.7 × 0.8 = 79.16 ≤ 79.45.
            ("life_expectancy", "完成（初步）"),
            ("unemployment", "基本完成"),
            // Σ = 5.35 万人 of 5: 107 %.
            ("new_jobs", "超额完成"),
            ("cpi", "基本完成"),
            ("population", "未完成"),
            ("green_space", "基本完成"),
        ])
    );
    // No forecast and no rate still needed in the final year.
    for i in &ev.indicators {
        assert!(i.assessment.needed_rate.is_none(), "{}", i.id);
        assert!(!i.assessment.reason.contains("需年均"), "{}", i.id);
    }
    assert_eq!(
        reason(&ev, "population"),
        "2025年为309.6万人，低于目标区间310～330万人的下限"
    );
}

#[test]
fn the_final_report_is_a_closing_evaluation() {
    let md = markdown_of(&plan_fixture("every_kind"), 2025, None);
    assert!(
        md.starts_with("# 云溪市国民经济和社会发展第十四个五年规划纲要实施情况总结评估报告\n"),
        "{md}"
    );
    assert!(md.contains("实施的收官之年"));
    for word in ["序时进度", "预计", "完成难度", "需年均增长"] {
        let body = &md[..md.find("<!-- pe:landscape -->").unwrap()];
        assert!(!body.contains(word), "{word}");
    }
    let problems = section(&md, "五、存在的主要问题");
    for name in ["常住人口城镇化率2025年为", "常住人口2025年"] {
        assert!(problems.contains(name), "{name} missing from the problems");
    }
    // The next plan by its name, derived from the plan's own (a 14th plan: 十五五).
    assert!(md.contains("## 六、对“十五五”规划实施的建议"), "{md}");
    // Unreported tasks make one measure naming the units, not one each.
    let measures = section(&md, "六、对“十五五”规划实施的建议");
    let paragraphs = measures.split("\n\n").filter(|p| p.contains("未按时报送"));
    assert_eq!(paragraphs.count(), 1, "{measures}");
}

#[test]
fn a_mid_term_review_on_request() {
    let md = markdown_of(
        &plan_fixture("every_kind"),
        2023,
        Some(EvaluationKind::Midterm),
    );
    assert!(md.starts_with("# 云溪市国民经济和社会发展第十四个五年规划纲要实施情况中期评估报告\n"));
    assert!(md.contains("实施以来（2021—2023年）的情况进行了中期评估"));
    // 居民消费价格涨幅 is far behind, but a band has no pace to compare: not proposed.
    // 常住人口城镇化率 (expected) needs 1.7 points a year, at least twice its latest step.
    assert!(md.contains("## 六、关于调整部分规划指标的建议\n\n按目前进度测算，常住人口城镇化率（2024—2025年需年均提高1.7个百分点）在规划期内实现原定目标的难度很大"), "{md}");
    assert!(md.contains("## 七、后半期对策建议"));
    // A final evaluation of a year that is not the target year is refused.
    let err = load_and_evaluate(
        &plan_fixture("every_kind"),
        2023,
        Some(EvaluationKind::Final),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("总结评估只能用于规划目标年份 2025 年"),
        "{err}"
    );
}

#[test]
fn the_first_year_of_a_fifteenth_plan() {
    let dir = plan_fixture("fifteenth");
    let ev = evaluated(&dir, 2026, None);
    assert_eq!(
        grades(&ev),
        expect(&[
            ("forest_coverage", "基本符合预期"),
            ("energy_intensity", "滞后于预期"),
            // No reading at all: 数据暂缺, and the report is still written.
            ("co2_intensity", "数据暂缺"),
            // Growth 7.2 vs 6.5, R = 1.108; level 390 vs E = 394.4, R = 0.833; the worse.
            ("gdp", "滞后于预期"),
            // R = 3.9/7 = 0.557.
            ("rural_income", "明显滞后于预期"),
            // E = 56.72, R = 1.136.
            ("urbanization", "快于预期"),
            ("unemployment", "基本符合预期"),
            ("cpi", "基本符合预期"),
            // Only the base-year reading: 数据暂缺.
            ("life_expectancy", "数据暂缺"),
        ])
    );
    // One year is a year's growth, never an average.
    assert!(reason(&ev, "gdp").starts_with(
        "2026年按可比价计算增长7.2%，高于年均增长6.5%的目标0.7个百分点；现价总量2026年为390.0亿元，低于按进度要求测算的394.4亿元"
    ));
    assert!(reason(&ev, "rural_income").starts_with("2026年增长3.9%"));
    assert_eq!(
        reason(&ev, "life_expectancy"),
        "尚无2026年数据（2026年数据发布后纳入评价）"
    );
    let md = markdown_of(&dir, 2026, None);
    assert!(md.contains("2026年是《规划纲要》实施的开局之年"));
    assert!(!md.contains("2026年年均增长"));
    assert!(md.contains("**人均预期寿命**：尚无2026年数据"));
    // check warns of what the report will say, and passes.
    let out = plan_eval(&["check", "--data", dir.to_str().unwrap()], &dir);
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("只有 2025 年基期数据，尚无 2026 年数据；报告中将列为“数据暂缺”"),
        "{text}"
    );
}

#[test]
fn the_bundled_plan_closes_in_2025() {
    let md = markdown_of(&bundled(), 2025, None);
    assert!(
        md.starts_with("# 丹江口市国民经济和社会发展第十四个五年规划纲要实施情况总结评估报告\n")
    );
    let body = &md[..md.find("<!-- pe:landscape -->").unwrap()];
    for word in ["序时进度", "预计", "完成难度", "需年均增长", "需增长"] {
        assert!(!body.contains(word), "{word}");
    }
    let ev = evaluated(&bundled(), 2025, None);
    let problems = section_titled(&md, "存在的主要问题");
    let missed: Vec<&str> = ev
        .indicators
        .iter()
        .filter(|i| i.grade().label() == "未完成")
        .map(|i| i.short_name.as_str())
        .collect();
    assert!(missed.len() >= 3, "{missed:?}");
    for name in missed {
        assert!(problems.contains(name), "{name}");
    }
    // The units' own words: the experience of every year of the plan (2022's among them), and
    // the problems of the final year.
    let experience = section_titled(&md, "主要经验");
    assert!(
        experience.contains("一是在“坚持生态优先，建设国家战略水源地”方面，十堰市生态环境局丹江口分局：实行库区支流河湖长、检察长、警长协作机制"),
        "{experience}"
    );
    assert!(
        problems.contains("市交通运输局反映：规划期内上级补助资金到位慢"),
        "{problems}"
    );
}

#[test]
fn every_year_of_a_plan_renders() {
    for year in 2021..=2025 {
        markdown_of(&bundled(), year, None);
    }
    markdown_of(&bundled(), 2025, Some(EvaluationKind::Annual));
    markdown_of(&bundled(), 2023, Some(EvaluationKind::Midterm));
    for year in 2021..=2025 {
        markdown_of(&plan_fixture("every_kind"), year, None);
    }
    markdown_of(&plan_fixture("fifteenth"), 2026, None);
}

#[test]
fn snapshots() {
    insta::assert_snapshot!(
        "every_kind_2025_final",
        markdown_of(&plan_fixture("every_kind"), 2025, None)
    );
    insta::assert_snapshot!(
        "fifteenth_2026_first_year",
        markdown_of(&plan_fixture("fifteenth"), 2026, None)
    );
}

#[test]
fn a_rule_citing_an_unknown_variable_fails_check() {
    let (dir, data) = common::data_copy();
    let rules = data.join("countermeasures.yaml");
    let text = std::fs::read_to_string(&rules).unwrap();
    let text = text.replacen(
        "梳理影响{{ short_name }}的主要因素",
        "梳理影响{{ indicator_name }}的主要因素",
        1,
    );
    std::fs::write(&rules, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("indicator_name"))
        .unwrap();
    let out = plan_eval(&["check", "--data", "data", "--year", "2024"], dir.path());
    assert!(!out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The line of the rule's `text:` key, just above the text.
    let expected = format!(
        "错误：data/countermeasures.yaml:{line}: text: 规则“level_lagging”引用了不存在的变量“indicator_name”；"
    );
    assert!(stdout.contains(&expected), "{stdout}");
}

#[test]
fn a_rule_citing_what_is_still_needed_never_fires_in_the_final_year() {
    // growth_lagging cites needed_text: it may match growth in annual years only.
    let (data, ev) = load_and_evaluate(&bundled(), 2025, None).unwrap();
    let measures = plan_eval::report::measures::write(&ev, &data.rules).unwrap();
    for text in &measures.texts {
        assert!(!text.contains("需增长"), "{text}");
    }
    for c in &ev.countermeasures {
        assert!(
            ["gdp_lagging", "growth_lagging", "level_lagging"]
                .iter()
                .all(|r| c.rule != *r),
            "{}",
            c.rule
        );
    }
}

#[test]
fn both_new_workspaces_print_through_typst() {
    for (name, year, words) in [
        (
            "every_kind",
            2025,
            &[
                "实施情况总结评估报告",
                "低于目标区间310～330万人的下限",
                "超额完成",
                "完成（初步）",
            ][..],
        ),
        (
            "fifteenth",
            2026,
            &["2026年度实施情况评估报告", "2026年增长7.2%", "数据暂缺"][..],
        ),
    ] {
        let report = build_report(&ReportRequest {
            kind: None,
            year,
            data: plan_fixture(name),
            templates: None,
            date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let dir = common::temp_dir();
        let pdf = dir.path().join("report.pdf");
        std::fs::write(&pdf, &report.pdf).unwrap();
        let out = Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils)");
        let text = squeeze(&String::from_utf8_lossy(&out.stdout));
        for word in words {
            assert!(text.contains(&squeeze(word)), "{name}: {word}");
        }
        assert!(!text.contains("丹江口"), "{name} leaks the bundled plan");
    }
}
