//! Checks `data/plan.yaml` against the published task-division notice
//! (丹政办发〔2022〕8号), kept verbatim in `tests/fixtures/notice.txt`.
//!
//! The notice is parsed with plain string operations; the YAML is read as an
//! untyped `serde_yaml::Value`, so this test does not depend on crate internals.
//!
//! The tests are split by what they check: `against_notice` (the plan's indicators, tasks,
//! requirements and metadata against the notice), `consistency` (the plan file's own units,
//! ids, fields and punctuation) and `sample_data` (the data files marked sample); this module
//! parses the notice and holds the YAML helpers they share.

mod against_notice;
mod consistency;
mod sample_data;

use serde_yaml::Value;
use std::collections::HashSet;

const BINDING_COUNT: usize = 7;
const EXPECTED_COUNT: usize = 13;
const TASKS_PER_SECTION: [usize; 7] = [4, 5, 5, 4, 5, 5, 5];
const TOTAL_TASKS: usize = 33;

/// Half-width punctuation used by the web copy inside Chinese text, mapped to
/// the full-width forms the YAML uses. Digits, `%`, `-`, `+`, `<`, `>` stay.
fn norm(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Notice parsing
// ---------------------------------------------------------------------------

/// One numbered line of the notice: `N.<sentence>。(责任单位:A、B,C)`.
#[derive(Debug)]
struct Item {
    /// Normalised text up to and including the final `。` before the unit list.
    body: String,
    /// Responsible units in notice order (normalised; first = lead).
    units: Vec<String>,
}

#[derive(Debug, Default)]
struct Notice {
    general: String,
    binding: Vec<Item>,
    expected: Vec<Item>,
    /// (section title, tasks)
    sections: Vec<(String, Vec<Item>)>,
    /// (title, text)
    work: Vec<(String, String)>,
}

const UNITS_MARK: &str = "。(责任单位:";

/// Split a responsible-unit list on `、` and `,`/`，`, except inside `<…>`
/// (the unit `各镇<办、处、区>` contains `、`).
fn split_units(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for c in list.chars() {
        match c {
            '<' => {
                depth += 1;
                cur.push(c);
            }
            '>' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            '、' | ',' | '，' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    let mut units = Vec::new();
    for u in out {
        let u = u.trim();
        assert!(!u.is_empty(), "empty unit in list {list:?}");
        if u == "市招商中心等市直相关单位" {
            units.push("市招商中心".to_string());
            units.push("市直相关单位".to_string());
        } else {
            units.push(norm(u));
        }
    }
    units
}

/// Parse `N.<body>。(责任单位:<units>)`, checking that N is `expected_no`.
fn parse_item(line: &str, expected_no: usize) -> Item {
    let dot = line
        .find('.')
        .unwrap_or_else(|| panic!("numbered line without '.': {line:?}"));
    let no: usize = line[..dot]
        .parse()
        .unwrap_or_else(|_| panic!("bad item number in {line:?}"));
    assert_eq!(
        no, expected_no,
        "notice numbering out of sequence at {line:?}"
    );
    let rest = &line[dot + 1..];
    let mark = rest
        .rfind(UNITS_MARK)
        .unwrap_or_else(|| panic!("no 责任单位 list in {line:?}"));
    let list = rest[mark + UNITS_MARK.len()..]
        .strip_suffix(')')
        .unwrap_or_else(|| panic!("unit list not closed in {line:?}"));
    Item {
        body: norm(&rest[..mark + "。".len()]),
        units: split_units(list),
    }
}

/// `(一)title。` -> `title` (normalised), for section headings.
fn heading_title(line: &str) -> Option<String> {
    let inner = line.strip_prefix('(')?;
    let close = inner.find(')')?;
    Some(norm(inner[close + 1..].strip_suffix('。')?))
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn parse_notice(text: &str) -> Notice {
    #[derive(PartialEq)]
    enum Part {
        Preamble,
        General,
        Binding,
        Expected,
        IndicatorHead,
        Tasks,
        Work,
    }
    let mut n = Notice::default();
    let mut part = Part::Preamble;
    let mut general = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        match line {
            "一、总体要求" => {
                part = Part::General;
                continue;
            }
            "二、主要指标分工" => {
                part = Part::IndicatorHead;
                continue;
            }
            "(一)约束性指标。" if part != Part::Preamble => {
                part = Part::Binding;
                continue;
            }
            "(二)预期性指标。" if part != Part::Preamble => {
                part = Part::Expected;
                continue;
            }
            "三、主要任务分工" => {
                part = Part::Tasks;
                continue;
            }
            "四、工作要求" => {
                part = Part::Work;
                continue;
            }
            _ => {}
        }
        match part {
            Part::Preamble | Part::IndicatorHead => {}
            Part::General => general.push(norm(line)),
            Part::Binding => {
                let no = n.binding.len() + 1;
                n.binding.push(parse_item(line, no));
            }
            Part::Expected => {
                let no = n.expected.len() + 1;
                n.expected.push(parse_item(line, no));
            }
            Part::Tasks => {
                if starts_with_digit(line) {
                    let sec = n
                        .sections
                        .last_mut()
                        .unwrap_or_else(|| panic!("task before any section: {line:?}"));
                    let no = sec.1.len() + 1;
                    sec.1.push(parse_item(line, no));
                } else {
                    let title = heading_title(line)
                        .unwrap_or_else(|| panic!("unexpected line in tasks: {line:?}"));
                    n.sections.push((title, Vec::new()));
                }
            }
            Part::Work => {
                let body = line
                    .strip_prefix('(')
                    .and_then(|s| s.split_once(')'))
                    .map(|(_, b)| b)
                    .unwrap_or_else(|| panic!("unexpected line in 工作要求: {line:?}"));
                let (title, text) = body
                    .split_once('。')
                    .unwrap_or_else(|| panic!("no lead-in phrase: {line:?}"));
                n.work.push((norm(title), norm(text)));
            }
        }
    }
    n.general = general.join("");
    n
}

/// A task paragraph: (title = phrase before the first `。`, text = the rest).
fn split_task(body: &str) -> (&str, &str) {
    body.split_once('。')
        .unwrap_or_else(|| panic!("task without lead-in phrase: {body:?}"))
}

/// An indicator sentence without its trailing `。`.
fn wording(body: &str) -> &str {
    body.strip_suffix('。').unwrap_or(body)
}

// ---------------------------------------------------------------------------
// YAML helpers
// ---------------------------------------------------------------------------

fn root() -> String {
    env!("CARGO_MANIFEST_DIR").to_string()
}

fn load() -> (Value, Notice) {
    let yaml =
        std::fs::read_to_string(format!("{}/data/plan.yaml", root())).expect("read data/plan.yaml");
    let notice = std::fs::read_to_string(format!("{}/tests/fixtures/notice.txt", root()))
        .expect("read tests/fixtures/notice.txt");
    let value: Value = serde_yaml::from_str(&yaml).expect("data/plan.yaml is valid YAML");
    (value, parse_notice(&notice))
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key)
        .unwrap_or_else(|| panic!("missing key `{key}` in {}", describe(v)))
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    get(v, key)
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {}", describe(v)))
}

fn seq_of<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    get(v, key)
        .as_sequence()
        .unwrap_or_else(|| panic!("`{key}` is not a list in {}", describe(v)))
}

fn units_of(v: &Value) -> Vec<String> {
    seq_of(v, "units")
        .iter()
        .map(|u| {
            u.as_str()
                .unwrap_or_else(|| panic!("non-string unit in {}", describe(v)))
                .to_string()
        })
        .collect()
}

fn describe(v: &Value) -> String {
    match v.get("id").and_then(Value::as_str) {
        Some(id) => format!("item `{id}`"),
        None => "document".to_string(),
    }
}

fn indicators_of<'a>(y: &'a Value, category: &str) -> Vec<&'a Value> {
    seq_of(y, "indicators")
        .iter()
        .filter(|i| str_of(i, "category") == category)
        .collect()
}

fn check_units(what: &str, yaml_units: &[String], notice_units: &[String]) {
    assert!(!notice_units.is_empty(), "{what}: notice lists no unit");
    assert_eq!(
        yaml_units.first(),
        notice_units.first(),
        "{what}: lead unit (牵头单位) differs from the notice"
    );
    assert_eq!(
        yaml_units, notice_units,
        "{what}: responsible units differ from the notice (order matters)"
    );
}
