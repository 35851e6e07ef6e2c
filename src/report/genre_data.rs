//! The report's context for the parts of a real evaluation report that come
//! from the genre's data: major projects, the evaluation's method and
//! cut-off, the units' own experiences and problems, and each indicator's
//! standing beside the province's and city's averages. Each part is
//! absent from the context when its data are absent, so a template never
//! pads it; every figure is formatted here, so the templates
//! (`templates/parts.md`) only choose words.
//!
//! It reads the evaluation and the plan; it grades nothing and writes no file.

use serde::Serialize;

use crate::evaluate::Evaluation;
use crate::evaluate::method::CutoffFrom;
use crate::evaluate::projects::ProjectResult;
use crate::evaluate::standing::{Better, StandingFacts};
use crate::evaluate::voices::Voice;
use crate::model::numfmt::plain;
use crate::plan::Plan;
use crate::templating::chinese_numeral;

/// Adds `projects`, `method`, `experiences`, `problems`, `benchmarks` and
/// `area_counts` to `ctx`; each but `method` is null when the evaluation has no data for it.
pub(crate) fn insert(ctx: &mut tera::Context, evaluation: &Evaluation, plan: &Plan) {
    // Every key is set, null when its data are absent: the templates' variables are
    // checked against the context before rendering.
    ctx.insert("projects", &projects(evaluation));
    ctx.insert("method", &method(evaluation, plan));
    // The evaluating bureau's own words are its own (我局), except in a report the
    // government sends to the congress, where nobody speaks as 我局.
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, evaluation.year)].short_name;
    let to_congress = evaluation.kind == crate::model::vocabulary::EvaluationKind::Midterm
        && plan.meta.midterm_to_congress;
    let own = (!to_congress).then(|| (evaluator.as_str(), plan.self_name_in(evaluation.year)));
    let own = own.as_ref().map(|(unit, name)| (*unit, name.as_str()));
    ctx.insert("experiences", &voices(&evaluation.voices.experiences, own));
    ctx.insert("problems", &voices(&evaluation.voices.problems, own));
    let benchmarks = benchmarks(evaluation);
    ctx.insert(
        "benchmarks",
        &(!benchmarks.is_empty()).then_some(benchmarks),
    );
    ctx.insert("area_counts", &areas(evaluation));
}

/// 亿元 with at most two decimals, as reports write amounts.
fn amount(value: f64) -> String {
    plain((value * 100.0).round() / 100.0)
}

fn percent(part: f64, whole: f64) -> Option<String> {
    (whole > 0.0).then(|| plain((part / whole * 1000.0).round() / 10.0))
}

