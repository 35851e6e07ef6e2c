//! The real-browser test of the workbench: Debian's chromium driven by Playwright for
//! Python (`tests/browser/workbench.py`) does the year's work through the pages; this
//! test then reads the PDF the browser downloaded and verifies what it archived.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::forms::{have, openpyxl};
use crate::common::{self, root, squeeze};

use super::client::Server;
use super::workspace;

/// Debian's chromium and Playwright for Python (with openpyxl for the returns).
fn browser_tools() -> bool {
    let chromium = Path::new("/usr/bin/chromium").is_file();
    let playwright = Command::new("python3")
        .args(["-c", "import playwright.sync_api"])
        .output()
        .is_ok_and(|o| o.status.success());
    have(
        "chromium and Playwright for Python",
        chromium && playwright,
        "apt-get install chromium; pip install playwright",
    )
}

#[test]
fn a_browser_does_the_year_s_work_through_the_pages() {
    if !openpyxl() || !browser_tools() {
        return;
    }
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let work = ws.path().join("work");
    fs::create_dir_all(&work).unwrap();
    // Screenshots go to docs/screenshots/ when asked (PLAN_EVAL_SCREENSHOTS=docs/screenshots).
    let shots = match std::env::var_os("PLAN_EVAL_SCREENSHOTS") {
        Some(dir) => root().join(dir),
        None => ws.path().join("screenshots"),
    };
    let out = Command::new("python3")
        .arg(root().join("tests/browser/workbench.py"))
        .arg(&server.url)
        .arg(&work)
        .arg(&shots)
        .arg(common::bundled())
        .arg("2024")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for n in 1..=15 {
        let found = fs::read_dir(&shots).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(&format!("{n:02}-"))
        });
        assert!(found, "screenshot {n:02} missing");
    }
    // The PDF the browser downloaded names every indicator of the plan.
    let text = Command::new("pdftotext")
        .arg(work.join("report.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    let plan = plan_eval::input::load(&common::bundled()).unwrap().plan;
    assert_eq!(plan.indicators.len(), 20);
    for indicator in &plan.indicators {
        assert!(
            text.contains(&squeeze(&indicator.name)),
            "{} not in the PDF",
            indicator.name
        );
    }
    assert!(text.contains("2024年度实施情况评估报告"));
    // What the browser archived, the command line verifies; the data holds the returns.
    let verify = common::plan_eval(&["archive", "verify"], ws.path());
    common::assert_success(&verify);
    assert!(String::from_utf8_lossy(&verify.stdout).contains(
        "共核验 1 个版本，0 个有问题；登记簿 register.txt：1 个版本均已登记，链值相符。"
    ));
    let readings = fs::read_to_string(ws.path().join("data/readings.csv")).unwrap();
    assert_eq!(
        readings.lines().filter(|l| l.starts_with("2024,")).count(),
        25
    );
}
