//! The genre's data on a test workspace (`tests/fixtures/plans/genre`): major
//! projects, averages and ranks, units' experiences and problems, and the
//! evaluation's method — read, checked with exact Chinese messages naming
//! file, line and field, and evaluated to hand-computed figures. The
//! sentences the draft macros make of them are tested beside the context
//! builder (`src/report/genre_data/tests.rs`).

use std::fs;
use std::path::Path;

use crate::common::forms::{edit, openpyxl};
use crate::common::{assert_success, copy_dir, plan_eval, plan_fixture, temp_dir};
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

/// Fills the 重大项目 sheets and the 任务 sheets' 经验 and 问题 cells of every form
/// in `forms` with `year`'s rows of the fixture's tables (openpyxl, rows found by
/// their id, columns by their headers, as a person would), saving them in `out`.
fn fill_projects(forms: &Path, fixture: &Path, year: i32, out: &Path) {
    let script = r##"
import csv, os, sys, openpyxl
forms, fixture, year, out = sys.argv[1:5]
def table(name):
    with open(os.path.join(fixture, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(l for l in f if not l.startswith("#")))[1:]
projects = {r[1]: r for r in table("project_progress.csv") if r[0] == year}
names = {"县城污水管网改造工程": "P2"}
projects = {names.get(k, k): v for k, v in projects.items()}
tasks = {r[1]: r for r in table("task_progress.csv") if r[0] == year}
os.makedirs(out, exist_ok=True)
for name in sorted(os.listdir(forms)):
    book = openpyxl.load_workbook(os.path.join(forms, name))
    if "重大项目" in book.sheetnames:
        sheet = book["重大项目"]
        headers = [c.value for c in sheet[1]]
        for row in range(2, sheet.max_row + 1):
            found = projects.get(sheet.cell(row, 1).value)
            if not found:
                continue
            sheet.cell(row, headers.index(year + "年进展状态") + 1).value = found[2]
            if found[3]:
                sheet.cell(row, headers.index(year + "年完成投资（亿元）") + 1).value = float(found[3])
            if found[4]:
                sheet.cell(row, headers.index("原因及说明") + 1).value = found[4]
    sheet = book["任务"]
    headers = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        found = tasks.get(sheet.cell(row, 1).value)
        if not found or sheet.cell(row, 4).value != "牵头":
            continue
        sheet.cell(row, headers.index(year + "年进展状态") + 1).value = found[2]
        sheet.cell(row, headers.index(year + "年进展情况") + 1).value = found[3]
        for header, value in (("主要做法和经验", found[4]), ("存在问题及原因", found[5])):
            if value.strip():
                sheet.cell(row, headers.index(header) + 1).value = value
    book.save(os.path.join(out, name))
"##;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(forms)
        .arg(fixture)
        .arg(year.to_string())
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

fn collect(ws: &Path, dir: &str, extra: &[&str]) -> std::process::Output {
    let mut files: Vec<String> = fs::read_dir(ws.join(dir))
        .unwrap()
        .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    let mut args: Vec<&str> = vec!["collect"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--year", "2026", "--data", "data"]);
    args.extend(extra);
    plan_eval(&args, ws)
}

#[test]
fn projects_and_units_words_go_through_the_forms() {
    if !openpyxl() {
        return;
    }
    let ws = temp_dir();
    let data = ws.path().join("data");
    copy_dir(&plan_fixture("genre"), &data);
    // The data folder without what the units will return: the 2026 project rows,
    // and the 2026 tasks (their experience and problems with them).
    for name in ["project_progress.csv", "task_progress.csv"] {
        let text = fs::read_to_string(data.join(name)).unwrap();
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("2026,"))
            .collect();
        fs::write(data.join(name), kept).unwrap();
    }
    let out = plan_eval(
        &[
            "forms", "--year", "2026", "--data", "data", "--out", "forms",
        ],
        ws.path(),
    );
    assert_success(&out);
    fill_projects(
        &ws.path().join("forms"),
        &plan_fixture("genre"),
        2026,
        &ws.path().join("filled"),
    );
    // The status table counts the projects each unit owes.
    let out = collect(ws.path(), "filled", &[]);
    assert_success(&out);
    let table = fs::read_to_string(data.join("报送情况-2026.csv")).unwrap();
    assert!(
        table.starts_with("\u{FEFF}序号,单位,应报指标,已报指标,应报任务,已报任务,应报项目,已报项目,尚缺项数,尚缺内容"),
        "{table}"
    );
    assert!(
        table.contains("县林业局,1,1,1,0,1,0,2,任务：T2-3 开展国土绿化和森林质量提升；重大项目：P5 县林下经济示范基地"),
        "{table}"
    );
    let merged = fs::read_to_string(data.join("project_progress.csv")).unwrap();
    // The returned rows go after the header, before the later years' rows, in the order of the returns read.
    assert!(
        merged.contains(
            "原因及说明\n2026,P1,按计划推进,3.2,\n2026,P3,按计划推进,,\n2026,P2,进度滞后,1.2,管网改造涉及老城区道路开挖，施工许可办理滞后\n2026,P4,未开工,,计划2027年开工\n2027,P1,"
        ),
        "{merged}"
    );
    // What the units returned evaluates as the fixture does: projects, experience, problems.
    let ours = evaluated(&data, 2026);
    let fixture = evaluated(&plan_fixture("genre"), 2026);
    let view = |ev: &Evaluation| {
        (
            ev.projects
                .iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        p.status_label,
                        p.invested_to_date,
                        p.note.clone(),
                    )
                })
                .collect::<Vec<_>>(),
            ev.voices.experiences.clone(),
            ev.voices.problems.clone(),
            ev.sections
                .iter()
                .flat_map(|s| s.tasks.iter().map(|t| (t.status, t.summary.clone())))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(view(&ours), view(&fixture));
}

#[test]
fn a_bad_project_cell_in_a_return_is_named_and_nothing_is_written() {
    if !openpyxl() {
        return;
    }
    let ws = temp_dir();
    let data = ws.path().join("data");
    copy_dir(&plan_fixture("genre"), &data);
    let text = fs::read_to_string(data.join("project_progress.csv")).unwrap();
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("2026,"))
        .collect();
    fs::write(data.join("project_progress.csv"), kept).unwrap();
    let out = plan_eval(
        &[
            "forms", "--year", "2026", "--data", "data", "--out", "forms",
        ],
        ws.path(),
    );
    assert_success(&out);
    let form = "2026年度规划实施情况填报表-青岚县发展和改革局.xlsx";
    fs::create_dir_all(ws.path().join("bad")).unwrap();
    edit(
        &ws.path().join("forms").join(form),
        &ws.path().join("bad").join(form),
        &[
            "重大项目!E2=s:快完了",
            "重大项目!E3=s:按计划推进",
            "重大项目!F3=n:-1.5",
        ],
    );
    let before = fs::read(data.join("project_progress.csv")).unwrap();
    let out = collect(ws.path(), "bad", &[]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    for expected in [
        ":2: 重大项目!E2（2026年进展状态）: 项目“P2”（县城污水管网改造工程）的进展状态“快完了”无法识别，应为：已竣工、按计划推进、进度滞后、未开工、已调整",
        ":3: 重大项目!F3（2026年完成投资（亿元））: 项目“P4”（青岚至峰城快速路）的当年完成投资 -1.5 为负数，应为不小于 0 的金额（亿元）",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
    assert_eq!(fs::read(data.join("project_progress.csv")).unwrap(), before);
}

#[test]
fn averages_and_ranks_return_through_the_indicator_sheet() {
    if !openpyxl() {
        return;
    }
    let ws = temp_dir();
    let data = ws.path().join("data");
    copy_dir(&plan_fixture("genre"), &data);
    // The 2026 gdp row is what the unit will return, its averages and rank with it.
    replace(
        &data,
        "readings.csv",
        "2026,gdp,7.2,,青岚县2026年国民经济和社会发展统计公报,按可比价格计算,5.9,6.4,2,全市\n",
        "",
    );
    let out = plan_eval(
        &[
            "forms", "--year", "2026", "--data", "data", "--out", "forms",
        ],
        ws.path(),
    );
    assert_success(&out);
    let form = "2026年度规划实施情况填报表-青岚县发展和改革局.xlsx";
    fs::create_dir_all(ws.path().join("filled")).unwrap();
    // The 指标 sheet of 县发改局: gdp is its second row (energy_intensity first);
    // columns: 4 fixed, 2025 for reference (E), then 2026 value (F) … note (I), averages J, K, rank L.
    let edits = [
        "指标!F3=n:7.2",
        "指标!H3=s:青岚县2026年国民经济和社会发展统计公报",
        "指标!J3=n:5.9",
        "指标!K3=n:6.4",
        "指标!L3=s:全市第2位",
    ];
    edit(
        &ws.path().join("forms").join(form),
        &ws.path().join("filled").join(form),
        &edits,
    );
    let out = collect(ws.path(), "filled", &[]);
    assert_success(&out);
    let merged = fs::read_to_string(data.join("readings.csv")).unwrap();
    assert!(
        merged
            .contains("2026,gdp,7.2,,青岚县2026年国民经济和社会发展统计公报,,5.9,6.4,全市第2位,\n"),
        "{merged}"
    );
    let ev = evaluated(&data, 2026);
    let gdp = ev.indicators.iter().find(|i| i.id == "gdp").unwrap();
    let standing = gdp.standing.as_ref().unwrap();
    // 7.2 − 5.9 = 1.3 and 7.2 − 6.4 = 0.8 个百分点 above; 居全市第2位.
    assert_eq!(
        standing
            .comparisons
            .iter()
            .map(|c| (c.scope, c.difference, c.unit.as_str()))
            .collect::<Vec<_>>(),
        [("全省", 1.3, "个百分点"), ("全市", 0.8, "个百分点")]
    );
    let rank = standing.rank.as_ref().unwrap();
    assert_eq!((rank.group.as_str(), rank.position), ("全市", 2));
    // A rank the reader cannot read is refused at its cell, and nothing is written.
    let bad = ws.path().join("bad");
    fs::create_dir_all(&bad).unwrap();
    edit(
        &ws.path().join("forms").join(form),
        &bad.join(form),
        &["指标!F3=n:7.2", "指标!L3=s:靠前"],
    );
    let before = fs::read(data.join("readings.csv")).unwrap();
    let out = collect(ws.path(), "bad", &["--replace"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(":3: 指标!L3（位次（选填，如“全市第2位”））: 指标“gdp”（地区生产总值）的位次“靠前”无法识别：填写名次数字（如 2），或“全市第2位”"),
        "{err}"
    );
    assert_eq!(fs::read(data.join("readings.csv")).unwrap(), before);
}
