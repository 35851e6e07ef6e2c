//! `plan-eval check`: every problem of a data folder at once, errors and
//! warnings, each as `file:line: 字段: message`, then a one-line summary.
//! `report` runs the same checks first and stops on any error.

use std::path::Path;

use crate::error::{Error, Problem, Problems, Result};
use crate::input::dataset::{self, Dataset, Snapshot};
use crate::input::table::Schema;
use crate::input::{progress, projects, readings};

/// The key of field `f` of `schema`, as a problem's field: the message shows the column
/// as the file heads it (年份, or year in a file headed in English).
fn column(schema: &Schema, f: usize) -> &'static str {
    schema.fields[f].key
}

/// The outcome of checking a data folder.
pub struct Checked {
    /// Errors and warnings, in the order the files are read.
    pub problems: Problems,
    /// The year the year-dependent checks were made for, if any.
    pub year: Option<i32>,
    /// The data, when the files could be read (rows with errors left out).
    pub dataset: Option<Dataset>,
}

impl Checked {
    pub fn passed(&self) -> bool {
        !self.problems.has_errors()
    }

    /// Every problem on its own line, prefixed 错误 or 警告, then the summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for p in self.problems.as_slice() {
            out.push_str(&format!("{}：{p}\n", p.severity.label()));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// One line: whether the folder passed, for which year, how many problems.
    pub fn summary(&self) -> String {
        let (errors, warnings) = (self.problems.errors(), self.problems.warnings());
        let year = match self.year {
            Some(y) => format!("（{y} 年度）"),
            None => "（未做按年度的检查）".to_string(),
        };
        if errors > 0 {
            let warned = if warnings > 0 {
                format!("、{warnings} 处警告")
            } else {
                String::new()
            };
            format!("检查未通过{year}：共发现 {errors} 处错误{warned}。")
        } else if warnings > 0 {
            format!("检查通过{year}：未发现错误，有 {warnings} 处警告。")
        } else {
            format!("检查通过{year}：未发现错误或警告。")
        }
    }
}

/// Checks the data folder `dir` for `year`, or, when no year is given, for
/// the latest year that has readings or task reports.
pub fn check(dir: &Path, year: Option<i32>) -> Checked {
    let mut problems = Problems::default();
    let dataset = dataset::gather(&Snapshot::read(dir), &mut problems);
    let year = year.or_else(|| dataset.as_ref().and_then(latest_year));
    if let (Some(data), Some(year)) = (&dataset, year) {
        if let Err(message) = data.plan.check_year(year) {
            problems.push(Problem::new(&data.plan_path, None, None, message));
        }
        year_checks(data, year, &mut problems);
    }
    // A year checked with no figure at all is an error, as `report` makes it: "check passed"
    // means the report can be made. (A new folder, checked with no year and no figures yet,
    // has no year to check.)
    if let (Some(data), Some(_)) = (&dataset, year)
        && let Some(empty) = no_readings(data)
    {
        problems.push(empty);
    }
    Checked {
        problems,
        year,
        dataset,
    }
}

/// A data folder's snapshot validated for a report of `year`: the dataset and
/// the check's warnings, which do not stop a report. A year outside the plan
/// period is a command-line mistake; any error in the files stops the report
/// with all of them.
pub fn for_report(snapshot: &Snapshot, year: i32) -> Result<(Dataset, Vec<Problem>)> {
    let mut problems = Problems::default();
    let dataset = dataset::gather(snapshot, &mut problems);
    if let Some(data) = &dataset {
        data.plan.check_year(year).map_err(Error::Usage)?;
        year_checks(data, year, &mut problems);
    }
    let warnings = problems
        .as_slice()
        .iter()
        .filter(|p| !p.is_error())
        .cloned()
        .collect();
    let data = dataset::finish(problems, dataset)?;
    // A report of nothing but 数据暂缺 is not one to send.
    if let Some(empty) = no_readings(&data) {
        return Err(Error::Invalid(vec![empty]));
    }
    Ok((data, warnings))
}

/// A readings file with no figure at all (its header only): the error `report` stops on, and
/// `check` of a year finds.
fn no_readings(data: &Dataset) -> Option<Problem> {
    let name = data
        .readings_path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    data.readings.values.is_empty().then(|| {
        Problem::new(
            &data.readings_path,
            None,
            None,
            format!(
                "{name} 中没有数据（只有表头，没有任何指标数值），报告中每项指标都将是“数据暂缺”；请先填入指标数据再生成报告"
            ),
        )
    })
}

/// The latest year with a reading or a task report.
fn latest_year(data: &Dataset) -> Option<i32> {
    let readings = data.readings.values.iter().map(|r| r.year);
    let reports = data.progress.reports.iter().map(|r| r.year);
    readings
        .chain(reports)
        .filter(|&y| y > data.plan.meta.base_year)
        .max()
}

