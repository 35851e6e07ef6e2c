//! YAML files read with their line numbers kept: parse errors carry the
//! parser's own location, and later checks find an item's line by its key.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Problem, Result};

mod message;

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
        let location = e.location();
        let (line, message) = message::chinese(
            &e.to_string(),
            text,
            location.as_ref().map(|l| l.line()),
            location.as_ref().map(|l| l.column()),
        );
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
            colon.ends_with(
                "YAML 格式错误：“target”后的冒号是全角“：”，应为半角冒号“:”，其后空一格"
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
