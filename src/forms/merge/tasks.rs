//! The task reports of the returns merged into `task_progress.csv`, by the same rules
//! as the figures (blank cells keep what is there, a change is refused unless replacing
//! is asked for). It must not touch the readings.

use std::collections::HashMap;

use crate::error::{Problem, Problems};
use crate::input::table::parse_year;
use crate::model::names::Names;
use crate::model::vocabulary::Status;
use crate::plan::Plan;

use super::super::layout::{self, TaskColumns, cell_name};
use super::super::read::{Return, TaskFill};
use super::super::table::Table;
use super::{Counts, Given, Replaced, RowKey, Tally, file_name, merge_row, shown};
use super::{P_EXPERIENCE, P_PROBLEMS, P_STATUS, P_SUMMARY, P_TASK, P_YEAR};

/// Merges the task reports of `returns` for `year` into `table` (task_progress.csv).
pub(crate) fn progress(
    table: &mut Table,
    plan: &Plan,
    year: i32,
    returns: &[&Return],
    replace: bool,
    problems: &mut Problems,
    replaced: &mut Vec<Replaced>,
) -> Counts {
    let names = Names::new(plan.tasks().map(|(_, t)| (t.id.as_str(), t.title.as_str())));
    let at = task_rows(table, &names, year);
    let headers = TaskColumns::headers(year);
    let mut counts = Counts::default();
    for ret in returns {
        for t in &ret.tasks {
            let mut given = task_cells(table, ret, t, &headers, problems);
            // A status written another way (e.g. full-width) is the same status.
            if let Some(&r) = at.get(&t.id)
                && Status::from_label(table.cell(r, P_STATUS)) == Some(t.status)
            {
                given[0].text = table.cell(r, P_STATUS).to_string();
            }
            merge_row(
                table,
                at.get(&t.id).copied(),
                RowKey {
                    year,
                    year_field: P_YEAR,
                    key_field: P_TASK,
                    key: &t.id,
                    shown: shown(
                        plan.tasks()
                            .find(|(_, task)| task.id == t.id)
                            .map(|(_, task)| task.title.clone()),
                        &t.id,
                    ),
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

/// The rows of `year` already in task_progress.csv, by task id; the first row of each counts.
fn task_rows(table: &Table, names: &Names, year: i32) -> HashMap<String, usize> {
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in 0..table.rows.len() {
        if parse_year(table.cell(r, P_YEAR)) != Some(year) {
            continue;
        }
        if let crate::model::names::Found::Id(id) = names.find(table.cell(r, P_TASK)) {
            at.entry(id).or_insert(r);
        }
    }
    at
}

/// The cells a return's task report `t` gives, its status first; a 主要做法和经验 or
/// 存在问题及原因 the table has no column for is told, not lost silently.
fn task_cells<'a>(
    table: &Table,
    ret: &Return,
    t: &TaskFill,
    headers: &[String],
    problems: &mut Problems,
) -> Vec<Given<'a>> {
    let mut given = vec![Given {
        field: P_STATUS,
        text: t.status.label().to_string(),
        label: "进展状态",
        sheet: layout::TASK_SHEET,
        row: t.row,
        col: TaskColumns::STATUS,
        header: headers[TaskColumns::STATUS as usize].clone(),
        numeric: false,
    }];
    if !t.summary.is_empty() && table.has(P_SUMMARY) {
        given.push(Given {
            field: P_SUMMARY,
            text: t.summary.clone(),
            label: "进展情况",
            sheet: layout::TASK_SHEET,
            row: t.row,
            col: TaskColumns::SUMMARY,
            header: headers[TaskColumns::SUMMARY as usize].clone(),
            numeric: false,
        });
    }
    for (field, text, label, col) in [
        (
            P_EXPERIENCE,
            &t.experience,
            "主要做法和经验",
            TaskColumns::EXPERIENCE,
        ),
        (
            P_PROBLEMS,
            &t.problems,
            "存在问题及原因",
            TaskColumns::PROBLEMS,
        ),
    ] {
        if text.is_empty() {
            continue;
        }
        let header = headers[col as usize].clone();
        if !table.has(field) {
            let file = file_name(&table.path);
            problems.push(Problem::new(
                &ret.path,
                Some(t.row as usize + 1),
                Some(&cell_name(layout::TASK_SHEET, t.row, col, &header)),
                format!(
                    "数据目录中的 {file} 没有“{label}”列，本格内容无法写入；请在 {file} 的表头末尾加上“主要做法和经验,存在问题及原因”两列（已有各行不必补填）后重新运行"
                ),
            ));
            continue;
        }
        given.push(Given {
            field,
            text: text.clone(),
            label,
            sheet: layout::TASK_SHEET,
            row: t.row,
            col,
            header,
            numeric: false,
        });
    }
    given
}
