//! The yearly forms: `plan-eval forms` writes one `.xlsx` per lead unit
//! ([`make`]); `plan-eval collect` reads the returns, checks them and merges
//! them into the data folder, all files or none ([`collect`]); both and
//! `check` show the 报送情况 table ([`status`]).
//!
//! A form is recognised by its hidden marker sheet (plan, year, unit, and a
//! copy of every locked cell), not by its file name.

pub(crate) mod layout;
pub(crate) mod merge;
mod projects;
pub(crate) mod read;
pub mod status;
mod table;
mod write;

use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Problems, Result};
use crate::files;
use crate::input::{dataset, table::is_workbook};

use layout::{IndicatorColumns, TaskColumns, cell_name};
use read::Return;
use status::UnitStatus;

/// The default folder of the forms of `year`.
pub fn default_out(year: i32) -> PathBuf {
    PathBuf::from(format!("填报表-{year}"))
}

/// Writes the forms of `year` for every lead unit of the data folder `data`
/// into the folder `out` as a whole (an earlier folder of forms is replaced;
/// a folder holding anything else is refused). Returns the files written.
pub fn make(data: &Path, year: i32, out: &Path) -> Result<Vec<PathBuf>> {
    let data = dataset::load(data)?;
    data.plan.check_year(year).map_err(Error::Usage)?;
    let duties = layout::duties(&data.plan, year);
    let books = in_parallel(&duties, |duty| write::workbook(&data, duty, year));
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(duties.len());
    for (duty, book) in duties.iter().zip(books) {
        let unit = &data.plan.units[duty.unit];
        let mut name = layout::file_name(year, &unit.full_name);
        if files.iter().any(|(n, _)| n == &name) {
            // Two units of one full name: the notice's name tells them apart.
            name = layout::file_name(
                year,
                &format!(
                    "{}（{}）",
                    unit.full_name,
                    layout::safe_file_name(&unit.name)
                ),
            );
        }
        files.push((name, book?));
    }
    let prefix = layout::file_prefix(year);
    files::replace_folder(out, &files, |name| {
        name.starts_with(&prefix) && name.ends_with(".xlsx")
    })
}

/// `f` of every item, in order, on as many threads as there are cores: the
/// forms are many small independent workbooks.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a form worker panicked"))
            .collect()
    })
}

/// What a `collect` did.
#[derive(Debug, Clone)]
pub struct Collected {
    /// Each return read, with the unit whose it is.
    pub returns: Vec<(PathBuf, String)>,
    /// Figures and reports that replaced others (with `--replace`).
    pub replaced: Vec<merge::Replaced>,
    /// Rows added and filled in the readings and in the task reports.
    pub readings: merge::Counts,
    pub progress: merge::Counts,
    /// Rows added and filled in the major projects' reports (none when the plan lists none).
    pub projects: merge::Counts,
    /// The 报送情况 table after the merge.
    pub status: Vec<UnitStatus>,
    /// The files written.
    pub written: Vec<PathBuf>,
}

impl Collected {
    /// The rows merged in words, as `collect` and the workbench say them: the figures, the
    /// task reports and (when any) the major projects' reports added and filled.
    pub fn counts_words(&self) -> String {
        let projects = if self.projects.added + self.projects.filled > 0 {
            format!(
                "；重大项目进展新增 {} 行、补填 {} 行",
                self.projects.added, self.projects.filled
            )
        } else {
            String::new()
        };
        format!(
            "指标数据新增 {} 行、补填 {} 行；任务进展新增 {} 行、补填 {} 行{projects}。",
            self.readings.added, self.readings.filled, self.progress.added, self.progress.filled
        )
    }
}

/// Reads the returns `paths` for `year`, and merges them into the data
/// folder `data_dir`; on any problem nothing is written and every problem is listed.
pub fn collect(data_dir: &Path, year: i32, paths: &[PathBuf], replace: bool) -> Result<Collected> {
    let data = dataset::load(data_dir)?;
    let plan = &data.plan;
    plan.check_year(year).map_err(Error::Usage)?;
    refuse_workbooks(&data)?;
    let duties = layout::duties(plan, year);
    let mut problems = Problems::default();
    let mut returns: Vec<Return> = Vec::new();
    let read = in_parallel(paths, |path| {
        let mut found = Problems::default();
        (read::read(path, plan, &duties, year, &mut found), found)
    });
    for (ret, found) in read {
        problems.extend(found);
        returns.extend(ret);
    }
    let combined = combine(plan, year, returns.clone(), &mut problems);
    if problems.has_errors() {
        return Err(Error::Invalid(problems.into_vec()));
    }
    let mut tables = Tables::read(&data)?;
    let refs: Vec<&Return> = combined.iter().collect();
    let mut replaced = Vec::new();
    merge::refuse_clashes(&tables.readings, plan, year, &refs, &mut problems);
    let [r_counts, p_counts, j_counts] =
        tables.merge(plan, year, &refs, replace, &mut problems, &mut replaced);
    if problems.has_errors() {
        return Err(Error::Invalid(problems.into_vec()));
    }
    let (status, written) = tables.write(&data, year)?;
    Ok(Collected {
        returns: returns
            .iter()
            .map(|r| (r.path.clone(), plan.units[r.unit].name.clone()))
            .collect(),
        replaced,
        readings: r_counts,
        progress: p_counts,
        projects: j_counts,
        status,
        written,
    })
}

