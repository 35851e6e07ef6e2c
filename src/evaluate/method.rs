//! How the evaluation was done, as typed facts: who evaluated, the units'
//! returns (报送情况), the data's sources and cut-off, and any third-party or
//! public input — the plan's settings where it gives them, else what the
//! program knows (the forms' due date, the data's latest year).

use serde::Serialize;

use super::owed::UnitReturn;
use crate::input::readings::Readings;
use crate::model::vocabulary::EvaluationKind;
use crate::plan::{Day, Plan};

/// Where the data cut-off comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CutoffFrom {
    /// The plan's `evaluation.data_cutoff`.
    Plan,
    /// A mid-term review's usual cut-off: 30 June of the plan's third year.
    Midterm,
    /// The day the units' returns were due (`meta.forms_due` of the next year).
    FormsDue,
}

/// The evaluation's method and cut-off.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// The evaluating unit as the report writes it, and its full name.
    pub evaluator: String,
    pub evaluator_full: String,
    pub data_cutoff: Day,
    pub cutoff_from: CutoffFrom,
    /// The day the units' returns of the year's forms were due.
    pub forms_due: Day,
    /// The latest year any reading of the plan's indicators is for, up to the year.
    pub latest_data_year: Option<i32>,
    /// The plan's list of sources (empty when it gives none).
    pub sources: Vec<String>,
    /// The readings' own 数据来源 cells of the year, each once, in the plan's order.
    pub data_sources: Vec<String>,
    pub third_party: String,
    pub public_input: String,
    /// Lead units that owed a return for the year, as the report writes them (what each
    /// owed: [`super::owed::returns`], the list the report's 未报送 list reads).
    pub units_due: Vec<String>,
    /// Of those, the ones whose every figure, task and project is in the data.
    pub units_complete: Vec<String>,
    /// The ones with something in the data but not everything.
    pub units_partial: Vec<String>,
    /// The ones with nothing in the data for the year.
    pub units_missing: Vec<String>,
}

/// The method of the evaluation of `year`.
pub fn of(
    plan: &Plan,
    readings: &Readings,
    returns: &[UnitReturn],
    year: i32,
    kind: EvaluationKind,
) -> Method {
    let s = &plan.evaluation;
    let (m, d) = plan.meta.forms_due;
    let forms_due = Day {
        year: year + 1,
        month: m,
        day: d,
    };
    let third = plan.meta.base_year + 3;
    let (data_cutoff, cutoff_from) = match (s.data_cutoff, kind) {
        (Some(day), _) => (day, CutoffFrom::Plan),
        (None, EvaluationKind::Midterm) if year < third => (
            Day {
                year: third,
                month: 6,
                day: 30,
            },
            CutoffFrom::Midterm,
        ),
        (None, _) => (forms_due, CutoffFrom::FormsDue),
    };
    let latest_data_year = plan
        .indicators
        .iter()
        .filter_map(|i| readings.series(&i.id, year).last().map(|r| r.year))
        .max();
    let mut data_sources: Vec<String> = Vec::new();
    for ind in &plan.indicators {
        for r in readings.series(&ind.id, year) {
            let source = r.source.trim();
            if r.year == year && !source.is_empty() && !data_sources.iter().any(|s| s == source) {
                data_sources.push(source.to_string());
            }
        }
    }
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, year)];
    let mut method = Method {
        evaluator: evaluator.short_name.clone(),
        evaluator_full: evaluator.full_name.clone(),
        data_cutoff,
        cutoff_from,
        forms_due,
        latest_data_year,
        sources: s.sources.clone(),
        data_sources,
        third_party: s.third_party.clone(),
        public_input: s.public_input.clone(),
        units_due: Vec::new(),
        units_complete: Vec::new(),
        units_partial: Vec::new(),
        units_missing: Vec::new(),
    };
    sort_returns(returns, &mut method);
    method
}

/// Sorts the lead units of the year by what of their returns is missing, from the one list
/// of what is owed ([`super::owed::returns`]) the report's list of the unreported reads too.
fn sort_returns(returns: &[UnitReturn], method: &mut Method) {
    for u in returns {
        let name = u.unit.to_string();
        method.units_due.push(name.clone());
        if u.missing() == 0 {
            method.units_complete.push(name);
        } else if u.missing() < u.due {
            method.units_partial.push(name);
        } else {
            method.units_missing.push(name);
        }
    }
}
