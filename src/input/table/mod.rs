//! The one reader of tabular input, as DRC staff have it: CSV in UTF-8 (with
//! or without BOM), GB18030/GBK or UTF-16, comma, semicolon or tab separated, with LF, CRLF
//! or CR line ends, or an
//! `.xlsx` workbook; headers in English or Chinese in any order; the long
//! layout (one row per year) or the wide one (one column per year). Rows come
//! out as [`Record`]s in the long layout, each remembering its line (the
//! Excel row number for a workbook) and the header words it came from.
//! Its front door is [`read`] (with [`TableFile`], [`Schema`], [`Record`]); the decoding and
//! the shaping of rows stay inside.

mod cells;
mod decode;
mod rows;
mod shape;
mod workbook;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Problems;

pub(crate) use cells::{Value, not_understood, parse_value, parse_year, percent_misfit, row_year};
pub(crate) use decode::excel_error;
use decode::read_csv;
/// How a CSV file's fields are separated (for the forms' merge into a table in place).
pub(crate) use decode::{csv_reader, detect_delimiter, lone_cr_as_lf};
use shape::records;
use workbook::read_workbook;
/// A workbook cell as the text Excel shows (for readers of other workbooks, such as the forms).
pub(crate) use workbook::{cell_text, is_percent_format, unsaved_formula};

/// One column a reader understands.
pub(crate) struct Field {
    /// The English header, and the key a problem may give for the column: a message shows
    /// the file's own header for it instead ([`crate::error::Problems::name_columns`]).
    pub key: &'static str,
    /// Every header accepted for it (the key included), best first.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Several columns may name it (e.g. 指标编号 and 指标名称): the best alias wins.
    pub several: bool,
}

impl Field {
    /// The Chinese header a message names the column by when the file has none (a missing
    /// column, a table not there): the best Chinese alias (年份, 指标编号, 数值), else the key.
    pub(crate) fn name(&self) -> &'static str {
        (self.aliases.iter())
            .find(|a| !a.is_ascii())
            .copied()
            .unwrap_or(self.key)
    }
}

/// The columns of one kind of table.
pub struct Schema {
    pub(crate) fields: &'static [Field],
    /// Index of the year field; in a wide layout the year comes from the headers.
    pub(crate) year: usize,
    /// Fields a wide layout may give per year, e.g. `2023年下达目标`; a bare
    /// year column (`2023`, `2023年`) holds the first of them.
    pub(crate) per_year: &'static [usize],
    /// Sheet names looked for in a workbook before falling back to the first sheet.
    pub(crate) sheets: &'static [&'static str],
}

/// One data row in the long layout.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line in the file; the row number in a workbook.
    pub line: usize,
    values: Vec<String>,
    /// The headers of the fields, shared by the rows of a table.
    headers: Arc<[String]>,
    /// The fields (bit `1 << field`) whose workbook cell is a number Excel shows as a
    /// percentage (a `%` number format: 345 shown as 34500%), read as the number shown.
    percent: u64,
}

impl Record {
    /// The trimmed cell of field `field` (an index into [`Schema::fields`]); empty if absent.
    pub(crate) fn get(&self, field: usize) -> &str {
        self.values.get(field).map_or("", |s| s.trim())
    }

    /// The header the cell came from, in the file's own words.
    pub(crate) fn header(&self, field: usize) -> &str {
        &self.headers[field]
    }

    /// Whether field `field`'s cell is a workbook number formatted as a percentage, its
    /// text the number shown (`34500%` for 345).
    pub(crate) fn shown_as_percent(&self, field: usize) -> bool {
        field < 64 && self.percent & (1 << field) != 0
    }
}

/// A raw row of cells with its line.
struct Row {
    line: usize,
    cells: Vec<String>,
    /// The columns (0-based) of a workbook's numbers shown as percentages.
    percent: Vec<usize>,
}

/// A file's bytes as they were read once, or why they could not be (the error's kind and
/// text).
pub(crate) type Served = std::result::Result<Arc<[u8]>, (std::io::ErrorKind, String)>;

/// A table file as it was read once: its path (for messages, and whether it is a
/// workbook) and its bytes. The checks read the bytes, never the disk again.
#[derive(Debug, Clone)]
pub struct TableFile {
    pub path: PathBuf,
    pub bytes: Served,
}

impl TableFile {
    /// Reads `path` now (for a table outside a data folder's snapshot).
    pub fn from_disk(path: &Path) -> TableFile {
        TableFile {
            path: path.to_path_buf(),
            bytes: std::fs::read(path)
                .map(Arc::from)
                .map_err(|e| (e.kind(), e.to_string())),
        }
    }
}

