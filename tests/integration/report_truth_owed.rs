//! What is owed, said alike everywhere (session 10): the report's list of the unreported,
//! the rules' grouped 未报送 measure and the indicator's paragraph name every year a unit
//! owes (B10); a 左右 ceiling without its tolerance is no 上限 in the rules' words either
//! (B24). Figures computed by hand in the comments.

use std::fs;
use std::path::Path;

use crate::common;
use crate::report_truth::{markdown_of, paragraph, walk15_at};

/// walk15 as evaluated in `year`, with the init workspace's rules (the rules a new county
/// starts from) in place of the fixture's own copy.
fn walk15_with_init_rules(year: i32, edit: impl Fn(&str) -> bool) -> tempfile::TempDir {
    let dir = walk15_at(year, edit);
    let rules = common::root().join("src/run/init/countermeasures.yaml");
    fs::copy(rules, dir.path().join("countermeasures.yaml")).unwrap();
    dir
}

/// Replaces `from` by `to` in the file `name` of `dir`, which must hold it.
fn edit(dir: &Path, name: &str, from: &str, to: &str) {
    let path = dir.join(name);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{name}: {from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The measure of part 七 (六 in a final) on `name`: its line.
fn measure<'a>(md: &'a str, name: &str) -> &'a str {
    md.lines()
        .find(|l| l.contains(&format!("\\.**{name}**。")))
        .unwrap_or_else(|| panic!("no measure on {name}: {md}"))
}

/// B10: the mid-term (2028) of a plan whose 粮食综合生产能力 has a 2026 figure only names
/// 2027 and 2028 in the paragraph, in the list of the unreported and in the rules' measure.
#[test]
fn the_midterm_names_every_missing_year_of_a_figure_owed() {
    // grain_capacity: 2026 31.0, no 2027 or 2028 row in walk15.
    let dir = walk15_with_init_rules(2028, |_| true);
    let (_, md) = markdown_of(dir.path(), 2028);
    let p = paragraph(&md, "粮食综合生产能力");
    assert!(p.contains("2027年、2028年数据缺失，采用2026年数据"), "{p}");
    assert!(
        md.contains("县农业农村局未报送“粮食综合生产能力”2027年、2028年数据；"),
        "{md}"
    );
    assert!(
        md.contains("县农业农村局未按时报送“粮食综合生产能力”2027年、2028年数据。"),
        "{md}"
    );
    assert!(!md.contains("“粮食综合生产能力”2028年数据"), "{md}");
    // The annual 2027: only 2027 is owed (with the task 稳定粮食生产, unreported in 2027).
    let dir = walk15_with_init_rules(2027, |_| true);
    let (_, md) = markdown_of(dir.path(), 2027);
    let owed = "“粮食综合生产能力”2027年数据和“稳定粮食生产”2027年度进展情况";
    assert!(md.contains(&format!("县农业农村局未报送{owed}；")), "{md}");
    assert!(
        md.contains(&format!("县农业农村局未按时报送{owed}。")),
        "{md}"
    );
}

/// B10: two figures of one unit owed for different years are named each with its own
/// years; in the final the rules' 总结评估 branch names them too.
#[test]
fn figures_owed_for_different_years_are_named_each_with_its_years() {
    // grain_capacity has rows for 2026, 2029 and 2030; without the last two its latest figure
    // is 2026's and 2027—2030 are owed. grain_area (same unit) without its 2030 row owes 2030.
    let dir = walk15_with_init_rules(2030, |l| {
        !l.starts_with("2030,grain_area,")
            && !l.starts_with("2029,grain_capacity,")
            && !l.starts_with("2030,grain_capacity,")
    });
    let (_, md) = markdown_of(dir.path(), 2030);
    let owed = "“粮食综合生产能力”2027年、2028年、2029年、2030年数据，“粮食播种面积”2030年数据";
    assert!(md.contains(&format!("县农业农村局未报送{owed}；")), "{md}");
    assert!(
        md.contains(&format!("县农业农村局未按时报送{owed}。")),
        "{md}"
    );
}

/// B24: 3%左右 without its tolerance: a CPI of 3.2 is above the target judged at 3, but the
/// rule's sentence calls it no 上限; with tolerance 0.5 a CPI of 3.6 is above the 上限 3.5.
#[test]
fn a_left_out_tolerance_is_no_limit_in_the_rules_words() {
    let tolerance = "    tolerance: 0.5               # “控制在3%左右”按不高于3.5%评价\n";
    let dir = walk15_with_init_rules(2026, |_| true);
    edit(dir.path(), "plan.yaml", tolerance, "");
    edit(dir.path(), "readings.csv", "2026,cpi,0.8,", "2026,cpi,3.2,");
    let (_, md) = markdown_of(dir.path(), 2026);
    let measures = measure(&md, "居民消费价格涨幅");
    assert!(
        measures.contains("居民消费价格涨幅2026年为3.2%，高于3%左右的目标。"),
        "{measures}"
    );
    assert!(!measures.contains("上限"), "{measures}");
    // With its tolerance 0.5: 3.6 > 3 + 0.5, above the limit as before.
    let dir = walk15_with_init_rules(2026, |_| true);
    edit(dir.path(), "readings.csv", "2026,cpi,0.8,", "2026,cpi,3.6,");
    let (_, md) = markdown_of(dir.path(), 2026);
    let measures = measure(&md, "居民消费价格涨幅");
    assert!(
        measures.contains("居民消费价格涨幅2026年为3.6%，高于目标上限。"),
        "{measures}"
    );
}

