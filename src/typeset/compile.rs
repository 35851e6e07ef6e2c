//! Running the `typst` CLI: found or explained, compiled in a fresh root
//! folder under a time limit, missing CJK fonts told from its own warnings,
//! its failures shown in Chinese.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use chrono::NaiveDate;
use wait_timeout::ChildExt;

use crate::error::{Error, Result};

/// How long one PDF may take before typst is stopped.
const TIME_LIMIT: Duration = Duration::from_secs(180);

/// At least one of these must be installed: they cover all of the report's text.
pub(crate) const CJK_FONTS: [&str; 6] = [
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "FangSong_GB2312",
    "FangSong",
    "SimSun",
    "AR PL UKai",
];

/// The typst executable this process found, and its version line once asked
/// (a batch looks once, not once per report). A failure is not kept, so that a
/// fix is seen on the next try.
static FOUND: OnceLock<PathBuf> = OnceLock::new();
static VERSION: OnceLock<String> = OnceLock::new();

/// The typst executable: `$PLAN_EVAL_TYPST`, else `typst` on the PATH, else
/// the one `cargo install` puts in ~/.cargo/bin. Found without running it: a
/// report starts no process but the compile.
pub fn find_typst() -> Result<PathBuf> {
    if let Some(found) = FOUND.get() {
        return Ok(found.clone());
    }
    let mut tried = Vec::new();
    let named = std::env::var_os("PLAN_EVAL_TYPST").map(PathBuf::from);
    let installed = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/typst"));
    let candidates: Vec<PathBuf> = match named {
        // A typst named on purpose is the only one tried.
        Some(named) => vec![resolve(named)],
        None => on_path(Path::new("typst")).chain(installed).collect(),
    };
    for candidate in candidates {
        if is_executable(&candidate) {
            let _ = FOUND.set(candidate.clone());
            return Ok(candidate);
        }
        tried.push(candidate.display().to_string());
    }
    if tried.len() > 3 {
        tried = vec!["PATH 中各目录".to_string(), tried.pop().unwrap_or_default()];
    }
    Err(Error::TypstMissing {
        detail: format!("已尝试 {}", tried.join("、")),
    })
}

/// A bare command name (`typst`) looked up on the PATH; a path as it is.
fn resolve(named: PathBuf) -> PathBuf {
    if named.components().count() > 1 {
        return named;
    }
    let found = on_path(&named).find(|p| is_executable(p));
    found.unwrap_or(named)
}

/// `name` in each folder of the PATH, in order.
fn on_path(name: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(move |dir| dir.join(name))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }
}

/// The version line typst prints, e.g. "typst 0.15.1 (…)", for the archive.
pub(crate) fn typst_version() -> Result<String> {
    if let Some(version) = VERSION.get() {
        return Ok(version.clone());
    }
    let typst = find_typst()?;
    let out = Command::new(&typst)
        .arg("--version")
        .output()
        .map_err(|e| Error::TypstMissing {
            detail: format!("{}：{e}", typst.display()),
        })?;
    if !out.status.success() {
        return Err(Error::TypstMissing {
            detail: format!("{} --version 未能运行", typst.display()),
        });
    }
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let _ = VERSION.set(version.clone());
    Ok(version)
}

/// Fails with what to install when typst found none of [`CJK_FONTS`] that
/// `source` asks for: typst warns "unknown font family: …" for each family
/// it lacks (its own search, so no listing of every system font is needed).
fn check_fonts(source: &str, diagnostics: &str) -> Result<()> {
    let unknown: Vec<String> = diagnostics
        .lines()
        .filter_map(|line| line.split_once("warning: unknown font family: "))
        .map(|(_, family)| family.trim().to_lowercase())
        .collect();
    let asked: Vec<&str> = CJK_FONTS
        .into_iter()
        .filter(|font| source.contains(&format!("\"{font}\"")))
        .collect();
    if !asked.is_empty() && asked.iter().all(|f| unknown.contains(&f.to_lowercase())) {
        Err(Error::FontMissing {
            wanted: CJK_FONTS.join("、"),
        })
    } else {
        Ok(())
    }
}

/// The name of the document in the folder typst compiles in; diagnostics about
/// the document name this file (see [`parse_errors`]).
pub(crate) const SOURCE_NAME: &str = "report.typ";
const PDF_NAME: &str = "report.pdf";
/// The name typst gives a document read from its standard input.
const STDIN_NAME: &str = "<stdin>";

