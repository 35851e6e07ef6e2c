//! A table's note (注：…) is printed on the page of the table's last rows, never alone at the
//! top of the next page (B20): a long table, upright or on landscape pages as the annexes are,
//! typeset with `plan-eval typeset` into a real PDF at every length from one that ends well up a
//! page to ones whose last row ends at the foot of a page, each page read with `pdftotext`.

use std::fs;
use std::process::Command;

use crate::common;
use crate::common::pdf;

const NOTE: &str = "注：增长类指标为当年增速（%）；累计类指标为当年数值；\
                    上级下达类指标为“实际完成/下达目标”；“—”表示无数据。";

/// A report's Markdown with one table of `rows` body rows followed by [`NOTE`], each row marked
/// by a code that no line break splits (R001, R002, …); on landscape pages as an annex, or
/// upright after a paragraph, with a paragraph after the note.
fn markdown(rows: usize, landscape: bool) -> String {
    let mut md = String::from("# 某县规划实施情况评估报告\n\n正文开始。\n\n");
    if landscape {
        md.push_str(
            "<!-- pe:landscape -->\n\n<!-- pe:annex -->\n附件1\n\n<!-- pe:annex-title -->\n\
             某县主要指标监测表\n\n\
             | 序号 | 代码 | 指标 | 属性 | 单位 | 2025年基期 | 规划目标 | 2026年 | 评价 | 牵头单位 |\n\
             | :-: | :-: | :-- | :-: | :-: | --: | :-- | --: | :-: | :-- |\n",
        );
        for i in 1..=rows {
            md.push_str(&format!(
                "| {i} | R{i:03} | 第{i}项指标 | 预期性 | % | {i}.0 | 年均增长{i}% | {i}.5 | 达到预期 | 县发展改革局 |\n"
            ));
        }
        md.push_str(&format!("\n{NOTE}\n\n<!-- pe:end-landscape -->\n"));
    } else {
        md.push_str(&"正文段落。".repeat(30));
        md.push_str(
            "\n\n| 序号 | 代码 | 指标 | 目标 | 完成 | 评价 |\n| :-: | :-: | :-- | :-- | --: | :-: |\n",
        );
        for i in 1..=rows {
            md.push_str(&format!(
                "| {i} | R{i:03} | 第{i}项指标 | 年均增长{i}% | {i}.5 | 达到预期 |\n"
            ));
        }
        md.push_str(&format!("\n{NOTE}\n\n后文段落。\n"));
    }
    md
}

/// The PDF of `markdown` typeset by `plan-eval typeset`.
fn typeset(markdown: &str) -> Vec<u8> {
    let dir = common::temp_dir();
    fs::write(dir.path().join("report.md"), markdown).unwrap();
    let run = common::plan_eval(&["typeset", "report.md", "-o", "report.pdf"], dir.path());
    common::assert_success(&run);
    fs::read(dir.path().join("report.pdf")).unwrap()
}

/// Each page's text, as `pdftotext` reads it (pages end with a form feed), spaces and line
/// breaks dropped so that a line broken inside the note still reads as the note.
fn page_texts(pdf_bytes: &[u8]) -> Vec<String> {
    let text = pdf::with_file(pdf_bytes, |path| {
        let out = Command::new("pdftotext")
            .arg(path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        String::from_utf8(out.stdout).unwrap()
    });
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|page| page.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    // The text ends with a form feed: no page after it.
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// The one page whose text holds `text`.
fn page_of(pages: &[String], text: &str) -> usize {
    let found: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains(text))
        .collect();
    assert_eq!(found.len(), 1, "{text} on pages {found:?}: {pages:#?}");
    found[0]
}

/// For tables of `lengths` rows: the note stands on the page of the table's last row, every row
/// is printed once, and the table's header heads every page it runs onto. Returns, for each
/// length, the pages of the row before the kept last three, of the last row and of the note.
fn note_keeps_with_last_row(
    lengths: std::ops::RangeInclusive<usize>,
    landscape: bool,
) -> Vec<(usize, usize, usize, usize)> {
    let mut seen = Vec::new();
    let note = NOTE.replace(char::is_whitespace, "");
    for rows in lengths {
        let pages = page_texts(&typeset(&markdown(rows, landscape)));
        let last_row = page_of(&pages, &format!("R{rows:03}"));
        let before_kept = page_of(&pages, &format!("R{:03}", rows - 3));
        let first_row = page_of(&pages, "R001");
        for i in 1..=rows {
            page_of(&pages, &format!("R{i:03}"));
        }
        let note_page = page_of(&pages, &note);
        assert_eq!(
            note_page,
            last_row,
            "{rows} rows ({}): the note on page {}, the last row on page {}: {pages:#?}",
            if landscape { "landscape" } else { "upright" },
            note_page + 1,
            last_row + 1
        );
        for page in &pages[first_row..=last_row] {
            assert!(page.contains("序号代码指标"), "{rows} rows: {page}");
        }
        seen.push((rows, before_kept, last_row, note_page));
    }
    seen
}

/// The lengths tried run from a table that ends with its note well up its last page to tables
/// whose last rows go to a new page (with the note); on main's converter, 18 rows left the
/// note alone on page 3 (last row on page 2).
#[test]
fn a_landscape_annex_note_stays_on_the_page_of_the_tables_last_row() {
    let seen = note_keeps_with_last_row(16..=26, true);
    // Some length sends the last rows over to a page of their own with the note, and some
    // length breaks the table and ends it lower down: the lengths tried reach both cases.
    assert!(
        seen.iter()
            .any(|&(_, before, last, _)| before < last && last > 1),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|&(_, before, last, _)| before == last && last > 1),
        "{seen:?}"
    );
}

/// On main's converter, 18 to 20 rows put the note on page 2 and the last row on page 1.
#[test]
fn an_upright_tables_note_stays_on_the_page_of_its_last_row() {
    let seen = note_keeps_with_last_row(15..=22, false);
    assert!(
        seen.iter().any(|&(_, before, last, _)| before < last),
        "{seen:?}"
    );
    assert!(seen.iter().any(|&(_, _, last, _)| last == 0), "{seen:?}");
}

/// The note in the table prints as the paragraph it was: body text (the paragraph after it is
/// the same height), indented two characters as that paragraph is, below the table's last row.
#[test]
fn a_note_in_its_table_looks_as_the_body_paragraph_it_was() {
    let pages = pdf::pages_of(&typeset(&markdown(5, false)));
    let page = &pages[0];
    let word = |text: &str| {
        page.words
            .iter()
            .find(|w| w.text.contains(text))
            .unwrap_or_else(|| panic!("no {text}"))
    };
    let note = word("注：增长类指标");
    let after = word("后文段落");
    let last_row = word("R005");
    assert!(
        (note.height() - after.height()).abs() < 0.1,
        "{note:?} {after:?}"
    );
    assert!((note.x0 - after.x0).abs() < 0.5, "{note:?} {after:?}");
    assert!(note.y0 > last_row.y1 + 10.0, "{note:?} {last_row:?}");
    assert!(after.y0 > note.y1, "{note:?} {after:?}");
}
