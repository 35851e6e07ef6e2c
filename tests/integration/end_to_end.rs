//! The whole pipeline through the real `typst` CLI and real fonts: the PDF's
//! text (pdftotext) names every indicator, task, section and countermeasure,
//! and its CJK fonts are embedded (pdffonts). The command line is run as a
//! user runs it.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::common;
use crate::common::pdf::{read_pages, table_rows};
use crate::common::{assert_success, bundled, plan_eval, squeeze};
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

#[test]
fn report_command_writes_all_outputs() {
    let dir = common::temp_dir();
    let out = plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        dir.path(),
    );
    assert_success(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("已生成 2024 年度评估报告草稿（未归档）："),
        "{stdout}"
    );
    for name in [
        "report.md",
        "report.typ",
        "report.pdf",
        "report.docx",
        "evaluation.json",
        "charts/progress.svg",
        "charts/growth.svg",
    ] {
        let path = dir.path().join("draft").join(name);
        assert!(fs::metadata(&path).unwrap().len() > 1000, "{name}");
        assert!(stdout.contains(&format!("draft/{name}")), "{stdout}");
    }
    // Same inputs, same date: the same bytes, in another process.
    let first = fs::read(dir.path().join("draft/report.pdf")).unwrap();
    let first_docx = fs::read(dir.path().join("draft/report.docx")).unwrap();
    let again = plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "again",
        ],
        dir.path(),
    );
    assert_success(&again);
    assert_eq!(
        first,
        fs::read(dir.path().join("again/report.pdf")).unwrap()
    );
    assert!(
        first_docx == fs::read(dir.path().join("again/report.docx")).unwrap(),
        "the Word document differs between two runs"
    );
    // No staging folder is left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("draft"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        6,
        "five files and the charts folder: {leftovers:?}"
    );
}

/// `report --year 2024 --out draft` of the bundled data in `cwd`, dated `date`.
fn draft_report(cwd: &Path, date: &str) -> Output {
    plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            date,
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        cwd,
    )
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            files.extend(
                tree(&path)
                    .into_iter()
                    .map(|(n, bytes)| (format!("{name}/{n}"), bytes)),
            );
        } else {
            files.push((name, fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn a_second_run_replaces_the_draft_whole() {
    let dir = common::temp_dir();
    assert_success(&draft_report(dir.path(), "2025-03-04"));
    let draft = dir.path().join("draft");
    // What an earlier draft may hold that this one does not make: a chart
    // no longer drawn, a Word copy of the old report.
    fs::write(draft.join("charts/retired.svg"), "<svg/>").unwrap();
    fs::write(draft.join("report.docx"), "an old export").unwrap();
    let out = draft_report(dir.path(), "2025-03-05");
    assert_success(&out);
    let names: Vec<String> = tree(&draft).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "charts/growth.svg",
            "charts/progress.svg",
            "evaluation.json",
            "report.docx",
            "report.md",
            "report.pdf",
            "report.typ",
        ]
    );
    let md = fs::read_to_string(draft.join("report.md")).unwrap();
    assert!(md.contains("2025年3月5日"), "the new draft: {md}");
    assert!(!md.contains("2025年3月4日"), "nothing of the old one: {md}");
    // Nothing staged or replaced is left beside it.
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["draft"]);
}

#[test]
fn a_folder_with_other_files_is_not_replaced() {
    let dir = common::temp_dir();
    let draft = dir.path().join("draft");
    fs::create_dir_all(draft.join("charts")).unwrap();
    fs::write(draft.join("report.md"), "# 旧稿\n").unwrap();
    fs::write(draft.join("charts/progress.svg"), "<svg/>").unwrap();
    fs::write(draft.join("笔记.txt"), "不是本工具生成的").unwrap();
    let before = tree(&draft);
    let out = draft_report(dir.path(), "2025-03-04");
    // A folder of the user's is a command-line mistake.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("错误：目录 draft 中有不是本工具生成的“笔记.txt”，为免覆盖，未写入；"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    // Nothing written: the folder as it was, nothing staged beside it.
    assert_eq!(tree(&draft), before);
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["draft"]);
}

