//! How tables break, measured from the PDF: no body row split across pages, no page left with
//! fewer than three rows of a table that goes on, the indicator annex's rows at most three
//! lines, and short cells on one line. It must not test captions: those are in `placement`.

use super::*;

/// For each page, the body rows of its tables: the row numbers in each 序号 column, in
/// order, and whether the page's table goes on from the page before.
fn table_rows(page: &Page) -> Vec<Vec<u32>> {
    let mut tables = Vec::new();
    let mut heads: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| w.text == "序号" && is_table_word(w, page))
        .collect();
    heads.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    for (k, head) in heads.iter().enumerate() {
        let centre = (head.x0 + head.x1) / 2.0;
        let end = heads.get(k + 1).map_or(f64::INFINITY, |next| next.y0);
        let mut numbers: Vec<(f64, u32)> = page
            .words
            .iter()
            .filter(|w| w.y0 > head.y1 && w.y0 < end && is_table_word(w, page))
            .filter(|w| ((w.x0 + w.x1) / 2.0 - centre).abs() < 4.0)
            .filter_map(|w| w.text.parse().ok().map(|n| (w.y0, n)))
            .collect();
        numbers.sort_by(|a, b| a.0.total_cmp(&b.0));
        tables.push(numbers.into_iter().map(|(_, n)| n).collect());
    }
    tables
}

/// A table's part on a page: the text above its first row number and how many lines it takes
/// (the header, and the end of a row begun on the page before if one broke), and each body
/// row's number with the tops of its lines.
struct TablePart {
    header: String,
    header_lines: usize,
    rows: Vec<(u32, Vec<f64>)>,
}

/// The tops of the lines the words begin, from the top.
fn line_tops<'w>(words: impl Iterator<Item = &'w Word>) -> Vec<f64> {
    let mut tops: Vec<f64> = words.map(|w| w.y0).collect();
    tops.sort_by(f64::total_cmp);
    let mut lines: Vec<f64> = Vec::new();
    for y in tops {
        if lines.last().is_none_or(|last| y - last > 1.0) {
            lines.push(y);
        }
    }
    lines
}

fn table_parts(page: &Page) -> Vec<TablePart> {
    let in_table = |w: &&Word| is_table_word(w, page);
    let mut heads: Vec<&Word> = page
        .words
        .iter()
        .filter(in_table)
        .filter(|w| w.text == "序号")
        .collect();
    heads.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut parts = Vec::new();
    for (k, head) in heads.iter().enumerate() {
        let centre = (head.x0 + head.x1) / 2.0;
        let end = heads.get(k + 1).map_or(f64::INFINITY, |next| next.y0 - 1.0);
        // This table's type, as its 序号 is printed (10.5 or 9 pt upright).
        let size = if is_height(head, TABLE_TYPE) {
            TABLE_TYPE
        } else {
            LANDSCAPE_TABLE_TYPE
        };
        let in_table = |w: &&Word| is_height(w, size);
        let body: Vec<&Word> = page
            .words
            .iter()
            .filter(in_table)
            .filter(|w| w.y0 > head.y1 && w.y0 < end)
            .collect();
        let mut numbers: Vec<(f64, u32)> = body
            .iter()
            .filter(|w| ((w.x0 + w.x1) / 2.0 - centre).abs() < 4.0)
            .filter_map(|w| w.text.parse().ok().map(|n| (w.y0, n)))
            .collect();
        numbers.sort_by(|a, b| a.0.total_cmp(&b.0));
        let first = numbers.first().map_or(f64::INFINITY, |n| n.0);
        let mut header: Vec<&Word> = page
            .words
            .iter()
            .filter(in_table)
            .filter(|w| w.y0 > head.y0 - 1.0 && w.y0 < first - 1.0)
            .collect();
        header.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        let rows = numbers
            .iter()
            .enumerate()
            .map(|(i, &(top, n))| {
                // A row reaches to the next row's number, the last one at most six lines down.
                let bottom = numbers
                    .get(i + 1)
                    .map_or(top + 6.0 * 2.0 * size, |next| next.0);
                let lines = line_tops(
                    body.iter()
                        .copied()
                        .filter(|w| w.y0 > top - 1.0 && w.y0 < bottom - 1.0),
                );
                (n, lines)
            })
            .collect();
        parts.push(TablePart {
            header: header.iter().map(|w| w.text.as_str()).collect(),
            header_lines: line_tops(header.iter().copied()).len(),
            rows,
        });
    }
    parts
}

#[test]
fn no_table_row_breaks_across_pages() {
    let mut continued = 0;
    for (name, pages) in all_reports() {
        // The lines of the header of the table going on, as it starts with row 1.
        let mut header_lines = None;
        for (i, page) in pages.iter().enumerate() {
            for part in table_parts(page) {
                match part.rows.first() {
                    Some((1, _)) => header_lines = Some(part.header_lines),
                    Some((n, _)) => {
                        // Above the first row of a page where the table goes on, only its
                        // repeated header: no end of the row before.
                        continued += 1;
                        assert_eq!(
                            Some(part.header_lines),
                            header_lines,
                            "{name} page {}: above row {n}: {}",
                            i + 1,
                            part.header
                        );
                    }
                    None => {}
                }
            }
        }
    }
    assert!(
        continued >= 2,
        "{continued} tables go on from a page before"
    );
}

