//! The archive as archivists rely on it, through the command line: versions
//! are never overwritten, identical runs make no new version, concurrent and
//! killed runs leave only complete versions, tampering and a broken chain are
//! named, every bag passes an independent validator (bagit.py), and a version
//! regenerates byte for byte from its own inputs.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::common::{assert_success, bundled, data_copy, plan_eval, temp_dir};

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `report` into `cwd/archive` from `data` with a report date.
pub(crate) fn report(cwd: &Path, data: &Path, date: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "--year",
        "2024",
        "--date",
        date,
        "--data",
        data.to_str().unwrap(),
        "--archive",
        "archive",
    ];
    args.extend_from_slice(extra);
    plan_eval(&args, cwd)
}

pub(crate) fn versions(cwd: &Path) -> Vec<String> {
    let dir = cwd.join("archive/2024");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| !n.starts_with('.'));
    names.sort_by_key(|n| n[1..].parse::<u32>().unwrap_or(0));
    names
}

/// bagit.py (PyPI `bagit`, installed by scripts/setup.sh) must accept the bag.
pub(crate) fn bagit_validates(bag: &Path) {
    let out = Command::new("python3")
        .args(["-m", "bagit", "--validate"])
        .arg(bag)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "bagit.py rejects {} (is it installed? pip install bagit):\n{}",
        bag.display(),
        text(&out.stderr)
    );
}

pub(crate) fn make_writable(path: &Path) {
    for entry in walk(path) {
        let mode = if entry.is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).unwrap();
    }
}

pub(crate) fn walk(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            out.extend(walk(&entry.unwrap().path()));
        }
    }
    out
}