/// Refuses a data folder whose tables are Excel workbooks: collect writes CSV only.
fn refuse_workbooks(data: &dataset::Dataset) -> Result<()> {
    for path in [&data.readings_path, &data.progress_path]
        .into_iter()
        .chain(data.projects_path.as_ref())
    {
        if is_workbook(path) {
            return Err(Error::Usage(format!(
                "数据目录使用的是 Excel 工作簿 {}，collect 只能合并到 CSV 文件；请先另存为 CSV（UTF-8）后重试",
                path.display()
            )));
        }
    }
    Ok(())
}

/// The data folder's tables the returns are merged into, each with the path it is
/// written to (the projects' table is new when the folder has none).
struct Tables {
    readings: table::Table,
    progress: table::Table,
    projects: table::Table,
    readings_path: PathBuf,
    progress_path: PathBuf,
    projects_path: PathBuf,
}

impl Tables {
    /// The data folder's readings, task reports and projects' reports as they are now.
    fn read(data: &dataset::Dataset) -> Result<Tables> {
        let dir = &data.dir;
        let readings_path = dir.join(dataset::READINGS_FILE);
        let progress_path = dir.join(dataset::PROGRESS_FILE);
        let (r_schema, p_schema) = merge::schemas();
        let readings = table::Table::read(&readings_path, r_schema, merge::READINGS_HEADERS)?;
        let progress = table::Table::read(&progress_path, p_schema, merge::PROGRESS_HEADERS)?;
        let projects_path = data
            .projects_path
            .clone()
            .unwrap_or_else(|| dir.join(dataset::PROJECTS_FILE));
        let projects = table::Table::read(
            &projects_path,
            &crate::input::projects::SCHEMA,
            projects::HEADERS,
        )?;
        Ok(Tables {
            readings,
            progress,
            projects,
            readings_path,
            progress_path,
            projects_path,
        })
    }

    /// Merges `returns` into the readings, the task reports and the projects' reports,
    /// in that order; the rows each added and filled.
    fn merge(
        &mut self,
        plan: &crate::plan::Plan,
        year: i32,
        returns: &[&Return],
        replace: bool,
        problems: &mut Problems,
        replaced: &mut Vec<merge::Replaced>,
    ) -> [merge::Counts; 3] {
        [
            merge::readings(
                &mut self.readings,
                plan,
                year,
                returns,
                replace,
                problems,
                replaced,
            ),
            merge::progress(
                &mut self.progress,
                plan,
                year,
                returns,
                replace,
                problems,
                replaced,
            ),
            projects::merge(
                &mut self.projects,
                plan,
                year,
                returns,
                replace,
                problems,
                replaced,
            ),
        ]
    }

    /// Writes the tables that changed and the 报送情况 table of `year`, once the merged
    /// folder loads without an error; the table and the files written.
    fn write(&self, data: &dataset::Dataset, year: i32) -> Result<(Vec<UnitStatus>, Vec<PathBuf>)> {
        let r_bytes = self.readings.bytes();
        let p_bytes = self.progress.bytes();
        let j_bytes = (self.projects.is_changed() || data.projects_path.is_some())
            .then(|| self.projects.bytes());
        let merged = verify(data, &r_bytes, &p_bytes, j_bytes.as_deref())?;
        let status = status::of(&merged, year);
        let status_bytes = status::csv(&status);
        let status_path = data.dir.join(status::file_name(year));
        let mut outputs: Vec<(&Path, &[u8])> = Vec::new();
        if self.readings.is_changed() {
            outputs.push((&self.readings_path, &r_bytes));
        }
        if self.progress.is_changed() {
            outputs.push((&self.progress_path, &p_bytes));
        }
        if let Some(bytes) = j_bytes.as_deref().filter(|_| self.projects.is_changed()) {
            outputs.push((&self.projects_path, bytes));
        }
        outputs.push((&status_path, &status_bytes));
        let written = files::write_each(&outputs)?;
        Ok((status, written))
    }
}

