//! Reading a CSV table's rows: its bytes decoded (UTF-8, UTF-16, GB18030) and split at its
//! separator, each row with the line an editor shows it on (LF, CRLF or old-Mac CR line
//! ends alike). It must not read a workbook's bytes as text.

use std::path::Path;

use crate::error::Problem;

use super::*;
/// The one decoder of text files (in [`crate::files`], for the plan and the rules too).
pub(crate) use crate::files::encoding::decode;

pub(super) fn file_problem(path: &Path, line: Option<usize>, message: String) -> Problem {
    Problem::new(path, line, None, message)
}

/// The file's bytes as read, with a Chinese account of why they could not be.
pub(super) fn read_bytes(file: &TableFile) -> Result<Arc<[u8]>, Problem> {
    let path = file.path.as_path();
    file.bytes.clone().map_err(|(kind, message)| {
        let error = std::io::Error::new(kind, message);
        let why = crate::error::os_reason(path, &error, crate::error::Access::Read);
        file_problem(path, None, format!("无法读取文件：{why}"))
    })
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
    if let Some(message) = workbook_named_csv(path, &bytes) {
        return Err(file_problem(path, None, message));
    }
    let text = decode(&bytes).map_err(|line| {
        file_problem(
            path,
            Some(line),
            "文件编码无法识别（不是 UTF-8，也不是 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”后重试".to_string(),
        )
    })?;
    // Old-Mac files end their lines with a lone CR, where the reader ends a comment only at an
    // LF: such a CR is read as an LF, one byte for one, so the reader's byte positions stay.
    let text = lone_cr_as_lf(text);
    let lines = LineStarts::of(&text);
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
    let mut rows = Vec::new();
    let mut last: Option<(usize, usize, bool)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e
                .position()
                .map(|p| lines.record_line(&text, p.byte() as usize));
            file_problem(path, line, format!("CSV 格式错误：{e}"))
        })?;
        // A row of empty cells (`,,,,`, or only spaces), as Excel leaves below a table, is
        // no row: it is neither kept nor counted.
        if record.iter().all(is_blank) {
            continue;
        }
        let line = lines.record_line(&text, record.position().map_or(0, |p| p.byte() as usize));
        if rows.len() == max_rows {
            return Err(too_long(path, line, max_rows));
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        last = Some((start, line, record.iter().any(|c| c.contains('\n'))));
        rows.push(Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
            percent: Vec::new(),
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

/// What to tell of a file named .csv that is a workbook by its first bytes, as Excel leaves
/// one saved under a name typed in full: an .xlsx (a zip archive), or an old .xls or an
/// encrypted workbook (both OLE compound files).
fn workbook_named_csv(path: &Path, bytes: &[u8]) -> Option<String> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    if bytes.starts_with(ZIP) {
        Some(format!(
            "这是一个 Excel 工作簿（.xlsx），不是 CSV 文本文件，只是文件名以 .csv 结尾；请把文件改名为 {stem}.xlsx，或在 Excel 或 WPS 中打开后另存为“CSV UTF-8（逗号分隔）”"
        ))
    } else if bytes.starts_with(OLE) {
        Some("这是旧版 Excel 工作簿（.xls）或加了密码的工作簿，不是 CSV 文本文件；请在 Excel 或 WPS 中打开（取消密码）后另存为 .xlsx 或“CSV UTF-8（逗号分隔）”".to_string())
    } else {
        None
    }
}

/// `text` with each CR that no LF follows (an old-Mac line end) made an LF.
pub(crate) fn lone_cr_as_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    let crs: Vec<usize> = memchr::memchr_iter(b'\r', &bytes).collect();
    for i in crs {
        if bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("an ASCII byte replaced by an ASCII byte")
}

/// Where each line of a text starts, to tell the line of a byte as an editor counts it (after
/// [`lone_cr_as_lf`], every line ends with an LF, alone or after a CR).
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(text: &str) -> LineStarts {
        LineStarts(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| i + 1)
                .collect(),
        )
    }

    /// The 1-based line of byte `at`.
    fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&start| start <= at) + 1
    }

    /// The line of the record the reader places at byte `at`: the reader places a record where
    /// the one before it ended, before the LF of a CRLF and before the comment and empty lines
    /// it skips, so those are passed over first.
    fn record_line(&self, text: &str, mut at: usize) -> usize {
        let bytes = text.as_bytes();
        loop {
            while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            if bytes.get(at) != Some(&b'#') {
                return self.line(at);
            }
            at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        }
    }
}

/// The problem of a table longer than its plan can need, at the first row too many.
pub(super) fn too_long(path: &Path, line: usize, max_rows: usize) -> Problem {
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

/// The separator the first data line has most of: a tab (a table copied out of Excel), a
/// semicolon (a CSV saved by Excel set to a European locale), else a comma.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (tabs, semicolons, commas) = (count('\t'), count(';'), count(','));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas && semicolons > tabs {
        b';'
    } else {
        b','
    }
}

/// True for a cell holding nothing but spaces (ASCII, tab or ideographic).
pub(super) fn is_blank(cell: &str) -> bool {
    cell.trim_matches(['\u{FEFF}', ' ', '\t', '\u{3000}', '\r', '\n'])
        .is_empty()
}
