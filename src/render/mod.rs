//! Rendering: the evaluation written out as a Markdown report, and the Typst
//! layout preamble, both from Tera templates that are built in and can be
//! overridden from a folder.
//!
//! Every value a template prints is escaped for Markdown, so text from the
//! data files can never start a heading, break a table or inject markup.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::evaluate::{
    self, Countermeasure, Evaluation, EvaluationKind, Grade, GradeCounts, IndicatorResult,
    TaskResult, YearValue,
};
use crate::fsio;
use crate::numfmt::{date_cn, fixed};
use crate::plan::Plan;
use crate::progress::Status;
use crate::rules::tera_message;
use crate::typeset::convert::string_literal;

mod views;

/// The Markdown report template of annual and mid-term evaluations.
pub const REPORT_TEMPLATE: &str = "report.md";
/// The Markdown report template of the final evaluation (总结评估).
pub const FINAL_TEMPLATE: &str = "report-final.md";
/// The annexes (monitoring table, responsible units), shared by both.
pub const ANNEXES_TEMPLATE: &str = "annexes.md";
/// The Typst layout preamble template.
pub const LAYOUT_TEMPLATE: &str = "layout.typ";
/// Macros both report templates import.
pub const MACROS_TEMPLATE: &str = "macros.md";

const BUILTIN: [(&str, &str); 5] = [
    (MACROS_TEMPLATE, include_str!("../../templates/macros.md")),
    (REPORT_TEMPLATE, include_str!("../../templates/report.md")),
    (
        FINAL_TEMPLATE,
        include_str!("../../templates/report-final.md"),
    ),
    (ANNEXES_TEMPLATE, include_str!("../../templates/annexes.md")),
    (LAYOUT_TEMPLATE, include_str!("../../templates/layout.typ")),
];

/// The report's templates, parsed once.
pub struct Templates {
    tera: Tera,
    /// Name and exact text of every template in use (for archiving).
    pub sources: Vec<(String, String)>,
}

impl Templates {
    /// The built-in templates, each replaced by a file of the same name in
    /// `dir` when there is one.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(Error::Usage(format!(
                "模板目录 {} 不存在或不是目录（--templates）；不给出 --templates 时使用内置模板",
                dir.display()
            )));
        }
        let mut sources = Vec::new();
        for (name, text) in BUILTIN {
            let path = dir.map(|d| d.join(name));
            // A link to nothing is a mistake to name, not a reason to fall back.
            let present = path.as_ref().filter(|p| p.symlink_metadata().is_ok());
            let text = match present {
                Some(path) => fsio::read_text(path)?,
                None => text.to_string(),
            };
            sources.push((name.to_string(), text));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        tera.register_filter("fixed", fixed_filter);
        tera.register_filter("plain", plain_filter);
        tera.register_filter("cn", cn_filter);
        tera.register_filter("typst_str", typst_str_filter);
        tera.register_filter("quote", quote_filter);
        for (name, text) in &sources {
            tera.add_raw_template(name, text)
                .map_err(|e| Error::Template {
                    name: name.clone(),
                    message: tera_message(&e),
                })?;
        }
        Ok(Templates { tera, sources })
    }

    fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| Error::Template {
                name: name.to_string(),
                message: tera_message(&e),
            })
    }
}

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
fn evaluation_values(evaluation: &Evaluation, cells: &[views::Cells]) -> (Value, Value) {
    let mut ev = tera::to_value(evaluation).expect("an evaluation serializes");
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
    indicator_measures: Vec<&'a Countermeasure>,
    /// The countermeasures for tasks, in their order.
    task_measures: Vec<&'a Countermeasure>,
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
    fn of(evaluation: &'a Evaluation, plan: &'a Plan, cells: &[views::Cells]) -> Self {
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
        let outlooks = |outlook: evaluate::Outlook| {
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
                .filter(|c| c.about == about)
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
            very_hard: outlooks(evaluate::Outlook::VeryHard),
            hard: outlooks(evaluate::Outlook::Hard),
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

/// Renders the Markdown report of `evaluation`.
pub fn markdown(
    templates: &Templates,
    plan: &Plan,
    evaluation: &Evaluation,
    meta: &ReportMeta,
) -> Result<String> {
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, evaluation.year)];
    // Every indicator's printed cells, worded once for the text, the tables and annex 1.
    let cells = views::cells(evaluation);
    let (ev, groups) = evaluation_values(evaluation, &cells);
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
    ctx.insert("lists", &Lists::of(evaluation, plan, &cells));
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

/// Document metadata for the Typst layout.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub date: NaiveDate,
}

/// Renders the Typst preamble that sets page, fonts and styles.
pub fn layout(templates: &Templates, info: &DocumentInfo) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("title", &info.title);
    ctx.insert("author", &info.author);
    ctx.insert("year", &chrono::Datelike::year(&info.date));
    ctx.insert("month", &chrono::Datelike::month(&info.date));
    ctx.insert("day", &chrono::Datelike::day(&info.date));
    templates.render(LAYOUT_TEMPLATE, &ctx)
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

/// Escapes text so that Markdown prints it literally, on one line.
///
/// Inline markup characters are backslash-escaped everywhere; characters that
/// only matter at the start of a line (list, heading and block markers) are
/// escaped at the start of the value, since a template may place it there.
pub fn escape_markdown(text: &str) -> String {
    // Line breaks and tabs print as spaces.
    let flat = |c: char| {
        if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        }
    };
    // Leading ASCII digits are as many bytes as characters.
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let starts_block = {
        let mut start = text.chars().map(flat);
        let (first, second) = (start.next(), start.next());
        let mut after = text[digits..].chars().map(flat);
        let (after_digits, after_marker) = (after.next(), after.next());
        let marker_end = |c: Option<char>| c.is_none_or(|c| c == ' ');
        (matches!(first, Some('-' | '+' | '=')) && marker_end(second))
            || (!text.is_empty() && text.chars().all(|c| c == '=' || c == '-'))
            || (digits > 0 && matches!(after_digits, Some('.' | ')')) && marker_end(after_marker))
    };
    let special = |c: char| {
        matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        )
    };
    // Most text from the data files needs no change at all.
    if !starts_block && !text.contains(|c: char| special(c) || flat(c) != c) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().map(flat).enumerate() {
        let block_marker = starts_block && ((i == 0 && digits == 0) || (digits > 0 && i == digits));
        if block_marker || special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn number_arg(value: &Value, name: &str) -> tera::Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| tera::Error::msg(format!("{name} 需要数字，得到 {value}")))
}

