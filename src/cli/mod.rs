//! The `plan-eval` command line: parses arguments, runs the stages through
//! [`crate::run`], prints results and errors in Chinese, and returns the exit
//! code (0 done, 1 bad data or a failed check, 2 a command-line mistake, 3 typst
//! or fonts missing, 4 a template, typesetting or writing failure).

mod archive;
mod commands;
mod forms;
mod output;
mod report;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::archive::seal;
use crate::error::Error;
use crate::input::{dataset, signing};
use crate::run::batch::{self, Destination, Years};
use crate::run::init;

use usage::{KindChoice, data_folder, parse_kind};

/// 规划纲要年度实施情况评估报告生成工具（plan-eval）。
///
/// 读取规划（plan.yaml）、年度指标数据（readings.csv）、任务进展（task_progress.csv）
/// 和对策建议规则（countermeasures.yaml），评估各项指标和任务的进展，
/// 生成 Markdown 和 PDF 格式的评估报告。
#[derive(Parser)]
#[command(name = "plan-eval", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成年度评估报告，存为归档中的新版本（或用 --out 生成草稿）
    Report(ReportArgs),
    /// 归档管理：列出、核验、比较、重现报告版本，生成数字封印密钥
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// 评估并打印各项指标和任务的评价结果
    Evaluate(EvaluateArgs),
    /// 检查规划和全部数据文件，一次列出所有错误和警告（文件:行: 字段: 说明）
    Check(CheckArgs),
    /// 为各牵头单位生成本年度的填报表（每单位一个 .xlsx），用于收集指标数据和任务进展
    Forms(FormsArgs),
    /// 汇总各单位收回的填报表：逐项检查后并入数据目录，并列出报送情况（尚未报送的单位和事项）
    Collect(CollectArgs),
    /// 为另一个县（市、区）新建工作区：带注释的规划文件、空数据文件和报告模板
    Init(InitArgs),
    /// 把手工修改过的报告 Markdown 重新排版为 PDF（版式与生成的报告相同），也可输出 Word 文档
    Typeset(TypesetArgs),
    /// 工作区的报告模板：refresh 把旧版 plan-eval init 生成的模板更新为当前的内置版本
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// 启动本机工作台：在浏览器中完成填报表、数据检查、生成报告、归档和重新排版
    Serve(ServeArgs),
}

/// The data folder of the commands that read one.
#[derive(Args)]
struct DataArg {
    /// 数据目录（默认：当前目录下的 data/）
    #[arg(long, value_name = "目录")]
    data: Option<PathBuf>,
}

impl DataArg {
    fn dir(self) -> Result<PathBuf, Error> {
        data_folder(self.data.unwrap_or_else(default_data))
    }
}

/// The kind of evaluation, for `report` and `evaluate`.
#[derive(Args)]
struct KindArg {
    /// 评估类型：auto（默认：目标年份为总结评估，plan.yaml 的 midterm_year 为中期评估，其余为年度评估）、annual（年度）、midterm（中期）、final（总结）
    #[arg(long, default_value = "auto", value_parser = parse_kind)]
    kind: KindChoice,
}

#[derive(Args)]
struct ReportArgs {
    /// 评估年度，如 2024；或年度范围，如 2021..2024（逐年各生成一份）；默认为数据中最近的年度
    #[arg(long)]
    year: Option<Years>,
    /// 数据目录（默认：当前目录下的 data/）；可重复给出以批量生成多个县市的报告
    #[arg(long, value_name = "目录")]
    data: Vec<PathBuf>,
    /// 批量生成时同时运行的报告数（默认：处理器核数）
    #[arg(long)]
    jobs: Option<usize>,
    #[command(flatten)]
    templates: TemplatesArg,
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
    #[arg(long, value_parser = usage::parse_date)]
    date: Option<NaiveDate>,
    #[command(flatten)]
    kind: KindArg,
    /// 用此私钥为新版本加盖数字封印（archive keygen 生成）
    #[arg(long, value_name = "私钥文件", env = seal::SIGN_KEY_ENV, conflicts_with = "out")]
    sign_key: Option<PathBuf>,
}

/// A folder of the user's templates.
#[derive(Args)]
struct TemplatesArg {
    /// 自定义模板目录（其中的 report.md、report-final.md、annexes.md、macros.md、parts.md、layout.typ 替换同名的内置模板）
    #[arg(long, value_name = "目录")]
    templates: Option<PathBuf>,
}

