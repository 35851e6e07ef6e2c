//! One row of a readings file checked: the benchmark or indicator it names,
//! its figure, its year's target and the columns beside them, in the order
//! staff are told about them. It reports nothing itself and reads no file:
//! it hands back the row's first error, or its reading with its warnings.

use std::collections::HashMap;

use super::cells::{estimated, estimated_unknown, resolve, target_column};
use super::notes::{NoteNames, foreign_note};
use super::schema::*;
use super::{LEVEL_SUFFIX, Reading, Standing, standing};
use crate::input::table::{self, Record, Value};
use crate::model::names::{self, Names};
use crate::plan::{Benchmark, Indicator, Plan, Plausible, Target, Verdict, YearTarget};

/// A problem of a row: the field (a column of [`SCHEMA`]) and the message.
pub(super) type Flag = (usize, String);

/// A row that passed: its reading, whether it belongs to a level series, and
/// the warnings to tell once the row is known to hold no error.
pub(super) struct Passed {
    pub reading: Reading,
    pub is_level: bool,
    pub warnings: Vec<Flag>,
}

/// What the rows are checked against, and what the rows before have left.
pub(super) struct RowChecker<'a> {
    plan: &'a Plan,
    names: Names<'a>,
    notes: NoteNames,
    /// The line of each (year, series) already read.
    seen: HashMap<(i32, String), usize>,
}

impl<'a> RowChecker<'a> {
    /// A checker of `plan`'s readings that has seen no row yet.
    pub(super) fn new(plan: &'a Plan) -> Self {
        RowChecker {
            plan,
            names: Names::new(
                plan.indicators
                    .iter()
                    .map(|i| (i.id.as_str(), i.name.as_str())),
            ),
            notes: NoteNames::new(),
            seen: HashMap::new(),
        }
    }

    /// Checks a row of `year` (already known to be in the plan): `Ok(None)` when it
    /// holds no figure, its first error otherwise. `suggest`: look for a "did you mean".
    pub(super) fn check(
        &mut self,
        row: &Record,
        year: i32,
        suggest: bool,
    ) -> Result<Option<Passed>, Flag> {
        let plan = self.plan;
        let id = row.get(INDICATOR);
        if id.is_empty() {
            return Err((INDICATOR, "没有填写指标编号或名称".to_string()));
        }
        if let Some(b) = plan
            .benchmarks
            .iter()
            .find(|b| b.id == id.trim() || b.name == id.trim())
        {
            // A benchmark series a relative target compares with.
            return self.benchmark(row, year, b, id);
        }
        let (ind, is_level) = self.series(row, year, id, suggest)?;
        let named = Named {
            row,
            id,
            year,
            ind,
            is_level,
        };
        named.reading(plan, &self.notes)
    }

    /// A benchmark's row: told once a year, its 数据性质 understood, its figure a number.
    fn benchmark(
        &mut self,
        row: &Record,
        year: i32,
        b: &Benchmark,
        id: &str,
    ) -> Result<Option<Passed>, Flag> {
        if let Some(first) = self.seen.insert((year, b.id.clone()), row.line) {
            return Err((
                INDICATOR,
                format!("{year} 年基准“{id}”重复填报（第 {first} 行已有）"),
            ));
        }
        let Some(is_estimate) = estimated(row.get(ESTIMATED)) else {
            return Err((
                ESTIMATED,
                estimated_unknown(&format!("基准“{id}”"), row.get(ESTIMATED)),
            ));
        };
        let value_cell = row.get(VALUE);
        let what = format!("基准“{id}”的数值");
        if let Some(m) =
            table::percent_misfit(&what, value_cell, row.shown_as_percent(VALUE), &b.unit)
        {
            return Err((VALUE, m));
        }
        match table::parse_value(value_cell) {
            Value::Empty => Ok(None),
            Value::Invalid => Err((
                VALUE,
                table::not_understood(&format!("基准“{id}”的数值"), value_cell, "不是数字"),
            )),
            Value::Number(value) => Ok(Some(Passed {
                reading: Reading {
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
                },
                is_level: false,
                warnings: Vec::new(),
            })),
        }
    }

