//! The YAML parser's and serde's English error text told in Chinese only, in words staff can
//! act on: what is wrong, where (the list item by its number), and the likely slip (a Tab, a
//! full-width colon, a line indented out of step with its neighbours). "The file may be cut
//! short" is said only when what lacks a field runs to the end of the file. It only words
//! errors; it parses nothing itself.

use super::NOT_FINITE;

/// The Chinese message for serde_yaml's error text `raw` on `text`, the error being at
/// `line` (1-based) and `column` (1-based), with the line to show (that of a slip found
/// near it, else `line`).
pub(super) fn chinese(
    raw: &str,
    text: &str,
    line: Option<usize>,
    column: Option<usize>,
) -> (Option<usize>, String) {
    let (path, body) = split_path(without_marks(raw));
    let place = path.map(place_cn).unwrap_or_default();
    if let Some(field) = between_backticks(body, "missing field `") {
        return missing_field(&place, &field, text, line, column);
    }
    // The parser may stop a line after the mistake, or before it: three lines are read.
    let lines: Vec<&str> = match line {
        Some(l) => text.lines().skip(l.saturating_sub(3)).take(3).collect(),
        None => Vec::new(),
    };
    let message = match plain_cause(raw, &lines) {
        Some(cause) => cause,
        None => body_cn(body),
    };
    let message = match (place.is_empty(), body.contains(NOT_FINITE)) {
        (true, _) => message,
        // Our reader's own words, under the lead that says what kind of mistake it is.
        (false, true) => format!("数值无效：{place}：{body}"),
        (false, false) => format!("{place}：{message}"),
    };
    (line, message)
}

/// `raw` without the parser's positions (" at line 3 column 5"), which the line already gives.
fn without_marks(raw: &str) -> &str {
    raw.split(" at line ").next().unwrap_or(raw)
}

/// serde_yaml's path of the value (`indicators[9].level`) and the message after it.
fn split_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-')) =>
        {
            (Some(path), rest)
        }
        _ => (None, message),
    }
}

/// A path in words: `indicators[9].level` → `indicators 第 10 项的 level`.
fn place_cn(path: &str) -> String {
    let mut out = String::new();
    for (i, part) in path.split('.').filter(|p| !p.is_empty()).enumerate() {
        if i > 0 {
            out.push_str(if out.ends_with('项') {
                "的 "
            } else {
                " 的 "
            });
        }
        let (name, indices) = part.split_once('[').unwrap_or((part, ""));
        out.push_str(name);
        for index in indices.split('[') {
            if let Ok(n) = index.trim_end_matches(']').parse::<usize>() {
                out.push_str(&format!(" 第 {} 项", n + 1));
            }
        }
    }
    out
}

/// The text between `lead` and the next backtick in `message`.
fn between_backticks(message: &str, lead: &str) -> Option<String> {
    let rest = message.split(lead).nth(1)?;
    rest.split_once('`').map(|(name, _)| name.to_string())
}

/// Every name in backticks after the first (the choices serde lists).
fn choices(message: &str) -> String {
    let names: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
    names.join("、")
}

/// A required field not found in the mapping starting at `line`/`column`: a line of that
/// mapping indented out of step is the usual cause; a mapping running to the end of the
/// file may have been cut short; otherwise the field was left out.
fn missing_field(
    place: &str,
    field: &str,
    text: &str,
    line: Option<usize>,
    column: Option<usize>,
) -> (Option<usize>, String) {
    let lines: Vec<&str> = text.lines().collect();
    let (Some(line), Some(column), false) = (line, column, place.is_empty()) else {
        return (
            line,
            format!(
                "缺少必填项“{field}”，整个部分都没有：文件可能不完整或被截断，或漏写了这一部分"
            ),
        );
    };
    let item = format!("{place}（第 {line} 行起）");
    match out_of_step(&lines, line, column - 1) {
        Block::Stray(stray) => (
            Some(stray),
            format!(
                "第 {stray} 行的缩进与上下行不一致（同一层应对齐）：{item}因此读不到必填项“{field}”"
            ),
        ),
        Block::ToTheEnd => (
            Some(line),
            format!("{item}缺少必填项“{field}”，且一直到文件末尾：文件可能不完整或被截断"),
        ),
        Block::Ends => (
            Some(line),
            format!("{item}缺少必填项“{field}”：请补上这一项，或检查其名称是否写错"),
        ),
    }
}

