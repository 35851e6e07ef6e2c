//! Two 15th plans written for review, unlike the other fixtures
//! (`tests/fixtures/plans/mountain15`, 翠岭县: yearly GDP targets, ranks,
//! targets without figures, a unit that never reports; `coastal15`, 澄湾县:
//! schedule words, an `evaluation:` block, projects that start late or are
//! cancelled). Each test holds sentences the reports printed wrongly, as
//! /work/review2/findings.md records them, and what is true of the data.

use std::path::Path;

use crate::common;
use crate::common::plan_fixture;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::load_and_evaluate;

/// The report's Markdown for `year` of a fixture, signed on `date` ("2027-03-04").
fn report(fixture: &str, year: i32, date: &str) -> String {
    markdown_in(&plan_fixture(fixture), year, date)
}

fn markdown_in(dir: &Path, year: i32, date: &str) -> String {
    let (data, ev) = load_and_evaluate(dir, year, None).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    common::markdown(&data, &ev, &meta).1
}

/// The report's paragraph that starts with `start`.
fn paragraph<'a>(md: &'a str, start: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starting {start}"))
}

#[test]
fn the_method_paragraph_keeps_sentences_apart_and_dates_true() {
    // U13: the plan's third-party and public-input words ran together.
    let md = report("coastal15", 2026, "2027-03-04");
    let method = paragraph(&md, "本次评估采取");
    assert!(
        method.ends_with(
            "委托东溟市社会科学院开展第三方独立评估。通过县政府门户网站公开征求意见，收到意见建议36条。现将有关情况报告如下。"
        ),
        "{method}"
    );
    // U14: a mid-term's cut-off (2028-06-30) is not the 2026 report's, which is signed in 2027.
    assert!(!method.contains("评估所用资料截至"), "{method}");
    // …nor the mid-term's own when it grades full-year 2028 figures.
    let mid = report("coastal15", 2028, "2029-03-04");
    let method = paragraph(&mid, "本次评估采取");
    assert!(method.contains("数据截至2028年"), "{method}");
    assert!(!method.contains("评估所用资料截至2028年6月30日"), "{method}");
    // U15: a final signed on 2030-12-20 does not cite forms due on 2031-01-31.
    let december = report("mountain15", 2030, "2030-12-20");
    let method = paragraph(&december, "本次评估采取");
    assert!(!method.contains("报送期限为2031年1月31日"), "{method}");
    let march = report("mountain15", 2030, "2031-03-04");
    assert!(
        paragraph(&march, "本次评估采取").contains("（报送期限为2031年1月31日）"),
        "the due date stays in a report signed after it"
    );
}
