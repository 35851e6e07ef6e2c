//! Where things stand on the page, measured from the PDF: captions centred on the page of their
//! figure or table, title lines that end between words, landscape pages numbered at their
//! bottom outside, and the signature on a page with body text. It must not test how tables
//! break: that is in `tables`.

use super::*;

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
