//! Input that reaches the templates and the typesetting: a very long word and hidden direction
//! marks in a task summary, an error or an unclosed bracket in a layout template, and a report
//! template citing a variable the report does not have.

use super::*;

#[test]
fn a_very_long_word_wraps_and_hidden_direction_marks_are_dropped() {
    use crate::common::{pdf, plan_eval};
    let work = temp_dir();
    let data = work.path().join("data");
    copy_data(&data);
    let progress = data.join("task_progress.csv");
    let text = fs::read_to_string(&progress).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("2024,T1-1,"))
        .unwrap()
        .to_string();
    let line = text.lines().position(|l| l == row).unwrap() + 1;
    let long = format!("ABC{}", "x".repeat(10_000));
    // The summary (fourth cell) replaced, the row's other cells kept.
    let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
    assert_eq!(cells.len(), header_width("task_progress.csv"), "{row}");
    cells[3] = format!("{long} 已\u{202E}成完\u{202C}。");
    let edited = text.replacen(&row, &cells.join(","), 1);
    fs::write(&progress, edited).unwrap();
    let out = plan_eval(&["check", "--data", "data", "--year", "2024"], work.path());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains(&format!(
            "警告：data/task_progress.csv:{line}: summary: 含有不可见的文字方向控制字符（U+202E），它会让文字显示的顺序与实际不同；报告中已将其去除，请核对该处文字"
        )),
        "{printed}"
    );
    let out = plan_eval(
        &[
            "report", "--data", "data", "--year", "2024", "--out", "draft",
        ],
        work.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let markdown = fs::read_to_string(work.path().join("draft/report.md")).unwrap();
    assert!(!markdown.contains('\u{202E}') && !markdown.contains('\u{202C}'));
    assert!(
        markdown.contains("已成完"),
        "the text kept in its stored order"
    );
    // Every word of every page inside the type area: 26 or 28 mm from the sheet's edges.
    let pages = pdf::read_pages(&work.path().join("draft/report.pdf"));
    let mut printed_x = 0;
    for (i, page) in pages.iter().enumerate() {
        let right = page.width - 26.0 * 72.0 / 25.4;
        for word in &page.words {
            printed_x += word.text.matches('x').count();
            assert!(
                word.x1 <= right + 12.0,
                "page {}: “{}…” ends at {} of {}",
                i + 1,
                word.text.chars().take(20).collect::<String>(),
                word.x1,
                page.width
            );
        }
    }
    assert!(
        printed_x >= 10_000,
        "all of the long word is printed: {printed_x}"
    );
}

#[test]
fn an_error_in_a_layout_template_names_the_template_and_its_line() {
    use crate::common::plan_eval;
    let work = temp_dir();
    let data = work.path().join("data");
    copy_data(&data);
    let templates = work.path().join("templates");
    fs::create_dir(&templates).unwrap();
    let layout = fs::read_to_string(crate::common::root().join("templates/layout.typ")).unwrap();
    let mut lines: Vec<String> = layout.lines().map(str::to_string).collect();
    let broken = lines
        .iter()
        .position(|l| l.starts_with("#let gap"))
        .unwrap();
    lines[broken].push_str(" #let broken = (");
    fs::write(templates.join("layout.typ"), lines.join("\n") + "\n").unwrap();
    let out = plan_eval(
        &[
            "report",
            "--data",
            "data",
            "--year",
            "2024",
            "--templates",
            "templates",
            "--out",
            "draft",
        ],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "错误：模板 templates/layout.typ 有误：typst 排版错误：第 {} 行第 ",
            broken + 1
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!work.path().join("draft").exists(), "nothing written");

    // The same when an edited report is typeset again with that layout.
    fs::write(work.path().join("edited.md"), "# 标题\n\n正文。\n").unwrap();
    let out = plan_eval(
        &[
            "typeset",
            "edited.md",
            "-o",
            "edited.pdf",
            "--templates",
            "templates",
        ],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "错误：模板 templates/layout.typ 有误：typst 排版错误：第 {} 行第 ",
            broken + 1
        )),
        "{stderr}"
    );
    assert!(!work.path().join("edited.pdf").exists(), "nothing written");
}

/// A user's `layout.typ` with an unclosed bracket is named at its own line and column (the
/// layout compiled on its own), not as errors of the generated `report.typ`; nothing written.
#[test]
fn an_unclosed_bracket_in_the_layout_is_named_at_its_line_and_column() {
    let work = temp_dir();
    copy_data(&work.path().join("data"));
    let templates = work.path().join("templates");
    fs::create_dir(&templates).unwrap();
    let layout = fs::read_to_string(crate::common::root().join("templates/layout.typ")).unwrap();
    let mut lines: Vec<&str> = layout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("#let gap"))
        .unwrap()
        + 1;
    lines.insert(at, "#let banner(body) = [#text(weight: \"bold\")[#body]");
    fs::write(templates.join("layout.typ"), lines.join("\n") + "\n").unwrap();
    for (flag, target) in [("--out", "draft"), ("--archive", "archive")] {
        let out = crate::common::plan_eval(
            &[
                "report",
                "--data",
                "data",
                "--year",
                "2024",
                "--date",
                "2025-03-04",
                "--templates",
                "templates",
                flag,
                target,
            ],
            work.path(),
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "错误：模板 templates/layout.typ 有误：typst 排版错误：第 {line} 行第 21 列：unclosed delimiter\n",
                line = at + 1
            )
        );
        assert!(!work.path().join(target).exists(), "{flag} wrote nothing");
    }
}

/// A custom report template citing a variable the report does not have (a typo, or a
/// template from an older `plan-eval init`) is named at the user's file and line, in Chinese,
/// with how to update; `templates refresh` then keeps the old file beside and lists the diff.
#[test]
fn a_template_citing_a_missing_variable_names_its_file_and_line() {
    let work = temp_dir();
    copy_data(&work.path().join("data"));
    let templates = work.path().join("data/templates");
    fs::create_dir(&templates).unwrap();
    let report = fs::read_to_string(crate::common::root().join("templates/report.md")).unwrap();
    let mut lines: Vec<&str> = report.lines().collect();
    let at = lines.len() - 2;
    lines.insert(at, "旧版模板的一句：{{ old_summary_text }}");
    fs::write(templates.join("report.md"), lines.join("\n") + "\n").unwrap();
    let expected = format!(
        "错误：data/templates/report.md:{}: 引用的变量“old_summary_text”在本版本的报告中不存在（模板可能有笔误，或是由旧版 plan-eval init 生成的）；请改正该处，或运行 plan-eval templates refresh --templates data/templates 把模板更新为当前的内置版本（原文件会另存为备份，并列出差异）\n",
        at + 1
    );
    for (flag, target) in [("--out", "draft"), ("--archive", "archive")] {
        let out = crate::common::plan_eval(
            &[
                "report",
                "--data",
                "data",
                "--year",
                "2024",
                "--date",
                "2025-03-04",
                "--templates",
                "data/templates",
                flag,
                target,
            ],
            work.path(),
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        assert_eq!(stderr, expected);
        assert!(!work.path().join(target).exists(), "{flag} wrote nothing");
    }
    let out = crate::common::plan_eval(&["templates", "refresh", "--data", "data"], work.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("-旧版模板的一句：{{ old_summary_text }}"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(templates.join("report.md")).unwrap(),
        report
    );
    let backups: Vec<String> = fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("report.md.旧版-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
}
