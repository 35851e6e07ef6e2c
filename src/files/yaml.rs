//! YAML files read with their line numbers kept: parse errors carry the
//! parser's own location, and later checks find an item's line by its key.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Problem, Result};

/// How deep `[...]` and `{...}` may nest in a file: the YAML parser's time grows with the
/// square of the depth (100,000 levels in a 200 kB file took over a minute).
pub const MAX_FLOW_DEPTH: usize = 64;

/// Parses `text` (the contents of `path`) into `T`, keeping the YAML parser's line.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    if let Some(line) = too_deep(text) {
        return Err(Error::Invalid(vec![Problem::new(
            path,
            Some(line),
            None,
            format!(
                "YAML 格式错误：方括号或花括号嵌套超过 {MAX_FLOW_DEPTH} 层，规划文件不需要这样的结构，请检查括号是否配对"
            ),
        )]));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        Error::Invalid(vec![Problem::new(
            path,
            line,
            None,
            format!("YAML 格式错误：{}", translate_serde_message(&e.to_string())),
        )])
    })
}

/// The line at which `[` and `{` outside quotes and comments first nest deeper than
/// [`MAX_FLOW_DEPTH`], if they do.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
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
                        return Some(i + 1);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
        }
    }
    None
}

/// Serde's messages are English; the common ones are given a Chinese lead so a
/// non-programmer knows what to look for, with the original kept for detail.
fn translate_serde_message(message: &str) -> String {
    // The line is already in the message's prefix; the column stays with it.
    let message = match message.rsplit_once(" at line ") {
        Some((before, at)) if at.contains(" column ") => {
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
    let lead = if message.contains(crate::plan::finite::NOT_FINITE) {
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

/// Finds the lines of items and their fields in a YAML source by their text.
///
/// Serde does not keep spans of values, so checks made after parsing locate an
/// item by its `id:`/`name:` line and a field by the first `field:` line after it.
pub struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            lines: text.lines().collect(),
        }
    }

    /// The line of the `nth` (0-based) occurrence of `key: value`.
    pub fn item(&self, key: &str, value: &str, nth: usize) -> Option<usize> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, line)| key_value(line).is_some_and(|(k, v)| k == key && v == value))
            .nth(nth)
            .map(|(i, _)| i + 1)
    }

    /// The line of `key:` at or after line `from` (1-based), before the next list item
    /// at the same or a shallower indentation than the item at `from`.
    pub fn field(&self, from: usize, key: &str) -> Option<usize> {
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
    pub fn item_field(&self, id_key: &str, id: &str, key: &str) -> Option<usize> {
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
        let deep = format!("a: {}{}\n", "[".repeat(65), "]".repeat(65));
        assert_eq!(too_deep(&format!("x: 1\n{deep}")), Some(2));
        let fine = format!("a: {}{}\n", "[".repeat(64), "]".repeat(64));
        assert_eq!(too_deep(&fine), None);
        // Brackets in quotes and comments are text.
        let quoted = format!(
            "a: \"{}\" # {}\nb: '{}'\n",
            "[".repeat(99),
            "{".repeat(99),
            "[".repeat(99)
        );
        assert_eq!(too_deep(&quoted), None);
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
