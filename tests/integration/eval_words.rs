//! The words the evaluation puts beside each grade, on the bundled plan and
//! the two 15th-plan fixtures, checked sentence by sentence: an overshoot of a
//! two-sided target said as such, a miss explained by the notes of the years
//! that missed, both parts of a two-part target with their own verdict, a
//! 左右 growth target's need to X with its bound, like-with-like investment
//! against plan, and the period's cumulative result of a quota.

use plan_eval::evaluate::{Evaluation, IndicatorResult};
use plan_eval::model::vocabulary::{EvaluationKind, Grade};
use plan_eval::run::pipeline::load_and_evaluate;

use crate::common;

fn bundled(year: i32, kind: Option<EvaluationKind>) -> Evaluation {
    load_and_evaluate(&common::bundled(), year, kind)
        .expect("bundled data evaluate")
        .1
}

fn fixture(name: &str, year: i32) -> Evaluation {
    load_and_evaluate(&common::plan_fixture(name), year, None)
        .expect("fixture evaluates")
        .1
}

fn indicator<'a>(ev: &'a Evaluation, id: &str) -> &'a IndicatorResult {
    ev.indicators
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a number was expected");
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

// ---- overshooting a two-sided target (Top 10 #1) ----

#[test]
fn a_year_above_its_two_sided_yearly_target_is_said_to_overshoot() {
    let ev = fixture("national15", 2026);
    let fiscal = indicator(&ev, "fiscal_revenue");
    // The grade the methodology gives stays: beyond the upper end is a miss.
    assert_eq!(fiscal.grade(), Grade::Behind);
    assert!(fiscal.assessment.beyond_upper);
    assert_eq!(
        fiscal.assessment.reason,
        "2026年为6.8%，高于年度目标5%左右的上限6%，未保持在目标区间内"
    );
    // A shortfall is not.
    let doctors = indicator(&ev, "doctors");
    assert!(!doctors.assessment.beyond_upper);
}

#[test]
fn a_reading_above_a_band_or_a_ceiling_is_never_called_short() {
    let ev = fixture("national15", 2028);
    let grain = indicator(&ev, "grain_area");
    assert!(grain.assessment.beyond_upper);
    assert_eq!(
        grain.assessment.reason,
        "2028年为59.3万亩，高于目标区间58万亩左右（57～59万亩）的上限59万亩，未保持在目标区间内"
    );
    let cpi = indicator(&ev, "cpi");
    assert!(cpi.assessment.beyond_upper);
    assert_eq!(cpi.assessment.reason, "2028年为3.8%，高于3%左右的上限3.5%");
    for i in [grain, cpi] {
        assert!(
            !i.assessment.reason.contains("低于"),
            "{}",
            i.assessment.reason
        );
        assert!(
            !i.assessment.reason.contains("差距"),
            "{}",
            i.assessment.reason
        );
    }
}

#[test]
fn the_final_says_on_which_side_each_earlier_year_left_the_target() {
    let ev = fixture("national15", 2030);
    let grain = indicator(&ev, "grain_area");
    assert!(!grain.assessment.beyond_upper);
    assert_eq!(
        grain.assessment.reason,
        "2030年为56.8万亩，低于目标区间58万亩左右（57～59万亩）的下限；2028年高于目标区间上限"
    );
    // The 2028 surplus explains no shortfall: only the 2030 note is the cause.
    assert_eq!(grain.cause, "耕地“进出平衡”补充耕地尚未完成种植");
    let fiscal = indicator(&ev, "fiscal_revenue");
    assert_eq!(
        fiscal.assessment.reason,
        "规划期5年中1年达到当年目标；预计2030年为1.0%，低于年度目标4%左右；\
         2026年高于年度目标区间上限；2027年、2028年未达到年度目标"
    );
    // The two years furthest short (2030: 1.0 against 3; 2027: 2.6 against 4),
    // never the 2026 surplus (含……一次性土地增值税入库).
    assert_eq!(
        fiscal.cause,
        "2027年，上年一次性税收抬高基数，落实结构性减税政策；2030年增值税留抵退税集中办理"
    );
}

// ---- the cause of a miss over the period (Top 10 #4, #5) ----

