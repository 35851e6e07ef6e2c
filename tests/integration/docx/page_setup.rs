//! The page set up as GB/T 9704 wants it, read from `w:sectPr`: A4 with mirrored margins and
//! the document grid, annex 1 in a landscape section of its own, and footers numbering the
//! pages with a page field on the outer side.

use super::*;

#[test]
fn pages_are_a4_with_mirrored_margins_and_the_grid() {
    let docx = &bundled().docx;
    let xml = part(docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let sections = sections(&doc);
    let body = *sections.last().unwrap();
    let size = w(body, "pgSz").unwrap();
    assert_eq!(
        (val(size, "w"), val(size, "h")),
        (Some("11906"), Some("16838"))
    );
    let margins = w(body, "pgMar").unwrap();
    // 37 mm top, 35 mm bottom, 28 mm binding side, 26 mm outer side.
    for (side, twips) in [
        ("top", "2098"),
        ("bottom", "1984"),
        ("left", "1587"),
        ("right", "1474"),
    ] {
        assert_eq!(val(margins, side), Some(twips), "{side}");
    }
    let grid = w(body, "docGrid").unwrap();
    // 22 lines a page: the line grid; 28 characters a line: 16 pt characters set narrower by
    // the defaults' character spacing (a character grid is sized otherwise by LibreOffice).
    assert_eq!(val(grid, "type"), Some("lines"));
    assert_eq!(val(grid, "linePitch"), Some("579"));
    assert_eq!(val(grid, "charSpace"), None);
    let styles = part(docx, "word/styles.xml");
    let styles = Document::parse(&styles).unwrap();
    let defaults = styles
        .descendants()
        .find(|n| n.tag_name().name() == "rPrDefault")
        .unwrap();
    let twentieths: f64 = defaults
        .descendants()
        .find(|n| n.tag_name().name() == "spacing")
        .and_then(|n| val(n, "val"))
        .expect("character spacing in the defaults")
        .parse()
        .unwrap();
    let line = (11906.0 - 1587.0 - 1474.0) / 20.0;
    assert_eq!(
        (line / (16.0 + twentieths / 20.0)).floor(),
        28.0,
        "characters a line"
    );
    let settings = part(docx, "word/settings.xml");
    let settings = Document::parse(&settings).unwrap();
    let root = settings.root_element();
    assert!(w(root, "mirrorMargins").is_some());
    assert!(w(root, "evenAndOddHeaders").is_some());
}

#[test]
fn annex_1_has_a_landscape_section_of_its_own() {
    let bundled = bundled();
    assert!(bundled.markdown.contains("<!-- pe:landscape -->"));
    let xml = part(&bundled.docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let sections = sections(&doc);
    assert_eq!(sections.len(), 3, "portrait, landscape, portrait");
    let landscape = sections[1];
    let size = w(landscape, "pgSz").unwrap();
    assert_eq!(val(size, "orient"), Some("landscape"));
    assert_eq!(
        (val(size, "w"), val(size, "h")),
        (Some("16838"), Some("11906"))
    );
    // The landscape section holds annex 1's table.
    let section_text: String = {
        let end = landscape.range().start;
        let start = sections[0].range().end;
        text_of(&format!(
            "<w:document xmlns:w=\"{W}\"><w:body>{}</w:body></w:document>",
            trim_to_paragraphs(&xml[start..end])
        ))
    };
    assert!(section_text.contains("附件1"), "{section_text}");
    assert!(section_text.contains("主要指标监测表"), "{section_text}");
}

/// A slice of the body from after one section's end to before the next's: the paragraphs and
/// tables wholly inside it.
fn trim_to_paragraphs(slice: &str) -> &str {
    let start = slice.find("<w:p>").or_else(|| slice.find("<w:p ")).unwrap();
    let end = slice
        .rfind("<w:p>")
        .or_else(|| slice.rfind("<w:p "))
        .unwrap();
    &slice[start..end]
}

#[test]
fn footers_number_pages_with_a_page_field_on_the_outer_side() {
    let docx = &bundled().docx;
    let parts = parts(docx);
    let document = part(docx, "word/document.xml");
    let doc = Document::parse(&document).unwrap();
    let body = *sections(&doc).last().unwrap();
    let rels = part(docx, "word/_rels/document.xml.rels");
    let rels = Document::parse(&rels).unwrap();
    let mut seen = Vec::new();
    for reference in body
        .children()
        .filter(|n| n.has_tag_name((W, "footerReference")))
    {
        let kind = val(reference, "type").unwrap();
        let id = reference
            .attribute((
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "id",
            ))
            .unwrap();
        let target = rels
            .descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .and_then(|n| n.attribute("Target"))
            .unwrap();
        let footer = String::from_utf8(parts[&format!("word/{target}")].clone()).unwrap();
        let footer_doc = Document::parse(&footer).unwrap();
        let instr: String = footer_doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "instrText")))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(instr.trim(), "PAGE", "{kind}");
        assert!(
            footer_doc
                .descendants()
                .any(|n| n.has_tag_name((W, "fldChar")) && val(n, "fldCharType") == Some("begin"))
        );
        let text = text_of(&footer);
        assert!(
            text.starts_with("— ") && text.ends_with(" —"),
            "{kind}: {text}"
        );
        let align = footer_doc
            .descendants()
            .find(|n| n.has_tag_name((W, "jc")))
            .and_then(|n| val(n, "val"))
            .unwrap();
        let style = footer_doc
            .descendants()
            .find(|n| n.has_tag_name((W, "pStyle")))
            .and_then(|n| val(n, "val"))
            .unwrap();
        assert_eq!(style, "Footer");
        seen.push((kind.to_string(), align.to_string()));
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("default".to_string(), "right".to_string()),
            ("even".to_string(), "left".to_string())
        ]
    );
}
