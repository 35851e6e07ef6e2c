//! Choosing countermeasures: the first matching rule for every graded
//! indicator and every lagging task, binding indicators first, then by severity.

use std::collections::HashMap;

use serde::Serialize;

use crate::input::rules::{Rules, TaskRule};
use crate::model::vocabulary::Status;
use crate::plan::{Plan, Unit};

use super::case::Case;
pub use cases::next_plan;
use cases::{indicator_case, task_case};
/// What holds a task up and its kind, for any stage that words a task's cause
/// (cause first: “受……影响，‘……’进度滞后”).
pub use facts::{obstacle, obstacle_kind};

mod cases;
mod facts;
mod tasks;
use super::projects::ProjectResult;
use super::{IndicatorResult, Period, SectionResult};

/// One measure addressed to a lead unit.
#[derive(Debug, Clone, Serialize)]
pub struct Countermeasure {
    /// `indicator` or `task`.
    pub about: &'static str,
    /// Id of the indicator or task.
    pub target_id: String,
    pub target_name: String,
    /// The name in running text and measure headings (an indicator's short name).
    pub target_short: String,
    pub binding: bool,
    /// Grade or status word of the case.
    pub finding: String,
    pub lead_unit: String,
    /// The rule chosen, whose text the report writes with `case`.
    pub rule: String,
    /// The numbers and names of the case, preformatted, for the rule's text.
    #[serde(skip)]
    pub case: Case,
    #[serde(skip)]
    severity: u8,
}

/// The measures of an evaluation whose major projects are `projects` (the year's
/// results): the measure for unreported items names the units of projects under
/// way without the year's report too.
pub(super) fn select(
    plan: &Plan,
    indicators: &[IndicatorResult],
    sections: &[SectionResult],
    projects: &[ProjectResult],
    rules: &Rules,
    period: Period,
) -> Vec<Countermeasure> {
    // Units by name, the first of a name as a search in order finds it.
    let mut units: HashMap<&str, &Unit> = HashMap::with_capacity(plan.units.len());
    for u in &plan.units {
        units.entry(u.short_name.as_str()).or_insert(u);
    }
    let speaker = Speaker::of(plan, period.year);
    let mut for_indicators = Vec::new();
    for ind in indicators {
        let grade = ind.grade();
        let rule = match rules.indicator_rules.iter().find(|r| {
            r.grades.contains(&grade)
                && (r.indicators.is_empty() || r.indicators.contains(&ind.id))
                && (r.domains.is_empty() || r.domains.contains(&ind.domain))
                && r.fits(ind.goal.kind(), period.kind)
        }) {
            Some(rule) => rule.id.clone(),
            // A lagging indicator is never left without a word.
            None if grade.is_lagging() => crate::input::rules::GENERIC_RULE.to_string(),
            None => continue,
        };
        // A figure published the following year, or one whose 考核目标 is not yet
        // assigned, is no unit's failure to report.
        if grade == crate::model::vocabulary::Grade::NoData
            && (ind.published_late
                || ind.reference_pending
                || ind.assessment.reading_year.is_some())
        {
            continue;
        }
        let lead = units.get(ind.lead_unit.as_str()).copied();
        for_indicators.push(Countermeasure {
            about: "indicator",
            target_id: ind.id.clone(),
            target_name: ind.name.clone(),
            target_short: ind.short_name.clone(),
            binding: ind.binding,
            finding: if ind.assessment.preliminary {
                format!("{}，初步", ind.grade_label)
            } else {
                ind.grade_label.clone()
            },
            lead_unit: ind.lead_unit.clone(),
            rule,
            case: indicator_case(lead, ind, period, &speaker),
            severity: grade.severity(),
        });
    }
    // Stable sort keeps the plan's order within a class.
    for_indicators.sort_by_key(|c| (!c.binding, std::cmp::Reverse(c.severity)));

    // Indicators without the year's figure: their lead units have not
    // reported, as the 报送情况 table counts them.
    // A figure published the following year is not yet out, not unreported.
    let scope = tasks::Scope {
        plan,
        rules,
        period,
        speaker: &speaker,
        tasks: sections.iter().flat_map(|s| &s.tasks).collect(),
        unreported: indicators
            .iter()
            .filter(|i| !i.owed_years(period.base, period.year).is_empty())
            .collect(),
        // Under way (started), neither reported this year nor reported 已竣工 before.
        projects_owed: projects.iter().filter(|p| p.owed()).collect(),
    };
    let mut for_tasks = scope.measures();
    for_tasks.sort_by_key(|c| std::cmp::Reverse(c.severity));
    for_indicators.extend(for_tasks);
    for_indicators
}

