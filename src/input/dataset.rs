//! A data folder: the plan, the readings and task reports (CSV or Excel), the
//! countermeasure rules, and whether the figures are sample data.
//!
//! A folder is read once, into a [`Snapshot`] of its files' bytes; the data
//! are validated from the snapshot ([`gather`]), and the same bytes are what
//! the archive copies. Nothing here reads a file after the snapshot is taken,
//! and nothing here writes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Problem, Problems, Result};
use crate::files;
use crate::input::progress::{self, Progress};
use crate::input::projects;
use crate::input::readings::{self, Readings};
use crate::input::rules::{self, Rules};
use crate::input::table::{self, Served, TableFile};
use crate::plan::{self, Plan};

pub const PLAN_FILE: &str = "plan.yaml";

/// The plan of the data folder `dir` when it can be read, for the checks a command makes
/// before any report (its years, its signing date); a plan that cannot be read, or that links
/// outside the folder, is `None`, left to the report to tell why.
pub fn readable_plan(dir: &Path) -> Option<Plan> {
    let path = dir.join(PLAN_FILE);
    if files::link_outside(dir, &path).is_some() {
        return None;
    }
    plan::load(&path).ok()
}
pub const READINGS_FILE: &str = "readings.csv";
/// May stand in place of [`READINGS_FILE`].
pub const READINGS_WORKBOOK: &str = "readings.xlsx";
pub const PROGRESS_FILE: &str = "task_progress.csv";
/// May stand in place of [`PROGRESS_FILE`].
pub const PROGRESS_WORKBOOK: &str = "task_progress.xlsx";
pub const RULES_FILE: &str = "countermeasures.yaml";
/// Major projects' yearly reports; optional.
pub const PROJECTS_FILE: &str = "project_progress.csv";
/// May stand in place of [`PROJECTS_FILE`].
pub const PROJECTS_WORKBOOK: &str = "project_progress.xlsx";
/// Its presence marks the folder's figures as illustrative.
pub const SAMPLE_MARKER: &str = "SAMPLE_DATA.txt";

/// Every file of a data folder a report reads, each read once, whole, into
/// memory: what is validated and evaluated ([`gather`]) and what the archive
/// copies ([`Snapshot::files`]) are the same bytes, whatever happens to the
/// folder meanwhile.
#[derive(Debug, Clone)]
pub struct Snapshot {
    dir: PathBuf,
    /// What is wrong with the folder itself: a link out of it, a table missing or given twice.
    folder: Vec<Problem>,
    /// A link out of the folder stops everything: no file was read.
    linked: bool,
    plan: Entry,
    readings: Option<Entry>,
    progress: Option<Entry>,
    /// The major projects' reports, when the folder has them (they are optional).
    projects: Option<Entry>,
    rules: Entry,
    /// The sample marker, when the folder has one.
    sample: Option<Entry>,
    /// The plan, parsed the first time it is asked for (a report's date needs it before the
    /// check does): `None` when it cannot be read or is not valid.
    parsed_plan: std::sync::OnceLock<Option<Plan>>,
}

/// One file of a snapshot: its path and its bytes, or why it could not be read.
#[derive(Debug, Clone)]
struct Entry {
    path: PathBuf,
    bytes: Served,
}

impl Entry {
    fn read(path: PathBuf) -> Entry {
        let bytes = std::fs::read(&path)
            .map(Arc::from)
            .map_err(|e| (e.kind(), e.to_string()));
        Entry { path, bytes }
    }

    /// The file as UTF-8 text, with the error reading it from disk gives.
    fn text(&self) -> Result<String> {
        match &self.bytes {
            Ok(bytes) => files::text(&self.path, bytes.to_vec()),
            Err((kind, message)) => Err(Error::Read {
                path: self.path.clone(),
                source: std::io::Error::new(*kind, message.clone()),
            }),
        }
    }
}

