//! The returns merged into the data folder's `readings.csv` and
//! `task_progress.csv`: blank cells keep what is there, a figure that would
//! change an existing one is refused unless replacing is asked for (and then
//! listed), rows of other years and units are kept as they are.

use std::collections::HashMap;

use crate::error::{Problem, Problems};
use crate::input::{progress, readings, table::parse_year};
use crate::model::names::Names;
use crate::plan::Plan;

use super::layout::{self, IndicatorColumns, cell_name};
use super::read::{Figure, Return};

mod benchmarks;
mod tasks;
use super::table::Table;
pub(crate) use benchmarks::refuse_clashes;
pub(crate) use tasks::progress;

// Fields of the readings and task progress schemas.
use crate::input::progress::{
    EXPERIENCE as P_EXPERIENCE, PROBLEMS as P_PROBLEMS, STATUS as P_STATUS, SUMMARY as P_SUMMARY,
    TASK as P_TASK, YEAR as P_YEAR,
};
use crate::input::readings::{
    CITY_AVERAGE as R_CITY, INDICATOR as R_INDICATOR, NOTE as R_NOTE,
    PROVINCE_AVERAGE as R_PROVINCE, QUOTA as R_QUOTA, RANK as R_RANK, SOURCE as R_SOURCE,
    VALUE as R_VALUE, YEAR as R_YEAR,
};

/// The headers of a table the data folder does not have yet.
pub(crate) const READINGS_HEADERS: &str = "year,indicator,value,quota,source,note";
pub(crate) const PROGRESS_HEADERS: &str = "year,task,status,summary";

/// A figure that replaced another, for the list `collect` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    pub what: String,
    pub old: String,
    pub new: String,
    pub file: String,
}

/// How many rows a merge added and filled.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub added: usize,
    pub filled: usize,
}

/// Whether two cells hold the same figure (10.70 and 10.7), or the same text.
fn same_number(a: &str, b: &str) -> bool {
    if a.trim() == b.trim() {
        return true;
    }
    match (
        crate::input::table::parse_value(a),
        crate::input::table::parse_value(b),
    ) {
        (crate::input::table::Value::Number(x), crate::input::table::Value::Number(y)) => {
            (x - y).abs() <= 1e-9 * x.abs().max(1.0)
        }
        _ => a.trim() == b.trim(),
    }
}

/// One cell a return gives for a row, and where it is in the return.
pub(super) struct Given<'a> {
    pub(super) field: usize,
    pub(super) text: String,
    pub(super) label: &'a str,
    pub(super) sheet: &'static str,
    pub(super) row: u32,
    pub(super) col: u16,
    pub(super) header: String,
    pub(super) numeric: bool,
}

/// Which row of a data table a return's row goes to: the year and the key (an indicator's,
/// task's or project's id), and the table's fields that hold them.
pub(super) struct RowKey<'a> {
    pub(super) year: i32,
    pub(super) year_field: usize,
    pub(super) key_field: usize,
    pub(super) key: &'a str,
    /// The row as a person reads it in messages: the name, with the key after it.
    pub(super) shown: String,
}

/// A row's name for messages: “name”（key）, or “key” when the plan has no such row.
pub(super) fn shown(name: Option<String>, key: &str) -> String {
    match name {
        Some(name) if name != key => format!("“{name}”（{key}）"),
        _ => format!("“{key}”"),
    }
}

/// The name of an indicator's row, its level series named as the forms name it
/// ("地区生产总值（总量）"), or of a benchmark series.
fn indicator_name(plan: &Plan, key: &str) -> Option<String> {
    match key.strip_suffix(readings::LEVEL_SUFFIX) {
        Some(id) => plan.indicator(id).map(|i| format!("{}（总量）", i.name)),
        None => plan
            .indicator(key)
            .map(|i| i.name.clone())
            .or_else(|| benchmark(plan, key).map(|b| b.name.clone())),
    }
}

/// The benchmark series `cell` names, by id or name.
fn benchmark<'p>(plan: &'p Plan, cell: &str) -> Option<&'p crate::plan::Benchmark> {
    let cell = cell.trim();
    plan.benchmarks
        .iter()
        .find(|b| b.id == cell || b.name == cell)
}

/// What merging rows adds up: the conflicts, the figures replaced, the rows added and filled.
pub(super) struct Tally<'a> {
    pub(super) problems: &'a mut Problems,
    pub(super) replaced: &'a mut Vec<Replaced>,
    pub(super) counts: &'a mut Counts,
}

/// A file's name without its folder, for messages.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What merging one row does: which cells change, and the conflicts.
pub(super) fn merge_row(
    table: &mut Table,
    existing: Option<usize>,
    at: RowKey,
    given: Vec<Given>,
    ret: &Return,
    replace: bool,
    tally: Tally,
) {
    let RowKey {
        year,
        year_field,
        key_field,
        key,
        shown,
    } = at;
    let Tally {
        problems,
        replaced,
        counts,
    } = tally;
    let file = file_name(&ret.path);
    let Some(row) = existing else {
        let mut cells = vec![(year_field, year.to_string()), (key_field, key.to_string())];
        cells.extend(given.into_iter().map(|g| (g.field, g.text)));
        table.add(year, year_field, &cells);
        counts.added += 1;
        return;
    };
    let mut cells = Vec::new();
    let mut filled = false;
    for g in given {
        let old = table.cell(row, g.field).to_string();
        let equal = if g.numeric {
            same_number(&old, &g.text)
        } else {
            old == g.text
        };
        if old.is_empty() {
            filled = true;
            cells.push((g.field, g.text));
        } else if !equal {
            if replace {
                replaced.push(Replaced {
                    what: format!("{year} 年{shown}的{}", g.label),
                    old: old.clone(),
                    new: g.text.clone(),
                    file: file.clone(),
                });
                cells.push((g.field, g.text));
            } else {
                let data_file = file_name(&table.path);
                problems.push(Problem::new(
                    &ret.path,
                    Some(g.row as usize + 1),
                    Some(&cell_name(g.sheet, g.row, g.col, &g.header)),
                    format!(
                        "{shown}{year} 年的{}“{}”与数据目录中已有的“{old}”（{data_file} 第 {} 行）不同；如确需以本表为准，请加 --replace 重新运行",
                        g.label,
                        g.text,
                        table.rows[row].line
                    ),
                ));
            }
        }
    }
    if filled {
        counts.filled += 1;
    }
    if !cells.is_empty() {
        table.set(row, &cells);
    }
}

