//! The plan file's own consistency: every unit registered once and referenced, every referenced
//! unit registered, unique ids, indicator fields that agree with their kind, and full-width
//! punctuation in Chinese text. It must not compare with the notice: that is in `against_notice`.

use super::*;

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
