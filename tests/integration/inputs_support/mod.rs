//! Shared by the input tests: a workspace made by `init` and filled with the
//! invented 青禾县 plan, fixture cases applied to it, and `check` output with
//! the temporary folder shown as `data/`; `tables` reads the bundled tables for the tests
//! that rewrite them in other shapes.

pub mod tables;

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{copy_dir, root, temp_dir};

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures/inputs")
}

/// A temporary folder holding `data/`: the `init` workspace with the
/// invented plan, its readings and task reports.
pub fn workspace() -> tempfile::TempDir {
    let tmp = temp_dir();
    let data = tmp.path().join("data");
    plan_eval::run::init::create(&data).unwrap();
    copy_dir(&fixtures().join("base"), &data);
    tmp
}

/// The output of `check` for `tmp/data`, with the folder shown as `data/`.
pub fn check_output(tmp: &Path, year: Option<i32>) -> String {
    let checked = plan_eval::input::check::check(&tmp.join("data"), year);
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
