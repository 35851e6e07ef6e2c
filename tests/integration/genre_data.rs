//! The genre's data on a test workspace (`tests/fixtures/plans/genre`): major
//! projects, averages and ranks, units' experiences and problems, and the
//! evaluation's method — read, checked with exact Chinese messages naming
//! file, line and field, and evaluated to hand-computed figures. The
//! sentences the draft macros make of them are tested beside the context
//! builder (`src/report/genre_data/tests.rs`).

use std::fs;
use std::path::Path;

use crate::common::{copy_dir, plan_fixture, temp_dir};
use plan_eval::evaluate::Evaluation;
use plan_eval::input::projects::ProjectStatus;
use plan_eval::run::pipeline::load_and_evaluate;

fn workspace(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = temp_dir();
    copy_dir(&plan_fixture("genre"), dir.path());
    edit(dir.path());
    dir
}

fn evaluated(dir: &Path, year: i32) -> Evaluation {
    load_and_evaluate(dir, year, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

fn error_of(dir: &Path) -> String {
    let err = load_and_evaluate(dir, 2026, None).expect_err("bad input must fail");
    err.to_string()
        .replace(&format!("{}/", dir.display()), "data/")
}

fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn projects_are_evaluated_from_their_units_reports() {
    let dir = workspace(|_| {});
    let ev = evaluated(dir.path(), 2027);
    let status: Vec<(&str, &str)> = ev
        .projects
        .iter()
        .map(|p| (p.id.as_str(), p.status_label))
        .collect();
    assert_eq!(
        status,
        [
            ("P1", "进度滞后"),
            ("P2", "已竣工"),
            ("P3", "按计划推进"),
            ("P4", "未开工"),
            ("P5", "未报送"),
        ]
    );
    let s = &ev.project_summary;
    // On track: P2 (竣工) and P3; late: P1 (进度滞后) and P4 (未开工 in its start year 2027).
    assert_eq!(
        (s.total, s.on_track, s.completed, s.not_reported),
        (5, 2, 1, 1)
    );
    assert_eq!(s.delayed_ids, ["P1", "P4"]);
    // 3.2 + 2.5 + 1.2 + 2.8 + 2.0 = 11.7; the plans to 2027 are 3 + 4 + 2 + 3 = 12.
    assert!((s.invested_to_date - 11.7).abs() < 1e-9);
    assert_eq!(s.planned_to_date, Some(12.0));
    let p1 = &ev.projects[0];
    assert_eq!(p1.note, "征地拆迁推进缓慢");
    assert_eq!(p1.status, Some(ProjectStatus::Delayed));
    // A project completed in 2027 is still 已竣工 in 2028 without a new row, from its unit's report.
    let later = evaluated(dir.path(), 2028);
    assert_eq!(later.projects[1].completed_in, Some(2027));
    assert_eq!(later.projects[1].status_label, "已竣工");
    assert_eq!(later.projects[0].status_label, "未报送");
}

#[test]
fn a_plan_without_projects_evaluates_as_before() {
    let ev = evaluated(&plan_fixture("fifteenth"), 2026);
    assert!(ev.projects.is_empty());
    assert_eq!(ev.project_summary.total, 0);
    assert!(ev.voices.experiences.is_empty() && ev.voices.problems.is_empty());
    assert!(ev.indicators.iter().all(|i| i.standing.is_none()));
}

#[test]
fn bad_project_rows_are_named_by_file_line_and_field() {
    let dir = workspace(|d| {
        let f = "project_progress.csv";
        replace(d, f, "2026,P1,按计划推进,3.2,", "2026,P9,按计划推进,3.2,");
        replace(d, f, "2026,P3,按计划推进,,", "2026,P3,快要完工,,");
        replace(d, f, "2027,P3,按计划推进,2.0,", "2027,P3,按计划推进,-2.0,");
        replace(d, f, "2027,P2,已竣工,2.8,", "2027,P4,已竣工,2.8,");
    });
    let msg = error_of(dir.path());
    for expected in [
        "data/project_progress.csv:3: 项目: 规划中没有编号或名称为“P9”的重大项目（projects）",
        "data/project_progress.csv:5: 进展状态: 项目“P3”的进展状态“快要完工”无法识别，应为：已竣工、按计划推进、进度滞后、未开工、已调整",
        "data/project_progress.csv:9: 当年完成投资: 项目“P3”的当年完成投资 -2 为负数，应为不小于 0 的金额（亿元）",
        "data/project_progress.csv:10: 项目: 2027 年项目“P4”重复填报（第 8 行已有）",
    ] {
        assert!(msg.contains(expected), "{expected}\n---\n{msg}");
    }
    assert!(msg.contains("共发现 4 处错误"), "{msg}");
}

#[test]
fn bad_projects_in_the_plan_are_named_by_line_and_field() {
    let dir = workspace(|d| {
        replace(
            d,
            "plan.yaml",
            "    unit: 县农业农村局\n    area: 经济发展\n    investment: 12",
            "    unit: 县农委\n    area: 经济发展\n    investment: 12",
        );
        replace(
            d,
            "plan.yaml",
            "    investment: 5\n",
            "    investment: -5\n",
        );
        replace(
            d,
            "plan.yaml",
            "    investment: 8\n    start: 2026\n    completion: 2029",
            "    investment: 8\n    start: 2026\n    completion: 2024",
        );
    });
    let msg = error_of(dir.path());
    let text = fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for expected in [
        format!(
            "data/plan.yaml:{}: unit: 项目“P1”的牵头单位“县农委”不在单位清单（units）中",
            line("unit: 县农委")
        ),
        format!(
            "data/plan.yaml:{}: investment: 项目“P2”的总投资 -5 亿元为负数，应为不小于 0 的金额（亿元）",
            line("investment: -5")
        ),
        format!(
            "data/plan.yaml:{}: completion: 项目“P3”的计划建成年份 2024 早于开工年份 2026",
            line("completion: 2024")
        ),
    ] {
        assert!(msg.contains(&expected), "{expected}\n---\n{msg}");
    }
}

#[test]
fn a_bad_average_or_rank_is_named_by_its_cell() {
    let dir = workspace(|d| {
        replace(d, "readings.csv", ",5.9,6.4,2,全市", ",5.9,约6,2,全市");
        replace(d, "readings.csv", "全省县（市、区）第45位", "靠前");
    });
    let msg = error_of(dir.path());
    assert!(
        msg.contains("data/readings.csv:13: 全市平均: 指标“gdp”的全市平均“约6”不是数字"),
        "{msg}"
    );
    assert!(
        msg.contains("data/readings.csv:15: 位次: 指标“rural_income”的位次“靠前”无法识别：填写名次数字（如 2），或“全市第2位”"),
        "{msg}"
    );
}
