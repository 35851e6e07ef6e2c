//! CSV tables as DRC staff save them: named columns, `#` comment lines, rows
//! that remember their line number for error messages.

use std::path::Path;

use crate::error::{Error, Problem, Problems, Result};
use crate::fsio;

/// One data row: its 1-based line in the file and its cells by column.
pub struct Row {
    pub line: usize,
    cells: Vec<String>,
}

impl Row {
    /// The trimmed cell of column `col` (an index from [`Table::columns`]); empty if absent.
    pub fn get(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(c))
            .map(|s| s.trim())
            .unwrap_or("")
    }
}

/// A parsed CSV file with its header.
pub struct Table {
    header: Vec<String>,
    header_line: usize,
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads the CSV at `path`. Lines starting with `#` are comments; fully
    /// empty rows are skipped.
    pub fn read(path: &Path) -> Result<Table> {
        let text = fsio::read_text(path)?;
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| {
            let line = e.position().map(|p| p.line() as usize);
            Error::Invalid(vec![Problem::new(
                path,
                line,
                None,
                format!("CSV 格式错误：{e}"),
            )])
        };
        let header_record = reader.headers().map_err(csv_error)?;
        // The header is the first line that is neither blank nor a comment.
        let header_line = text
            .lines()
            .position(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map_or(1, |i| i + 1);
        let header = header_record
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
            rows.push(Row {
                line,
                cells: record.iter().map(str::to_string).collect(),
            });
        }
        Ok(Table {
            header,
            header_line,
            rows,
        })
    }

    /// Finds each named column; a missing required column is reported once.
    pub fn columns(
        &self,
        path: &Path,
        problems: &mut Problems,
        names: &[(&str, bool)],
    ) -> Vec<Option<usize>> {
        names
            .iter()
            .map(|&(name, required)| {
                let found = self.header.iter().position(|h| h == name);
                if found.is_none() && required {
                    problems.report(path, Some(self.header_line), name, format!("缺少必需的列“{name}”"));
                }
                found
            })
            .collect()
    }
}

/// Parses a number as staff write it; `None` when it is not a number.
pub fn parse_number(cell: &str) -> Option<f64> {
    let cleaned: String = cell
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|&c| c != ',')
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}
