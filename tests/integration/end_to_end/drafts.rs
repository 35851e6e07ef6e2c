//! What `report` writes: every output, a draft folder replaced whole by a second run, a folder
//! holding other files or a read-only one left as it was, and nothing at all from bad data.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common;
use crate::common::{assert_success, bundled, plan_eval};

#[test]
fn report_command_writes_all_outputs() {
    let dir = common::temp_dir();
    let out = plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        dir.path(),
    );
    assert_success(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("已生成 2024 年度评估报告草稿（未归档）："),
        "{stdout}"
    );
    for name in [
        "report.md",
        "report.typ",
        "report.pdf",
        "report.docx",
        "evaluation.json",
        "charts/progress.svg",
        "charts/growth.svg",
    ] {
        let path = dir.path().join("draft").join(name);
        assert!(fs::metadata(&path).unwrap().len() > 1000, "{name}");
        assert!(stdout.contains(&format!("draft/{name}")), "{stdout}");
    }
    // Same inputs, same date: the same bytes, in another process.
    let first = fs::read(dir.path().join("draft/report.pdf")).unwrap();
    let first_docx = fs::read(dir.path().join("draft/report.docx")).unwrap();
    let again = plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "again",
        ],
        dir.path(),
    );
    assert_success(&again);
    assert_eq!(
        first,
        fs::read(dir.path().join("again/report.pdf")).unwrap()
    );
    assert!(
        first_docx == fs::read(dir.path().join("again/report.docx")).unwrap(),
        "the Word document differs between two runs"
    );
    // No staging folder is left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("draft"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        6,
        "five files and the charts folder: {leftovers:?}"
    );
}

/// `report --year 2024 --out draft` of the bundled data in `cwd`, dated `date`.
fn draft_report(cwd: &Path, date: &str) -> Output {
    plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            date,
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        cwd,
    )
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            files.extend(
                tree(&path)
                    .into_iter()
                    .map(|(n, bytes)| (format!("{name}/{n}"), bytes)),
            );
        } else {
            files.push((name, fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn a_second_run_replaces_the_draft_whole() {
    let dir = common::temp_dir();
    assert_success(&draft_report(dir.path(), "2025-03-04"));
    let draft = dir.path().join("draft");
    // What an earlier draft may hold that this one does not make: a chart
    // no longer drawn, a Word copy of the old report.
    fs::write(draft.join("charts/retired.svg"), "<svg/>").unwrap();
    fs::write(draft.join("report.docx"), "an old export").unwrap();
    let out = draft_report(dir.path(), "2025-03-05");
    assert_success(&out);
    let names: Vec<String> = tree(&draft).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "charts/growth.svg",
            "charts/progress.svg",
            "evaluation.json",
            "report.docx",
            "report.md",
            "report.pdf",
            "report.typ",
        ]
    );
    let md = fs::read_to_string(draft.join("report.md")).unwrap();
    assert!(md.contains("2025年3月5日"), "the new draft: {md}");
    assert!(!md.contains("2025年3月4日"), "nothing of the old one: {md}");
    // Nothing staged or replaced is left beside it.
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["draft"]);
}

#[test]
fn a_folder_with_other_files_is_not_replaced() {
    let dir = common::temp_dir();
    let draft = dir.path().join("draft");
    fs::create_dir_all(draft.join("charts")).unwrap();
    fs::write(draft.join("report.md"), "# 旧稿\n").unwrap();
    fs::write(draft.join("charts/progress.svg"), "<svg/>").unwrap();
    fs::write(draft.join("笔记.txt"), "不是本工具生成的").unwrap();
    let before = tree(&draft);
    let out = draft_report(dir.path(), "2025-03-04");
    // A folder of the user's is a command-line mistake.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("错误：目录 draft 中有不是本工具生成的“笔记.txt”，为免覆盖，未写入；"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    // Nothing written: the folder as it was, nothing staged beside it.
    assert_eq!(tree(&draft), before);
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["draft"]);
}

/// A draft folder the user made read-only is not replaced, though its parent would allow it:
/// the run fails (exit 4, a folder that cannot be written) and the folder is as it was.
#[test]
fn a_read_only_draft_folder_is_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::temp_dir();
    let draft = dir.path().join("draft");
    fs::create_dir_all(&draft).unwrap();
    fs::write(draft.join("report.md"), "# 旧稿\n").unwrap();
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o555)).unwrap();
    let before = tree(&draft);
    let out = draft_report(dir.path(), "2025-03-04");
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("错误：无法写入 draft：目录是只读的，未作任何改动；请先取消该目录的只读属性，或另选一个目录"),
        "{stderr}"
    );
    assert_eq!(tree(&draft), before);
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["draft"]);
}

#[test]
fn bad_data_writes_nothing_and_exits_1() {
    let (dir, data) = common::data_copy();
    let readings = data.join("readings.csv");
    let text =
        fs::read_to_string(&readings)
            .unwrap()
            .replacen("2024,gdp,5.3,", "2024,gdp,五点三,", 1);
    fs::write(&readings, text).unwrap();
    let out = plan_eval(
        &[
            "report", "--year", "2024", "--data", "data", "--out", "draft",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("错误：data/readings.csv:"), "{stderr}");
    assert!(
        stderr.contains(": value: 指标“gdp”的数值“五点三”不是数字"),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
}
