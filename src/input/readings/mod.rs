//! Indicator readings (`readings.csv` or `readings.xlsx`): one figure per year
//! and indicator, joined to the plan by id or name and checked (number, unit
//! range, quota, duplicates) before anything is evaluated.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Problems;
use crate::input::row_index::RowIndex;
use crate::input::rows::year_in_plan;
use crate::input::table::{self, Value};
use crate::model::names::{self, Names};
use crate::plan::{Plan, Target, Verdict, YearTarget};

mod cells;
mod notes;
pub(crate) mod standing;
pub(crate) use cells::resolve;
use cells::{estimated, estimated_unknown, running_totals, target_column};
use notes::{NoteNames, foreign_note};
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
    let names = Names::new(
        plan.indicators
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str())),
    );
    let notes = NoteNames::new();
    let mut seen: HashMap<(i32, String), usize> = HashMap::new();
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
        let id = row.get(INDICATOR);
        if id.is_empty() {
            report(INDICATOR, "没有填写指标编号或名称".to_string());
            continue;
        }
        if let Some(b) = plan
            .benchmarks
            .iter()
            .find(|b| b.id == id.trim() || b.name == id.trim())
        {
            // A benchmark series a relative target compares with.
            if let Some(first) = seen.insert((year, b.id.clone()), row.line) {
                report(
                    INDICATOR,
                    format!("{year} 年基准“{id}”重复填报（第 {first} 行已有）"),
                );
                continue;
            }
            let Some(is_estimate) = estimated(row.get(ESTIMATED)) else {
                report(
                    ESTIMATED,
                    estimated_unknown(&format!("基准“{id}”"), row.get(ESTIMATED)),
                );
                continue;
            };
            let value_cell = row.get(VALUE);
            match table::parse_value(value_cell) {
                Value::Empty => {}
                Value::Invalid => report(
                    VALUE,
                    table::not_understood(&format!("基准“{id}”的数值"), value_cell, "不是数字"),
                ),
                Value::Number(value) => readings.values.push(Reading {
                    year,
                    indicator: b.id.clone(),
                    value,
                    quota: None,
                    target: None,
                    estimated: is_estimate,
                    verdict: None,
                    source: row.get(SOURCE).to_string(),
                    note: row.get(NOTE).to_string(),
                    standing: Standing::default(),
                    line: row.line,
                }),
            }
            continue;
        }
        let (ind, is_level) = match resolve(plan, &names, id) {
            Some(found) => found,
            None => {
                let hint = if suggest {
                    names::did_you_mean(&names.find(id))
                } else {
                    String::new()
                };
                report(
                    INDICATOR,
                    format!("规划中没有编号或名称为“{id}”的指标{hint}"),
                );
                continue;
            }
        };
        if is_level && ind.level.is_none() {
            report(
                INDICATOR,
                format!(
                    "指标“{}”在规划中没有总量序列（level），不能填写“{id}”",
                    ind.id
                ),
            );
            continue;
        }
        let key = if is_level {
            format!("{}{LEVEL_SUFFIX}", ind.id)
        } else {
            ind.id.clone()
        };
        if let Some(first) = seen.insert((year, key), row.line) {
            let at = if first == row.line {
                "本行已有".to_string()
            } else {
                format!("第 {first} 行已有")
            };
            report(INDICATOR, format!("{year} 年指标“{id}”重复填报（{at}）"));
            continue;
        }
        let plausible = if is_level {
            ind.level.as_ref().and_then(|l| l.plausible.as_ref())
        } else {
            ind.plausible.as_ref()
        };
        let value_cell = row.get(VALUE);
        let verdict = if ind.target.reads_verdicts() && !is_level {
            if value_cell.trim().is_empty() {
                continue;
            }
            match Verdict::parse(value_cell) {
                Some(v) => Some(v),
                None => {
                    let allowed: Vec<&str> = Verdict::ALL.iter().map(|v| v.label()).collect();
                    report(
                        VALUE,
                        format!(
                            "指标“{id}”由牵头单位评估，数值应填 {}，而不是“{value_cell}”",
                            allowed.join("、")
                        ),
                    );
                    continue;
                }
            }
        } else {
            None
        };
        let value = match verdict {
            Some(v) => v.code(),
            None => match table::parse_value(value_cell) {
                // An empty cell means "no reading", never zero.
                Value::Empty => continue,
                Value::Invalid => {
                    report(
                        VALUE,
                        table::not_understood(&format!("指标“{id}”的数值"), value_cell, "不是数字"),
                    );
                    continue;
                }
                Value::Number(v) => v,
            },
        };
        if verdict.is_none()
            && let Some(p) = plausible.filter(|p| !p.range.contains(value))
        {
            report(VALUE, p.message(id, &format!("数值“{value_cell}”")));
            continue;
        }
        // Warnings of this row, told once its errors are known.
        let mut warnings: Vec<(usize, String)> = Vec::new();
        let quota_cell = row.get(QUOTA);
        let tolerance_cell = row.get(TOLERANCE);
        let tolerance = match table::parse_value(tolerance_cell) {
            Value::Empty => None,
            Value::Number(t) if t > 0.0 => Some(t),
            _ => {
                report(
                    TOLERANCE,
                    table::not_understood(
                        &format!("指标“{id}”的允许偏差"),
                        tolerance_cell,
                        "应为正数",
                    ),
                );
                continue;
            }
        };
        let year_target = match table::parse_value(quota_cell) {
            Value::Empty => None,
            Value::Number(q) => {
                Some(YearTarget::parse(&q.to_string(), tolerance).expect("a number"))
            }
            Value::Invalid if !quota_cell.chars().any(|c| c.is_ascii_digit()) => {
                report(
                    QUOTA,
                    table::not_understood(
                        &format!("指标“{id}”的{}", target_column(ind)),
                        quota_cell,
                        "不是数字",
                    ),
                );
                continue;
            }
            Value::Invalid => match YearTarget::parse(quota_cell, tolerance) {
                Ok(t) => Some(t),
                Err(why) => {
                    report(
                        QUOTA,
                        format!(
                            "指标“{id}”的{}“{quota_cell}”无法识别：{why}；可写作 3、5.5以上、4.5—5 或 5左右（另填允许偏差）",
                            target_column(ind)
                        ),
                    );
                    continue;
                }
            },
        };
        if let Some(t) = year_target
            && let Some(p) = plausible.filter(|p| {
                !p.range.contains(t.low) || t.high.is_some_and(|h| !p.range.contains(h))
            })
        {
            report(
                QUOTA,
                p.message(id, &format!("{}“{quota_cell}”", target_column(ind))),
            );
            continue;
        }
        if tolerance.is_some() && year_target.is_none_or(|t| t.tolerance.is_none()) {
            warnings.push((
                TOLERANCE,
                format!(
                    "指标“{id}”这一行填了允许偏差，但{}不是“X左右”，允许偏差未使用",
                    target_column(ind)
                ),
            ));
        }
        let quota = year_target.map(|t| t.low);
        let takes_target = matches!(ind.target, Target::Quota { .. } | Target::Yearly { .. });
        if year_target.is_some() && !takes_target && !is_level {
            warnings.push((
                QUOTA,
                format!(
                    "指标“{id}”不是上级下达或年度目标类指标，这一行的下达目标（年度目标）不参与评价"
                ),
            ));
        }
        let is_quota = matches!(
            ind.target,
            Target::Quota {
                cumulative: None,
                ..
            }
        );
        if is_quota && !is_level && quota.is_none() && year > plan.meta.base_year {
            report(
                QUOTA,
                format!("指标“{id}”为完成上级下达指标类，{year} 年须填写下达目标（quota）"),
            );
            continue;
        }
        let note = row.get(NOTE);
        if let Some(other) = foreign_note(plan, &notes, ind, note) {
            warnings.push((
                NOTE,
                format!(
                    "指标“{id}”这一行的备注提到了另一项指标“{}”（{}），请核对是否填错了行",
                    other.name, other.id
                ),
            ));
        }
        let estimated = match estimated(row.get(ESTIMATED)) {
            Some(e) => e,
            None => {
                report(
                    ESTIMATED,
                    estimated_unknown(&format!("指标“{id}”"), row.get(ESTIMATED)),
                );
                continue;
            }
        };
        if !estimated && note.contains("预计") {
            warnings.push((NOTE, format!("指标“{id}”{year} 年的备注写有“预计”，但“数据性质”列未填“预计”；若为预计数，请在该列填“预计”，报告将写作“预计完成”")));
        }
        let standing = match standing::of_row(row, id, is_level) {
            Ok(standing) => standing,
            Err((field, message)) => {
                report(field, message);
                continue;
            }
        };
        for (field, message) in warnings {
            problems.warn(path, line, row.header(field), message);
        }
        let reading = Reading {
            year,
            indicator: ind.id.clone(),
            value,
            quota,
            target: year_target,
            estimated,
            verdict,
            source: row.get(SOURCE).to_string(),
            note: note.to_string(),
            standing,
            line: row.line,
        };
        if is_level {
            readings.levels.push(reading);
        } else {
            readings.values.push(reading);
        }
    }
    running_totals(path, plan, &readings, problems);
    Some(readings)
}

#[cfg(test)]
mod tests;
