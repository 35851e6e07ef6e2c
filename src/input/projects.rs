//! Major projects' yearly reports (`project_progress.csv` or `.xlsx`): each lead
//! unit's status of its project for the year, the investment completed that
//! year (亿元), and what it says of the cause. Optional: a folder without the
//! file has no project reports, and a plan without projects needs none.
//!
//! It reads and checks rows; it never judges a project (that is `evaluate`).

use std::collections::HashMap;

use serde::Serialize;

use crate::error::Problems;
use crate::input::rows::{known_id, year_in_plan};
use crate::input::table::{self, Field, Schema, Value};
use crate::model::names::Names;
use crate::plan::Plan;

// Fields of [`SCHEMA`], by index (also the columns the forms' merge writes).
pub(crate) const YEAR: usize = 0;
pub(crate) const PROJECT: usize = 1;
pub(crate) const STATUS: usize = 2;
pub(crate) const INVESTMENT: usize = 3;
pub(crate) const NOTE: usize = 4;

/// The columns of a project progress table, with the Chinese headers staff use.
pub const SCHEMA: Schema = Schema {
    fields: &[
        Field {
            key: "year",
            aliases: &["year", "年份", "年度"],
            required: true,
            several: false,
        },
        Field {
            key: "project",
            aliases: &["project", "项目编号", "项目", "项目名称"],
            required: true,
            several: true,
        },
        Field {
            key: "status",
            aliases: &["status", "进展状态", "状态", "项目进展"],
            required: true,
            several: false,
        },
        Field {
            key: "investment",
            aliases: &[
                "investment",
                "当年完成投资",
                "完成投资",
                "完成投资（亿元）",
                "当年完成投资（亿元）",
            ],
            required: false,
            several: false,
        },
        Field {
            key: "note",
            aliases: &["note", "原因及说明", "存在问题及原因", "备注", "说明"],
            required: false,
            several: false,
        },
    ],
    year: YEAR,
    per_year: &[STATUS, INVESTMENT, NOTE],
    sheets: &["project_progress", "重大项目", "项目进展"],
};

/// Where a project stands in a year, as its lead unit reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Completed,
    OnSchedule,
    Delayed,
    NotStarted,
    Adjusted,
}

impl ProjectStatus {
    /// Every status a unit may report, in the order the forms offer them.
    pub const ALL: [ProjectStatus; 5] = [
        ProjectStatus::Completed,
        ProjectStatus::OnSchedule,
        ProjectStatus::Delayed,
        ProjectStatus::NotStarted,
        ProjectStatus::Adjusted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::Completed => "已竣工",
            ProjectStatus::OnSchedule => "按计划推进",
            ProjectStatus::Delayed => "进度滞后",
            ProjectStatus::NotStarted => "未开工",
            ProjectStatus::Adjusted => "已调整",
        }
    }

    /// The status a cell names (its label, or a usual other wording).
    pub fn parse(cell: &str) -> Option<ProjectStatus> {
        let cell = cell.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.label() == cell)
            .or(match cell {
                "已完工" | "已建成" | "竣工" | "completed" => {
                    Some(ProjectStatus::Completed)
                }
                "按计划" | "按序时推进" | "序时推进" | "on_schedule" => {
                    Some(ProjectStatus::OnSchedule)
                }
                "滞后" | "delayed" => Some(ProjectStatus::Delayed),
                "未启动" | "not_started" => Some(ProjectStatus::NotStarted),
                "调整" | "已取消" | "adjusted" => Some(ProjectStatus::Adjusted),
                _ => None,
            })
    }

    /// The labels a unit may write, joined for messages and the forms' drop-down.
    pub fn allowed() -> String {
        Self::ALL.map(|s| s.label()).join("、")
    }
}

/// One project's report for one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectReport {
    pub year: i32,
    /// The plan's project id.
    pub project: String,
    pub status: ProjectStatus,
    /// Investment completed in the year, 亿元; `None` when the cell is empty.
    pub investment: Option<f64>,
    /// The unit's own words on the cause or the state of the project, trimmed.
    pub note: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// Whether `project` was reported 已竣工 in a year before `year` (it owes no later report).
pub fn completed_before(reports: &[ProjectReport], project: &str, year: i32) -> bool {
    closed_before(reports, project, year, &[ProjectStatus::Completed])
}

/// Whether `project` owes a report for `year`: it has started (its planned start is not
/// later), and no earlier year's report closed it, as 已竣工 or 已调整 (taken out of the
/// plan's list or moved; a unit that goes on reporting it is read all the same).
pub fn owes_report(reports: &[ProjectReport], project: &crate::plan::Project, year: i32) -> bool {
    project.start <= year
        && !closed_before(
            reports,
            &project.id,
            year,
            &[ProjectStatus::Completed, ProjectStatus::Adjusted],
        )
}

/// Whether `project` was reported with one of `closing` in a year before `year`.
fn closed_before(
    reports: &[ProjectReport],
    project: &str,
    year: i32,
    closing: &[ProjectStatus],
) -> bool {
    reports
        .iter()
        .any(|r| r.project == project && r.year < year && closing.contains(&r.status))
}

/// The reports of `project` for `year`.
pub fn report<'a>(
    reports: &'a [ProjectReport],
    project: &str,
    year: i32,
) -> Option<&'a ProjectReport> {
    reports
        .iter()
        .find(|r| r.project == project && r.year == year)
}

