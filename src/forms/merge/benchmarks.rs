//! One figure typed in two places: a relative target's benchmark series (全省农村居民人均可支配收入增长,
//! given by the evaluator on its own form) is the same figure as the 全省平均 cell (全市平均 for a
//! series of the city) of the indicator compared with it, which the indicator's lead unit may
//! fill on its form. Two different figures for one quantity would have the report grade against
//! one and compare against the other in one paragraph, so `collect` refuses them, naming both
//! cells; the same figure in both is fine. It reads returns and the readings table; it merges
//! nothing.

use std::collections::HashMap;

use crate::error::{Problem, Problems};
use crate::model::names::normalize;
use crate::plan::{Benchmark, Indicator, Plan, Target};

use super::super::layout::{self, IndicatorColumns, cell_name};
use super::super::read::{Figure, Return};
use super::{R_CITY, R_PROVINCE, R_VALUE, Table, file_name, reading_rows, same_number};

/// Where a figure was given.
enum Place {
    /// A return's cell: its file, 0-based row, and the cell as messages name it.
    Form {
        path: std::path::PathBuf,
        row: u32,
        cell: String,
    },
    /// A row of the data folder's readings file, by its line.
    Table { line: usize },
}

/// A figure and where it was given.
struct Given {
    text: String,
    place: Place,
}

/// Which cell of an indicator's row holds the benchmark's figure: the 全省平均 or the 全市平均.
#[derive(Clone, Copy)]
struct Scope {
    field: usize,
    label: &'static str,
}

/// The cell of an indicator's row that holds the same figure as benchmark `b`: 全省平均 for a
/// series named 全省…, 全市平均 for one named 全市…, in the indicator's own unit; `None` when
/// the series is neither (全国…, another city's) or is measured otherwise.
fn scope(b: &Benchmark, ind: &Indicator) -> Option<Scope> {
    if normalize(&b.unit) != normalize(&ind.unit) {
        return None;
    }
    if b.name.contains("全省") {
        Some(Scope {
            field: R_PROVINCE,
            label: "全省平均",
        })
    } else if b.name.contains("全市") {
        Some(Scope {
            field: R_CITY,
            label: "全市平均",
        })
    } else {
        None
    }
}

/// Refuses, for the years `returns` give figures of (`year` and the year before), every
/// benchmark figure that differs from the 全省平均 (or 全市平均) of an indicator compared with
/// it, when at least one of the two comes from a return: each as it is in the returns, or
/// else in `table` (the readings as they are before the merge).
pub(crate) fn refuse_clashes(
    table: &Table,
    plan: &Plan,
    year: i32,
    returns: &[&Return],
    problems: &mut Problems,
) {
    let rows = [year - 1, year].map(|y| (y, reading_rows(table, plan, y)));
    for ind in &plan.indicators {
        let Target::Relative { reference, .. } = &ind.target else {
            continue;
        };
        let Some(b) =
            (plan.benchmarks.iter()).find(|b| reference.benchmark && b.id == reference.id)
        else {
            continue;
        };
        let Some(scope) = scope(b, ind) else {
            continue;
        };
        for (y, at) in &rows {
            let look = Look {
                table,
                plan,
                year,
                returns,
                at,
                of: *y,
            };
            let average = look.given(&ind.id, scope.field, |f| scope.cell(f));
            let series = look.given(&b.id, R_VALUE, |f| &f.value);
            let (Some(average), Some(series)) = (average, series) else {
                continue;
            };
            if same_number(&average.text, &series.text) {
                continue;
            }
            let both_old = matches!(
                (&average.place, &series.place),
                (Place::Table { .. }, Place::Table { .. })
            );
            if !both_old {
                problems.push(clash(table, ind, b, scope, *y, &average, &series));
            }
        }
    }
}

impl Scope {
    /// A return's figure's cell of this scope: its 全省平均 or its 全市平均.
    fn cell(self, f: &Figure) -> &str {
        if self.field == R_PROVINCE {
            &f.province_average
        } else {
            &f.city_average
        }
    }
}

/// What finding a figure of one year needs: the returns first, then the readings' rows.
struct Look<'a> {
    table: &'a Table,
    plan: &'a Plan,
    /// The forms' year.
    year: i32,
    returns: &'a [&'a Return],
    /// The readings' rows of the year looked at, by id.
    at: &'a HashMap<String, usize>,
    /// The year looked at.
    of: i32,
}

impl Look<'_> {
    /// The figure of row `id` in `field` (the returns' `cell` of a figure), from a return
    /// when one gives it, else from the readings; `None` when neither has it.
    fn given(&self, id: &str, field: usize, cell: impl Fn(&Figure) -> &str) -> Option<Given> {
        for ret in self.returns {
            let Some(f) = (ret.figures.iter()).find(|f| f.id == id && f.year == self.of) else {
                continue;
            };
            let text = cell(f).trim().to_string();
            if text.is_empty() {
                continue;
            }
            let cols = IndicatorColumns::asking(self.plan, self.year, f.year);
            let col = match field {
                R_PROVINCE => cols.province_average(),
                R_CITY => cols.city_average(),
                _ => cols.value(),
            };
            let header = cols.headers()[col as usize].clone();
            let place = Place::Form {
                path: ret.path.clone(),
                row: f.row,
                cell: cell_name(layout::INDICATOR_SHEET, f.row, col, &header),
            };
            return Some(Given { text, place });
        }
        let row = *self.at.get(id)?;
        let text = self.table.cell(row, field);
        (!text.is_empty()).then(|| Given {
            text: text.to_string(),
            place: Place::Table {
                line: self.table.rows[row].line,
            },
        })
    }
}

/// The error of a benchmark's figure `series` differing from indicator `ind`'s 全省平均
/// `average` in `year`: told at the return's cell (the indicator's when both are), naming the other.
fn clash(
    table: &Table,
    ind: &Indicator,
    b: &Benchmark,
    scope: Scope,
    year: i32,
    average: &Given,
    series: &Given,
) -> Problem {
    let readings = file_name(&table.path);
    let (here, there) = match &average.place {
        Place::Form { .. } => (average, series),
        Place::Table { .. } => (series, average),
    };
    let Place::Form { path, row, cell } = &here.place else {
        unreachable!("one of the two figures is a return's")
    };
    let other = match &there.place {
        Place::Form { path, cell, .. } => format!("{} {cell}", file_name(path)),
        Place::Table { line } => format!("数据目录中的 {readings} 第 {line} 行"),
    };
    let label = scope.label;
    let message = format!(
        "{year} 年指标“{}”（{}）的{label}“{}”与对照数据“{}”（{}）的数值“{}”不同（另一处在 {other}）；两处是同一个数：报告以对照数据评价该指标，又以{label}作横向比较，两数不一会自相矛盾；请核实后改正其中一处，或把指标行的{label}留空",
        ind.id, ind.name, average.text, b.name, b.id, series.text
    );
    Problem::new(path, Some(*row as usize + 1), Some(&cell.clone()), message)
}
