//! A data folder's CSV table as text to edit in place: every row kept byte
//! for byte (its leading `#` comment lines too) except those a merge changes,
//! new rows put after the last row of their year, written with the `csv`
//! crate so that `src/input` reads them back as they were meant.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::files;
use crate::input::table::{Schema, csv_reader, detect_delimiter, lone_cr_as_lf, parse_year};
use crate::model::names::normalize;

/// One record of the file and where its text is.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// Bytes of the record itself (without the comment lines before it).
    span: Range<usize>,
    pub fields: Vec<String>,
    /// 1-based line, as the readers number it.
    pub line: usize,
}

/// A long-layout table (one row per year) ready to be edited.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub path: PathBuf,
    bom: bool,
    newline: &'static str,
    delimiter: u8,
    text: String,
    /// The column of each schema field, when the file has it.
    pub columns: Vec<Option<usize>>,
    width: usize,
    /// Data rows, in file order (the header not among them).
    pub rows: Vec<Row>,
    /// Rows to add: (the row they follow, or none for the end; their fields).
    added: Vec<(Option<usize>, Vec<String>)>,
    changed: Vec<Option<Vec<String>>>,
    /// Where the rows of a year go, found once per year: see [`Table::add`].
    anchors: std::collections::HashMap<i32, Option<usize>>,
}

/// A data file that cannot be merged into: a problem of the file (exit code 1), at its line.
fn broken(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Invalid(vec![Problem::new(path, line, None, message)])
}

