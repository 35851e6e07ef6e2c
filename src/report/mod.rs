//! The report stage: the evaluation written out as a Markdown report from
//! the Tera templates, with its charts ([`charts`]) and its measures' texts
//! ([`measures`]). It reads the evaluation and the plan; it neither grades
//! nor typesets, and writes no file.
//!
//! Every value a template prints is escaped for Markdown, so text from the
//! data files can never start a heading, break a table or inject markup.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use tera::{Context, Value};

use crate::error::Result;
use crate::evaluate::{
    Countermeasure, Evaluation, GradeCounts, IndicatorResult, TaskResult, YearValue,
};
use crate::model::numfmt::date_cn;
use crate::model::vocabulary::Status;
use crate::model::vocabulary::{EvaluationKind, Grade};
use crate::plan::Plan;
use crate::templating::{FINAL_TEMPLATE, REPORT_TEMPLATE, Templates};

pub mod charts;
pub mod measures;
pub mod table_view;
mod views;

pub use measures::Measures;

/// What the report says about itself beyond the evaluation.
#[derive(Debug, Clone)]
pub struct ReportMeta {
    /// The date printed under the signature.
    pub date: NaiveDate,
    /// The figures are illustrative: say so under the title.
    pub sample: bool,
    /// Charts as (file under `charts/`, caption), numbered 图1, 图2… in this order.
    pub charts: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Figure {
    src: String,
    caption: String,
    number: usize,
}

/// The report's title: ……规划纲要2024年度实施情况评估报告, ……实施情况中期评估报告,
/// ……实施情况总结评估报告.
pub fn title(plan: &Plan, evaluation: &Evaluation) -> String {
    let name = &plan.meta.name;
    match evaluation.kind {
        EvaluationKind::Annual => format!("{name}{}年度实施情况评估报告", evaluation.year),
        EvaluationKind::Midterm => format!("{name}实施情况中期评估报告"),
        EvaluationKind::Final => format!("{name}实施情况总结评估报告"),
    }
}

/// The template's `ev` (the whole evaluation) and `groups` (the binding and
/// the expected indicators, each with its counts; a group without indicators
/// is left out), as template values.
///
/// The evaluation is serialized once; each group takes copies of its
/// indicators' values, which is much cheaper than serializing them again.
fn evaluation_values(
    evaluation: &Evaluation,
    measures: &Measures,
    cells: &[views::Cells],
) -> (Value, Value) {
    let mut ev = tera::to_value(evaluation).expect("an evaluation serializes");
    measures::attach(&mut ev, measures);
    if let Some(Value::Array(list)) = ev.get_mut("indicators") {
        for (value, cells) in list.iter_mut().zip(cells) {
            if let Value::Object(map) = value {
                map.insert(
                    "cells".to_string(),
                    tera::to_value(cells).expect("cells serialize"),
                );
            }
        }
    }
    let values = ev
        .get("indicators")
        .and_then(Value::as_array)
        .expect("an evaluation has indicators");
    let group = |label: &str, counts: &GradeCounts, binding: bool| {
        let indicators: Vec<Value> = evaluation
            .indicators
            .iter()
            .zip(values)
            .filter(|(i, _)| i.binding == binding)
            .map(|(_, v)| v.clone())
            .collect();
        (!indicators.is_empty()).then(|| {
            let mut group = tera::Map::new();
            group.insert("label".to_string(), Value::from(label));
            group.insert(
                "counts".to_string(),
                tera::to_value(counts).expect("counts serialize"),
            );
            group.insert("indicators".to_string(), Value::Array(indicators));
            Value::Object(group)
        })
    };
    let summary = &evaluation.summary;
    let groups: Vec<Value> = [
        group("约束性", &summary.binding, true),
        group("预期性", &summary.expected, false),
    ]
    .into_iter()
    .flatten()
    .collect();
    (ev, Value::Array(groups))
}

/// A countermeasure with its text.
#[derive(Serialize)]
struct Measure<'a> {
    #[serde(flatten)]
    c: &'a Countermeasure,
    text: &'a str,
}

/// The selections the report lists in its problems and countermeasures,
/// made here once: Tera's `filter` copies every indicator each time it is
/// applied to `ev.indicators`, which made it most of the rendering time of a
/// large plan. Each entry holds only what the template prints of it.
#[derive(Serialize)]
struct Lists<'a> {
    /// Names of the indicators graded 滞后于序时进度, in the plan's order.
    behind: Vec<&'a str>,
    /// Names of the indicators graded 明显滞后.
    far_behind: Vec<&'a str>,
    /// Names of the binding indicators that lag or missed their target.
    binding_lagging: Vec<&'a str>,
    /// Final evaluations: indicators 未完成 and 基本完成, with their figures.
    not_completed: Vec<Finding<'a>>,
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
    /// Indicators without any figure.
    no_data: Vec<Finding<'a>>,
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
    /// The countermeasures for indicators, in their order.
    indicator_measures: Vec<Measure<'a>>,
    /// The countermeasures for tasks, in their order.
    task_measures: Vec<Measure<'a>>,
}

