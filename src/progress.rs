//! Task progress reports (`task_progress.csv`): each lead unit's status and
//! account of its task for the year.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Serialize, Serializer};

use crate::error::{Problems, Result};
use crate::plan::Plan;
use crate::table::Table;

/// A task's status for a year; `NotReported` is what a missing report means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Completed,
    OnSchedule,
    Behind,
    NotStarted,
    NotReported,
}

impl Status {
    /// The statuses a lead unit may report, in the words of the report form.
    pub const REPORTABLE: [Status; 4] = [
        Status::Completed,
        Status::OnSchedule,
        Status::Behind,
        Status::NotStarted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Completed => "已完成",
            Status::OnSchedule => "序时推进",
            Status::Behind => "进度滞后",
            Status::NotStarted => "未启动",
            Status::NotReported => "未报送",
        }
    }

    pub fn from_label(label: &str) -> Option<Status> {
        Status::REPORTABLE
            .into_iter()
            .chain([Status::NotReported])
            .find(|s| s.label() == label)
    }

    /// True for statuses that call for a countermeasure.
    pub fn is_lagging(self) -> bool {
        matches!(
            self,
            Status::Behind | Status::NotStarted | Status::NotReported
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub year: i32,
    pub task: String,
    pub status: Status,
    pub summary: String,
    pub line: usize,
}

/// All task reports of a data folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    pub reports: Vec<Report>,
}

impl Progress {
    pub fn get(&self, task: &str, year: i32) -> Option<&Report> {
        self.reports
            .iter()
            .find(|r| r.task == task && r.year == year)
    }
}

/// Reads and checks `task_progress.csv` against `plan`.
pub fn load(path: &Path, plan: &Plan) -> Result<Progress> {
    let table = Table::read(path)?;
    let mut problems = Problems::default();
    let cols = table.columns(
        path,
        &mut problems,
        &[
            ("year", true),
            ("task", true),
            ("status", true),
            ("summary", false),
        ],
    );
    if !problems.is_empty() {
        return problems.finish(Progress::default());
    }
    let [year_col, task_col, status_col, summary_col] = cols[..] else {
        unreachable!("four columns were asked for")
    };
    let mut progress = Progress::default();
    let mut seen: HashMap<(i32, String), usize> = HashMap::new();
    for row in &table.rows {
        let mut report = |field: &str, message: String| {
            problems.report(path, Some(row.line), field, message);
        };
        let year_cell = row.get(year_col);
        let Ok(year) = year_cell.parse::<i32>() else {
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
        let task = row.get(task_col);
        if !plan.tasks().any(|(_, t)| t.id == task) {
            report("task", format!("规划中没有编号为“{task}”的任务"));
            continue;
        }
        let status_cell = row.get(status_col);
        let status = match Status::from_label(status_cell) {
            Some(s) if s != Status::NotReported => s,
            _ => {
                let allowed: Vec<&str> = Status::REPORTABLE.iter().map(|s| s.label()).collect();
                report(
                    "status",
                    format!(
                        "任务“{task}”的进展状态“{status_cell}”无法识别，应为：{}",
                        allowed.join("、")
                    ),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((year, task.to_string()), row.line) {
            report(
                "task",
                format!("{year} 年任务“{task}”重复填报（第 {first} 行已有）"),
            );
            continue;
        }
        progress.reports.push(Report {
            year,
            task: task.to_string(),
            status,
            summary: row.get(summary_col).to_string(),
            line: row.line,
        });
    }
    problems.finish(progress)
}
