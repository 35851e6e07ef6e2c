//! Errors a user reads: Chinese messages that name the file, the line and the field.
//!
//! Every stage returns [`Error`]; the command line prints it once and exits
//! with its [`Error::exit_code`].
//! Input problems are collected as [`Problem`]s so that a user sees all of them
//! at once rather than fixing one per run.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: an error stops the report, a warning does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

impl Severity {
    /// The word a user reads before the problem: 错误 or 警告.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// One problem found in an input file, located as precisely as the file allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line number, when known.
    pub line: Option<usize>,
    /// The field (column or key) the problem is about, in the words the file uses.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: Option<usize>, field: Option<&str>, message: String) -> Self {
        Problem {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            field: field.map(str::to_string),
            message,
        }
    }

    /// The same problem, as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("无法读取 {path}：{source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法写入 {path}：{source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", format_problems(.0))]
    Invalid(Vec<Problem>),
    #[error("模板 {name} 有误：{message}")]
    Template { name: String, message: String },
    #[error(
        "未找到 typst 命令（{detail}）。请先安装：cargo install typst-cli --locked，并确认 ~/.cargo/bin 在 PATH 中"
    )]
    TypstMissing { detail: String },
    #[error(
        "未找到可用的中文字体（需要以下任一字体：{wanted}）。请先安装：apt-get install fonts-noto-cjk fonts-arphic-ukai"
    )]
    FontMissing { wanted: String },
    #[error("typst 排版失败：{message}")]
    TypstFailed { message: String },
    /// The Word document could not be put together (a fault of the program, not of the input).
    #[error("生成 Word 文档失败：{0}")]
    Docx(String),
    /// A unit's form could not be put together (a fault of the program, not of the input).
    #[error("生成填报表失败：{0}")]
    Form(String),
    /// A mistake on the command line (a year outside the plan, a folder that
    /// does not exist, an output that would overwrite the input).
    #[error("{0}")]
    Usage(String),
    /// Archived versions that failed verification or reproduction.
    #[error("{0}")]
    Unverified(String),
    /// An archived version that lacks what a version must record.
    #[error("{0}")]
    BrokenVersion(String),
    /// Reports of a batch that failed (each already listed).
    #[error("{failed} 份报告生成失败")]
    BatchFailed { failed: usize },
    /// Problems already printed in full (by `check`), so nothing more is said.
    #[error("")]
    Reported,
}

impl Error {
    /// The exit code, as the README lists them: 1 bad data or a failed
    /// check, 2 a command-line mistake, 3 typst or fonts missing, 4 a
    /// template, typesetting or writing failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_)
            | Error::Read { .. }
            | Error::Unverified(_)
            | Error::BrokenVersion(_)
            | Error::BatchFailed { .. }
            | Error::Reported => 1,
            Error::Usage(_) => 2,
            Error::TypstMissing { .. } | Error::FontMissing { .. } => 3,
            Error::Template { .. }
            | Error::TypstFailed { .. }
            | Error::Docx(_)
            | Error::Form(_)
            | Error::Write { .. } => 4,
        }
    }
}

fn format_problems(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&p.to_string());
    }
    out.push_str(&format!("\n共发现 {} 处错误。", problems.len()));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects problems while a file is checked, then fails with all of them at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub fn report(&mut self, path: &Path, line: Option<usize>, field: &str, message: String) {
        self.push(Problem::new(path, line, Some(field), message));
    }

    /// Records a warning: shown by `check`, never stops a run.
    pub fn warn(&mut self, path: &Path, line: Option<usize>, field: &str, message: String) {
        self.push(Problem::new(path, line, Some(field), message).warning());
    }

    /// Takes the problems of a failed stage: its listed problems, or the error itself.
    pub fn absorb(&mut self, path: &Path, error: Error) {
        match error {
            Error::Invalid(list) => self.0.extend(list),
            other => self.push(Problem::new(path, None, None, other.to_string())),
        }
    }

    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when at least one error (not counting warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    /// Ok with `value` when no error was reported, else every error as one
    /// [`Error::Invalid`]; warnings are dropped.
    pub fn finish<T>(self, value: T) -> Result<T> {
        if self.has_errors() {
            Err(Error::Invalid(
                self.0.into_iter().filter(Problem::is_error).collect(),
            ))
        } else {
            Ok(value)
        }
    }
}
