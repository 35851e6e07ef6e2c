//! From rows to records: the header understood (English or Chinese, any
//! order, years as columns) and the wide layout turned into the long one.

use std::path::Path;
use std::sync::Arc;

use crate::error::Problems;
use crate::model::names::normalize;

use super::decode::file_problem;
use super::rows::{check_widths, refuse_control, warn_hidden};
use super::*;

/// Where a table's rows came from, for messages: the file, and a workbook's sheet.
pub(super) struct Source<'a> {
    pub(super) path: &'a Path,
    /// The sheet as messages name it (工作表“指标数据”), for a workbook.
    pub(super) sheet: Option<&'a str>,
}

impl Source<'_> {
    /// A message about the table as a whole, naming the sheet in a workbook.
    fn said(&self, message: String) -> String {
        match self.sheet {
            Some(sheet) => format!("{sheet}：{message}"),
            None => message,
        }
    }
}

/// Where a column's cells go: a field, or a field of one year (wide layout).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Target {
    Field(usize),
    YearField(i32, usize),
}

/// The header compared in normalized form, without a trailing unit such as `（%）`.
pub(super) fn header_key(header: &str) -> String {
    let key = normalize(header);
    match key.rfind('(') {
        Some(open) if open > 0 && key.ends_with(')') => key[..open].to_string(),
        _ => key,
    }
}

