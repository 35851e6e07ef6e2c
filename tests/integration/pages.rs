//! How the report breaks into pages and lines, measured from the PDF with `pdftotext -bbox`:
//! captions on the page of their figure or table, no table leaving fewer than three body rows on
//! a page, short table cells on one line, title lines that end between words, and the page
//! numbers of landscape pages. Checked
//! on the bundled 2024 and 2025 reports and on a 15th plan's first year
//! (`tests/fixtures/plans/fifteenth`).

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::common;
use crate::common::pdf::{MM, Page, Word, pages_of};
use plan_eval::run::pipeline::{ReportRequest, build_report};

/// Table type is 10.5 pt (9 pt on landscape pages), captions 14 pt, chart labels about 7 pt
/// once scaled.
const TABLE_TYPE: f64 = 10.5;
const LANDSCAPE_TABLE_TYPE: f64 = 9.0;

/// The size of table type on a page.
/// A word in a table's type: 9 pt on a landscape page; upright 10.5 pt, or 9 pt in a table too
/// crowded for 10.5 pt (its words and figures would not fit whole).
fn is_table_word(w: &Word, page: &Page) -> bool {
    is_height(w, LANDSCAPE_TABLE_TYPE) || (!page.is_landscape() && is_height(w, TABLE_TYPE))
}
const CAPTION: f64 = 14.0;

struct Printed {
    markdown: String,
    pages: Vec<Page>,
}

fn report_pages(data: PathBuf, year: i32) -> Printed {
    let report = build_report(&ReportRequest {
        kind: None,
        year,
        data,
        templates: None,
        date: common::report_date(),
    })
    .expect("report builds (is typst installed?)");
    Printed {
        pages: pages_of(&report.pdf),
        markdown: report.markdown,
    }
}

fn bundled() -> PathBuf {
    common::bundled()
}

fn printed_2024() -> &'static Printed {
    static PAGES: OnceLock<Printed> = OnceLock::new();
    PAGES.get_or_init(|| {
        let report = common::bundled_2024();
        Printed {
            markdown: report.markdown.clone(),
            pages: pages_of(&report.pdf),
        }
    })
}

fn printed_2025() -> &'static Printed {
    static PAGES: OnceLock<Printed> = OnceLock::new();
    PAGES.get_or_init(|| report_pages(bundled(), 2025))
}

fn printed_fifteenth() -> &'static Printed {
    static PAGES: OnceLock<Printed> = OnceLock::new();
    PAGES.get_or_init(|| report_pages(common::plan_fixture("fifteenth"), 2026))
}

fn pages_2024() -> &'static [Page] {
    &printed_2024().pages
}

fn pages_2025() -> &'static [Page] {
    &printed_2025().pages
}

fn pages_fifteenth() -> &'static [Page] {
    &printed_fifteenth().pages
}

fn all_printed() -> [(&'static str, &'static Printed); 3] {
    [
        ("2024", printed_2024()),
        ("2025", printed_2025()),
        ("15th 2026", printed_fifteenth()),
    ]
}

fn all_reports() -> [(&'static str, &'static [Page]); 3] {
    all_printed().map(|(name, printed)| (name, printed.pages.as_slice()))
}

fn is_height(w: &Word, height: f64) -> bool {
    (w.height() - height).abs() < 0.5
}

/// The captions of a page: 14 pt words "图N" or "表N", with their words.
fn captions(page: &Page) -> Vec<&Word> {
    page.words
        .iter()
        .filter(|w| is_height(w, CAPTION))
        .filter(|w| {
            let mut chars = w.text.chars();
            matches!(chars.next(), Some('图' | '表'))
                && !chars.as_str().is_empty()
                && chars.all(|c| c.is_ascii_digit())
        })
        .collect()
}

/// The nearest words above and below a word on its page (by the top of their line).
fn neighbours<'p>(page: &'p Page, word: &Word) -> (Option<&'p Word>, Option<&'p Word>) {
    let above = page
        .words
        .iter()
        .filter(|w| w.y1 <= word.y0 + 0.5)
        .max_by(|a, b| a.y1.total_cmp(&b.y1));
    let below = page
        .words
        .iter()
        .filter(|w| w.y0 >= word.y1 - 0.5)
        .min_by(|a, b| a.y0.total_cmp(&b.y0));
    (above, below)
}

/// The middle of the type area across the page: the binding side (28 mm) is on the left of odd
/// pages; a landscape page's type area is 37 mm from the left and 35 mm from the right.
fn type_area_centre(page: &Page, number: usize) -> f64 {
    if page.is_landscape() {
        (37.0 * MM + page.width - 35.0 * MM) / 2.0
    } else if number % 2 == 1 {
        28.0 * MM + 78.0 * MM
    } else {
        page.width - 28.0 * MM - 78.0 * MM
    }
}

