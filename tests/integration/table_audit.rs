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

/// A copy of the bundled data whose readings are a workbook: `extra` adds sheets before the
/// readings' sheet `name` (hidden when `hidden`), whose rows are the bundled CSV's (comments
/// left out) with `edit` applied; the folder and the Excel row of the line holding `needle`.
fn readings_workbook(
    extra: impl FnOnce(&mut rust_xlsxwriter::Workbook),
    name: &str,
    hidden: bool,
    edit: impl FnOnce(String) -> String,
    needle: &str,
) -> (tempfile::TempDir, u32) {
    let dir = temp_dir();
    copy_data(dir.path());
    let csv = dir.path().join("readings.csv");
    let text = edit(fs::read_to_string(&csv).unwrap());
    fs::remove_file(&csv).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    extra(&mut book);
    let sheet = book.add_worksheet().set_name(name).unwrap();
    // The sheet shown on opening cannot be hidden (a sheet added earlier is shown then).
    sheet.set_hidden(hidden).set_active(!hidden);
    let mut found = 0;
    for (r, line) in text.lines().filter(|l| !l.starts_with('#')).enumerate() {
        assert!(!line.contains('"'), "no quoted cells: {line}");
        if line.contains(needle) {
            found = r as u32 + 1;
        }
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(dir.path().join("readings.xlsx")).unwrap();
    assert!(found > 0, "needle present");
    (dir, found)
}

/// A hidden sheet, as staff keep an old copy or a lookup list in, named `name`.
fn hidden_sheet(name: &str) -> impl FnOnce(&mut rust_xlsxwriter::Workbook) {
    move |book| {
        let sheet = book.add_worksheet().set_name(name).unwrap();
        sheet.write_string(0, 0, "foo").unwrap();
        sheet.write_string(0, 1, "bar").unwrap();
        sheet.write_number(1, 0, 1).unwrap();
        sheet.set_hidden(true);
    }
}

#[test]
fn a_hidden_first_sheet_is_not_taken_for_the_data() {
    let bad = |t: String| t.replacen("2024,edu_years,10.62,", "2024,edu_years,NaN,", 1);
    let (dir, row) = readings_workbook(hidden_sheet("垃圾"), "Sheet2", false, bad, "NaN");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/readings.xlsx:{row}: value: 指标“edu_years”的数值“NaN”不是数字\n共发现 1 处错误。"
        )
    );
    // The readings' own name wins even when that sheet is hidden (the staff hid their data).
    let visible = |book: &mut rust_xlsxwriter::Workbook| {
        let sheet = book.add_worksheet().set_name("说明").unwrap();
        sheet.write_string(0, 0, "本表由统计局填报").unwrap();
        sheet.set_active(true);
    };
    let (dir, _) = readings_workbook(visible, "指标数据", true, |t| t, "2024,");
    load_and_evaluate(dir.path(), 2024, None).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_workbooks_header_errors_name_the_sheet_read() {
    // The readings' sheet hidden by its name is read, and its messages say so.
    let visible = |book: &mut rust_xlsxwriter::Workbook| {
        let sheet = book.add_worksheet().set_name("说明").unwrap();
        sheet.write_string(0, 0, "本表由统计局填报").unwrap();
        sheet.set_active(true);
    };
    let header = |t: String| t.replacen("year,indicator,value,", "year,indicator,数据,", 1);
    let (dir, _) = readings_workbook(visible, "指标数据", true, header, "year,");
    assert_eq!(
        error_of(dir.path()),
        "data/readings.xlsx:1: 数值: 工作表“指标数据”（隐藏）：缺少必需的列“数值”（可用列名：value、数值、实际值）\n共发现 1 处错误。"
    );
    // Another name: the first sheet the staff can see is read, named in the message.
    let (dir, _) = readings_workbook(visible, "Sheet2", true, |t| t, "2024,");
    let expected: String = [
        "年份: 工作表“说明”：缺少必需的列“年份”（可用列名：year、年份、年度）",
        "指标编号: 工作表“说明”：缺少必需的列“指标编号”（可用列名：indicator、指标编号、指标、指标名称）",
        "数值: 工作表“说明”：缺少必需的列“数值”（可用列名：value、数值、实际值）",
    ]
    .iter()
    .map(|m| format!("data/readings.xlsx:1: {m}\n"))
    .collect();
    assert_eq!(error_of(dir.path()), format!("{expected}共发现 3 处错误。"));
}