/// An indicator that went well, stated in a few words.
#[derive(Serialize)]
struct Good<'a> {
    name: &'a str,
    /// "2024年为3.56人", "2021—2024年年均增长8.1%".
    stated: String,
    /// What it achieved: 已提前实现规划目标, 快于序时进度, 完成规划目标…
    achieved: &'static str,
}

impl<'a> Good<'a> {
    fn of(i: &'a IndicatorResult, cells: &views::Cells) -> Option<Self> {
        let kept = matches!(i.kind, "floor" | "ceiling" | "band" | "quota");
        let achieved = match i.grade() {
            Grade::AchievedEarly => "已提前实现规划目标",
            Grade::Ahead => "快于序时进度",
            Grade::OnTrack if kept => "达到目标要求",
            Grade::OnTrack => "符合序时进度",
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
struct GoodGroup<'a> {
    achieved: &'static str,
    items: Vec<Good<'a>>,
}

/// Groups indicators by what they achieved, in the order first met.
fn grouped(goods: Vec<Good<'_>>) -> Vec<GoodGroup<'_>> {
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
struct HighlightView<'a> {
    title: &'a str,
    indicators: Vec<GoodGroup<'a>>,
    /// Its tasks 已完成 (with their results) and 序时推进.
    completed: Vec<&'a TaskResult>,
    on_schedule: Vec<&'a TaskResult>,
}

/// An indicator named among the findings, with what the text says of it.
#[derive(Serialize)]
struct Finding<'a> {
    name: &'a str,
    short_name: &'a str,
    /// The latest figure in a few words, and the target in a few words.
    stated: String,
    target_short: String,
    binding: bool,
    lead_unit: &'a str,
    reason: &'a str,
    /// The note of its reading, and the cause where the note gives one.
    note: &'a str,
    cause: &'a str,
    reading_year: Option<i32>,
    preliminary: bool,
    gap_years: &'a [i32],
}

impl<'a> Finding<'a> {
    fn of(i: &'a IndicatorResult, cells: &views::Cells) -> Self {
        Finding {
            name: &i.name,
            short_name: &i.short_name,
            stated: cells.stated.clone(),
            target_short: cells.target_short.clone(),
            binding: i.binding,
            lead_unit: &i.lead_unit,
            reason: &i.assessment.reason,
            note: &i.note,
            cause: &i.cause,
            reading_year: i.assessment.reading_year,
            preliminary: i.assessment.preliminary,
            gap_years: &i.assessment.gap_years,
        }
    }
}

/// A lead unit's tasks without a report.
#[derive(Serialize)]
struct Unreported<'a> {
    unit: &'a str,
    tasks: Vec<&'a str>,
}

/// A row of the monitoring table (annex 1): what the table prints of an
/// indicator, with its figure of each year in `years` put in place, so that
/// the template does not search the series for every year.
#[derive(Serialize)]
struct MonitorRow<'a> {
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
    cells: Vec<Option<&'a YearValue>>,
}

impl<'a> MonitorRow<'a> {
    fn of(i: &'a IndicatorResult, cells: &views::Cells, years: &[i32]) -> Self {
        MonitorRow {
            name: &i.name,
            category: i.category,
            unit: &i.unit,
            base: i.base,
            digits: i.digits,
            kind: i.kind,
            target: cells.target_short.clone(),
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
struct Prospect<'a> {
    name: &'a str,
    need: String,
}

impl<'a> Prospect<'a> {
    fn of(i: &'a IndicatorResult, target_year: i32) -> Self {
        Prospect {
            name: &i.short_name,
            need: i.need_words(target_year),
        }
    }
}

impl<'a> Lists<'a> {
    fn of(
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
        let mut unreported: Vec<Unreported> = Vec::new();
        for t in tasks.iter().filter(|t| t.status == Status::NotReported) {
            match unreported.iter_mut().find(|u| u.unit == t.lead_unit) {
                Some(u) => u.tasks.push(&t.title),
                None => unreported.push(Unreported {
                    unit: &t.lead_unit,
                    tasks: vec![&t.title],
                }),
            }
        }
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
                    .filter_map(|(i, c)| Good::of(i, c).map(|g| (i.grade().severity(), g)))
                    .collect();
                good.sort_by_key(|(severity, _)| *severity);
                grouped(good.into_iter().map(|(_, g)| g).collect())
            },
            completed_tasks,
            not_completed: findings(&|i| i.grade() == Grade::NotCompleted),
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
            stale: findings(&|i| i.stale),
            gaps: findings(&|i| !i.assessment.gap_years.is_empty()),
            no_data: findings(&|i| i.grade() == Grade::NoData),
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
            task_measures: measures("task"),
        }
    }
}