#[test]
fn captions_stay_with_their_figures_and_tables() {
    for (name, pages) in all_reports() {
        let mut seen = (0, 0);
        for (i, page) in pages.iter().enumerate() {
            for caption in captions(page) {
                let (above, below) = neighbours(page, caption);
                // Centred on the type area: the caption's line, both words.
                let line: Vec<&Word> = page
                    .words
                    .iter()
                    .filter(|w| is_height(w, CAPTION) && (w.y0 - caption.y0).abs() < 1.0)
                    .collect();
                let x0 = line.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
                let x1 = line.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
                let centre = type_area_centre(page, i + 1);
                assert!(
                    ((x0 + x1) / 2.0 - centre).abs() < 2.0,
                    "{name} page {}: {} is not centred on {centre:.1}",
                    i + 1,
                    caption.text
                );
                if caption.text.starts_with('图') {
                    // A figure's caption is below it: right above the caption is the chart's
                    // small print, close by.
                    seen.0 += 1;
                    let above = above.unwrap_or_else(|| {
                        panic!("{name} page {}: {} alone at the top", i + 1, caption.text)
                    });
                    assert!(
                        above.height() < 9.0 && caption.y0 - above.y1 < 30.0,
                        "{name} page {}: {} is not below its chart but below {above:?}",
                        i + 1,
                        caption.text
                    );
                } else {
                    // A table's caption is above it: right below it is the table's header.
                    seen.1 += 1;
                    let below = below.unwrap_or_else(|| {
                        panic!(
                            "{name} page {}: {} alone at the bottom",
                            i + 1,
                            caption.text
                        )
                    });
                    assert!(
                        is_table_word(below, page) && below.y0 - caption.y1 < 20.0,
                        "{name} page {}: {} is not above its table but above {below:?}",
                        i + 1,
                        caption.text
                    );
                }
            }
        }
        // The first year has no growth chart (one year is no series): one figure.
        let figures = if name == "15th 2026" { 1 } else { 2 };
        assert!(
            seen.0 >= figures && seen.1 >= 2,
            "{name}: captions {seen:?}"
        );
        // An annex's title (22 pt, after the first page) is followed by its table on its page.
        for (i, page) in pages.iter().enumerate().skip(1) {
            let titles = page.lines_of_height(22.0);
            if let Some((y, text)) = titles.last() {
                let below = page
                    .words
                    .iter()
                    .filter(|w| w.y0 > y + 20.0)
                    .min_by(|a, b| a.y0.total_cmp(&b.y0));
                assert!(
                    below.is_some_and(|w| is_table_word(w, page) || is_height(w, CAPTION)),
                    "{name} page {}: annex title {text} without its table below: {below:?}",
                    i + 1
                );
            }
        }
    }
}

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

/// The 22 pt lines of the first page: the title.
fn title_lines(pages: &[Page]) -> Vec<String> {
    pages[0]
        .lines_of_height(22.0)
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn title_lines_end_between_words() {
    assert_eq!(
        title_lines(pages_2024()),
        [
            "丹江口市国民经济和社会发展",
            "第十四个五年规划纲要",
            "2024年度实施情况评估报告"
        ]
    );
    assert_eq!(
        title_lines(pages_2025()),
        [
            "丹江口市国民经济和社会发展",
            "第十四个五年规划纲要实施情况总结评估报告"
        ]
    );
    assert_eq!(
        title_lines(pages_fifteenth()),
        [
            "青岚县国民经济和社会发展",
            "第十五个五年规划纲要",
            "2026年度实施情况评估报告"
        ]
    );
}

#[test]
fn landscape_pages_number_at_their_bottom_outside() {
    let mut landscape = 0;
    for (name, pages) in all_reports() {
        for (i, page) in pages.iter().enumerate() {
            let n = i + 1;
            if !page.is_landscape() {
                continue;
            }
            landscape += 1;
            // The turned type area: 225 × 156 mm, 28 mm from the top, 37 mm from the left.
            let bottom = page.height - 26.0 * MM;
            let (left, right) = (37.0 * MM, page.width - 35.0 * MM);
            let footer: Vec<&Word> = page.words.iter().filter(|w| w.y0 > bottom).collect();
            let text: Vec<&str> = footer.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(text.join(" "), format!("— {n} —"), "{name} page {n}");
            for w in &footer {
                // Upright on the landscape page: as wide as it is set, 14 pt high.
                assert!(is_height(w, 14.0), "{name} page {n}: {w:?}");
                let below = (w.y0 - bottom) / MM;
                assert!(
                    (5.0..=9.0).contains(&below),
                    "{name} page {n}: number {below:.1} mm below the type area"
                );
            }
            let x0 = footer.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
            let x1 = footer
                .iter()
                .map(|w| w.x1)
                .fold(f64::NEG_INFINITY, f64::max);
            if n % 2 == 1 {
                let inset = right - x1;
                assert!(
                    (10.0..=20.0).contains(&inset),
                    "{name} odd page {n}: {inset:.1} pt in from the right"
                );
            } else {
                let inset = x0 - left;
                assert!(
                    (10.0..=20.0).contains(&inset),
                    "{name} even page {n}: {inset:.1} pt in from the left"
                );
            }
        }
    }
    assert!(landscape >= 3, "{landscape} landscape pages");
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

/// GB/T 9704: the signature and date never stand on a page without body
/// text: the closing words, the 附件说明 and the signature keep together.
#[test]
fn the_signature_shares_its_page_with_the_body() {
    for (label, pages) in all_reports() {
        let text = |p: &Page| p.words.iter().map(|w| w.text.as_str()).collect::<String>();
        let signed = pages
            .iter()
            .position(|p| text(p).contains("附件：1."))
            .unwrap_or_else(|| panic!("{label}: no 附件说明"));
        let page = text(&pages[signed]);
        assert!(
            page.contains("特此报告。"),
            "{label}: page {} is {page}",
            signed + 1
        );
        assert!(
            page.contains("年") && page.contains("月"),
            "{label}: the date is on another page"
        );
    }
}
