//! Shared by the input tests: a workspace made by `init` and filled with the
//! invented 青禾县 plan, fixture cases applied to it, and `check` output with
//! the temporary folder shown as `data/`.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures/inputs")
}

/// Copies the files of `from` into `to`, folders included.
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

/// A temporary folder holding `data/`: the `init` workspace with the
/// invented plan, its readings and task reports.
pub fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    plan_eval::init::create(&data).unwrap();
    copy_dir(&fixtures().join("base"), &data);
    tmp
}

/// A copy of the bundled data folder as `data/` in a temporary folder.
pub fn bundled() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), &tmp.path().join("data"));
    tmp
}

/// The output of `check` for `tmp/data`, with the folder shown as `data/`.
pub fn check_output(tmp: &Path, year: Option<i32>) -> String {
    let checked = plan_eval::check::check(&tmp.join("data"), year);
    checked.render().replace(&format!("{}/", tmp.display()), "")
}

/// Replaces `from` by `to` in `file`; `from` must occur exactly once.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "“{from}” must occur once in {}",
        file.display()
    );
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}
