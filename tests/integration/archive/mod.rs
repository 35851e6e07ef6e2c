//! The archive as archivists rely on it, through the command line: versions
//! are never overwritten, identical runs make no new version, concurrent and
//! killed runs leave only complete versions, tampering and a broken chain are
//! named, every bag passes an independent validator (bagit.py), and a version
//! regenerates byte for byte from its own inputs.
//!
//! The tests are split by what they meet: `versioning` (when a run makes a new version),
//! `concurrency` (concurrent and killed runs), `reproduce` (a version made again from its
//! inputs) and `verify` (tampering and broken chains named); this module holds the commands
//! they share (the seal's tests in `seal` use them too).

mod concurrency;
mod reproduce;
mod verify;
mod versioning;

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