#[derive(Args)]
struct EvaluateArgs {
    /// 评估年度，如 2024
    #[arg(long)]
    year: i32,
    #[command(flatten)]
    data: DataArg,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    kind: KindArg,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    data: DataArg,
    /// 按此年度检查数据是否齐全（默认：数据中最近的年度）
    #[arg(long)]
    year: Option<i32>,
    /// 拟用的落款日期（YYYY-MM-DD）：与评估年度不相称时给出警告
    #[arg(long, value_parser = usage::parse_date)]
    date: Option<NaiveDate>,
}

#[derive(Args)]
struct FormsArgs {
    /// 填报年度，如 2025
    #[arg(long)]
    year: i32,
    #[command(flatten)]
    data: DataArg,
    /// 填报表输出目录（默认：当前目录下的“填报表-<年度>”；已有的本工具生成的填报表将被整体替换）
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct CollectArgs {
    /// 收回的填报表（.xlsx，可以改过文件名），可给出多个
    #[arg(required = true)]
    returns: Vec<PathBuf>,
    /// 填报年度，如 2025
    #[arg(long)]
    year: i32,
    #[command(flatten)]
    data: DataArg,
    /// 填报表中的数值与数据目录中已有的不同时，以填报表为准（逐项列出被替换的数值）
    #[arg(long)]
    replace: bool,
}

#[derive(Args)]
struct InitArgs {
    /// 新工作区目录（不存在或为空）
    dir: PathBuf,
    /// 规划期：15（“十五五”，2026—2030，默认）或 14（“十四五”，2021—2025）
    #[arg(long, default_value = "15", value_parser = parse_layout)]
    plan: init::Layout,
}

/// `--plan 15` / `--plan 14` (十五五 / 十四五).
fn parse_layout(text: &str) -> Result<init::Layout, String> {
    init::Layout::parse(text)
        .ok_or_else(|| format!("“{text}”无法识别，应为 15（“十五五”）或 14（“十四五”）"))
}

#[derive(Args)]
struct TypesetArgs {
    /// 报告的 Markdown 文件，如 reports/draft/2024/report.md；其中的图片须在该文件所在的文件夹内
    input: PathBuf,
    /// 输出的 PDF 文件（默认：与输入同名的 .pdf；只给 --typst 或 --docx 时不生成 PDF）
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// 同时（或只）输出 Typst 源文件到此路径
    #[arg(long = "typst")]
    typst: Option<PathBuf>,
    /// 同时（或只）输出 Word 文档（.docx，公文版式，可在 WPS 或 Word 中修改）到此路径
    #[arg(long = "docx")]
    docx: Option<PathBuf>,
    /// 自定义模板目录（其中的 layout.typ 替换内置版式）
    #[arg(long, value_name = "目录")]
    templates: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
    /// 数据目录（默认：当前目录下的 data/）；可重复给出，同时打开多个县市区的数据目录
    #[arg(long, value_name = "目录")]
    data: Vec<PathBuf>,
    /// 归档目录：报告存为 <归档目录>/<年度>/v<N>/（默认：reports；多个数据目录时各用以目录名命名的子目录）
    #[arg(long, default_value = "reports", value_name = "目录")]
    archive: PathBuf,
    /// 端口（默认 8724；0 表示任选一个空闲端口）
    #[arg(long, default_value_t = 8724)]
    port: u16,
    /// 监听地址（默认 127.0.0.1，只有本机能打开）；其他地址须同时给出 --password-file
    #[arg(long, value_name = "地址")]
    listen: Option<std::net::IpAddr>,
    /// 密码文件：第一行是登录密码（至少 8 个字符）
    #[arg(long, value_name = "文件")]
    password_file: Option<PathBuf>,
    /// 不自动打开浏览器
    #[arg(long)]
    no_open: bool,
    #[command(flatten)]
    templates: TemplatesArg,
    /// 用此私钥为归档的新版本加盖数字封印（archive keygen 生成）
    #[arg(long, value_name = "私钥文件", env = seal::SIGN_KEY_ENV)]
    sign_key: Option<PathBuf>,
}

impl ServeArgs {
    fn run(self) -> Result<(), Error> {
        let seal = archive::sign_key(self.sign_key)?;
        let data = if self.data.is_empty() {
            vec![default_data()]
        } else {
            self.data
        };
        crate::web::serve(crate::web::Options {
            data,
            archive: self.archive,
            port: self.port,
            listen: self.listen,
            password_file: self.password_file,
            open: !self.no_open,
            seal,
            templates: self.templates.templates,
        })
    }
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// 把工作区的模板更新为当前的内置版本：改动过的文件先另存为“文件名.旧版-日期”，再列出差异
    Refresh(RefreshArgs),
}

#[derive(Args)]
struct RefreshArgs {
    #[command(flatten)]
    data: DataArg,
    /// 模板目录（默认：数据目录下的 templates/）
    #[arg(long, value_name = "目录")]
    templates: Option<PathBuf>,
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// 列出各版本：标识、日期、原因、是否完好
    List(archive::ListArgs),
    /// 重新计算摘要，核对完整性和版本链；全部完好时退出码为 0
    Verify(archive::VerifyArgs),
    /// 生成数字封印的密钥对：私钥 seal-secret.pem（仅本人可读）和公钥 seal-public.pem
    Keygen(archive::KeygenArgs),
    /// 比较同一年度的两个版本：数据、评价和报告正文的变化
    Diff(archive::DiffArgs),
    /// 用版本自带的输入重新生成，逐个文件与清单核对
    Reproduce(archive::ReproduceArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// 便于阅读的表格
    Table,
    /// 完整的评估结果（JSON）
    Json,
}

/// The data folder to use when none is given: `data/` in the current folder (no path of
/// the machine the program was built on).
fn default_data() -> PathBuf {
    PathBuf::from("data")
}

/// Parses the command line, runs it and prints any error; the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => match usage::in_chinese(&error) {
            Some(text) if error.use_stderr() => {
                eprintln!("{text}");
                return ExitCode::from(2);
            }
            _ => error.exit(),
        },
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if !matches!(error, Error::Reported) {
                eprintln!("错误：{error}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Report(args) => args.run(),
        Command::Archive(command) => archive::run(command),
        Command::Evaluate(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::Forms(args) => forms::make(&args.data.dir()?, args.year, args.out),
        Command::Collect(args) => {
            forms::collect(&args.data.dir()?, args.year, &args.returns, args.replace)
        }
        Command::Init(args) => args.run(),
        Command::Typeset(args) => args.run(),
        Command::Templates(TemplatesCommand::Refresh(args)) => args.run(),
        Command::Serve(args) => args.run(),
    }
}

impl ReportArgs {
    fn run(self) -> Result<(), Error> {
        let seal = match &self.out {
            Some(_) => None,
            None => archive::sign_key(self.sign_key)?,
        };
        let data = if self.data.is_empty() {
            vec![default_data()]
        } else {
            self.data
        };
        let data = data
            .into_iter()
            .map(data_folder)
            .collect::<Result<Vec<_>, _>>()?;
        let settings = batch::Settings {
            templates: self.templates.templates,
            date: self.date,
            today: Local::now().date_naive(),
            reason: self.reason,
            kind: self.kind.kind.0,
            seal,
        };
        let destination = match self.out {
            Some(out) => Destination::Draft(usage::not_a_file(out, "--out", "草稿目录")?),
            None => Destination::Archive(usage::not_a_file(self.archive, "--archive", "归档目录")?),
        };
        // Each folder's plan, read once for the checks made before any report (its years,
        // the signing date), only when there is one to make.
        let plans: Vec<_> = if self.year.is_some() || settings.date.is_some() {
            data.iter().map(|dir| dataset::readable_plan(dir)).collect()
        } else {
            Vec::new()
        };
        let all = match self.year {
            Some(years) => {
                usage::within_period(&data, &plans, years)?;
                batch::jobs(&data, years, &destination)
            }
            None => batch::jobs_by_folder(&data, batch::latest_year, &destination)?,
        };
        if let Some(date) = settings.date
            && let Some(why) = all.iter().find_map(|job| {
                let at = data.iter().position(|dir| *dir == job.data)?;
                let plan = plans.get(at)?.as_ref()?;
                signing::refusal_for(plan, job.year, settings.kind, date)
            })
        {
            return Err(Error::Usage(why));
        }
        if let [job] = all.as_slice() {
            report::one(job, &settings)
        } else {
            report::many(all, &settings, self.jobs)
        }
    }
}
