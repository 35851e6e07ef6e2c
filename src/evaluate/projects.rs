//! Major projects as objects of evaluation: each project's status in the
//! year as its lead unit reported it, its investment to date against the
//! plan, and the count of projects on schedule.
//!
//! Never invents: a project without a report for the year is 未报送 (unless its
//! unit reported it 已竣工 in an earlier year), and an investment not reported
//! is not counted as zero but named as missing.

use serde::Serialize;

use crate::input::projects::{ProjectReport, ProjectStatus};
use crate::plan::{Plan, Project};

/// One project in the evaluated year.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectResult {
    pub id: String,
    pub name: String,
    /// The lead unit as the report writes it (after any reform).
    pub lead_unit: String,
    pub area: String,
    /// Total investment, 亿元.
    pub investment: f64,
    pub start: i32,
    pub completion: i32,
    /// As reported for the year, or carried from an earlier 已竣工 or 已调整, or 未开工 before
    /// its start year; `None` when the year's report is owed and missing ([`Self::owed`]).
    pub status: Option<ProjectStatus>,
    /// The status's words, 未报送 when there is none.
    pub status_label: &'static str,
    /// The year its unit reported it 已竣工, when that was an earlier year.
    pub completed_in: Option<i32>,
    /// Investment completed in the year, 亿元, when reported.
    pub invested_year: Option<f64>,
    /// Investment completed from the plan's first year to the year, 亿元: the reported years' sum.
    pub invested_to_date: f64,
    /// Years from the later of its start and the plan's first year up to the
    /// year without a reported investment (the sum above leaves them out).
    pub investment_missing: Vec<i32>,
    /// Investment planned up to the year, when the plan gives yearly figures.
    pub planned_to_date: Option<f64>,
    /// The investment to date as a share of the total, in %; `None` while a
    /// year's investment is missing (never a share of a partial sum).
    pub share_of_total: Option<f64>,
    /// What its unit wrote on the cause or state (the year's report), verbatim.
    pub note: String,
    /// Whether its lead unit owes a report for the year (started, not closed by an earlier
    /// 已竣工 or 已调整: [`crate::input::projects::owes_report`]), sent or not.
    pub due: bool,
    /// The year its unit first reported it 已竣工 (this year or before).
    pub finished_in: Option<i32>,
    /// Reported 进度滞后 or 未开工 past its start year.
    pub delayed: bool,
    /// Its planned completion year has come and it is not reported 已竣工.
    pub overdue: bool,
}

impl ProjectResult {
    /// Whether its lead unit owes the year's report and has not sent it: started, not closed
    /// by an earlier 已竣工 or 已调整 (the rule of [`crate::input::projects::owes_report`]).
    pub fn owed(&self) -> bool {
        self.status.is_none()
    }
}

/// The projects of the year taken together.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectSummary {
    pub total: usize,
    pub completed: usize,
    pub on_schedule: usize,
    pub delayed: usize,
    pub not_started: usize,
    pub adjusted: usize,
    pub not_reported: usize,
    /// 已竣工 or 按计划推进.
    pub on_track: usize,
    /// Total investment of all projects, 亿元.
    pub investment_total: f64,
    /// Investment completed to date over all projects (reported years), 亿元.
    pub invested_to_date: f64,
    /// Investment completed in the year over the projects that reported one, 亿元.
    pub invested_year: f64,
    /// Projects whose plan gives yearly investment, and over them: planned
    /// and completed to the year. Both `None` when one of them lacks a year's
    /// reported investment (the plan of that year would stand against no
    /// figure): the comparison is then made to `compared_through`.
    pub with_yearly_plan: usize,
    pub planned_to_date: Option<f64>,
    pub invested_where_planned: Option<f64>,
    /// The latest year up to which every project with yearly plans reported
    /// its investment: the comparison of like with like ("截至2024年").
    pub compared_through: Option<i32>,
    /// Over those projects, planned and completed up to `compared_through`.
    pub planned_compared: Option<f64>,
    pub invested_compared: Option<f64>,
    /// Completed as a share of planned up to `compared_through`, in %.
    pub compared_share: Option<f64>,
    /// Projects with yearly plans lacking a reported investment in some year
    /// up to the year, in the plan's order.
    pub investment_unreported: Vec<UnreportedInvestment>,
    /// The same in words: "丹江口水库……工程、武当山……通道未报送2025年完成投资";
    /// empty when none lacks one.
    pub investment_unreported_words: String,
    /// Some project (any, reported this year or not) lacks a year's investment:
    /// the investment to date is a sum of the reported years only.
    pub investment_incomplete: bool,
    /// Ids of the projects delayed, in the plan's order.
    pub delayed_ids: Vec<String>,
    /// Projects finished before or after their planned year, and those whose
    /// reported investment exceeds their total, in words ("县中医院迁建工程
    /// 提前2年建成（计划2029年）"); empty when there are none.
    pub timing_words: String,
}