/// Reads a project progress file, putting every problem in `problems`; the
/// reports are the rows that passed, `None` when the file as a whole cannot be read.
/// (Over 80 lines: one check per column of a row, each with its own message, as task_progress.)
pub fn check(
    file: &table::TableFile,
    plan: &Plan,
    problems: &mut Problems,
) -> Option<Vec<ProjectReport>> {
    let path = file.path.as_path();
    let needed = plan.projects.len() * plan.years().count();
    let records = table::read_at_most(file, &SCHEMA, needed * 2 + 1000, problems)?;
    let names = Names::new(
        plan.projects
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str())),
    );
    let mut seen: HashMap<(i32, String), usize> = HashMap::new();
    let mut out = Vec::new();
    let mut dates_told = false;
    for row in &records {
        let suggest = problems.lists_more(path, row.header(PROJECT));
        let mut report = |field: usize, message: String| {
            problems.report(path, Some(row.line), row.header(field), message);
        };
        let Some(year) = year_in_plan(row.get(YEAR), plan, &mut dates_told, |m| report(YEAR, m))
        else {
            continue;
        };
        let cell = row.get(PROJECT);
        if cell.is_empty() {
            report(PROJECT, "没有填写项目编号或名称".to_string());
            continue;
        }
        let id = match known_id(&names, cell, suggest) {
            Ok(id) => id,
            Err(hint) => {
                report(
                    PROJECT,
                    format!("规划中没有编号或名称为“{cell}”的重大项目（projects）{hint}"),
                );
                continue;
            }
        };
        let status_cell = row.get(STATUS);
        let Some(status) = ProjectStatus::parse(status_cell) else {
            report(
                STATUS,
                format!(
                    "项目“{cell}”的进展状态“{status_cell}”无法识别，应为：{}",
                    ProjectStatus::allowed()
                ),
            );
            continue;
        };
        let investment_cell = row.get(INVESTMENT);
        let invested = format!("项目“{cell}”的当年完成投资");
        let formatted = row.shown_as_percent(INVESTMENT);
        if let Some(m) = table::percent_misfit(&invested, investment_cell, formatted, "亿元") {
            report(INVESTMENT, m);
            continue;
        }
        let investment = match table::parse_value(investment_cell) {
            Value::Empty => None,
            Value::Number(v) if v >= 0.0 => Some(v),
            Value::Number(v) => {
                report(
                    INVESTMENT,
                    format!("项目“{cell}”的当年完成投资 {v} 为负数，应为不小于 0 的金额（亿元）"),
                );
                continue;
            }
            Value::Invalid => {
                report(
                    INVESTMENT,
                    table::not_understood(
                        &format!("项目“{cell}”的当年完成投资"),
                        investment_cell,
                        "不是数字（单位：亿元）",
                    ),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((year, id.clone()), row.line) {
            report(
                PROJECT,
                format!("{year} 年项目“{cell}”重复填报（第 {first} 行已有）"),
            );
            continue;
        }
        out.push(ProjectReport {
            year,
            project: id,
            status,
            investment,
            note: row.get(NOTE).to_string(),
            line: row.line,
        });
    }
    Some(out)
}

/// The projects' reports of a data folder: those of its table when it has one (`None` when
/// that table cannot be read at all), none otherwise. A plan that lists projects without
/// the table is told, as a warning: every project is then 未报送.
pub fn gather(
    file: Option<&table::TableFile>,
    missing: &std::path::Path,
    plan: &Plan,
    problems: &mut Problems,
) -> Option<Vec<ProjectReport>> {
    match file {
        Some(file) => check(file, plan, problems),
        None => {
            if let Some(first) = plan.projects.first() {
                problems.warn(
                    missing,
                    None,
                    "projects",
                    format!(
                        "规划列有 {} 项重大项目（如“{}”），但数据文件夹中没有 {}，各项目均按未报送处理",
                        plan.projects.len(),
                        first.name,
                        crate::input::dataset::PROJECTS_FILE
                    ),
                );
            }
            Some(Vec::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(year: i32, status: ProjectStatus) -> ProjectReport {
        ProjectReport {
            year,
            project: "P1".to_string(),
            status,
            investment: None,
            note: String::new(),
            line: 2,
        }
    }

    fn project(start: i32) -> crate::plan::Project {
        crate::plan::Project {
            id: "P1".to_string(),
            name: "污水处理厂".to_string(),
            unit: 0,
            area: String::new(),
            investment: 10.0,
            planned: Vec::new(),
            start,
            completion: 2029,
        }
    }

    #[test]
    fn a_project_owes_reports_from_its_start_until_it_is_completed_or_adjusted() {
        // Not started: nothing owed, though the plan lists it.
        assert!(!owes_report(&[], &project(2027), 2026));
        assert!(owes_report(&[], &project(2027), 2027));
        // 已竣工 or 已调整 in 2027 closes it from 2028; the year itself was reported.
        for closing in [ProjectStatus::Completed, ProjectStatus::Adjusted] {
            let reports = [report(2027, closing)];
            assert!(owes_report(&reports, &project(2026), 2027));
            assert!(!owes_report(&reports, &project(2026), 2028));
        }
        // 进度滞后 or 未开工 closes nothing.
        for open in [ProjectStatus::Delayed, ProjectStatus::NotStarted] {
            assert!(owes_report(&[report(2027, open)], &project(2026), 2028));
        }
        // completed_before keeps its meaning: only 已竣工.
        assert!(!completed_before(
            &[report(2027, ProjectStatus::Adjusted)],
            "P1",
            2028
        ));
    }
}