impl Snapshot {
    /// Reads the data folder `dir`: each file a report uses, once. Never fails: what
    /// cannot be read is told by [`gather`], as the file's problem.
    pub fn read(dir: &Path) -> Snapshot {
        let mut folder = Vec::new();
        // A link out of the folder is refused before anything is read.
        for name in [
            PLAN_FILE,
            READINGS_FILE,
            READINGS_WORKBOOK,
            PROGRESS_FILE,
            PROGRESS_WORKBOOK,
            PROJECTS_FILE,
            PROJECTS_WORKBOOK,
            RULES_FILE,
            SAMPLE_MARKER,
        ] {
            let path = dir.join(name);
            if let Some(why) = files::link_outside(dir, &path) {
                folder.push(Problem::new(&path, None, None, why));
            }
        }
        let linked = !folder.is_empty();
        let entry = |path: PathBuf| {
            if linked {
                Entry {
                    path,
                    bytes: Err((std::io::ErrorKind::Other, String::new())),
                }
            } else {
                Entry::read(path)
            }
        };
        let (readings, progress, projects) = if linked {
            (None, None, None)
        } else {
            (
                locate(dir, READINGS_FILE, READINGS_WORKBOOK, &mut folder),
                locate(dir, PROGRESS_FILE, PROGRESS_WORKBOOK, &mut folder),
                locate_optional(dir, PROJECTS_FILE, PROJECTS_WORKBOOK, &mut folder),
            )
        };
        let sample_path = dir.join(SAMPLE_MARKER);
        Snapshot {
            dir: dir.to_path_buf(),
            linked,
            plan: entry(dir.join(PLAN_FILE)),
            readings: readings.map(entry),
            progress: progress.map(entry),
            projects: projects.map(entry),
            rules: entry(dir.join(RULES_FILE)),
            sample: (!linked && sample_path.is_file()).then(|| entry(sample_path)),
            parsed_plan: std::sync::OnceLock::new(),
            folder,
        }
    }

    /// The plan, if it can be read and is valid (its problems are told by [`gather`]).
    pub fn plan(&self) -> Option<&Plan> {
        self.parsed_plan
            .get_or_init(|| {
                if self.linked {
                    return None;
                }
                let text = self.plan.text().ok()?;
                plan::parse(&self.plan.path, &text).ok()
            })
            .as_ref()
    }

    /// The folder the snapshot was taken of.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The files read, by their names in the folder, with their bytes (plan, readings, task
    /// reports, rules, and the sample marker when there is one): what the archive copies as
    /// the report's inputs. A file that could not be read is left out (the data then fail).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        [
            Some(&self.plan),
            self.readings.as_ref(),
            self.progress.as_ref(),
            self.projects.as_ref(),
            Some(&self.rules),
            self.sample.as_ref(),
        ]
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let name = entry.path.file_name()?.to_string_lossy().into_owned();
            Some((name, entry.bytes.as_ref().ok()?.to_vec()))
        })
        .collect()
    }

    /// The readings', the task reports' and the projects' tables, as read.
    fn tables(&self) -> [Option<TableFile>; 3] {
        [&self.readings, &self.progress, &self.projects].map(|entry| {
            entry.as_ref().map(|e| TableFile {
                path: e.path.clone(),
                bytes: e.bytes.clone(),
            })
        })
    }
}

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
    /// The major projects' reports, when the folder has them.
    pub projects_path: Option<PathBuf>,
    pub rules_path: PathBuf,
}

