//! The Markdown report of the bundled data, as a snapshot, and proof that free
//! text from the data files cannot change its structure.

use std::fs;
use std::path::Path;

use crate::common;
use crate::common::bundled;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::load_and_evaluate;
use plan_eval::typeset::convert::parser_options;
use pulldown_cmark::{Event, Parser, Tag};

fn markdown_of(data: &Path, year: i32) -> String {
    markdown_of_kind(data, year, None)
}

fn markdown_of_kind(
    data: &Path,
    year: i32,
    kind: Option<plan_eval::model::vocabulary::EvaluationKind>,
) -> String {
    let (dataset, ev) = load_and_evaluate(data, year, kind).expect("data evaluate");
    let meta = ReportMeta {
        // Signed in March of the year after, as the yearly reports are.
        date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        sample: dataset.sample,
        charts: plan_eval::report::charts::charts(&ev)
            .into_iter()
            .map(|c| (c.file, c.caption))
            .collect(),
    };
    common::markdown(&dataset, &ev, &meta).1
}

#[test]
fn bundled_2024_report() {
    insta::assert_snapshot!(markdown_of(&bundled(), 2024));
}

#[test]
fn bundled_2023_midterm_report() {
    insta::assert_snapshot!(markdown_of_kind(
        &bundled(),
        2023,
        Some(plan_eval::model::vocabulary::EvaluationKind::Midterm)
    ));
}

#[test]
fn bundled_2025_final_report() {
    insta::assert_snapshot!(markdown_of(&bundled(), 2025));
}

#[test]
fn report_names_every_indicator_task_and_section() {
    let md = markdown_of(&bundled(), 2024);
    let plan = plan_eval::plan::load(&bundled().join("plan.yaml")).unwrap();
    for i in &plan.indicators {
        assert!(md.contains(&format!("**{}**", i.name)), "{}", i.name);
    }
    for (section, task) in plan.tasks() {
        assert!(md.contains(&section.title), "{}", section.title);
        assert!(md.contains(&task.title), "{}", task.title);
    }
    assert!(
        md.starts_with(
            "# 丹江口市国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告\n"
        )
    );
    assert!(md.contains("（本报告使用示例数据，不代表官方统计数据）"));
    assert!(md.contains("丹江口市发展和改革局  \n2025年3月4日"));
    assert!(md.contains(
        "2021—2024年年均增长6.8%，低于目标3.9个百分点；要实现年均增长10.7%的目标，2025年需增长27.7%，滞后于预期，完成难度很大。"
    ));
}

#[test]
fn without_the_sample_marker_there_is_no_sample_notice() {
    let (_dir, data) = common::data_copy();
    fs::remove_file(data.join("SAMPLE_DATA.txt")).unwrap();
    let md = markdown_of(&data, 2024);
    assert!(!md.contains("示例数据"));
}

/// What Markdown makes of a report, counted: headings, tables, table rows,
/// list items, HTML, paragraphs, and the inline markup (strong, emphasis,
/// strikethrough, links, images, code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Structure {
    headings: usize,
    tables: usize,
    rows: usize,
    items: usize,
    html: usize,
    paragraphs: usize,
    strong: usize,
    emphasis: usize,
    strikethrough: usize,
    links: usize,
    images: usize,
    code: usize,
}

fn structure(md: &str) -> Structure {
    let mut s = Structure::default();
    for event in Parser::new_ext(md, parser_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => s.headings += 1,
            Event::Start(Tag::Table(_)) => s.tables += 1,
            Event::Start(Tag::TableRow) => s.rows += 1,
            Event::Start(Tag::Item) => s.items += 1,
            Event::Html(_) | Event::InlineHtml(_) => s.html += 1,
            Event::Start(Tag::Paragraph) => s.paragraphs += 1,
            Event::Start(Tag::Strong) => s.strong += 1,
            Event::Start(Tag::Emphasis) => s.emphasis += 1,
            Event::Start(Tag::Strikethrough) => s.strikethrough += 1,
            Event::Start(Tag::Link { .. }) => s.links += 1,
            Event::Start(Tag::Image { .. }) => s.images += 1,
            Event::Code(_) => s.code += 1,
            _ => {}
        }
    }
    s
}

#[test]
fn free_text_cannot_change_the_structure() {
    let payload = "# 标题 | 不是 | 表格 | <script>x</script> *粗* _斜_ [链接](x) `代码` ~删~ &amp; 1. 列表 - 项目 \\ 各镇<办、处、区>";
    let (_dir, data) = common::data_copy();
    let progress = data.join("task_progress.csv");
    let text = fs::read_to_string(&progress).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let row = lines
        .iter()
        .position(|l| l.starts_with("2024,T1-1,"))
        .unwrap();
    // The row as wide as the file's header (its 经验 and 问题 left empty).
    let width = common::header_width(&text);
    lines[row] = format!(
        "2024,T1-1,进度滞后,\"{}\"{}",
        payload.replace('"', "\"\""),
        ",".repeat(width - 4)
    );
    fs::write(&progress, lines.join("\n")).unwrap();
    let clean = markdown_of(&bundled(), 2024);
    let dirty = markdown_of(&data, 2024);
    // T1-1 now lags, so it gets a measure: one more paragraph, its heading
    // the one more strong run (`N\.**T1-1's title**。…`). Nothing else of the
    // payload, in the task's paragraph and in the measure quoting it, may
    // become Markdown.
    let measures = |dir: &Path| {
        load_and_evaluate(dir, 2024, None)
            .unwrap()
            .1
            .countermeasures
            .len()
    };
    let more = measures(&data) - measures(&bundled());
    assert_eq!(more, 1, "T1-1's measure");
    let mut expected = structure(&clean);
    expected.paragraphs += more;
    expected.strong += more;
    assert_eq!(structure(&dirty), expected);
    // And the text prints literally: render the Markdown's text back and find the payload.
    let mut text = String::new();
    for event in Parser::new_ext(&dirty, parser_options()) {
        if let Event::Text(t) = event {
            text.push_str(&t);
        }
    }
    // Literal, but for the unit, which the report writes one way throughout.
    let printed = payload.replace("各镇<办、处、区>", "各镇（办、处、区）");
    assert!(text.contains(&printed), "payload not literal in:\n{text}");
}
