//! LibreOffice as an independent reader of our Word documents: `soffice --headless
//! --convert-to pdf`, each run with a profile of its own so that parallel tests don't collide,
//! and the PDF it prints read back with poppler (`pdfinfo`, `pdffonts`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// How long one conversion may take (a cold start of LibreOffice is a few seconds).
const TIME_LIMIT: Duration = Duration::from_secs(240);

/// LibreOffice's PDF of each Word document, given as (file stem, bytes), converted in one run.
/// Fails, never skips, when LibreOffice is missing.
pub fn docx_to_pdf(documents: &[(&str, &[u8])]) -> Vec<Vec<u8>> {
    let soffice = which("soffice").unwrap_or_else(|| {
        panic!(
            "LibreOffice (soffice) is not installed: the Word document's tests read it with \
             LibreOffice; run `bash scripts/test.sh` (it installs libreoffice-writer-nogui)"
        )
    });
    let dir = super::temp_dir();
    let out = dir.path().join("out");
    let mut paths = Vec::new();
    for (stem, bytes) in documents {
        let path = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let mut child = Command::new(&soffice)
        .arg(profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out)
        .args(&paths)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", soffice.display()));
    let status = match child.wait_timeout(TIME_LIMIT).unwrap() {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice did not finish within {} s", TIME_LIMIT.as_secs());
        }
    };
    let output = child.wait_with_output().unwrap();
    assert!(
        status.success(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    documents
        .iter()
        .map(|(stem, _)| {
            std::fs::read(out.join(format!("{stem}.pdf"))).unwrap_or_else(|e| {
                panic!(
                    "soffice wrote no {stem}.pdf ({e}): {}",
                    String::from_utf8_lossy(&output.stderr)
                )
            })
        })
        .collect()
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Each page's size in points (width, height), as `pdfinfo -f 1 -l N` gives them.
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "100000"])
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let (head, rest) = line.split_once(" size: ")?;
            head.starts_with("Page").then_some(())?;
            let mut parts = rest.split_whitespace();
            let width = parts.next()?.parse().ok()?;
            parts.next()?;
            let height = parts.next()?.parse().ok()?;
            Some((width, height))
        })
        .collect()
}

/// A font as `pdffonts` lists it: its name, encoding and whether it is embedded.
#[derive(Debug)]
pub struct Font {
    pub name: String,
    pub encoding: String,
    pub embedded: bool,
}

/// The fonts of a PDF file (`pdffonts`).
pub fn fonts(pdf: &Path) -> Vec<Font> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts (poppler-utils) must be installed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    // The header, then a rule of dashes whose gaps mark the columns.
    let rule = lines.by_ref().find(|l| l.starts_with("---")).unwrap();
    let columns: Vec<(usize, usize)> = {
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in rule.char_indices().chain([(rule.len(), ' ')]) {
            match (c == '-', start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        spans
    };
    let field = |line: &str, i: usize| {
        let (s, e) = columns[i];
        line.get(s..e.min(line.len()))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| Font {
            name: field(line, 0),
            encoding: field(line, 2),
            embedded: field(line, 3) == "yes",
        })
        .collect()
}

/// The text of each page of a PDF file (`pdftotext -layout`, pages split at form feeds). The
/// layout mode keeps every glyph where it stands; the plain mode drops a hyphen it takes for a
/// duplicate (`~ ---` read back as `~ --` before an indented line).
pub fn page_texts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The pages' text run together without their page numbers (lines that are only “— N —”), so
/// that a paragraph broken across two pages reads as one.
pub fn body_text(pages: &[String]) -> String {
    let number = |line: &str| {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        squeezed
            .strip_prefix('—')
            .and_then(|rest| rest.strip_suffix('—'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    pages
        .iter()
        .flat_map(|page| page.lines())
        .filter(|line| !number(line))
        .collect::<Vec<_>>()
        .join("\n")
}
