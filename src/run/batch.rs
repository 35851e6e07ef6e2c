//! Many reports in one call (several years, several data folders): each is
//! built and stored independently on a bounded pool of worker threads, so the
//! typst steps run in parallel and one failure never stops the others.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::archive::Stored;
use crate::error::{Error, Result};
use crate::input::check;
use crate::model::numfmt::date_cn;
use crate::model::report_date;
use crate::model::vocabulary::EvaluationKind;
use crate::run::pipeline::{self, ReportRequest};

/// A span of years given as `2024` or `2021..2024` (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    pub first: i32,
    pub last: i32,
}

impl std::str::FromStr for Years {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Years, String> {
        let parse = |s: &str| {
            s.trim()
                .parse::<i32>()
                .map_err(|_| format!("“{text}”不是年度，应写作 2024 或 2021..2024"))
        };
        let (first, last) = match text.split_once("..") {
            Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
            None => {
                let y = parse(text)?;
                (y, y)
            }
        };
        if first > last {
            return Err(format!("年度范围“{text}”的起始年份晚于结束年份"));
        }
        Ok(Years { first, last })
    }
}

impl Years {
    pub fn iter(self) -> impl Iterator<Item = i32> {
        self.first..=self.last
    }
}

/// Where reports go.
#[derive(Debug, Clone)]
pub enum Destination {
    /// Versions in an archive.
    Archive(PathBuf),
    /// Unarchived draft folders.
    Draft(PathBuf),
}

/// One report to build.
#[derive(Debug, Clone)]
pub struct Job {
    pub data: PathBuf,
    pub year: i32,
    /// Where this job's report goes, resolved from the destination.
    pub destination: Destination,
}

impl Job {
    /// A name for progress lines and the summary, e.g. `data 2024年`.
    pub fn label(&self) -> String {
        format!("{} {}年", self.data.display(), self.year)
    }
}

/// Every (folder, year) pair. With several folders, each folder's reports go
/// to a subfolder named after it, so two cities never share a version chain.
pub fn jobs(data: &[PathBuf], years: Years, destination: &Destination) -> Vec<Job> {
    jobs_by_folder(data, |_| Ok(years), destination).expect("the years are given")
}

/// Like [`jobs`], with each folder's years chosen by `years_of` (e.g. the
/// latest year of its data when no `--year` is given).
pub fn jobs_by_folder(
    data: &[PathBuf],
    years_of: impl Fn(&Path) -> Result<Years>,
    destination: &Destination,
) -> Result<Vec<Job>> {
    let several = data.len() > 1;
    let mut jobs = Vec::new();
    for dir in data {
        let years = years_of(dir)?;
        for year in years.iter() {
            let sub = |root: &Path| {
                if several {
                    root.join(folder_name(dir))
                } else {
                    root.to_path_buf()
                }
            };
            let destination = match destination {
                Destination::Archive(root) => Destination::Archive(sub(root)),
                Destination::Draft(root) => {
                    let base = sub(root);
                    if years.first == years.last {
                        Destination::Draft(base)
                    } else {
                        Destination::Draft(base.join(year.to_string()))
                    }
                }
            };
            jobs.push(Job {
                data: dir.clone(),
                year,
                destination,
            });
        }
    }
    Ok(jobs)
}

/// The latest year of `dir`'s data inside the plan period (the default
/// report is of that year), or why there is none.
pub fn latest_year(dir: &Path) -> Result<Years> {
    let checked = check::check(dir, None);
    match (checked.year, &checked.dataset) {
        (Some(year), Some(data)) if data.plan.years().contains(&year) => Ok(Years {
            first: year,
            last: year,
        }),
        _ => Err(Error::Usage(format!(
            "{} 中没有规划期内任何年度的指标数据或任务进展，请用 --year 指定评估年度",
            dir.display()
        ))),
    }
}

fn folder_name(dir: &Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "data".to_string())
}

/// What one report run produced.
#[derive(Debug)]
pub struct Done {
    /// The kind of evaluation the report is.
    pub kind: EvaluationKind,
    /// What the officer should read before sending it: the check's warnings,
    /// sentences repeated between measures, a date that does not fit
    /// (警告：…), the default date taken (提示：…).
    pub advice: Vec<String>,
    pub output: Output,
}

/// Where a report went.
#[derive(Debug)]
pub enum Output {
    /// Draft files written, with their paths.
    Draft(Vec<PathBuf>),
    /// A version stored, or the latest one found identical.
    Archived(Stored),
}

