//! The 重大项目 sheet of a unit's form: written with the projects the unit
//! leads ([`write`]), read back from its return ([`read`]) with the same
//! checks as `project_progress.csv`, and merged into that table ([`merge`]).
//! Only the forms of units that lead a project have the sheet.

use std::collections::HashMap;

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule, XlsxError};

use crate::error::Problems;
use crate::input::projects::{
    INVESTMENT as J_INVESTMENT, NOTE as J_NOTE, PROJECT as J_PROJECT, ProjectStatus,
    STATUS as J_STATUS, YEAR as J_YEAR,
};
use crate::input::table::{self, Value, parse_year};
use crate::plan::Plan;

use super::layout::{self, Duty, ProjectColumns};
use super::merge::{Counts, Given, Replaced, RowKey, Tally, merge_row};
use super::read::{Ctx, Return, SheetText};
use super::table::{Table, number};
use super::write::{Formats, Sheet};

/// The headers of a project table the data folder does not have yet.
pub(super) const HEADERS: &str = "year,project,status,investment,note";

/// A project report a return gives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProjectFill {
    pub id: String,
    pub status: ProjectStatus,
    /// The investment as the table writes it; empty when the cell is blank.
    pub investment: String,
    pub note: String,
    /// 0-based row in the sheet.
    pub row: u32,
}

/// Writes the 重大项目 sheet of `duty`.
pub(super) fn write(
    sheet: &mut Sheet,
    duty: &Duty,
    year: i32,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in ProjectColumns::headers(year).iter().enumerate() {
        sheet.text(0, c as u16, h, &f.header)?;
    }
    sheet.ws.set_freeze_panes(1, 2)?;
    sheet.ws.set_column_width(ProjectColumns::NAME, 36)?;
    sheet.ws.set_column_width(ProjectColumns::INVESTMENT, 12)?;
    sheet.ws.set_column_width(ProjectColumns::COMPLETION, 12)?;
    sheet.ws.set_column_width(ProjectColumns::STATUS, 14)?;
    sheet.ws.set_column_width(ProjectColumns::INVESTED, 16)?;
    sheet.ws.set_column_width(ProjectColumns::NOTE, 50)?;
    let labels = ProjectStatus::ALL.map(ProjectStatus::label);
    let statuses = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("进展状态有误")?
        .set_error_message(format!("请从下拉列表中选择：{}", labels.join("、")))?;
    let amounts = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 1e9))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("完成投资有误")?
        .set_error_message("请填写不小于 0 的金额（亿元），尚未掌握的留空")?;
    for (i, p) in duty.projects.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.text(r, ProjectColumns::ID, &p.id, &f.locked)?;
        sheet.text(r, ProjectColumns::NAME, &p.name, &f.locked)?;
        sheet.number(
            r,
            ProjectColumns::INVESTMENT,
            p.investment,
            &f.locked_number,
        )?;
        sheet.number(
            r,
            ProjectColumns::COMPLETION,
            f64::from(p.completion),
            &f.locked_number,
        )?;
        sheet.ws.write_blank(r, ProjectColumns::STATUS, &f.fill)?;
        sheet.ws.add_data_validation(
            r,
            ProjectColumns::STATUS,
            r,
            ProjectColumns::STATUS,
            &statuses,
        )?;
        sheet.ws.write_blank(r, ProjectColumns::INVESTED, &f.fill)?;
        sheet.ws.add_data_validation(
            r,
            ProjectColumns::INVESTED,
            r,
            ProjectColumns::INVESTED,
            &amounts,
        )?;
        sheet.ws.write_blank(r, ProjectColumns::NOTE, &f.fill)?;
    }
    sheet.ws.protect();
    Ok(())
}

