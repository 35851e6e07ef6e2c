//! The printed PDF: its text (pdftotext) names every indicator, task, section and
//! countermeasure with its grade, and its CJK fonts are embedded (pdffonts).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common;
use crate::common::pdf::{read_pages, table_rows};
use crate::common::{bundled, squeeze};
use plan_eval::run::pipeline::load_and_evaluate;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} must be installed (apt-get install poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn pdf_names_everything_and_embeds_cjk_fonts() {
    let report = common::bundled_2024();
    let dir = common::temp_dir();
    let pdf = dir.path().join("report.pdf");
    fs::write(&pdf, &report.pdf).unwrap();
    let raw = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    // Page footers ("— 12 —") may fall inside a paragraph that runs over a page.
    let body: Vec<&str> = raw
        .lines()
        .filter(|l| !(l.starts_with("— ") && l.ends_with(" —")))
        .collect();
    let text = squeeze(&body.join("\n"));

    let (data, ev) = load_and_evaluate(&bundled(), 2024, None).unwrap();
    let measures = plan_eval::report::measures::write(&ev, &data.rules).unwrap();
    assert!(
        text.contains("丹江口市国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告")
    );
    assert!(text.contains("（本报告使用示例数据，不代表官方统计数据）"));
    for heading in [
        "一、总体评价",
        "二、主要成效",
        "三、主要指标完成情况",
        "四、主要任务推进情况",
        "五、存在的主要问题",
        "六、对策建议",
        "特此报告。",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    for i in &ev.indicators {
        let line = squeeze(&format!("{}：", i.name));
        assert!(text.contains(&line), "indicator {}", i.name);
    }
    // Each indicator's grade is printed in its own row: in the monitoring
    // table of annex 1 (landscape, 9 pt), named in full, and in table 1 or 2
    // (10.5 pt, or 9 pt when crowded), by its short name, 初步 marked there.
    let graded = printed_grades(&pdf);
    for i in &ev.indicators {
        let label = i.grade().label().to_string();
        let in_tables = if i.assessment.preliminary {
            format!("{label}（初步）")
        } else {
            label.clone()
        };
        let rows = |table: &str, name: &str| -> Vec<&str> {
            graded
                .iter()
                .filter(|(t, n, _)| *t == table && *n == squeeze(name))
                .map(|(_, _, grade)| grade.as_str())
                .collect()
        };
        assert_eq!(
            rows("annex", &i.name),
            [label.as_str()],
            "the grade of {} in the monitoring table",
            i.name
        );
        assert_eq!(
            rows("body", &i.short_name),
            [in_tables.as_str()],
            "the grade of {} in table 1 or 2",
            i.short_name
        );
    }
    // Every row read is an indicator's, so none was left unchecked.
    assert_eq!(graded.len(), 2 * ev.indicators.len(), "{graded:?}");
    for (section, task) in data.plan.tasks() {
        assert!(
            text.contains(&squeeze(&section.title)),
            "section {}",
            section.title
        );
        assert!(text.contains(&squeeze(&task.title)), "task {}", task.title);
    }
    assert_eq!(measures.texts.len(), ev.countermeasures.len());
    for text_of in &measures.texts {
        assert!(text.contains(&squeeze(text_of)), "countermeasure {text_of}");
    }
    assert_eq!(measures.standing.len(), ev.standing_measures.len());
    for (m, text_of) in ev.standing_measures.iter().zip(&measures.standing) {
        assert!(
            text.contains(&squeeze(text_of)),
            "standing measure {}",
            m.title
        );
    }
    // Every bold run closes: no Markdown asterisks left in the print.
    assert!(!text.contains("**"), "{text}");
    // The notice's 各镇<办、处、区> is written one way throughout, as the report writes it.
    assert!(text.contains("各镇（办、处、区）"));
    assert!(!text.contains("各镇<办"));
    assert!(text.contains("丹江口市发展和改革局2025年3月4日"));

    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.iter().any(|r| r.contains("CJK")),
        "a CJK font is used:\n{fonts}"
    );
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "every font is embedded:\n{fonts}");
    }
    // PDF/A-2a, as the archive needs, with its identification in the XMP metadata.
    let bytes = String::from_utf8_lossy(&report.pdf);
    assert!(
        bytes.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
        "PDF/A-2a identification"
    );
    assert!(bytes.contains("<xmp:CreateDate>2025-03-04T00:00:00Z</xmp:CreateDate>"));
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("A4"), "{info}");
    assert!(
        info.contains("Author:          丹江口市发展和改革局"),
        "{info}"
    );
}

/// (table, indicator, grade) for each row of the tables that grade
/// indicators, read from the words' positions in the PDF: "annex" for the
/// monitoring table of annex 1, "body" for tables 1 and 2.
fn printed_grades(pdf: &Path) -> Vec<(&'static str, String, String)> {
    let pages = read_pages(pdf);
    let mut graded = Vec::new();
    // Upright tables in 10.5 pt, or in 9 pt when too crowded for it (table 2).
    for (table, height) in [("annex", 9.0), ("body", 10.5), ("body", 9.0)] {
        let landscape = table == "annex";
        let on_pages = pages.iter().filter(|p| p.is_landscape() == landscape);
        for row in table_rows(on_pages, "序号", height) {
            let cell = |header: &str| {
                row.iter()
                    .find(|(h, _)| h == header)
                    .map(|(_, text)| text.clone())
            };
            if let (Some(name), Some(grade)) = (cell("指标"), cell("评价")) {
                graded.push((table, name, grade));
            }
        }
    }
    graded
}