/// One error typst reported, as `--diagnostic-format short` writes it:
/// `FILE:LINE:COLUMN: error: MESSAGE`, FILE relative to the compile folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    /// [`SOURCE_NAME`] for the document, else the file typst read (an image).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Column from 0, as typst's short format counts it (an editor's column is one more).
    pub column: usize,
    /// Typst's message, in English.
    pub message: String,
}

/// The errors in typst's short diagnostics (e.g. the message of
/// [`Error::TypstFailed`] from [`compile`]); warnings and other lines are
/// skipped.
pub(crate) fn parse_errors(diagnostics: &str) -> Vec<Diagnostic> {
    diagnostics
        .lines()
        .filter_map(|line| {
            let (place, message) = line.split_once(": error: ")?;
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let file = parts.next()?.trim_start_matches('/').to_string();
            Some(Diagnostic {
                file,
                line,
                column,
                message: message.trim().to_string(),
            })
        })
        .collect()
}

/// The PDF standard of every PDF: the strictest PDF/A-2 level (accessible,
/// tagged) that typst meets with CJK text.
pub const PDF_STANDARD: &str = "a-2a";

/// Prints `source` as a report's PDF: typst found and seeing a CJK font, the
/// PDF dated `date` (midnight UTC, so that equal inputs give equal bytes) and
/// meeting [`PDF_STANDARD`]; `files` as for [`Printer::print`].
pub(crate) fn print(source: &str, files: &[(String, Vec<u8>)], date: NaiveDate) -> Result<Vec<u8>> {
    Printer::start(date)?.print(source, files)
}

/// A typst process for one PDF, given its document on its standard input. One that is never
/// given a document (the files beside it could not be written) is stopped when it is dropped.
///
/// Typst sees only a fresh temporary folder holding `files` (e.g. images) and reads the
/// document from its input; it runs in that folder, so that its diagnostics name files
/// relative to it, and the document as [`SOURCE_NAME`] (`report.typ:12:3: error: …`). The
/// PDF is the same, byte for byte, as one compiled from a file of the same text.
struct Printer {
    child: std::process::Child,
    root: tempfile::TempDir,
    diagnostics: Option<std::thread::JoinHandle<String>>,
}

impl Printer {
    /// Starts typst for a report's PDF dated `date` (see [`print`]).
    fn start(date: NaiveDate) -> Result<Printer> {
        let typst = find_typst()?;
        let timestamp = date
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp();
        Printer::spawn(&typst, timestamp, PDF_STANDARD)
    }

    /// Starts `typst` for a PDF created at `timestamp` (seconds since 1970) that meets
    /// `pdf_standard` (e.g. "a-2a").
    fn spawn(typst: &Path, timestamp: i64, pdf_standard: &str) -> Result<Printer> {
        let root = tempfile::Builder::new()
            .prefix("plan-eval-typst-")
            .tempdir()
            .map_err(|e| Error::TypstFailed {
                message: format!("无法创建临时目录：{e}"),
            })?;
        let mut child = Command::new(typst)
            .arg("compile")
            .arg("--root")
            .arg(root.path())
            .arg("--creation-timestamp")
            .arg(timestamp.to_string())
            .arg("--pdf-standard")
            .arg(pdf_standard)
            .arg("--diagnostic-format")
            .arg("short")
            .arg("-")
            .arg(PDF_NAME)
            .current_dir(root.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::TypstMissing {
                detail: e.to_string(),
            })?;
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let diagnostics = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Ok(Printer {
            child,
            root,
            diagnostics: Some(diagnostics),
        })
    }

