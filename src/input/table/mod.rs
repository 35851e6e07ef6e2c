//! The one reader of tabular input, as DRC staff have it: CSV in UTF-8 (with
//! or without BOM), GB18030/GBK or UTF-16, comma or tab separated, or an
//! `.xlsx` workbook; headers in English or Chinese in any order; the long
//! layout (one row per year) or the wide one (one column per year). Rows come
//! out as [`Record`]s in the long layout, each remembering its line (the
//! Excel row number for a workbook) and the header words it came from.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::error::{Problem, Problems};
use crate::model::names::{fold_width, normalize};

/// One column a reader understands.
pub struct Field {
    /// The English header, also the name used in messages when the file has none.
    pub key: &'static str,
    /// Every header accepted for it (the key included), best first.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Several columns may name it (e.g. 指标编号 and 指标名称): the best alias wins.
    pub several: bool,
}

/// The columns of one kind of table.
pub struct Schema {
    pub fields: &'static [Field],
    /// Index of the year field; in a wide layout the year comes from the headers.
    pub year: usize,
    /// Fields a wide layout may give per year, e.g. `2023年下达目标`; a bare
    /// year column (`2023`, `2023年`) holds the first of them.
    pub per_year: &'static [usize],
    /// Sheet names looked for in a workbook before falling back to the first sheet.
    pub sheets: &'static [&'static str],
}

/// One data row in the long layout.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line in the file; the row number in a workbook.
    pub line: usize,
    values: Vec<String>,
    headers: Vec<String>,
}

impl Record {
    /// The trimmed cell of field `field` (an index into [`Schema::fields`]); empty if absent.
    pub fn get(&self, field: usize) -> &str {
        self.values.get(field).map_or("", |s| s.trim())
    }

    /// The header the cell came from, in the file's own words.
    pub fn header(&self, field: usize) -> &str {
        &self.headers[field]
    }
}

/// A raw row of cells with its line.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// Reads the table at `path` (CSV or, by its extension, `.xlsx`) in the
/// shape of `schema`. Every problem with the file as a whole is put in
/// `problems`; `None` when no row can be read.
pub fn read(path: &Path, schema: &Schema, problems: &mut Problems) -> Option<Vec<Record>> {
    let rows = if is_workbook(path) {
        read_workbook(path, schema.sheets)
    } else {
        read_csv(path)
    };
    let rows = match rows {
        Ok(rows) => rows,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    records(path, schema, rows, problems)
}

/// True for the workbook formats the reader opens.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn file_problem(path: &Path, line: Option<usize>, message: String) -> Problem {
    Problem::new(path, line, None, message)
}

/// Reads the file's bytes, with a Chinese account of why it cannot be read.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Problem> {
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

fn read_csv(path: &Path) -> Result<Vec<Row>, Problem> {
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
fn detect_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let tabs = first.matches('\t').count();
    let commas = first.matches(',').count();
    if tabs > commas { b'\t' } else { b',' }
}