/// What follows a mapping whose keys stand at `keys` (0-based column), from its first line
/// `first` (1-based).
#[derive(Debug, PartialEq)]
enum Block {
    /// A line (1-based) inside it indented less than its keys but more than what holds it.
    Stray(usize),
    /// Nothing after it at a shallower indentation: it runs to the end of the file.
    ToTheEnd,
    /// It ends, well indented, before the end of the file.
    Ends,
}

fn out_of_step(lines: &[&str], first: usize, keys: usize) -> Block {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let content = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let Some(start) = lines.get(first - 1) else {
        return Block::Ends;
    };
    // What holds the mapping: the list item's dash on its first line, else the nearest
    // line above indented less than its keys.
    let holder = if start.trim_start().starts_with("- ") && indent(start) < keys {
        indent(start)
    } else {
        lines[..first - 1]
            .iter()
            .rev()
            .filter(|l| content(l))
            .map(|l| indent(l))
            .find(|&i| i < keys)
            .unwrap_or(0)
    };
    for (i, l) in lines
        .iter()
        .enumerate()
        .skip(first)
        .filter(|(_, l)| content(l))
    {
        match indent(l) {
            at if at <= holder => return Block::Ends,
            at if at < keys => return Block::Stray(i + 1),
            _ => {}
        }
    }
    Block::ToTheEnd
}

/// serde's message (without path and position) in Chinese.
fn body_cn(body: &str) -> String {
    // Our own readers' messages (a number not finite, a kind not known) are Chinese already.
    if body.contains(NOT_FINITE) {
        return format!("数值无效：{body}");
    }
    if let Some(field) = between_backticks(body, "unknown field `") {
        let known = choices(body);
        return if known.is_empty() {
            format!("无法识别的字段“{field}”：这里不应有字段")
        } else {
            format!("无法识别的字段“{field}”（可用的字段：{known}），请检查拼写和缩进")
        };
    }
    if let Some(value) = between_backticks(body, "unknown variant `") {
        return format!("取值“{value}”无法识别（可用的值：{}）", choices(body));
    }
    if let Some(field) = between_backticks(body, "duplicate field `") {
        return format!("字段“{field}”重复出现，同一项中只能写一次");
    }
    if body.starts_with("duplicate entry") {
        let key = body.split('"').nth(1).unwrap_or_default();
        return format!("键“{key}”重复出现，同一层中只能写一次");
    }
    for (lead, words) in [
        ("invalid type: ", "取值类型不对"),
        ("invalid value: ", "取值无效"),
    ] {
        if let Some(rest) = body.strip_prefix(lead) {
            let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
            return format!(
                "{words}：应为{}，这里是{}",
                expected_cn(expected),
                found_cn(found)
            );
        }
    }
    if body.starts_with("invalid length ") {
        return "列表的项数不对".to_string();
    }
    if body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return body.to_string();
    }
    let known = [
        (
            "EOF while parsing",
            "文件是空的，或在此意外结束：文件可能不完整或被截断",
        ),
        (
            "end of stream",
            "文件在此意外结束：文件可能不完整或被截断，或上方有未闭合的引号或括号",
        ),
        (
            "more than one document",
            "文件中有“---”分隔的多个部分，规划文件和对策规则文件只能有一个",
        ),
        ("recursion limit", "嵌套层次过深"),
        (
            "expected ',' or ']'",
            "方括号“[”没有配对的“]”，或各项之间缺少半角逗号",
        ),
        (
            "expected ',' or '}'",
            "花括号“{”没有配对的“}”，或各项之间缺少半角逗号",
        ),
    ];
    known
        .iter()
        .find(|(english, _)| body.contains(english))
        .map_or_else(
            || "无法解析：请检查该行及上一行的缩进、冒号和引号".to_string(),
            |(_, words)| words.to_string(),
        )
}

/// serde's "expected …" in words.
fn expected_cn(expected: &str) -> String {
    let kinds = [
        (["f64", "f32", "number", "float"].as_slice(), "数值"),
        (
            &[
                "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "integer",
            ],
            "整数",
        ),
        (&["string", "char", "str"], "文字"),
        (&["bool"], "true 或 false"),
        (
            &["sequence", "seq", "list", "tuple"],
            "列表（逐行以“- ”开头，或写作 [a, b]）",
        ),
        (&["map", "struct", "mapping"], "“名称: 值”形式的多项"),
        (&["unit", "null"], "空值"),
    ];
    let words: Vec<&str> = kinds
        .iter()
        .filter(|(names, _)| {
            names.iter().any(|n| {
                expected
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == *n)
            })
        })
        .map(|(_, w)| *w)
        .collect();
    if words.is_empty() {
        "另一种写法".to_string()
    } else {
        words.join("或")
    }
}

