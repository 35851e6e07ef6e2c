//! Checks `data/plan.yaml` against the published task-division notice
//! (丹政办发〔2022〕8号), kept verbatim in `tests/fixtures/notice.txt`.
//!
//! The notice is parsed with plain string operations; the YAML is read as an
//! untyped `serde_yaml::Value`, so this test does not depend on crate internals.

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

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn notice_fixture_has_expected_shape() {
    let (_, n) = load();
    assert_eq!(
        n.binding.len(),
        BINDING_COUNT,
        "binding indicators in notice"
    );
    assert_eq!(
        n.expected.len(),
        EXPECTED_COUNT,
        "expected indicators in notice"
    );
    let per: Vec<usize> = n.sections.iter().map(|s| s.1.len()).collect();
    assert_eq!(per, TASKS_PER_SECTION, "tasks per section in notice");
    assert_eq!(per.iter().sum::<usize>(), TOTAL_TASKS);
    assert!(!n.general.is_empty(), "总体要求 parsed");
    assert!(!n.work.is_empty(), "工作要求 parsed");
}

#[test]
fn counts() {
    let (y, _) = load();
    assert_eq!(
        indicators_of(&y, "binding").len(),
        BINDING_COUNT,
        "binding indicators"
    );
    assert_eq!(
        indicators_of(&y, "expected").len(),
        EXPECTED_COUNT,
        "expected indicators"
    );
    assert_eq!(
        seq_of(&y, "indicators").len(),
        BINDING_COUNT + EXPECTED_COUNT,
        "indicators must be binding or expected"
    );
    let sections = seq_of(&y, "sections");
    let per: Vec<usize> = sections.iter().map(|s| seq_of(s, "tasks").len()).collect();
    assert_eq!(per, TASKS_PER_SECTION, "tasks per section");
    assert_eq!(per.iter().sum::<usize>(), TOTAL_TASKS, "total tasks");
}

#[test]
fn indicators_match_notice() {
    let (y, n) = load();
    for (category, items) in [("binding", &n.binding), ("expected", &n.expected)] {
        let ys = indicators_of(&y, category);
        assert_eq!(ys.len(), items.len(), "{category} indicator count");
        for (k, (yi, item)) in ys.iter().zip(items.iter()).enumerate() {
            let what = format!("{category} indicator {} (`{}`)", k + 1, str_of(yi, "id"));
            assert_eq!(
                str_of(yi, "wording"),
                wording(&item.body),
                "{what}: wording differs from the notice"
            );
            check_units(&what, &units_of(yi), &item.units);
        }
    }
}

#[test]
fn tasks_match_notice() {
    let (y, n) = load();
    let sections = seq_of(&y, "sections");
    assert_eq!(sections.len(), n.sections.len(), "section count");
    for (si, (ys, (title, tasks))) in sections.iter().zip(n.sections.iter()).enumerate() {
        let sno = si + 1;
        assert_eq!(str_of(ys, "id"), format!("S{sno}"), "section {sno} id");
        assert_eq!(str_of(ys, "title"), title, "section {sno} title");
        let yt = seq_of(ys, "tasks");
        assert_eq!(yt.len(), tasks.len(), "section {sno} task count");
        for (ti, (yk, item)) in yt.iter().zip(tasks.iter()).enumerate() {
            let id = format!("T{sno}-{}", ti + 1);
            assert_eq!(str_of(yk, "id"), id, "task id at position {id}");
            let (t, text) = split_task(&item.body);
            assert_eq!(
                str_of(yk, "title"),
                t,
                "{id}: title differs from the notice's lead-in"
            );
            assert_eq!(
                str_of(yk, "text"),
                text,
                "{id}: text differs from the notice"
            );
            check_units(&id, &units_of(yk), &item.units);
        }
    }
}

#[test]
fn requirements_match_notice() {
    let (y, n) = load();
    assert_eq!(
        str_of(&y, "general_requirements").trim_end(),
        n.general,
        "general_requirements differs from 一、总体要求"
    );
    let work = seq_of(&y, "work_requirements");
    assert_eq!(
        work.len(),
        n.work.len(),
        "work_requirements count (四、工作要求)"
    );
    for (k, (w, (title, text))) in work.iter().zip(n.work.iter()).enumerate() {
        assert_eq!(
            str_of(w, "title"),
            title,
            "work requirement {} title",
            k + 1
        );
        assert_eq!(str_of(w, "text"), text, "work requirement {} text", k + 1);
    }
}

