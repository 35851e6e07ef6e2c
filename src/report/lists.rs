//! What the report lists, selected once from the evaluation: the
//! achievements grouped, the findings, the lagging and unreported, the
//! monitoring rows, the measures with their texts. Each entry holds only what
//! the templates print of it.

use serde::Serialize;

use super::achievements::{
    DETAILED_TASKS, Good, GoodGroup, HighlightView, grouped, highlights, in_highlights,
};
use super::owed::{Unreported, missing_years, unreported};
use super::themes::{self, TaskTrouble, Theme, Trouble};
use super::views;
use super::*;
use crate::plan::Target;

/// A countermeasure with its text.
#[derive(Serialize)]
pub(super) struct Measure<'a> {
    #[serde(flatten)]
    c: &'a Countermeasure,
    text: &'a str,
}

impl Measure<'_> {
    /// The id of the indicator or task the measure answers.
    pub(super) fn target_id(&self) -> &str {
        &self.c.target_id
    }
}

/// The selections the report lists in its problems and countermeasures,
/// made here once: Tera's `filter` copies every indicator each time it is
/// applied to `ev.indicators`, which made it most of the rendering time of a
/// large plan. Each entry holds only what the template prints of it.
#[derive(Serialize)]
pub(super) struct Lists<'a> {
    /// Names of the indicators graded 滞后于序时进度, in the plan's order.
    behind: Vec<&'a str>,
    /// Names of the indicators graded 明显滞后.
    far_behind: Vec<&'a str>,
    /// Names of the binding indicators that lag or missed their target.
    binding_lagging: Vec<&'a str>,
    /// Final evaluations: indicators 未完成 and 基本完成, with their figures;
    /// those 未完成 by area.
    not_completed: Vec<Finding<'a>>,
    not_completed_areas: Vec<Theme<Finding<'a>>>,
    basically_completed: Vec<Finding<'a>>,
    /// Names of the indicators 完成 or 超额完成 (final), or ahead (annual).
    achieved: Vec<&'a str>,
    /// Indicators whose outlook is 完成难度很大.
    very_hard: Vec<Prospect<'a>>,
    /// Indicators whose outlook is 完成难度较大.
    hard: Vec<Prospect<'a>>,
    /// Indicators whose figure is older than the year, with its year.
    stale: Vec<Finding<'a>>,
    /// Indicators with years missing inside the period.
    gaps: Vec<Finding<'a>>,
    /// Tasks 进度滞后 or 未启动.
    lagging_tasks: Vec<&'a TaskResult>,
    /// Tasks reported but not 已完成 (what a final evaluation leaves open).
    unfinished_tasks: Vec<&'a TaskResult>,
    /// Tasks without a report, by lead unit.
    unreported: Vec<Unreported<'a>>,
    /// The plan's priorities with what went well in each (主要成效).
    highlights: Vec<HighlightView<'a>>,
    /// Indicators that went well outside the priorities, best first, by
    /// what they achieved.
    good: Vec<GoodGroup<'a>>,
    /// Tasks completed outside the priorities, with their reported results.
    completed_tasks: Vec<&'a TaskResult>,
    /// Whether 主要成效 gives each completed task's results (a few of them)
    /// or names them (many, as in a final evaluation; the task part then
    /// gives the results).
    completed_in_detail: bool,
    /// The tasks whose results 主要成效 gives, which the task part does not repeat.
    detailed: Vec<&'a TaskResult>,
    /// The countermeasures for indicators, in their order, and by area.
    indicator_measures: Vec<Measure<'a>>,
    measure_areas: Vec<Theme<Measure<'a>>>,
    /// Lagging indicators (and those whose target looks hard) by area, lagging
    /// tasks by section, with what the data say of them.
    indicator_troubles: Vec<Theme<Trouble<'a>>>,
    /// Indicators on track or ahead whose target still looks hard (完成难度较大 /
    /// 很大): a risk, not a lag, so never among the lagging above.
    hard_on_track: Vec<Trouble<'a>>,
    task_troubles: Vec<Theme<TaskTrouble<'a>>>,
    /// Mid-term: expected indicators whose target is out of reach at the recent
    /// pace, which the review may propose to adjust ([`themes::adjustable`]).
    adjustable: Vec<Trouble<'a>>,
    /// The countermeasures for tasks, in their order.
    task_measures: Vec<Measure<'a>>,
}

/// An indicator named among the findings, with what the text says of it.
#[derive(Serialize)]
pub(super) struct Finding<'a> {
    name: &'a str,
    short_name: &'a str,
    /// The latest figure in a few words, to follow `short_name` (its verb left
    /// out where the name ends in it), and the target in a few words.
    stated: String,
    target_short: String,
    /// What was missed, for the final's problems: 未实现年均增长7%的目标.
    missed: String,
    /// A requirement kept every year (a limit, a band, a quota, a year's
    /// target) that the latest year meets after earlier misses: 基本完成 is
    /// then no shortfall from the target.
    met_at_end: bool,
    binding: bool,
    lead_unit: &'a str,
    reason: &'a str,
    /// The note of its reading, and the cause where the note gives one.
    note: &'a str,
    cause: &'a str,
    reading_year: Option<i32>,
    preliminary: bool,
    /// Years without a figure that should have one (off years of a figure
    /// measured every two years left out, [`super::owed::missing_years`]).
    gap_years: Vec<i32>,
}

