//! Reading a table's rows: CSV bytes decoded (UTF-8, UTF-16, GB18030) and
//! split, or a workbook's sheet read cell by cell as the staff see it.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::error::Problem;
use crate::model::names::normalize;

use super::*;

pub(super) fn file_problem(path: &Path, line: Option<usize>, message: String) -> Problem {
    Problem::new(path, line, None, message)
}

/// The file's bytes as read, with a Chinese account of why they could not be.
pub(super) fn read_bytes(file: &TableFile) -> Result<Arc<[u8]>, Problem> {
    let path = file.path.as_path();
    file.bytes.clone().map_err(|(kind, message)| {
        let why = match kind {
            std::io::ErrorKind::NotFound => "文件不存在".to_string(),
            std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
            std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_string(),
            _ => message,
        };
        file_problem(path, None, format!("无法读取文件：{why}"))
    })
}

/// Decodes CSV bytes: UTF-8 with or without BOM, UTF-16 with BOM, else
/// GB18030 (which covers GBK and GB2312). The error is the 1-based line of
/// the first byte that is none of these: of the encoding that read further, the
/// one the file is most likely in.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, usize> {
    let line_at = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom..]).map_err(|at| line_at(bom + at));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8) => {
            strict(encoding_rs::GB18030, bytes).map_err(|at| line_at(at.max(utf8.valid_up_to())))
        }
    }
}

/// Decodes all of `bytes` in `encoding`, or says where the first malformed byte is.
fn strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        // The malformed sequence ends at `read`; it starts at most a few bytes before.
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(read.saturating_sub(usize::from(bad))),
        encoding_rs::DecoderResult::OutputFull => Err(read),
    }
}

