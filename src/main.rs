//! The `plan-eval` command line: parses arguments, runs the pipeline stages of
//! the library, prints results and errors in Chinese, and sets the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

use plan_eval::error::Error;
use plan_eval::pipeline::{self, ReportRequest};
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
    /// 生成年度评估报告（report.md、report.typ、report.pdf、evaluation.json）
    Report {
        /// 评估年度，如 2024
        #[arg(long)]
        year: i32,
        /// 数据目录（默认：随工具提供的 data/ 示例数据）
        #[arg(long)]
        data: Option<PathBuf>,
        /// 自定义模板目录（其中的 report.md、layout.typ 替换内置模板）
        #[arg(long)]
        templates: Option<PathBuf>,
        /// 输出目录（默认：reports/draft/<年度>）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 报告落款日期，格式 YYYY-MM-DD（默认：今天）
        #[arg(long)]
        date: Option<NaiveDate>,
    },
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
            templates,
            out,
            date,
        } => {
            let request = ReportRequest {
                year,
                data: data.unwrap_or_else(default_data),
                templates,
                date: date.unwrap_or_else(|| Local::now().date_naive()),
            };
            let out = out.unwrap_or_else(|| PathBuf::from(format!("reports/draft/{year}")));
            let report = pipeline::build_report(&request)?;
            let written = pipeline::write_report(&report, &out)?;
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "已生成 {year} 年度评估报告：");
            for path in written {
                let _ = writeln!(stdout, "  {}", path.display());
            }
            Ok(())
        }
        Command::Evaluate { year, data, format } => {
            let (_, ev) = pipeline::load_and_evaluate(&data.unwrap_or_else(default_data), year)?;
            let text = match format {
                Format::Json => pipeline::evaluation_json(&ev),
                Format::Table => table_view::render(&ev),
            };
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
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
