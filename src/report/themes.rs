//! The problems and the measures by theme: lagging indicators by the plan's
//! area (领域) with what the data say of them (the outlook, what the target
//! still needs, the cause a reading's note gives), lagging tasks by the
//! plan's section with the cause their unit reported, the indicators a
//! mid-term may propose to adjust, and the indicator measures by area.
//! It selects and groups; it invents no cause and writes no sentence.

use serde::Serialize;

use super::lists::Measure;
use crate::evaluate::countermeasures::cause_clause;
use crate::evaluate::{Evaluation, IndicatorResult, TaskResult};
use crate::model::vocabulary::{Grade, Outlook, Status};

/// A lagging indicator (or one whose target looks hard) as the problems name it.
#[derive(Debug, Serialize)]
pub(super) struct Trouble<'a> {
    name: &'a str,
    grade: &'a str,
    grade_key: &'static str,
    lagging: bool,
    binding: bool,
    /// 完成难度很大 / 完成难度较大, or empty.
    outlook: &'static str,
    /// "2025年需增长27.7%", or empty.
    need: String,
    /// The cause its reading's note gives (empty when it gives none or the
    /// figure is older than the year), and who gave it.
    cause: &'a str,
    lead_unit: &'a str,
}

/// Indicators or tasks of one theme: an area of indicators, a section of tasks
/// (`name` empty when the plan gives no areas).
#[derive(Debug, Serialize)]
pub(super) struct Theme<T> {
    name: String,
    items: Vec<T>,
}

/// A lagging task as the problems name it, with the cause its unit reported.
#[derive(Debug, Serialize)]
pub(super) struct TaskTrouble<'a> {
    title: &'a str,
    status: &'static str,
    cause: String,
}

fn push<T>(themes: &mut Vec<Theme<T>>, name: &str, item: T) {
    match themes.iter_mut().find(|t| t.name == name) {
        Some(theme) => theme.items.push(item),
        None => themes.push(Theme {
            name: name.to_string(),
            items: vec![item],
        }),
    }
}

/// The area an indicator is grouped under: its domain when the plan gives
/// every indicator one, in at least two areas; none otherwise.
fn area_of(i: &IndicatorResult, by_area: bool) -> &str {
    if by_area { &i.domain } else { "" }
}

/// Whether the plan's indicators are grouped by area (as [`super::naming::areas`]).
pub(super) fn by_area(evaluation: &Evaluation) -> bool {
    !super::naming::areas(&evaluation.indicators).is_empty()
}

impl<'a> Trouble<'a> {
    fn of(i: &'a IndicatorResult, target_year: i32) -> Self {
        let a = &i.assessment;
        Trouble {
            name: &i.short_name,
            grade: &i.grade_label,
            grade_key: a.grade.key(),
            lagging: a.grade.is_lagging(),
            binding: i.binding,
            outlook: match a.outlook {
                Outlook::VeryHard | Outlook::Hard => a.outlook.label(),
                _ => "",
            },
            need: if matches!(a.outlook, Outlook::VeryHard | Outlook::Hard) {
                i.need_words(target_year)
            } else {
                String::new()
            },
            cause: if i.stale { "" } else { i.cause.as_str() },
            lead_unit: &i.lead_unit,
        }
    }
}

/// The plan's areas, empty, in the order of their first indicators (one
/// theme without a name when the plan gives no areas).
fn empty_areas<T>(evaluation: &Evaluation, by_area: bool) -> Vec<Theme<T>> {
    let mut themes: Vec<Theme<T>> = Vec::new();
    for i in &evaluation.indicators {
        let name = area_of(i, by_area);
        if !themes.iter().any(|t| t.name == name) {
            themes.push(Theme {
                name: name.to_string(),
                items: Vec::new(),
            });
        }
    }
    themes
}

/// Lagging indicators, and those whose target looks hard, by area.
pub(super) fn indicator_troubles(evaluation: &Evaluation) -> Vec<Theme<Trouble<'_>>> {
    let by_area = by_area(evaluation);
    let mut themes = empty_areas(evaluation, by_area);
    for i in &evaluation.indicators {
        let a = &i.assessment;
        if a.grade.is_lagging() || matches!(a.outlook, Outlook::VeryHard | Outlook::Hard) {
            push(
                &mut themes,
                area_of(i, by_area),
                Trouble::of(i, evaluation.target_year),
            );
        }
    }
    themes.retain(|t| !t.items.is_empty());
    themes
}

/// Tasks 进度滞后 or 未启动 (final: every task reported and not completed), by section.
pub(super) fn task_troubles(evaluation: &Evaluation) -> Vec<Theme<TaskTrouble<'_>>> {
    let mut themes = Vec::new();
    for s in &evaluation.sections {
        for t in &s.tasks {
            let open = if evaluation.kind.is_final() {
                !matches!(t.status, Status::Completed | Status::NotReported)
            } else {
                matches!(t.status, Status::Behind | Status::NotStarted)
            };
            if open {
                push(&mut themes, &s.title, TaskTrouble::of(t));
            }
        }
    }
    themes
}

impl<'a> TaskTrouble<'a> {
    fn of(t: &'a TaskResult) -> Self {
        TaskTrouble {
            title: &t.title,
            status: t.status.label(),
            cause: cause_clause(&t.summary),
        }
    }
}

/// What a mid-term may propose to adjust: indicators far behind, with a
/// target very hard to reach and a cause in the data. None without a cause.
pub(super) fn adjustable(evaluation: &Evaluation) -> Vec<Trouble<'_>> {
    evaluation
        .indicators
        .iter()
        .filter(|i| {
            i.grade() == Grade::FarBehind
                && i.assessment.outlook == Outlook::VeryHard
                && !i.stale
                && !i.cause.trim().is_empty()
        })
        .map(|i| Trouble::of(i, evaluation.target_year))
        .collect()
}

/// The indicator measures by area, in the order of the areas' first
/// indicators; one theme without a name when the plan gives no areas.
pub(super) fn measures_by_area<'a>(
    evaluation: &'a Evaluation,
    measures: Vec<Measure<'a>>,
) -> Vec<Theme<Measure<'a>>> {
    let items = measures.into_iter().map(|m| (m.target_id().to_string(), m));
    in_areas(evaluation, items)
}

/// Items about indicators (by id) grouped by the indicators' areas, in the
/// areas' order, each area in its items' order; empty areas left out.
pub(super) fn in_areas<T>(
    evaluation: &Evaluation,
    items: impl Iterator<Item = (String, T)>,
) -> Vec<Theme<T>> {
    let by_area = by_area(evaluation);
    // Areas in the plan's order first, so that the items follow them.
    let mut themes: Vec<Theme<T>> = empty_areas(evaluation, by_area);
    for (id, item) in items {
        let name = evaluation
            .indicators
            .iter()
            .find(|i| i.id == id)
            .map_or("", |i| area_of(i, by_area));
        push(&mut themes, name, item);
    }
    themes.retain(|t| !t.items.is_empty());
    themes
}