#[test]
fn plan_metadata_matches_notice() {
    let (y, _) = load();
    let notice = std::fs::read_to_string(format!("{}/tests/fixtures/notice.txt", root())).unwrap();
    let squeezed: String = notice.chars().filter(|c| *c != ' ').collect();
    let plan = get(&y, "plan");
    for key in [
        "document_number",
        "issuer",
        "document_title",
        "full_name",
        "city",
    ] {
        let v = str_of(plan, key);
        assert!(
            squeezed.contains(v),
            "plan.{key} {v:?} not found in the notice"
        );
    }
    assert_eq!(str_of(plan, "issued"), "2022-03-04");
    assert!(notice.contains("2022年03月04日"));
    assert_eq!(get(plan, "base_year").as_u64(), Some(2020));
    assert_eq!(get(plan, "target_year").as_u64(), Some(2025));
}

#[test]
fn units_are_registered_and_unique() {
    let (y, _) = load();
    let mut names = HashSet::new();
    let mut known = HashSet::new();
    for u in seq_of(&y, "units") {
        let name = str_of(u, "name");
        assert!(
            names.insert(name.to_string()),
            "unit name {name:?} listed twice"
        );
        assert!(
            known.insert(name.to_string()),
            "unit name {name:?} is also an alias"
        );
        assert!(
            !str_of(u, "full_name").is_empty(),
            "unit {name:?} lacks full_name"
        );
        if let Some(aliases) = u.get("aliases") {
            for a in aliases.as_sequence().expect("aliases is a list") {
                let a = a.as_str().expect("alias is a string");
                assert!(
                    known.insert(a.to_string()),
                    "alias {a:?} duplicates a name/alias"
                );
            }
        }
    }
    let mut referenced: Vec<(String, String)> = Vec::new();
    for i in seq_of(&y, "indicators") {
        for u in units_of(i) {
            referenced.push((format!("indicator `{}`", str_of(i, "id")), u));
        }
    }
    for s in seq_of(&y, "sections") {
        for t in seq_of(s, "tasks") {
            for u in units_of(t) {
                referenced.push((format!("task `{}`", str_of(t, "id")), u));
            }
        }
    }
    referenced.push((
        "plan.evaluator".to_string(),
        str_of(get(&y, "plan"), "evaluator").to_string(),
    ));
    for (who, u) in &referenced {
        assert!(known.contains(u), "{who} references unknown unit {u:?}");
    }
    // Every registered unit is one the notice actually names.
    let used: HashSet<&str> = referenced.iter().map(|(_, u)| u.as_str()).collect();
    for u in seq_of(&y, "units") {
        let mut spellings = vec![str_of(u, "name")];
        if let Some(a) = u.get("aliases").and_then(Value::as_sequence) {
            spellings.extend(a.iter().filter_map(Value::as_str));
        }
        assert!(
            spellings.iter().any(|s| used.contains(s)),
            "unit {:?} is never referenced",
            spellings[0]
        );
    }
}

#[test]
fn ids_are_unique() {
    let (y, _) = load();
    let mut seen = HashSet::new();
    let mut check = |id: &str| assert!(seen.insert(id.to_string()), "duplicate id {id:?}");
    for i in seq_of(&y, "indicators") {
        let id = str_of(i, "id");
        assert!(
            !id.is_empty()
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "indicator id {id:?} is not ASCII snake_case"
        );
        check(id);
    }
    for s in seq_of(&y, "sections") {
        check(str_of(s, "id"));
        for t in seq_of(s, "tasks") {
            check(str_of(t, "id"));
        }
    }
}

#[test]
fn indicator_fields_are_consistent() {
    let (y, _) = load();
    for i in seq_of(&y, "indicators") {
        let id = str_of(i, "id");
        let kind = str_of(i, "kind");
        let wording = str_of(i, "wording");
        assert!(
            ["binding", "expected"].contains(&str_of(i, "category")),
            "{id}: category"
        );
        assert!(
            ["经济发展", "创新驱动", "民生福祉", "绿色生态"].contains(&str_of(i, "domain")),
            "{id}: domain"
        );
        assert!(
            ["higher", "lower"].contains(&str_of(i, "direction")),
            "{id}: direction"
        );
        assert!(
            !str_of(i, "name").is_empty() && !str_of(i, "unit").is_empty(),
            "{id}: name/unit"
        );
        let strict = get(i, "strict")
            .as_bool()
            .unwrap_or_else(|| panic!("{id}: strict is bool"));
        assert_eq!(
            strict,
            wording.contains("大于") || wording.contains("小于"),
            "{id}: strict must be true exactly for 大于/小于 wording"
        );
        let target = i.get("target").and_then(Value::as_f64);
        let base = i.get("base").and_then(Value::as_f64);
        match kind {
            "quota" => {
                assert!(i.get("target").is_none(), "{id}: quota has no target");
                assert!(i.get("base").is_none(), "{id}: quota has no base");
            }
            "growth" => {
                assert_eq!(str_of(i, "unit"), "%", "{id}: growth readings are yearly %");
                let t = target.unwrap_or_else(|| panic!("{id}: growth needs target"));
                assert!(wording.contains("年均增长"), "{id}: growth wording");
                assert!(
                    wording.contains(&format!("{t}%")),
                    "{id}: target {t} not in wording"
                );
            }
            "level" | "floor" | "ceiling" => {
                let t = target.unwrap_or_else(|| panic!("{id}: {kind} needs target"));
                assert!(base.is_some(), "{id}: {kind} needs base");
                assert!(
                    wording.contains(&t.to_string()),
                    "{id}: target {t} not in wording"
                );
            }
            other => panic!("{id}: unknown kind {other:?}"),
        }
        if let Some(level) = i.get("level") {
            assert_eq!(kind, "growth", "{id}: only growth indicators carry `level`");
            assert!(!str_of(level, "unit").is_empty(), "{id}: level.unit");
            assert!(get(level, "base").as_f64().is_some(), "{id}: level.base");
        }
    }
}