/// A project with yearly plans whose unit reported no investment for some years.
#[derive(Debug, Clone, Serialize)]
pub struct UnreportedInvestment {
    pub id: String,
    pub name: String,
    pub lead_unit: String,
    pub years: Vec<i32>,
}

/// Every project of `plan` in `year`, and their summary.
pub fn evaluate(
    plan: &Plan,
    reports: &[ProjectReport],
    year: i32,
) -> (Vec<ProjectResult>, ProjectSummary) {
    let results: Vec<ProjectResult> = plan
        .projects
        .iter()
        .map(|p| project(plan, p, reports, year))
        .collect();
    let mut summary = summarize(&results);
    compare_like_with_like(plan, reports, year, &results, &mut summary);
    (results, summary)
}

/// Planned against completed investment over the same years only: up to the
/// latest year every project with yearly plans reported its investment, the
/// projects and years missing named.
fn compare_like_with_like(
    plan: &Plan,
    reports: &[ProjectReport],
    year: i32,
    results: &[ProjectResult],
    s: &mut ProjectSummary,
) {
    let planned: Vec<(&Project, &ProjectResult)> = plan
        .projects
        .iter()
        .zip(results)
        .filter(|(p, _)| !p.planned.is_empty())
        .collect();
    s.investment_incomplete = results.iter().any(|r| !r.investment_missing.is_empty());
    s.investment_unreported = planned
        .iter()
        .filter(|(_, r)| !r.investment_missing.is_empty())
        .map(|(p, r)| UnreportedInvestment {
            id: p.id.clone(),
            name: p.name.clone(),
            lead_unit: r.lead_unit.clone(),
            years: r.investment_missing.clone(),
        })
        .collect();
    s.investment_unreported_words = unreported_words(&s.investment_unreported);
    if planned.is_empty() {
        return;
    }
    let first_missing = planned
        .iter()
        .filter_map(|(_, r)| r.investment_missing.first().copied())
        .min();
    let through = first_missing.map_or(year, |y| y - 1);
    if first_missing.is_some() {
        // The sums to the year would set a plan against no figure.
        s.planned_to_date = None;
        s.invested_where_planned = None;
    }
    if through <= plan.meta.base_year {
        return;
    }
    let planned_sum = tidy(
        planned
            .iter()
            .filter_map(|(p, _)| p.planned_by(through))
            .sum(),
    );
    let invested_sum = tidy(
        reports
            .iter()
            .filter(|r| r.year > plan.meta.base_year && r.year <= through)
            .filter(|r| planned.iter().any(|(p, _)| p.id == r.project))
            .filter_map(|r| r.investment)
            .sum(),
    );
    s.compared_through = Some(through);
    s.planned_compared = Some(planned_sum);
    s.invested_compared = Some(invested_sum);
    s.compared_share = (planned_sum > 0.0).then(|| invested_sum / planned_sum * 100.0);
}

/// "甲、乙未报送2025年完成投资；丙未报送2023年、2025年完成投资": projects
/// grouped by the same missing years, in the plan's order.
fn unreported_words(list: &[UnreportedInvestment]) -> String {
    let mut groups: Vec<(&[i32], Vec<&str>)> = Vec::new();
    for u in list {
        match groups
            .iter_mut()
            .find(|(years, _)| *years == u.years.as_slice())
        {
            Some((_, names)) => names.push(&u.name),
            None => groups.push((&u.years, vec![&u.name])),
        }
    }
    groups
        .iter()
        .map(|(years, names)| {
            let years: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
            format!("{}未报送{}完成投资", names.join("、"), years.join("、"))
        })
        .collect::<Vec<_>>()
        .join("；")
}

