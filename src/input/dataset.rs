//! A data folder: the plan, the readings and task reports (CSV or Excel), the
//! countermeasure rules, and whether the figures are sample data.

use std::path::{Path, PathBuf};

use crate::error::{Problem, Problems, Result};
use crate::files;
use crate::input::progress::{self, Progress};
use crate::input::readings::{self, Readings};
use crate::input::rules::{self, Rules};
use crate::input::table;
use crate::plan::{self, Plan};

pub const PLAN_FILE: &str = "plan.yaml";
pub const READINGS_FILE: &str = "readings.csv";
/// May stand in place of [`READINGS_FILE`].
pub const READINGS_WORKBOOK: &str = "readings.xlsx";
pub const PROGRESS_FILE: &str = "task_progress.csv";
/// May stand in place of [`PROGRESS_FILE`].
pub const PROGRESS_WORKBOOK: &str = "task_progress.xlsx";
pub const RULES_FILE: &str = "countermeasures.yaml";
/// Its presence marks the folder's figures as illustrative.
pub const SAMPLE_MARKER: &str = "SAMPLE_DATA.txt";

/// Every input of a report, validated.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub dir: PathBuf,
    pub plan: Plan,
    pub readings: Readings,
    pub progress: Progress,
    pub rules: Rules,
    pub sample: bool,
    /// The file each part was read from (a table's CSV file or its workbook).
    pub plan_path: PathBuf,
    pub readings_path: PathBuf,
    pub progress_path: PathBuf,
    pub rules_path: PathBuf,
    pub sample_path: PathBuf,
}

impl Dataset {
    /// The files the data were read from, in the order they are read
    /// (plan, readings, task reports, rules), and the sample marker when
    /// there is one: what the archive copies as the report's inputs.
    pub fn sources(&self) -> Vec<&Path> {
        let mut all: Vec<&Path> = vec![
            &self.plan_path,
            &self.readings_path,
            &self.progress_path,
            &self.rules_path,
        ];
        if self.sample {
            all.push(&self.sample_path);
        }
        all
    }
}

/// Finds the file of one table: the CSV file or the workbook, not both.
fn locate(dir: &Path, csv: &str, xlsx: &str, problems: &mut Problems) -> Option<PathBuf> {
    let (csv_path, xlsx_path) = (dir.join(csv), dir.join(xlsx));
    match (csv_path.exists(), xlsx_path.exists()) {
        (true, true) => {
            problems.push(Problem::new(
                &xlsx_path,
                None,
                None,
                format!("与 {csv} 同时存在，无法确定使用哪一个；请删除或改名其中一个"),
            ));
            None
        }
        (false, true) => Some(xlsx_path),
        (true, false) => Some(csv_path),
        (false, false) => {
            let mut message = format!("缺少数据文件（应有 {csv} 或 {xlsx}）");
            if let Some(other) = unreadable_workbook(dir, csv) {
                message.push_str(&format!(
                    "；文件夹中的 {other} 不能直接读取，请在 Excel 或 WPS 中“另存为” .xlsx 工作簿或 CSV 文件"
                ));
            }
            problems.push(Problem::new(&csv_path, None, None, message));
            None
        }
    }
}

/// A spreadsheet of another format saved under the table's name (`readings.xls`,
/// WPS's `.et`, ...), which staff may well have instead: its file name.
fn unreadable_workbook(dir: &Path, csv: &str) -> Option<String> {
    let stem = csv.strip_suffix(".csv").unwrap_or(csv);
    ["xls", "et", "ods", "xlsm", "xlsb", "numbers"]
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .find(|name| dir.join(name).exists())
}

/// Loads the data folder `dir`, checking everything that does not depend on
/// the year evaluated. Every problem found goes into `problems`; the dataset
/// is there when the files could be read, even if rows were rejected.
pub fn gather(dir: &Path, problems: &mut Problems) -> Option<Dataset> {
    gather_then(dir, problems, &mut |_| {})
}

/// Reads the data folder as [`gather`] does, showing `on_plan` the plan as soon as it is loaded
/// and valid, before the tables are read (a report starts on what the plan alone decides).
pub fn gather_then(
    dir: &Path,
    problems: &mut Problems,
    on_plan: &mut dyn FnMut(&Plan),
) -> Option<Dataset> {
    // A link out of the folder is refused before anything is read.
    let links: Vec<Problem> = [
        PLAN_FILE,
        READINGS_FILE,
        READINGS_WORKBOOK,
        PROGRESS_FILE,
        PROGRESS_WORKBOOK,
        RULES_FILE,
        SAMPLE_MARKER,
    ]
    .iter()
    .filter_map(|name| {
        let path = dir.join(name);
        files::link_outside(dir, &path).map(|why| Problem::new(&path, None, None, why))
    })
    .collect();
    if !links.is_empty() {
        for problem in links {
            problems.push(problem);
        }
        return None;
    }
    let plan_path = dir.join(PLAN_FILE);
    let readings_path = locate(dir, READINGS_FILE, READINGS_WORKBOOK, problems);
    let progress_path = locate(dir, PROGRESS_FILE, PROGRESS_WORKBOOK, problems);
    let rules_path = dir.join(RULES_FILE);
    let plan = match plan::load(&plan_path) {
        Ok(plan) => plan,
        Err(e) => {
            problems.absorb(&plan_path, e);
            // Without a plan, rows cannot be joined; the files can still be
            // checked for encoding and columns.
            let mut file_level = Problems::default();
            if let Some(p) = &readings_path {
                table::read(p, &readings::SCHEMA, &mut file_level);
            }
            if let Some(p) = &progress_path {
                table::read(p, &progress::SCHEMA, &mut file_level);
            }
            problems.extend(file_level);
            return None;
        }
    };
    on_plan(&plan);
    let readings = readings_path
        .as_ref()
        .and_then(|p| readings::check(p, &plan, problems));
    let progress = progress_path
        .as_ref()
        .and_then(|p| progress::check(p, &plan, problems));
    let rules = rules::load(&rules_path, &plan)
        .map_err(|e| problems.absorb(&rules_path, e))
        .ok();
    let sample_path = dir.join(SAMPLE_MARKER);
    Some(Dataset {
        dir: dir.to_path_buf(),
        sample: sample_path.is_file(),
        plan,
        readings: readings?,
        progress: progress?,
        rules: rules?,
        plan_path,
        readings_path: readings_path?,
        progress_path: progress_path?,
        rules_path,
        sample_path,
    })
}

/// Loads and validates the data folder `dir`. Every error in the files is
/// reported together; warnings are left to `plan-eval check`.
pub fn load(dir: &Path) -> Result<Dataset> {
    let mut problems = Problems::default();
    let dataset = gather(dir, &mut problems);
    finish(problems, dataset)
}

/// The dataset when `problems` hold no error, else every error together.
pub fn finish(problems: Problems, dataset: Option<Dataset>) -> Result<Dataset> {
    match dataset {
        Some(dataset) => problems.finish(dataset),
        None => {
            let errors: Vec<Problem> = problems
                .into_vec()
                .into_iter()
                .filter(Problem::is_error)
                .collect();
            Err(crate::error::Error::Invalid(errors))
        }
    }
}