#[derive(Debug, Serialize)]
struct ProjectsView {
    year: i32,
    total: usize,
    on_track: usize,
    completed: usize,
    on_schedule: usize,
    delayed: usize,
    not_started: usize,
    adjusted: usize,
    not_reported: usize,
    investment_total: String,
    invested_to_date: String,
    /// The investment to date as a share of the total, %.
    share: Option<String>,
    /// Some reported year lacks an investment figure: the sum is of the reported years only.
    investment_incomplete: bool,
    with_yearly_plan: usize,
    planned_to_date: Option<String>,
    invested_where_planned: Option<String>,
    /// Completed against the yearly plans to date, %.
    plan_share: Option<String>,
    /// The latest year to which every project with yearly plans reported its investment,
    /// and planned and completed to then: like compared with like.
    compared_through: Option<i32>,
    planned_compared: Option<String>,
    invested_compared: Option<String>,
    compared_share: Option<String>,
    /// "……未报送2025年完成投资"; empty when every project reported.
    investment_unreported: String,
    /// Projects finished early or late, and investment beyond a total, in words.
    timing: String,
    rows: Vec<ProjectRow>,
    /// Projects 进度滞后 or not started past their start year, with unit and cause.
    delayed_rows: Vec<ProjectRow>,
    not_reported_names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct ProjectRow {
    id: String,
    name: String,
    unit: String,
    area: String,
    status: &'static str,
    investment: String,
    invested_year: Option<String>,
    invested_to_date: String,
    planned_to_date: Option<String>,
    note: String,
    missing_years: String,
    overdue: bool,
}

fn project_row(r: &ProjectResult) -> ProjectRow {
    ProjectRow {
        id: r.id.clone(),
        name: r.name.clone(),
        unit: r.lead_unit.clone(),
        area: r.area.clone(),
        status: r.status_label,
        investment: amount(r.investment),
        invested_year: r.invested_year.map(amount),
        invested_to_date: amount(r.invested_to_date),
        planned_to_date: r.planned_to_date.map(amount),
        note: r.note.clone(),
        missing_years: r
            .investment_missing
            .iter()
            .map(|y| format!("{y}年"))
            .collect::<Vec<_>>()
            .join("、"),
        overdue: r.overdue,
    }
}

fn projects(ev: &Evaluation) -> Option<ProjectsView> {
    if ev.projects.is_empty() {
        return None;
    }
    let s = &ev.project_summary;
    let rows: Vec<ProjectRow> = ev.projects.iter().map(project_row).collect();
    Some(ProjectsView {
        year: ev.year,
        total: s.total,
        on_track: s.on_track,
        completed: s.completed,
        on_schedule: s.on_schedule,
        delayed: s.delayed,
        not_started: s.not_started,
        adjusted: s.adjusted,
        not_reported: s.not_reported,
        investment_total: amount(s.investment_total),
        invested_to_date: amount(s.invested_to_date),
        // A share of a sum that lacks some years' figures is not given.
        share: if s.investment_incomplete {
            None
        } else {
            percent(s.invested_to_date, s.investment_total)
        },
        investment_incomplete: s.investment_incomplete,
        with_yearly_plan: s.with_yearly_plan,
        planned_to_date: s.planned_to_date.map(amount),
        invested_where_planned: s.invested_where_planned.map(amount),
        plan_share: s
            .invested_where_planned
            .zip(s.planned_to_date)
            .and_then(|(done, planned)| percent(done, planned)),
        compared_through: s.compared_through,
        planned_compared: s.planned_compared.map(amount),
        invested_compared: s.invested_compared.map(amount),
        compared_share: s
            .invested_compared
            .zip(s.planned_compared)
            .and_then(|(done, planned)| percent(done, planned)),
        investment_unreported: s.investment_unreported_words.clone(),
        timing: s.timing_words.clone(),
        delayed_rows: ev
            .projects
            .iter()
            .zip(&rows)
            .filter(|(p, _)| p.delayed)
            .map(|(_, r)| r.clone())
            .collect(),
        not_reported_names: ev
            .projects
            .iter()
            .filter(|p| p.owed())
            .map(|p| p.name.clone())
            .collect(),
        rows,
    })
}

#[derive(Debug, Serialize)]
struct MethodView {
    /// How the evaluating unit names itself (我委).
    self_name: String,
    evaluator: String,
    evaluator_full: String,
    cutoff: String,
    /// plan, midterm or forms_due.
    cutoff_from: CutoffFrom,
    /// Whether the report states the cut-off: a day it sets (not the forms'
    /// due date) that falls after the latest year the figures are for and no
    /// later than the year after the evaluated one. A plan's single
    /// `data_cutoff` (a mid-term's 30 June) is not printed in the reports of
    /// other years, nor beside full-year figures it would contradict.
    cutoff_stated: bool,
    forms_due: String,
    latest_data_year: Option<i32>,
    sources: String,
    data_sources: String,
    third_party: String,
    public_input: String,
    units_due: usize,
    units_complete: usize,
    units_partial: Vec<String>,
    units_missing: Vec<String>,
}

fn method(ev: &Evaluation, plan: &Plan) -> MethodView {
    let m = &ev.method;
    MethodView {
        self_name: plan.self_name_in(ev.year),
        evaluator: m.evaluator.clone(),
        evaluator_full: m.evaluator_full.clone(),
        cutoff: m.data_cutoff.chinese(),
        cutoff_from: m.cutoff_from,
        cutoff_stated: m.cutoff_from != CutoffFrom::FormsDue
            && m.data_cutoff.year <= ev.year + 1
            && m.latest_data_year.is_none_or(|y| m.data_cutoff.year > y),
        forms_due: m.forms_due.chinese(),
        latest_data_year: m.latest_data_year,
        sources: m.sources.join("、"),
        data_sources: m.data_sources.join("、"),
        // The plan's own words, each a sentence of the paragraph.
        third_party: sentence(&m.third_party),
        public_input: sentence(&m.public_input),
        units_due: m.units_due.len(),
        units_complete: m.units_complete.len(),
        units_partial: m.units_partial.clone(),
        units_missing: m.units_missing.clone(),
    }
}

/// Units' texts grouped by unit and by the plan's section, in the plan's order.
#[derive(Debug, Serialize)]
struct VoicesView {
    by_unit: Vec<VoiceGroup>,
    by_section: Vec<VoiceGroup>,
}

#[derive(Debug, Serialize)]
struct VoiceGroup {
    /// 一是, 二是…
    ordinal: String,
    title: String,
    items: Vec<VoiceItem>,
}

#[derive(Debug, Serialize)]
struct VoiceItem {
    year: i32,
    unit: String,
    task: String,
    task_title: String,
    section_title: String,
    /// The unit's words, ending in a full stop.
    text: String,
    /// The first item of its group from its unit (the template names the unit once).
    new_unit: bool,
    /// The evaluating bureau's own words (`unit` is then how it names itself, 我局).
    own: bool,
}

/// A plan's words as a sentence ending in a full stop; nothing when empty.
fn sentence(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        full_stop(text)
    }
}

