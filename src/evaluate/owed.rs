//! What each lead unit owed for the year and what of it is missing: the one list that the
//! report's list of the unreported (五), the rules' grouped 未报送 measure and the method
//! paragraph's 报齐 / 报送不全 / 未报送 all read, so that they never disagree. A figure
//! published the following year and a benchmark (全省平均…) are owed by no unit here: the
//! first may come out two years late, the second is not the unit's figure (the forms still
//! ask for both, `forms::status`). It selects; it words nothing.

use serde::Serialize;

use super::projects::ProjectResult;
use super::{IndicatorResult, TaskResult};
use crate::model::vocabulary::Status;
use crate::plan::Plan;

/// One lead unit's return of the year: how many items it owed, and those missing.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReturn<'a> {
    /// The unit's short name, as the report writes it.
    pub unit: &'a str,
    /// The figures, task reports and project reports it owed for the year.
    pub due: usize,
    /// Indicators with a year owed ([`IndicatorResult::owed_years`]).
    pub indicators: Vec<&'a IndicatorResult>,
    /// Tasks without the year's report.
    pub tasks: Vec<&'a TaskResult>,
    /// Major projects owing the year's report without it.
    pub projects: Vec<&'a ProjectResult>,
}

impl UnitReturn<'_> {
    /// How many of its items are missing.
    pub fn missing(&self) -> usize {
        self.indicators.len() + self.tasks.len() + self.projects.len()
    }
}

/// Whether the figure of `i` for `year` is asked of its unit: not one published the next
/// year, not the off year of a figure measured every two years — unless an earlier year
/// is still owed.
fn figure_due(i: &IndicatorResult, base_year: i32, year: i32) -> bool {
    !i.published_late && (!i.off_year(year) || !i.owed_years(base_year, year).is_empty())
}

/// Every lead unit that owed something for `year`, in the plan's order of units, with what
/// it owed and what is missing.
pub fn returns<'a>(
    plan: &Plan,
    indicators: &'a [IndicatorResult],
    tasks: &[&'a TaskResult],
    projects: &'a [ProjectResult],
    year: i32,
) -> Vec<UnitReturn<'a>> {
    let base = plan.meta.base_year;
    let mut all: Vec<UnitReturn<'a>> = Vec::new();
    let mut at = |unit: &'a str| -> usize {
        if let Some(i) = all.iter().position(|u| u.unit == unit) {
            return i;
        }
        all.push(UnitReturn {
            unit,
            due: 0,
            indicators: Vec::new(),
            tasks: Vec::new(),
            projects: Vec::new(),
        });
        all.len() - 1
    };
    let mut items: Vec<(usize, Item<'a>)> = Vec::new();
    for i in indicators.iter().filter(|i| figure_due(i, base, year)) {
        let missing = !i.owed_years(base, year).is_empty();
        items.push((at(&i.lead_unit), Item::Indicator(i, missing)));
    }
    for t in tasks {
        items.push((at(&t.lead_unit), Item::Task(t)));
    }
    for p in projects.iter().filter(|p| p.due) {
        items.push((at(&p.lead_unit), Item::Project(p)));
    }
    for (unit, item) in items {
        let u = &mut all[unit];
        u.due += 1;
        match item {
            Item::Indicator(i, true) => u.indicators.push(i),
            Item::Task(t) if t.status == Status::NotReported => u.tasks.push(t),
            Item::Project(p) if p.owed() => u.projects.push(p),
            _ => {}
        }
    }
    all.sort_by_key(|u| {
        plan.units
            .iter()
            .position(|p| p.short_name == u.unit)
            .unwrap_or(usize::MAX)
    });
    all
}

/// An item a unit owed.
enum Item<'a> {
    /// The indicator, and whether a year of it is missing.
    Indicator(&'a IndicatorResult, bool),
    Task(&'a TaskResult),
    Project(&'a ProjectResult),
}
