//! Evaluation: joins the year's readings and task reports with the plan,
//! grades every indicator, rolls up by section and by responsible unit, and
//! chooses countermeasures by rule.
//!
//! A pure function of its inputs: it never reads a file or the clock, so the
//! same inputs always give the same evaluation. It chooses the rule that
//! answers each case and hands over the case's figures ([`Case`]); the report
//! stage writes the texts, so evaluating needs no template engine.

mod case;
mod causes;
pub mod countermeasures;
mod grade;
mod indicator;
pub mod method;
pub mod owed;
pub mod projects;
mod results;
pub mod standing;
pub mod voices;

use std::collections::HashMap;

use crate::input::progress::Progress;
use crate::input::readings::Readings;
use crate::input::rules::Rules;
use crate::model::vocabulary::{EvaluationKind, Status};
use crate::plan::{Plan, Section};

pub use case::Case;
pub use causes::{causes_in, is_cause};
pub use countermeasures::Countermeasure;
pub use grade::{Assessment, Goal, LevelPart, Period, Point, assess};
pub use results::*;

/// The units answering for `units` in the report of `year`, as the report
/// writes them, each once (a unit and its successor may both be listed).
fn unit_names(plan: &Plan, units: &[usize], year: i32) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(units.len());
    for &u in units {
        let name = &plan.units[plan.unit_in(u, year)].short_name;
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// Evaluates `year` of `plan` from its readings and task reports.
pub fn evaluate(
    plan: &Plan,
    readings: &Readings,
    progress: &Progress,
    rules: &Rules,
    year: i32,
    kind: EvaluationKind,
) -> Evaluation {
    let period = Period {
        base: plan.meta.base_year,
        target: plan.meta.target_year,
        year,
        kind,
        words: plan.meta.grade_words,
    };
    let indicators: Vec<IndicatorResult> = plan
        .indicators
        .iter()
        .map(|ind| indicator::of(plan, readings, ind, period))
        .collect();

    let sections: Vec<SectionResult> = plan
        .sections
        .iter()
        .map(|s| section(plan, progress, s, year))
        .collect();

    let units = unit_rollup(plan, &indicators, &sections);
    let (projects, project_summary) = projects::evaluate(plan, &progress.projects, year);
    let countermeasures =
        countermeasures::select(plan, &indicators, &sections, &projects, rules, period);
    let standing_measures = standing_measures(plan, rules, period);
    let summary = summary(&indicators, &sections);
    let tasks: Vec<&TaskResult> = sections.iter().flat_map(|s| &s.tasks).collect();
    let returns = owed::returns(plan, &indicators, &tasks, &projects, year);
    let method = method::of(plan, readings, &returns, year, kind);
    Evaluation {
        method,
        voices: voices::gather(plan, progress, year, kind),
        projects,
        project_summary,
        year,
        grade_words: period.words,
        kind,
        base_year: period.base,
        target_year: period.target,
        remaining_years: (period.target - year).max(0),
        indicators,
        sections,
        units,
        countermeasures,
        standing_measures,
        summary,
    }
}

/// The tasks of section `s` with their status in `year`, and how many lag.
fn section(plan: &Plan, progress: &Progress, s: &Section, year: i32) -> SectionResult {
    let tasks: Vec<TaskResult> = s
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let report = progress.get(&t.id, year);
            let status = report.map_or(Status::NotReported, |r| r.status);
            TaskResult {
                id: t.id.clone(),
                number: i + 1,
                title: t.title.clone(),
                section: s.title.clone(),
                lead_unit: plan.units[plan.unit_in(t.units[0], year)]
                    .short_name
                    .clone(),
                units: unit_names(plan, &t.units, year),
                status,
                previous_status: progress.get(&t.id, year - 1).map(|r| r.status),
                summary: report
                    .map(|r| plan.spell_units(&r.summary))
                    .unwrap_or_default(),
                lagging: status.is_lagging(),
            }
        })
        .collect();
    SectionResult {
        id: s.id.clone(),
        title: s.title.clone(),
        lagging: tasks.iter().filter(|t| t.lagging).count(),
        tasks,
    }
}

