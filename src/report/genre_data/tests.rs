//! The context of the genre's data rendered through the draft macros of
//! `templates/parts.md`, on the test workspace `tests/fixtures/plans/genre`
//! (a fictitious county's 15th plan with projects, averages and units' texts).
//! Every expected figure is worked out by hand in the comments.

use std::path::Path;

use super::insert;
use crate::evaluate::{self, Evaluation};
use crate::input::dataset;
use crate::model::vocabulary::EvaluationKind;
use crate::plan::Plan;

fn evaluated(year: i32, kind: EvaluationKind) -> (Plan, Evaluation) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/genre");
    let data = dataset::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let ev = evaluate::evaluate(
        &data.plan,
        &data.readings,
        &data.progress,
        &data.rules,
        year,
        kind,
    );
    (data.plan, ev)
}

/// `call` (a macro call of `templates/parts.md`) rendered against the context.
fn render(plan: &Plan, ev: &Evaluation, call: &str) -> String {
    let mut tera = tera::Tera::default();
    let macros =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/parts.md"))
            .unwrap();
    tera.add_raw_templates(vec![
        ("parts.md", macros.as_str()),
        (
            "t.md",
            &format!("{{% import \"parts.md\" as g %}}{{{{ {call} }}}}"),
        ),
    ])
    .unwrap_or_else(|e| panic!("{}", crate::templating::tera_message(&e)));
    let mut ctx = tera::Context::new();
    insert(&mut ctx, ev, plan);
    tera.render("t.md", &ctx)
        .unwrap_or_else(|e| panic!("{}", crate::templating::tera_message(&e)))
}

#[test]
fn projects_of_the_first_year() {
    let (plan, ev) = evaluated(2026, EvaluationKind::Annual);
    // 2026: P1 按计划推进 3.2, P2 进度滞后 1.2, P3 按计划推进 (no investment),
    // P4 未开工 (starts 2027, so not late), P5 no row → 未报送.
    // Total 12 + 5 + 8 + 20 + 1.5 = 46.5; to date 3.2 + 1.2 = 4.4, 4.4 / 46.5 = 9.46% → 9.5%.
    // Yearly plans: P1 3 + P2 2 = 5 planned, 3.2 + 1.2 = 4.4 done, 4.4 / 5 = 88%.
    assert_eq!(
        // The summary, then the projects not on plan (a macro of their own: the problems cite them).
        render(
            &plan,
            &ev,
            "g::projects(p=projects) }}{{ g::delayed_projects(p=projects)"
        ),
        "规划确定的5项重大项目中，2项按计划推进，进度滞后1项，未开工1项，1项未报送2026年进展情况。各项目计划总投资46.5亿元，按各牵头单位报送，截至2026年累计完成投资4.4亿元（部分年度未报送完成投资，未计入）。列有分年度投资计划的2个项目，截至2026年计划投资5亿元，实际完成4.4亿元，为计划的88%。县城污水管网改造工程（县发改局牵头）进度滞后，据牵头单位反映，管网改造涉及老城区道路开挖，施工许可办理滞后。"
    );
    let p5 = ev.projects.iter().find(|p| p.id == "P5").unwrap();
    assert_eq!((p5.status, p5.status_label), (None, "未报送"));
}

#[test]
fn projects_of_the_second_year() {
    let (plan, ev) = evaluated(2027, EvaluationKind::Annual);
    // 2027: P1 进度滞后 (3.2 + 2.5 = 5.7), P2 已竣工 (1.2 + 2.8 = 4.0), P3 按计划推进
    // (2.0; 2026 not reported), P4 未开工 in its start year → late, P5 未报送.
    // To date 5.7 + 4.0 + 2.0 = 11.7, 11.7 / 46.5 = 25.16% → 25.2%.
    // Plans to 2027: P1 3 + 4 = 7, P2 2 + 3 = 5 → 12; done 5.7 + 4.0 = 9.7; 9.7 / 12 = 80.8%.
    assert_eq!(
        // The summary, then the projects not on plan (a macro of their own: the problems cite them).
        render(
            &plan,
            &ev,
            "g::projects(p=projects) }}{{ g::delayed_projects(p=projects)"
        ),
        "规划确定的5项重大项目中，1项已竣工，1项按计划推进，进度滞后1项，未开工1项，1项未报送2027年进展情况。各项目计划总投资46.5亿元，按各牵头单位报送，截至2027年累计完成投资11.7亿元（部分年度未报送完成投资，未计入）。列有分年度投资计划的2个项目，截至2027年计划投资12亿元，实际完成9.7亿元，为计划的80.8%。青岚县农产品加工园（县农业农村局牵头）进度滞后，据牵头单位反映，征地拆迁推进缓慢；青岚至峰城快速路（县发改局牵头）尚未开工，据牵头单位反映，前期审批手续尚未办结。"
    );
    let p3 = ev.projects.iter().find(|p| p.id == "P3").unwrap();
    assert_eq!(p3.investment_missing, vec![2026]);
}