/// B24: in the final, an earlier year above 3%左右 without tolerance (2028: 3.8) is named
/// as above the target, not above a 上限; with tolerance 0.5, 3.8 > 3.5 is above the 上限.
#[test]
fn a_year_above_a_left_out_tolerance_is_no_limit_in_the_final() {
    let tolerance = "    tolerance: 0.5               # “控制在3%左右”按不高于3.5%评价\n";
    let dir = walk15_with_init_rules(2030, |_| true);
    edit(dir.path(), "plan.yaml", tolerance, "");
    let (_, md) = markdown_of(dir.path(), 2030);
    let measures = measure(&md, "居民消费价格涨幅");
    assert!(
        measures.contains("居民消费价格涨幅规划期内2028年高于3%左右的目标。"),
        "{measures}"
    );
    let dir = walk15_with_init_rules(2030, |_| true);
    let (_, md) = markdown_of(dir.path(), 2030);
    let measures = measure(&md, "居民消费价格涨幅");
    assert!(
        measures.contains("居民消费价格涨幅规划期内2028年高于目标上限。"),
        "{measures}"
    );
}

/// The units the list of the unreported (五) names, in its order.
fn units_named(md: &str) -> Vec<String> {
    let Some(part) = md.split("监测报送机制有待健全").nth(1) else {
        return Vec::new();
    };
    // The part's one paragraph: "…未报送…；…数据缺失；规划实施监测的及时性和完整性有待提高。"
    let line = part.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.split('；')
        .filter_map(|s| s.split_once("未报送").map(|(unit, _)| unit.to_string()))
        .filter(|u| !u.is_empty())
        .collect()
}

/// The method paragraph's 报齐 / 报送不全 / 未报送 and the report's list of the unreported
/// read one list (evaluate::owed::returns): with a figure published late owed by the year's
/// form (人均预期寿命 2027, 县卫健委) and a benchmark missing (全省 2028, the evaluator's),
/// both name the same units — neither the late figure's unit nor the evaluator.
#[test]
fn the_method_and_the_list_of_the_unreported_agree() {
    let dir = walk15_with_init_rules(2028, |l| {
        !l.starts_with("2027,life_expectancy,") && !l.starts_with("2028,rural_income_province,")
    });
    let (ev, md) = markdown_of(dir.path(), 2028);
    let m = &ev.method;
    let short: Vec<String> = m
        .units_partial
        .iter()
        .chain(&m.units_missing)
        .cloned()
        .collect();
    // 2028: 县农业农村局 lacks 粮食综合生产能力 (2027, 2028) and nothing else is missing.
    assert_eq!(short, vec!["县农业农村局".to_string()]);
    let named: Vec<String> = units_named(&md)
        .into_iter()
        .map(|u| u.replace("我局", "县发改局"))
        .collect();
    assert_eq!(named, short, "{md}");
    // Every unit with a return due is in one of the three lists, once.
    let mut all: Vec<&String> = m
        .units_complete
        .iter()
        .chain(&m.units_partial)
        .chain(&m.units_missing)
        .collect();
    all.sort();
    let mut due: Vec<&String> = m.units_due.iter().collect();
    due.sort();
    assert_eq!(all, due);
    assert!(m.units_complete.contains(&"县发改局".to_string()), "{m:?}");
    // The forms' 报送情况 table, a chase list, still asks for both.
    let data = plan_eval::input::dataset::load(dir.path()).unwrap();
    let status = plan_eval::forms::status::of(&data, 2028);
    let late: Vec<&str> = status
        .iter()
        .flat_map(|s| s.missing_late.iter().map(|(id, _)| id.as_str()))
        .collect();
    assert_eq!(late, vec!["life_expectancy"]);
    let benchmarks: Vec<&str> = status
        .iter()
        .flat_map(|s| s.missing_benchmarks.iter().map(|(id, _)| id.as_str()))
        .collect();
    assert_eq!(benchmarks, vec!["rural_income_province"]);
    // 森林覆盖率 measured every two years (2028's note says so), 2029 an off year: 县林业局,
    // which leads nothing else, owes nothing in 2029 — neither list names it.
    let dir = walk15_with_init_rules(2029, |l| {
        !l.starts_with("2029,forest_coverage,") && !l.starts_with("2027,forest_coverage,")
    });
    edit(
        dir.path(),
        "readings.csv",
        "2028,forest_coverage,68.8,,,,,,",
        "2028,forest_coverage,68.8,,,,,每两年测算一次,",
    );
    let (ev, md) = markdown_of(dir.path(), 2029);
    let m = &ev.method;
    assert!(!m.units_due.contains(&"县林业局".to_string()), "{m:?}");
    let short: Vec<String> = m
        .units_partial
        .iter()
        .chain(&m.units_missing)
        .cloned()
        .collect();
    assert_eq!(units_named(&md), short, "{md}");
    // Nor does the forms' 报送情况 table ask 县林业局 for it.
    let data = plan_eval::input::dataset::load(dir.path()).unwrap();
    let forestry = plan_eval::forms::status::of(&data, 2029)
        .into_iter()
        .find(|s| s.name == "县林业局");
    assert!(
        forestry
            .as_ref()
            .is_none_or(|s| s.missing_indicators.is_empty()),
        "{forestry:?}"
    );
}