    /// The indicator the cell `id` names and whether it names its level series;
    /// an error when there is none, or when the series was already read this year.
    fn series(
        &mut self,
        row: &Record,
        year: i32,
        id: &str,
        suggest: bool,
    ) -> Result<(&'a Indicator, bool), Flag> {
        let Some((ind, is_level)) = resolve(self.plan, &self.names, id) else {
            let hint = if suggest {
                names::did_you_mean(&self.names.find(id))
            } else {
                String::new()
            };
            return Err((
                INDICATOR,
                format!("规划中没有编号或名称为“{id}”的指标{hint}"),
            ));
        };
        if is_level && ind.level.is_none() {
            return Err((
                INDICATOR,
                format!(
                    "指标“{}”在规划中没有总量序列（level），不能填写“{id}”",
                    ind.id
                ),
            ));
        }
        let key = if is_level {
            format!("{}{LEVEL_SUFFIX}", ind.id)
        } else {
            ind.id.clone()
        };
        if let Some(first) = self.seen.insert((year, key), row.line) {
            let at = if first == row.line {
                "本行已有".to_string()
            } else {
                format!("第 {first} 行已有")
            };
            return Err((INDICATOR, format!("{year} 年指标“{id}”重复填报（{at}）")));
        }
        Ok((ind, is_level))
    }
}

/// A row and the series it names: an indicator, or its level series.
struct Named<'r, 'a> {
    row: &'r Record,
    /// The indicator cell as written.
    id: &'r str,
    year: i32,
    ind: &'a Indicator,
    is_level: bool,
}

impl Named<'_, '_> {
    /// The row's reading with its warnings, `Ok(None)` when it holds no figure.
    fn reading(&self, plan: &Plan, notes: &NoteNames) -> Result<Option<Passed>, Flag> {
        let (row, id, ind) = (self.row, self.id, self.ind);
        let plausible = if self.is_level {
            ind.level.as_ref().and_then(|l| l.plausible.as_ref())
        } else {
            ind.plausible.as_ref()
        };
        self.percent_cells()?;
        let Some((value, verdict)) = self.figure(plausible)? else {
            return Ok(None);
        };
        // Warnings of this row, told once its errors are known.
        let mut warnings: Vec<Flag> = Vec::new();
        let year_target = self.year_target(plausible, &mut warnings)?;
        let quota = year_target.map(|t| t.low);
        self.target_use(year_target.is_some(), plan.meta.base_year, &mut warnings)?;
        let note = row.get(NOTE);
        if let Some(other) = foreign_note(plan, notes, ind, note) {
            warnings.push((
                NOTE,
                format!(
                    "指标“{id}”这一行的备注提到了另一项指标“{}”（{}），请核对是否填错了行",
                    other.name, other.id
                ),
            ));
        }
        let estimated = self.estimated(note, &mut warnings)?;
        let standing = standing::of_row(row, id, self.is_level)?;
        Ok(Some(Passed {
            reading: Reading {
                year: self.year,
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
            },
            is_level: self.is_level,
            warnings,
        }))
    }

    /// The first of the row's figures shown as a percentage (a cell formatted `%`, a percent
    /// sign) when the series' unit is not a percentage: 345 亿元 shown as 34500% is refused,
    /// never read as 34500.
    fn percent_cells(&self) -> Result<(), Flag> {
        let (row, id, ind) = (self.row, self.id, self.ind);
        let unit = match (&ind.level, self.is_level) {
            (Some(level), true) => level.unit.as_str(),
            _ => ind.unit.as_str(),
        };
        let verdicts = ind.target.reads_verdicts() && !self.is_level;
        let cells = [
            (VALUE, "数值"),
            (QUOTA, target_column(ind)),
            (TOLERANCE, "允许偏差"),
            (PROVINCE_AVERAGE, "全省平均"),
            (CITY_AVERAGE, "全市平均"),
        ];
        for (field, name) in cells {
            if field == VALUE && verdicts {
                continue;
            }
            let what = format!("指标“{id}”的{name}");
            let formatted = row.shown_as_percent(field);
            if let Some(m) = table::percent_misfit(&what, row.get(field), formatted, unit) {
                return Err((field, m));
            }
        }
        Ok(())
    }

    /// The row's figure: a unit's verdict (as its code) or a number in the plausible
    /// range; `Ok(None)` for an empty cell, which means "no reading", never zero.
    fn figure(
        &self,
        plausible: Option<&Plausible>,
    ) -> Result<Option<(f64, Option<Verdict>)>, Flag> {
        let id = self.id;
        let value_cell = self.row.get(VALUE);
        let verdict = if self.ind.target.reads_verdicts() && !self.is_level {
            if value_cell.trim().is_empty() {
                return Ok(None);
            }
            let Some(v) = Verdict::parse(value_cell) else {
                let allowed: Vec<&str> = Verdict::ALL.iter().map(|v| v.label()).collect();
                return Err((
                    VALUE,
                    format!(
                        "指标“{id}”由牵头单位评估，数值应填 {}，而不是“{value_cell}”",
                        allowed.join("、")
                    ),
                ));
            };
            Some(v)
        } else {
            None
        };
        let value = match verdict {
            Some(v) => v.code(),
            None => match table::parse_value(value_cell) {
                Value::Empty => return Ok(None),
                Value::Invalid => {
                    return Err((
                        VALUE,
                        table::not_understood(&format!("指标“{id}”的数值"), value_cell, "不是数字"),
                    ));
                }
                Value::Number(v) => v,
            },
        };
        if verdict.is_none()
            && let Some(p) = plausible.filter(|p| !p.range.contains(value))
        {
            return Err((
                VALUE,
                p.message(&format!("指标“{id}”"), &format!("数值“{value_cell}”")),
            ));
        }
        Ok(Some((value, verdict)))
    }