#[test]
fn a_workbook_named_csv_is_told_to_be_renamed() {
    let (dir, _) = readings_workbook(|_| {}, "指标数据", false, |t| t, "2024,");
    fs::rename(
        dir.path().join("readings.xlsx"),
        dir.path().join("readings.csv"),
    )
    .unwrap();
    assert_eq!(
        error_of(dir.path()),
        "data/readings.csv: 这是一个 Excel 工作簿（.xlsx），不是 CSV 文本文件，只是文件名以 .csv 结尾；请把文件改名为 readings.xlsx，或在 Excel 或 WPS 中打开后另存为“CSV UTF-8（逗号分隔）”\n共发现 1 处错误。"
    );
    // An old .xls (or a workbook with a password) under a .csv name: an OLE compound file.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend([0u8; 504]);
    fs::write(dir.path().join("readings.csv"), ole).unwrap();
    assert_eq!(
        error_of(dir.path()),
        "data/readings.csv: 这是旧版 Excel 工作簿（.xls）或加了密码的工作簿，不是 CSV 文本文件；请在 Excel 或 WPS 中打开（取消密码）后另存为 .xlsx 或“CSV UTF-8（逗号分隔）”\n共发现 1 处错误。"
    );
    // And the other way round: a CSV file named .xlsx.
    let dir = temp_dir();
    copy_data(dir.path());
    fs::rename(
        dir.path().join("readings.csv"),
        dir.path().join("readings.xlsx"),
    )
    .unwrap();
    assert_eq!(
        error_of(dir.path()),
        "data/readings.xlsx: 这是文本文件（CSV），不是 Excel 工作簿，只是文件名以 .xlsx 结尾；请把文件改名为 readings.csv\n共发现 1 处错误。"
    );
}

#[test]
fn a_semicolon_separated_file_is_read() {
    let (text, line) = edited(
        "readings.csv",
        |t| t.replacen("2024,edu_years,10.62,", "2024,edu_years,NaN,", 1),
        "2024,edu_years,NaN,",
    );
    assert!(!text.contains(';'), "no semicolon in the bundled readings");
    let dir = temp_dir();
    copy_data(dir.path());
    fs::write(dir.path().join("readings.csv"), text.replace(',', ";")).unwrap();
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/readings.csv:{line}: value: 指标“edu_years”的数值“NaN”不是数字\n共发现 1 处错误。"
        )
    );
    // Without the bad cell, the data load and grade as the comma-separated file does.
    let good = fs::read_to_string(crate::common::bundled().join("readings.csv")).unwrap();
    fs::write(dir.path().join("readings.csv"), good.replace(',', ";")).unwrap();
    let semicolons = load_and_evaluate(dir.path(), 2024, None).unwrap_or_else(|e| panic!("{e}"));
    let commas = load_and_evaluate(&crate::common::bundled(), 2024, None).unwrap();
    assert_eq!(
        format!("{:?}", semicolons.1),
        format!("{:?}", commas.1),
        "the same evaluation"
    );
}

/// The error of a copy of the bundled data whose readings have `cell` for edu_years' 2024 value.
fn error_of_value(cell: &str) -> String {
    let (text, line) = edited(
        "readings.csv",
        |t| {
            t.replacen(
                "2024,edu_years,10.62,",
                &format!("2024,edu_years,{cell},"),
                1,
            )
        },
        "2024,edu_years,",
    );
    let error = error_with_line_ends("readings.csv", &text, "\n");
    let at = format!("data/readings.csv:{line}: value: ");
    assert!(error.starts_with(&at), "{error}");
    error[at.len()..].to_string()
}

#[test]
fn a_number_in_scientific_notation_is_told_as_such() {
    assert_eq!(
        error_of_value("1e308"),
        "指标“edu_years”的数值“1e308”超出合理范围：这是科学计数法，即乘以 10 的 308 次方，远大于任何规划指标的实际数值，请核对\n共发现 1 处错误。"
    );
    // Beyond a float's range too.
    assert!(error_of_value("2E+400").starts_with(
        "指标“edu_years”的数值“2E+400”超出合理范围：这是科学计数法，即乘以 10 的 400 次方"
    ),);
    // A plausible figure as Excel shows a long number: written out in full, not guessed at.
    assert_eq!(
        error_of_value("1.0E+1"),
        "指标“edu_years”的数值“1.0E+1”是科学计数法（Excel 中数字过长时的显示方式，另存为 CSV 时可能已被四舍五入）；请在 Excel 中把该列设为“数值”格式后重新导出，或直接填写完整的数字\n共发现 1 处错误。"
    );
    // Words are still not a number.
    assert_eq!(
        error_of_value("inf"),
        "指标“edu_years”的数值“inf”不是数字\n共发现 1 处错误。"
    );
}

