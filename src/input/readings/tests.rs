//! Tests of the readings' index and of the note check against plain scans.

use std::path::Path;

use super::notes::*;
use super::*;
use crate::model::names::normalize;
use crate::plan::Indicator;

fn bundled() -> (Plan, Readings) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let plan = crate::plan::load(&dir.join("plan.yaml")).expect("bundled plan");
    let mut problems = crate::error::Problems::default();
    let readings = check(
        &table::TableFile::from_disk(&dir.join("readings.csv")),
        &plan,
        &mut problems,
    )
    .expect("bundled readings");
    assert!(!problems.has_errors());
    (plan, readings)
}

/// The scan the index replaces.
fn scan<'a>(list: &'a [Reading], indicator: &str, year: i32) -> Vec<&'a Reading> {
    series_of(list, None, indicator, year)
}

#[test]
fn indexed_series_are_the_scanned_series() {
    let (plan, mut readings) = bundled();
    let check = |readings: &Readings| {
        for ind in &plan.indicators {
            for year in plan.years() {
                assert_eq!(
                    readings.series(&ind.id, year),
                    scan(&readings.values, &ind.id, year)
                );
                assert_eq!(
                    readings.level_series(&ind.id, year),
                    scan(&readings.levels, &ind.id, year)
                );
            }
        }
    };
    check(&readings);
    check(&readings.clone());
    // Lists changed after the index was made are read in full.
    let mut late = readings.values[0].clone();
    late.year = plan.meta.target_year;
    readings.values.push(late);
    check(&readings);
    assert_eq!(
        readings
            .series(&readings.values[0].indicator.clone(), 2025)
            .len(),
        scan(&readings.values, &readings.values[0].indicator, 2025).len()
    );
}

/// The search the note index replaces.
fn foreign_note_scan<'p>(plan: &'p Plan, own: &Indicator, note: &str) -> Option<&'p Indicator> {
    let note = normalize(note);
    let own_name = normalize(&own.name);
    if note.is_empty() || note.contains(&own_name) {
        return None;
    }
    plan.indicators.iter().find(|other| {
        let name = normalize(&other.name);
        other.id != own.id
            && name.chars().count() >= 4
            && note.contains(&name)
            && !own_name.contains(&name)
    })
}

#[test]
fn notes_naming_other_indicators_are_found_as_a_scan_finds_them() {
    let (plan, _) = bundled();
    let names = NoteNames::new();
    let all: Vec<&str> = plan.indicators.iter().map(|i| i.name.as_str()).collect();
    let mut notes: Vec<String> = vec!["".into(), "初步核算数".into(), "见 gdp".into()];
    for (k, a) in all.iter().enumerate() {
        notes.push(format!("与{a}口径一致"));
        notes.push(format!("{} {}", a, all[(k + 3) % all.len()]));
        notes.push(a.chars().take(3).collect());
        notes.push(a.replace('（', "(").replace('）', ")"));
    }
    for own in &plan.indicators {
        for note in &notes {
            assert_eq!(
                foreign_note(&plan, &names, own, note).map(|i| &i.id),
                foreign_note_scan(&plan, own, note).map(|i| &i.id),
                "{} / {note:?}",
                own.id
            );
        }
    }
}