#[test]
fn identical_runs_make_one_version_and_a_change_makes_the_next() {
    let (dir, data) = data_copy();
    let first = report(dir.path(), &data, "2025-03-04", &[]);
    assert_success(&first);
    assert_eq!(
        text(&first.stdout),
        "已生成 2024 年度评估报告并归档为新版本 丹江口-十四五-2024-v1：\n  archive/2024/v1\n"
    );
    let again = report(dir.path(), &data, "2025-03-04", &[]);
    assert_success(&again);
    assert_eq!(
        text(&again.stdout),
        "输入数据、模板和落款日期与最新版本 丹江口-十四五-2024-v1 相同，未生成新版本：\n  archive/2024/v1\n"
    );
    assert_eq!(versions(dir.path()), ["v1"]);

    let readings = data.join("readings.csv");
    let changed =
        fs::read_to_string(&readings)
            .unwrap()
            .replacen("2024,gdp,5.3,", "2024,gdp,5.5,", 1);
    fs::write(&readings, changed).unwrap();
    let second = report(dir.path(), &data, "2025-03-04", &[]);
    assert_success(&second);
    assert_eq!(versions(dir.path()), ["v1", "v2"]);

    let info = fs::read_to_string(dir.path().join("archive/2024/v2/bag-info.txt")).unwrap();
    assert!(
        info.contains("External-Identifier: 丹江口-十四五-2024-v2\n"),
        "{info}"
    );
    assert!(
        info.contains("Version-Reason: 指标数据变更：2024年地区生产总值（GDP）：5.3 → 5.5\n"),
        "{info}"
    );
    assert!(
        info.contains("Source-Organization: 丹江口市发展和改革局\n"),
        "{info}"
    );
    assert!(info.contains("Previous-Version: v1\n"), "{info}");
    for field in [
        "Bagging-Date: ",
        "Payload-Oxum: ",
        "Typst-Version: typst 0.15",
        "Plan-Eval-Version: plan-eval ",
        "Previous-Tagmanifest-SHA256: ",
    ] {
        assert!(info.contains(field), "{field} in {info}");
    }
    // The payload holds the report and exact copies of its inputs.
    for file in [
        "report.md",
        "report.typ",
        "report.pdf",
        "report.docx",
        "evaluation.json",
        "inputs/plan.yaml",
        "inputs/readings.csv",
        "inputs/task_progress.csv",
        "inputs/countermeasures.yaml",
        "inputs/templates/report.md",
        "inputs/templates/layout.typ",
    ] {
        assert!(
            dir.path().join("archive/2024/v2/data").join(file).is_file(),
            "{file}"
        );
    }
    assert_eq!(
        fs::read(dir.path().join("archive/2024/v2/data/inputs/readings.csv")).unwrap(),
        fs::read(&readings).unwrap()
    );
    // Files are read-only once stored.
    let mode = fs::metadata(dir.path().join("archive/2024/v1/data/report.pdf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o222, 0, "read-only");

    let verify = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    assert_eq!(
        text(&verify.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\narchive/2024/v2  丹江口-十四五-2024-v2  完好\n共核验 2 个版本，0 个有问题；登记簿 register.txt：2 个版本均已登记，链值相符。\n"
    );
    let list = text(
        &plan_eval(
            &["archive", "list", "--archive", "archive", "--year", "2024"],
            dir.path(),
        )
        .stdout,
    );
    assert!(list.contains("2024/v1  丹江口-十四五-2024-v1"), "{list}");
    assert!(
        list.contains("落款 2025-03-04  完好  封印 未加盖  原因：首次生成"),
        "{list}"
    );
    assert!(
        list.contains("完好  封印 未加盖  原因：指标数据变更"),
        "{list}"
    );

    let diff = text(
        &plan_eval(
            &[
                "archive",
                "diff",
                "2024",
                "v1",
                "v2",
                "--archive",
                "archive",
            ],
            dir.path(),
        )
        .stdout,
    );
    assert!(diff.starts_with("【指标数据变更】\n  2024年地区生产总值（GDP）：5.3 → 5.5\n【任务进展变更】无\n【评价变更】无\n【报告 Markdown 差异】\n--- v1/report.md\n+++ v2/report.md\n"), "{diff}");
    assert!(
        diff.contains("+1\\.**地区生产总值（GDP）**：2024年达到324.6亿元，2021—2024年年均增长6.9%"),
        "{diff}"
    );

    for v in ["v1", "v2"] {
        bagit_validates(&dir.path().join("archive/2024").join(v));
    }
}

#[test]
fn an_explicit_reason_is_recorded() {
    let dir = temp_dir();
    let out = report(
        dir.path(),
        &bundled(),
        "2025-03-04",
        &["--reason", "按市政府要求\n补充说明"],
    );
    assert_success(&out);
    let info = fs::read_to_string(dir.path().join("archive/2024/v1/bag-info.txt")).unwrap();
    assert!(
        info.contains("Version-Reason: 按市政府要求 补充说明\n"),
        "{info}"
    );
    bagit_validates(&dir.path().join("archive/2024/v1"));
}

#[test]
fn a_version_reproduces_byte_for_byte_from_its_inputs() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    bagit_validates(&dir.path().join("archive/2024/v1"));
    let out = plan_eval(&["archive", "reproduce", "archive/2024/v1"], dir.path());
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(
        text(&out.stdout),
        "  charts/growth.svg  一致\n  charts/progress.svg  一致\n  evaluation.json  一致\n  report.docx  一致\n  report.md  一致\n  report.pdf  一致\n  report.typ  一致\narchive/2024/v1 的全部文件均可由归档输入逐字节重现。\n"
    );
}

#[test]
fn tampering_is_named_and_fails_verification() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    let pdf = v1.join("data/report.pdf");
    let mut bytes = fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&pdf, bytes).unwrap();
    fs::remove_file(v1.join("data/inputs/readings.csv")).unwrap();
    fs::write(v1.join("data/note.txt"), "added later").unwrap();
    let info = fs::read_to_string(v1.join("bag-info.txt")).unwrap();
    let recorded = info
        .lines()
        .find_map(|l| l.strip_prefix("Payload-Oxum: "))
        .unwrap()
        .to_string();
    let files: Vec<PathBuf> = walk(&v1.join("data"))
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    let octets: u64 = files.iter().map(|p| fs::metadata(p).unwrap().len()).sum();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  多出文件 data/note.txt\n  文件 data/report.pdf 已被修改（摘要不符）\n  缺少文件 data/inputs/readings.csv\n  Payload-Oxum 不符：记录为 {recorded}，实际为 {octets}.{}\n共核验 1 个版本，1 个有问题。\n",
            files.len()
        )
    );
    assert!(text(&out.stdout).ends_with("共核验 1 个版本，1 个有问题。\n"));
    assert_eq!(text(&out.stderr), "错误：1 个版本未通过核验\n");
}

