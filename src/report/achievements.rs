//! What went well (主要成效): the indicators on track or better stated in a
//! few words and grouped by what they achieved, and the plan's priorities
//! with their indicators and tasks. It selects; the templates word it.

use serde::Serialize;

use super::views;
use super::*;
use crate::model::vocabulary::GradeWords;
use crate::plan::Target;

/// An indicator that went well, stated in a few words.
#[derive(Serialize)]
pub(super) struct Good<'a> {
    name: &'a str,
    /// "2024年为3.56人", "2021—2024年年均增长8.1%".
    stated: String,
    /// What it achieved: 已提前实现规划目标, 快于序时进度, 完成规划目标…
    achieved: &'static str,
}

impl<'a> Good<'a> {
    pub(super) fn of(
        i: &'a IndicatorResult,
        cells: &views::Cells,
        words: GradeWords,
    ) -> Option<Self> {
        // A requirement kept, not a distance covered: 达到目标要求, not 基本符合预期.
        let kept = match i.goal {
            Target::Floor { .. }
            | Target::Ceiling { .. }
            | Target::Band { .. }
            | Target::Quota { .. } => true,
            Target::Growth { .. }
            | Target::Level { .. }
            | Target::Cumulative { .. }
            | Target::Yearly { .. }
            | Target::Relative { .. }
            | Target::Trend { .. }
            | Target::Assessed
            | Target::Rank { .. } => false,
        };
        let achieved = match i.grade() {
            Grade::AchievedEarly => "已提前实现规划目标",
            Grade::Ahead | Grade::OnTrack if kept => "达到目标要求",
            Grade::Ahead | Grade::OnTrack => i.grade().word(words),
            Grade::Exceeded => "超额完成规划目标",
            Grade::Completed => "完成规划目标",
            _ => return None,
        };
        Some(Good {
            name: &i.short_name,
            stated: cells.stated.clone(),
            achieved,
        })
    }
}

/// Indicators that achieved the same thing, to be named together:
/// "快于序时进度的有常住人口城镇化率（2024年为59.3%）、…".
#[derive(Serialize)]
pub(super) struct GoodGroup<'a> {
    achieved: &'static str,
    items: Vec<Good<'a>>,
}

/// Groups indicators by what they achieved, in the order first met.
pub(super) fn grouped(goods: Vec<Good<'_>>) -> Vec<GoodGroup<'_>> {
    let mut groups: Vec<GoodGroup> = Vec::new();
    for g in goods {
        match groups.iter_mut().find(|x| x.achieved == g.achieved) {
            Some(group) => group.items.push(g),
            None => groups.push(GoodGroup {
                achieved: g.achieved,
                items: vec![g],
            }),
        }
    }
    groups
}

/// A priority of the plan and what went well in it.
#[derive(Serialize)]
pub(super) struct HighlightView<'a> {
    title: &'a str,
    indicators: Vec<GoodGroup<'a>>,
    /// Its tasks 已完成 (with their results) and 序时推进.
    pub(super) completed: Vec<&'a TaskResult>,
    on_schedule: Vec<&'a TaskResult>,
}

/// Up to this many completed tasks, 主要成效 gives each one's results.
pub(super) const DETAILED_TASKS: usize = 5;

/// Whether indicator `id` belongs to one of the plan's priorities.
pub(super) fn in_highlights(plan: &Plan, id: &str) -> bool {
    plan.highlights
        .iter()
        .any(|h| h.indicators.iter().any(|i| i == id))
}

/// The plan's priorities with what went well in each; a priority where
/// nothing went well this year is left out of 主要成效.
pub(super) fn highlights<'a>(
    plan: &'a Plan,
    evaluation: &'a Evaluation,
    cells: &[views::Cells],
) -> Vec<HighlightView<'a>> {
    let tasks: Vec<&TaskResult> = evaluation.sections.iter().flat_map(|s| &s.tasks).collect();
    plan.highlights
        .iter()
        .map(|h| HighlightView {
            title: &h.title,
            indicators: grouped(
                h.indicators
                    .iter()
                    .filter_map(|id| {
                        let at = evaluation.indicators.iter().position(|i| &i.id == id)?;
                        Good::of(
                            &evaluation.indicators[at],
                            &cells[at],
                            evaluation.grade_words,
                        )
                    })
                    .collect(),
            ),
            completed: h
                .tasks
                .iter()
                .filter_map(|id| tasks.iter().copied().find(|t| &t.id == id))
                .filter(|t| t.status == Status::Completed)
                .collect(),
            on_schedule: h
                .tasks
                .iter()
                .filter_map(|id| tasks.iter().copied().find(|t| &t.id == id))
                .filter(|t| t.status == Status::OnSchedule)
                .collect(),
        })
        .filter(|h| {
            !(h.indicators.is_empty() && h.completed.is_empty() && h.on_schedule.is_empty())
        })
        .collect()
}