#[test]
fn a_final_takes_the_cause_of_a_miss_from_the_years_that_missed() {
    let ev = bundled(2025, None);
    let investment = indicator(&ev, "fixed_investment");
    assert_eq!(investment.grade(), Grade::NotCompleted);
    // Not the 2025 note (工业投资和基础设施投资较快增长……), which explains a rise.
    assert_eq!(
        investment.cause,
        "2023年房地产开发投资大幅下降，部分重大项目建设周期结束；\
         2024年工业投资回升，但房地产开发投资继续下降"
    );
    let energy = indicator(&ev, "energy_intensity");
    assert_eq!(energy.grade(), Grade::BasicallyCompleted);
    assert_eq!(energy.cause, "2024年新投产项目用能增加较多，年度目标未完成");
}

#[test]
fn a_mid_term_takes_the_cause_from_its_missed_years_too() {
    let ev = bundled(2023, Some(EvaluationKind::Midterm));
    let investment = indicator(&ev, "fixed_investment");
    assert_eq!(
        investment.cause,
        "房地产开发投资大幅下降，部分重大项目建设周期结束"
    );
}

// ---- two-part targets (Top 10 #5) ----

#[test]
fn a_two_part_target_states_each_part_with_its_verdict() {
    let ev = fixture("fifteenth", 2026);
    let gdp = indicator(&ev, "gdp");
    assert_eq!(gdp.grade(), Grade::Behind);
    assert_eq!(gdp.assessment.lagging_part.as_deref(), Some("level"));
    assert_eq!(
        gdp.assessment.reason,
        "2026年按可比价计算增长7.2%，高于年均增长6.5%的目标0.7个百分点；\
         现价总量2026年为390.0亿元，低于按进度要求测算的394.4亿元（已完成规划期增量的17%）；\
         实现总量500亿元的目标，2027—2030年需年均增长6.4%"
    );
    // What lags is the total: its need, not the growth part's, and its note as the cause.
    assert_eq!(gdp.need_words(2030), "总量2027—2030年需年均增长6.4%");
    assert_eq!(gdp.cause, "工业品出厂价格下降，现价增速低于可比价增速");
}

// ---- 左右 growth targets (national2026 #4) ----

#[test]
fn a_growth_target_with_tolerance_needs_x_with_its_bound_in_brackets() {
    let ev = fixture("national15", 2026);
    let retail = indicator(&ev, "retail_sales");
    // (1.06^5 / 1.056)^(1/4) − 1 = 6.10%; to the bound: (1.055^5 / 1.056)^(1/4) − 1 = 5.475%.
    close(
        retail
            .assessment
            .needed_rate
            .map(|r| (r * 100.0).round() / 100.0),
        6.1,
    );
    close(
        retail
            .assessment
            .needed_rate_bound
            .map(|r| (r * 1000.0).round() / 1000.0),
        5.475,
    );
    assert_eq!(
        retail.need_words(2030),
        "2027—2030年需年均增长6.1%（按不低于5.5%的下限计需5.5%）"
    );
    assert!(
        retail.assessment.reason.ends_with(
            "要实现年均增长6%左右的目标，2027—2030年需年均增长6.1%（按不低于5.5%的下限计需5.5%）"
        ),
        "{}",
        retail.assessment.reason
    );
}

// ---- wording of the final (R12, final2025 #11, #12) ----

#[test]
fn final_wording_has_no_doubled_verb_nor_needless_digits() {
    let ev = bundled(2025, None);
    let doctors = indicator(&ev, "doctors");
    assert_eq!(doctors.assessment.reason, "2025年为3.68人，达到3.5人的目标");
    // 8.048% meets 8%: printed at one decimal, 达到.
    let rural = indicator(&ev, "rural_income");
    assert_eq!(rural.grade(), Grade::Completed);
    assert_eq!(
        rural.assessment.reason,
        "2021—2025年年均增长8.0%，达到年均增长8%的目标"
    );
    assert_eq!(rural.realised_words(2020), "2021—2025年年均增长8.0%");
    let productivity = indicator(&ev, "labour_productivity");
    assert!(
        productivity
            .assessment
            .reason
            .contains("低于年均增长8%以上的目标0.2个百分点"),
        "{}",
        productivity.assessment.reason
    );
    for i in &ev.indicators {
        assert!(!i.assessment.reason.contains("实现达到"), "{}", i.id);
        assert!(!i.assessment.reason.contains("大于8%"), "{}", i.id);
    }
}

