//! The Word document (`typeset --docx`), read back with a zip and an XML reader: the page set
//! up as GB/T 9704 wants it, the named styles and their fonts, the page-number field, the
//! three-line tables, the landscape annex, the charts, the properties; every heading,
//! indicator and task of the bundled report in its text; data printed as text, never as
//! fields or links; the same bytes every time.

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::{ReportRequest, prepare};
use plan_eval::typeset::DocumentInfo;
use plan_eval::typeset::docx::markdown_to_docx;
use roxmltree::{Document, Node};

use crate::common::word::{W, part, parts};
use crate::common::{self, squeeze};

/// The bundled report as `report --out DIR --date 2025-03-31 --year 2024` writes it, and its
/// Word document from `typeset DIR/report.md --docx` (the report's own is `DIR/report.docx`).
pub(crate) struct Bundled {
    _dir: tempfile::TempDir,
    pub(crate) out: PathBuf,
    pub(crate) markdown: String,
    pub(crate) docx: Vec<u8>,
}

pub(crate) fn bundled() -> &'static Bundled {
    static BUNDLED: OnceLock<Bundled> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let dir = common::temp_dir();
        let out = dir.path().join("draft");
        let data = common::bundled();
        let run = common::plan_eval(
            &[
                "report",
                "--data",
                data.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--date",
                "2025-03-31",
                "--year",
                "2024",
            ],
            dir.path(),
        );
        common::assert_success(&run);
        let docx_path = out.join("typeset.docx");
        let run = common::plan_eval(
            &[
                "typeset",
                out.join("report.md").to_str().unwrap(),
                "--docx",
                docx_path.to_str().unwrap(),
            ],
            dir.path(),
        );
        common::assert_success(&run);
        Bundled {
            markdown: fs::read_to_string(out.join("report.md")).unwrap(),
            docx: fs::read(&docx_path).unwrap(),
            out,
            _dir: dir,
        }
    })
}

fn w<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((W, name)))
}