    /// Compiles `source` to PDF bytes, `files` (names relative to the document, e.g.
    /// `charts/a.svg`) beside it.
    fn print(mut self, source: &str, files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
        let root = self.root.path().to_path_buf();
        let write = |name: &str, bytes: &[u8]| crate::files::write(&root.join(name), bytes);
        for (name, bytes) in files {
            let name = name.trim_start_matches("./");
            if name == SOURCE_NAME || name == PDF_NAME {
                return Err(Error::TypstFailed {
                    message: format!("文件名 {name} 与排版所用的文件同名，请改名"),
                });
            }
            write(name, bytes)?;
        }
        // The files are in place before typst has its document, and so before it reads any.
        // A typst that has stopped (a broken pipe) tells why on its error output.
        if let Some(mut input) = self.child.stdin.take() {
            let _ = input.write_all(source.as_bytes());
        }
        let status = match self.child.wait_timeout(TIME_LIMIT) {
            Ok(Some(status)) => status,
            Ok(None) => {
                return Err(Error::TypstFailed {
                    message: format!("排版超过 {} 秒未完成，已终止", TIME_LIMIT.as_secs()),
                });
            }
            Err(e) => {
                return Err(Error::TypstFailed {
                    message: e.to_string(),
                });
            }
        };
        let diagnostics = self
            .diagnostics
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        let diagnostics = named_as_file(&diagnostics);
        check_fonts(source, &diagnostics)?;
        if !status.success() {
            return Err(Error::TypstFailed {
                message: diagnostics
                    .replace(&root.display().to_string(), "")
                    .trim()
                    .to_string(),
            });
        }
        std::fs::read(root.join(PDF_NAME)).map_err(|e| Error::Read {
            path: root.join(PDF_NAME),
            source: e,
        })
    }
}

/// Typst's diagnostics with the document read from its input named [`SOURCE_NAME`], as when
/// it is compiled from that file (`<stdin>:12:3: error: …` becomes `report.typ:12:3: …`).
fn named_as_file(diagnostics: &str) -> String {
    let prefix = format!("{STDIN_NAME}:");
    diagnostics
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix(&prefix) {
            Some(rest) => format!("{SOURCE_NAME}:{rest}"),
            None => line.to_string(),
        })
        .collect()
}

impl Drop for Printer {
    /// A typst still running (never given its document, or past the time limit) is stopped.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_of_the_input_name_the_document_file() {
        let typst = "<stdin>:2:1: error: unknown variable: foo\n\
                     /charts/a.svg:0:0: error: failed to parse SVG\n\
                     hint: text such as <stdin>: stays as it is\n";
        assert_eq!(
            named_as_file(typst),
            "report.typ:2:1: error: unknown variable: foo\n\
             /charts/a.svg:0:0: error: failed to parse SVG\n\
             hint: text such as <stdin>: stays as it is\n"
        );
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_typst_started_but_never_given_its_document_is_stopped() {
        if find_typst().is_err() && std::env::var_os("PLAN_EVAL_REQUIRE_TOOLS").is_none() {
            return;
        }
        let date = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        let printer = Printer::start(date).unwrap();
        let pid = printer.child.id();
        let root = printer.root.path().to_path_buf();
        assert!(std::path::Path::new(&format!("/proc/{pid}")).exists());
        drop(printer);
        // Reaped, not a zombie: the process is gone, and so is its folder.
        assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists());
        assert!(!root.exists());
    }

    #[test]
    fn missing_cjk_fonts_are_told_from_the_warnings() {
        let source = r#"#set text(font: ("FangSong_GB2312", "Noto Serif CJK SC"))"#;
        let none = "report.typ:1:16: warning: unknown font family: fangsong_gb2312\n\
                    report.typ:1:16: warning: unknown font family: noto serif cjk sc\n";
        assert!(matches!(
            check_fonts(source, none),
            Err(Error::FontMissing { .. })
        ));
        let one = "report.typ:1:16: warning: unknown font family: fangsong_gb2312\n";
        assert!(check_fonts(source, one).is_ok());
        // A layout naming none of the known CJK fonts is not second-guessed.
        assert!(check_fonts(r#"#set text(font: "Other")"#, none).is_ok());
    }

    #[test]
    fn parses_short_diagnostics() {
        let stderr = "report.typ:130:7: error: file not found (searched at /x.png)\n\
                      charts/a b.svg:1:0: error: failed to parse SVG (bad: thing)\n\
                      report.typ:3:1: warning: unused\n\
                      something else";
        assert_eq!(
            parse_errors(stderr),
            vec![
                Diagnostic {
                    file: "report.typ".to_string(),
                    line: 130,
                    column: 7,
                    message: "file not found (searched at /x.png)".to_string(),
                },
                Diagnostic {
                    file: "charts/a b.svg".to_string(),
                    line: 1,
                    column: 0,
                    message: "failed to parse SVG (bad: thing)".to_string(),
                },
            ]
        );
    }
}