impl Table {
    /// Reads `path`, or starts a table with the schema's own headers when the file does not exist.
    /// (Over 80 lines: the reader's loop keeps each row's byte span for the in-place rewrite.)
    pub(crate) fn read(path: &Path, schema: &Schema, headers: &str) -> Result<Table> {
        let raw = if path.exists() {
            files::read(path)?
        } else {
            format!("{headers}\n").into_bytes()
        };
        let bom = raw.starts_with(b"\xEF\xBB\xBF");
        let body = if bom { &raw[3..] } else { &raw[..] };
        let text = String::from_utf8(body.to_vec()).map_err(|_| {
            broken(path, None, "不是 UTF-8 编码，无法在原文件中合并；请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”后重试".to_string())
        })?;
        // An old-Mac file's lone CRs end lines, as the input's reader reads them.
        let text = lone_cr_as_lf(text);
        // Separated as the input's reader reads it.
        let delimiter = detect_delimiter(&text);
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut reader = csv_reader(&text, delimiter);
        let mut records = Vec::new();
        let mut record = csv::StringRecord::new();
        let (mut lines_before, mut counted) = (0, 0);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize);
                    return Err(broken(
                        path,
                        line,
                        format!("无法按 CSV 读取（{e}）；请先按数据检查的提示修正该文件"),
                    ));
                }
            }
            let start = record.position().map_or(0, |p| p.byte() as usize);
            let mut end = reader.position().byte() as usize;
            // The reader stops inside a CRLF (or before it): the record's line ends after it.
            if !text[..end].ends_with('\n') {
                if text[end..].starts_with("\r\n") {
                    end += 2;
                } else if text[end..].starts_with('\n') {
                    end += 1;
                }
            }
            // The reader may place a record at the comment or blank lines before it.
            let mut s = start;
            while s < end {
                let line_end = text[s..end].find('\n').map_or(end, |i| s + i + 1);
                let line = &text[s..line_end];
                if line.starts_with('#') || line.trim().is_empty() {
                    s = line_end;
                } else {
                    break;
                }
            }
            // Lines counted from the previous record on, not from the start.
            lines_before += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..s]).count();
            counted = s;
            let line = lines_before + 1;
            let fields: Vec<String> = record.iter().map(str::to_string).collect();
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            records.push(Row {
                span: s..end,
                fields,
                line,
            });
        }
        if records.is_empty() {
            return Err(broken(
                path,
                None,
                format!("没有表头行；请写入表头（如 {headers}）后重试"),
            ));
        }
        let header = records.remove(0);
        let columns: Vec<Option<usize>> = schema
            .fields
            .iter()
            .map(|field| {
                field.aliases.iter().find_map(|alias| {
                    header
                        .fields
                        .iter()
                        .position(|h| normalize(h) == normalize(alias))
                })
            })
            .collect();
        let wide = header.fields.iter().any(|h| parse_year(h).is_some());
        let missing = schema
            .fields
            .iter()
            .zip(&columns)
            .find(|(f, c)| f.required && c.is_none());
        if wide || missing.is_some() {
            return Err(broken(
                path,
                Some(header.line),
                format!(
                    "不是每行一个年度的表格（应有表头 {headers}），无法合并；请整理为这种格式后重试"
                ),
            ));
        }
        let changed = vec![None; records.len()];
        Ok(Table {
            path: path.to_path_buf(),
            bom,
            newline,
            delimiter,
            width: header.fields.len(),
            text,
            columns,
            rows: records,
            added: Vec::new(),
            changed,
            anchors: std::collections::HashMap::new(),
        })
    }

    /// The trimmed cell of schema field `field` in row `row`.
    pub(crate) fn cell(&self, row: usize, field: usize) -> &str {
        self.columns[field]
            .and_then(|c| self.rows[row].fields.get(c))
            .map_or("", |s| s.trim())
    }

    /// Whether the file has a column for schema field `field`.
    pub(crate) fn has(&self, field: usize) -> bool {
        self.columns[field].is_some()
    }

    /// Sets cells of row `row`: (schema field, text).
    pub(crate) fn set(&mut self, row: usize, cells: &[(usize, String)]) {
        let mut fields = self.changed[row]
            .clone()
            .unwrap_or_else(|| self.rows[row].fields.clone());
        fields.resize(fields.len().max(self.width), String::new());
        for (field, text) in cells {
            if let Some(c) = self.columns[*field] {
                fields[c] = text.clone();
            }
        }
        self.changed[row] = Some(fields);
    }

    /// Adds a row for `year` with cells (schema field, text), after the last
    /// row of that year, else after the last of an earlier year, else at the end.
    pub(crate) fn add(&mut self, year: i32, year_field: usize, cells: &[(usize, String)]) {
        let at = match self.anchors.get(&year) {
            Some(&at) => at,
            None => {
                let at = self.anchor(year, year_field);
                self.anchors.insert(year, at);
                at
            }
        };
        let mut fields = vec![String::new(); self.width];
        for (field, text) in cells {
            if let Some(c) = self.columns[*field] {
                fields[c] = text.clone();
            }
        }
        self.added.push((at, fields));
    }

    /// The row new rows of `year` follow: the last of that year, else the
    /// last of an earlier year; `Some(usize::MAX)` for before every row when
    /// all are of later years; none for the end.
    fn anchor(&self, year: i32, year_field: usize) -> Option<usize> {
        let years: Vec<Option<i32>> = (0..self.rows.len())
            .map(|r| parse_year(self.cell(r, year_field)))
            .collect();
        let after = years
            .iter()
            .rposition(|&y| y == Some(year))
            .or_else(|| years.iter().rposition(|y| y.is_some_and(|y| y < year)));
        let later = years.iter().any(|y| y.is_some_and(|y| y > year));
        match after {
            None if later => Some(usize::MAX),
            other => other,
        }
    }

    /// The file's new bytes.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        if self.bom {
            out.push('\u{FEFF}');
        }
        let line = |fields: &[String]| -> String {
            let mut w = csv::WriterBuilder::new()
                .delimiter(self.delimiter)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            let _ = w.write_record(fields);
            let bytes = w.into_inner().unwrap_or_default();
            let text = String::from_utf8(bytes).unwrap_or_default();
            format!("{}{}", text.trim_end_matches('\n'), self.newline)
        };
        let mut groups: std::collections::HashMap<Option<usize>, Vec<&Vec<String>>> =
            std::collections::HashMap::new();
        for (at, fields) in &self.added {
            groups.entry(*at).or_default().push(fields);
        }
        let added_after = |r: Option<usize>| groups.get(&r).into_iter().flatten().copied();
        let mut cursor = 0;
        for (r, row) in self.rows.iter().enumerate() {
            if r == 0 {
                // Rows that go before every row of a later year.
                let first = &self.text[cursor..row.span.start];
                out.push_str(first);
                cursor = row.span.start;
                for fields in added_after(Some(usize::MAX)) {
                    out.push_str(&line(fields));
                }
            }
            out.push_str(&self.text[cursor..row.span.start]);
            match &self.changed[r] {
                Some(fields) => out.push_str(&line(fields)),
                None => out.push_str(&self.text[row.span.clone()]),
            }
            cursor = row.span.end;
            let ends_line = self.text[..cursor].ends_with('\n');
            let mut first_added = true;
            for fields in added_after(Some(r)) {
                if first_added && !ends_line {
                    out.push_str(self.newline);
                }
                first_added = false;
                out.push_str(&line(fields));
            }
        }
        let rest = &self.text[cursor..];
        if self.rows.is_empty() {
            out.push_str(rest);
            if !out.ends_with('\n') {
                out.push_str(self.newline);
            }
            for fields in added_after(Some(usize::MAX)) {
                out.push_str(&line(fields));
            }
        } else {
            out.push_str(rest);
        }
        let tail: Vec<&Vec<String>> = added_after(None).collect();
        if !tail.is_empty() && !out.ends_with('\n') {
            out.push_str(self.newline);
        }
        for fields in tail {
            out.push_str(&line(fields));
        }
        out.into_bytes()
    }

    /// Whether anything is to change.
    pub(crate) fn is_changed(&self) -> bool {
        !self.added.is_empty() || self.changed.iter().any(Option::is_some)
    }
}

