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

/// Reads the file's bytes, with a Chinese account of why it cannot be read.
pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, Problem> {
    std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "文件不存在".to_string(),
            std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
            std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_string(),
            _ => e.to_string(),
        };
        file_problem(path, None, format!("无法读取文件：{why}"))
    })
}

/// Decodes CSV bytes: UTF-8 with or without BOM, UTF-16 with BOM, else
/// GB18030 (which covers GBK and GB2312). The error is the 1-based line of
/// the first byte that is none of these.
pub fn decode(bytes: &[u8]) -> Result<String, usize> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return if had_errors {
            Err(1)
        } else {
            Ok(text.into_owned())
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
            .ok_or_else(|| {
                let at = utf8.valid_up_to();
                bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
            }),
    }
}

pub(super) fn read_csv(path: &Path) -> Result<Vec<Row>, Problem> {
    let bytes = read_bytes(path)?;
    let text = decode(&bytes).map_err(|line| {
        file_problem(
            path,
            Some(line),
            "文件编码无法识别（不是 UTF-8，也不是 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”后重试".to_string(),
        )
    })?;
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
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
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            file_problem(path, line, format!("CSV 格式错误：{e}"))
        })?;
        let line = skip_to_data(record.position().map_or(1, |p| p.line() as usize));
        rows.push(Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// Tab when the first data line has more tabs than commas, else comma.
pub(super) fn detect_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let tabs = first.matches('\t').count();
    let commas = first.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

pub(super) fn read_workbook(path: &Path, preferred: &[&str]) -> Result<Vec<Row>, Problem> {
    read_bytes(path)?;
    let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
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
    // Number formats tell which cells Excel shows as percentages (0.107 → 10.7%).
    let styles = book.worksheet_style(&sheet).ok();
    let Some((row0, col0)) = range.start() else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let r = row0 + i as u32;
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
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::Error(e) => format!("{e}"),
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
