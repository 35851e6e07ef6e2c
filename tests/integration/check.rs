//! The catalogue of bad inputs: every fixture under
//! `tests/fixtures/inputs/cases/` is applied to a clean workspace and the
//! exact output of `plan-eval check` is compared with its `expected.txt`.
//!
//! A case folder holds files that replace the workspace's, `edits.txt`
//! (`file: from => to` per line, `\n` for a line break, `from` found exactly
//! once), `remove.txt` (files to delete), `year.txt` (the year to check) and
//! `expected.txt`. `UPDATE_EXPECTED=1 cargo test --test integration check::`
//! rewrites the expectations that differ and names each file it rewrote on
//! stderr; review the diff before committing.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{copy_dir, plan_eval};
use crate::inputs_support::{check_output, edit, fixtures, workspace};

const SPECIAL: [&str; 4] = ["edits.txt", "remove.txt", "year.txt", "expected.txt"];

fn apply(case: &Path, data: &Path) -> Option<i32> {
    for entry in fs::read_dir(case).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if SPECIAL.contains(&name.as_str()) {
            continue;
        }
        if path.is_dir() {
            let target = data.join(&name);
            let _ = fs::remove_file(&target);
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, data.join(&name)).unwrap();
        }
    }
    if let Ok(edits) = fs::read_to_string(case.join("edits.txt")) {
        for line in edits
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let (file, change) = line.split_once(": ").expect("file: from => to");
            let (from, to) = change.split_once(" =>").expect("from => to");
            let unescape = |s: &str| s.trim_start_matches(' ').replace("\\n", "\n");
            edit(&data.join(file), &unescape(from), &unescape(to));
        }
    }
    if let Ok(names) = fs::read_to_string(case.join("remove.txt")) {
        for name in names.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(data.join(name.trim())).unwrap();
        }
    }
    fs::read_to_string(case.join("year.txt"))
        .ok()
        .map(|y| y.trim().parse().expect("year.txt holds a year"))
}

#[test]
fn the_clean_workspace_passes() {
    let ws = workspace();
    assert_eq!(
        check_output(ws.path(), Some(2024)),
        "检查通过（2024 年度）：未发现错误或警告。\n"
    );
    assert_eq!(
        check_output(ws.path(), None),
        "检查通过（2024 年度）：未发现错误或警告。\n"
    );
}

/// A line on stderr for whoever runs `UPDATE_EXPECTED=1`. Written to the
/// stream itself: the test harness holds back what `eprintln!` prints in a
/// passing test, unless run with `--nocapture`.
#[allow(clippy::explicit_write)]
fn report(line: &str) {
    use std::io::Write;
    writeln!(std::io::stderr(), "UPDATE_EXPECTED: {line}").unwrap();
}

