//! `plan-eval report`: one report with its messages, or a batch with a
//! progress bar and a summary.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::archive::Stored;
use crate::error::Result;
use crate::model::vocabulary::EvaluationKind;
use crate::run::batch::{self, Done, Output};

use super::output::Out;

/// One report, with the messages of a single run: its advice (warnings do
/// not stop a report, but the officer should see them), then what was made.
pub(super) fn one(job: &batch::Job, settings: &batch::Settings) -> Result<()> {
    let done = batch::run_one(job, settings)?;
    for line in &done.advice {
        eprintln!("{line}");
    }
    let report = kind_words(&done, job.year);
    let mut out = Out::default();
    match done.output {
        Output::Draft(written) => {
            out.line(format!("已生成 {report}草稿（未归档）："))?;
            for path in written {
                out.line(format!("  {}", path.display()))?;
            }
        }
        Output::Archived(Stored::Created {
            version,
            identifier,
        }) => {
            out.line(format!(
                "已生成 {report}并归档为新版本 {identifier}：\n  {}",
                version.path.display()
            ))?;
        }
        Output::Archived(Stored::Unchanged {
            version,
            identifier,
        }) => {
            out.line(format!(
                "输入数据、模板和落款日期与最新版本 {identifier} 相同，未生成新版本：\n  {}",
                version.path.display()
            ))?;
        }
    }
    out.finish()
}

/// "2024 年度评估报告", "2023 年中期评估报告", "2025 年总结评估报告".
fn kind_words(done: &Done, year: i32) -> String {
    match done.kind {
        EvaluationKind::Annual => format!("{year} 年度评估报告"),
        EvaluationKind::Midterm => format!("{year} 年中期评估报告"),
        EvaluationKind::Final => format!("{year} 年总结评估报告"),
    }
}

/// Several reports at once: a progress bar on a terminal, a plain line per
/// report otherwise, each report's advice under its name, and a summary;
/// fails if any report failed.
pub(super) fn many(
    jobs: Vec<batch::Job>,
    settings: &batch::Settings,
    workers: Option<usize>,
) -> Result<()> {
    let workers = workers.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let total = jobs.len() as u64;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} 份报告 {msg}")
                .expect("a valid template"),
        );
        bar
    });
    let done = |o: &batch::Outcome| {
        let state = if o.result.is_ok() { "完成" } else { "失败" };
        let lines: Vec<String> = match &o.result {
            Ok(done) => done
                .advice
                .iter()
                .map(|line| format!("  {}：{line}", o.job.label()))
                .collect(),
            Err(_) => Vec::new(),
        };
        match &bar {
            Some(bar) => {
                for line in &lines {
                    bar.println(line);
                }
                bar.set_message(format!("{state} {}", o.job.label()));
                bar.inc(1);
            }
            None => {
                eprintln!("{state} {}", o.job.label());
                for line in &lines {
                    eprintln!("{line}");
                }
            }
        }
    };
    let outcomes = batch::run(jobs, settings, workers, &done);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut out = Out::default();
    out.text(&batch::summary(&outcomes))?;
    out.finish()?;
    batch::status(&outcomes)
}