/// The data folder as it will be after the merge, read back by `src/input`
/// from a scratch copy: the merged files must load without an error.
fn verify(
    data: &dataset::Dataset,
    readings: &[u8],
    progress: &[u8],
    projects: Option<&[u8]>,
) -> Result<dataset::Dataset> {
    let scratch = tempfile::tempdir().map_err(|e| Error::Write {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let dir = scratch.path();
    files::write(
        &dir.join(dataset::PLAN_FILE),
        &files::read(&data.plan_path)?,
    )?;
    files::write(
        &dir.join(dataset::RULES_FILE),
        &files::read(&data.rules_path)?,
    )?;
    files::write(&dir.join(dataset::READINGS_FILE), readings)?;
    files::write(&dir.join(dataset::PROGRESS_FILE), progress)?;
    if let Some(projects) = projects {
        files::write(&dir.join(dataset::PROJECTS_FILE), projects)?;
    }
    dataset::load(dir).map_err(|e| {
        Error::Usage(format!(
            "合并后的数据未能通过检查，未写入任何文件（请报告此问题）：\n{e}"
        ))
    })
}

/// The returns of one unit taken together; two that disagree on a cell are
/// refused, naming both files.
/// (Over 80 lines: one pass per part of a return, figures, tasks and projects, each with its clash check.)
fn combine(
    plan: &crate::plan::Plan,
    year: i32,
    returns: Vec<Return>,
    problems: &mut Problems,
) -> Vec<Return> {
    let task_headers = TaskColumns::headers(year);
    let mut out: Vec<Return> = Vec::new();
    for ret in returns {
        let Some(first) = out.iter_mut().find(|r| r.unit == ret.unit) else {
            out.push(ret);
            continue;
        };
        let first_name = first
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut clash = |row: u32,
                         sheet: &str,
                         col: u16,
                         header: &str,
                         what: &str,
                         a: &str,
                         b: &str| {
            problems.push(Problem::new(
                &ret.path,
                Some(row as usize + 1),
                Some(&cell_name(sheet, row, col, header)),
                format!(
                    "与同一单位（{}）的另一份填报表 {first_name} 不一致：“{what}”本表为“{b}”，{first_name} 中为“{a}”；请核实后只报送一份",
                    plan.units[ret.unit].name
                ),
            ));
        };
        for f in &ret.figures {
            match first.figures.iter_mut().find(|g| g.id == f.id) {
                None => first.figures.push(f.clone()),
                Some(g) => {
                    let cols = IndicatorColumns::asking(plan, year, f.year);
                    let ind_headers = cols.headers();
                    let pairs = [
                        (g.value.clone(), f.value.clone(), cols.value()),
                        (g.quota.clone(), f.quota.clone(), cols.quota()),
                        (g.source.clone(), f.source.clone(), cols.source()),
                        (g.note.clone(), f.note.clone(), cols.note()),
                    ];
                    for (a, b, col) in pairs {
                        if !a.is_empty() && !b.is_empty() && a != b {
                            let header = &ind_headers[col as usize];
                            clash(f.row, layout::INDICATOR_SHEET, col, header, &f.id, &a, &b);
                        }
                    }
                    if g.quota.is_empty() {
                        g.quota = f.quota.clone();
                    }
                    if g.source.is_empty() {
                        g.source = f.source.clone();
                    }
                    if g.note.is_empty() {
                        g.note = f.note.clone();
                    }
                    for (mine, theirs) in [
                        (&mut g.province_average, &f.province_average),
                        (&mut g.city_average, &f.city_average),
                        (&mut g.rank, &f.rank),
                    ] {
                        if mine.is_empty() {
                            mine.clone_from(theirs);
                        }
                    }
                }
            }
        }
        for t in &ret.tasks {
            match first.tasks.iter_mut().find(|g| g.id == t.id) {
                None => first.tasks.push(t.clone()),
                Some(g) => {
                    if g.status != t.status {
                        let col = TaskColumns::STATUS;
                        let header = &task_headers[col as usize];
                        clash(
                            t.row,
                            layout::TASK_SHEET,
                            col,
                            header,
                            &t.id,
                            g.status.label(),
                            t.status.label(),
                        );
                    }
                    if !g.summary.is_empty() && !t.summary.is_empty() && g.summary != t.summary {
                        let col = TaskColumns::SUMMARY;
                        let header = &task_headers[col as usize];
                        clash(
                            t.row,
                            layout::TASK_SHEET,
                            col,
                            header,
                            &t.id,
                            &g.summary,
                            &t.summary,
                        );
                    }
                    if g.summary.is_empty() {
                        g.summary = t.summary.clone();
                    }
                    if g.experience.is_empty() {
                        g.experience = t.experience.clone();
                    }
                    if g.problems.is_empty() {
                        g.problems = t.problems.clone();
                    }
                }
            }
        }
        let project_headers = layout::ProjectColumns::headers(year);
        for p in &ret.projects {
            match first.projects.iter_mut().find(|g| g.id == p.id) {
                None => first.projects.push(p.clone()),
                Some(g) => {
                    let pairs = [
                        (
                            g.status.label().to_string(),
                            p.status.label().to_string(),
                            layout::ProjectColumns::STATUS,
                        ),
                        (
                            g.investment.clone(),
                            p.investment.clone(),
                            layout::ProjectColumns::INVESTED,
                        ),
                    ];
                    for (a, b, col) in pairs {
                        if !a.is_empty() && !b.is_empty() && a != b {
                            let header = &project_headers[col as usize];
                            clash(p.row, layout::PROJECT_SHEET, col, header, &p.id, &a, &b);
                        }
                    }
                    if g.investment.is_empty() {
                        g.investment = p.investment.clone();
                    }
                    if g.note.is_empty() {
                        g.note = p.note.clone();
                    }
                }
            }
        }
    }
    out
}