/// The counts of grades and task statuses, and the indicators graded on an older figure.
fn summary(indicators: &[IndicatorResult], sections: &[SectionResult]) -> Summary {
    let tasks: Vec<&TaskResult> = sections.iter().flat_map(|s| &s.tasks).collect();
    let count = |st: Status| tasks.iter().filter(|t| t.status == st).count();
    Summary {
        indicators: GradeCounts::of(indicators.iter()),
        binding: GradeCounts::of(indicators.iter().filter(|i| i.binding)),
        expected: GradeCounts::of(indicators.iter().filter(|i| !i.binding)),
        tasks: TaskCounts {
            total: tasks.len(),
            completed: count(Status::Completed),
            on_schedule: count(Status::OnSchedule),
            behind: count(Status::Behind),
            not_started: count(Status::NotStarted),
            not_reported: count(Status::NotReported),
        },
        stale: indicators
            .iter()
            .filter(|i| i.stale)
            .map(|i| i.id.clone())
            .collect(),
    }
}

/// The standing measures that close an evaluation of `period`'s kind, with
/// the names their texts may use (the evaluating unit speaks of itself as 我局).
fn standing_measures(plan: &Plan, rules: &Rules, period: Period) -> Vec<Standing> {
    let speaker = countermeasures::Speaker::of(plan, period.year);
    let mut case = Case::default();
    case.insert("self", &speaker.self_name);
    case.insert("addressee", &plan.meta.addressee);
    case.insert("evaluator", &speaker.name);
    case.insert("year", &period.year);
    case.insert("base_year", &period.base);
    case.insert("target_year", &period.target);
    case.insert("evaluation", period.kind.label());
    rules
        .standing
        .iter()
        .enumerate()
        .filter(|(_, m)| m.fits(period.kind))
        .map(|(index, m)| Standing {
            title: m.title.clone(),
            rule: crate::input::rules::standing_id(index),
            case: case.clone(),
        })
        .collect()
}

fn unit_rollup(
    plan: &Plan,
    indicators: &[IndicatorResult],
    sections: &[SectionResult],
) -> Vec<UnitResult> {
    // What each unit leads and supports, by its name, gathered in one pass.
    #[derive(Default)]
    struct Share<'a> {
        led: Vec<&'a IndicatorResult>,
        tasks: Vec<&'a TaskResult>,
        supporting: usize,
    }
    let mut shares: HashMap<&str, Share> = HashMap::new();
    for i in indicators {
        shares.entry(i.lead_unit.as_str()).or_default().led.push(i);
    }
    let mut seen: Vec<&str> = Vec::new();
    for t in sections.iter().flat_map(|s| &s.tasks) {
        shares
            .entry(t.lead_unit.as_str())
            .or_default()
            .tasks
            .push(t);
        // A unit named twice in one task supports it once.
        seen.clear();
        for unit in &t.units {
            if *unit != t.lead_unit && !seen.contains(&unit.as_str()) {
                seen.push(unit);
                shares.entry(unit.as_str()).or_default().supporting += 1;
            }
        }
    }
    plan.units
        .iter()
        .filter_map(|unit| {
            let share = shares.get(unit.short_name.as_str())?;
            let (led, tasks, supporting) = (&share.led, &share.tasks, share.supporting);
            (!led.is_empty() || !tasks.is_empty() || supporting > 0).then(|| UnitResult {
                name: unit.short_name.clone(),
                full_name: unit.full_name.clone(),
                indicators: led.iter().map(|i| i.name.clone()).collect(),
                indicators_lagging: led.iter().filter(|i| i.grade().is_lagging()).count(),
                tasks: tasks.iter().map(|t| t.title.clone()).collect(),
                tasks_lagging: tasks.iter().filter(|t| t.lagging).count(),
                tasks_unfinished: tasks
                    .iter()
                    .filter(|t| t.status != Status::Completed)
                    .count(),
                supporting,
            })
        })
        .collect()
}