/// Reads the table at `path` (CSV or, by its extension, `.xlsx`) in the
/// shape of `schema`. Every problem with the file as a whole is put in
/// `problems`; `None` when no row can be read.
pub fn read(file: &TableFile, schema: &Schema, problems: &mut Problems) -> Option<Vec<Record>> {
    read_at_most(file, schema, MAX_ROWS, problems)
}

/// The most rows any table is read to when its plan is not known.
pub(crate) const MAX_ROWS: usize = 200_000;

/// [`read`], refusing a table of more than `max_rows` rows (title and header rows included)
/// before it costs the memory of all of them: a file far longer than its plan can need is
/// not the right file, or is mostly repeated rows.
pub(crate) fn read_at_most(
    file: &TableFile,
    schema: &Schema,
    max_rows: usize,
    problems: &mut Problems,
) -> Option<Vec<Record>> {
    let path = file.path.as_path();
    let rows = if is_workbook(path) {
        read_workbook(file, schema.sheets, max_rows)
            .map(|(rows, sheet)| (rows, Some(sheet.label())))
    } else {
        read_csv(file, max_rows).map(|rows| (rows, None))
    };
    let (rows, sheet) = match rows {
        Ok(rows) => rows,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    // Cells beyond the header are a misread in a CSV file; in a workbook, a remark beside it.
    let source = shape::Source {
        path,
        sheet: sheet.as_deref(),
    };
    records(&source, schema, rows, !is_workbook(path), problems)
}

/// True for the workbook formats the reader opens.
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

#[cfg(test)]
mod tests {
    use super::workbook::is_percent_format;
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
    fn dates_in_a_year_column_are_told_apart() {
        for date in [
            "45292",
            "2024-01-01",
            "2024/1/1",
            "2024.1.1",
            "2024年1月1日",
            "４５２９２",
        ] {
            assert!(cells::looks_like_date(date), "{date}");
        }
        for other in ["2024", "2024年", "24", "202", "abc", "2024-01", "123456"] {
            assert!(!cells::looks_like_date(other), "{other}");
        }
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
        assert_eq!(decode::decode("年份".as_bytes()).unwrap(), "年份");
        assert_eq!(decode::decode(b"\xEF\xBB\xBFyear").unwrap(), "year");
        let (gbk, _, _) = encoding_rs::GB18030.encode("年份,指标");
        assert_eq!(decode::decode(&gbk).unwrap(), "年份,指标");
        assert_eq!(decode::decode(b"\xFF\xFEa\x00b\x00").unwrap(), "ab");
        assert_eq!(decode::decode(b"year\nCaf\xE9,\n"), Err(2));
        assert_eq!(decode::decode(b"year\r\nx\rCaf\xE9,\r"), Err(3));
    }

    #[test]
    fn separators() {
        assert_eq!(detect_delimiter("# 注释\nyear;indicator;value\n"), b';');
        assert_eq!(detect_delimiter("year\tindicator\tvalue;x\n"), b'\t');
        assert_eq!(
            detect_delimiter("year,indicator,value,note\n2024,a,1,b;c;d;e\n"),
            b','
        );
        assert_eq!(detect_delimiter("year,note\n"), b',');
    }

    #[test]
    fn cells_shown_and_scientific_numbers() {
        assert_eq!(cells::shown("5.\u{0}7\u{1b}"), "5.\\u{0000}7\\u{001B}");
        assert_eq!(cells::shown("一\n二"), "一\\n二");
        assert!(not_understood("数值", "1e308", "不是数字").contains("超出合理范围"));
        assert!(not_understood("数值", "１Ｅ５", "不是数字").contains("是科学计数法"));
        assert_eq!(not_understood("数值", "e5", "不是数字"), "数值“e5”不是数字");
        assert_eq!(not_understood("数值", "1e", "不是数字"), "数值“1e”不是数字");
        assert_eq!(
            not_understood("数值", "1.2.3e4", "不是数字"),
            "数值“1.2.3e4”不是数字"
        );
    }

    #[test]
    fn percentages_only_where_the_unit_is_one() {
        let misfit = |cell, formatted, unit| cells::percent_misfit("数值", cell, formatted, unit);
        for unit in ["%", "％", " % ", "百分点", "个百分点"] {
            assert_eq!(misfit("34500%", true, unit), None, "{unit}");
            assert_eq!(misfit("5.7%", false, unit), None, "{unit}");
        }
        assert_eq!(misfit("345", false, "亿元"), None);
        assert!(
            misfit("34500%", true, "亿元")
                .unwrap()
                .contains("单元格中的数是 345，")
        );
        assert!(
            misfit("5.7％", false, "‰")
                .unwrap()
                .contains("带有百分号，但单位是“‰”")
        );
        assert!(
            misfit("12%", false, "")
                .unwrap()
                .contains("带有百分号，但没有单位")
        );
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.0%"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("General"));
    }
}