/// What can only be judged for a given year, all warnings (the report says
/// each of them next to the figure it touches, and is still written): an
/// indicator with no figure in the period (graded 数据暂缺), a figure older
/// than the year (the latest is used, 初步 in the target year), years
/// missing inside the period (a growth average over the others), tasks
/// without a report (listed as 未报送).
///
/// Nothing is checked for a year outside the plan period.
///
/// (Over 80 lines: one warning after another, each independent of the others.)
pub fn year_checks(data: &Dataset, year: i32, problems: &mut Problems) {
    if data.plan.check_year(year).is_err() {
        return;
    }
    let meta = &data.plan.meta;
    let (readings_path, progress_path) = (&data.readings_path, &data.progress_path);
    let closing = year == meta.target_year;
    for ind in &data.plan.indicators {
        let all = data.readings.series(&ind.id, year);
        let series: Vec<_> = all.iter().filter(|r| r.year > meta.base_year).collect();
        let label = format!("指标“{}”（{}）", ind.id, ind.name);
        match series.last() {
            None => {
                let base_only = all.iter().any(|r| r.year <= meta.base_year);
                let message = if base_only {
                    let span = if year == meta.base_year + 1 {
                        format!("{year}")
                    } else {
                        format!("{}—{year}", meta.base_year + 1)
                    };
                    format!(
                        "{label}只有 {} 年基期数据，尚无 {span} 年数据；报告中将列为“数据暂缺”，待数据发布后评价",
                        meta.base_year
                    )
                } else if ind.published_late && year == meta.base_year + 1 {
                    // Published the next year: in the plan's first year none can exist yet.
                    format!("{label}数据次年发布，{year} 年数据尚未发布，报告中注明")
                } else {
                    format!("{label}截至 {year} 年没有任何数据；报告中将列为“数据暂缺”，请补充数据")
                };
                problems.warn(
                    readings_path,
                    None,
                    column(&readings::SCHEMA, readings::INDICATOR),
                    message,
                );
            }
            // The off year of a figure measured every two years is not missing.
            Some(latest)
                if latest.year < year
                    && !crate::model::cycle::off_year(&latest.note, latest.year, year) =>
            {
                problems.warn(
                    readings_path,
                    Some(latest.line),
                    column(&readings::SCHEMA, readings::YEAR),
                    format!(
                        "{label}最新数据为 {} 年，尚无 {} 年数据；报告将采用 {} 年数据并注明{}",
                        latest.year,
                        years_text(measured_years(latest, latest.year + 1..=year)),
                        latest.year,
                        if closing {
                            "，评价为初步评价"
                        } else {
                            ""
                        }
                    ),
                )
            }
            Some(_) => {}
        }
        if let Some(latest) = series.last() {
            let missing: Vec<i32> = measured_years(latest, meta.base_year + 1..=latest.year - 1)
                .into_iter()
                .filter(|y| !series.iter().any(|r| r.year == *y))
                .collect();
            if !missing.is_empty() {
                let how = if matches!(ind.target, crate::plan::Target::Growth { .. }) {
                    "年均增速按其余年份测算"
                } else {
                    "累计和逐年判断只计有数据的年份"
                };
                problems.warn(
                    readings_path,
                    None,
                    column(&readings::SCHEMA, readings::YEAR),
                    format!(
                        "{label}缺少 {} 年的数据；{how}，报告中注明，不以其他年份的数据代替",
                        years_text(missing)
                    ),
                );
            }
        }
    }
    project_checks(data, year, problems);
    for (_, task) in data.plan.tasks() {
        if data.progress.get(&task.id, year).is_none() {
            problems.warn(
                progress_path,
                None,
                column(&progress::SCHEMA, progress::TASK),
                format!(
                    "任务“{}”（{}）没有 {year} 年进展情况，报告中将列为“未报送”",
                    task.id, task.title
                ),
            );
        }
    }
}

/// The years of `years` a figure is measured in: all but the off years of one measured every
/// two years, as its `latest` reading's note says ([`crate::model::cycle::off_year`]).
fn measured_years(latest: &readings::Reading, years: std::ops::RangeInclusive<i32>) -> Vec<i32> {
    years
        .filter(|y| !crate::model::cycle::off_year(&latest.note, latest.year, *y))
        .collect()
}

/// Years as the warnings list them: "2023、2024".
fn years_text(years: Vec<i32>) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// A major project that owes `year`'s report (started, and not reported 已竣工 or 已调整 in an
/// earlier year: [`projects::owes_report`]) without it: the report lists it among what
/// has not been reported.
fn project_checks(data: &Dataset, year: i32, problems: &mut Problems) {
    let reports = &data.progress.projects;
    let path = data
        .projects_path
        .clone()
        .unwrap_or_else(|| data.dir.join(super::dataset::PROJECTS_FILE));
    // A folder without the table: the column it would have, by its Chinese header.
    let field = &projects::SCHEMA.fields[projects::PROJECT];
    let field = match data.projects_path {
        Some(_) => field.key,
        None => field.name(),
    };
    for project in &data.plan.projects {
        if !projects::owes_report(reports, project, year) {
            continue;
        }
        if projects::report(reports, &project.id, year).is_none() {
            problems.warn(
                &path,
                None,
                field,
                format!(
                    "重大项目“{}”（{}）没有 {year} 年进展情况，报告中将注明未报送",
                    project.id, project.name
                ),
            );
        }
    }
}
