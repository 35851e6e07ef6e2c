//! Helpers of the forms tests: the tools they drive (python3 with openpyxl,
//! LibreOffice Calc), filling and editing forms with them, an empty copy of
//! the bundled data folder and its bytes.
//!
//! A missing tool skips its test with a loud message, unless
//! `PLAN_EVAL_REQUIRE_TOOLS` is set (as `scripts/test.sh` does), which makes it fail.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{bundled, root};

/// Whether a tool is there; without it, a loud skip or, when tools are
/// required, a failure saying what to install.
#[allow(clippy::explicit_write)]
pub fn have(tool: &str, available: bool, install: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("PLAN_EVAL_REQUIRE_TOOLS").is_some() {
        panic!("{tool} is required (PLAN_EVAL_REQUIRE_TOOLS is set) but missing: {install}");
    }
    // Written to the stream itself: the harness holds back what eprintln! prints.
    writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: {tool} is missing ({install}); set PLAN_EVAL_REQUIRE_TOOLS=1 to make this a failure ***\n"
    )
    .unwrap();
    false
}

/// python3 with openpyxl, the independent writer that fills the forms.
pub fn openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    have("python3 with openpyxl", ok, "pip install openpyxl")
}

/// LibreOffice's `soffice` with Calc, which re-saves a form as WPS or Excel would.
pub fn soffice() -> bool {
    let runs = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    // Calc is a package of its own (Writer alone cannot open a workbook).
    let calc = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            fs::canonicalize(dir.join("soffice"))
                .ok()
                .and_then(|p| p.parent().map(|d| d.join("libsclo.so").is_file()))
                .unwrap_or(false)
        })
    });
    let ok = runs && calc;
    have(
        "LibreOffice Calc (soffice)",
        ok,
        "apt-get install libreoffice-calc-nogui",
    )
}

fn python(script: &str, args: &[&Path], more: &[&str]) {
    let out = Command::new("python3")
        .arg(root().join("tests/integration/common").join(script))
        .args(args)
        .args(more)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Fills every form of `forms` with the figures of `year` in `data`'s
/// readings.csv and task_progress.csv, saving them under their names in `out`.
pub fn fill(forms: &Path, data: &Path, year: i32, out: &Path) {
    python(
        "fill_forms.py",
        &[
            forms,
            &data.join("readings.csv"),
            &data.join("task_progress.csv"),
        ],
        &[&year.to_string(), out.to_str().unwrap()],
    );
}

/// Saves `from` with cells changed (`指标!I2=n:10.5`, `任务!E2=s:完成`, `指标!J2=` clears) as `to`.
pub fn edit(from: &Path, to: &Path, edits: &[&str]) {
    python("edit_cells.py", &[from, to], edits);
}

/// `form` opened and saved again by LibreOffice Calc, as `dir/<its name>`.
pub fn resave(form: &Path, dir: &Path) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let profile = dir.join(".lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(dir)
        .arg(form)
        .output()
        .unwrap();
    let saved = dir.join(form.file_name().unwrap());
    assert!(
        saved.is_file(),
        "soffice did not re-save {}: {}{}",
        form.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    saved
}

/// A data folder at `to` with the bundled plan and rules, and the bundled
/// readings and task reports without the rows of `year` (comments kept).
pub fn data_without(to: &Path, year: i32) {
    fs::create_dir_all(to).unwrap();
    for name in ["plan.yaml", "countermeasures.yaml", "SAMPLE_DATA.txt"] {
        fs::copy(bundled().join(name), to.join(name)).unwrap();
    }
    let prefix = format!("{year},");
    for name in ["readings.csv", "task_progress.csv", "project_progress.csv"] {
        let text = fs::read_to_string(bundled().join(name)).unwrap();
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with(&prefix))
            .collect();
        fs::write(to.join(name), kept).unwrap();
    }
}

/// Every file under `dir` with its bytes, to show that nothing was written.
pub fn bytes_of(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.extend(bytes_of(&path));
        } else {
            all.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    all
}