impl<'a> Finding<'a> {
    pub(super) fn of(i: &'a IndicatorResult, cells: &views::Cells) -> Self {
        Finding {
            name: &i.name,
            short_name: &i.short_name,
            stated: super::achievements::figure_after(&i.short_name, &cells.stated),
            target_short: cells.target_short.clone(),
            missed: match i.goal {
                // A two-part target says which part was missed.
                Target::Growth { rate, tolerance } if i.level_target.is_some() => {
                    let a = &i.assessment;
                    let rate_met = a.realised_rate.is_some_and(|r| {
                        r * rate.signum()
                            >= (rate - rate.signum() * tolerance.unwrap_or(0.0)) * rate.signum()
                                - 1e-9
                    });
                    let level_met = a.level_part.as_ref().is_some_and(|l| l.grade.is_on_track());
                    let level = format!(
                        "总量{}{}",
                        crate::model::numfmt::plain(i.level_target.unwrap_or_default()),
                        i.level_unit.as_deref().unwrap_or("")
                    );
                    match (rate_met, level_met) {
                        (true, false) => format!("年均增速目标已实现，但未实现{level}的目标"),
                        (false, true) => format!("{level}的目标已实现，但未实现年均增速目标"),
                        _ => missed_words(&cells.target_short),
                    }
                }
                Target::Yearly { .. } => "未达到规划期各年度目标的要求".to_string(),
                Target::Assessed => "经牵头单位评估未达到预期".to_string(),
                Target::Growth { .. }
                | Target::Level { .. }
                | Target::Floor { .. }
                | Target::Ceiling { .. }
                | Target::Band { .. }
                | Target::Cumulative { .. }
                | Target::Quota { .. }
                | Target::Relative { .. }
                | Target::Trend { .. }
                | Target::Rank { .. } => missed_words(&cells.target_short),
            },
            met_at_end: !i.assessment.missed_years.is_empty()
                && i.assessment
                    .reading_year
                    .is_some_and(|y| !i.assessment.missed_years.contains(&y))
                && match i.goal {
                    Target::Floor { .. }
                    | Target::Ceiling { .. }
                    | Target::Band { .. }
                    | Target::Quota { .. }
                    | Target::Yearly { .. }
                    | Target::Rank { .. } => true,
                    Target::Relative { on_levels, .. } => on_levels,
                    Target::Growth { .. }
                    | Target::Level { .. }
                    | Target::Cumulative { .. }
                    | Target::Trend { .. }
                    | Target::Assessed => false,
                },
            binding: i.binding,
            lead_unit: &i.lead_unit,
            reason: &i.assessment.reason,
            note: &i.note,
            cause: &i.cause,
            reading_year: i.assessment.reading_year,
            preliminary: i.assessment.preliminary,
            gap_years: missing_years(i),
        }
    }
}

/// A row of the monitoring table (annex 1): what the table prints of an
/// indicator, with its figure of each year in `years` put in place, so that
/// the template does not search the series for every year.
#[derive(Serialize)]
pub(super) struct MonitorRow<'a> {
    name: &'a str,
    category: &'static str,
    unit: &'a str,
    base: Option<f64>,
    digits: usize,
    kind: &'static str,
    target: String,
    grade: String,
    lead_unit: &'a str,
    /// The figure of each year of `years`, none where there is none.
    cells: Vec<Option<&'a Point>>,
}

impl<'a> MonitorRow<'a> {
    pub(super) fn of(i: &'a IndicatorResult, cells: &views::Cells, years: &[i32]) -> Self {
        MonitorRow {
            name: &i.name,
            category: i.category,
            unit: &i.unit,
            base: i.base,
            digits: i.digits,
            kind: i.kind,
            // The plan's own words, as table 1 prints them.
            target: cells.target.clone(),
            grade: cells.grade.clone(),
            lead_unit: &i.lead_unit,
            cells: years
                .iter()
                .map(|&y| i.series.iter().find(|v| v.year == y))
                .collect(),
        }
    }
}

/// An indicator whose target looks hard to reach, with what it still needs
/// in words: "2025年需增长17.8%", "2024—2025年需年均增长8.1%".
#[derive(Serialize)]
pub(super) struct Prospect<'a> {
    name: &'a str,
    need: String,
}

impl<'a> Prospect<'a> {
    pub(super) fn of(i: &'a IndicatorResult, target_year: i32) -> Self {
        Prospect {
            name: &i.short_name,
            need: i.need_words(target_year),
        }
    }
}

impl<'a> Lists<'a> {
    /// How many lead units have not returned everything they lead.
    pub(super) fn units_short(&self) -> usize {
        self.unreported.len()
    }