/// The CSV reader of every table the program reads or edits, over decoded `text`: no header
/// row (the header is found by its words), rows of any width, lines starting with `#` skipped.
pub(crate) fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Reads a CSV file's rows, blank ones skipped and not counted. (Over 80 lines: the reader's
/// loop and the two checks of its last row share its positions.)
pub(super) fn read_csv(file: &TableFile, max_rows: usize) -> Result<Vec<Row>, Problem> {
    let path = file.path.as_path();
    let bytes = read_bytes(file)?;
    let text = decode(&bytes).map_err(|line| {
        file_problem(
            path,
            Some(line),
            "文件编码无法识别（不是 UTF-8，也不是 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”后重试".to_string(),
        )
    })?;
    let delimiter = detect_delimiter(&text);
    // A line that starts with an Excel error value would be taken for a comment and lost.
    for (i, line) in text.lines().enumerate() {
        let first = line.split(delimiter as char).next().unwrap_or("").trim();
        if let Some(error) = excel_error(first) {
            return Err(file_problem(
                path,
                Some(i + 1),
                format!(
                    "本行以 Excel 错误值“{error}”开头（公式出错），整行会被当作注释丢失；请在 Excel 中修正公式或改填数值后重新导出"
                ),
            ));
        }
    }
    let mut reader = csv_reader(&text, delimiter);
    // The reader may place a record at the comment or blank line before it.
    let lines: Vec<&str> = text.lines().collect();
    let skip_to_data = |mut line: usize| {
        while lines
            .get(line.wrapping_sub(1))
            .is_some_and(|l| l.starts_with('#') || l.trim().is_empty())
        {
            line += 1;
        }
        line
    };
    let mut rows = Vec::new();
    let mut last: Option<(usize, usize, bool)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            file_problem(path, line, format!("CSV 格式错误：{e}"))
        })?;
        // A row of empty cells (`,,,,`, or only spaces), as Excel leaves below a table, is
        // no row: it is neither kept nor counted.
        if record.iter().all(is_blank) {
            continue;
        }
        let line = skip_to_data(record.position().map_or(1, |p| p.line() as usize));
        if rows.len() == max_rows {
            return Err(too_long(path, line, max_rows));
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        last = Some((start, line, record.iter().any(|c| c.contains('\n'))));
        rows.push(Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    if let Some((start, line, multiline)) = last {
        // An opening quote never closed swallows the rest of the file into one cell.
        let quotes = text
            .get(start..)
            .map_or(0, |rest| rest.bytes().filter(|&b| b == b'"').count());
        if multiline && quotes % 2 == 1 {
            return Err(file_problem(
                path,
                Some(line),
                "本行的英文引号（\"）没有配对，从这里到文件末尾的内容都被读成了同一个单元格；请检查该行的引号".to_string(),
            ));
        }
        // A last row shorter than the one before it, with no line end: the file was cut.
        let short = match rows.as_slice() {
            [.., before, last] => last.cells.len() < before.cells.len(),
            _ => false,
        };
        if short && !text.ends_with(['\n', '\r']) {
            return Err(file_problem(
                path,
                Some(line),
                "最后一行的字段比上一行少，文件末尾也没有换行：文件可能不完整（被截断），请重新导出或补全该行".to_string(),
            ));
        }
    }
    Ok(rows)
}

/// The problem of a table longer than its plan can need, at the first row too many.
fn too_long(path: &Path, line: usize, max_rows: usize) -> Problem {
    file_problem(
        path,
        Some(line),
        format!(
            "表中的数据行超过 {max_rows} 行，远多于规划的指标（任务）数与年份数所需，从本行起不再读取：请确认这是正确的文件，并删除重复的行"
        ),
    )
}

/// The Excel error value (`#REF!`, `#DIV/0!`, `#N/A`, ...) a cell holds, if it is one.
pub(crate) fn excel_error(cell: &str) -> Option<&str> {
    const ERRORS: [&str; 9] = [
        "#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    ];
    let cell = cell.trim();
    ERRORS
        .iter()
        .any(|e| cell.eq_ignore_ascii_case(e))
        .then_some(cell)
}

/// Tab when the first data line has more tabs than commas, else comma.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let tabs = first.matches('\t').count();
    let commas = first.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

/// Reads a workbook sheet's rows as the staff see them, blank ones skipped and not counted.
/// (Over 80 lines: opening, the formula check and the cell loop share the sheet's range.)
pub(super) fn read_workbook(
    file: &TableFile,
    preferred: &[&str],
    max_rows: usize,
) -> Result<Vec<Row>, Problem> {
    let path = file.path.as_path();
    let bytes = read_bytes(file)?;
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        file_problem(
            path,
            None,
            format!("无法打开 Excel 工作簿（{e}），请确认文件是 .xlsx 格式且未加密"),
        )
    })?;
    let names = book.sheet_names();
    let sheet = names
        .iter()
        .find(|n| preferred.iter().any(|p| normalize(n) == normalize(p)))
        .or(names.first())
        .cloned()
        .ok_or_else(|| file_problem(path, None, "工作簿中没有工作表".to_string()))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| file_problem(path, None, format!("无法读取工作表“{sheet}”：{e}")))?;
    // A formula without its result saved (a file written by a program and never recalculated
    // in Excel) would read as an empty cell, "no figure": it is refused instead.
    if let Ok(formulas) = book.worksheet_formula(&sheet)
        && let Some((r, c, formula)) = formulas
            .used_cells()
            .map(|(r, c, f)| {
                let (r0, c0) = formulas.start().unwrap_or((0, 0));
                (r0 + r as u32, c0 + c as u32, f)
            })
            .find(|&(r, c, f)| {
                !f.is_empty() && range.get_value((r, c)).is_none_or(|v| *v == Data::Empty)
            })
    {
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
        return Ok(Vec::new());
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
        for (j, cell) in cells.iter().enumerate() {
            let percent = styles
                .as_ref()
                .and_then(|s| s.get((r, col0 + j as u32)))
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| is_percent_format(&f.format_code));
            out.push(cell_text(cell, percent));
        }
        rows.push(Row {
            line: r as usize + 1,
            cells: out,
        });
    }
    Ok(rows)
}

/// True for a cell holding nothing but spaces (ASCII, tab or ideographic).
fn is_blank(cell: &str) -> bool {
    cell.trim_matches(['\u{FEFF}', ' ', '\t', '\u{3000}', '\r', '\n'])
        .is_empty()
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