// ---- major projects (Top 10 #9, final2025 #3) ----

#[test]
fn investment_against_plan_compares_the_years_reported() {
    let ev = bundled(2025, None);
    let s = &ev.project_summary;
    // XM01 and XM04 sent no 2025 figure: their 2025 plan would stand against nothing.
    assert_eq!(s.planned_to_date, None);
    assert_eq!(s.invested_where_planned, None);
    assert_eq!(s.compared_through, Some(2024));
    // 3.0+4.5+4.5+3.6 + 3.0+4.0+5.0 + 5.0+8.0 = 40.6; 3.2+4.1+4.6+3.8 + 2.6+4.2+5.1 + 2.1+5.6 = 35.3.
    close(s.planned_compared, 40.6);
    close(s.invested_compared, 35.3);
    close(s.compared_share.map(|x| (x * 10.0).round() / 10.0), 86.9);
    assert!(s.investment_incomplete);
    let ids: Vec<&str> = s
        .investment_unreported
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(ids, ["XM01", "XM04"]);
    assert_eq!(
        s.investment_unreported_words,
        "丹江口水库库区入库支流水环境综合治理工程、武当山至丹江口城区旅游快速通道未报送2025年完成投资"
    );
    // Never a share of the total from a partial sum.
    let xm01 = ev.projects.iter().find(|p| p.id == "XM01").unwrap();
    assert_eq!(xm01.share_of_total, None);

    // With every year reported the comparison runs to the year itself.
    let ev = bundled(2024, None);
    let s = &ev.project_summary;
    assert_eq!(s.compared_through, Some(2024));
    close(s.planned_to_date, 40.6);
    close(s.planned_compared, 40.6);
    assert!(s.investment_unreported.is_empty());
    assert_eq!(s.investment_unreported_words, "");
}

// ---- a quota's result over the period (Top 10 #3, national2030 #3) ----

#[test]
fn a_quota_gives_its_cumulative_result_for_the_period() {
    let ev = bundled(2025, None);
    let energy = indicator(&ev, "energy_intensity");
    // 1 − (0.966·0.968·0.969·0.979·0.966) = 14.31%, against 1 − 0.969·0.97⁴ = 14.22%.
    close(
        energy
            .assessment
            .period_cumulative
            .map(|x| (x * 100.0).round() / 100.0),
        14.31,
    );
    close(
        energy
            .assessment
            .period_cumulative_quota
            .map(|x| (x * 100.0).round() / 100.0),
        14.22,
    );
    let pollutants = indicator(&ev, "pollutant_reduction");
    close(
        pollutants
            .assessment
            .period_cumulative
            .map(|x| (x * 10.0).round() / 10.0),
        10.9,
    );
    close(
        pollutants
            .assessment
            .period_cumulative_quota
            .map(|x| (x * 10.0).round() / 10.0),
        9.6,
    );
    // A quota on a level (a share of good days) does not add up.
    let air = indicator(&ev, "air_quality");
    assert_eq!(air.assessment.period_cumulative, None);

    // A five-year quota in tonnes: the sum, which the report compares with 1500吨.
    let ev = fixture("national15", 2030);
    let reduction = indicator(&ev, "pollutant_reduction");
    close(reduction.assessment.period_cumulative, 1480.0);
    close(reduction.assessment.cumulative, 1480.0);
}

// ---- doubled words (R11) and a rate within its 左右 ----

#[test]
fn a_reference_named_by_its_growth_is_not_followed_by_growth_again() {
    let ev = fixture("national15", 2028);
    let productivity = indicator(&ev, "productivity");
    assert!(
        productivity
            .assessment
            .reason
            .starts_with("2026—2028年年均增长5.4%，同期地区生产总值年均增长5.5%，"),
        "{}",
        productivity.assessment.reason
    );
    // Short of 6% but within its 左右: said so, beside the bound.
    let ev = fixture("national15", 2026);
    assert!(
        indicator(&ev, "retail_sales")
            .assessment
            .reason
            .starts_with(
                "2026年增长5.6%，低于目标0.4个百分点，在目标范围内（6%左右即不低于5.5%）；"
            )
    );
}
