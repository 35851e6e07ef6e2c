//! Bad input gets a clear Chinese error naming the file, the line and the
//! field, every problem at once, and no report is written.
//!
//! The tests are split by subject: `plan_file` (errors in plan.yaml), `data_files` (the data
//! and rules files: wrong values, missing columns or files, other formats and encodings),
//! `rows` (CSV rows misread, cut short, empty or too many), `links` (links out of the data and
//! template folders), `templates` (layout and report templates, and text that reaches the
//! typesetting) and `walk` (findings of a walkthrough); this module holds the helpers they share.

use std::fs;
use std::path::Path;

use plan_eval::run::pipeline::load_and_evaluate;

use crate::common::{copy_data, temp_dir};

mod data_files;
mod links;
mod plan_file;
mod rows;
mod templates;
mod walk;

/// A copy of the bundled data folder with `edit` applied to one file.
fn data_with(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = temp_dir();
    copy_data(dir.path());
    let target = dir.path().join(file);
    let text = fs::read_to_string(&target).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit must change {file}");
    fs::write(&target, edited).unwrap();
    dir
}

/// The error message with the temporary folder shown as `data/`.
fn error_of(dir: &Path) -> String {
    let err = load_and_evaluate(dir, 2024, None).expect_err("bad input must fail");
    let prefix = format!("{}/", dir.display());
    err.to_string().replace(&prefix, "data/")
}

/// The number of fields of the header of the bundled data's `file` ([`common::header_width`]).
fn header_width(file: &str) -> usize {
    crate::common::header_width(&fs::read_to_string(crate::common::bundled().join(file)).unwrap())
}

/// `cells` (comma-separated, no quotes) with empty cells added to make a row of `width` fields.
fn padded(cells: &str, width: usize) -> String {
    let have = cells.split(',').count();
    assert!(have <= width, "“{cells}” has more than {width} fields");
    format!("{cells}{}", ",".repeat(width - have))
}

fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
        + 1
}