#[test]
fn a_deleted_middle_version_breaks_the_chain() {
    let dir = temp_dir();
    for date in ["2025-03-01", "2025-03-02", "2025-03-03"] {
        assert!(report(dir.path(), &bundled(), date, &[]).status.success());
    }
    for v in ["v1", "v2", "v3"] {
        bagit_validates(&dir.path().join("archive/2024").join(v));
    }
    let v2 = dir.path().join("archive/2024/v2");
    make_writable(&v2);
    fs::remove_dir_all(&v2).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\narchive/2024/v3  丹江口-十四五-2024-v3  有问题：\n  前一版本 v2 缺失，版本链断裂\narchive/register.txt  有问题：\n  登记的版本 2024/v2 缺失（登记簿第 3 行）\n共核验 2 个版本，1 个有问题；登记簿有 1 处问题。\n"
    );
}

#[test]
fn a_changed_tag_file_breaks_the_chain_of_the_next_version() {
    let dir = temp_dir();
    for date in ["2025-03-01", "2025-03-02"] {
        assert!(report(dir.path(), &bundled(), date, &[]).status.success());
    }
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    // Rewrite v1's reason and recompute its tag manifest as a forger would.
    let info = fs::read_to_string(v1.join("bag-info.txt"))
        .unwrap()
        .replace("首次生成", "伪造");
    fs::write(v1.join("bag-info.txt"), &info).unwrap();
    let manifest = fs::read_to_string(v1.join("tagmanifest-sha256.txt")).unwrap();
    let digest = |b: &[u8]| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b))
    };
    let forged: String = manifest
        .lines()
        .map(|l| {
            let name = l.split_whitespace().nth(1).unwrap();
            format!("{}  {name}\n", digest(&fs::read(v1.join(name)).unwrap()))
        })
        .collect();
    fs::write(v1.join("tagmanifest-sha256.txt"), forged).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("archive/2024/v2  丹江口-十四五-2024-v2  有问题：\n  前一版本 v1 的标签清单与本版本记录的摘要不符，版本链断裂\n"),
        "{}",
        text(&out.stdout)
    );
    // The changed version itself is flagged too, not shown as intact.
    assert!(
        text(&out.stdout).starts_with("archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  本版本的标签清单与下一版本 v2 记录的摘要不符：本版本在下一版本生成后被改动过（或下一版本被改动）\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn concurrent_runs_make_distinct_valid_versions() {
    let dir = temp_dir();
    let children: Vec<_> = (1..=8)
        .map(|day| {
            Command::new(env!("CARGO_BIN_EXE_plan-eval"))
                .args([
                    "report",
                    "--year",
                    "2024",
                    "--date",
                    &format!("2025-03-{day:02}"),
                    "--data",
                    bundled().to_str().unwrap(),
                    "--archive",
                    "archive",
                ])
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_success(&out);
    }
    assert_eq!(
        versions(dir.path()),
        ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]
    );
    let mut dates: Vec<String> = (1..=8)
        .map(|n| {
            let info =
                fs::read_to_string(dir.path().join(format!("archive/2024/v{n}/bag-info.txt")))
                    .unwrap();
            assert!(info.contains(&format!("External-Identifier: 丹江口-十四五-2024-v{n}\n")));
            info.lines()
                .find(|l| l.starts_with("Report-Date: "))
                .unwrap()
                .to_string()
        })
        .collect();
    dates.sort();
    dates.dedup();
    assert_eq!(dates.len(), 8, "each run is its own version");
    let verify = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    for n in 1..=8 {
        bagit_validates(&dir.path().join(format!("archive/2024/v{n}")));
    }
}

/// The processes of process group `group` still running (a zombie has
/// ended), as (pid, name), from /proc.
fn running_in_group(group: u32) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // A process may end while it is read.
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (name) state ppid pgrp …"; the name may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if fields.len() > 2 && fields[2] == group.to_string() && fields[0] != "Z" {
            found.push((pid, stat[open + 1..close].to_string()));
        }
    }
    found
}

