//! Errors a user reads: Chinese messages that name the file, the line and the field.
//!
//! Every stage returns [`Error`]; the command line prints it once and exits
//! with its [`Error::exit_code`].
//! Input problems are collected as [`Problem`]s so that a user sees all of them
//! at once rather than fixing one per run.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: an error stops the report, a warning does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// For the line that stands for the problems of one file, field and severity beyond the
    /// first [`LISTED_PER_FIELD`]: how many there are (0 on any other line).
    pub more: usize,
}

/// How many problems of one file, field and severity are listed one by one; the rest are
/// counted on one line, so that a file of a million bad rows costs neither a million lines
/// nor their memory.
pub const LISTED_PER_FIELD: usize = 20;

impl Problem {
    pub fn new(path: &Path, line: Option<usize>, field: Option<&str>, message: String) -> Self {
        Problem {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            field: field.map(str::to_string),
            message,
            more: 0,
        }
    }

    /// How many problems this line stands for.
    pub fn weight(&self) -> usize {
        self.more.max(1)
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
        if self.more > 0 {
            let kind = match self.severity {
                Severity::Error => "错误",
                Severity::Warning => "警告",
            };
            return write!(
                f,
                "另有 {} 处同类{kind}未逐条列出（每个文件的每个字段只列出前 {LISTED_PER_FIELD} 处）",
                self.more
            );
        }
        write!(f, "{}", self.message)
    }
}

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("无法读取 {}：{}", path.display(), os_reason(path, source, Access::Read))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法写入 {}：{}", path.display(), os_reason(path, source, Access::Write))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", format_problems(.0))]
    Invalid(Vec<Problem>),
    #[error("模板 {name} 有误：{message}")]
    Template { name: String, message: String },
    /// A template's mistake at its line: `templates/report.md:12: …`.
    #[error("{}:{line}: {message}", path.display())]
    TemplateAt {
        path: PathBuf,
        line: usize,
        message: String,
    },
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
    /// The system refused what the program needs (e.g. randomness for a key): neither the
    /// input's fault nor the command line's.
    #[error("{0}")]
    System(String),
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
    /// A seal key file that is missing, unreadable or not an Ed25519 key of
    /// the kind asked for (the message names the file).
    #[error("{0}")]
    Key(String),
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
            Error::Usage(_) | Error::Key(_) => 2,
            Error::TypstMissing { .. } | Error::FontMissing { .. } => 3,
            Error::Template { .. }
            | Error::TemplateAt { .. }
            | Error::TypstFailed { .. }
            | Error::Docx(_)
            | Error::Form(_)
            | Error::System(_)
            | Error::Write { .. } => 4,
        }
    }
}

/// What was being done when the system refused: the words of [`os_reason`] differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}

/// Why the system refused to read or write `path`, in Chinese: the common kinds of
/// [`std::io::Error`] (no permission, a file where a folder should be, disk full...) in words
/// a user can act on, in this one place for every read and write error. A message of the
/// program's own (already Chinese, with no OS error in it) is kept as it is; an OS error of
/// a kind not listed keeps the system's text after a Chinese lead.
pub(crate) fn os_reason(path: &Path, error: &std::io::Error, access: Access) -> String {
    use std::io::ErrorKind as K;
    let text = error.to_string();
    let from_os = error.raw_os_error().is_some() || text.contains("(os error ");
    if !from_os {
        return text;
    }
    match error.kind() {
        K::NotFound => match access {
            Access::Read => "找不到该文件或文件夹".to_string(),
            Access::Write => "所在的文件夹不存在".to_string(),
        },
        K::PermissionDenied => match access {
            Access::Read => "没有读取权限；请检查该文件或文件夹的权限".to_string(),
            Access::Write => "没有写入权限（该文件夹或其中的文件被设为只读、锁定，或属于其他用户）；请检查权限，或另选一个目录".to_string(),
        },
        K::NotADirectory => match file_in(path) {
            Some(file) => format!("“{}”是文件而不是文件夹", file.display()),
            None => "路径中的一级是文件而不是文件夹".to_string(),
        },
        K::IsADirectory => "这是一个文件夹，不是文件".to_string(),
        K::StorageFull => "磁盘已满；请清理磁盘空间后重试".to_string(),
        K::QuotaExceeded => "超出了该用户的磁盘配额；请清理空间后重试".to_string(),
        K::ReadOnlyFilesystem => "所在的磁盘（文件系统）是只读的；请另选一个目录".to_string(),
        K::FileTooLarge => "文件过大，超出了文件系统的限制".to_string(),
        K::AlreadyExists => "同名的文件或文件夹已存在".to_string(),
        K::DirectoryNotEmpty => "文件夹不为空".to_string(),
        K::InvalidFilename => "文件名过长或含有不允许的字符".to_string(),
        K::ResourceBusy | K::ExecutableFileBusy => {
            "正被其他程序占用；请关闭占用它的程序后重试".to_string()
        }
        K::CrossesDevices => "不能跨磁盘移动；请把目录放在同一磁盘上".to_string(),
        K::TooManyLinks => "链接过多".to_string(),
        K::OutOfMemory => "内存不足".to_string(),
        _ => format!("操作系统报告错误：{text}"),
    }
}