#[test]
fn method_names_the_returns_and_the_cut_off() {
    let (plan, ev) = evaluated(2026, EvaluationKind::Annual);
    // Lead units of 2026: 县发改局 (all in), 县林业局 (T2-3 and P5 missing),
    // 县人社局 (all in), 县农业农村局 (all in), 县卫健局 (only life_expectancy, published
    // the following year: nothing due yet), 市生态环境局青岚分局 (only co2_intensity,
    // carbon accounting published the following year: nothing due). Cut-off: the forms'
    // default due day 01-31 of 2027.
    assert_eq!(
        render(&plan, &ev, "g::method(m=method, kind=\"annual\")"),
        "本次评估由县发改局牵头组织。5个牵头单位中，4个报齐了指标数据和工作进展，县林业局报送不全。\
         评估数据截至2027年1月31日，指标数据最新为2026年数据，主要来源于县统计局统计数据、各牵头单位报送材料。"
    );
    // A mid-term review before the third year is cut off on 30 June of the third year (2028).
    let (_, mid) = evaluated(2027, EvaluationKind::Midterm);
    assert_eq!(mid.method.data_cutoff.chinese(), "2028年6月30日");
}

#[test]
fn problems_and_experience_are_the_units_words() {
    let (plan, ev) = evaluated(2026, EvaluationKind::Annual);
    assert_eq!(
        render(
            &plan,
            &ev,
            "g::by_section(v=problems, own_says=\"经分析，\")"
        ),
        // 县发改局 is the evaluator: its own words are its analysis, not a report to itself.
        "一是在“推动产业转型升级，增强县域经济实力”方面，经分析，园区配套资金不足，标准化厂房招商进度慢于预期。节能诊断技术服务采购流程较长。\n\n\
         二是在“增进民生福祉，提高公共服务水平”方面，县卫健局反映：人员统一管理涉及编制调整，需县编办审核。"
    );
    assert_eq!(
        render(&plan, &ev, "g::by_section(v=experiences, says=\"：\")"),
        "一是在“推动产业转型升级，增强县域经济实力”方面，县农业农村局：坚持龙头带动，建立县级领导包联重点企业机制。\n\n\
         二是在“增进民生福祉，提高公共服务水平”方面，县人社局：以返乡创业园为载体，推动培训与就业精准对接。"
    );
}

#[test]
fn averages_and_ranks_are_cited_in_the_right_unit() {
    let (plan, ev) = evaluated(2026, EvaluationKind::Annual);
    // gdp 7.2 − 5.9 = 1.3 and 7.2 − 6.4 = 0.8 百分点 above; unemployment 5.1 − 5.3 = −0.2
    // (below, the better side of a ceiling); urbanization equal to the city's 56.9.
    assert_eq!(
        render(&plan, &ev, "g::benchmarks(b=benchmarks)"),
        "2026年，地区生产总值增长7.2%，高于全省平均水平1.3个百分点，高于全市平均水平0.8个百分点，居全市第2位；农村居民人均可支配收入增长3.9%，居全省县（市、区）第45位；常住人口城镇化率为56.9%，与全市平均水平持平；城镇调查失业率为5.1%，低于全省平均水平0.2个百分点。"
    );
    let unemployment = ev
        .indicators
        .iter()
        .find(|i| i.id == "unemployment")
        .unwrap();
    let c = &unemployment.standing.as_ref().unwrap().comparisons[0];
    assert_eq!(c.better, crate::evaluate::standing::Better::Ours);
}

#[test]
fn areas_count_the_indicators_of_each() {
    let (plan, ev) = evaluated(2026, EvaluationKind::Annual);
    let text = render(&plan, &ev, "g::areas(a=area_counts)");
    assert!(text.starts_with("绿色生态领域3项指标"), "{text}");
}

#[test]
fn a_plan_without_the_genre_data_adds_nothing_to_pad() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/fifteenth");
    let data = dataset::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let ev = evaluate::evaluate(
        &data.plan,
        &data.readings,
        &data.progress,
        &data.rules,
        2026,
        EvaluationKind::Annual,
    );
    let mut ctx = tera::Context::new();
    insert(&mut ctx, &ev, &data.plan);
    // Present (the templates' variables are checked against the context) but null.
    for key in ["projects", "experiences", "problems", "benchmarks"] {
        assert_eq!(ctx.get(key), Some(&tera::Value::Null), "{key}");
    }
    for call in [
        "g::projects(p=projects)",
        "g::delayed_projects(p=projects)",
        "g::by_section(v=problems)",
        "g::benchmarks(b=benchmarks)",
    ] {
        assert_eq!(render(&data.plan, &ev, call), "", "{call}");
    }
}
