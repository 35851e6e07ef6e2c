//! The `plan-eval` command line: parses arguments, runs the pipeline stages of
//! the library, prints results and errors in Chinese, and sets the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use plan_eval::archive::{self, Stored};
use plan_eval::batch::{self, Destination, Done, Years};
use plan_eval::error::Error;
use plan_eval::evaluate::EvaluationKind;
use plan_eval::pipeline;
use plan_eval::{dataset, table_view};

/// 规划纲要年度实施情况评估报告生成工具（plan-eval）。
///
/// 读取规划（plan.yaml）、年度指标数据（readings.csv）、任务进展（task_progress.csv）
/// 和对策建议规则（countermeasures.yaml），评估各项指标和任务的序时进度，
/// 生成 Markdown 和 PDF 格式的评估报告。
#[derive(Parser)]
#[command(name = "plan-eval", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成年度评估报告，存为归档中的新版本（或用 --out 生成草稿）
    Report {
        /// 评估年度，如 2024；或年度范围，如 2021..2024（逐年各生成一份）；默认为数据中最近的年度
        #[arg(long)]
        year: Option<Years>,
        /// 数据目录（默认：随工具提供的 data/ 示例数据）；可重复给出以批量生成多个县市的报告
        #[arg(long)]
        data: Vec<PathBuf>,
        /// 批量生成时同时运行的报告数（默认：处理器核数）
        #[arg(long)]
        jobs: Option<usize>,
        /// 自定义模板目录（其中的 report.md、layout.typ 替换内置模板）
        #[arg(long)]
        templates: Option<PathBuf>,
        /// 归档目录：报告存为 <归档目录>/<年度>/v<N>/（默认：reports）
        #[arg(long, default_value = "reports", conflicts_with = "out")]
        archive: PathBuf,
        /// 本版本的生成原因（默认：自动概括与上一版本相比的变化）
        #[arg(long, conflicts_with = "out")]
        reason: Option<String>,
        /// 生成不归档的草稿到此目录（报告文件直接写入，可被再次覆盖）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 报告落款日期，格式 YYYY-MM-DD（默认：今天；今天已晚于下一年度报告的报送期限时，取该年度报告的报送期限，见 plan.yaml 的 report_due）
        #[arg(long)]
        date: Option<NaiveDate>,
        /// 评估类型：auto（默认：目标年份为总结评估，plan.yaml 的 midterm_year 为中期评估，其余为年度评估）、annual（年度）、midterm（中期）、final（总结）
        #[arg(long, default_value = "auto", value_parser = parse_kind)]
        kind: KindChoice,
    },
    /// 归档管理：列出、核验、比较、重现报告版本
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// 评估并打印各项指标和任务的评价结果
    Evaluate {
        /// 评估年度，如 2024
        #[arg(long)]
        year: i32,
        /// 数据目录（默认：随工具提供的 data/ 示例数据）
        #[arg(long)]
        data: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// 评估类型：auto（默认：目标年份为总结评估，plan.yaml 的 midterm_year 为中期评估，其余为年度评估）、annual（年度）、midterm（中期）、final（总结）
        #[arg(long, default_value = "auto", value_parser = parse_kind)]
        kind: KindChoice,
    },
    /// 检查规划和全部数据文件，一次列出所有错误和警告（文件:行: 字段: 说明）
    Check {
        /// 数据目录（默认：随工具提供的 data/ 示例数据）
        #[arg(long)]
        data: Option<PathBuf>,
        /// 按此年度检查数据是否齐全（默认：数据中最近的年度）
        #[arg(long)]
        year: Option<i32>,
        /// 拟用的落款日期（YYYY-MM-DD）：与评估年度不相称时给出警告
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// 为另一个县（市、区）新建工作区：带注释的规划文件、空数据文件和报告模板
    Init {
        /// 新工作区目录（不存在或为空）
        dir: PathBuf,
    },
    /// 把手工修改过的报告 Markdown 重新排版为 PDF（版式与生成的报告相同）
    Typeset {
        /// 报告的 Markdown 文件，如 reports/draft/2024/report.md；其中的图片须在该文件所在的文件夹内
        input: PathBuf,
        /// 输出的 PDF 文件（默认：与输入同名的 .pdf；只给 --typst 时不生成 PDF）
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        /// 同时（或只）输出 Typst 源文件到此路径
        #[arg(long = "typst")]
        typst: Option<PathBuf>,
        /// 自定义模板目录（其中的 layout.typ 替换内置版式）
        #[arg(long)]
        templates: Option<PathBuf>,
    },
}