/// A draft folder the user made read-only is not replaced, though its parent would allow it:
/// the run fails (exit 4, a folder that cannot be written) and the folder is as it was.
#[test]
fn a_read_only_draft_folder_is_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::temp_dir();
    let draft = dir.path().join("draft");
    fs::create_dir_all(&draft).unwrap();
    fs::write(draft.join("report.md"), "# 旧稿\n").unwrap();
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o555)).unwrap();
    let before = tree(&draft);
    let out = draft_report(dir.path(), "2025-03-04");
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("错误：无法写入 draft：目录是只读的，未作任何改动；请先取消该目录的只读属性，或另选一个目录"),
        "{stderr}"
    );
    assert_eq!(tree(&draft), before);
    let beside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["draft"]);
}

#[test]
fn bad_data_writes_nothing_and_exits_1() {
    let (dir, data) = common::data_copy();
    let readings = data.join("readings.csv");
    let text =
        fs::read_to_string(&readings)
            .unwrap()
            .replacen("2024,gdp,5.3,", "2024,gdp,五点三,", 1);
    fs::write(&readings, text).unwrap();
    let out = plan_eval(
        &[
            "report", "--year", "2024", "--data", "data", "--out", "draft",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("错误：data/readings.csv:"), "{stderr}");
    assert!(
        stderr.contains(": value: 指标“gdp”的数值“五点三”不是数字"),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
}

#[test]
fn evaluate_prints_json_with_the_documented_fields() {
    let dir = common::temp_dir();
    let out = plan_eval(
        &[
            "evaluate",
            "--year",
            "2024",
            "--format",
            "json",
            "--data",
            bundled().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_success(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gdp = &json["indicators"][7];
    assert_eq!(gdp["id"], "gdp");
    assert_eq!(gdp["name"], "地区生产总值（GDP）");
    assert_eq!(gdp["category"], "预期性");
    assert_eq!(gdp["grade"], "滞后于预期");
    assert_eq!(gdp["grade_key"], "behind");
    assert_eq!(gdp["value"], 5.3);
    assert_eq!(gdp["expected"], 10.7);
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 33);
    assert_eq!(tasks[0]["id"], "T1-1");
    assert_eq!(tasks[0]["title"], "护好一库净水");
    assert_eq!(tasks[0]["status"], "序时推进");
}

#[test]
fn evaluate_table_and_a_year_outside_the_plan() {
    let dir = common::temp_dir();
    let out = plan_eval(
        &[
            "evaluate",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_success(&out);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("gdp                  地区生产总值（GDP）"),
        "{table}"
    );
    let bad = plan_eval(
        &[
            "evaluate",
            "--year",
            "2030",
            "--data",
            bundled().to_str().unwrap(),
        ],
        dir.path(),
    );
    // A year outside the plan is a command-line mistake.
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "错误：评估年度 2030 不在规划实施期 2021—2025 年内\n"
    );
}

#[test]
fn missing_typst_is_explained_with_the_install_command() {
    let dir = common::temp_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args([
            "report",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ])
        .current_dir(dir.path())
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir.path())
        .env_remove("PLAN_EVAL_TYPST")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Warnings about the data may come first; the error is the last line.
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("错误：未找到 typst 命令"), "{stderr}");
    assert!(
        stderr.contains("cargo install typst-cli --locked"),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
}

#[test]
fn missing_cjk_fonts_are_explained_with_the_install_command() {
    let dir = common::temp_dir();
    let out = plan_eval_with_env(
        &[
            "report",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        dir.path(),
        ("TYPST_IGNORE_SYSTEM_FONTS", "true"),
    );
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("错误：未找到可用的中文字体"), "{stderr}");
    assert!(
        stderr.contains("apt-get install fonts-noto-cjk fonts-arphic-ukai"),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
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

fn plan_eval_with_env(args: &[&str], cwd: &Path, (key, value): (&str, &str)) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args(args)
        .current_dir(cwd)
        .env(key, value)
        .output()
        .unwrap()
}