impl Done {
    /// One line for the batch summary.
    pub fn line(&self) -> String {
        match &self.output {
            Output::Draft(paths) => {
                let folder = paths
                    .first()
                    .and_then(|p| p.parent())
                    .map_or_else(String::new, |p| p.display().to_string());
                format!("草稿 {folder}")
            }
            Output::Archived(Stored::Created {
                version,
                identifier,
            }) => format!("新版本 {identifier}（{}）", version.path.display()),
            Output::Archived(Stored::Unchanged {
                version,
                identifier,
            }) => format!(
                "与最新版本 {identifier} 相同，未生成新版本（{}）",
                version.path.display()
            ),
        }
    }
}

/// What became of one job.
pub struct Outcome {
    pub job: Job,
    pub result: Result<Done>,
}

/// Settings shared by every job.
pub struct Settings {
    pub templates: Option<PathBuf>,
    /// The kind of evaluation asked for (`None`: as the year calls for).
    pub kind: Option<EvaluationKind>,
    /// The date given on the command line; `None` takes [`date_for`]'s default.
    pub date: Option<NaiveDate>,
    /// Today, from which the default date is chosen.
    pub today: NaiveDate,
    pub reason: Option<String>,
    /// The secret key that seals each new version, if one was given.
    pub seal: Option<crate::archive::seal::SigningKey>,
}

impl Settings {
    /// The date the report of `year` is signed, its plan's reports being due
    /// on `due`: the one asked for, or the default that fits the year (see
    /// [`report_date::default_date`]).
    pub fn date(&self, year: i32, due: (u32, u32)) -> NaiveDate {
        self.date
            .unwrap_or_else(|| report_date::default_date(year, self.today, due))
    }
}

/// Builds one report and writes or stores it: the one way every `report`
/// run, single or batch, goes through the pipeline. The data folder and the
/// templates are read once (see [`run_from`]).
pub fn run_one(job: &Job, settings: &Settings) -> Result<Done> {
    // The date comes from the plan, which is only known once the folder is read; the
    // request's date is settled in `run_from`.
    let request = request(job, settings, settings.today);
    run_from(pipeline::Snapshot::read(&request), job, settings)
}

/// Builds one report and writes nothing: [`run_one`]'s first half, for the workbench,
/// which shows the report and archives it only when the officer asks.
pub fn build_one(job: &Job, settings: &Settings) -> Result<(pipeline::Built, Vec<String>)> {
    let request = request(job, settings, settings.today);
    build_from(pipeline::Snapshot::read(&request), job, settings)
}

/// The request of `job`, dated `date`.
fn request(job: &Job, settings: &Settings, date: NaiveDate) -> ReportRequest {
    ReportRequest {
        year: job.year,
        kind: settings.kind,
        data: job.data.clone(),
        templates: settings.templates.clone(),
        date,
    }
}

/// Builds `job`'s report from `snapshot` through [`pipeline::build`], dated as
/// [`Settings::date`] says, and nothing written: the report with the advice the officer
/// should read (the check's warnings, repeated sentences, a date that does not fit). The
/// first half of [`run_from`]; the workbench keeps the report in memory until it is archived.
pub fn build_from(
    snapshot: pipeline::Snapshot,
    job: &Job,
    settings: &Settings,
) -> Result<(pipeline::Built, Vec<String>)> {
    // The plan's report deadline sets the default date. A plan that cannot be read leaves it
    // to the build to tell why (any date would do until then).
    let due = snapshot
        .data
        .plan()
        .map_or((3, 31), |plan| plan.meta.report_due);
    let date = settings.date(job.year, due);
    let built = pipeline::build(snapshot, &request(job, settings, date))?;
    let prepared = &built.prepared;
    let mut advice: Vec<String> = prepared
        .warnings
        .iter()
        .map(|w| format!("警告：{w}"))
        .collect();
    // A sentence repeated between measures is the rules' to fix, not a
    // reason to stop.
    advice.extend(
        prepared
            .measures
            .warnings
            .iter()
            .map(|w| format!("警告：{w}")),
    );
    if let Some(own) = evaluator_unreported(prepared) {
        advice.push(format!("警告：{own}"));
    }
    if let Some(misfit) = report_date::misfit(job.year, date, due) {
        advice.push(format!("警告：{misfit}"));
    } else if settings.date.is_none() && date != settings.today {
        advice.push(format!(
            "提示：今天已晚于 {} 年度报告的报送期限，落款日期取 {} 年度报告的报送期限 {}（可用 --date 另行指定）",
            job.year + 1,
            job.year,
            date_cn(date)
        ));
    }
    Ok((built, advice))
}

