//! YAML files read with their line numbers kept: parse errors carry the
//! parser's own location, and later checks find an item's line by its key.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Problem, Result};

/// The mark of a number a YAML file's reader refused as not finite (`.nan`, `.inf`, `1e309`):
/// the readers of the plan and the rules put it in their messages, and the translation of
/// the parser's error knows them by it.
pub(crate) const NOT_FINITE: &str = "不是有限的数值";

/// How deep `[...]` and `{...}` may nest in a file: the YAML parser's time grows with the
/// square of the depth (100,000 levels in a 200 kB file took over a minute).
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// Parses `text` (the contents of `path`) into `T`, keeping the YAML parser's line.
pub(crate) fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    if let Some((line, why)) = costly_structure(text) {
        return Err(Error::Invalid(vec![Problem::new(
            path,
            Some(line),
            None,
            format!("YAML 格式错误：{why}"),
        )]));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        // The parser may stop a line after the mistake, or before it: three lines are read.
        let lines: Vec<&str> = match line {
            Some(l) => text.lines().skip(l.saturating_sub(3)).take(3).collect(),
            None => Vec::new(),
        };
        let message = translate_serde_message(&e.to_string());
        let message = match plain_cause(&e.to_string(), &lines) {
            Some(cause) => format!("{cause}（{message}）"),
            None => message,
        };
        Error::Invalid(vec![Problem::new(
            path,
            line,
            None,
            format!("YAML 格式错误：{message}"),
        )])
    })
}

/// What in a YAML text would make its parsing cost out of all proportion to its size, with
/// its line: `[` and `{` nested deeper than [`MAX_FLOW_DEPTH`], or an alias (`*name`), which
/// repeats what its anchor holds as often as it is written (a 400 kB plan of aliases took
/// 6 GB). Quoted text, comments and block scalars (`|`, `>`) are text, not structure.
fn costly_structure(text: &str) -> Option<(usize, String)> {
    let mut depth = 0usize;
    let mut block: Option<usize> = None;
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = block {
            if line.trim().is_empty() || indent(line) > at {
                continue;
            }
            block = None;
        }
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        let mut code = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), _) if c == q => {
                    // '' inside single quotes is a quote, not the end.
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((
                            i + 1,
                            format!(
                                "方括号或花括号嵌套超过 {MAX_FLOW_DEPTH} 层，规划文件不需要这样的结构，请检查括号是否配对"
                            ),
                        ));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, '*')
                    if (previous.is_whitespace() || matches!(previous, '[' | '{' | ','))
                        && chars
                            .peek()
                            .is_some_and(|n| n.is_alphanumeric() || matches!(n, '_' | '-')) =>
                {
                    let name: String = chars
                        .clone()
                        .take_while(|n| !n.is_whitespace() && !matches!(n, ',' | ']' | '}'))
                        .collect();
                    return Some((
                        i + 1,
                        format!(
                            "使用了别名“*{name}”：规划文件和对策规则文件不使用 YAML 的锚点（&）和别名（*），请把内容直接写出"
                        ),
                    ));
                }
                _ => {}
            }
            if quote.is_none() {
                code.push(c);
            }
            previous = c;
        }
        // A block scalar's lines, more indented than its key, are text.
        let code = code.trim_end();
        let marks = ["|", ">", "|-", ">-", "|+", ">+"];
        if quote.is_none()
            && marks
                .iter()
                .any(|m| code.ends_with(&format!(" {m}")) || code.ends_with(&format!(":{m}")))
        {
            block = Some(indent(line));
        }
    }
    None
}

