//! A figure shown as a percentage where its unit is not one (audit F3): a workbook cell
//! formatted `%` (345 亿元 shown as 34500%) or a value written with a percent sign is refused
//! at its row and field, never read as the number shown, and no report is written; the same
//! cell on an indicator in % reads as the percentage shown.

use std::fs;
use std::path::Path;

use plan_eval::run::pipeline::load_and_evaluate;
use rust_xlsxwriter::{Format, Workbook};

use crate::common::{copy_data, temp_dir};

/// The error of loading the data folder `dir` for 2024, with the folder shown as `data/`.
fn error_of(dir: &Path) -> String {
    let err = load_and_evaluate(dir, 2024, None).expect_err("bad input must fail");
    let prefix = format!("{}/", dir.display());
    err.to_string().replace(&prefix, "data/")
}

/// A copy of the bundled data whose `stem`.csv is a workbook `stem`.xlsx of the same rows
/// (text cells), except the cell in column `col` of the row starting with `row_start`: the
/// number `number`, formatted `0.0%`. Returns the folder and that row's number in the sheet.
fn with_percent_cell(
    stem: &str,
    row_start: &str,
    col: u16,
    number: f64,
) -> (tempfile::TempDir, u32) {
    let dir = temp_dir();
    copy_data(dir.path());
    let csv = dir.path().join(format!("{stem}.csv"));
    let text = fs::read_to_string(&csv).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let percent = Format::new().set_num_format("0.0%");
    let mut at = None;
    for (r, line) in text.lines().filter(|l| !l.starts_with('#')).enumerate() {
        let r = r as u32;
        for (c, cell) in line.split(',').enumerate() {
            let c = c as u16;
            if line.starts_with(row_start) && c == col {
                sheet
                    .write_number_with_format(r, c, number, &percent)
                    .unwrap();
                at = Some(r + 1);
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.save(dir.path().join(format!("{stem}.xlsx"))).unwrap();
    fs::remove_file(&csv).unwrap();
    (dir, at.expect("the row is in the file"))
}

/// Runs `report --out` on `data` for 2024 and asserts it is refused with exit code 1,
/// printing `expected`, with nothing written.
fn report_refused(data: &Path, expected: &str) {
    let work = temp_dir();
    let data_arg = data.display().to_string();
    let out = crate::common::plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            &data_arg,
            "--out",
            "草稿",
        ],
        work.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&format!("{data_arg}/"), "data/");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!work.path().join("草稿").exists(), "a draft was written");
}

#[test]
fn a_level_in_yuan_formatted_as_percent_is_refused() {
    // 2024,gdp.level = 324.6 亿元, the cell holding 324.6 formatted 0.0%: Excel shows 32460.0%.
    let (dir, row) = with_percent_cell("readings", "2024,gdp.level,", 2, 324.6);
    let expected = format!(
        "data/readings.xlsx:{row}: value: 指标“gdp.level”的数值“32460%”来自设成了百分比格式的单元格（单元格中的数是 324.6，显示时乘了 100），但单位是“亿元”，不是百分比；请在 Excel 或 WPS 中把该单元格设为“常规”或“数值”格式，核对数值后保存"
    );
    assert_eq!(
        error_of(dir.path()),
        format!("{expected}\n共发现 1 处错误。")
    );
    report_refused(dir.path(), &expected);
}

#[test]
fn an_average_formatted_as_percent_is_refused_on_a_non_percent_indicator() {
    // edu_years is in 年; its 2024 row given a 全省平均 (column 7) of 10.8 formatted as percent.
    let (dir, at) = with_percent_cell("readings", "2024,edu_years,", 6, 0.108);
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/readings.xlsx:{at}: province_average: 指标“edu_years”的全省平均“10.8%”来自设成了百分比格式的单元格（单元格中的数是 0.108，显示时乘了 100），但单位是“年”，不是百分比；请在 Excel 或 WPS 中把该单元格设为“常规”或“数值”格式，核对数值后保存\n共发现 1 处错误。"
        )
    );
}

#[test]
fn a_growth_rate_formatted_as_percent_reads_as_shown() {
    // 2024,gdp = 5.3 %, typed into a percent cell: Excel holds 0.053 and shows 5.3%.
    let (dir, _) = with_percent_cell("readings", "2024,gdp,", 2, 0.053);
    let (data, _) = load_and_evaluate(dir.path(), 2024, None).expect("a percent cell in % is read");
    let gdp = data.readings.series("gdp", 2024);
    let last = gdp.last().expect("gdp read");
    assert_eq!((last.year, last.value), (2024, 5.3));
}

#[test]
fn a_value_with_a_percent_sign_on_a_non_percent_indicator_is_refused_in_csv() {
    let dir = temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("readings.csv");
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replacen("2024,gdp.level,324.6,", "2024,gdp.level,32460%,", 1);
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    let line = edited.lines().position(|l| l.contains("32460%")).unwrap() + 1;
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/readings.csv:{line}: value: 指标“gdp.level”的数值“32460%”带有百分号，但单位是“亿元”，不是百分比；请去掉百分号并核对数值（Excel 中设成百分比格式的单元格另存为 CSV 时，数值会乘以 100 并带上百分号）\n共发现 1 处错误。"
        )
    );
}

#[test]
fn a_project_investment_formatted_as_percent_is_refused() {
    let text = fs::read_to_string(crate::common::bundled().join("project_progress.csv")).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("2024,") && l.split(',').nth(3).is_some_and(|c| !c.is_empty()))
        .expect("a 2024 project row with an investment");
    let start = row.split(',').take(2).collect::<Vec<_>>().join(",") + ",";
    let project = row.split(',').nth(1).unwrap().to_string();
    let invested: f64 = row.split(',').nth(3).unwrap().parse().unwrap();
    let (dir, at) = with_percent_cell("project_progress", &start, 3, invested);
    let shown = format!("{}", (invested * 1e4).round() / 100.0);
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/project_progress.xlsx:{at}: investment: 项目“{project}”的当年完成投资“{shown}%”来自设成了百分比格式的单元格（单元格中的数是 {invested}，显示时乘了 100），但单位是“亿元”，不是百分比；请在 Excel 或 WPS 中把该单元格设为“常规”或“数值”格式，核对数值后保存\n共发现 1 处错误。"
        )
    );
}