/// Up to this many completed tasks, 主要成效 gives each one's results.
const DETAILED_TASKS: usize = 5;

/// Whether indicator `id` belongs to one of the plan's priorities.
fn in_highlights(plan: &Plan, id: &str) -> bool {
    plan.highlights
        .iter()
        .any(|h| h.indicators.iter().any(|i| i == id))
}

/// The plan's priorities with what went well in each; a priority where
/// nothing went well this year is left out of 主要成效.
fn highlights<'a>(
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
                        Good::of(&evaluation.indicators[at], &cells[at])
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

/// An institutional reform in effect for the report's year: the former
/// unit, the unit answering for it now, and the year it took over.
#[derive(Serialize)]
struct Reform<'a> {
    former: &'a str,
    successor: &'a str,
    from: i32,
}

/// Renders the Markdown report of `evaluation`, its measures written as `measures`.
pub fn markdown(
    templates: &Templates,
    plan: &Plan,
    evaluation: &Evaluation,
    measures: &Measures,
    meta: &ReportMeta,
) -> Result<String> {
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, evaluation.year)];
    // Every indicator's printed cells, worded once for the text, the tables and annex 1.
    let cells = views::cells(evaluation);
    let (ev, groups) = evaluation_values(evaluation, measures, &cells);
    let reforms: Vec<Reform> = plan
        .reforms_by(evaluation.year)
        .into_iter()
        .map(|(former, now)| Reform {
            former: &plan.units[former].short_name,
            successor: &plan.units[now].short_name,
            // The year the first step of the chain took effect.
            from: plan.units[former]
                .successor
                .map_or(evaluation.year, |(_, y)| y),
        })
        .collect();
    let mut values = tera::Map::new();
    values.insert("ev".to_string(), ev);
    values.insert("groups".to_string(), groups);
    let mut ctx = Context::from_value(Value::Object(values)).expect("an object");
    ctx.insert("title", &title(plan, evaluation));
    ctx.insert("kind", evaluation.kind.key());
    ctx.insert("tables", &evaluation_groups_len(evaluation));
    ctx.insert("midterm", &(evaluation.kind == EvaluationKind::Midterm));
    ctx.insert(
        "addressee",
        if evaluation.kind == EvaluationKind::Midterm {
            &plan.meta.midterm_addressee
        } else {
            &plan.meta.addressee
        },
    );
    ctx.insert("sample", &meta.sample);
    ctx.insert("date", &date_cn(meta.date));
    ctx.insert("plan", &plan.meta);
    ctx.insert("evaluator", evaluator);
    ctx.insert("s", &evaluation.summary);
    ctx.insert("lists", &Lists::of(evaluation, measures, plan, &cells));
    ctx.insert("reforms", &reforms);
    ctx.insert("self_name", &plan.self_name_in(evaluation.year));
    ctx.insert("opening", &plan.meta.opening);
    // Figures by file stem, e.g. figures.progress.
    let figures: BTreeMap<String, Figure> = meta
        .charts
        .iter()
        .enumerate()
        .map(|(i, (file, caption))| {
            let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
            (
                stem.to_string(),
                Figure {
                    src: format!("charts/{file}"),
                    caption: caption.clone(),
                    number: i + 1,
                },
            )
        })
        .collect();
    ctx.insert("figures", &figures);
    ctx.insert("year", &evaluation.year);
    ctx.insert("base_year", &evaluation.base_year);
    ctx.insert("target_year", &evaluation.target_year);
    ctx.insert("elapsed", &(evaluation.year - evaluation.base_year));
    let years: Vec<i32> = ((evaluation.base_year + 1)..=evaluation.year).collect();
    let monitor: Vec<MonitorRow> = evaluation
        .indicators
        .iter()
        .zip(&cells)
        .map(|(i, cells)| MonitorRow::of(i, cells, &years))
        .collect();
    ctx.insert("years", &years);
    ctx.insert("monitor", &monitor);
    let template = if evaluation.kind.is_final() {
        FINAL_TEMPLATE
    } else {
        REPORT_TEMPLATE
    };
    let text = templates.render(template, &ctx)?;
    Ok(tidy_blank_lines(&text))
}

/// How many groups (binding, expected) have indicators: the tables before the annexes.
fn evaluation_groups_len(evaluation: &Evaluation) -> usize {
    let binding = evaluation.indicators.iter().any(|i| i.binding);
    let expected = evaluation.indicators.iter().any(|i| !i.binding);
    usize::from(binding) + usize::from(expected)
}

/// Collapses runs of blank lines that template control flow leaves behind.
fn tidy_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        // Markdown counts only spaces and tabs as blank, not the ideographic space.
        if line.trim_matches([' ', '\t']).is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank = 0;
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim_start_matches('\n').to_string()
}