/// The first folder along `path` that is a file, when there is one (`afile` in `afile/x/2024`).
fn file_in(path: &Path) -> Option<&Path> {
    let mut ancestors: Vec<&Path> = path.ancestors().collect();
    ancestors.reverse();
    ancestors
        .into_iter()
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| std::fs::metadata(a).is_ok_and(|m| m.is_file()))
}

fn format_problems(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&p.to_string());
    }
    let total: usize = problems.iter().map(Problem::weight).sum();
    out.push_str(&format!("\n共发现 {total} 处错误。"));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The file, field and severity problems are counted by.
type TallyKey = (PathBuf, Option<String>, Severity);

/// Collects problems while a file is checked, then fails with all of them at once. Beyond
/// [`LISTED_PER_FIELD`] problems of one file, field and severity, only their number is kept.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    /// For each file, field and severity: how many were recorded, and where the line that
    /// counts those not listed stands.
    tally: HashMap<TallyKey, (usize, Option<usize>)>,
    /// For each table file read so far: its fields' keys and the headers the file gives
    /// them (see [`Problems::name_columns`]).
    columns: HashMap<PathBuf, Vec<(&'static str, String)>>,
}

impl Problems {
    /// Names the columns of the table file `path` as the file itself heads them: each
    /// field's key (`year`) with the header found for it (`年份`, or `year` in a file headed
    /// in English), or the expected Chinese header when the file has no such column. From
    /// then on a problem of that file whose field is given by its key shows the header
    /// instead: the one place where a table's problems get the user's words for a column,
    /// whichever stage finds them (the row checks, `check`'s warnings about a year).
    pub fn name_columns(&mut self, path: &Path, names: Vec<(&'static str, String)>) {
        self.columns.insert(path.to_path_buf(), names);
    }

    /// The header the table file `path` gives the column of key `field`, when it is one.
    fn header_of(&self, path: &Path, field: &str) -> Option<&String> {
        let names = self.columns.get(path)?;
        names.iter().find(|(key, _)| *key == field).map(|(_, h)| h)
    }

    /// `problem` with its field in its file's own words, when the field is a column's key.
    fn in_file_words(&self, mut problem: Problem) -> Problem {
        let header = (problem.field.as_deref()).and_then(|f| self.header_of(&problem.path, f));
        if let Some(header) = header {
            problem.field = Some(header.clone());
        }
        problem
    }

    pub fn push(&mut self, problem: Problem) {
        let problem = self.in_file_words(problem);
        let key = (
            problem.path.clone(),
            problem.field.clone(),
            problem.severity,
        );
        let (count, summary) = self.tally.entry(key).or_default();
        let weight = problem.weight();
        if *count + weight <= LISTED_PER_FIELD && problem.more == 0 {
            *count += weight;
            self.list.push(problem);
            return;
        }
        // Problems beyond the listed ones (or a line already counting some) join the count.
        let unlisted = if problem.more == 0 { 1 } else { problem.more };
        *count += unlisted;
        match summary {
            Some(i) => self.list[*i].more += unlisted,
            None => {
                *summary = Some(self.list.len());
                self.list.push(Problem {
                    line: None,
                    message: String::new(),
                    more: unlisted,
                    ..problem
                });
            }
        }
    }

    /// Whether one more error of this file and field would be listed, not only counted: a
    /// message that costs (a "did you mean" search) is worth making only then.
    pub fn lists_more(&self, path: &Path, field: &str) -> bool {
        let field = self.header_of(path, field).map_or(field, String::as_str);
        let key = (path.to_path_buf(), Some(field.to_string()), Severity::Error);
        self.tally
            .get(&key)
            .is_none_or(|(count, _)| *count < LISTED_PER_FIELD)
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
            Error::Invalid(list) => list.into_iter().for_each(|p| self.push(p)),
            other => self.push(Problem::new(path, None, None, other.to_string())),
        }
    }

    pub fn extend(&mut self, other: Problems) {
        self.columns.extend(other.columns);
        other.list.into_iter().for_each(|p| self.push(p));
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// True when at least one error (not counting warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Problem::is_error)
    }

    /// How many errors were recorded, listed or counted.
    pub fn errors(&self) -> usize {
        self.list
            .iter()
            .filter(|p| p.is_error())
            .map(Problem::weight)
            .sum()
    }

    /// How many warnings were recorded, listed or counted.
    pub fn warnings(&self) -> usize {
        self.list
            .iter()
            .filter(|p| !p.is_error())
            .map(Problem::weight)
            .sum()
    }

    pub fn as_slice(&self) -> &[Problem] {
        &self.list
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// Ok with `value` when no error was reported, else every error as one
    /// [`Error::Invalid`]; warnings are dropped.
    pub fn finish<T>(self, value: T) -> Result<T> {
        if self.has_errors() {
            Err(Error::Invalid(
                self.list.into_iter().filter(Problem::is_error).collect(),
            ))
        } else {
            Ok(value)
        }
    }
}

#[cfg(test)]
mod tests;
