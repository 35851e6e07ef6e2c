//! A data folder: the plan, the year's readings and task reports, the
//! countermeasure rules, and whether the figures are sample data.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::plan::{self, Plan};
use crate::progress::{self, Progress};
use crate::readings::{self, Readings};
use crate::rules::{self, Rules};

pub const PLAN_FILE: &str = "plan.yaml";
pub const READINGS_FILE: &str = "readings.csv";
pub const PROGRESS_FILE: &str = "task_progress.csv";
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
}

impl Dataset {
    /// The input files, in the order they are read.
    pub fn files(dir: &Path) -> [PathBuf; 4] {
        [PLAN_FILE, READINGS_FILE, PROGRESS_FILE, RULES_FILE].map(|f| dir.join(f))
    }
}

/// Loads and validates the data folder `dir`. Problems in the data files are
/// all reported together; a broken plan stops before the data are read.
pub fn load(dir: &Path) -> Result<Dataset> {
    let [plan_path, readings_path, progress_path, rules_path] = Dataset::files(dir);
    let plan = plan::load(&plan_path)?;
    let readings = readings::load(&readings_path, &plan);
    let progress = progress::load(&progress_path, &plan);
    let rules = rules::load(&rules_path, &plan);
    let mut problems = Vec::new();
    let mut keep = |e: Error| match e {
        Error::Invalid(list) => problems.extend(list),
        other => problems.push(crate::error::Problem::new(
            dir,
            None,
            None,
            other.to_string(),
        )),
    };
    let readings = readings.map_err(&mut keep).ok();
    let progress = progress.map_err(&mut keep).ok();
    let rules = rules.map_err(&mut keep).ok();
    match (readings, progress, rules) {
        (Some(readings), Some(progress), Some(rules)) => Ok(Dataset {
            dir: dir.to_path_buf(),
            sample: dir.join(SAMPLE_MARKER).exists(),
            plan,
            readings,
            progress,
            rules,
        }),
        _ => Err(Error::Invalid(problems)),
    }
}