pub(super) fn field_of(schema: &Schema, key: &str) -> Option<(usize, usize)> {
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
pub(super) fn year_header(schema: &Schema, key: &str) -> Option<(i32, usize)> {
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
pub(super) fn targets(schema: &Schema, header: &[String]) -> Vec<Option<(Target, usize)>> {
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
pub(super) fn names_a_column(schema: &Schema, cells: &[String]) -> bool {
    targets(schema, cells)
        .iter()
        .flatten()
        .any(|(t, _)| matches!(t, Target::Field(_)))
}

/// The header among the first 20 rows: of the rows that name a column, the one naming the
/// most (the first of equals). Title rows above it (as statistics tables have) are skipped,
/// and so is a row of group titles over the real headers (基本信息 | 数值, merged cells),
/// though a group title may be a column's name.
fn header_row(schema: &Schema, rows: &[Row]) -> usize {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().take(20).enumerate() {
        if !names_a_column(schema, &row.cells) {
            continue;
        }
        let named = targets(schema, &row.cells).iter().flatten().count();
        if best.is_none_or(|(_, most)| named > most) {
            best = Some((i, named));
        }
    }
    best.map_or(0, |(i, _)| i)
}

/// The columns a header maps to: each field's column (with its alias's rank), and in the
/// wide layout the per-year columns and their years in header order.
struct Columns {
    fields: Vec<Option<(usize, usize)>>,
    years: Vec<i32>,
    year_columns: Vec<(i32, usize, usize)>,
    wide: bool,
}

/// Rows to records: the header found, its columns mapped, the rows' widths checked, then the
/// long or wide rows emitted.
pub(super) fn records(
    source: &Source,
    schema: &Schema,
    rows: Vec<Row>,
    check_width: bool,
    problems: &mut Problems,
) -> Option<Vec<Record>> {
    let path = source.path;
    let mut rows = trimmed(rows);
    let header_at = header_row(schema, &rows);
    if rows.is_empty() {
        let expected: Vec<&str> = schema.fields.iter().map(Field::name).collect();
        let message = match source.sheet {
            Some(_) => format!("没有表头行（应为：{}）", expected.join(",")),
            None => format!("文件中没有表头行（应为：{}）", expected.join(",")),
        };
        problems.push(file_problem(path, None, source.said(message)));
        return None;
    }
    let mut body = rows.split_off(header_at + 1);
    let header = rows.pop().expect("header row");
    let columns = map_columns(source, schema, &header, problems)?;
    let named = (schema.fields.iter().enumerate())
        .map(|(f, field)| (field.key, column_name(schema, &header.cells, &columns, f)))
        .collect();
    problems.name_columns(path, named);
    if check_width {
        check_widths(path, &header.cells, &body, problems);
    }
    warn_hidden(path, &header.cells, &body, problems);
    refuse_control(path, &header.cells, &mut body, problems);
    Some(emit(schema, &header.cells, &columns, body))
}

/// The rows with each cell trimmed (a byte-order mark, spaces, tabs, ideographic spaces), and
/// without the rows left empty, as Excel leaves below a table.
fn trimmed(rows: Vec<Row>) -> Vec<Row> {
    rows.into_iter()
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
        .collect()
}

/// The header's columns mapped to the schema's fields, or `None` with every problem of the
/// header reported: a field named twice, a required field missing, both layouts at once.
fn map_columns(
    source: &Source,
    schema: &Schema,
    header_row: &Row,
    problems: &mut Problems,
) -> Option<Columns> {
    let (header_line, header) = (header_row.line, &header_row.cells);
    let mut columns: Vec<Option<(usize, usize)>> = vec![None; schema.fields.len()];
    let mut years: Vec<i32> = Vec::new();
    let mut year_columns: Vec<(i32, usize, usize)> = Vec::new();
    let mut ok = true;
    let mut twice = |col: usize, message: String| {
        problems.report(
            source.path,
            Some(header_line),
            &header[col],
            source.said(message),
        );
    };
    for (col, target) in targets(schema, header).iter().enumerate() {
        match target {
            Some((Target::Field(f), rank)) => match columns[*f] {
                Some((first, first_rank)) => {
                    if schema.fields[*f].several {
                        if *rank < first_rank {
                            columns[*f] = Some((col, *rank));
                        }
                    } else {
                        twice(
                            col,
                            format!(
                                "列“{}”与列“{}”重复，都表示“{}”",
                                header[col],
                                header[first],
                                schema.fields[*f].name()
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
                    twice(
                        col,
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
    let columns = Columns {
        fields: columns,
        years,
        year_columns,
        wide,
    };
    let complete = complete(source, schema, header_row, &columns, problems);
    (ok && complete).then_some(columns)
}

/// Whether the columns give every required field, in one layout only; each lack reported.
fn complete(
    source: &Source,
    schema: &Schema,
    header_row: &Row,
    columns: &Columns,
    problems: &mut Problems,
) -> bool {
    let (header_line, header) = (header_row.line, &header_row.cells);
    let mut ok = true;
    for (f, field) in schema.fields.iter().enumerate() {
        let satisfied = columns.fields[f].is_some()
            || (columns.wide && f == schema.year)
            || (columns.wide && columns.year_columns.iter().any(|&(_, ff, _)| ff == f));
        if field.required && !satisfied {
            problems.report(
                source.path,
                Some(header_line),
                field.name(),
                source.said(format!(
                    "缺少必需的列“{}”（可用列名：{}）",
                    field.name(),
                    field.aliases.join("、")
                )),
            );
            ok = false;
        }
    }
    if !columns.wide && !columns.year_columns.is_empty() && columns.fields[schema.year].is_some() {
        let (_, _, col) = columns.year_columns[0];
        problems.report(
            source.path,
            Some(header_line),
            &header[col],
            source.said(format!(
                "表中既有“{}”列又有按年份排列的列“{}”，请只用一种格式：每年一行，或每年一列",
                header[columns.fields[schema.year].expect("year column").0],
                header[col]
            )),
        );
        ok = false;
    }
    ok
}

/// The records of the body's rows: one a row in the long layout, one a row and year with a
/// value in the wide one.
fn emit(schema: &Schema, header: &[String], columns: &Columns, body: Vec<Row>) -> Vec<Record> {
    let cell = |row: &mut Row, col: usize| {
        row.cells
            .get_mut(col)
            .map(std::mem::take)
            .unwrap_or_default()
    };
    // One list of headers for all rows (and one a year in the wide layout), shared.
    let headers: Arc<[String]> = (0..schema.fields.len())
        .map(|f| column_name(schema, header, columns, f))
        .collect();
    let mut out = Vec::new();
    for mut row in body {
        let base_percent = percent_mask(
            &row,
            (0..schema.fields.len()).filter_map(|f| columns.fields[f].map(|(c, _)| (f, c))),
        );
        let base: Vec<String> = (0..schema.fields.len())
            .map(|f| {
                columns.fields[f]
                    .map(|(c, _)| cell(&mut row, c))
                    .unwrap_or_default()
            })
            .collect();
        let headers = headers.clone();
        if !columns.wide {
            out.push(Record {
                line: row.line,
                values: base,
                headers,
                percent: base_percent,
            });
            continue;
        }
        for &year in &columns.years {
            let in_year = || {
                (columns.year_columns.iter())
                    .filter(move |(y, _, _)| *y == year)
                    .map(|&(_, f, col)| (f, col))
            };
            // A year's cells replace the fields' own: so do their formats.
            let replaced = in_year().fold(0u64, |mask, (f, _)| mask | bit(f));
            let percent = (base_percent & !replaced) | percent_mask(&row, in_year());
            let mut values = base.clone();
            let mut hs = headers.to_vec();
            let mut said = false;
            for (f, col) in in_year() {
                let text = cell(&mut row, col);
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
                headers: hs.into(),
                percent,
            });
        }
    }
    out
}

/// What field `f`'s column is called in messages: its header in the file, or the expected
/// Chinese header when the file has no such column (the year of a wide layout, an optional
/// column left out).
fn column_name(schema: &Schema, header: &[String], columns: &Columns, f: usize) -> String {
    match columns.fields[f] {
        Some((c, _)) => header[c].clone(),
        None => schema.fields[f].name().to_string(),
    }
}

/// A record's mask bit for field `f` (none beyond the mask's 64 fields).
fn bit(f: usize) -> u64 {
    if f < 64 { 1 << f } else { 0 }
}

/// The mask of the `(field, column)` pairs whose cells in `row` are numbers shown as
/// percentages.
fn percent_mask(row: &Row, fields: impl Iterator<Item = (usize, usize)>) -> u64 {
    fields
        .filter(|(_, col)| row.percent.contains(col))
        .fold(0, |mask, (f, _)| mask | bit(f))
}
