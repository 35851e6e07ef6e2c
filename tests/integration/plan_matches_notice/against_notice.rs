//! The plan against the notice, item by item: the fixture's shape, the counts, each indicator,
//! task and requirement with its wording and responsible units, and the plan's metadata. It
//! must not test what the notice does not say: that is in `consistency` and `sample_data`.

use super::*;

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