fn val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// The text of the document: its paragraphs' texts, one a line.
fn text_of(xml: &str) -> String {
    let doc = Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            p.descendants()
                .filter_map(|n| {
                    if n.has_tag_name((W, "t")) {
                        n.text()
                    } else if n.has_tag_name((W, "tab")) {
                        Some("\t")
                    } else {
                        None
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `w:sectPr` elements in document order (the last is the body's own).
fn sections<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "sectPr")))
        .collect()
}

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
fn styles_are_named_with_their_east_asian_fonts() {
    let xml = part(&bundled().docx, "word/styles.xml");
    let doc = Document::parse(&xml).unwrap();
    let style = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name((W, "style")) && val(*n, "styleId") == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"))
    };
    let east_asia = |id: &str| {
        style(id)
            .descendants()
            .find(|n| n.has_tag_name((W, "rFonts")))
            .and_then(|f| val(f, "eastAsia"))
            .map(str::to_string)
    };
    let defaults = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .unwrap();
    let body_font = defaults
        .descendants()
        .find(|n| n.has_tag_name((W, "rFonts")))
        .unwrap();
    assert_eq!(val(body_font, "eastAsia"), Some("仿宋_GB2312"));
    let body_size = defaults
        .descendants()
        .find(|n| n.has_tag_name((W, "sz")))
        .unwrap();
    assert_eq!(val(body_size, "val"), Some("32"), "3号 is 16 pt");
    assert_eq!(east_asia("Title").as_deref(), Some("方正小标宋简体"));
    for (id, font, level) in [
        ("Heading1", "黑体", "0"),
        ("Heading2", "楷体_GB2312", "1"),
        ("Heading3", "仿宋_GB2312", "2"),
    ] {
        assert_eq!(east_asia(id).as_deref(), Some(font), "{id}");
        let outline = style(id)
            .descendants()
            .find(|n| n.has_tag_name((W, "outlineLvl")))
            .unwrap();
        assert_eq!(val(outline, "val"), Some(level), "{id}");
        let name = w(style(id), "name").unwrap();
        assert_eq!(
            val(name, "val").map(str::to_string),
            Some(format!("heading {}", id.strip_prefix("Heading").unwrap()))
        );
    }
    assert!(
        style("Heading3")
            .descendants()
            .any(|n| n.has_tag_name((W, "b")))
    );
    assert_eq!(east_asia("Caption").as_deref(), Some("黑体"));
    assert_eq!(east_asia("TableHead").as_deref(), Some("黑体"));
    // Tables in 五号 (10.5 pt) and 小五 (9 pt) on landscape pages, as the PDF's.
    let size = |id: &str| {
        style(id)
            .descendants()
            .find(|n| n.has_tag_name((W, "sz")))
            .and_then(|n| val(n, "val").map(str::to_string))
    };
    assert_eq!(size("TableText").as_deref(), Some("21"));
    assert_eq!(size("TableTextWide").as_deref(), Some("18"));
    let indent = style("BodyText")
        .descendants()
        .find(|n| n.has_tag_name((W, "ind")))
        .unwrap();
    assert_eq!(val(indent, "firstLineChars"), Some("200"));
    // The fallbacks stand in the font table.
    let fonts = part(&bundled().docx, "word/fontTable.xml");
    let fonts = Document::parse(&fonts).unwrap();
    let fangsong = fonts
        .descendants()
        .find(|n| n.has_tag_name((W, "font")) && val(*n, "name") == Some("仿宋_GB2312"))
        .unwrap();
    let alt = val(w(fangsong, "altName").unwrap(), "val").unwrap();
    assert!(alt.contains("FangSong"), "{alt}");
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

#[test]
fn tables_repeat_their_header_rows_and_rows_do_not_split() {
    let bundled = bundled();
    let xml = part(&bundled.docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let tables: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    let in_markdown = bundled
        .markdown
        .lines()
        .filter(|l| l.starts_with("| :") || l.starts_with("| -"))
        .count();
    assert_eq!(tables.len(), in_markdown);
    // The landscape section: from the end of the first section to its own end.
    let sections = sections(&doc);
    let landscape = sections[0].range().end..sections[1].range().end;
    for table in tables {
        let rows: Vec<Node> = table
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .collect();
        assert!(rows.len() > 1);
        for (i, row) in rows.iter().enumerate() {
            let properties = w(*row, "trPr").unwrap();
            assert!(w(properties, "cantSplit").is_some());
            assert_eq!(w(properties, "tblHeader").is_some(), i == 0, "row {i}");
        }
        // Three lines: top and bottom borders, none at the sides or inside.
        let borders = w(w(table, "tblPr").unwrap(), "tblBorders").unwrap();
        for (side, kind) in [
            ("top", "single"),
            ("bottom", "single"),
            ("insideH", "nil"),
            ("insideV", "nil"),
        ] {
            let border = w(borders, side).unwrap_or_else(|| panic!("{side}"));
            assert_eq!(val(border, "val"), Some(kind), "{side}");
        }
        // The PDF's column widths: within the type area, and every short cell (a word, a
        // number, 2024年) on one line of its column, 3 pt of inset on either side.
        let grid: Vec<f64> = w(table, "tblGrid")
            .unwrap()
            .children()
            .filter(|n| n.has_tag_name((W, "gridCol")))
            .map(|n| val(n, "w").unwrap().parse().unwrap())
            .collect();
        let wide = rows.iter().any(|row| {
            row.descendants()
                .any(|n| n.has_tag_name((W, "pStyle")) && val(n, "val") == Some("TableTextWide"))
        });
        // 小五 on the landscape pages and in a crowded upright table, 五号 otherwise.
        let type_twips = if wide { 180.0 } else { 210.0 };
        let area = if landscape.contains(&table.range().start) {
            assert!(wide, "a landscape table in 小五");
            12756.0
        } else {
            8845.0
        };
        assert!(grid.iter().sum::<f64>() <= area + 1.0, "{grid:?} in {area}");
        for row in &rows {
            let cells = row.children().filter(|n| n.has_tag_name((W, "tc")));
            for (column, cell) in cells.enumerate() {
                let text: String = cell
                    .descendants()
                    .filter(|n| n.has_tag_name((W, "t")))
                    .filter_map(|n| n.text())
                    .collect();
                let em: f64 = text
                    .chars()
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum();
                if em <= 5.0 {
                    assert!(
                        grid[column] + 1.0 >= em * type_twips + 120.0,
                        "“{text}” on one line of column {column}: {grid:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn charts_are_pictures_with_their_captions() {
    let bundled = bundled();
    let parts = parts(&bundled.docx);
    let charts = fs::read_dir(bundled.out.join("charts")).unwrap().count();
    let media: Vec<&String> = parts
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), charts, "{media:?}");
    for name in media {
        assert!(parts[name].starts_with(b"\x89PNG"), "{name}");
    }
    let xml = part(&bundled.docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids.len(), charts);
    assert_eq!(unique, ids, "picture ids differ");
    let text = text_of(&xml);
    assert!(text.contains("图1 2024年主要指标进度情况"), "{text}");
}

#[test]
fn properties_come_from_the_report_not_the_clock() {
    let bundled = bundled();
    let core = part(&bundled.docx, "docProps/core.xml");
    let core = Document::parse(&core).unwrap();
    let field = |name: &str| {
        core.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let title = bundled.markdown.lines().next().unwrap();
    assert_eq!(field("title"), title.strip_prefix("# ").unwrap());
    assert_eq!(field("creator"), "丹江口市发展和改革局");
    assert_eq!(field("created"), "2025-03-31T00:00:00Z");
    assert_eq!(field("modified"), "2025-03-31T00:00:00Z");
}

#[test]
fn the_same_markdown_gives_the_same_bytes() {
    let bundled = bundled();
    let again = bundled.out.join("again.docx");
    let run = common::plan_eval(
        &[
            "typeset",
            bundled.out.join("report.md").to_str().unwrap(),
            "--docx",
            again.to_str().unwrap(),
        ],
        &bundled.out,
    );
    common::assert_success(&run);
    assert!(fs::read(&again).unwrap() == bundled.docx, "another run");
    // In one process, after another document too (docx-rs counts ids across documents).
    let info = DocumentInfo {
        title: "标题".into(),
        author: "单位".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
    };
    let first = markdown_to_docx(&bundled.markdown, &info, &[]).unwrap();
    markdown_to_docx("# 另一份\n\n正文[^1]\n\n[^1]: 注\n", &info, &[]).unwrap();
    let second = markdown_to_docx(&bundled.markdown, &info, &[]).unwrap();
    assert!(first == second, "the same process");
}

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

const TASKS: [&str; 8] = [
    "T1-1", "T1-2", "T2-2", "T3-1", "T4-1", "T5-2", "T6-2", "T7-1",
];

/// The bundled 2024 report's Word document, its task summaries replaced by `summaries` (one
/// for each of [`TASKS`]).
pub(crate) fn docx_with_summaries(summaries: &[&str]) -> Vec<u8> {
    let (_dir, data) = common::data_copy();
    let progress = data.join("task_progress.csv");
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(&progress)
        .unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if row[0] == "2024"
            && let Some(i) = TASKS.iter().position(|t| *t == row[1])
        {
            row[3] = summaries[i].to_string();
        }
        writer.write_record(&row).unwrap();
    }
    fs::write(&progress, writer.into_inner().unwrap()).unwrap();
    let prepared = prepare(&ReportRequest {
        kind: None,
        year: 2024,
        data,
        templates: None,
        date: common::report_date(),
    })
    .unwrap();
    let meta = ReportMeta {
        date: common::report_date(),
        sample: true,
        charts: Vec::new(),
    };
    let (_, markdown) = common::markdown(&prepared.data, &prepared.evaluation, &meta);
    let info = DocumentInfo {
        title: "报告".into(),
        author: "单位".into(),
        date: common::report_date(),
    };
    markdown_to_docx(&markdown, &info, &[]).unwrap()
}

/// The payloads the PDF's tests use, each a whole summary, in two sets of eight (one for each
/// of [`TASKS`]).
pub(crate) const PAYLOADS: [[&str; 8]; 2] = [
    [
        "#read(\"/etc/passwd\")",
        "#import \"x.typ\": *",
        "<label> @ref $x^2$",
        "// not a comment /* nor this */",
        "= not a heading",
        "- not a list",
        "1. not a list",
        "\\ *not bold* _x_ ~ ---",
    ],
    [
        "https://example.org {{ not tera }} {% raw %}",
        "| not | a | table |",
        "<script>alert(1)</script>",
        "各村<组、户>",
        "**粗体** [链接](http://x) `code` ![图](x.png)",
        "&amp; &lt; \\u{41} #strong[x](y)",
        "> 引用 # 标题",
        "{ PAGE } { HYPERLINK \"http://x\" } { INCLUDETEXT \"c:\\\\x\" }",
    ],
];

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

#[test]
fn typeset_writes_the_word_document_beside_the_pdf_or_alone() {
    let bundled = bundled();
    let dir = common::temp_dir();
    let markdown = dir.path().join("edited.md");
    fs::write(&markdown, &bundled.markdown).unwrap();
    common::copy_dir(&bundled.out.join("charts"), &dir.path().join("charts"));
    // --docx alone: only the Word document.
    let run = common::plan_eval(
        &["typeset", "edited.md", "--docx", "alone.docx"],
        dir.path(),
    );
    common::assert_success(&run);
    assert!(dir.path().join("alone.docx").is_file());
    assert!(!dir.path().join("edited.pdf").exists());
    // With -o: both, the document the same as from the report's own folder.
    let run = common::plan_eval(
        &[
            "typeset",
            "edited.md",
            "-o",
            "both.pdf",
            "--docx",
            "both.docx",
        ],
        dir.path(),
    );
    common::assert_success(&run);
    assert!(
        fs::read(dir.path().join("both.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    let docx = fs::read(dir.path().join("both.docx")).unwrap();
    assert!(docx == fs::read(dir.path().join("alone.docx")).unwrap());
    assert!(
        docx == bundled.docx,
        "the same Markdown and images, the same bytes"
    );
    // One file for two outputs is refused before anything is written.
    let run = common::plan_eval(
        &["typeset", "edited.md", "-o", "same.x", "--docx", "same.x"],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("PDF 和 Word 文档不能写到同一个文件"),
        "{stderr}"
    );
    assert!(!dir.path().join("same.x").exists());
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