#[test]
fn chinese_text_uses_full_width_punctuation() {
    let (y, _) = load();
    let mut texts: Vec<(String, String)> = vec![(
        "general_requirements".into(),
        str_of(&y, "general_requirements").to_string(),
    )];
    for w in seq_of(&y, "work_requirements") {
        for k in ["title", "text"] {
            texts.push((format!("work_requirements.{k}"), str_of(w, k).to_string()));
        }
    }
    for i in seq_of(&y, "indicators") {
        for k in ["name", "wording"] {
            texts.push((format!("{}.{k}", str_of(i, "id")), str_of(i, k).to_string()));
        }
    }
    for s in seq_of(&y, "sections") {
        texts.push((
            format!("{}.title", str_of(s, "id")),
            str_of(s, "title").to_string(),
        ));
        for t in seq_of(s, "tasks") {
            for k in ["title", "text"] {
                texts.push((format!("{}.{k}", str_of(t, "id")), str_of(t, k).to_string()));
            }
        }
    }
    for u in seq_of(&y, "units") {
        for k in ["name", "full_name"] {
            texts.push((format!("unit {k}"), str_of(u, k).to_string()));
        }
    }
    for (what, text) in texts {
        assert!(
            !text.contains([',', ':', ';', '(', ')']),
            "{what}: half-width punctuation in Chinese text: {text:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// What the notice does not give is marked sample
// ---------------------------------------------------------------------------

/// The bundled table `name`: its first line, its header and its rows (naive split: the bundled
/// files quote no cell).
fn sample_table(name: &str) -> (String, Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(format!("{}/data/{name}", root())).unwrap();
    let first = text.lines().next().unwrap().to_string();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = split(lines.next().unwrap());
    let rows = lines.map(split).collect();
    (first, header, rows)
}

/// The notice gives the plan, not its figures: every data file says in its first line that it is
/// sample data, and each column beyond what a unit must report (the averages and rank a
/// comparison needs, the units' own experience and problems) is named as sample where it is
/// filled — in the file's first line and in SAMPLE_DATA.txt — so none is taken for a published figure.
#[test]
fn data_beyond_the_notice_is_marked_sample() {
    let note = std::fs::read_to_string(format!("{}/data/SAMPLE_DATA.txt", root())).unwrap();
    // (file, column, how the first line names it)
    let optional = [
        ("readings.csv", "province_average", "全省平均"),
        ("readings.csv", "city_average", "全市平均"),
        ("readings.csv", "rank", "位次"),
        ("task_progress.csv", "experience", "主要做法和经验"),
        ("task_progress.csv", "problems", "存在问题及原因"),
    ];
    let mut filled_columns = 0;
    for file in ["readings.csv", "task_progress.csv", "project_progress.csv"] {
        let (first, header, rows) = sample_table(file);
        assert!(first.starts_with("# 示例数据："), "{file}: {first}");
        assert!(note.contains(file), "SAMPLE_DATA.txt does not name {file}");
        for row in &rows {
            assert_eq!(row.len(), header.len(), "{file}: {row:?}");
        }
        for &(_, column, named) in optional.iter().filter(|(f, _, _)| *f == file) {
            let Some(c) = header.iter().position(|h| h == column) else {
                continue;
            };
            if !rows.iter().any(|r| !r[c].trim().is_empty()) {
                continue;
            }
            filled_columns += 1;
            assert!(
                first.contains(named),
                "{file}: first line does not name {named}: {first}"
            );
            assert!(
                note.contains(&format!("（{column}）")),
                "SAMPLE_DATA.txt does not name {file}'s filled column {column}"
            );
        }
    }
    // The bundled data fill at least the province average, the rank, the experience and the problems.
    assert!(filled_columns >= 4, "{filled_columns}");
}
