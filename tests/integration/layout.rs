//! The GB/T 9704 layout measured from the PDF itself: page size (pdfinfo),
//! and with `pdftotext -bbox` the margins on odd and even pages, the type
//! area, lines per page, characters per line, the title, and the page
//! numbers' text, height and side.

use std::process::Command;
use std::sync::OnceLock;

use crate::common;
use crate::common::pdf::{self, MM, Page, Word};

const PAGE_W: f64 = 210.0 * MM;
const PAGE_H: f64 = 297.0 * MM;
/// Type area 156 × 225 mm, 37 mm from the top, 28 mm from the binding side.
const TOP: f64 = 37.0 * MM;
const BOTTOM: f64 = (297.0 - 35.0) * MM;
const BINDING: f64 = 28.0 * MM;
const WIDTH: f64 = 156.0 * MM;

/// Pages and words of the bundled 2024 report, and what pdfinfo says of it,
/// read once for all tests.
fn pages() -> &'static (Vec<Page>, String) {
    static PAGES: OnceLock<(Vec<Page>, String)> = OnceLock::new();
    PAGES.get_or_init(|| {
        pdf::with_file(&common::bundled_2024().pdf, |pdf| {
            let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
            (
                pdf::read_pages(pdf),
                String::from_utf8_lossy(&info.stdout).into_owned(),
            )
        })
    })
}

fn portrait_pages() -> impl Iterator<Item = (usize, &'static Page)> {
    pages()
        .0
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1, p))
        .filter(|(_, p)| p.height > p.width)
}

/// Words of the body: everything above the page-number line.
fn body(page: &Page) -> Vec<&Word> {
    page.words.iter().filter(|w| w.y0 < BOTTOM + 2.0).collect()
}

/// The type area's left edge: the binding side is on the left of odd pages.
fn left_edge(number: usize) -> f64 {
    if number % 2 == 1 {
        BINDING
    } else {
        PAGE_W - BINDING - WIDTH
    }
}

#[test]
fn pages_are_a4() {
    let (pages, info) = pages();
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    assert!(pages.len() >= 15, "a full report: {} pages", pages.len());
    for p in portrait_pages().map(|(_, p)| p) {
        assert!((p.width - PAGE_W).abs() < 0.1 && (p.height - PAGE_H).abs() < 0.1);
    }
}

#[test]
fn text_stays_in_the_type_area_with_alternating_margins() {
    for (n, page) in portrait_pages() {
        let words = body(page);
        let left = left_edge(n);
        let min_x = words
            .iter()
            .map(|w| match w.text.chars().next() {
                Some(c) if is_cjk_punctuation(c) => w.x0 + 8.0,
                _ => w.x0,
            })
            .fold(f64::INFINITY, f64::min);
        // A line may begin or end in full-width punctuation set at half width:
        // pdftotext still measures its full advance, so allow that half em.
        let max_x = words
            .iter()
            .map(|w| match w.text.chars().last() {
                Some(c) if is_cjk_punctuation(c) => w.x1 - 8.0,
                _ => w.x1,
            })
            .fold(f64::NEG_INFINITY, f64::max);
        let min_y = words.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
        let max_y = words.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
        assert!(
            min_x >= left - 0.5,
            "page {n}: text starts at {min_x:.1} left of {left:.1}"
        );
        assert!(
            max_x <= left + WIDTH + 0.5,
            "page {n}: text ends at {max_x:.1} beyond {:.1}",
            left + WIDTH
        );
        assert!(
            min_y >= TOP - 3.0,
            "page {n}: text begins at {min_y:.1} above the type area"
        );
        assert!(
            max_y <= BOTTOM + 0.5,
            "page {n}: text ends at {max_y:.1} below the type area"
        );
        // Body paragraphs reach both edges of the type area.
        let full = words.iter().filter(|w| w.x1 - w.x0 > WIDTH - 2.0).count();
        if words
            .iter()
            .all(|w| (w.height() - 16.0).abs() < 0.5 || w.y0 > BOTTOM)
            && full > 3
        {
            assert!(
                (min_x - left).abs() < 0.5,
                "page {n}: body starts at {min_x:.1}, expected {left:.1}"
            );
        }
    }
}