/// What the evaluating bureau itself leads and has not reported for the year, as the report's
/// list of unreported items has it: the report then says the bureau will complete them, which a
/// report sent out should not need to say.
fn evaluator_unreported(prepared: &pipeline::Prepared) -> Option<String> {
    let plan = &prepared.data.plan;
    let evaluation = &prepared.evaluation;
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, evaluation.year)];
    let items = crate::report::owed_by(evaluation, plan, &evaluator.short_name);
    (!items.is_empty()).then(|| {
        format!(
            "评估单位{}本身牵头的{}尚无 {} 年度数据或进展，报告中将写明由其补齐；建议补齐后再定稿",
            evaluator.short_name,
            items.join("、"),
            evaluation.year
        )
    })
}

/// Builds `job`'s report from `snapshot`, its inputs read once (by [`run_one`], or by a
/// test that changes the files afterwards), and writes or stores it: the check's warnings
/// come back as the report's advice, and the archive holds the snapshot's bytes.
pub fn run_from(snapshot: pipeline::Snapshot, job: &Job, settings: &Settings) -> Result<Done> {
    let (built, advice) = build_from(snapshot, job, settings)?;
    let kind = built.prepared.evaluation.kind;
    let output = match &job.destination {
        Destination::Draft(out) => Output::Draft(pipeline::write_report(&built.report, out)?),
        Destination::Archive(root) => Output::Archived(pipeline::archive_report(
            built,
            root,
            settings.reason.clone(),
            settings.seal.as_ref(),
        )?),
    };
    Ok(Done {
        kind,
        advice,
        output,
    })
}

/// Runs every job on at most `workers` threads; `done` is called as each one
/// finishes. Outcomes come back in the jobs' order.
pub fn run(
    jobs: Vec<Job>,
    settings: &Settings,
    workers: usize,
    done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let workers = workers.clamp(1, jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let outcome = Outcome {
                        job: job.clone(),
                        result: run_one(job, settings),
                    };
                    done(&outcome);
                    *slots[i].lock().expect("no worker panics holding it") = Some(outcome);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("no worker panics holding it")
                .expect("every job ran")
        })
        .collect()
}

/// The summary printed after a batch: one line per report, then the count.
pub fn summary(outcomes: &[Outcome]) -> String {
    let mut out = String::from("批量生成结果：\n");
    let mut failed = 0;
    for o in outcomes {
        match &o.result {
            Ok(done) => out.push_str(&format!("  成功  {}：{}\n", o.job.label(), done.line())),
            Err(e) => {
                failed += 1;
                let first = e.to_string();
                let indented = first.replace('\n', "\n        ");
                out.push_str(&format!("  失败  {}：{indented}\n", o.job.label()));
            }
        }
    }
    out.push_str(&format!(
        "共 {} 份报告：成功 {}，失败 {}。\n",
        outcomes.len(),
        outcomes.len() - failed,
        failed
    ));
    out
}

/// Fails when any report failed, for the exit code.
pub fn status(outcomes: &[Outcome]) -> Result<()> {
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    if failed > 0 {
        Err(Error::BatchFailed { failed })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_parse_single_and_ranges() {
        assert_eq!(
            "2024".parse(),
            Ok(Years {
                first: 2024,
                last: 2024
            })
        );
        assert_eq!(
            "2021..2024".parse(),
            Ok(Years {
                first: 2021,
                last: 2024
            })
        );
        assert_eq!(
            "2021..=2024".parse(),
            Ok(Years {
                first: 2021,
                last: 2024
            })
        );
        assert_eq!(
            "2024..2021".parse::<Years>(),
            Err("年度范围“2024..2021”的起始年份晚于结束年份".to_string())
        );
        assert_eq!(
            "二〇二四".parse::<Years>(),
            Err("“二〇二四”不是年度，应写作 2024 或 2021..2024".to_string())
        );
    }

    #[test]
    fn several_folders_get_their_own_archive() {
        let data = [PathBuf::from("a/丹江口"), PathBuf::from("b/青禾县")];
        let years = Years {
            first: 2023,
            last: 2024,
        };
        let jobs = jobs(
            &data,
            years,
            &Destination::Archive(PathBuf::from("reports")),
        );
        let places: Vec<String> = jobs
            .iter()
            .map(|j| match &j.destination {
                Destination::Archive(p) => format!("{} {}", p.display(), j.year),
                Destination::Draft(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            places,
            [
                "reports/丹江口 2023",
                "reports/丹江口 2024",
                "reports/青禾县 2023",
                "reports/青禾县 2024"
            ]
        );
        let drafts = super::jobs(&data[..1], years, &Destination::Draft(PathBuf::from("out")));
        assert!(
            matches!(&drafts[1].destination, Destination::Draft(p) if p == Path::new("out/2024"))
        );
    }
}
