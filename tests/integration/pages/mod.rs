//! How the report breaks into pages and lines, measured from the PDF with `pdftotext -bbox`:
//! captions on the page of their figure or table, no table leaving fewer than three body rows on
//! a page, short table cells on one line, title lines that end between words, and the page
//! numbers of landscape pages. Checked
//! on the bundled 2024 and 2025 reports and on a 15th plan's first year
//! (`tests/fixtures/plans/fifteenth`).
//!
//! The tests are split by what they measure: `tables` (how tables break across pages and
//! lines) and `placement` (captions, title lines, landscape page numbers, the signature); this
//! module prints each report once and holds the helpers they share.

mod placement;
mod tables;

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