/// The project reports of the sheet's `rows` (0-based, with their ids as written);
/// a row with nothing filled is not reported. Rows below them are refused.
/// (Over 80 lines: one check per cell of a row, each naming its cell.)
pub(super) fn read(
    cx: &mut Ctx,
    sheet: &SheetText,
    duty: &Duty,
    year: i32,
    rows: &[(u32, String)],
) -> Vec<ProjectFill> {
    let headers = ProjectColumns::headers(year);
    let at = |col: u16| headers[col as usize].clone();
    let mut out = Vec::new();
    for (r, id) in rows {
        let Some(project) = duty.projects.iter().find(|p| &p.id == id) else {
            cx.at(
                layout::PROJECT_SHEET,
                *r,
                ProjectColumns::ID,
                &at(ProjectColumns::ID),
                format!("本单位在 {year} 年度不牵头重大项目“{id}”，不能填报该项目"),
            );
            continue;
        };
        // The project as the form shows it, id and name, as `check` names one.
        let who = format!("项目“{id}”（{}）", project.name);
        let status_cell = sheet.get(*r, ProjectColumns::STATUS);
        let invested_cell = sheet.get(*r, ProjectColumns::INVESTED);
        let note = sheet.get(*r, ProjectColumns::NOTE);
        if status_cell.is_empty() && invested_cell.is_empty() && note.is_empty() {
            continue;
        }
        let Some(status) = ProjectStatus::parse(&status_cell) else {
            let message = if status_cell.is_empty() {
                format!(
                    "{who}填写了完成投资或说明，但没有选择进展状态，应为：{}",
                    ProjectStatus::allowed()
                )
            } else {
                format!(
                    "{who}的进展状态“{status_cell}”无法识别，应为：{}",
                    ProjectStatus::allowed()
                )
            };
            let col = ProjectColumns::STATUS;
            cx.at(layout::PROJECT_SHEET, *r, col, &at(col), message);
            continue;
        };
        let investment = match table::parse_value(&invested_cell) {
            Value::Empty => String::new(),
            Value::Number(v) if v >= 0.0 => number(v),
            Value::Number(v) => {
                let col = ProjectColumns::INVESTED;
                let message =
                    format!("{who}的当年完成投资 {v} 为负数，应为不小于 0 的金额（亿元）");
                cx.at(layout::PROJECT_SHEET, *r, col, &at(col), message);
                continue;
            }
            Value::Invalid => {
                let col = ProjectColumns::INVESTED;
                let message = table::not_understood(
                    &format!("{who}的当年完成投资"),
                    &invested_cell,
                    "不是数字（单位：亿元）",
                );
                cx.at(layout::PROJECT_SHEET, *r, col, &at(col), message);
                continue;
            }
        };
        out.push(ProjectFill {
            id: id.clone(),
            status,
            investment,
            note,
            row: *r,
        });
    }
    let last = rows.iter().map(|(r, _)| *r).max().unwrap_or(0);
    for r in last + 1..=sheet.last_row() {
        if (0..=sheet.last_col()).any(|c| !sheet.get(r, c).is_empty()) {
            cx.at(
                layout::PROJECT_SHEET,
                r,
                ProjectColumns::ID,
                &at(ProjectColumns::ID),
                "这一行不是下发的填报表中的行；请勿增加行，其他单位牵头的项目由其填报".to_string(),
            );
        }
    }
    out
}

/// Merges the project reports of `returns` for `year` into `table` (project_progress.csv).
/// (Over 80 lines: the three cells of a row given as the readings' and tasks' merges give them.)
pub(super) fn merge(
    table: &mut Table,
    plan: &Plan,
    year: i32,
    returns: &[&Return],
    replace: bool,
    problems: &mut Problems,
    replaced: &mut Vec<Replaced>,
) -> Counts {
    let names = crate::model::names::Names::new(
        plan.projects
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str())),
    );
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in 0..table.rows.len() {
        if parse_year(table.cell(r, J_YEAR)) != Some(year) {
            continue;
        }
        if let crate::model::names::Found::Id(id) = names.find(table.cell(r, J_PROJECT)) {
            at.entry(id).or_insert(r);
        }
    }
    let headers = ProjectColumns::headers(year);
    let given =
        |field: usize, text: String, label: &'static str, row: u32, col: u16, numeric| Given {
            field,
            text,
            label,
            sheet: layout::PROJECT_SHEET,
            row,
            col,
            header: headers[col as usize].clone(),
            numeric,
        };
    let mut counts = Counts::default();
    for ret in returns {
        for p in &ret.projects {
            let mut cells = vec![given(
                J_STATUS,
                p.status.label().to_string(),
                "进展状态",
                p.row,
                ProjectColumns::STATUS,
                false,
            )];
            if let Some(&r) = at.get(&p.id)
                && ProjectStatus::parse(table.cell(r, J_STATUS)) == Some(p.status)
            {
                cells[0].text = table.cell(r, J_STATUS).to_string();
            }
            if !p.investment.is_empty() {
                let col = ProjectColumns::INVESTED;
                cells.push(given(
                    J_INVESTMENT,
                    p.investment.clone(),
                    "完成投资",
                    p.row,
                    col,
                    true,
                ));
            }
            if !p.note.is_empty() && table.has(J_NOTE) {
                let col = ProjectColumns::NOTE;
                cells.push(given(
                    J_NOTE,
                    p.note.clone(),
                    "原因及说明",
                    p.row,
                    col,
                    false,
                ));
            }
            merge_row(
                table,
                at.get(&p.id).copied(),
                RowKey {
                    year,
                    year_field: J_YEAR,
                    key_field: J_PROJECT,
                    key: &p.id,
                    shown: super::merge::shown(
                        plan.projects
                            .iter()
                            .find(|project| project.id == p.id)
                            .map(|project| project.name.clone()),
                        &p.id,
                    ),
                },
                cells,
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
