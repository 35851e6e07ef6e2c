//! Property: whatever a unit writes in its task summary reaches the PDF
//! unchanged, through the whole pipeline (CSV → Markdown escaping → Typst
//! conversion → typst → pdftotext), and never makes typst fail.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::squeeze;
use plan_eval::pipeline::{ReportRequest, build_report};
use proptest::prelude::*;

/// Text a unit might type, and then some: every ASCII punctuation mark (the
/// Markdown and Typst specials among them), letters, digits, CJK ideographs,
/// full-width punctuation and spaces.
fn summary_text() -> impl Strategy<Value = String> {
    let ascii = proptest::char::range('!', '~');
    let cjk = proptest::char::range('\u{4e00}', '\u{9fa5}');
    let fullwidth = proptest::sample::select(vec![
        '，', '。', '、', '；', '：', '（', '）', '《', '》', '“', '”', '〔', '〕',
    ]);
    let space = Just(' ');
    // Characters with a meaning in Markdown or Typst, often enough to pair up.
    let special = proptest::sample::select(
        "*_[]<>#|~&!\\`$@/-+=.()\"'{}%:;"
            .chars()
            .collect::<Vec<_>>(),
    );
    proptest::collection::vec(
        prop_oneof![3 => ascii, 3 => special, 3 => cjk, 1 => fullwidth, 1 => space],
        1..60,
    )
    .prop_map(|chars| chars.into_iter().collect::<String>())
    // The CSV reader trims cells; a summary that is only spaces is an empty one.
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

const TASKS: [&str; 8] = [
    "T1-1", "T1-2", "T2-2", "T3-1", "T4-1", "T5-2", "T6-2", "T7-1",
];

/// The PDF text (squeezed) of the bundled 2024 report with the 2024 summaries
/// of [`TASKS`] replaced by `summaries`.
fn pdf_text_with(summaries: &[String]) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in fs::read_dir(&bundled).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let progress = dir.path().join("task_progress.csv");
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(&progress)
        .unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let mut row: Vec<String> = record.iter().map(String::from).collect();
        if row[0] == "2024"
            && let Some(i) = TASKS.iter().position(|t| *t == row[1])
            && let Some(summary) = summaries.get(i)
        {
            row[3] = summary.clone();
        }
        writer.write_record(&row).unwrap();
    }
    fs::write(&progress, writer.into_inner().unwrap()).unwrap();
    let report = build_report(&ReportRequest {
        kind: None,
        year: 2024,
        data: dir.path().to_path_buf(),
        templates: None,
        date: NaiveDate::from_ymd_opt(2025, 3, 4).unwrap(),
    })
    .map_err(|e| format!("the report failed: {e}"))?;
    let pdf = dir.path().join("out.pdf");
    fs::write(&pdf, &report.pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    Ok(squeeze(&String::from_utf8_lossy(&out.stdout)))
}

/// The payloads of the issue, each a whole summary.
#[test]
fn injection_payloads_in_summaries_print_verbatim() {
    let payloads = [
        "#read(\"/etc/passwd\")",
        "#import \"x.typ\": *",
        "<label> @ref $x^2$",
        "// not a comment /* nor this */",
        "= not a heading",
        "- not a list",
        "1. not a list",
        "\\ *not bold* _x_ ~ ---",
    ];
    let more = [
        "https://example.org {{ not tera }} {% raw %}",
        "| not | a | table |",
        "<script>alert(1)</script>",
        // Angle brackets that are not a unit's name (a unit's is spelt as the report writes it).
        "各村<组、户>",
        "**粗体** [链接](http://x) `code` ![图](x.png)",
        "&amp; &lt; \\u{41} #strong[x](y)",
        "> 引用 # 标题",
        "...",
    ];
    for set in [&payloads, &more] {
        let summaries: Vec<String> = set.iter().map(|s| s.to_string()).collect();
        let text = pdf_text_with(&summaries).unwrap();
        for s in &summaries {
            assert!(text.contains(&squeeze(s)), "{s:?} not verbatim in the PDF");
        }
    }
}

proptest! {
    // 8 reports, or `PLAN_EVAL_PROPTEST_CASES` for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PLAN_EVAL_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(8),
        ..ProptestConfig::default()
    })]

    #[test]
    fn task_summaries_print_verbatim(summaries in proptest::collection::vec(summary_text(), TASKS.len())) {
        let text = pdf_text_with(&summaries).map_err(TestCaseError::fail)?;
        for summary in &summaries {
            let wanted = squeeze(summary.trim());
            prop_assert!(text.contains(&wanted), "summary {:?} not in the PDF text", summary);
        }
    }
}
