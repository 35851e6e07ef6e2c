//! A version made again from its own inputs: byte for byte, through the same build as `report`,
//! from the bytes that were read (not a data file changed meanwhile), and never called
//! reproducible once tampered with.

use super::*;

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