#[test]
fn catalogue_of_bad_inputs() {
    let mut cases: Vec<_> = fs::read_dir(fixtures().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    let mut rewritten = 0;
    for case in &cases {
        let ws = workspace();
        let year = apply(case, &ws.path().join("data"));
        let got = check_output(ws.path(), year);
        let name = case.file_name().unwrap().to_string_lossy();
        assert!(
            !got.contains("未发现错误或警告"),
            "case {name} shows no problem:\n{got}"
        );
        let expected_path = case.join("expected.txt");
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if got == expected {
            continue;
        }
        if update {
            fs::write(&expected_path, &got).unwrap();
            report(&format!("rewrote {}", expected_path.display()));
            rewritten += 1;
        } else {
            failures.push(format!("--- {name}\nexpected:\n{expected}got:\n{got}"));
        }
    }
    if update {
        report(&format!(
            "{rewritten} of {} expectations rewritten",
            cases.len()
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every case of the catalogue that has an error stops `report` before it writes anything:
/// neither a draft folder nor an archive version. A draft's typst, started as soon as the plan
/// is loaded, is stopped with its temporary folder when the tables then fail.
#[test]
fn no_case_with_an_error_writes_a_report() {
    let mut cases: Vec<_> = fs::read_dir(fixtures().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut checked = 0;
    for case in &cases {
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap_or_default();
        if !expected.contains("错误：") {
            continue;
        }
        let ws = workspace();
        let year = apply(case, &ws.path().join("data"))
            .unwrap_or(2024)
            .to_string();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        for output in [["--out", "draft"], ["--archive", "archive"]] {
            let mut args = vec!["report", "--data", "data", "--year", &year];
            args.extend(output);
            let tmp = ws.path().join("tmp");
            fs::create_dir_all(&tmp).unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
                .args(&args)
                .current_dir(ws.path())
                .env("TMPDIR", &tmp)
                .output()
                .unwrap();
            let left: Vec<_> = fs::read_dir(&tmp)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            assert!(left.is_empty(), "{name}: report {output:?} left {left:?}");
            assert_eq!(
                processes_in(&tmp),
                Vec::<String>::new(),
                "{name}: report {output:?} left a process running"
            );
            assert_ne!(
                out.status.code(),
                Some(0),
                "{name}: report {output:?} succeeded"
            );
            // It stopped for the case's own error, not for anything else.
            let first = expected
                .lines()
                .find_map(|l| l.strip_prefix("错误："))
                .map(|l| l.rsplit_once(": ").map_or(l, |(_, message)| message))
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(first), "{name}: {stderr}");
            assert!(
                !ws.path().join(output[1]).exists(),
                "{name}: report {output:?} wrote {}",
                output[1]
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} cases with errors");
}

/// The processes (their command lines) whose working folder is `dir` or in it, as `/proc` shows
/// them (typst runs in its temporary folder).
fn processes_in(dir: &Path) -> Vec<String> {
    let dir = dir.to_string_lossy().into_owned();
    fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| {
            let proc = e.ok()?.path();
            let cwd = fs::read_link(proc.join("cwd")).ok()?;
            cwd.to_string_lossy()
                .starts_with(&dir)
                .then(|| fs::read_to_string(proc.join("cmdline")).unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_command_prints_everything_and_exits_1_on_error() {
    let ws = workspace();
    let data = ws.path().join("data");
    let run = || plan_eval(&["check", "--data", "data", "--year", "2024"], ws.path());
    let ok = run();
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(ok.stdout).unwrap(),
        "检查通过（2024 年度）：未发现错误或警告。\n"
    );
    edit(
        &data.join("readings.csv"),
        "2024,gdp,5.8,",
        "2024,gdp,五点八,",
    );
    edit(&data.join("task_progress.csv"), "2024,C1,", "2024,D9,");
    let bad = run();
    assert_eq!(bad.status.code(), Some(1));
    let line = |file: &str, needle: &str| {
        fs::read_to_string(data.join(file))
            .unwrap()
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    assert_eq!(
        String::from_utf8(bad.stdout).unwrap(),
        format!(
            "错误：data/readings.csv:{}: value: 指标“gdp”的数值“五点八”不是数字\n\
             错误：data/task_progress.csv:{}: task: 规划中没有编号或名称为“D9”的任务\n\
             警告：data/readings.csv:{}: year: 指标“gdp”（地区生产总值）最新数据为 2023 年，尚无 2024 年数据；报告将采用 2023 年数据并注明\n\
             警告：data/task_progress.csv: task: 任务“C1”（建设县域医共体）没有 2024 年进展情况，报告中将列为“未报送”\n\
             报送情况（2024 年度）：2 个牵头单位尚未报齐：\n  \
             县发改局：尚缺 1 项（指标 1 项）：指标：地区生产总值（gdp）\n  \
             县卫健局：尚缺 1 项（任务 1 项）：任务：C1 建设县域医共体\n\
             检查未通过（2024 年度）：共发现 2 处错误、2 处警告。\n",
            line("readings.csv", "五点八"),
            line("task_progress.csv", "2024,D9"),
            line("readings.csv", "2023,gdp,")
        )
    );
}

#[test]
fn report_refuses_and_writes_nothing_when_check_finds_an_error() {
    let ws = workspace();
    let data = ws.path().join("data");
    edit(
        &data.join("readings.csv"),
        "2024,beds,6.50,",
        "2024,beds,-6.50,",
    );
    let out = plan_eval(
        &[
            "report",
            "--data",
            "data",
            "--year",
            "2024",
            "--out",
            "draft",
            "--date",
            "2025-03-04",
        ],
        ws.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let line = fs::read_to_string(data.join("readings.csv"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("2024,beds,-6.50,"))
        .unwrap()
        + 1;
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "错误：data/readings.csv:{line}: value: 指标“beds”的数值“-6.50”超出合理范围：单位为“张”的数值不应小于 0，请核对；如确属实际，可在 plan.yaml 中为该指标设置 range\n共发现 1 处错误。\n"
        )
    );
    assert!(!ws.path().join("draft").exists());
}

#[test]
fn a_figure_behind_by_two_years_is_warned_of_with_both_years() {
    let ws = workspace();
    let readings = ws.path().join("data/readings.csv");
    let text = fs::read_to_string(&readings).unwrap();
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("2023,gdp,") && !l.starts_with("2024,gdp,"))
        .collect();
    fs::write(&readings, &kept).unwrap();
    let latest = kept
        .lines()
        .position(|l| l.starts_with("2022,gdp,"))
        .unwrap()
        + 1;
    let out = check_output(ws.path(), Some(2024));
    let warning = format!(
        "警告：data/readings.csv:{latest}: year: 指标“gdp”（地区生产总值）最新数据为 2022 年，尚无 2023、2024 年数据；报告将采用 2022 年数据并注明"
    );
    assert!(out.lines().any(|l| l == warning), "{out}");
}
