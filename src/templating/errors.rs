//! Tera's errors told as a user can act on them: the template's file and line, in Chinese, for
//! a template that does not parse (an unclosed `{% if %}`, a typo in a tag) and for one that
//! fails while rendering (a field a known object does not have, a filter that does not exist).
//! It only words errors; it never decides whether a template is valid.

use std::path::PathBuf;

use super::tera_message;
use crate::error::Error;

/// Where a template's text came from, as its errors name it.
pub(super) struct Place {
    /// `templates/report.md` for a user's own template, `（内置模板）report.md` for a built-in one.
    pub(super) path: PathBuf,
    /// Whether the user wrote it (then the message says what to do about it).
    pub(super) own: bool,
}

/// A template `text` at `place` that Tera could not parse (`error`), at its line.
pub(super) fn parse_error(place: &Place, text: &str, error: &tera::Error) -> Error {
    let english = tera_message(error);
    let Some((line, column)) = pest_position(&english) else {
        return Error::Template {
            name: place.path.display().to_string(),
            message: format!("模板语法有误：{english}"),
        };
    };
    let expected = pest_expectation(&english);
    let unclosed = [
        "endif",
        "endfor",
        "endmacro",
        "endblock",
        "endraw",
        "endfilter",
    ]
    .into_iter()
    .find(|end| expected.contains(end));
    let message = match unclosed.and_then(|end| unclosed_opening(text, end)) {
        Some((opened, tag)) => {
            return Error::TemplateAt {
                path: place.path.clone(),
                line: opened,
                message: format!(
                    "“{{% {tag} %}}”没有对应的“{{% end{tag} %}}”（Tera 读到第 {line} 行仍未找到）；请补上结束标记，或删去多余的开始标记"
                ),
            };
        }
        None => format!(
            "第 {column} 列附近模板语法有误（{expected}）；请检查该处的 {{{{ }}}}、{{% %}} 标记是否成对、拼写是否正确"
        ),
    };
    Error::TemplateAt {
        path: place.path.clone(),
        line,
        message,
    }
}

/// A render of template `name` that failed (`error`): a variable or field that does not exist,
/// or a filter that does not, named at its line in the template that uses it. `text_of` gives a
/// template's text and place by name.
pub(super) fn render_error<'a>(
    name: &str,
    error: &tera::Error,
    text_of: impl Fn(&str) -> Option<(&'a str, Place)>,
) -> Error {
    let english = tera_message(error);
    if let Some((variable, rendering)) = missing_variable(&english)
        && let Some((text, place)) = text_of(&rendering)
        && let Some(line) = super::variables::line_of(text, &variable)
    {
        let (object, field) = variable.rsplit_once('.').unwrap_or(("", &variable));
        let what = if object.is_empty() {
            format!("引用的变量“{variable}”不存在")
        } else {
            format!("引用的“{variable}”不存在（“{object}”中没有“{field}”这一项）")
        };
        return at(place, line, what);
    }
    if let Some(filter) = between(&english, "Filter '", "' not found") {
        for candidate in [
            name,
            super::ANNEXES_TEMPLATE,
            super::MACROS_TEMPLATE,
            super::PARTS_TEMPLATE,
        ]
        .into_iter()
        .chain([super::REPORT_TEMPLATE, super::FINAL_TEMPLATE])
        {
            if let Some((text, place)) = text_of(candidate)
                && let Some(line) = filter_line(text, filter)
            {
                return at(place, line, format!("使用了不存在的过滤器“{filter}”"));
            }
        }
    }
    Error::Template {
        name: name.to_string(),
        message: english,
    }
}

/// The error at `line` of the template at `place`, with what to do when it is the user's own.
fn at(place: Place, line: usize, what: String) -> Error {
    let message = if place.own {
        format!("{what}；请改正该处（可对照内置模板，或运行 plan-eval templates refresh 查看差异）")
    } else {
        what
    };
    Error::TemplateAt {
        path: place.path,
        line,
        message,
    }
}

/// `(line, column)` of pest's ` --> 58:1` in a parse error's text.
fn pest_position(english: &str) -> Option<(usize, usize)> {
    let after = english.split_once("--> ")?.1;
    let place: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (line, column) = place.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Pest's `= expected …` line of a parse error, or its last line.
fn pest_expectation(english: &str) -> String {
    english
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .or_else(|| english.lines().last())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// `(variable, template)` of Tera's "Variable `plan.x` not found in context while rendering 'report.md'".
fn missing_variable(english: &str) -> Option<(String, String)> {
    let variable = between(english, "Variable `", "` not found in context")?;
    let rendering = between(english, "while rendering '", "'")?;
    Some((variable.to_string(), rendering.to_string()))
}

/// The text between the first `open` and the next `close` after it.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// The 1-based line of the first `| filter` (spaces allowed) in `text`.
fn filter_line(text: &str, filter: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.match_indices('|').any(|(i, _)| {
                let rest = line[i + 1..].trim_start();
                rest.strip_prefix(filter).is_some_and(|after| {
                    !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map(|i| i + 1)
}

/// The line and keyword (`if`, `for`…) of the opening tag that `{% end… %}` (`end`) never
/// closes: the last one still open when the text ends, found by counting the tags in order.
fn unclosed_opening(text: &str, end: &str) -> Option<(usize, &'static str)> {
    let keyword: &'static str = match end {
        "endif" => "if",
        "endfor" => "for",
        "endmacro" => "macro",
        "endblock" => "block",
        "endraw" => "raw",
        "endfilter" => "filter",
        _ => return None,
    };
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{%").map(|i| at + i) {
        let Some(close) = text[start..].find("%}").map(|i| start + i) else {
            break;
        };
        let tag = text[start + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = tag.split_whitespace().next().unwrap_or("");
        let line = text[..start].matches('\n').count() + 1;
        if word == keyword {
            open.push(line);
        } else if word == end {
            open.pop();
        }
        at = close + 2;
    }
    open.last().map(|line| (*line, keyword))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_if_is_found_at_its_opening_line() {
        let text = "a\n{% if x %}\nb\n{% for y in z %}{{ y }}{% endfor %}\nc\n";
        assert_eq!(unclosed_opening(text, "endif"), Some((2, "if")));
        assert_eq!(unclosed_opening("{% if a %}{% endif %}", "endif"), None);
    }

    #[test]
    fn a_filter_is_found_after_its_bar() {
        let text = "x\n{{ a | fixed }}\n{{ b |nosuch(n=1) }}\n";
        assert_eq!(filter_line(text, "nosuch"), Some(3));
        assert_eq!(filter_line(text, "fix"), None);
    }

    #[test]
    fn tera_messages_are_read() {
        assert_eq!(
            missing_variable(
                "Failed to render 'report.md'：Variable `plan.x` not found in context while rendering 'annexes.md'"
            ),
            Some(("plan.x".to_string(), "annexes.md".to_string()))
        );
        assert_eq!(pest_position(" --> 58:1\n  |\n"), Some((58, 1)));
    }
}
