//! The bundled data tables as the input tests rewrite them into the other shapes staff hand
//! in: read with their header, every column accounted for, and laid out wide.

use std::path::Path;

/// A row of a bundled table, its cells in the order of the table's header.
pub type Row = Vec<String>;

/// A bundled table: its header (the English keys) and its rows.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Where the column `key` is.
    pub fn col(&self, key: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == key)
            .unwrap_or_else(|| panic!("the bundled table has no column “{key}”"))
    }

    /// The cell `key` of `row`.
    pub fn cell<'a>(&self, row: &'a Row, key: &str) -> &'a str {
        &row[self.col(key)]
    }
}

pub fn table_of(path: &Path) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    Table { header, rows }
}

/// For each column of `table`'s header, in order, its index and what this test writes for it
/// (`what`, by key): a column of the bundled file the test does not know is a failure, not a
/// column silently left out of the variant.
pub fn every_column<T: Copy>(table: &Table, what: &[(&str, T)]) -> Vec<(usize, T)> {
    table
        .header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let t = what
                .iter()
                .find(|(key, _)| key == h)
                .map(|&(_, t)| t)
                .unwrap_or_else(|| {
                    panic!("column “{h}” of the bundled table is not carried by this test")
                });
            (c, t)
        })
        .collect()
}

/// `table` in the wide layout: one row per `key`, and for each year the columns of the fields
/// `per_year` names (`None` for the year and the key; `""` for the bare year column).
pub fn wide(table: &Table, key: &str, per_year: &[(&str, Option<&str>)]) -> Vec<Row> {
    let fields: Vec<(usize, &str)> = every_column(table, per_year)
        .into_iter()
        .filter_map(|(c, header)| Some((c, header?)))
        .collect();
    let mut years: Vec<&str> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    for r in &table.rows {
        if !years.contains(&table.cell(r, "year")) {
            years.push(table.cell(r, "year"));
        }
        if !keys.contains(&table.cell(r, key)) {
            keys.push(table.cell(r, key));
        }
    }
    let mut header = vec![key.to_string()];
    for y in &years {
        header.extend(fields.iter().map(|&(_, h)| match h {
            "" => y.to_string(),
            h => format!("{y}年{h}"),
        }));
    }
    let mut out = vec![header];
    for k in &keys {
        let mut row = vec![k.to_string()];
        for y in &years {
            let found = table
                .rows
                .iter()
                .find(|r| table.cell(r, "year") == *y && table.cell(r, key) == *k);
            row.extend(
                fields
                    .iter()
                    .map(|&(c, _)| found.map_or(String::new(), |r| r[c].clone())),
            );
        }
        out.push(row);
    }
    out
}