#[test]
fn a_control_character_in_a_cell_is_shown_not_echoed() {
    let error = error_of_value("10.\u{0}62");
    assert_eq!(
        error,
        "单元格“10.\\u{0000}62”中有不可见的控制字符（U+0000），文件可能在导出或传输中损坏；请在 Excel 或 WPS 中删除该字符，或重新导出文件\n共发现 1 处错误。"
    );
    assert!(!error.contains('\u{0}'));
    // In a text cell too (an escape character in a source), named by its column.
    let (text, line) = edited(
        "readings.csv",
        |t| {
            t.replacen(
                "2024,edu_years,10.62,,市教育局",
                "2024,edu_years,10.62,,市教育局\u{1b}[2J",
                1,
            )
        },
        "2024,edu_years,10.62",
    );
    assert_eq!(
        error_with_line_ends("readings.csv", &text, "\n"),
        format!(
            "data/readings.csv:{line}: source: 单元格“市教育局\\u{{001B}}[2J2024年教育事业统计年报”中有不可见的控制字符（U+001B），文件可能在导出或传输中损坏；请在 Excel 或 WPS 中删除该字符，或重新导出文件\n共发现 1 处错误。"
        )
    );
}

/// A row of group titles over the real headers (基本信息 over year and indicator, 数值 over
/// the figures, as merged cells leave them) is skipped as a title row is, though 数值 is a
/// column's name: the header is the row naming the most columns, and rows keep their numbers.
#[test]
fn a_row_of_group_titles_above_the_header_is_skipped() {
    let grouped = |t: String| {
        t.replacen("\nyear,", "\n基本信息,,数值,,,,,,\nyear,", 1)
            .replacen("2024,edu_years,10.62,", "2024,edu_years,NaN,", 1)
    };
    let expected = |file: &str, row: usize| {
        format!("data/{file}:{row}: value: 指标“edu_years”的数值“NaN”不是数字\n共发现 1 处错误。")
    };
    let (dir, row) = readings_workbook(|_| {}, "指标数据", false, grouped, "NaN");
    assert_eq!(
        error_of(dir.path()),
        expected("readings.xlsx", row as usize)
    );

    let (text, line) = edited("readings.csv", grouped, "NaN");
    assert_eq!(
        error_with_line_ends("readings.csv", &text, "\n"),
        expected("readings.csv", line)
    );
    // Without the bad figure, the grouped file reads as the plain one.
    let dir = temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("readings.csv");
    let plain = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        plain.replacen("\nyear,", "\n基本信息,,数值,,,,,,\nyear,", 1),
    )
    .unwrap();
    let (data, _) = load_and_evaluate(dir.path(), 2024, None).unwrap_or_else(|e| panic!("{e}"));
    let (bundled, _) = load_and_evaluate(&crate::common::bundled(), 2024, None).unwrap();
    assert_eq!(data.readings.values.len(), bundled.readings.values.len());
    assert_eq!(
        data.readings.series("gdp", 2024).last().map(|r| r.value),
        bundled.readings.series("gdp", 2024).last().map(|r| r.value)
    );
}

#[test]
fn a_workbooks_problems_name_its_chinese_headers() {
    // Headers as staff write them: a bad cell and a missing column are named in their words.
    let header = |t: String| {
        t.replacen(
            "year,indicator,value,quota,source,note,",
            "年份,指标,实际值,下达目标,数据来源,备注,",
            1,
        )
        .replacen("2024,edu_years,10.62,", "2024,edu_years,十点六,", 1)
    };
    let (dir, row) = readings_workbook(|_| {}, "指标数据", false, header, "2024,edu_years,");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/readings.xlsx:{row}: 实际值: 指标“edu_years”的数值“十点六”不是数字\n共发现 1 处错误。"
        )
    );
    let without_year = |t: String| t.replacen("year,indicator,value,", "日期,指标,数值,", 1);
    let (dir, _) = readings_workbook(|_| {}, "指标数据", false, without_year, "year");
    assert_eq!(
        error_of(dir.path()),
        "data/readings.xlsx:1: 年份: 工作表“指标数据”：缺少必需的列“年份”（可用列名：year、年份、年度）\n共发现 1 处错误。"
    );
}
