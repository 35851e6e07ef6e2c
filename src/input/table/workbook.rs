//! Reading a workbook's data sheet as the staff see it: the sheet chosen by its name or as
//! the first visible one, formulas without a saved result refused, each cell as the text
//! Excel shows. It must not guess at a sheet the staff cannot see when another is in view.

use calamine::{Data, Reader, SheetType, SheetVisible, Xlsx};

use crate::error::Problem;
use crate::model::names::normalize;

use super::decode::{file_problem, is_blank, read_bytes, too_long};
use super::*;

/// The worksheet a table is read from.
pub(super) struct Sheet {
    name: String,
    hidden: bool,
}

impl Sheet {
    /// The sheet as messages name it: 工作表“指标数据”, 工作表“垃圾”（隐藏）.
    pub(super) fn label(&self) -> String {
        let hidden = if self.hidden { "（隐藏）" } else { "" };
        format!("工作表“{}”{hidden}", self.name)
    }
}

/// The worksheet to read: the first named as `preferred` says (one the staff can see before
/// a hidden one), else the first the staff can see; a hidden sheet (often an old copy or a
/// lookup list) only when no other is left, and never a chart sheet.
fn choose_sheet(sheets: &[calamine::Sheet], preferred: &[&str]) -> Option<Sheet> {
    let worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    let visible = |s: &&&calamine::Sheet| s.visible == SheetVisible::Visible;
    let named =
        |s: &&&calamine::Sheet| preferred.iter().any(|p| normalize(&s.name) == normalize(p));
    let sheet = (worksheets.iter().filter(visible).find(named))
        .or_else(|| worksheets.iter().find(named))
        .or_else(|| worksheets.iter().find(visible))
        .or_else(|| worksheets.first())?;
    Some(Sheet {
        name: sheet.name.clone(),
        hidden: sheet.visible != SheetVisible::Visible,
    })
}

/// Reads a workbook sheet's rows as the staff see them, blank ones skipped and not counted,
/// and the sheet they were read from.
/// The first cell of `sheet` (0-based row and column) holding a formula whose result was never
/// saved (a file written by a program and not recalculated in Excel or WPS): it would read as
/// an empty cell. Workbooks read as tables and returns `collect` reads both refuse it.
pub(crate) fn unsaved_formula<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    range: &calamine::Range<Data>,
) -> Option<(u32, u32, String)> {
    let formulas = book.worksheet_formula(sheet).ok()?;
    let (r0, c0) = formulas.start().unwrap_or((0, 0));
    formulas
        .used_cells()
        .map(|(r, c, f)| (r0 + r as u32, c0 + c as u32, f))
        .find(|&(r, c, f)| {
            !f.is_empty() && range.get_value((r, c)).is_none_or(|v| *v == Data::Empty)
        })
        .map(|(r, c, f)| (r, c, f.clone()))
}

/// (Over 80 lines: opening, the formula check and the cell loop share the sheet's range.)
pub(super) fn read_workbook(
    file: &TableFile,
    preferred: &[&str],
    max_rows: usize,
) -> Result<(Vec<Row>, Sheet), Problem> {
    let path = file.path.as_path();
    let bytes = read_bytes(file)?;
    // Text whose first line is split into cells: a CSV file saved under a name ending .xlsx.
    let text = !bytes.starts_with(b"PK")
        && super::decode::decode(&bytes).is_ok_and(|text| {
            text.lines()
                .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .is_some_and(|l| l.contains([',', '\t', ';']))
        });
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        let message = if text {
            let stem = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            format!(
                "这是文本文件（CSV），不是 Excel 工作簿，只是文件名以 .xlsx 结尾；请把文件改名为 {stem}.csv"
            )
        } else {
            format!("无法打开 Excel 工作簿（{e}），请确认文件是 .xlsx 格式且未加密")
        };
        file_problem(path, None, message)
    })?;
    let chosen = choose_sheet(book.sheets_metadata(), preferred)
        .ok_or_else(|| file_problem(path, None, "工作簿中没有工作表".to_string()))?;
    let sheet = chosen.name.clone();
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| file_problem(path, None, format!("无法读取工作表“{sheet}”：{e}")))?;
    // A formula without its result saved (a file written by a program and never recalculated
    // in Excel) would read as an empty cell, "no figure": it is refused instead.
    if let Some((r, c, formula)) = unsaved_formula(&mut book, &sheet, &range) {
        return Err(file_problem(
            path,
            Some(r as usize + 1),
            format!(
                "工作表“{sheet}”第 {} 行第 {} 列是公式“={formula}”，但文件中没有保存它的计算结果；请在 Excel 或 WPS 中打开、重新计算并保存后再试",
                r + 1,
                c + 1
            ),
        ));
    }
    // Number formats tell which cells Excel shows as percentages (0.107 → 10.7%).
    let styles = book.worksheet_style(&sheet).ok();
    let Some((row0, col0)) = range.start() else {
        return Ok((Vec::new(), chosen));
    };
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let r = row0 + i as u32;
        // Rows of empty cells or spaces are skipped, not counted (see `read_csv`).
        if cells.iter().all(|cell| match cell {
            Data::Empty => true,
            Data::String(s) => is_blank(s),
            _ => false,
        }) {
            continue;
        }
        if rows.len() == max_rows {
            return Err(too_long(path, r as usize + 1, max_rows));
        }
        let mut out = vec![String::new(); col0 as usize];
        let mut shown_as_percent = Vec::new();
        for (j, cell) in cells.iter().enumerate() {
            let percent = styles
                .as_ref()
                .and_then(|s| s.get((r, col0 + j as u32)))
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| is_percent_format(&f.format_code));
            // Only a number is multiplied by 100 for display; text stays as typed.
            if percent && matches!(cell, Data::Int(_) | Data::Float(_)) {
                shown_as_percent.push(out.len());
            }
            out.push(cell_text(cell, percent));
        }
        rows.push(Row {
            line: r as usize + 1,
            cells: out,
            percent: shown_as_percent,
        });
    }
    Ok((rows, chosen))
}

/// True for an Excel number format that multiplies by 100 (a `%` outside quotes).
pub(crate) fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A cell as the text a user sees in Excel, for the same parsing as CSV.
pub(crate) fn cell_text(cell: &Data, percent: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) if percent => format!("{}%", i * 100),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if percent => format!("{}%", number_text(f * 100.0)),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A date shows as Excel displays it (2020-01-01), not as its serial number (43831).
        Data::DateTime(d) if d.is_datetime() => excel_date(d.as_f64()),
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Error(e) => format!("{e}"),
    }
}

/// The day of an Excel date serial (1900 date system, days since 1899-12-30), as Excel shows
/// it: `2020-01-01` for 43831; a serial before 1900-03-01 (where Excel counts a day that never
/// was) or out of range stays a number.
fn excel_date(serial: f64) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
    let days = serial.floor();
    if !(61.0..=2_958_465.0).contains(&days) {
        return number_text(serial);
    }
    match epoch.checked_add_days(chrono::Days::new(days as u64)) {
        Some(date) => date.to_string(),
        None => number_text(serial),
    }
}

/// A float without the binary noise of spreadsheet arithmetic (0.1+0.2 → 0.3).
pub(super) fn number_text(value: f64) -> String {
    let rounded = (value * 1e9).round() / 1e9;
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}