    // Long: one struct literal of every list the templates read, a field an expression.
    pub(super) fn of(
        evaluation: &'a Evaluation,
        written: &'a Measures,
        plan: &'a Plan,
        cells: &[views::Cells],
    ) -> Self {
        let indicators = &evaluation.indicators;
        let names = |grade: Grade| {
            indicators
                .iter()
                .filter(|i| i.grade() == grade)
                .map(|i| i.short_name.as_str())
                .collect()
        };
        let findings = |keep: &dyn Fn(&IndicatorResult) -> bool| {
            indicators
                .iter()
                .zip(cells)
                .filter(|(i, _)| keep(i))
                .map(|(i, c)| Finding::of(i, c))
                .collect()
        };
        let outlooks = |outlook: crate::model::vocabulary::Outlook| {
            indicators
                .iter()
                .filter(|i| i.assessment.outlook == outlook)
                .map(|i| Prospect::of(i, evaluation.target_year))
                .collect()
        };
        let measures = |about: &str| {
            evaluation
                .countermeasures
                .iter()
                .zip(&written.texts)
                .filter(|(c, _)| c.about == about)
                .map(|(c, text)| Measure { c, text })
                .collect()
        };
        let tasks: Vec<&TaskResult> = evaluation.sections.iter().flat_map(|s| &s.tasks).collect();
        let unreported = unreported(evaluation, plan, &tasks);
        let completed_tasks: Vec<&TaskResult> = tasks
            .iter()
            .copied()
            .filter(|t| t.status == Status::Completed)
            .filter(|t| !plan.highlights.iter().any(|h| h.tasks.contains(&t.id)))
            .collect();
        let highlights = highlights(plan, evaluation, cells);
        let completed_in_detail = completed_tasks.len() <= DETAILED_TASKS;
        let detailed: Vec<&TaskResult> = highlights
            .iter()
            .flat_map(|h| h.completed.iter().copied())
            .chain(
                completed_tasks
                    .iter()
                    .copied()
                    .filter(|_| completed_in_detail),
            )
            .collect();
        Lists {
            behind: names(Grade::Behind),
            far_behind: names(Grade::FarBehind),
            binding_lagging: indicators
                .iter()
                .filter(|i| i.binding && i.grade().is_lagging())
                .map(|i| i.short_name.as_str())
                .collect(),
            highlights,
            completed_in_detail,
            detailed,
            good: {
                let mut good: Vec<(u8, Good)> = indicators
                    .iter()
                    .zip(cells)
                    .filter(|(i, _)| !in_highlights(plan, &i.id))
                    .filter(|(i, _)| i.grade() != Grade::OnTrack)
                    .filter_map(|(i, c)| {
                        Good::of(i, c, evaluation.grade_words).map(|g| (i.grade().severity(), g))
                    })
                    .collect();
                good.sort_by_key(|(severity, _)| *severity);
                grouped(good.into_iter().map(|(_, g)| g).collect())
            },
            completed_tasks,
            not_completed: findings(&|i| i.grade() == Grade::NotCompleted),
            not_completed_areas: themes::in_areas(
                evaluation,
                indicators
                    .iter()
                    .zip(cells)
                    .filter(|(i, _)| i.grade() == Grade::NotCompleted)
                    .map(|(i, c)| (i.id.clone(), Finding::of(i, c))),
            ),
            basically_completed: findings(&|i| i.grade() == Grade::BasicallyCompleted),
            achieved: indicators
                .iter()
                .filter(|i| {
                    matches!(
                        i.grade(),
                        Grade::Exceeded | Grade::Completed | Grade::AchievedEarly | Grade::Ahead
                    )
                })
                .map(|i| i.name.as_str())
                .collect(),
            very_hard: outlooks(crate::model::vocabulary::Outlook::VeryHard),
            hard: outlooks(crate::model::vocabulary::Outlook::Hard),
            stale: findings(&|i| i.stale && !i.reference_pending),
            gaps: findings(&|i| !missing_years(i).is_empty()),
            lagging_tasks: tasks
                .iter()
                .copied()
                .filter(|t| t.lagging && t.status != Status::NotReported)
                .collect(),
            unfinished_tasks: tasks
                .iter()
                .copied()
                .filter(|t| !matches!(t.status, Status::Completed | Status::NotReported))
                .collect(),
            unreported,
            indicator_measures: measures("indicator"),
            measure_areas: themes::measures_by_area(evaluation, measures("indicator")),
            indicator_troubles: themes::indicator_troubles(evaluation),
            hard_on_track: themes::hard_on_track(evaluation, plan),
            task_troubles: themes::task_troubles(evaluation),
            adjustable: themes::adjustable(evaluation),
            task_measures: measures("task"),
        }
    }
}

/// A target missed, in words: "未达到10.7年的目标" (never 未实现达到), "未完成上级下达指标",
/// else "未实现年均增长7%的目标".
fn missed_words(target: &str) -> String {
    if target.starts_with("达到") {
        format!("未{target}的目标")
    } else if target.starts_with("完成") {
        format!("未{target}")
    } else {
        format!("未实现{target}的目标")
    }
}
