//! A user's own report template that Tera refuses, while parsing or while rendering, is named
//! at its file and line in Chinese, and nothing is written: a field a known object does not
//! have (in an included template too), a filter that does not exist, an `{% if %}` never
//! closed, a tag with a typo.

use std::fs;

use crate::common::{copy_data, plan_eval, temp_dir};

/// Runs `report` with `templates/NAME` edited by `edit` (the built-in text in, the user's out);
/// returns the exit code and the error output, after checking that no draft was written.
fn report_with(name: &str, edit: impl Fn(&str) -> String) -> (Option<i32>, String) {
    let work = temp_dir();
    copy_data(&work.path().join("data"));
    fs::create_dir(work.path().join("templates")).unwrap();
    let builtin = fs::read_to_string(crate::common::root().join("templates").join(name)).unwrap();
    fs::write(work.path().join("templates").join(name), edit(&builtin)).unwrap();
    let out = plan_eval(
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
            "--out",
            "draft",
        ],
        work.path(),
    );
    assert!(!work.path().join("draft").exists(), "nothing written");
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// `text` with `line` inserted as its line number `at` (1-based).
fn with_line(text: &str, at: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(at - 1, line);
    lines.join("\n") + "\n"
}

#[test]
fn a_field_a_known_object_does_not_have_is_named_in_the_template_that_uses_it() {
    // annexes.md is included by report.md: the error names annexes.md, not report.md.
    let (code, stderr) = report_with("annexes.md", |t| with_line(t, 4, "{{ plan.nosuchfield }}"));
    assert_eq!(code, Some(4), "{stderr}");
    assert_eq!(
        stderr,
        "错误：templates/annexes.md:4: 引用的“plan.nosuchfield”不存在（“plan”中没有“nosuchfield”这一项）；请改正该处（可对照内置模板，或运行 plan-eval templates refresh 查看差异）\n"
    );
}

#[test]
fn a_filter_that_does_not_exist_is_named_at_its_line() {
    let (code, stderr) = report_with("report.md", |t| with_line(t, 30, "{{ 3 | nosuchfilter }}"));
    assert_eq!(code, Some(4), "{stderr}");
    assert_eq!(
        stderr,
        "错误：templates/report.md:30: 使用了不存在的过滤器“nosuchfilter”；请改正该处（可对照内置模板，或运行 plan-eval templates refresh 查看差异）\n"
    );
}

#[test]
fn an_if_never_closed_is_named_at_its_opening_line() {
    // An `if` on a line of its own, never closed, after the comment at the top.
    let at = |t: &str| t.lines().position(|l| l.contains("#}")).unwrap() + 2;
    let (code, stderr) = report_with("report.md", |t| with_line(t, at(t), "{% if plan %}"));
    let builtin = fs::read_to_string(crate::common::root().join("templates/report.md")).unwrap();
    assert_eq!(code, Some(4), "{stderr}");
    let expected = format!(
        "错误：templates/report.md:{}: “{{% if %}}”没有对应的“{{% endif %}}”（Tera 读到第 ",
        at(&builtin)
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(
        stderr.ends_with("行仍未找到）；请补上结束标记，或删去多余的开始标记\n"),
        "{stderr}"
    );
}

#[test]
fn a_tag_with_a_typo_is_named_at_its_line_in_chinese() {
    let (code, stderr) = report_with("report.md", |t| with_line(t, 30, "{{ year 年 }}"));
    assert_eq!(code, Some(4), "{stderr}");
    assert!(
        stderr.starts_with("错误：templates/report.md:30: 第 9 列附近模板语法有误（"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("）；请检查该处的 {{ }}、{% %} 标记是否成对、拼写是否正确\n"),
        "{stderr}"
    );
}