/// `{{ x | fixed(digits=1, scale=1, abs=false) }}`: a number with fixed decimals.
fn fixed_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    if value.is_null() {
        return Ok(Value::String("—".to_string()));
    }
    let mut v = number_arg(value, "fixed")?;
    if let Some(scale) = args.get("scale") {
        v *= number_arg(scale, "scale")?;
    }
    if args.get("abs").and_then(Value::as_bool).unwrap_or(false) {
        v = v.abs();
    }
    let digits = match args.get("digits") {
        Some(d) => d.as_u64().unwrap_or(1) as usize,
        None => 1,
    };
    Ok(Value::String(fixed(v, digits)))
}

/// `{{ x | plain }}`: a number as the plan writes it (60, 10.7, 3.5), no padding.
fn plain_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    if value.is_null() {
        return Ok(Value::String("—".to_string()));
    }
    Ok(Value::String(format!("{}", number_arg(value, "plain")?)))
}

/// `{{ 3 | cn }}` → 三: Chinese numerals for headings (1–99).
fn cn_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = value
        .as_u64()
        .ok_or_else(|| tera::Error::msg(format!("cn 需要正整数，得到 {value}")))?;
    Ok(Value::String(chinese_numeral(n)))
}

pub fn chinese_numeral(n: u64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// Wraps text in Chinese quotation marks; quotation marks inside become
/// single ones, as Chinese typography nests them: “深化‘两山’实践”.
pub fn quote(text: &str) -> String {
    format!("“{}”", text.replace('“', "‘").replace('”', "’"))
}

/// `{{ title | quote }}`: see [`quote`].
pub fn quote_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    Ok(Value::String(quote(&text)))
}

/// `{{ text | typst_str }}`: a Typst string literal, for the layout template.
fn typst_str_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(string_literal(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_inline_markup_and_block_starts() {
        assert_eq!(escape_markdown("a|b"), "a\\|b");
        assert_eq!(escape_markdown("*x* _y_"), "\\*x\\* \\_y\\_");
        assert_eq!(escape_markdown("- item"), "\\- item");
        assert_eq!(escape_markdown("1. item"), "1\\. item");
        assert_eq!(escape_markdown("-3.2"), "-3.2");
        assert_eq!(escape_markdown("10.7"), "10.7");
        assert_eq!(escape_markdown("# h"), "\\# h");
        assert_eq!(escape_markdown("---"), "\\---");
        assert_eq!(escape_markdown("各镇<办、处、区>"), "各镇\\<办、处、区\\>");
        assert_eq!(escape_markdown("a\nb"), "a b");
    }

    /// The escaper as first written, which the fast one must match.
    fn escape_markdown_reference(text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let flat: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let starts_block = {
            let first = flat.chars().next();
            let second = flat.chars().nth(1);
            let digits = flat.chars().take_while(char::is_ascii_digit).count();
            let after_digits = flat.chars().nth(digits);
            let marker_end = |c: Option<char>| c.is_none_or(|c| c == ' ');
            (matches!(first, Some('-' | '+' | '=')) && marker_end(second))
                || (!flat.is_empty() && flat.chars().all(|c| c == '=' || c == '-'))
                || (digits > 0
                    && matches!(after_digits, Some('.' | ')'))
                    && marker_end(flat.chars().nth(digits + 1)))
        };
        let digits = flat.chars().take_while(char::is_ascii_digit).count();
        for (i, c) in flat.chars().enumerate() {
            let block_marker =
                starts_block && ((i == 0 && digits == 0) || (digits > 0 && i == digits));
            if block_marker
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn fast_escaper_matches_the_reference() {
        let pieces = [
            "", "-", "+", "=", "-a", "- ", "=-", "--", "1", "12", "1.", "1)", "1. ", "1.5", "12)x",
            "\n", "\r", "\t", " ", "a", "中", "（", "*", "_", "\\", "|", "#", "!", "&", "<", ">",
            "`", "~", "[", "]", "，", "0", "9",
        ];
        let mut cases = Vec::new();
        for a in pieces {
            for b in pieces {
                cases.push(format!("{a}{b}"));
                for c in ["", " x", "\n-", "1.", "="] {
                    cases.push(format!("{a}{b}{c}"));
                }
            }
        }
        for case in &cases {
            assert_eq!(
                escape_markdown(case),
                escape_markdown_reference(case),
                "{case:?}"
            );
        }
    }

    #[test]
    fn writes_chinese_numerals() {
        let got: Vec<String> = [1, 4, 10, 11, 20, 23].map(chinese_numeral).to_vec();
        assert_eq!(got, ["一", "四", "十", "十一", "二十", "二十三"]);
    }
}
