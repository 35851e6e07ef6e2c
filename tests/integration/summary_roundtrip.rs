//! Property: whatever a unit writes in its task summary reaches the PDF
//! unchanged, through the whole pipeline (CSV → Markdown escaping → Typst
//! conversion → typst → pdftotext), and never makes typst fail.

use std::fs;
use std::process::Command;

use plan_eval::evaluate::TaskResult;
use plan_eval::run::pipeline::{ReportRequest, build_report};
use proptest::prelude::*;

use crate::common::{self, pdf, squeeze};

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

/// The printed paragraph (squeezed) of each of [`TASKS`] in the bundled 2024
/// report with their 2024 summaries replaced by `summaries`: the PDF's text
/// from the task's own heading (`N.TITLE。`) in the part on the tasks to the
/// next task's heading, or to the end of that part after the last task.
fn task_paragraphs_with(summaries: &[String]) -> Result<Vec<String>, String> {
    let (_dir, data) = common::data_copy();
    let progress = data.join("task_progress.csv");
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
        data,
        templates: None,
        date: common::report_date(),
    })
    .map_err(|e| format!("the report failed: {e}"))?;
    let raw = pdf::with_file(&report.pdf, |pdf| {
        let out = Command::new("pdftotext")
            .arg("-raw")
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) must be installed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    // Page footers ("— 12 —") may fall inside a paragraph that runs over a page.
    let body: Vec<&str> = raw
        .lines()
        .filter(|l| !(l.starts_with("— ") && l.ends_with(" —")))
        .collect();
    // pdftotext reads a grave accent (a backtick) that overlaps the character before it, as
    // typst's compressed CJK punctuation (`：`` ` ``) may make it, as a combining grave
    // over that character: the PDF holds a backtick, which is what it is read back as here.
    let text = squeeze(&body.join("\n")).replace('\u{300}', "`");
    // The part on the tasks; a lagging task's title and summary are quoted
    // again in the parts on problems and measures.
    let part = |heading: &str| {
        text.find(heading)
            .ok_or_else(|| format!("no {heading} in:\n{text}"))
    };
    let (from, to) = (part("四、主要任务推进情况")?, part("五、存在的主要问题")?);
    if to < from {
        return Err(format!("the parts out of order:\n{text}"));
    }
    let text = &text[from..to];
    // Where each task's paragraph starts: its heading, found once.
    let heading = |t: &TaskResult| squeeze(&format!("{}.{}。", t.number, t.title));
    let tasks: Vec<&TaskResult> = report
        .evaluation
        .sections
        .iter()
        .flat_map(|s| &s.tasks)
        .collect();
    let mut starts = Vec::with_capacity(tasks.len());
    for t in &tasks {
        let heading = heading(t);
        let found: Vec<usize> = text.match_indices(&heading).map(|(i, _)| i).collect();
        match found[..] {
            [at] => starts.push(at),
            _ => return Err(format!("{heading} printed {} times:\n{text}", found.len())),
        }
    }
    let mut paragraphs = Vec::with_capacity(TASKS.len());
    for id in TASKS {
        let i = tasks.iter().position(|t| t.id == id).unwrap();
        let start = starts[i];
        // The next heading in the text, not in the plan: the paragraph cannot
        // reach into another one, wherever that is printed.
        let end = starts
            .iter()
            .copied()
            .filter(|&s| s > start)
            .min()
            .unwrap_or(text.len());
        paragraphs.push(text[start..end].to_string());
    }
    Ok(paragraphs)
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
        let paragraphs = task_paragraphs_with(&summaries).unwrap();
        for ((task, s), paragraph) in TASKS.iter().zip(&summaries).zip(&paragraphs) {
            assert!(
                paragraph.contains(&squeeze(s)),
                "{s:?} not verbatim in the paragraph of {task}: {paragraph}"
            );
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
        let paragraphs = task_paragraphs_with(&summaries).map_err(TestCaseError::fail)?;
        for ((task, summary), paragraph) in TASKS.iter().zip(&summaries).zip(&paragraphs) {
            let wanted = squeeze(summary.trim());
            prop_assert!(
                paragraph.contains(&wanted),
                "summary {:?} not in the paragraph of {}: {}", summary, task, paragraph
            );
        }
    }
}
