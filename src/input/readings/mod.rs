//! Indicator readings (`readings.csv` or `readings.xlsx`): one figure per year
//! and indicator, joined to the plan by id or name and checked (number, unit
//! range, quota, duplicates) before anything is evaluated.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Problems;
use crate::input::row_index::RowIndex;
use crate::input::rows::year_in_plan;
use crate::input::table;
use crate::plan::{Plan, Verdict, YearTarget};

mod cells;
mod notes;
mod row;
pub(crate) mod standing;
pub(crate) use cells::resolve;
use cells::running_totals;
use row::RowChecker;
pub use standing::{Rank, Standing};

/// Suffix of the id of a growth indicator's display-only level series.
pub const LEVEL_SUFFIX: &str = ".level";
/// Suffixes that mark a level series when the indicator is given by name.
const LEVEL_NAME_SUFFIXES: [&str; 3] = ["（总量）", "(总量)", "总量"];

mod schema;
pub use schema::SCHEMA;
pub(crate) use schema::*;

/// One published figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub year: i32,
    /// The plan's indicator id (for a level series, the indicator it belongs to).
    pub indicator: String,
    pub value: f64,
    /// The threshold of the year's own target: a superior's quota, or the
    /// government's yearly target (its lower end, or the figure less τ).
    pub quota: Option<f64>,
    /// The year's target as written, when it is a range or 左右.
    pub target: Option<YearTarget>,
    /// 预计: an estimate written before the statistics are published.
    pub estimated: bool,
    /// Unit-assessed targets: the lead unit's verdict (`value` is its code).
    pub verdict: Option<Verdict>,
    pub source: String,
    pub note: String,
    /// The averages beside it and its rank, when the file gives them.
    pub standing: Standing,
    /// 1-based line in the file.
    pub line: usize,
}

/// All readings of a data folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Readings {
    pub values: Vec<Reading>,
    /// Display-only level series (e.g. GDP in 亿元), keyed by their indicator's id.
    pub levels: Vec<Reading>,
    /// Where each indicator's readings and levels are, made on the first query.
    #[serde(skip)]
    values_index: RowIndex,
    #[serde(skip)]
    levels_index: RowIndex,
}

impl Readings {
    /// Readings of `indicator` up to and including `year`, oldest first.
    pub fn series(&self, indicator: &str, year: i32) -> Vec<&Reading> {
        let index = self.values_index.positions(&self.values, by_indicator);
        series_of(&self.values, index, indicator, year)
    }

    pub fn level_series(&self, indicator: &str, year: i32) -> Vec<&Reading> {
        let index = self.levels_index.positions(&self.levels, by_indicator);
        series_of(&self.levels, index, indicator, year)
    }
}

fn by_indicator(reading: &Reading) -> &str {
    &reading.indicator
}

/// The readings of `indicator` in `list` up to `year`, oldest first (file
/// order within a year); `index` holds the positions of each indicator's rows.
fn series_of<'a>(
    list: &'a [Reading],
    index: Option<&HashMap<String, Vec<usize>>>,
    indicator: &str,
    year: i32,
) -> Vec<&'a Reading> {
    let mut out: Vec<&Reading> = match index {
        Some(index) => index
            .get(indicator)
            .map(|at| at.iter().map(|&i| &list[i]).filter(|r| r.year <= year))
            .into_iter()
            .flatten()
            .collect(),
        None => list
            .iter()
            .filter(|r| r.indicator == indicator && r.year <= year)
            .collect(),
    };
    out.sort_by_key(|r| r.year);
    out
}

/// Reads a readings file, putting every problem (errors and warnings) in
/// `problems`; the readings are those rows that passed, `None` when the file
/// as a whole cannot be read.
pub fn check(file: &table::TableFile, plan: &Plan, problems: &mut Problems) -> Option<Readings> {
    let path = file.path.as_path();
    let mut readings = Readings::default();
    // Each indicator and its level series once a year, a sheet's title rows, and room to spare.
    let needed = plan.indicators.len() * 2 * plan.years().count();
    let records = table::read_at_most(file, &SCHEMA, needed * 2 + 1000, problems)?;
    let mut checker = RowChecker::new(plan);
    // Years that are dates are told once, at the first such row.
    let mut dates_told = false;
    for row in &records {
        let line = Some(row.line);
        // A "did you mean" is searched for only while the errors are still listed one by one.
        let suggest = problems.lists_more(path, row.header(INDICATOR));
        let mut report = |field: usize, message: String| {
            problems.report(path, line, row.header(field), message);
        };
        let Some(year) = year_in_plan(row.get(YEAR), plan, &mut dates_told, |m| report(YEAR, m))
        else {
            continue;
        };
        let passed = match checker.check(row, year, suggest) {
            Ok(Some(passed)) => passed,
            Ok(None) => continue,
            Err((field, message)) => {
                report(field, message);
                continue;
            }
        };
        for (field, message) in passed.warnings {
            problems.warn(path, line, row.header(field), message);
        }
        if passed.is_level {
            readings.levels.push(passed.reading);
        } else {
            readings.values.push(passed.reading);
        }
    }
    running_totals(path, plan, &readings, problems);
    Some(readings)
}

#[cfg(test)]
mod tests;