/// A number as the tables write it.
pub(crate) fn number(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::readings::SCHEMA;

    fn table(text: &str) -> (tempfile::TempDir, Table) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("readings.csv");
        std::fs::write(&path, text).unwrap();
        let t = Table::read(&path, &SCHEMA, "year,indicator,value,quota,source,note").unwrap();
        (dir, t)
    }

    #[test]
    fn untouched_rows_and_comments_stay_byte_for_byte() {
        let text = "\u{FEFF}# 示例\r\n年份,指标,数值,下达目标,数据来源,备注\r\n2023,gdp,\"5.5\",,\"公报, 2023\",\r\n# 中间的注释\r\n2025,gdp,6,,,\r\n";
        let (_d, mut t) = table(text);
        assert_eq!(t.bytes(), text.as_bytes());
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.cell(0, 4), "公报, 2023");
        t.add(
            2024,
            0,
            &[
                (0, "2024".into()),
                (1, "gdp".into()),
                (2, "5.3".into()),
                (4, "公报, \"2024\"".into()),
            ],
        );
        t.set(1, &[(2, "6.1".into())]);
        assert!(t.is_changed());
        assert_eq!(
            String::from_utf8(t.bytes()).unwrap(),
            "\u{FEFF}# 示例\r\n年份,指标,数值,下达目标,数据来源,备注\r\n2023,gdp,\"5.5\",,\"公报, 2023\",\r\n2024,gdp,5.3,,\"公报, \"\"2024\"\"\",\r\n# 中间的注释\r\n2025,gdp,6.1,,,\r\n"
        );
    }

    #[test]
    fn new_rows_go_after_their_year_or_before_later_years_or_at_the_end() {
        let (_d, mut t) = table("year,indicator,value\n2022,a,1\n2023,a,2");
        t.add(
            2023,
            0,
            &[(0, "2023".into()), (1, "b".into()), (2, "3".into())],
        );
        t.add(
            2021,
            0,
            &[(0, "2021".into()), (1, "b".into()), (2, "0".into())],
        );
        t.add(
            2025,
            0,
            &[(0, "2025".into()), (1, "b".into()), (2, "4".into())],
        );
        assert_eq!(
            String::from_utf8(t.bytes()).unwrap(),
            "year,indicator,value\n2021,b,0\n2022,a,1\n2023,a,2\n2023,b,3\n2025,b,4\n"
        );
        let (_d, mut empty) = table("year,indicator,value\n");
        empty.add(
            2024,
            0,
            &[(0, "2024".into()), (1, "a".into()), (2, "1".into())],
        );
        assert_eq!(
            String::from_utf8(empty.bytes()).unwrap(),
            "year,indicator,value\n2024,a,1\n"
        );
    }

    #[test]
    fn only_long_utf8_tables_are_edited() {
        let dir = tempfile::tempdir().unwrap();
        let wide = dir.path().join("wide.csv");
        std::fs::write(&wide, "指标,2023,2024\ngdp,5.5,5.3\n").unwrap();
        let err = Table::read(&wide, &SCHEMA, "year,indicator,value,quota,source,note")
            .unwrap_err()
            .to_string();
        assert!(err.contains("不是每行一个年度的表格"), "{err}");
        let gbk = dir.path().join("gbk.csv");
        let (bytes, _, _) = encoding_rs::GB18030.encode("年份,指标,数值\n2024,gdp,5.3\n");
        std::fs::write(&gbk, bytes).unwrap();
        let err = Table::read(&gbk, &SCHEMA, "year,indicator,value,quota,source,note")
            .unwrap_err()
            .to_string();
        assert!(err.contains("不是 UTF-8 编码"), "{err}");
    }
}
