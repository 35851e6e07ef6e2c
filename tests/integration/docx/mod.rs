//! The Word document (`typeset --docx`), read back with a zip and an XML reader: the page set
//! up as GB/T 9704 wants it, the named styles and their fonts, the page-number field, the
//! three-line tables, the landscape annex, the charts, the properties; every heading,
//! indicator and task of the bundled report in its text; data printed as text, never as
//! fields or links; the same bytes every time.
//!
//! The tests are split by what they read: `page_setup` (the sections, margins, grid and page
//! numbers), `formatting` (styles, tables, charts), `contents` (the text, the title's lines,
//! payloads printed as text) and `output` (properties, same bytes, where typeset writes); this
//! module makes the bundled document once and holds the readers and payloads they share (the
//! LibreOffice checks in `docx_office` use them too).

mod contents;
mod formatting;
mod output;
mod page_setup;

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