/// The evaluating unit, which names itself 我局 in its own report.
pub(super) struct Speaker {
    /// How the report writes the evaluating unit (市发改局).
    pub name: String,
    /// How it names itself (我局).
    pub self_name: String,
    /// The next plan by name: "“十五五”规划".
    pub next_plan: String,
}

impl Speaker {
    pub(super) fn of(plan: &Plan, year: i32) -> Self {
        let unit = &plan.units[plan.unit_in(plan.meta.evaluator, year)];
        Speaker {
            name: unit.short_name.clone(),
            self_name: plan.self_name_in(year),
            next_plan: next_plan(&plan.meta.name, plan.meta.target_year),
        }
    }

    fn is(&self, unit: &str) -> bool {
        unit == self.name
    }

    /// Units joined with 、, the evaluating unit as 我局.
    fn list(&self, units: &[String]) -> String {
        units
            .iter()
            .map(|u| self.name(u))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// A grouped measure's units: `units` all of them (itself as 我局), `others` those
    /// but itself, `self_late` whether it is among them, so that a rule can word its
    /// own lateness as its own commitment, never as a request to reprimand itself.
    fn insert_units(&self, ctx: &mut Case, units: &[&str]) {
        let spoken: Vec<&str> = units.iter().map(|u| self.name(u)).collect();
        let others: Vec<&str> = units.iter().copied().filter(|u| !self.is(u)).collect();
        ctx.insert("units", &spoken);
        ctx.insert("others", &others);
        ctx.insert("self_late", &units.iter().any(|u| self.is(u)));
    }

    /// A unit as the evaluating unit writes it: itself as 我局.
    fn name<'a>(&'a self, unit: &'a str) -> &'a str {
        if self.is(unit) { &self.self_name } else { unit }
    }
}

/// `names` once each, in their first order.
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut once: Vec<&str> = Vec::new();
    for name in names {
        if !once.contains(&name) {
            once.push(name);
        }
    }
    once
}

/// One measure of a grouped rule for the items `ids` (tasks, or unreported indicators) led by
/// `units`, under `heading`.
fn grouped<'a>(
    rule: &TaskRule,
    ids: impl Iterator<Item = &'a str>,
    heading: String,
    finding: String,
    units: &[&str],
    case: Case,
    status: Status,
) -> Countermeasure {
    Countermeasure {
        about: "task",
        target_id: ids.collect::<Vec<_>>().join(","),
        target_short: heading.clone(),
        target_name: heading,
        binding: false,
        finding,
        lead_unit: units.join("、"),
        rule: rule.id.clone(),
        case,
        severity: status as u8,
    }
}

/// The clause of a task's account that gives a cause (因…, 受…影响, 由于…),
/// empty when it gives none: "“武当云谷”二期因招商不及预期暂缓建设".
pub fn cause_clause(summary: &str) -> String {
    clause_with(summary, &CAUSE_MARKERS).to_string()
}

/// The words that mark a clause giving a cause.
const CAUSE_MARKERS: [&str; 5] = ["由于", "受", "因", "导致", "影响"];

/// The first clause of `summary` (split at ，；。,) that holds one of `markers`, trimmed;
/// empty when none does.
fn clause_with<'s>(summary: &'s str, markers: &[&str]) -> &'s str {
    summary
        .split(['，', '；', '。', ','])
        .map(str::trim)
        .find(|clause| markers.iter().any(|m| clause.contains(m)))
        .unwrap_or("")
}
