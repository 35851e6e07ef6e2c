//! Tables as other programs save them (the black-box audit's cases): the line a message names
//! is the line an editor shows for LF, CRLF and old-Mac CR files; a workbook's hidden sheet
//! is not taken for its data; a workbook or a semicolon file named .csv is told as such;
//! a value written in scientific notation and a control character in a cell are shown plainly.

use std::fs;
use std::path::Path;

use plan_eval::run::pipeline::load_and_evaluate;

use crate::common::{copy_data, temp_dir};

/// The error of loading the data folder `dir` for 2024, with the folder shown as `data/`.
fn error_of(dir: &Path) -> String {
    let err = load_and_evaluate(dir, 2024, None).expect_err("bad input must fail");
    let prefix = format!("{}/", dir.display());
    err.to_string().replace(&prefix, "data/")
}

/// The 1-based line of the first line of `text` (LF line ends) that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
        + 1
}

/// The bundled `file` with `edit` applied, in LF line ends, and the line holding `needle`.
fn edited(file: &str, edit: impl FnOnce(String) -> String, needle: &str) -> (String, usize) {
    let text = fs::read_to_string(crate::common::bundled().join(file)).unwrap();
    assert!(!text.contains('\r'), "the bundled {file} has LF line ends");
    let text = edit(text);
    let line = line_of(&text, needle);
    (text, line)
}

/// The error of a copy of the bundled data whose `file` is `text` with its line ends as `eol`.
fn error_with_line_ends(file: &str, text: &str, eol: &str) -> String {
    let dir = temp_dir();
    copy_data(dir.path());
    fs::write(dir.path().join(file), text.replace('\n', eol)).unwrap();
    error_of(dir.path())
}

#[test]
fn readings_lines_are_editor_lines_for_lf_crlf_and_cr() {
    // A second comment line and a blank line above the bad row: both are lines an editor counts.
    let (text, line) = edited(
        "readings.csv",
        |t| {
            t.replacen("\n2022,", "\n# 2022 年数据\n\n2022,", 1)
                .replacen("2024,edu_years,10.62,", "2024,edu_years,NaN,", 1)
        },
        "2024,edu_years,NaN,",
    );
    let expected = format!(
        "data/readings.csv:{line}: value: 指标“edu_years”的数值“NaN”不是数字\n共发现 1 处错误。"
    );
    for eol in ["\n", "\r\n", "\r"] {
        assert_eq!(
            error_with_line_ends("readings.csv", &text, eol),
            expected,
            "line ends {eol:?}"
        );
    }
}

#[test]
fn task_progress_lines_are_editor_lines_for_lf_crlf_and_cr() {
    let (text, line) = edited(
        "task_progress.csv",
        |t| t.replacen("2024,T1-1,序时推进,", "2024,T1-1,基本完成,", 1),
        "2024,T1-1,基本完成,",
    );
    let lf = error_with_line_ends("task_progress.csv", &text, "\n");
    assert!(
        lf.starts_with(&format!("data/task_progress.csv:{line}: status: ")),
        "{lf}"
    );
    for eol in ["\r\n", "\r"] {
        assert_eq!(
            error_with_line_ends("task_progress.csv", &text, eol),
            lf,
            "line ends {eol:?}"
        );
    }
}