fn read_workbook(path: &Path, preferred: &[&str]) -> Result<Vec<Row>, Problem> {
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
fn is_percent_format(code: &str) -> bool {
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
fn cell_text(cell: &Data, percent: bool) -> String {
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
fn number_text(value: f64) -> String {
    let rounded = (value * 1e9).round() / 1e9;
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

/// Where a column's cells go: a field, or a field of one year (wide layout).
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Field(usize),
    YearField(i32, usize),
}

/// The header compared in normalized form, without a trailing unit such as `（%）`.
fn header_key(header: &str) -> String {
    let key = normalize(header);
    match key.rfind('(') {
        Some(open) if open > 0 && key.ends_with(')') => key[..open].to_string(),
        _ => key,
    }
}

fn field_of(schema: &Schema, key: &str) -> Option<(usize, usize)> {
    schema.fields.iter().enumerate().find_map(|(f, field)| {
        field
            .aliases
            .iter()
            .position(|a| normalize(a) == key)
            .map(|rank| (f, rank))
    })
}

/// A header naming a year column: `2023`, `2023年`, `2023年度`, or one with a
/// per-year field before or after it (`2023年下达目标`, `quota 2023`).
fn year_header(schema: &Schema, key: &str) -> Option<(i32, usize)> {
    let digits: String = key.chars().take_while(char::is_ascii_digit).collect();
    let (year_text, rest) = if digits.len() == 4 {
        (digits.clone(), &key[4..])
    } else {
        let tail: String = key
            .trim_end_matches(['年', '度'])
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        if tail.len() != 4 {
            return None;
        }
        let year: String = tail.chars().rev().collect();
        let at = key.rfind(year.as_str())?;
        let rest = &key[..at];
        let suffix = key[at + 4..]
            .trim_start_matches('年')
            .trim_start_matches('度');
        if !suffix.is_empty() {
            return None;
        }
        (year, rest)
    };
    let year: i32 = year_text
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    let rest = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
        .unwrap_or(rest)
        .trim_matches(['_', '-', ' ']);
    if rest.is_empty() {
        return Some((year, schema.per_year[0]));
    }
    let (field, _) = field_of(schema, rest)?;
    schema.per_year.contains(&field).then_some((year, field))
}

/// Maps each header cell to its target, `None` for ignored columns.
fn targets(schema: &Schema, header: &[String]) -> Vec<Option<(Target, usize)>> {
    header
        .iter()
        .map(|h| {
            let key = header_key(h);
            if key.is_empty() {
                return None;
            }
            if let Some((f, rank)) = field_of(schema, &key) {
                return Some((Target::Field(f), rank));
            }
            year_header(schema, &key).map(|(y, f)| (Target::YearField(y, f), 0))
        })
        .collect()
}

/// True when a row looks like the header: it names at least one field (a
/// year alone does not count, as data rows hold years too).
fn names_a_column(schema: &Schema, cells: &[String]) -> bool {
    targets(schema, cells)
        .iter()
        .flatten()
        .any(|(t, _)| matches!(t, Target::Field(_)))
}

fn records(
    path: &Path,
    schema: &Schema,
    rows: Vec<Row>,
    problems: &mut Problems,
) -> Option<Vec<Record>> {
    let mut rows: Vec<Row> = rows
        .into_iter()
        .map(|mut r| {
            r.cells = r
                .cells
                .into_iter()
                .map(|c| {
                    c.trim_matches(['\u{FEFF}', ' ', '\t', '\u{3000}'])
                        .to_string()
                })
                .collect();
            r
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    // The header is the first row that names a column; title rows above it
    // (as statistics tables have) are skipped.
    let header_at = rows
        .iter()
        .take(20)
        .position(|r| names_a_column(schema, &r.cells))
        .unwrap_or(0);
    if rows.is_empty() {
        let expected: Vec<&str> = schema.fields.iter().map(|f| f.key).collect();
        problems.push(file_problem(
            path,
            None,
            format!("文件中没有表头行（应为：{}）", expected.join(",")),
        ));
        return None;
    }
    let body = rows.split_off(header_at + 1);
    let header_row = rows.pop().expect("header row");
    let header_line = header_row.line;
    let header = header_row.cells;
    let targets = targets(schema, &header);

    // Columns of each field; per-year columns by year.
    let mut columns: Vec<Option<(usize, usize)>> = vec![None; schema.fields.len()];
    let mut years: Vec<i32> = Vec::new();
    let mut year_columns: Vec<(i32, usize, usize)> = Vec::new();
    let mut ok = true;
    for (col, target) in targets.iter().enumerate() {
        match target {
            Some((Target::Field(f), rank)) => match columns[*f] {
                Some((first, first_rank)) => {
                    if schema.fields[*f].several {
                        if *rank < first_rank {
                            columns[*f] = Some((col, *rank));
                        }
                    } else {
                        problems.report(
                            path,
                            Some(header_line),
                            &header[col],
                            format!(
                                "列“{}”与列“{}”重复，都表示 {}",
                                header[col], header[first], schema.fields[*f].key
                            ),
                        );
                        ok = false;
                    }
                }
                None => columns[*f] = Some((col, *rank)),
            },
            Some((Target::YearField(y, f), _)) => {
                if let Some(&(_, _, first)) =
                    year_columns.iter().find(|(yy, ff, _)| yy == y && ff == f)
                {
                    problems.report(
                        path,
                        Some(header_line),
                        &header[col],
                        format!("列“{}”与列“{}”重复", header[col], header[first]),
                    );
                    ok = false;
                } else {
                    year_columns.push((*y, *f, col));
                    if !years.contains(y) {
                        years.push(*y);
                    }
                }
            }
            None => {}
        }
    }
    let wide = columns[schema.year].is_none() && !years.is_empty();
    for (f, field) in schema.fields.iter().enumerate() {
        let satisfied = columns[f].is_some()
            || (wide && f == schema.year)
            || (wide && year_columns.iter().any(|&(_, ff, _)| ff == f));
        if field.required && !satisfied {
            problems.report(
                path,
                Some(header_line),
                field.key,
                format!(
                    "缺少必需的列“{}”（可用列名：{}）",
                    field.key,
                    field.aliases.join("、")
                ),
            );
            ok = false;
        }
    }
    if !wide && !year_columns.is_empty() && columns[schema.year].is_some() {
        let (_, _, col) = year_columns[0];
        problems.report(
            path,
            Some(header_line),
            &header[col],
            format!(
                "表中既有“{}”列又有按年份排列的列“{}”，请只用一种格式：每年一行，或每年一列",
                header[columns[schema.year].expect("year column").0],
                header[col]
            ),
        );
        ok = false;
    }
    if !ok {
        return None;
    }

    let header_of = |f: usize| {
        columns[f].map_or_else(
            || schema.fields[f].key.to_string(),
            |(c, _)| header[c].clone(),
        )
    };
    let cell = |row: &Row, col: usize| row.cells.get(col).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for row in &body {
        let base: Vec<String> = (0..schema.fields.len())
            .map(|f| columns[f].map(|(c, _)| cell(row, c)).unwrap_or_default())
            .collect();
        let headers: Vec<String> = (0..schema.fields.len()).map(header_of).collect();
        if !wide {
            out.push(Record {
                line: row.line,
                values: base,
                headers,
            });
            continue;
        }
        for &year in &years {
            let mut values = base.clone();
            let mut hs = headers.clone();
            let mut said = false;
            for &(_, f, col) in year_columns.iter().filter(|(y, _, _)| *y == year) {
                let text = cell(row, col);
                said |= !text.is_empty();
                values[f] = text;
                hs[f] = header[col].clone();
            }
            if !said {
                continue;
            }
            values[schema.year] = year.to_string();
            // A year's problems are located by its column, e.g. `2023年`.
            hs[schema.year] = hs[schema.per_year[0]].clone();
            out.push(Record {
                line: row.line,
                values,
                headers: hs,
            });
        }
    }
    Some(out)
}

/// A year as staff write it: `2024`, `2024年`, `2024年度`, `２０２４`.
pub fn parse_year(cell: &str) -> Option<i32> {
    let text: String = fold_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(&text);
    if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A numeric cell as staff write it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Empty, or a dash or slash statistics tables use for "no figure".
    Empty,
    Number(f64),
    /// Not a number.
    Invalid,
}

/// Parses `10.7`, `10.7%`, `１０．７`, `1,234.5`, ` -3 `; `—`, `-`, `/` mean no figure.
pub fn parse_value(cell: &str) -> Value {
    let text: String = fold_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() || ["-", "--", "---", "/", "…", "……", "...", "－"].contains(&text.as_str())
    {
        return Value::Empty;
    }
    let text = text.strip_suffix('%').unwrap_or(&text);
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
        || !text.chars().any(|c| c.is_ascii_digit())
    {
        return Value::Invalid;
    }
    let plain = if text.contains(',') {
        // Thousands separators only: 1,234,567.8; never a decimal comma.
        let unsigned = text.trim_start_matches(['-', '+']);
        let int = unsigned.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Value::Invalid;
        }
        text.replace(',', "")
    } else {
        text.to_string()
    };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Value::Number(v),
        _ => Value::Invalid,
    }
}

/// Parses a number as staff write it; `None` when it is empty or not a number.
pub fn parse_number(cell: &str) -> Option<f64> {
    match parse_value(cell) {
        Value::Number(v) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_staff_write_them() {
        assert_eq!(parse_value("10.7"), Value::Number(10.7));
        assert_eq!(parse_value(" 10.7% "), Value::Number(10.7));
        assert_eq!(parse_value("１０．７"), Value::Number(10.7));
        assert_eq!(parse_value("1,234.5"), Value::Number(1234.5));
        assert_eq!(parse_value("-4.6"), Value::Number(-4.6));
        assert_eq!(parse_value("－4.6"), Value::Number(-4.6));
        assert_eq!(parse_value(""), Value::Empty);
        assert_eq!(parse_value("—"), Value::Empty);
        assert_eq!(parse_value("10,7"), Value::Invalid);
        assert_eq!(parse_value("十二"), Value::Invalid);
        assert_eq!(parse_value("1e5"), Value::Invalid);
    }

    #[test]
    fn years_as_staff_write_them() {
        assert_eq!(parse_year("2024"), Some(2024));
        assert_eq!(parse_year("2024年"), Some(2024));
        assert_eq!(parse_year("２０２４年度"), Some(2024));
        assert_eq!(parse_year("24"), None);
    }

    #[test]
    fn decodes_utf8_gb18030_and_utf16() {
        assert_eq!(decode("年份".as_bytes()).unwrap(), "年份");
        assert_eq!(decode(b"\xEF\xBB\xBFyear").unwrap(), "year");
        let (gbk, _, _) = encoding_rs::GB18030.encode("年份,指标");
        assert_eq!(decode(&gbk).unwrap(), "年份,指标");
        assert_eq!(decode(b"\xFF\xFEa\x00b\x00").unwrap(), "ab");
        assert_eq!(decode(b"year\nCaf\xE9,\n"), Err(2));
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.0%"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("General"));
    }
}