/// The kind of evaluation asked for on the command line; `None` is auto.
#[derive(Debug, Clone, Copy)]
struct KindChoice(Option<EvaluationKind>);

fn parse_kind(text: &str) -> std::result::Result<KindChoice, String> {
    match text.trim() {
        "auto" | "自动" => Ok(KindChoice(None)),
        other => EvaluationKind::parse(other)
            .map(|k| KindChoice(Some(k)))
            .ok_or_else(|| {
                format!("评估类型“{other}”无法识别，应为 auto、annual（年度）、midterm（中期）或 final（总结）")
            }),
    }
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// 列出各版本：标识、日期、原因、是否完好
    List {
        /// 归档目录
        #[arg(long, default_value = "reports")]
        archive: PathBuf,
        /// 只列出该年度
        #[arg(long)]
        year: Option<i32>,
    },
    /// 重新计算摘要，核对完整性和版本链；全部完好时退出码为 0
    Verify {
        /// 要核验的版本、年度或归档目录（默认：整个归档）
        paths: Vec<PathBuf>,
        /// 归档目录（未给出路径时使用）
        #[arg(long, default_value = "reports")]
        archive: PathBuf,
    },
    /// 比较同一年度的两个版本：数据、评价和报告正文的变化
    Diff {
        /// 年度，如 2024
        year: i32,
        /// 旧版本，如 v1
        from: String,
        /// 新版本，如 v2
        to: String,
        /// 归档目录
        #[arg(long, default_value = "reports")]
        archive: PathBuf,
    },
    /// 用版本自带的输入重新生成，逐个文件与清单核对
    Reproduce {
        /// 版本目录，如 reports/2024/v1
        version: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// 便于阅读的表格
    Table,
    /// 完整的评估结果（JSON）
    Json,
}

/// The data folder to use when none is given: `./data`, else the one bundled
/// with the source tree.
fn default_data() -> PathBuf {
    let local = PathBuf::from("data");
    if local.join(dataset::PLAN_FILE).exists() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Report {
            year,
            data,
            jobs,
            templates,
            archive,
            reason,
            out,
            date,
            kind,
        } => {
            let data = if data.is_empty() {
                vec![default_data()]
            } else {
                data
            };
            let settings = batch::Settings {
                templates,
                date,
                today: Local::now().date_naive(),
                reason,
                kind: kind.0,
            };
            let destination = match out {
                Some(out) => Destination::Draft(out),
                None => Destination::Archive(archive),
            };
            let all = match year {
                Some(years) => batch::jobs(&data, years, &destination),
                None => batch::jobs_by_folder(&data, batch::latest_year, &destination)?,
            };
            if let [job] = all.as_slice() {
                report_one(job, &settings)
            } else {
                report_many(all, &settings, jobs)
            }
        }
        Command::Archive(command) => archive_command(command),
        Command::Evaluate {
            year,
            data,
            format,
            kind,
        } => {
            let (_, ev) =
                pipeline::load_and_evaluate(&data.unwrap_or_else(default_data), year, kind.0)?;
            for warning in &ev.warnings {
                eprintln!("警告：{warning}");
            }
            let text = match format {
                Format::Json => pipeline::evaluation_json(&ev),
                Format::Table => table_view::render(&ev),
            };
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
        Command::Check { data, year, date } => {
            let mut checked = plan_eval::check::check(&data.unwrap_or_else(default_data), year);
            if let (Some(date), Some(year), Some(dataset)) = (date, checked.year, &checked.dataset)
                && let Some(misfit) =
                    plan_eval::report_date::misfit(year, date, dataset.plan.meta.report_due)
            {
                let plan_file = dataset.dir.join(dataset::PLAN_FILE);
                checked.problems.warn(&plan_file, None, "date", misfit);
            }
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(checked.render().as_bytes());
            let _ = stdout.flush();
            if !checked.passed() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Init { dir } => {
            plan_eval::init::create(&dir)?;
            println!(
                "已在 {} 新建工作区，请按其中的“{}”修改 plan.yaml 并填写数据，然后运行：plan-eval check --data {}",
                dir.display(),
                plan_eval::init::GUIDE_FILE,
                dir.display()
            );
            Ok(())
        }
        Command::Typeset {
            input,
            out,
            typst,
            templates,
        } => {
            use plan_eval::typeset::retypeset::{self, Outputs};
            let outputs = Outputs::for_input(&input, out, typst);
            let written = retypeset::run(&input, templates.as_deref(), &outputs)?;
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "已由 {} 重新排版：", input.display());
            for path in written {
                let _ = writeln!(stdout, "  {}", path.display());
            }
            Ok(())
        }
    }
}

/// What the officer should read before sending `job`'s report: the check's
/// warnings, sentences repeated between measures, a date that does not fit
/// (警告：…), the default date taken (提示：…); with the kind of evaluation.
fn advice(job: &batch::Job, settings: &batch::Settings) -> (Vec<String>, EvaluationKind) {
    let mut lines = Vec::new();
    let mut kind = EvaluationKind::Annual;
    let checked = plan_eval::check::check(&job.data, Some(job.year));
    if !checked.passed() {
        // The report itself stops with the errors.
        return (lines, kind);
    }
    for warning in checked.problems.as_slice().iter().filter(|p| !p.is_error()) {
        lines.push(format!("警告：{warning}"));
    }
    // A sentence repeated between measures is the rules' to fix, not a
    // reason to stop. The data the check read are evaluated, not read again.
    let Some(data) = &checked.dataset else {
        return (lines, kind);
    };
    let meta = &data.plan.meta;
    let resolved =
        EvaluationKind::resolve(settings.kind, job.year, meta.target_year, meta.midterm_year);
    if let Ok(resolved) = resolved {
        kind = resolved;
        let evaluated = plan_eval::evaluate::evaluate(
            &data.plan,
            &data.readings,
            &data.progress,
            &data.rules,
            job.year,
            kind,
        );
        for warning in evaluated.iter().flat_map(|e| &e.warnings) {
            lines.push(format!("警告：{warning}"));
        }
    }
    let due = meta.report_due;
    let date = settings.date(job.year, due);
    if let Some(misfit) = plan_eval::report_date::misfit(job.year, date, due) {
        lines.push(format!("警告：{misfit}"));
    } else if settings.date.is_none() && date != settings.today {
        lines.push(format!(
            "提示：今天已晚于 {} 年度报告的报送期限，落款日期取 {} 年度报告的报送期限 {}（可用 --date 另行指定）",
            job.year + 1,
            job.year,
            plan_eval::numfmt::date_cn(date)
        ));
    }
    (lines, kind)
}

/// One report, with the messages of a single run.
fn report_one(job: &batch::Job, settings: &batch::Settings) -> Result<(), Error> {
    // Warnings (an older reading, a task without a report) do not stop
    // the report, but the officer should see them.
    let (lines, kind) = advice(job, settings);
    for line in lines {
        eprintln!("{line}");
    }
    // "2024 年度评估报告", "2023 年中期评估报告", "2025 年总结评估报告".
    let report = match kind {
        EvaluationKind::Annual => format!("{} 年度评估报告", job.year),
        EvaluationKind::Midterm => format!("{} 年中期评估报告", job.year),
        EvaluationKind::Final => format!("{} 年总结评估报告", job.year),
    };
    let mut stdout = std::io::stdout().lock();
    match batch::run_one(job, settings)? {
        Done::Draft(written) => {
            let _ = writeln!(stdout, "已生成 {report}草稿（未归档）：");
            for path in written {
                let _ = writeln!(stdout, "  {}", path.display());
            }
        }
        Done::Archived(Stored::Created {
            version,
            identifier,
        }) => {
            let _ = writeln!(
                stdout,
                "已生成 {report}并归档为新版本 {identifier}：\n  {}",
                version.path.display()
            );
        }
        Done::Archived(Stored::Unchanged {
            version,
            identifier,
        }) => {
            let _ = writeln!(
                stdout,
                "输入数据、模板和落款日期与最新版本 {identifier} 相同，未生成新版本：\n  {}",
                version.path.display()
            );
        }
    }
    Ok(())
}

/// Several reports at once: a progress bar on a terminal, a plain line per
/// report otherwise, and a summary; fails if any report failed.
fn report_many(
    jobs: Vec<batch::Job>,
    settings: &batch::Settings,
    workers: Option<usize>,
) -> Result<(), Error> {
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
        // Each report's warnings, as a single report prints them, under its name.
        let lines: Vec<String> = if o.result.is_ok() {
            advice(&o.job, settings)
                .0
                .into_iter()
                .map(|line| format!("  {}：{line}", o.job.label()))
                .collect()
        } else {
            Vec::new()
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
    let _ = std::io::stdout()
        .lock()
        .write_all(batch::summary(&outcomes).as_bytes());
    batch::status(&outcomes)
}

fn archive_command(command: ArchiveCommand) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match command {
        ArchiveCommand::List { archive, year } => {
            let versions = archive::all_versions(&archive)?;
            let versions: Vec<_> = versions
                .into_iter()
                .filter(|v| year.is_none_or(|y| v.year == y))
                .collect();
            if versions.is_empty() {
                let _ = writeln!(stdout, "{} 中没有归档版本。", archive.display());
            }
            for v in versions {
                let check = archive::check_version(&v)?;
                let field = |label: &str| {
                    archive::info_of(&v, label)
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| "—".to_string())
                };
                let _ = writeln!(
                    stdout,
                    "{}/{}  {}  归档 {}  落款 {}  {}  原因：{}",
                    v.year,
                    v.name(),
                    check.identifier,
                    field("Bagging-Date"),
                    field("Report-Date"),
                    if check.is_intact() {
                        "完好"
                    } else {
                        "有问题"
                    },
                    field("Version-Reason"),
                );
            }
            Ok(())
        }
        ArchiveCommand::Verify { paths, archive } => {
            let roots = if paths.is_empty() {
                vec![archive]
            } else {
                paths
            };
            let mut checked = 0;
            let mut broken = 0;
            for root in roots {
                for v in archive::versions_at(&root)? {
                    let check = archive::check_version(&v)?;
                    checked += 1;
                    if check.is_intact() {
                        let _ =
                            writeln!(stdout, "{}  {}  完好", v.path.display(), check.identifier);
                    } else {
                        broken += 1;
                        let _ = writeln!(
                            stdout,
                            "{}  {}  有问题：",
                            v.path.display(),
                            check.identifier
                        );
                        for d in &check.defects {
                            let _ = writeln!(stdout, "  {d}");
                        }
                        for c in &check.chain {
                            let _ = writeln!(stdout, "  {c}");
                        }
                    }
                }
            }
            let _ = writeln!(stdout, "共核验 {checked} 个版本，{broken} 个有问题。");
            if broken > 0 {
                return Err(Error::Usage(format!("{broken} 个版本未通过核验")));
            }
            Ok(())
        }
        ArchiveCommand::Diff {
            year,
            from,
            to,
            archive,
        } => {
            let dir = archive.join(year.to_string());
            for v in [&from, &to] {
                if !dir.join(v).is_dir() {
                    return Err(Error::Usage(format!(
                        "版本 {} 不存在",
                        dir.join(v).display()
                    )));
                }
            }
            let text = archive::changes::diff(&dir.join(&from), &dir.join(&to), &from, &to)?;
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
        ArchiveCommand::Reproduce { version } => {
            let versions = archive::versions_at(&version)?;
            let [v] = versions.as_slice() else {
                return Err(Error::Usage(format!(
                    "{} 不是一个版本目录",
                    version.display()
                )));
            };
            let results = pipeline::reproduce(v)?;
            let mut mismatched = 0;
            for (name, same) in &results {
                mismatched += usize::from(!same);
                let _ = writeln!(
                    stdout,
                    "  {name}  {}",
                    if *same { "一致" } else { "不一致" }
                );
            }
            if mismatched > 0 {
                return Err(Error::Usage(format!(
                    "{} 有 {mismatched} 个文件重新生成后与归档不一致",
                    version.display()
                )));
            }
            let _ = writeln!(
                stdout,
                "{} 的全部文件均可由归档输入逐字节重现。",
                version.display()
            );
            Ok(())
        }
    }
}

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Invalid(_) | Error::Read { .. } | Error::Usage(_) => 1,
        Error::TypstMissing { .. } | Error::FontMissing { .. } => 3,
        Error::Template { .. } | Error::TypstFailed { .. } | Error::Write { .. } => 4,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("错误：{error}");
            ExitCode::from(exit_code(&error))
        }
    }
}