/// A unit's text ending in a full stop (its own, or one put in place of a trailing ；).
fn full_stop(text: &str) -> String {
    let text = text.trim().trim_end_matches(['；', ';', '，', ',']);
    if text.ends_with(['。', '！', '？']) {
        text.to_string()
    } else {
        format!("{text}。")
    }
}

/// The units' words, grouped; `own` is (the evaluator's short name, how it names itself)
/// when its words are printed as its own (我局).
fn voices(list: &[Voice], own: Option<(&str, &str)>) -> Option<VoicesView> {
    if list.is_empty() {
        return None;
    }
    let item = |v: &Voice| VoiceItem {
        year: v.year,
        unit: match own {
            Some((unit, name)) if v.unit == unit => name.to_string(),
            _ => v.unit.clone(),
        },
        own: own.is_some_and(|(unit, _)| v.unit == unit),
        task: v.task.clone(),
        task_title: v.task_title.clone(),
        section_title: v.section_title.clone(),
        text: full_stop(&v.text),
        new_unit: true,
    };
    let group = |key: &dyn Fn(&Voice) -> String| {
        let mut groups: Vec<VoiceGroup> = Vec::new();
        for v in list {
            let title = key(v);
            match groups.iter_mut().find(|g| g.title == title) {
                Some(g) => {
                    let mut next = item(v);
                    next.new_unit = g.items.last().is_none_or(|last| last.unit != next.unit);
                    g.items.push(next);
                }
                None => groups.push(VoiceGroup {
                    ordinal: format!("{}是", chinese_numeral(groups.len() as u64 + 1)),
                    title,
                    items: vec![item(v)],
                }),
            }
        }
        groups
    };
    Some(VoicesView {
        by_unit: group(&|v| v.unit.clone()),
        by_section: group(&|v| v.section_title.clone()),
    })
}

#[derive(Debug, Serialize)]
struct BenchmarkView {
    id: String,
    name: String,
    year: i32,
    /// The reading as a sentence says it: 增长7.2%, 下降1.2%, 为5.1%.
    value: String,
    comparisons: Vec<ComparisonView>,
    rank: Option<RankView>,
}

#[derive(Debug, Serialize)]
struct ComparisonView {
    /// 全省 or 全市.
    scope: &'static str,
    average: String,
    /// 高于, 低于 or 持平于.
    side: &'static str,
    /// The size of the difference, without sign.
    difference: String,
    unit: String,
    /// ours, average, same or neither.
    better: Better,
}