/// The error of a return's cell whose column the data folder's table lacks: nothing is
/// lost, the user is told which column to add.
fn missing_column(
    table: &Table,
    ret: &Return,
    row: u32,
    sheet: &str,
    col: u16,
    header: &str,
    label: &str,
) -> Problem {
    let file = file_name(&table.path);
    Problem::new(
        &ret.path,
        Some(row as usize + 1),
        Some(&cell_name(sheet, row, col, header)),
        format!(
            "数据目录中的 {file} 没有“{label}”列，本格内容无法写入；请在 {file} 的表头末尾加上“{label}”列（已有各行留空，但要保留逗号）后重新运行"
        ),
    )
}

/// Merges the figures of `returns` for `year` into `table` (readings.csv).
pub(crate) fn readings(
    table: &mut Table,
    plan: &Plan,
    year: i32,
    returns: &[&Return],
    replace: bool,
    problems: &mut Problems,
    replaced: &mut Vec<Replaced>,
) -> Counts {
    // Figures published the next year are of the year before.
    let at = [
        reading_rows(table, plan, year),
        reading_rows(table, plan, year - 1),
    ];
    let mut counts = Counts::default();
    for ret in returns {
        for f in &ret.figures {
            let cols = IndicatorColumns::asking(plan, year, f.year);
            let headers = cols.headers();
            let given = figure_cells(table, ret, f, &cols, &headers, problems);
            merge_row(
                table,
                at[usize::from(f.year < year)].get(&f.id).copied(),
                RowKey {
                    year: f.year,
                    year_field: R_YEAR,
                    key_field: R_INDICATOR,
                    key: &f.id,
                    shown: shown(indicator_name(plan, &f.id), &f.id),
                },
                given,
                ret,
                replace,
                Tally {
                    problems,
                    replaced,
                    counts: &mut counts,
                },
            );
        }
    }
    counts
}

/// The rows of `year` already in readings.csv, by indicator id (a level series as
/// `id.level`); the first row of each counts.
fn reading_rows(table: &Table, plan: &Plan, year: i32) -> HashMap<String, usize> {
    let names = Names::new(
        plan.indicators
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str())),
    );
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in 0..table.rows.len() {
        if parse_year(table.cell(r, R_YEAR)) != Some(year) {
            continue;
        }
        if let Some(b) = benchmark(plan, table.cell(r, R_INDICATOR)) {
            at.entry(b.id.clone()).or_insert(r);
        } else if let Some((ind, level)) =
            readings::resolve(plan, &names, table.cell(r, R_INDICATOR))
        {
            let key = if level {
                format!("{}{}", ind.id, readings::LEVEL_SUFFIX)
            } else {
                ind.id.clone()
            };
            at.entry(key).or_insert(r);
        }
    }
    at
}

/// The cells a return's figure `f` gives (blank ones give nothing); a 全省平均, 全市平均
/// or 位次 the table has no column for is told, not lost silently.
fn figure_cells<'a>(
    table: &Table,
    ret: &Return,
    f: &Figure,
    cols: &IndicatorColumns,
    headers: &[String],
    problems: &mut Problems,
) -> Vec<Given<'a>> {
    let mut given = Vec::new();
    let mut give = |field: usize, text: String, label, col: u16, numeric| {
        if !text.is_empty() {
            given.push(Given {
                field,
                text,
                label,
                sheet: layout::INDICATOR_SHEET,
                row: f.row,
                col,
                header: headers[col as usize].clone(),
                numeric,
            });
        }
    };
    give(R_VALUE, f.value.clone(), "数值", cols.value(), true);
    give(R_QUOTA, f.quota.clone(), "下达目标", cols.quota(), true);
    if table.has(R_SOURCE) {
        give(R_SOURCE, f.source.clone(), "数据来源", cols.source(), false);
    }
    if table.has(R_NOTE) {
        give(R_NOTE, f.note.clone(), "备注", cols.note(), false);
    }
    let standing = [
        (
            R_PROVINCE,
            &f.province_average,
            "全省平均",
            cols.province_average(),
            true,
        ),
        (
            R_CITY,
            &f.city_average,
            "全市平均",
            cols.city_average(),
            true,
        ),
        (R_RANK, &f.rank, "位次", cols.rank(), false),
    ];
    for (field, text, label, col, numeric) in standing {
        if text.is_empty() {
            continue;
        }
        if table.has(field) {
            give(field, text.clone(), label, col, numeric);
        } else {
            problems.push(missing_column(
                table,
                ret,
                f.row,
                layout::INDICATOR_SHEET,
                col,
                &headers[col as usize],
                label,
            ));
        }
    }
    given
}

/// The schemas, for [`Table::read`].
pub(crate) fn schemas() -> (
    &'static crate::input::table::Schema,
    &'static crate::input::table::Schema,
) {
    (&readings::SCHEMA, &progress::SCHEMA)
}
