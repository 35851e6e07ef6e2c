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
    Countermeasure, Evaluation, GradeCounts, IndicatorResult, Point, TaskResult,
};
use crate::model::numfmt::date_cn;
use crate::model::vocabulary::Status;
use crate::model::vocabulary::{EvaluationKind, Grade, GradeWords};
use crate::plan::Plan;
use crate::templating::{FINAL_TEMPLATE, REPORT_TEMPLATE, Templates};

mod achievements;
pub mod charts;
mod genre_data;
mod lists;
pub mod measures;
mod method;
mod naming;
mod owed;
pub mod table_view;
mod themes;
mod views;

use lists::{Lists, MonitorRow};

pub use measures::Measures;
pub(crate) use owed::owed_by;

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
/// the expected indicators, each with its counts, its names by class and
/// `shown`, which of its table's columns have a figure in some row; a group
/// without indicators is left out), as template values.
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
                "named".to_string(),
                tera::to_value(naming::Named::of(
                    evaluation
                        .indicators
                        .iter()
                        .filter(|i| i.binding == binding),
                ))
                .expect("names serialize"),
            );
            group.insert(
                "counts".to_string(),
                tera::to_value(counts).expect("counts serialize"),
            );
            group.insert(
                "shown".to_string(),
                tera::to_value(views::Shown::of(
                    evaluation
                        .indicators
                        .iter()
                        .zip(cells)
                        .filter(|(i, _)| i.binding == binding),
                ))
                .expect("columns serialize"),
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

/// The words of the plan's chosen vocabulary, for the templates' headings
/// and counting sentences (`words.behind` is 滞后于预期 or 滞后于序时进度).
#[derive(Serialize)]
struct Words {
    /// What the schedule is called: 进度要求, 序时进度.
    schedule: &'static str,
    achieved_early: &'static str,
    ahead: &'static str,
    on_track: &'static str,
    behind: &'static str,
    far_behind: &'static str,
    /// The counting sentence's phrase: 基本符合或快于预期, 达到或快于序时进度.
    on_track_or_ahead: &'static str,
}

impl Words {
    fn of(evaluation: &Evaluation) -> Words {
        let words = evaluation.grade_words;
        Words {
            schedule: words.schedule(),
            achieved_early: Grade::AchievedEarly.word(words),
            ahead: Grade::Ahead.word(words),
            on_track: Grade::OnTrack.word(words),
            behind: Grade::Behind.word(words),
            far_behind: Grade::FarBehind.word(words),
            on_track_or_ahead: words.on_track_phrase(EvaluationKind::Annual),
        }
    }
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
    // Every indicator's printed cells, worded once for the text, the tables and annex 1.
    let cells = views::cells(evaluation);
    let ctx = context(plan, evaluation, measures, meta, &cells);
    check_grade_words(templates, evaluation.grade_words)?;
    let text = templates.render(template_of(evaluation.kind), &ctx)?;
    Ok(tidy_blank_lines(&text))
}

/// Every value the report templates read, the indicators' printed `cells` among them.
fn context(
    plan: &Plan,
    evaluation: &Evaluation,
    measures: &Measures,
    meta: &ReportMeta,
    cells: &[views::Cells],
) -> Context {
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, evaluation.year)];
    let (ev, groups) = evaluation_values(evaluation, measures, cells);
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
    let lists = Lists::of(evaluation, measures, plan, cells);
    ctx.insert(
        "approach",
        &method::Approach::of(plan, evaluation, lists.units_short(), meta.date),
    );
    ctx.insert("lists", &lists);
    ctx.insert("named", &naming::Named::of(evaluation.indicators.iter()));
    ctx.insert(
        "areas",
        &naming::areas(
            &evaluation.indicators,
            evaluation.grade_words,
            evaluation.kind,
        ),
    );
    // The next plan by name, as the measures name it: "“十五五”规划".
    ctx.insert(
        "next_plan",
        &crate::evaluate::countermeasures::next_plan(&plan.meta.name, plan.meta.target_year),
    );
    // A mid-term review to the people's congress goes through the government:
    // 受市人民政府委托……请予审议 (the plan's `midterm_to_congress`).
    ctx.insert(
        "to_congress",
        &(evaluation.kind == EvaluationKind::Midterm && plan.meta.midterm_to_congress),
    );
    // The parts drawn from optional data: `projects`, `method` (the cut-off and the plan's
    // own words on sources, third-party and public input), `experiences`, `problems`,
    // `benchmarks`, `area_counts`; each absent when its data are.
    genre_data::insert(&mut ctx, evaluation, plan);
    ctx.insert("reforms", &reforms(plan, evaluation.year));
    ctx.insert("self_name", &plan.self_name_in(evaluation.year));
    ctx.insert("opening", &plan.meta.opening);
    ctx.insert("words", &Words::of(evaluation));
    ctx.insert("figures", &figures(meta));
    ctx.insert("year", &evaluation.year);
    ctx.insert("base_year", &evaluation.base_year);
    ctx.insert("target_year", &evaluation.target_year);
    ctx.insert("elapsed", &(evaluation.year - evaluation.base_year));
    let years: Vec<i32> = ((evaluation.base_year + 1)..=evaluation.year).collect();
    let monitor: Vec<MonitorRow> = evaluation
        .indicators
        .iter()
        .zip(cells)
        .map(|(i, cells)| MonitorRow::of(i, cells, &years))
        .collect();
    ctx.insert("years", &years);
    ctx.insert("monitor", &monitor);
    ctx
}

