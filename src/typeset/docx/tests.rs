//! Unit tests of the Word renderer: what each Markdown construct and directive becomes.

use std::io::{Cursor, Read};

use chrono::NaiveDate;

use super::*;

fn info() -> DocumentInfo {
    DocumentInfo {
        title: "标题".into(),
        author: "单位".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
    }
}

fn part(docx: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

fn document(markdown: &str) -> String {
    let docx = markdown_to_docx(markdown, &info(), &[]).unwrap();
    part(&docx, "word/document.xml").unwrap()
}

/// The paragraphs' styles and texts, in order.
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name((W, "pStyle")))
                .and_then(|n| n.attribute((W, "val")))
                .unwrap_or("")
                .to_string();
            let text = p
                .descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            (style, text)
        })
        .collect()
}

fn pair(style: &str, text: &str) -> (String, String) {
    (style.to_string(), text.to_string())
}

#[test]
fn headings_and_paragraphs_take_the_named_styles() {
    let xml = document(
        "# 题目\n\n## 一、总体\n\n### （一）分项\n\n#### 1. 细项\n\n正文*强调*与**加粗**。\n",
    );
    assert_eq!(
        paragraphs(&xml),
        [
            pair("Title", "题目"),
            pair("Heading1", "一、总体"),
            pair("Heading2", "（一）分项"),
            pair("Heading3", "1. 细项"),
            pair("BodyText", "正文强调与加粗。"),
        ]
    );
    assert!(xml.contains("<w:i />") || xml.contains("<w:i/>"), "{xml}");
    assert!(xml.contains("<w:b />") || xml.contains("<w:b/>"), "{xml}");
}

#[test]
fn directives_wrap_their_paragraph_or_print_as_written() {
    let xml = document(
        "<!-- pe:addressee -->\n市人民政府：\n\n<!-- pe:signature -->\n某某局  \n2025年3月31日\n\n<!-- pe:pagebreak -->\n\n<!-- pe:annex-title -->\n附件标题\n\n<!-- pe:closing -->\n## 不是段落\n",
    );
    let paragraphs = paragraphs(&xml);
    assert_eq!(paragraphs[0], pair("Addressee", "市人民政府："));
    // The signature's lines centred on one another, the longest two characters from the right.
    assert_eq!(paragraphs[1], pair("Signature", "某某局"));
    assert_eq!(paragraphs[2], pair("Signature", "2025年3月31日"));
    let right = |text: &str| {
        let at = xml.find(&format!(">{text}<")).unwrap();
        let ind = xml[..at].rfind("<w:ind ").unwrap();
        let tail = &xml[ind..];
        let value = tail.split("w:right=\"").nth(1).unwrap();
        value[..value.find('"').unwrap()].parse::<i32>().unwrap()
    };
    assert_eq!(right("2025年3月31日"), 640);
    assert_eq!(right("某某局"), 640 + 7 * 158 / 2);
    assert!(!xml.contains(r#"<w:br w:type="textWrapping" />"#), "{xml}");
    assert!(xml.contains(r#"<w:br w:type="page" />"#), "{xml}");
    assert!(paragraphs.contains(&pair("AnnexTitle", "附件标题")));
    // A wrapping directive before a heading applies to nothing.
    assert!(paragraphs.contains(&pair("Plain", "<!-- pe:closing -->")));
    assert!(paragraphs.contains(&pair("Heading1", "不是段落")));
}

#[test]
fn lists_quotes_and_code_are_plain_paragraphs_with_their_markers() {
    let xml = document("1. 甲\n2. 乙\n\n- 丙\n\n> 引文\n\n```\nlet x = 1;\nlet y = 2;\n```\n");
    let paragraphs = paragraphs(&xml);
    assert_eq!(
        paragraphs,
        [
            pair("BodyText", "1. 甲"),
            pair("BodyText", "2. 乙"),
            pair("BodyText", "• 丙"),
            pair("BodyText", "引文"),
            pair("Plain", "let x = 1;"),
            pair("Plain", "let y = 2;"),
        ]
    );
}

#[test]
fn links_print_as_their_text_and_footnotes_as_word_footnotes() {
    let docx = markdown_to_docx(
        "见[网站](http://example.org)与注[^a]，再引[^a]。\n\n[^a]: 注释正文。\n",
        &info(),
        &[],
    )
    .unwrap();
    let xml = part(&docx, "word/document.xml").unwrap();
    assert!(!xml.contains("hyperlink"), "{xml}");
    assert_eq!(xml.matches("<w:footnoteReference").count(), 1, "{xml}");
    let paragraphs = paragraphs(&xml);
    assert_eq!(paragraphs, [pair("BodyText", "见网站与注，再引1。")]);
    let footnotes = part(&docx, "word/footnotes.xml").unwrap();
    assert!(footnotes.contains("注释正文。"), "{footnotes}");
    assert!(footnotes.contains("FootnoteText"), "{footnotes}");
}

#[test]
fn a_missing_image_prints_its_description() {
    let xml = document("![图的说明](charts/none.svg)\n");
    assert_eq!(paragraphs(&xml), [pair("BodyText", "图的说明")]);
    assert!(!xml.contains("<w:drawing"));
}

#[test]
fn an_svg_image_becomes_a_figure() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#336"/></svg>"##;
    let docx = markdown_to_docx(
        "![图](a.svg)\n\n<!-- pe:caption -->\n图1 示意\n",
        &info(),
        &[("a.svg".to_string(), svg.to_vec())],
    )
    .unwrap();
    let xml = part(&docx, "word/document.xml").unwrap();
    assert_eq!(xml.matches("<w:drawing").count(), 1);
    let paragraphs = paragraphs(&xml);
    assert_eq!(paragraphs[0].0, "Figure");
    assert_eq!(paragraphs[1], pair("Caption", "图1 示意"));
    // 100 × 50 CSS pixels at 220 dpi.
    let picture = picture::rasterise_svg(svg, &picture::ChartFonts::default()).unwrap();
    assert_eq!((picture.width, picture.height), (230, 115));
    assert_eq!(picture.emu, (952_500, 476_250));
}
