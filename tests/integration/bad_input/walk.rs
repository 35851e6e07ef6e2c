//! Findings of a walkthrough of the input side: a check that asked for figures that cannot
//! exist yet, and a YAML indentation slip told half in English as a file cut short.

use std::fs;
use std::path::Path;

use crate::common::{assert_success, plan_eval, temp_dir};

/// The lines of `plan-eval check --data ws --year YEAR` (run in `dir`) that name `needle`.
fn check_lines(dir: &Path, year: &str, needle: &str) -> Vec<String> {
    let out = plan_eval(&["check", "--data", "ws", "--year", year], dir);
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    text.lines()
        .filter(|l| l.contains(needle))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_figure_published_the_next_year_is_not_asked_for_in_the_first_year() {
    // The new workspace's plan (2026–2030) has 人均预期寿命 `published_late: true`; no data yet.
    let tmp = temp_dir();
    assert_success(&plan_eval(&["init", "ws"], tmp.path()));
    assert_eq!(
        check_lines(tmp.path(), "2026", "指标“life_expectancy”"),
        [
            "警告：ws/readings.csv: 指标: 指标“life_expectancy”（人均预期寿命）数据次年发布，2026 年数据尚未发布，报告中注明"
        ]
    );
    // An indicator published in its year is still owed.
    assert_eq!(
        check_lines(tmp.path(), "2026", "“gdp”"),
        [
            "警告：ws/readings.csv: 指标: 指标“gdp”（地区生产总值增长）截至 2026 年没有任何数据；报告中将列为“数据暂缺”，请补充数据"
        ]
    );
    // A year later the 2026 figure is out, and owed.
    assert_eq!(
        check_lines(tmp.path(), "2027", "指标“life_expectancy”"),
        [
            "警告：ws/readings.csv: 指标: 指标“life_expectancy”（人均预期寿命）截至 2027 年没有任何数据；报告中将列为“数据暂缺”，请补充数据"
        ]
    );
    fs::remove_dir_all(tmp.path().join("ws")).unwrap();
}

#[test]
fn a_line_indented_out_of_step_is_named_not_blamed_on_a_file_cut_short() {
    // One stray line, three spaces in, under an indicator's `- id:` (the walkthrough's e2).
    let dir = temp_dir();
    crate::common::copy_data(dir.path());
    let plan = dir.path().join("plan.yaml");
    let text = fs::read_to_string(&plan).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == "  - id: gdp").unwrap();
    let nth = lines[..at]
        .iter()
        .skip_while(|l| **l != "indicators:")
        .filter(|l| l.starts_with("  - id: "))
        .count();
    let edited = text.replacen("  - id: gdp\n", "  - id: gdp\n   name2: x\n", 1);
    fs::write(&plan, edited).unwrap();
    let out = plan_eval(
        &[
            "check",
            "--data",
            dir.path().to_str().unwrap(),
            "--year",
            "2024",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (item, stray) = (at + 1, at + 2);
    assert_eq!(
        stdout.replace(&format!("{}/", dir.path().display()), "data/"),
        format!(
            "错误：data/plan.yaml:{stray}: YAML 格式错误：第 {stray} 行的缩进与上下行不一致（同一层应对齐）：indicators 第 {} 项（第 {item} 行起）因此读不到必填项“name”\n检查未通过（2024 年度）：共发现 1 处错误。\n",
            nth + 1
        )
    );
}