/// serde's "found …" (`string "abc"`, `integer `5``, `sequence`) in words.
fn found_cn(found: &str) -> String {
    let shown = found
        .split_once(['"', '`'])
        .map(|(_, v)| v.trim_end_matches(['"', '`']))
        .unwrap_or_default();
    let kind = match found.split(' ').next().unwrap_or_default() {
        "string" => "文字",
        "integer" => "整数",
        "floating" => "数值",
        "boolean" => "true/false 值",
        "sequence" => "列表",
        "map" => "“名称: 值”形式的多项",
        "unit" => "空值",
        _ => "另一种写法",
    };
    if shown.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}“{shown}”")
    }
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde::Deserialize;

    use crate::error::Error;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        name: String,
        #[serde(default)]
        target: Option<f64>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        items: Vec<Item>,
        rules: Vec<String>,
    }

    fn told(text: &str) -> String {
        match super::super::parse::<File>(Path::new("plan.yaml"), text) {
            Err(Error::Invalid(problems)) => problems[0].to_string(),
            _ => panic!("{text} must be refused"),
        }
    }

    #[test]
    fn a_field_missing_is_told_by_its_cause() {
        // A line indented out of step inside the item: that line is named.
        assert_eq!(
            told(
                "items:\n  - id: a\n   name2: x\n    name: A\n  - id: b\n    name: B\nrules: []\n"
            ),
            "plan.yaml:3: YAML 格式错误：第 3 行的缩进与上下行不一致（同一层应对齐）：items 第 1 项（第 2 行起）因此读不到必填项“name”"
        );
        // An item that runs to the end of the file may have been cut short.
        assert_eq!(
            told("rules: []\nitems:\n  - id: a\n    name: A\n  - id: b\n"),
            "plan.yaml:5: YAML 格式错误：items 第 2 项（第 5 行起）缺少必填项“name”，且一直到文件末尾：文件可能不完整或被截断"
        );
        // One in the middle was not: the field was left out.
        assert_eq!(
            told("items:\n  - id: a\n    name: A\n  - id: b\n  - id: c\n    name: C\nrules: []\n"),
            "plan.yaml:4: YAML 格式错误：items 第 2 项（第 4 行起）缺少必填项“name”：请补上这一项，或检查其名称是否写错"
        );
        // A whole section missing.
        assert_eq!(
            told("items:\n  - id: a\n    name: A\n"),
            "plan.yaml:1: YAML 格式错误：缺少必填项“rules”，整个部分都没有：文件可能不完整或被截断，或漏写了这一部分"
        );
    }

    #[test]
    fn serde_words_are_told_in_chinese_only() {
        for (text, told_as) in [
            (
                "items:\n  - id: a\n    name: A\n    nmae: x\nrules: []\n",
                "plan.yaml:4: YAML 格式错误：items 第 1 项：无法识别的字段“nmae”（可用的字段：id、name、target），请检查拼写和缩进",
            ),
            (
                "items:\n  - id: a\n    name: A\n    target: 五\nrules: []\n",
                "plan.yaml:4: YAML 格式错误：items 第 1 项的 target：取值类型不对：应为数值，这里是文字“五”",
            ),
            (
                "items:\n  - id: a\n    name: A\n    target: [1]\nrules: []\n",
                "plan.yaml:4: YAML 格式错误：items 第 1 项的 target：取值类型不对：应为数值，这里是列表",
            ),
            (
                "items: 3\nrules: []\n",
                "plan.yaml:1: YAML 格式错误：items：取值类型不对：应为列表（逐行以“- ”开头，或写作 [a, b]），这里是整数“3”",
            ),
            (
                "items:\n  - id: a\n    name: A\n    name: B\nrules: []\n",
                "plan.yaml:2: YAML 格式错误：items 第 1 项：字段“name”重复出现，同一项中只能写一次",
            ),
        ] {
            let message = told(text);
            assert_eq!(message, told_as);
            assert!(
                !message.contains(['`']) && !message.contains("expected"),
                "{message}"
            );
        }
    }
}