/// The 主要指标监测表 (annex 1) of the 2024 report: its rows' line counts, page by page.
fn annex_1_rows(pages: &[Page]) -> Vec<(usize, u32, usize)> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(i, page)| {
            table_parts(page)
                .into_iter()
                .filter(|part| part.header.contains("牵头") && part.header.contains("2021年"))
                .flat_map(move |part| {
                    part.rows
                        .into_iter()
                        .map(move |(n, lines)| (i + 1, n, lines.len()))
                })
        })
        .collect()
}

#[test]
fn the_indicator_annex_rows_wrap_to_at_most_three_lines() {
    let rows = annex_1_rows(pages_2024());
    let numbers: Vec<u32> = rows.iter().map(|&(_, n, _)| n).collect();
    assert_eq!(numbers, (1..=20).collect::<Vec<u32>>(), "{rows:?}");
    for &(page, n, lines) in &rows {
        assert!(
            lines <= 3,
            "2024 page {page}: row {n} of annex 1 has {lines} lines: {rows:?}"
        );
    }
    // Most rows take one or two lines.
    let tall = rows.iter().filter(|&&(_, _, lines)| lines > 2).count();
    assert!(
        2 * tall < rows.len(),
        "{tall} rows of three lines: {rows:?}"
    );
}

#[test]
fn no_page_holds_fewer_than_three_rows_of_a_table_that_goes_on() {
    let mut split = 0;
    for (name, pages) in all_reports() {
        // Every part of a table on a page, in page order: (page, row numbers).
        let parts: Vec<(usize, Vec<u32>)> = pages
            .iter()
            .enumerate()
            .flat_map(|(i, page)| table_rows(page).into_iter().map(move |rows| (i + 1, rows)))
            .collect();
        for (k, (page, rows)) in parts.iter().enumerate() {
            assert!(
                !rows.is_empty(),
                "{name} page {page}: a table head without rows"
            );
            for pair in rows.windows(2) {
                assert_eq!(pair[1], pair[0] + 1, "{name} page {page}: rows {rows:?}");
            }
            let continues = parts
                .get(k + 1)
                .is_some_and(|(_, next)| next.first() == Some(&(rows[rows.len() - 1] + 1)));
            let continued = rows[0] > 1;
            if continues || continued {
                split += 1;
                assert!(
                    rows.len() >= 3,
                    "{name} page {page}: only rows {rows:?} of a table that goes on"
                );
            }
            if continued {
                // The header row is repeated on the page where the table goes on.
                let (_, before) = &parts[k.saturating_sub(1)];
                assert_eq!(before[before.len() - 1] + 1, rows[0], "{name} page {page}");
            }
        }
    }
    assert!(split >= 4, "some tables go over a page ({split} parts)");
}

/// The width of text in em: an ideograph is 1, a digit or Latin letter ½.
fn em(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The cells of the Markdown's tables (header and body rows), each with the width of its
/// column's widest cell and whether it is on a landscape page.
fn markdown_cells(markdown: &str) -> Vec<(String, f64, bool)> {
    let mut cells = Vec::new();
    let mut landscape = false;
    // The current table's rows.
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut flush = |table: &mut Vec<Vec<String>>, landscape: bool| {
        let columns = table.iter().map(Vec::len).max().unwrap_or(0);
        for k in 0..columns {
            let widest = table
                .iter()
                .filter_map(|row| row.get(k))
                .map(|c| em(c))
                .fold(0.0, f64::max);
            for row in table.iter() {
                if let Some(cell) = row.get(k) {
                    cells.push((cell.clone(), widest, landscape));
                }
            }
        }
        table.clear();
    };
    for line in markdown.lines() {
        let line = line.trim();
        if line.starts_with('|') {
            if !line.contains("--") {
                let row = line.trim_matches('|').split('|');
                table.push(row.map(|c| c.trim().replace('\\', "")).collect());
            }
            continue;
        }
        flush(&mut table, landscape);
        match line {
            "<!-- pe:landscape -->" => landscape = true,
            "<!-- pe:end-landscape -->" => landscape = false,
            _ => {}
        }
    }
    flush(&mut table, landscape);
    cells
}

#[test]
fn short_table_cells_print_on_one_line() {
    for (name, printed) in all_printed() {
        let words: Vec<&str> = printed
            .pages
            .iter()
            .flat_map(|p| p.words.iter().filter(|w| is_table_word(w, p)))
            .map(|w| w.text.as_str())
            .collect();
        // A column of single words (up to 5 em: 基本完成, 2020年基期, 100.0/100.0), or of short
        // phrases (up to 8 em: 滞后于序时进度) in an upright table, never breaks its cells: each
        // prints as one word of the table's type, as often as the tables hold it.
        let short = |widest: f64, landscape: bool| widest <= if landscape { 5.0 } else { 8.0 };
        let cells: Vec<(String, f64, bool)> = markdown_cells(&printed.markdown)
            .into_iter()
            .filter(|(cell, widest, landscape)| {
                cell.chars().count() >= 2 && short(*widest, *landscape)
            })
            .collect();
        let mut checked = 0;
        let mut distinct: Vec<&str> = cells.iter().map(|(c, _, _)| c.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for cell in distinct {
            let wanted = cells.iter().filter(|(c, _, _)| c == cell).count();
            let printed = words.iter().filter(|w| **w == cell).count();
            assert!(
                printed >= wanted,
                "{name}: “{cell}” printed whole {printed} times of {wanted}"
            );
            checked += 1;
        }
        assert!(checked > 20, "{name}: {checked} cells");
    }
}
