//! Task progress reports (`task_progress.csv` or `task_progress.xlsx`): each
//! lead unit's status and account of its task for the year, the task given by
//! id or by title.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::vocabulary::Status;

use crate::error::Problems;
use crate::input::row_index::RowIndex;
use crate::input::rows::{known_id, year_in_plan};
use crate::input::table::{self, Field, Schema};
use crate::model::names::Names;
use crate::plan::Plan;

// Fields of [`SCHEMA`], by index (also the columns the forms' merge writes).
pub(crate) const YEAR: usize = 0;
pub(crate) const TASK: usize = 1;
pub(crate) const STATUS: usize = 2;
pub(crate) const SUMMARY: usize = 3;
pub(crate) const EXPERIENCE: usize = 4;
pub(crate) const PROBLEMS: usize = 5;

/// The columns of a task progress table, with the Chinese headers staff use.
pub const SCHEMA: Schema = Schema {
    fields: &[
        Field {
            key: "year",
            aliases: &["year", "年份", "年度"],
            required: true,
            several: false,
        },
        Field {
            key: "task",
            aliases: &["task", "任务编号", "任务", "任务名称"],
            required: true,
            several: true,
        },
        Field {
            key: "status",
            aliases: &["status", "进展状态", "状态"],
            required: true,
            several: false,
        },
        Field {
            key: "summary",
            aliases: &["summary", "进展情况", "完成情况"],
            required: false,
            several: false,
        },
        Field {
            key: "experience",
            aliases: &[
                "experience",
                "主要做法和经验",
                "主要做法及经验",
                "经验做法",
                "主要经验",
            ],
            required: false,
            several: false,
        },
        Field {
            key: "problems",
            aliases: &[
                "problems",
                "存在问题及原因",
                "存在问题和原因",
                "存在的问题及原因",
                "存在问题",
            ],
            required: false,
            several: false,
        },
    ],
    year: YEAR,
    per_year: &[STATUS, SUMMARY, EXPERIENCE, PROBLEMS],
    sheets: &["task_progress", "任务进展"],
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub year: i32,
    pub task: String,
    pub status: Status,
    pub summary: String,
    /// 主要做法和经验, as the unit wrote it (trimmed); empty when it wrote none.
    pub experience: String,
    /// 存在问题及原因, as the unit wrote it (trimmed); empty when it wrote none.
    pub problems: String,
    pub line: usize,
}

/// All task reports of a data folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    pub reports: Vec<Report>,
    /// The major projects' reports (`project_progress.csv`), empty when the folder has none.
    pub projects: Vec<crate::input::projects::ProjectReport>,
    /// Where each task's reports are, made on the first query.
    #[serde(skip)]
    index: RowIndex,
}

impl Progress {
    /// The report of `task` for `year` (the first, should there be two).
    pub fn get(&self, task: &str, year: i32) -> Option<&Report> {
        match self.index.positions(&self.reports, |r| r.task.as_str()) {
            Some(index) => index
                .get(task)?
                .iter()
                .map(|&i| &self.reports[i])
                .find(|r| r.year == year),
            None => self
                .reports
                .iter()
                .find(|r| r.task == task && r.year == year),
        }
    }
}

/// Reads a task progress file, putting every problem in `problems`; the
/// reports are those rows that passed, `None` when the file as a whole
/// cannot be read.
pub fn check(file: &table::TableFile, plan: &Plan, problems: &mut Problems) -> Option<Progress> {
    let path = file.path.as_path();
    let mut progress = Progress::default();
    // Each task once a year, a sheet's title rows, and room to spare.
    let needed = plan.tasks().count() * plan.years().count();
    let records = table::read_at_most(file, &SCHEMA, needed * 2 + 1000, problems)?;
    let names = Names::new(plan.tasks().map(|(_, t)| (t.id.as_str(), t.title.as_str())));
    let mut seen: HashMap<(i32, String), usize> = HashMap::new();
    // Years that are dates are told once, at the first such row.
    let mut dates_told = false;
    for row in &records {
        // A "did you mean" is searched for only while the errors are still listed one by one.
        let suggest = problems.lists_more(path, row.header(TASK));
        let mut report = |field: usize, message: String| {
            problems.report(path, Some(row.line), row.header(field), message);
        };
        let Some(year) = year_in_plan(row.get(YEAR), plan, &mut dates_told, |m| report(YEAR, m))
        else {
            continue;
        };
        let task = row.get(TASK);
        if task.is_empty() {
            report(TASK, "没有填写任务编号或名称".to_string());
            continue;
        }
        let id = match known_id(&names, task, suggest) {
            Ok(id) => id,
            Err(hint) => {
                report(TASK, format!("规划中没有编号或名称为“{task}”的任务{hint}"));
                continue;
            }
        };
        let status_cell = row.get(STATUS);
        let status = match Status::from_label(status_cell) {
            Some(s) if s != Status::NotReported => s,
            _ => {
                let allowed: Vec<&str> = Status::REPORTABLE.iter().map(|s| s.label()).collect();
                report(
                    STATUS,
                    format!(
                        "任务“{task}”的进展状态“{status_cell}”无法识别，应为：{}",
                        allowed.join("、")
                    ),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((year, id.clone()), row.line) {
            report(
                TASK,
                format!("{year} 年任务“{task}”重复填报（第 {first} 行已有）"),
            );
            continue;
        }
        progress.reports.push(Report {
            year,
            task: id,
            status,
            summary: row.get(SUMMARY).to_string(),
            experience: row.get(EXPERIENCE).to_string(),
            problems: row.get(PROBLEMS).to_string(),
            line: row.line,
        });
    }
    Some(progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_reports_are_the_scanned_reports() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let plan = crate::plan::load(&dir.join("plan.yaml")).expect("bundled plan");
        let mut problems = crate::error::Problems::default();
        let mut progress = check(
            &table::TableFile::from_disk(&dir.join("task_progress.csv")),
            &plan,
            &mut problems,
        )
        .expect("bundled task reports");
        assert!(!problems.has_errors());
        let scan = |progress: &Progress, task: &str, year: i32| {
            progress
                .reports
                .iter()
                .find(|r| r.task == task && r.year == year)
                .cloned()
        };
        let check = |progress: &Progress| {
            for (_, task) in plan.tasks() {
                for year in plan.years() {
                    assert_eq!(
                        progress.get(&task.id, year).cloned(),
                        scan(progress, &task.id, year)
                    );
                }
            }
        };
        check(&progress);
        check(&progress.clone());
        // A list changed after the index was made is read in full.
        let mut late = progress.reports[0].clone();
        late.year = plan.meta.target_year + 1;
        progress.reports.push(late.clone());
        check(&progress);
        assert_eq!(progress.get(&late.task, late.year), Some(&late));
    }
}
