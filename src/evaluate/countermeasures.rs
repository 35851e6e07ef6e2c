//! Choosing countermeasures: the first matching rule for every graded
//! indicator and every lagging task, binding indicators first, then by severity.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use crate::error::Result;
use crate::numfmt::{fixed, year_span};
use crate::plan::{Plan, Unit};
use crate::rules::Rules;

use super::{IndicatorResult, Period, SectionResult};

/// One measure addressed to a lead unit.
#[derive(Debug, Clone, Serialize)]
pub struct Countermeasure {
    /// `indicator` or `task`.
    pub about: &'static str,
    /// Id of the indicator or task.
    pub target_id: String,
    pub target_name: String,
    pub binding: bool,
    /// Grade or status word of the case.
    pub finding: String,
    pub lead_unit: String,
    pub rule: String,
    pub text: String,
    #[serde(skip)]
    severity: u8,
}

pub(super) fn select(
    plan: &Plan,
    indicators: &[IndicatorResult],
    sections: &[SectionResult],
    rules: &Rules,
    period: Period,
) -> Result<Vec<Countermeasure>> {
    // Units by name, the first of a name as a search in order finds it.
    let mut units: HashMap<&str, &Unit> = HashMap::with_capacity(plan.units.len());
    for u in &plan.units {
        units.entry(u.name.as_str()).or_insert(u);
    }
    let mut for_indicators = Vec::new();
    for ind in indicators {
        let grade = ind.grade();
        let Some(rule) = rules.indicator_rules.iter().find(|r| {
            r.grades.contains(&grade)
                && (r.indicators.is_empty() || r.indicators.contains(&ind.id))
                && (r.domains.is_empty() || r.domains.contains(&ind.domain))
                && (r.kinds.is_empty() || r.kinds.iter().any(|k| k == ind.kind))
        }) else {
            continue;
        };
        let lead = units.get(ind.lead_unit.as_str()).copied();
        let text = rules.render(&rule.id, &indicator_context(lead, ind, period))?;
        for_indicators.push(Countermeasure {
            about: "indicator",
            target_id: ind.id.clone(),
            target_name: ind.name.clone(),
            binding: ind.binding,
            finding: grade.label().to_string(),
            lead_unit: ind.lead_unit.clone(),
            rule: rule.id.clone(),
            text,
            severity: grade.severity(),
        });
    }
    // Stable sort keeps the plan's order within a class.
    for_indicators.sort_by_key(|c| (!c.binding, std::cmp::Reverse(c.severity)));

    let mut for_tasks = Vec::new();
    for task in sections.iter().flat_map(|s| &s.tasks) {
        let Some(rule) = rules
            .task_rules
            .iter()
            .find(|r| r.statuses.contains(&task.status))
        else {
            continue;
        };
        let mut ctx = Context::new();
        ctx.insert("task", &task.title);
        ctx.insert("section", &task.section);
        ctx.insert("lead", &task.lead_unit);
        ctx.insert("status", task.status.label());
        ctx.insert("summary", &task.summary);
        ctx.insert("year", &period.year);
        ctx.insert("target_year", &period.target);
        let text = rules.render(&rule.id, &ctx)?;
        for_tasks.push(Countermeasure {
            about: "task",
            target_id: task.id.clone(),
            target_name: task.title.clone(),
            binding: false,
            finding: task.status.label().to_string(),
            lead_unit: task.lead_unit.clone(),
            rule: rule.id.clone(),
            text,
            severity: task.status as u8,
        });
    }
    for_tasks.sort_by_key(|c| std::cmp::Reverse(c.severity));
    for_indicators.extend(for_tasks);
    Ok(for_indicators)
}

/// The numbers of an indicator's case, preformatted, for a rule's text.
fn indicator_context(lead: Option<&Unit>, ind: &IndicatorResult, period: Period) -> Context {
    let a = &ind.assessment;
    let num = |v: Option<f64>, digits: usize| v.map(|v| fixed(v, digits)).unwrap_or_default();
    let mut ctx = Context::new();
    ctx.insert("name", &ind.name);
    ctx.insert("id", &ind.id);
    ctx.insert("lead", &ind.lead_unit);
    ctx.insert(
        "lead_full",
        &lead.map(|u| u.full_name.as_str()).unwrap_or(""),
    );
    ctx.insert("category", ind.category);
    ctx.insert("grade", a.grade.label());
    ctx.insert("outlook", a.outlook.label());
    ctx.insert("unit", &ind.unit);
    // Targets print as the plan words them: 10.7, 60, 3.5.
    ctx.insert(
        "target",
        &ind.target.map(|t| t.to_string()).unwrap_or_default(),
    );
    ctx.insert("base", &num(ind.base, ind.digits));
    ctx.insert("value", &num(a.value, ind.digits));
    ctx.insert("expected", &num(a.expected, ind.digits));
    ctx.insert("realised", &num(a.realised_rate, 1));
    ctx.insert("needed", &num(a.needed_rate, 1));
    ctx.insert("year", &period.year);
    ctx.insert("reading_year", &a.reading_year.unwrap_or(period.year));
    ctx.insert("target_year", &period.target);
    let remaining = period.target - a.reading_year.unwrap_or(period.year);
    ctx.insert("remaining_years", &remaining);
    ctx.insert("missed_years", &a.missed_years);
    ctx.insert("reason", &a.reason);
    ctx.insert(
        "span",
        &year_span(period.base + 1, a.reading_year.unwrap_or(period.year)),
    );
    ctx
}