// Long: one project's status, investment and timing, a field an expression.
fn project(plan: &Plan, p: &Project, reports: &[ProjectReport], year: i32) -> ProjectResult {
    let own: Vec<&ProjectReport> = reports
        .iter()
        .filter(|r| r.project == p.id && r.year <= year)
        .collect();
    let this_year = own.iter().find(|r| r.year == year);
    let first_with = |status: ProjectStatus| {
        own.iter()
            .filter(|r| r.status == status)
            .map(|r| r.year)
            .min()
    };
    let finished_in = first_with(ProjectStatus::Completed);
    // Without the year's report, an earlier 已竣工 stands, else an earlier 已调整 (cancelled,
    // merged); one whose start year has not come is not yet begun. None of them owes a report.
    let completed_in = finished_in.filter(|_| this_year.is_none());
    let adjusted_in = first_with(ProjectStatus::Adjusted)
        .filter(|_| this_year.is_none() && completed_in.is_none());
    let status = this_year
        .map(|r| r.status)
        .or(completed_in.map(|_| ProjectStatus::Completed))
        .or(adjusted_in.map(|_| ProjectStatus::Adjusted))
        .or((year < p.start).then_some(ProjectStatus::NotStarted));
    let closed_in = completed_in.or(adjusted_in);
    let first = (plan.meta.base_year + 1).max(p.start);
    let investment_missing: Vec<i32> = (first..=year.min(p.completion))
        .filter(|y| !own.iter().any(|r| r.year == *y && r.investment.is_some()))
        // A year after the unit reported it completed (or adjusted) owes no investment.
        .filter(|y| closed_in.is_none_or(|c| *y <= c))
        .collect();
    let invested_to_date = tidy(
        own.iter()
            .filter(|r| r.year > plan.meta.base_year)
            .filter_map(|r| r.investment)
            .sum(),
    );
    let share_of_total = (p.investment > 0.0 && investment_missing.is_empty())
        .then(|| invested_to_date / p.investment * 100.0);
    let delayed = match status {
        Some(ProjectStatus::Delayed) => true,
        Some(ProjectStatus::NotStarted) => year >= p.start,
        _ => false,
    };
    ProjectResult {
        due: crate::input::projects::owes_report(reports, p, year),
        id: p.id.clone(),
        name: p.name.clone(),
        lead_unit: plan.units[plan.unit_in(p.unit, year)].short_name.clone(),
        area: p.area.clone(),
        investment: p.investment,
        start: p.start,
        completion: p.completion,
        status,
        status_label: status.map_or("未报送", ProjectStatus::label),
        completed_in,
        invested_year: this_year.and_then(|r| r.investment),
        invested_to_date,
        investment_missing,
        planned_to_date: p.planned_by(year),
        share_of_total,
        note: this_year
            .map(|r| plan.spell_units(r.note.trim()))
            .unwrap_or_default(),
        finished_in,
        delayed,
        overdue: year >= p.completion
            && !matches!(
                status,
                Some(ProjectStatus::Completed | ProjectStatus::Adjusted)
            ),
    }
}

fn summarize(results: &[ProjectResult]) -> ProjectSummary {
    let count = |s: Option<ProjectStatus>| results.iter().filter(|r| r.status == s).count();
    let planned: Vec<(&ProjectResult, f64)> = results
        .iter()
        .filter_map(|r| Some((r, r.planned_to_date?)))
        .collect();
    ProjectSummary {
        total: results.len(),
        completed: count(Some(ProjectStatus::Completed)),
        on_schedule: count(Some(ProjectStatus::OnSchedule)),
        delayed: count(Some(ProjectStatus::Delayed)),
        not_started: count(Some(ProjectStatus::NotStarted)),
        adjusted: count(Some(ProjectStatus::Adjusted)),
        not_reported: count(None),
        on_track: count(Some(ProjectStatus::Completed)) + count(Some(ProjectStatus::OnSchedule)),
        investment_total: tidy(results.iter().map(|r| r.investment).sum()),
        invested_to_date: tidy(results.iter().map(|r| r.invested_to_date).sum()),
        invested_year: tidy(results.iter().filter_map(|r| r.invested_year).sum()),
        with_yearly_plan: planned.len(),
        planned_to_date: (!planned.is_empty()).then(|| tidy(planned.iter().map(|(_, v)| v).sum())),
        invested_where_planned: (!planned.is_empty())
            .then(|| tidy(planned.iter().map(|(r, _)| r.invested_to_date).sum())),
        delayed_ids: results
            .iter()
            .filter(|r| r.delayed)
            .map(|r| r.id.clone())
            .collect(),
        timing_words: timing_words(results),
        ..ProjectSummary::default()
    }
}

/// "甲提前2年建成（计划2029年）；乙较计划推迟2年建成（计划2028年）；丙累计完成投资17亿元，
/// 超过计划总投资15亿元": what the counts do not say, in the plan's order.
fn timing_words(results: &[ProjectResult]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for r in results {
        match r.finished_in {
            Some(y) if y < r.completion => parts.push(format!(
                "{}提前{}年建成（计划{}年）",
                r.name,
                r.completion - y,
                r.completion
            )),
            Some(y) if y > r.completion => parts.push(format!(
                "{}较计划推迟{}年建成（计划{}年）",
                r.name,
                y - r.completion,
                r.completion
            )),
            _ => {}
        }
        if r.investment > 0.0 && r.invested_to_date > r.investment + 1e-6 {
            parts.push(format!(
                "{}累计完成投资{}亿元，超过计划总投资{}亿元",
                r.name,
                crate::model::numfmt::plain(r.invested_to_date),
                crate::model::numfmt::plain(r.investment)
            ));
        }
    }
    parts.join("；")
}

/// A sum of amounts written with a few decimals, without the float's noise (41.900000000000006 → 41.9).
fn tidy(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}
