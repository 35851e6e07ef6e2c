//! What every yearly data table's row starts with, read once for readings, task reports and
//! project reports: the year, within the plan's period, and the key naming a row of the plan.
//! It reports through the caller's closure and must not know any table's other columns.

use crate::input::table;
use crate::model::names::{self, Found, Names};
use crate::plan::Plan;

/// The year of a row's `cell`, or `None` once its problem is told to `report`: a year that
/// cannot be read, or one outside the plan's period. Years written as dates are told once,
/// at the first such row (`dates_told`).
pub(crate) fn year_in_plan(
    cell: &str,
    plan: &Plan,
    dates_told: &mut bool,
    mut report: impl FnMut(String),
) -> Option<i32> {
    let year = match table::row_year(cell, dates_told) {
        Ok(year) => year,
        Err(message) => {
            if let Some(message) = message {
                report(message);
            }
            return None;
        }
    };
    if !plan.years().contains(&year) {
        report(format!(
            "年份 {year} 不在规划期 {}—{} 年内",
            plan.meta.base_year, plan.meta.target_year
        ));
        return None;
    }
    Some(year)
}

/// The id that `cell` (an id or a name) gives among `names`, or the hint for an unknown one
/// ("，是否应为…", empty when none is found or `suggest` is off: a "did you mean" is searched
/// for only while the errors are still listed one by one).
pub(crate) fn known_id(names: &Names, cell: &str, suggest: bool) -> Result<String, String> {
    let found = match names.position(cell) {
        Some(i) => Found::Id(names.id(i).to_string()),
        None if suggest => names.find(cell),
        None => Found::Unknown(None),
    };
    match found {
        Found::Id(id) => Ok(id),
        unknown => Err(names::did_you_mean(&unknown)),
    }
}