/// Finds the file of one table: the CSV file or the workbook, not both.
fn locate(dir: &Path, csv: &str, xlsx: &str, problems: &mut Vec<Problem>) -> Option<PathBuf> {
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

/// Finds the file of an optional table: `None`, and no problem, when there is none.
fn locate_optional(
    dir: &Path,
    csv: &str,
    xlsx: &str,
    problems: &mut Vec<Problem>,
) -> Option<PathBuf> {
    if dir.join(csv).exists() || dir.join(xlsx).exists() {
        locate(dir, csv, xlsx, problems)
    } else {
        None
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

/// Validates a snapshot of a data folder, checking everything that does not depend on the
/// year evaluated. Every problem found goes into `problems`; the dataset is there when the
/// files could be read, even if rows were rejected.
pub fn gather(snapshot: &Snapshot, problems: &mut Problems) -> Option<Dataset> {
    for problem in &snapshot.folder {
        problems.push(problem.clone());
    }
    if snapshot.linked {
        return None;
    }
    let plan_path = &snapshot.plan.path;
    let rules_path = &snapshot.rules.path;
    let readings_path = snapshot.readings.as_ref().map(|e| &e.path);
    let progress_path = snapshot.progress.as_ref().map(|e| &e.path);
    // The tables are read by their checks from the snapshot's bytes.
    let [readings_table, progress_table, projects_table] = snapshot.tables();
    // A valid plan is parsed once; an invalid one again, for its errors.
    let parsed = match snapshot.plan() {
        Some(plan) => Ok(plan.clone()),
        None => snapshot
            .plan
            .text()
            .and_then(|t| plan::parse(plan_path, &t)),
    };
    let plan = match parsed {
        Ok(plan) => plan,
        Err(e) => {
            problems.absorb(plan_path, e);
            let tables = [readings_table, progress_table, projects_table];
            without_plan(&tables, problems);
            return None;
        }
    };
    // What the plan file says that `check` should pass on without stopping a report.
    for advice in &plan.advice {
        problems.push(advice.clone());
    }
    let readings = readings_table.and_then(|t| readings::check(&t, &plan, problems));
    let mut progress = progress_table.and_then(|t| progress::check(&t, &plan, problems));
    let project_reports = projects::gather(
        projects_table.as_ref(),
        &snapshot.dir.join(PROJECTS_FILE),
        &plan,
        problems,
    );
    if let Some(progress) = &mut progress {
        progress.projects = project_reports?;
    }
    let rules = snapshot
        .rules
        .text()
        .and_then(|t| rules::parse(rules_path, &t, &plan))
        .map_err(|e| problems.absorb(rules_path, e))
        .ok();
    if let Some(rules) = &rules {
        for uncovered in rules.uncovered(&plan) {
            problems.warn(rules_path, None, "indicator_rules", uncovered);
        }
    }
    Some(Dataset {
        dir: snapshot.dir.clone(),
        sample: snapshot.sample.is_some(),
        plan,
        readings: readings?,
        progress: progress?,
        rules: rules?,
        plan_path: plan_path.clone(),
        readings_path: readings_path?.clone(),
        progress_path: progress_path?.clone(),
        projects_path: snapshot.projects.as_ref().map(|e| e.path.clone()),
        rules_path: rules_path.clone(),
    })
}

/// Checks the tables of a folder whose plan is invalid: without a plan, rows cannot be
/// joined, but the files can still be checked for encoding and columns.
fn without_plan(tables: &[Option<TableFile>; 3], problems: &mut Problems) {
    let [readings_table, progress_table, projects_table] = tables;
    let mut file_level = Problems::default();
    if let Some(t) = readings_table {
        table::read(t, &readings::SCHEMA, &mut file_level);
    }
    if let Some(t) = progress_table {
        table::read(t, &progress::SCHEMA, &mut file_level);
    }
    if let Some(t) = projects_table {
        table::read(t, &projects::SCHEMA, &mut file_level);
    }
    problems.extend(file_level);
}

/// Reads, loads and validates the data folder `dir`. Every error in the files is
/// reported together; warnings are left to `plan-eval check`.
pub fn load(dir: &Path) -> Result<Dataset> {
    let mut problems = Problems::default();
    let dataset = gather(&Snapshot::read(dir), &mut problems);
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
            Err(Error::Invalid(errors))
        }
    }
}