#[derive(Debug, Serialize)]
struct RankView {
    group: String,
    position: u32,
}

fn with_unit(value: &str, unit: &str) -> String {
    format!("{value}{unit}")
}

fn benchmarks(ev: &Evaluation) -> Vec<BenchmarkView> {
    ev.indicators
        .iter()
        .filter_map(|i| {
            let s: &StandingFacts = i.standing.as_ref()?;
            let digits = i.digits;
            let fixed = |v: f64| crate::model::numfmt::fixed(v, digits);
            let value = s
                .comparisons
                .first()
                .map(|c| c.value)
                .or_else(|| i.series.iter().find(|p| p.year == s.year).map(|p| p.value))
                .map(|v| match (i.kind, &i.verb) {
                    ("growth", _) if v < 0.0 => format!("下降{}", with_unit(&fixed(-v), &i.unit)),
                    ("growth", _) => format!("增长{}", with_unit(&fixed(v), &i.unit)),
                    (_, Some(verb)) => format!("{verb}{}", with_unit(&fixed(v), &i.unit)),
                    // A name that is itself a rate (地区生产总值增长) takes no 为.
                    _ if i.short_name.ends_with("增长") => with_unit(&fixed(v), &i.unit),
                    _ => format!("为{}", with_unit(&fixed(v), &i.unit)),
                })
                .unwrap_or_default();
            // A verb is written once: "社会消费品零售总额增长7.4%", never "…增长增长7.4%";
            // a growth that fell drops its name's 增长 too ("…下降1.5%").
            let name = match i.short_name.strip_suffix("增长") {
                Some(stem)
                    if i.kind == "growth" && !stem.is_empty() && value.starts_with("下降") =>
                {
                    stem
                }
                _ => super::achievements::name_before(&i.short_name, &value),
            }
            .to_string();
            Some(BenchmarkView {
                id: i.id.clone(),
                name,
                year: s.year,
                value,
                comparisons: s
                    .comparisons
                    .iter()
                    .map(|c| ComparisonView {
                        scope: c.scope,
                        average: with_unit(&fixed(c.average), &i.unit),
                        side: match c.difference {
                            d if d > 0.0 => "高于",
                            d if d < 0.0 => "低于",
                            _ => "持平于",
                        },
                        difference: fixed(c.difference.abs()),
                        unit: c.unit.clone(),
                        better: c.better,
                    })
                    .collect(),
                rank: s.rank.as_ref().map(|r| RankView {
                    group: r.group.clone(),
                    position: r.position,
                }),
            })
        })
        .collect()
}

/// Indicator counts by the plan's areas (its indicators' `domain`).
#[derive(Debug, Serialize)]
struct AreaView {
    area: String,
    total: usize,
    binding: usize,
    expected: usize,
    on_track: usize,
    lagging: usize,
    no_data: usize,
    names: Vec<String>,
}

/// The counts by area, `None` unless every indicator names its area.
fn areas(ev: &Evaluation) -> Option<Vec<AreaView>> {
    if ev.indicators.is_empty() || ev.indicators.iter().any(|i| i.domain.trim().is_empty()) {
        return None;
    }
    let mut out: Vec<AreaView> = Vec::new();
    for i in &ev.indicators {
        let at = match out.iter().position(|a| a.area == i.domain) {
            Some(at) => at,
            None => {
                out.push(AreaView {
                    area: i.domain.clone(),
                    total: 0,
                    binding: 0,
                    expected: 0,
                    on_track: 0,
                    lagging: 0,
                    no_data: 0,
                    names: Vec::new(),
                });
                out.len() - 1
            }
        };
        let a = &mut out[at];
        let grade = i.grade();
        a.total += 1;
        a.binding += usize::from(i.binding);
        a.expected += usize::from(!i.binding);
        a.on_track += usize::from(grade.is_on_track());
        a.lagging += usize::from(grade.is_lagging());
        a.no_data += usize::from(grade == crate::model::vocabulary::Grade::NoData);
        a.names.push(i.short_name.clone());
    }
    Some(out)
}

#[cfg(test)]
mod tests;