    /// The year's target the row writes (with its 允许偏差), in the plausible range;
    /// warns when a 允许偏差 is written with no "X左右" to use it.
    fn year_target(
        &self,
        plausible: Option<&Plausible>,
        warnings: &mut Vec<Flag>,
    ) -> Result<Option<YearTarget>, Flag> {
        let (id, ind) = (self.id, self.ind);
        let quota_cell = self.row.get(QUOTA);
        let tolerance_cell = self.row.get(TOLERANCE);
        let tolerance = match table::parse_value(tolerance_cell) {
            Value::Empty => None,
            Value::Number(t) if t > 0.0 => Some(t),
            _ => {
                return Err((
                    TOLERANCE,
                    table::not_understood(
                        &format!("指标“{id}”的允许偏差"),
                        tolerance_cell,
                        "应为正数",
                    ),
                ));
            }
        };
        let year_target = match table::parse_value(quota_cell) {
            Value::Empty => None,
            Value::Number(q) => {
                Some(YearTarget::parse(&q.to_string(), tolerance).expect("a number"))
            }
            Value::Invalid if !quota_cell.chars().any(|c| c.is_ascii_digit()) => {
                return Err((
                    QUOTA,
                    table::not_understood(
                        &format!("指标“{id}”的{}", target_column(ind)),
                        quota_cell,
                        "不是数字",
                    ),
                ));
            }
            Value::Invalid => match YearTarget::parse(quota_cell, tolerance) {
                Ok(t) => Some(t),
                Err(why) => {
                    return Err((
                        QUOTA,
                        format!(
                            "指标“{id}”的{}“{quota_cell}”无法识别：{why}；可写作 3、5.5以上、4.5—5 或 5左右（另填允许偏差）",
                            target_column(ind)
                        ),
                    ));
                }
            },
        };
        if let Some(t) = year_target
            && let Some(p) = plausible.filter(|p| {
                !p.range.contains(t.low) || t.high.is_some_and(|h| !p.range.contains(h))
            })
        {
            return Err((
                QUOTA,
                p.message(
                    &format!("指标“{id}”"),
                    &format!("{}“{quota_cell}”", target_column(ind)),
                ),
            ));
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
        Ok(year_target)
    }

    /// Whether the indicator takes the year's target the row writes (`has_target`):
    /// warns when it does not; an error when a quota's target is missing after the base year.
    fn target_use(
        &self,
        has_target: bool,
        base_year: i32,
        warnings: &mut Vec<Flag>,
    ) -> Result<(), Flag> {
        let (id, year) = (self.id, self.year);
        let takes_target = matches!(
            self.ind.target,
            Target::Quota { .. } | Target::Yearly { .. }
        );
        if has_target && !takes_target && !self.is_level {
            warnings.push((
                QUOTA,
                format!(
                    "指标“{id}”不是上级下达或年度目标类指标，这一行的下达目标（年度目标）不参与评价"
                ),
            ));
        }
        let is_quota = matches!(
            self.ind.target,
            Target::Quota {
                cumulative: None,
                ..
            }
        );
        if is_quota && !self.is_level && !has_target && year > base_year {
            return Err((
                QUOTA,
                format!("指标“{id}”为完成上级下达指标类，{year} 年须填写下达目标（quota）"),
            ));
        }
        Ok(())
    }

    /// Whether the row is an estimate (预计); warns when its `note` says 预计 and the
    /// 数据性质 column does not.
    fn estimated(&self, note: &str, warnings: &mut Vec<Flag>) -> Result<bool, Flag> {
        let (id, year) = (self.id, self.year);
        let Some(estimated) = estimated(self.row.get(ESTIMATED)) else {
            return Err((
                ESTIMATED,
                estimated_unknown(&format!("指标“{id}”"), self.row.get(ESTIMATED)),
            ));
        };
        if !estimated && note.contains("预计") {
            warnings.push((NOTE, format!("指标“{id}”{year} 年的备注写有“预计”，但“数据性质”列未填“预计”；若为预计数，请在该列填“预计”，报告将写作“预计完成”")));
        }
        Ok(estimated)
    }
}