/// Serde's messages are English; the common ones are given a Chinese lead so a
/// non-programmer knows what to look for, with the original kept for detail.
fn translate_serde_message(message: &str) -> String {
    // The line is already in the message's prefix; the column stays with it.
    let message = match message.rsplit_once(" at line ") {
        Some((before, at))
            if at.contains(" column ")
                && at
                    .rsplit(' ')
                    .next()
                    .is_some_and(|c| c.parse::<u32>().is_ok()) =>
        {
            let column = at.rsplit(' ').next().unwrap_or_default();
            format!("{before}，第 {column} 列")
        }
        _ => message.to_string(),
    };
    let message = message.as_str();
    // A whole section or field missing: name it, since a file cut short still parses.
    if let Some(rest) = message.split("missing field `").nth(1)
        && let Some((field, _)) = rest.split_once('`')
    {
        return format!("缺少必填项“{field}”，文件可能不完整或被截断（{message}）");
    }
    let lead = if message.contains(NOT_FINITE) {
        "数值无效"
    } else if message.contains("missing field") {
        "缺少必填项"
    } else if message.contains("unknown field") {
        "无法识别的字段"
    } else if message.contains("invalid type") {
        "取值类型不对"
    } else if message.contains("duplicate") {
        "重复的键"
    } else {
        "无法解析"
    };
    format!("{lead}（{message}）")
}

/// What staff most often got wrong on `lines` (the line where the parser stopped, `message`,
/// and the one before),
/// in words they can act on: a Tab for indentation, a full-width colon, a value with `: ` in
/// it, a quote left open. `None` when it is none of these.
fn plain_cause(message: &str, lines: &[&str]) -> Option<String> {
    // A key written with a full-width colon ("target：10.7"), on this line or the one before.
    let full_width_key = lines.iter().rev().find_map(|l| {
        let (key, _) = l.split_once('：')?;
        let key = key.trim().trim_start_matches("- ");
        (!key.is_empty() && !key.contains([':', '#', ' '])).then_some(key)
    });
    let tab_indent = lines.iter().any(|l| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    });
    if message.contains("tab character") || tab_indent {
        Some(
            "该行用了制表符（Tab）缩进，YAML 只能用空格缩进：请把 Tab 改为空格，与上下行对齐"
                .to_string(),
        )
    } else if let Some(key) = full_width_key
        && (message.contains("expected ':'")
            || message.contains("expected key")
            || message.contains("mapping values are not allowed"))
    {
        Some(format!(
            "“{key}”后的冒号是全角“：”，应为半角冒号“:”，其后空一格"
        ))
    } else if message.contains("mapping values are not allowed") {
        Some(
            "该行多了一个“: ”：值中含有冒号时请给整个值加引号，否则请检查缩进是否与上一行对齐"
                .to_string(),
        )
    } else if message.contains("did not find expected key")
        || message.contains("could not find expected ':'")
    {
        Some("该行的缩进与上下行不一致，或缺少“名称: 值”中的冒号".to_string())
    } else if message.contains("while scanning a quoted scalar") {
        Some("该行的引号没有闭合：请补上结尾的引号".to_string())
    } else if message.contains("cannot start any token") {
        Some("该行含有 YAML 不能识别的字符（如 Tab、@、`）：含有这些字符的值请整体加引号；也请检查上方各行的引号是否都已闭合".to_string())
    } else {
        None
    }
}

/// Finds the lines of items and their fields in a YAML source by their text.
///
/// Serde does not keep spans of values, so checks made after parsing locate an
/// item by its `id:`/`name:` line and a field by the first `field:` line after it.
pub(crate) struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lines {
            lines: text.lines().collect(),
        }
    }

    /// The line of the `nth` (0-based) occurrence of `key: value`.
    pub(crate) fn item(&self, key: &str, value: &str, nth: usize) -> Option<usize> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, line)| key_value(line).is_some_and(|(k, v)| k == key && v == value))
            .nth(nth)
            .map(|(i, _)| i + 1)
    }

    /// The line of `key:` at or after line `from` (1-based), before the next list item
    /// at the same or a shallower indentation than the item at `from`.
    pub(crate) fn field(&self, from: usize, key: &str) -> Option<usize> {
        let start = from.checked_sub(1)?;
        let item_indent = indent_of(self.lines.get(start)?);
        for (i, line) in self.lines.iter().enumerate().skip(start) {
            if i > start && line.trim_start().starts_with("- ") && indent_of(line) <= item_indent {
                break;
            }
            if key_value(line).is_some_and(|(k, _)| k == key) {
                return Some(i + 1);
            }
        }
        None
    }

    /// The line of a field of the item identified by `id_key: id`, or of the item.
    pub(crate) fn item_field(&self, id_key: &str, id: &str, key: &str) -> Option<usize> {
        let item = self.item(id_key, id, 0)?;
        self.field(item, key).or(Some(item))
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '-']).len()
}