#[test]
fn a_page_of_body_text_holds_22_lines() {
    let mut most = 0;
    for (n, page) in portrait_pages() {
        let words = body(page);
        // Only pages set entirely in 16 pt body text (no table, chart or title).
        if words.is_empty() || words.iter().any(|w| (w.height() - 16.0).abs() > 0.5) {
            continue;
        }
        let mut lines: Vec<f64> = words.iter().map(|w| (w.y1 * 10.0).round() / 10.0).collect();
        lines.sort_by(f64::total_cmp);
        lines.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        assert!(lines.len() <= 22, "page {n}: {} lines", lines.len());
        // Baseline to baseline: 225 mm / 22.
        for pair in lines.windows(2) {
            let pitch = pair[1] - pair[0];
            assert!(pitch > 28.5, "page {n}: lines only {pitch:.2} pt apart");
        }
        most = most.max(lines.len());
    }
    assert!(
        most >= 21,
        "the fullest page of body text has {most} lines, expected 22"
    );
}

/// Full-width punctuation, which typst may compress to half an em.
fn is_cjk_punctuation(c: char) -> bool {
    ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
        || "“”‘’—…".contains(c)
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '〇'
}

#[test]
fn a_full_line_holds_28_characters() {
    let (mut plain, mut punctuated) = (Vec::new(), Vec::new());
    for (_, page) in portrait_pages() {
        for w in body(page) {
            if (w.height() - 16.0).abs() > 0.5 || w.x1 - w.x0 < WIDTH - 2.0 {
                continue;
            }
            let n = w.text.chars().count();
            if w.text.chars().all(is_ideograph) {
                plain.push(n);
            } else if w
                .text
                .chars()
                .all(|c| is_ideograph(c) || is_cjk_punctuation(c))
            {
                let marks = w.text.chars().filter(|&c| is_cjk_punctuation(c)).count();
                punctuated.push((n, marks));
            }
        }
    }
    // 28 ideographs fill a line.
    assert!(
        !plain.is_empty() && plain.iter().all(|&n| n == 28),
        "{plain:?}"
    );
    // With punctuation, each mark typst compresses to half an em makes room for
    // half a character more; a line may also give up a character or two to the
    // next when a mark may not begin a line (“推进。” moves down whole). Most
    // lines hold 28 or 29.
    let fits = |&(n, marks): &(usize, usize)| (26..=28 + marks / 2).contains(&n);
    let typical = punctuated
        .iter()
        .filter(|(n, _)| *n == 28 || *n == 29)
        .count();
    assert!(
        punctuated.len() > 10
            && punctuated.iter().all(fits)
            && typical * 10 >= punctuated.len() * 8,
        "{punctuated:?}"
    );
}

#[test]
fn the_title_is_22pt_and_centred() {
    let page = &pages().0[0];
    let title: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| (w.height() - 22.0).abs() < 0.5)
        .collect();
    assert_eq!(
        title.iter().map(|w| w.text.as_str()).collect::<String>(),
        "丹江口市国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告"
    );
    let centre = BINDING + WIDTH / 2.0;
    for w in title {
        assert!(
            ((w.x0 + w.x1) / 2.0 - centre).abs() < 2.0,
            "{w:?} is not centred on {centre:.1}"
        );
    }
}

#[test]
fn page_numbers_alternate_sides_below_the_type_area() {
    for (n, page) in portrait_pages() {
        let footer: Vec<&Word> = page.words.iter().filter(|w| w.y0 > BOTTOM + 2.0).collect();
        let text: String = footer
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(text, format!("— {n} —"), "page {n}");
        let x0 = footer.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
        let x1 = footer
            .iter()
            .map(|w| w.x1)
            .fold(f64::NEG_INFINITY, f64::max);
        let y0 = footer[0].y0;
        // 14 pt numerals about 7 mm below the type area.
        assert!(
            (footer[0].height() - 14.0).abs() < 0.5,
            "page {n}: {:?}",
            footer[0]
        );
        let below = (y0 - BOTTOM) / MM;
        assert!(
            (5.0..=9.0).contains(&below),
            "page {n}: number {below:.1} mm below the type area"
        );
        let left = left_edge(n);
        if n % 2 == 1 {
            let inset = left + WIDTH - x1;
            assert!(
                (10.0..=20.0).contains(&inset),
                "odd page {n}: {inset:.1} pt in from the right edge"
            );
        } else {
            let inset = x0 - left;
            assert!(
                (10.0..=20.0).contains(&inset),
                "even page {n}: {inset:.1} pt in from the left edge"
            );
        }
    }
}
