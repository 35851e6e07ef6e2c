//! The `plan-eval` command line: parses arguments, runs the stages through
//! [`crate::run`], prints results and errors in Chinese, and returns the exit
//! code (0 done, 1 bad data or a failed check, 2 a command-line mistake, 3 typst
//! or fonts missing, 4 a template, typesetting or writing failure).

mod archive;
mod output;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::input::{check, dataset};
use crate::model::report_date;
use crate::model::vocabulary::EvaluationKind;
use crate::report::{measures, table_view};
use crate::run::batch::{self, Destination, Years};
use crate::run::{init, pipeline};

use output::Out;

/// The process's allocator: the system's, except that a block of a huge page (2 MiB) or more is
/// aligned to a huge page and marked as a candidate for transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`, on systems that set THP to `madvise`), much as glibc's
/// `glibc.malloc.hugetlb=1` tunable would. The large blocks — a long document's Markdown, the
/// parser's tree of it, the Typst written — are then filled a huge page per fault instead of a
/// 4 KiB page per fault: on 5 MB of Markdown, `typeset` took about 11,000 page faults with 4 KiB
/// pages (see benches/README.md, issue 11, item 11). Contents and freeing are the system's.
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: HugePageAllocator = HugePageAllocator;

#[cfg(target_os = "linux")]
struct HugePageAllocator;

#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

#[cfg(target_os = "linux")]
impl HugePageAllocator {
    /// The layout a block of `layout` is allocated with: a large one aligned to a huge page, so
    /// that all its whole huge pages are its own. The same for its allocation and its freeing,
    /// being a function of the size and alignment that both are given.
    fn system_layout(layout: std::alloc::Layout) -> std::alloc::Layout {
        if layout.size() < HUGE_PAGE {
            return layout;
        }
        layout.align_to(HUGE_PAGE).unwrap_or(layout)
    }

    /// Advises the huge pages that lie wholly within the block at `ptr` of `size` bytes. A
    /// failure (THP not available) changes nothing.
    fn advise(ptr: *mut u8, size: usize) {
        if ptr.is_null() || size < HUGE_PAGE {
            return;
        }
        let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
        let end = (ptr as usize + size) / HUGE_PAGE * HUGE_PAGE;
        if end > start {
            // SAFETY: the range lies within a block the system allocator just handed out, and
            // the advice only changes how the kernel backs it, never its contents.
            let _ = unsafe {
                rustix::mm::madvise(
                    start as *mut std::ffi::c_void,
                    end - start,
                    rustix::mm::Advice::LinuxHugepage,
                )
            };
        }
    }
}

// SAFETY: every block comes from the system allocator and goes back to it with the layout it
// was allocated with (`system_layout` of the caller's, which is at least as aligned).
#[cfg(target_os = "linux")]
unsafe impl std::alloc::GlobalAlloc for HugePageAllocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let ptr = unsafe { std::alloc::System.alloc(Self::system_layout(layout)) };
        Self::advise(ptr, layout.size());
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.size() < HUGE_PAGE {
            return unsafe { std::alloc::System.alloc_zeroed(layout) };
        }
        // A large block, allocated and advised as by `alloc`, then zeroed: the zeroing fills
        // huge pages (the system zeroes an over-aligned block itself, before any advice).
        let ptr = unsafe { self.alloc(layout) };
        if !ptr.is_null() {
            // SAFETY: the block is valid for `layout.size()` bytes.
            unsafe { std::ptr::write_bytes(ptr, 0, layout.size()) };
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(ptr, Self::system_layout(layout)) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.size() < HUGE_PAGE && new_size < HUGE_PAGE {
            return unsafe { std::alloc::System.realloc(ptr, layout, new_size) };
        }
        // To or from a large block: a new block (aligned and advised before the old one is
        // copied into it, so that the copy, too, fills huge pages), the old one freed.
        // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment, does not
        // overflow, and that `ptr` is a block of `layout`.
        let new_layout =
            unsafe { std::alloc::Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the smaller size, and distinct.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

/// 规划纲要年度实施情况评估报告生成工具（plan-eval）。
///
/// 读取规划（plan.yaml）、年度指标数据（readings.csv）、任务进展（task_progress.csv）
/// 和对策建议规则（countermeasures.yaml），评估各项指标和任务的序时进度，
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
    /// 把手工修改过的报告 Markdown 重新排版为 PDF（版式与生成的报告相同），也可输出 Word 文档
    Typeset {
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

/// Parses the command line, runs it and prints any error; the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
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
                report::one(job, &settings)
            } else {
                report::many(all, &settings, jobs)
            }
        }
        Command::Archive(command) => archive::run(command),
        Command::Evaluate {
            year,
            data,
            format,
            kind,
        } => {
            let (data, ev) =
                pipeline::load_and_evaluate(&data.unwrap_or_else(default_data), year, kind.0)?;
            let measures = measures::write(&ev, &data.rules)?;
            for warning in &measures.warnings {
                eprintln!("警告：{warning}");
            }
            let text = match format {
                Format::Json => pipeline::evaluation_json(&ev, &measures),
                Format::Table => table_view::render(&ev),
            };
            let mut out = Out::default();
            out.text(&text)?;
            out.finish()
        }
        Command::Check { data, year, date } => {
            let mut checked = check::check(&data.unwrap_or_else(default_data), year);
            if let (Some(date), Some(year), Some(dataset)) = (date, checked.year, &checked.dataset)
                && let Some(misfit) = report_date::misfit(year, date, dataset.plan.meta.report_due)
            {
                checked
                    .problems
                    .warn(&dataset.plan_path, None, "date", misfit);
            }
            let mut out = Out::default();
            out.text(&checked.render())?;
            out.finish()?;
            if checked.passed() {
                Ok(())
            } else {
                // The listing is the message.
                Err(Error::Reported)
            }
        }
        Command::Init { dir } => {
            init::create(&dir)?;
            let mut out = Out::default();
            out.line(format!(
                "已在 {} 新建工作区，请按其中的“{}”修改 plan.yaml 并填写数据，然后运行：plan-eval check --data {}",
                dir.display(),
                init::GUIDE_FILE,
                dir.display()
            ))?;
            out.finish()
        }
        Command::Typeset {
            input,
            out,
            typst,
            docx,
            templates,
        } => {
            use crate::typeset::retypeset::{self, Outputs};
            let outputs = Outputs::for_input(&input, out, typst, docx);
            let written = retypeset::run(&input, templates.as_deref(), &outputs)?;
            let mut out = Out::default();
            out.line(format!("已由 {} 重新排版：", input.display()))?;
            for path in written {
                out.line(format!("  {}", path.display()))?;
            }
            out.finish()
        }
    }
}