/// `key` and unquoted `value` of a `key: value` line (list dash allowed).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, value) = body.split_once(':')?;
    let value = value.split(" #").next().unwrap_or("").trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    Some((key.trim(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "units:\n  - name: a\n    full_name: A\nindicators:\n  - id: x\n    kind: level\n  - id: y\n    target: 3 # comment\n  - id: x\n    kind: growth\n";

    #[test]
    fn flow_nesting_is_bounded() {
        let line = |text: &str| costly_structure(text).map(|(line, _)| line);
        let deep = format!("a: {}{}\n", "[".repeat(65), "]".repeat(65));
        assert_eq!(line(&format!("x: 1\n{deep}")), Some(2));
        let fine = format!("a: {}{}\n", "[".repeat(64), "]".repeat(64));
        assert_eq!(line(&fine), None);
        // Brackets in quotes, comments and block scalars are text.
        let quoted = format!(
            "a: \"{}\" # {}\nb: '{}'\nc: >\n  {}\n  *x\nd: 1\n",
            "[".repeat(99),
            "{".repeat(99),
            "[".repeat(99),
            "[".repeat(99)
        );
        assert_eq!(line(&quoted), None);
    }

    #[test]
    fn aliases_are_refused_with_their_line() {
        let text = "r: &r {title: a}\nlist:\n  - *r\n";
        let (line, why) = costly_structure(text).unwrap();
        assert_eq!(line, 3);
        assert!(why.starts_with("使用了别名“*r”"), "{why}");
        assert_eq!(costly_structure("a: [x, *r]\n").map(|(l, _)| l), Some(1));
        // Not aliases: a product in a template, emphasis inside quotes.
        assert_eq!(
            costly_structure("t: \"{{ a * b }} **重点**\"\nu: 2 * 3\n"),
            None
        );
    }

    #[test]
    fn common_slips_are_told_in_chinese_at_their_line() {
        let told = |text: &str| match parse::<serde_yaml::Value>(Path::new("plan.yaml"), text) {
            Err(Error::Invalid(problems)) => problems[0].to_string(),
            _ => panic!("{text} must be refused"),
        };
        assert!(
            told("a:\n  b: 1\n\tc: 2\n").starts_with(
                "plan.yaml:3: YAML 格式错误：该行用了制表符（Tab）缩进，YAML 只能用空格缩进"
            ),
            "{}",
            told("a:\n  b: 1\n\tc: 2\n")
        );
        let colon = told("a:\n  target：10.7\n  unit: '%'\n");
        assert!(
            colon.contains(
                "YAML 格式错误：“target”后的冒号是全角“：”，应为半角冒号“:”，其后空一格（"
            ),
            "{colon}"
        );
        let mapping = told("a:\n  name: 说明: 有冒号\n");
        assert!(
            mapping.starts_with(
                "plan.yaml:2: YAML 格式错误：该行多了一个“: ”：值中含有冒号时请给整个值加引号"
            ),
            "{mapping}"
        );
    }

    #[test]
    fn finds_items_and_fields() {
        let lines = Lines::new(TEXT);
        assert_eq!(lines.item("id", "x", 0), Some(5));
        assert_eq!(lines.item("id", "x", 1), Some(9));
        assert_eq!(lines.field(5, "kind"), Some(6));
        assert_eq!(lines.field(7, "kind"), None);
        assert_eq!(lines.item_field("id", "y", "target"), Some(8));
        assert_eq!(lines.item_field("id", "y", "kind"), Some(7));
    }
}
