//! What the document says: every heading, indicator and task of the bundled report, a long title
//! in the PDF's lines, and summaries with injection payloads or control characters printed as
//! plain text, never as fields, links or instructions.

use super::*;

#[test]
fn every_heading_indicator_and_task_of_the_report_is_in_its_text() {
    let bundled = bundled();
    let text = squeeze(&text_of(&part(&bundled.docx, "word/document.xml")));
    for line in bundled.markdown.lines() {
        if let Some(heading) = line.trim_start_matches('#').strip_prefix(' ')
            && line.starts_with('#')
        {
            assert!(text.contains(&squeeze(heading)), "heading {heading}");
        }
    }
    let evaluation: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(bundled.out.join("evaluation.json")).unwrap())
            .unwrap();
    let indicators = evaluation["indicators"].as_array().unwrap();
    assert!(!indicators.is_empty());
    for indicator in indicators {
        let name = indicator["name"].as_str().unwrap();
        assert!(text.contains(&squeeze(name)), "indicator {name}");
    }
    let mut tasks = 0;
    for section in evaluation["sections"].as_array().unwrap() {
        for task in section["tasks"].as_array().unwrap() {
            let title = task["title"].as_str().unwrap();
            assert!(text.contains(&squeeze(title)), "task {title}");
            tasks += 1;
        }
    }
    assert!(tasks > 0);
    for words in [
        "市人民政府：",
        "特此报告。",
        "丹江口市发展和改革局",
        "2025年3月31日",
        "附件2",
    ] {
        assert!(text.contains(words), "{words}");
    }
}

/// The payloads print as written, and nothing in the document is a field, a link or an
/// instruction.
#[test]
fn injection_payloads_in_summaries_print_verbatim_as_text() {
    for set in &PAYLOADS {
        let docx = docx_with_summaries(set);
        let xml = part(&docx, "word/document.xml");
        let doc = Document::parse(&xml).unwrap();
        for forbidden in ["fldChar", "instrText", "fldSimple", "hyperlink"] {
            assert!(
                !doc.descendants().any(|n| n.tag_name().name() == forbidden),
                "{forbidden} in the document"
            );
        }
        let text = squeeze(&text_of(&xml));
        for payload in set {
            assert!(
                text.contains(&squeeze(payload)),
                "{payload:?} not verbatim in the document"
            );
        }
        let rels = part(&docx, "word/_rels/document.xml.rels");
        assert!(
            !rels.contains("hyperlink") && !rels.contains("External"),
            "{rels}"
        );
    }
}

#[test]
fn control_characters_are_dropped_and_the_package_stays_readable() {
    let info = DocumentInfo {
        title: "控制\u{1}字符".into(),
        author: "单位\u{8}".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
    };
    let markdown = "# 标题\u{b}\n\n正文\u{0}\u{1f}第一段 A&B <tag>\n\n| 甲 | 乙 |\n| - | - |\n| \u{c}x | y |\n";
    let docx = markdown_to_docx(markdown, &info, &[]).unwrap();
    for (name, bytes) in parts(&docx) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = String::from_utf8(bytes).unwrap();
            Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let text = text_of(&part(&docx, "word/document.xml"));
    assert!(text.contains("正文第一段 A&B <tag>"), "{text}");
}

/// A long title breaks where the PDF's does: the same balanced lines, ending between words.
#[test]
fn the_title_breaks_into_the_pdfs_lines() {
    let bundled = bundled();
    let typst = fs::read_to_string(bundled.out.join("report.typ")).unwrap();
    let heading = typst
        .lines()
        .find_map(|line| line.strip_prefix("= "))
        .expect("the title in report.typ");
    let pdf_lines: Vec<&str> = heading.split("#linebreak()").collect();
    assert_eq!(
        pdf_lines,
        [
            "丹江口市国民经济和社会发展",
            "第十四个五年规划纲要",
            "2024年度实施情况评估报告"
        ]
    );
    let xml = part(&bundled.docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let title = doc
        .descendants()
        .find(|n| {
            n.has_tag_name((W, "p"))
                && n.descendants()
                    .any(|s| s.has_tag_name((W, "pStyle")) && val(s, "val") == Some("Title"))
        })
        .expect("a Title paragraph");
    let lines: Vec<&str> = title
        .descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(lines, pdf_lines);
    let breaks = title
        .descendants()
        .filter(|n| n.has_tag_name((W, "br")))
        .count();
    assert_eq!(breaks, pdf_lines.len() - 1);
}
