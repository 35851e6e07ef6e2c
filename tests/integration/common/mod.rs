//! Helpers shared by the integration tests: the bundled data, temporary
//! workspaces and copies of the data in them, and running the `plan-eval`
//! binary as a user does.

pub mod forms;
pub mod office;
pub mod pdf;
pub mod word;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use chrono::NaiveDate;
use plan_eval::evaluate::Evaluation;
use plan_eval::input::Dataset;
use plan_eval::report::{self, Measures, ReportMeta};
use plan_eval::run::pipeline::{Report, ReportRequest, build_report};
use plan_eval::templating::Templates;
use tempfile::TempDir;

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled data folder, to read; tests that change data use a copy
/// ([`data_copy`]).
pub fn bundled() -> PathBuf {
    root().join("data")
}

/// A workspace of `tests/fixtures/plans/` (a plan with its data), to read.
pub fn plan_fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/plans").join(name)
}

/// The typst executable `report` uses (`$PLAN_EVAL_TYPST`, `typst` on the
/// PATH, or ~/.cargo/bin/typst). Panics, saying what to install, if there is none.
pub fn typst() -> PathBuf {
    plan_eval::typeset::compile::find_typst().unwrap_or_else(|e| panic!("{e}"))
}

/// The date the bundled example's reports are signed, as in the README.
pub fn report_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 4).unwrap()
}

/// The report of the bundled data for 2024, dated [`report_date`], built once
/// for every test that reads it (typst runs for real).
pub fn bundled_2024() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        build_report(&ReportRequest {
            kind: None,
            year: 2024,
            data: bundled(),
            templates: None,
            date: report_date(),
        })
        .unwrap_or_else(|e| panic!("the bundled report builds (is typst installed?): {e}"))
    })
}

/// The report's Markdown as `report` writes it, in-process: the measures
/// written with the data's rules, the built-in templates.
pub fn markdown(data: &Dataset, evaluation: &Evaluation, meta: &ReportMeta) -> (Measures, String) {
    let measures =
        report::measures::write(evaluation, &data.rules).unwrap_or_else(|e| panic!("{e}"));
    let templates = Templates::load(None).unwrap();
    let md = report::markdown(&templates, &data.plan, evaluation, &measures, meta)
        .unwrap_or_else(|e| panic!("{e}"));
    (measures, md)
}

/// A fresh temporary folder, removed when the value is dropped: every
/// test's workspace.
pub fn temp_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("plan-eval-test-")
        .tempdir()
        .unwrap()
}

/// A workspace holding a copy of the bundled data as `data/`: the folder and
/// the copy's path.
pub fn data_copy() -> (TempDir, PathBuf) {
    let dir = temp_dir();
    let data = dir.path().join("data");
    copy_data(&data);
    (dir, data)
}

/// Copies the bundled data folder into `to`, creating it.
pub fn copy_data(to: &Path) {
    copy_dir(&bundled(), to);
}

/// Copies the files of `from` into `to`, folders included, creating `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs `plan-eval ARGS` in `cwd`.
pub fn plan_eval(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Fails the test, showing what the command printed on stderr, unless it succeeded.
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Text with all whitespace removed, so that lines wrapped in a PDF compare whole.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The number of fields of a CSV text's header (its first line that is not a `#` comment):
/// rows a test writes are built to it, so a column added to a data file does not turn them
/// into rows of the wrong width.
pub fn header_width(text: &str) -> usize {
    text.lines()
        .find(|l| !l.starts_with('#'))
        .expect("a header line")
        .split(',')
        .count()
}
