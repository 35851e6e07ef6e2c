//! Indicator readings (`readings.csv`): one row per year and indicator, joined
//! to the plan by id and checked before anything is evaluated.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Problems, Result};
use crate::plan::{Plan, Target};
use crate::table::{Table, parse_number};

/// Suffix of the id of a growth indicator's display-only level series.
pub const LEVEL_SUFFIX: &str = ".level";

/// One published figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub year: i32,
    /// The plan's indicator id (for a level series, the indicator it belongs to).
    pub indicator: String,
    pub value: f64,
    /// The superior's figure for the year, for quota indicators.
    pub quota: Option<f64>,
    pub source: String,
    pub note: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// All readings of a data folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Readings {
    pub values: Vec<Reading>,
    /// Display-only level series (e.g. GDP in 亿元), keyed by their indicator's id.
    pub levels: Vec<Reading>,
}

impl Readings {
    /// Readings of `indicator` up to and including `year`, oldest first.
    pub fn series(&self, indicator: &str, year: i32) -> Vec<&Reading> {
        series_of(&self.values, indicator, year)
    }

    pub fn level_series(&self, indicator: &str, year: i32) -> Vec<&Reading> {
        series_of(&self.levels, indicator, year)
    }
}

fn series_of<'a>(list: &'a [Reading], indicator: &str, year: i32) -> Vec<&'a Reading> {
    let mut out: Vec<&Reading> = list
        .iter()
        .filter(|r| r.indicator == indicator && r.year <= year)
        .collect();
    out.sort_by_key(|r| r.year);
    out
}

/// Reads and checks `readings.csv` against `plan`.
pub fn load(path: &Path, plan: &Plan) -> Result<Readings> {
    let table = Table::read(path)?;
    let mut problems = Problems::default();
    let cols = table.columns(
        path,
        &mut problems,
        &[
            ("year", true),
            ("indicator", true),
            ("value", true),
            ("quota", false),
            ("source", false),
            ("note", false),
        ],
    );
    if !problems.is_empty() {
        return problems.finish(Readings::default());
    }
    let [year_col, ind_col, value_col, quota_col, source_col, note_col] = cols[..] else {
        unreachable!("six columns were asked for")
    };
    let mut readings = Readings::default();
    let mut seen: HashMap<(i32, String), usize> = HashMap::new();
    for row in &table.rows {
        let line = Some(row.line);
        let mut report = |field: &str, message: String| {
            problems.report(path, line, field, message);
        };
        let year_cell = row.get(year_col);
        let Some(year) = year_cell.parse::<i32>().ok() else {
            report("year", format!("年份“{year_cell}”不是有效的年份"));
            continue;
        };
        if !plan.years().contains(&year) {
            report(
                "year",
                format!(
                    "年份 {year} 不在规划期 {}—{} 年内",
                    plan.meta.base_year, plan.meta.target_year
                ),
            );
            continue;
        }
        let id = row.get(ind_col);
        let (indicator, is_level) = match id.strip_suffix(LEVEL_SUFFIX) {
            Some(base) => (base, true),
            None => (id, false),
        };
        let Some(ind) = plan.indicator(indicator) else {
            report("indicator", format!("规划中没有编号为“{id}”的指标"));
            continue;
        };
        if is_level && ind.level.is_none() {
            report(
                "indicator",
                format!("指标“{indicator}”在规划中没有总量序列（level），不能填写“{id}”"),
            );
            continue;
        }
        if let Some(first) = seen.insert((year, id.to_string()), row.line) {
            report(
                "indicator",
                format!("{year} 年指标“{id}”重复填报（第 {first} 行已有）"),
            );
            continue;
        }
        let value_cell = row.get(value_col);
        if value_cell.is_empty() {
            // An empty cell means "no reading", never zero.
            continue;
        }
        let Some(value) = parse_number(value_cell) else {
            report(
                "value",
                format!("指标“{id}”的数值“{value_cell}”不是数字"),
            );
            continue;
        };
        let quota_cell = row.get(quota_col);
        let quota = if quota_cell.is_empty() {
            None
        } else {
            match parse_number(quota_cell) {
                Some(q) => Some(q),
                None => {
                    report(
                        "quota",
                        format!("指标“{id}”的下达目标“{quota_cell}”不是数字"),
                    );
                    continue;
                }
            }
        };
        let is_quota = matches!(ind.target, Target::Quota { .. });
        if is_quota && !is_level && quota.is_none() && year > plan.meta.base_year {
            report(
                "quota",
                format!("指标“{id}”为完成上级下达指标类，{year} 年须填写下达目标（quota）"),
            );
            continue;
        }
        let reading = Reading {
            year,
            indicator: indicator.to_string(),
            value,
            quota,
            source: row.get(source_col).to_string(),
            note: row.get(note_col).to_string(),
            line: row.line,
        };
        if is_level {
            readings.levels.push(reading);
        } else {
            readings.values.push(reading);
        }
    }
    problems.finish(readings)
}