/// The institutional reforms in effect in `year`, each with the year its chain's first step took effect.
fn reforms(plan: &Plan, year: i32) -> Vec<Reform<'_>> {
    plan.reforms_by(year)
        .into_iter()
        .map(|(former, now)| Reform {
            former: &plan.units[former].short_name,
            successor: &plan.units[now].short_name,
            // The year the first step of the chain took effect.
            from: plan.units[former].successor.map_or(year, |(_, y)| y),
        })
        .collect()
}

/// The charts by file stem (figures.progress), numbered in the order given.
fn figures(meta: &ReportMeta) -> BTreeMap<String, Figure> {
    meta.charts
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
        .collect()
}

/// Refuses a user's template that compares grades in the other vocabulary,
/// which would silently drop text.
fn check_grade_words(templates: &Templates, words: GradeWords) -> Result<()> {
    templates.check_own(|text| {
        stale_grade_word(text, words).map(|(line, word)| {
            (
                line,
                format!(
                    "按评价等级“{word}”作判断，但本规划的评价用语为{}，报告中不会出现“{word}”，该判断永远不成立；请改为比较 i.grade_key（如 i.grade_key == \"behind\"），或运行 plan-eval templates refresh 把模板更新为当前的内置版本；沿用序时进度用语的，可在 plan.yaml 的 plan: 下写 grade_words: schedule",
                    match words {
                        GradeWords::National => "全国规划评估用语（提前实现、快于预期、基本符合预期、滞后于预期、明显滞后于预期）",
                        GradeWords::Schedule => "序时进度用语（已提前实现、快于序时进度、符合序时进度、滞后于序时进度、明显滞后）",
                    }
                ),
            )
        })
    })
}

/// The report template of an evaluation of `kind`: the final evaluation's, or the one of
/// annual and mid-term evaluations.
pub fn template_of(kind: EvaluationKind) -> &'static str {
    if kind.is_final() {
        FINAL_TEMPLATE
    } else {
        REPORT_TEMPLATE
    }
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

/// The first line of a template that compares a grade with a word of the
/// other vocabulary (`i.grade == "滞后于序时进度"` in a plan written in the
/// national words): such a test never holds, and the text it guards would
/// silently vanish. Returns the line (1-based) and the word.
pub fn stale_grade_word(source: &str, words: GradeWords) -> Option<(usize, &'static str)> {
    let other = match words {
        GradeWords::National => GradeWords::Schedule,
        GradeWords::Schedule => GradeWords::National,
    };
    let stale: Vec<&'static str> = Grade::ALL
        .into_iter()
        .map(|g| g.word(other))
        .filter(|w| Grade::ALL.iter().all(|g| g.word(words) != *w))
        .collect();
    source.lines().enumerate().find_map(|(n, line)| {
        // Only a quoted word inside a tag is a comparison; prose may name the old words.
        let tags = line.split("{%").skip(1).chain(line.split("{{").skip(1));
        tags.flat_map(|tag| stale.iter().map(move |w| (tag, *w)))
            .find(|(tag, w)| {
                let tag = tag.split(['%', '}']).next().unwrap_or("");
                tag.contains(&format!("\"{w}\"")) || tag.contains(&format!("'{w}'"))
            })
            .map(|(_, w)| (n + 1, w))
    })
}

#[cfg(test)]
mod stale_words_tests {
    use super::*;

    #[test]
    fn a_comparison_with_the_other_words_is_found_at_its_line() {
        let old = "# 标题\n{% if i.grade in [\"滞后于序时进度\", \"明显滞后\"] %}滞后{% endif %}\n";
        assert_eq!(
            stale_grade_word(old, GradeWords::National),
            Some((2, "滞后于序时进度"))
        );
        // The same template in the schedule words is right; prose is not a comparison.
        assert_eq!(stale_grade_word(old, GradeWords::Schedule), None);
        assert_eq!(
            stale_grade_word("按序时进度评价，符合序时进度。\n", GradeWords::National),
            None
        );
        // Words both vocabularies share are never stale.
        assert_eq!(
            stale_grade_word(
                "{% if i.grade == \"数据暂缺\" %}{% endif %}",
                GradeWords::National
            ),
            None
        );
    }
}
