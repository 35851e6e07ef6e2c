//! The `evaluate` command: its JSON with the documented fields, its table, and a year outside
//! the plan.

use crate::common;
use crate::common::{assert_success, bundled, plan_eval};

#[test]
fn evaluate_prints_json_with_the_documented_fields() {
    let dir = common::temp_dir();
    let out = plan_eval(
        &[
            "evaluate",
            "--year",
            "2024",
            "--format",
            "json",
            "--data",
            bundled().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_success(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gdp = &json["indicators"][7];
    assert_eq!(gdp["id"], "gdp");
    assert_eq!(gdp["name"], "地区生产总值（GDP）");
    assert_eq!(gdp["category"], "预期性");
    assert_eq!(gdp["grade"], "滞后于预期");
    assert_eq!(gdp["grade_key"], "behind");
    assert_eq!(gdp["value"], 5.3);
    assert_eq!(gdp["expected"], 10.7);
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 33);
    assert_eq!(tasks[0]["id"], "T1-1");
    assert_eq!(tasks[0]["title"], "护好一库净水");
    assert_eq!(tasks[0]["status"], "序时推进");
}

#[test]
fn evaluate_table_and_a_year_outside_the_plan() {
    let dir = common::temp_dir();
    let out = plan_eval(
        &[
            "evaluate",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_success(&out);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("gdp                  地区生产总值（GDP）"),
        "{table}"
    );
    let bad = plan_eval(
        &[
            "evaluate",
            "--year",
            "2030",
            "--data",
            bundled().to_str().unwrap(),
        ],
        dir.path(),
    );
    // A year outside the plan is a command-line mistake.
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "错误：评估年度 2030 不在规划实施期 2021—2025 年内\n"
    );
}