/// Fails unless every process of `group` (plan-eval, and the typst it ran)
/// is gone at once after the kill: a killed run leaves no typst behind. (A
/// typst left running would print for a second or more.)
fn assert_group_ends(group: u32, delay: u64) {
    let deadline = std::time::Instant::now() + Duration::from_millis(500);
    loop {
        let left = running_in_group(group);
        if left.is_empty() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "after a kill at {delay} ms, still running in the group: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_run_killed_at_any_moment_leaves_no_partial_version() {
    let dir = temp_dir();
    // A killed run cannot remove typst's temporary folder: it goes in the test's own.
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let mut completed = 0;
    for (i, delay) in [0u64, 20, 60, 120, 200, 300, 400, 500, 650, 800, 1000, 1300]
        .into_iter()
        .enumerate()
    {
        // In a process group of its own, so that the kill reaches the typst
        // it may be running too, as a kill of the job would.
        let mut child = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
            .args([
                "report",
                "--year",
                "2024",
                "--date",
                &format!("2025-04-{:02}", i + 1),
                "--data",
                bundled().to_str().unwrap(),
                "--archive",
                "archive",
            ])
            .current_dir(dir.path())
            .env("TMPDIR", &tmp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let group = child.id();
        std::thread::sleep(Duration::from_millis(delay));
        // Until it is waited for, the child holds its group's id even when it
        // has finished, so the kill cannot reach another group. Spelt with
        // `--`: procps-ng 4.0.2 reads `kill -9 -PGID` as `kill -9 -1`, which
        // is every process of the user.
        assert!(group > 1);
        Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{group}")])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_group_ends(group, delay);
        let status = child.wait().unwrap();
        completed += usize::from(status.success());
        // Whatever the moment, every version present is complete and verifies.
        let found = versions(dir.path());
        assert_eq!(
            found.len(),
            completed,
            "after a kill at {delay} ms: {found:?}"
        );
        if !found.is_empty() {
            let verify = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
            assert!(
                verify.status.success(),
                "after a kill at {delay} ms: {}",
                text(&verify.stdout)
            );
            bagit_validates(&dir.path().join("archive/2024").join(found.last().unwrap()));
        }
    }
    // A later run cleans up what the killed ones left in staging and numbers on.
    let out = report(dir.path(), &bundled(), "2025-05-01", &[]);
    assert_success(&out);
    let leftovers: Vec<String> = fs::read_dir(dir.path().join("archive/2024"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(versions(dir.path()).len(), completed + 1);
    assert!(
        completed < 12,
        "at least one run must have been killed for the test to mean anything"
    );
}

#[test]
fn draft_output_is_not_archived() {
    let dir = temp_dir();
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
    assert!(text(&out.stdout).starts_with("已生成 2024 年度评估报告草稿（未归档）："));
    assert!(!dir.path().join("reports").exists());
}

/// The settings of a `report --date 2025-03-04` run.
fn settings() -> plan_eval::run::batch::Settings {
    let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
    plan_eval::run::batch::Settings {
        templates: None,
        kind: None,
        date: Some(date),
        today: date,
        reason: None,
        seal: None,
    }
}

/// `report` and `archive reproduce` make their report through the one function
/// (`pipeline::build`), so what proves a reproduction is what made the archive.
#[test]
fn report_and_reproduce_go_through_the_same_build() {
    use plan_eval::run::{batch, pipeline};
    let (dir, data) = data_copy();
    let job = batch::Job {
        data,
        year: 2024,
        destination: batch::Destination::Archive(dir.path().join("archive")),
    };
    let before = pipeline::builds_on_this_thread();
    let done = batch::run_one(&job, &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pipeline::builds_on_this_thread(), before + 1);
    let batch::Output::Archived(plan_eval::archive::Stored::Created { version, .. }) = done.output
    else {
        panic!("a new version is made");
    };
    let results = pipeline::reproduce(&version).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pipeline::builds_on_this_thread(), before + 2);
    assert!(results.iter().all(|(_, same)| *same), "{results:?}");
}

/// The archive holds the very bytes the report was evaluated from: a data file changed
/// after the inputs were read (while the report is made) changes neither the report nor the
/// archived copy.
#[test]
fn an_input_changed_while_the_report_is_made_is_not_archived() {
    use plan_eval::run::{batch, pipeline};
    let (dir, data) = data_copy();
    let job = batch::Job {
        data: data.clone(),
        year: 2024,
        destination: batch::Destination::Archive(dir.path().join("archive")),
    };
    let settings = settings();
    let request = pipeline::ReportRequest {
        year: 2024,
        kind: None,
        data: data.clone(),
        templates: None,
        date: settings.date.unwrap(),
    };
    let snapshot = pipeline::Snapshot::read(&request);
    let readings = data.join("readings.csv");
    let read = fs::read(&readings).unwrap();
    let changed = text(&read).replacen("2024,gdp,", "2024,gdp,9", 1);
    assert_ne!(changed.as_bytes(), read.as_slice());
    fs::write(&readings, &changed).unwrap();
    fs::write(data.join("countermeasures.yaml"), "broken: [").unwrap();

    let done = batch::run_from(snapshot, &job, &settings).unwrap_or_else(|e| panic!("{e}"));
    let batch::Output::Archived(plan_eval::archive::Stored::Created { version, .. }) = done.output
    else {
        panic!("a new version is made");
    };
    let archived = version.path.join("data/inputs");
    assert_eq!(fs::read(archived.join("readings.csv")).unwrap(), read);
    assert_eq!(
        fs::read(archived.join("countermeasures.yaml")).unwrap(),
        fs::read(bundled().join("countermeasures.yaml")).unwrap()
    );
    // And the report is the one those bytes make.
    assert!(
        pipeline::reproduce(&version)
            .unwrap()
            .iter()
            .all(|(_, same)| *same)
    );
}

#[test]
fn a_tampered_version_is_not_called_reproducible() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    let pdf = v1.join("data/report.pdf");
    let mut bytes = fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&pdf, bytes).unwrap();
    let out = plan_eval(&["archive", "reproduce", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "错误：版本 archive/2024/v1 未通过核验，不能据以重现：文件 data/report.pdf 已被修改（摘要不符）（请先运行 plan-eval archive verify 查看）\n"
    );
    // A changed input is named the same way, before anything is rebuilt from it.
    let csv = v1.join("data/inputs/readings.csv");
    let mut bytes = fs::read(&pdf).unwrap();
    bytes[middle] ^= 0x01;
    fs::write(&pdf, bytes).unwrap();
    let mut input = fs::read(&csv).unwrap();
    input.extend_from_slice(b"\n");
    fs::write(&csv, input).unwrap();
    let out = plan_eval(&["archive", "reproduce", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).contains("report.pdf"));
    assert!(
        text(&out.stderr).contains("文件 data/inputs/readings.csv 已被修改（摘要不符）"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_pointed_at_the_wrong_place_says_so() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    // A version named from inside the archive, as `archive list` shows it.
    let out = plan_eval(
        &["archive", "verify", "--archive", "archive", "2024/v1"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\n共核验 1 个版本，0 个有问题。\n"
    );
    // A folder holding no version at all (here, a data folder).
    fs::create_dir(dir.path().join("base")).unwrap();
    fs::write(dir.path().join("base/plan.yaml"), "title: x\n").unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "base"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "错误：base 中没有任何归档版本：请用 --archive 指定归档目录（其中应有年度目录和版本目录，如 2024/v1）\n"
    );
}

#[test]
fn links_and_empty_folders_inside_a_version_are_refused() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    // The same content, but through a link pointing outside the archive.
    let outside = dir.path().join("copy.md");
    fs::copy(v1.join("data/report.md"), &outside).unwrap();
    fs::remove_file(v1.join("data/report.md")).unwrap();
    std::os::unix::fs::symlink(&outside, v1.join("data/report.md")).unwrap();
    fs::create_dir(v1.join("data/emptydir")).unwrap();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  data/report.md 是符号链接：归档版本中不得有符号链接（其指向的内容可被随时改动）\n  多出空目录 data/emptydir\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("缺少文件"), "{stdout}");
    assert!(
        stdout.ends_with("共核验 1 个版本，1 个有问题。\n"),
        "{stdout}"
    );
}

#[test]
fn a_deleted_latest_version_is_found_through_the_register() {
    let dir = temp_dir();
    for date in ["2025-03-01", "2025-03-02"] {
        assert!(report(dir.path(), &bundled(), date, &[]).status.success());
    }
    let register = fs::read_to_string(dir.path().join("archive/register.txt")).unwrap();
    let lines: Vec<&str> = register.lines().collect();
    assert_eq!(lines.len(), 3, "{register}");
    assert!(lines[0].starts_with("# plan-eval 归档登记簿"), "{register}");
    for (line, v) in lines[1..].iter().zip(["v1", "v2"]) {
        let tags = fs::read(
            dir.path()
                .join("archive/2024")
                .join(v)
                .join("tagmanifest-sha256.txt"),
        )
        .unwrap();
        use sha2::Digest;
        let digest = hex::encode(sha2::Sha256::digest(&tags));
        assert!(
            line.starts_with(&format!("2024/{v}  {digest}  ")),
            "{register}"
        );
    }
    let info = fs::read_to_string(dir.path().join("archive/2024/v1/bag-info.txt")).unwrap();
    assert!(info.contains("Archive-Register: register.txt\n"), "{info}");
    let v2 = dir.path().join("archive/2024/v2");
    make_writable(&v2);
    fs::remove_dir_all(&v2).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\narchive/register.txt  有问题：\n  登记的版本 2024/v2 缺失（登记簿第 3 行）\n共核验 1 个版本，0 个有问题；登记簿有 1 处问题。\n"
    );
    assert_eq!(text(&out.stderr), "错误：登记簿有 1 处问题\n");
    // A changed line breaks the register's chain.
    let edited = {
        let mut l: Vec<String> = register.lines().map(str::to_string).collect();
        let fields: Vec<&str> = l[1].split("  ").collect();
        let last = if fields[1].ends_with('0') { '1' } else { '0' };
        let digest = format!("{}{last}", &fields[1][..63]);
        l[1] = format!("{}  {digest}  {}", fields[0], fields[2]);
        l.join("\n") + "\n"
    };
    fs::write(dir.path().join("archive/register.txt"), edited).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("  第 2 行的链值不符：登记簿被改动过\n  版本 2024/v1 的标签清单与登记簿第 2 行记录的摘要不符\n"),
        "{}",
        text(&out.stdout)
    );
    // The register itself deleted: the versions record that they are in it.
    fs::remove_file(dir.path().join("archive/register.txt")).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("archive/register.txt  有问题：\n  登记簿 register.txt 缺失，而版本 2024/v1 记录已登记\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_changed_manifest_line_is_named_as_such() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    let manifest = v1.join("manifest-sha256.txt");
    let original = fs::read_to_string(&manifest).unwrap();
    let first = if original.starts_with('0') { "1" } else { "0" };
    fs::write(&manifest, format!("{first}{}", &original[1..])).unwrap();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  manifest-sha256.txt 中 data/charts/growth.svg 的摘要与文件不符，而文件与另一清单相符：被改动的是 manifest-sha256.txt 的这一行\n  标签文件 manifest-sha256.txt 与 tagmanifest-sha256.txt 记录的摘要不符\n共核验 1 个版本，1 个有问题。\n"
    );
    // A changed bagit.txt is named once.
    fs::write(&manifest, original).unwrap();
    let bagit = v1.join("bagit.txt");
    fs::write(&bagit, fs::read_to_string(&bagit).unwrap() + " \n").unwrap();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  文件 bagit.txt 已被修改（摘要不符）\n共核验 1 个版本，1 个有问题。\n"
    );
}
