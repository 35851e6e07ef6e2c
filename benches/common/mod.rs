//! Shared by the bench binaries: timing by repeated runs (medians), the
//! external tools the references need (typst, pandoc), the bundled report
//! rendered in-process, and Markdown tables for the printed results.
#![allow(dead_code)]

pub mod synth;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use plan_eval::report::{self, ReportMeta, charts};
use plan_eval::run::pipeline;
use plan_eval::templating::Templates;

/// The bundled example's year and report date, as in the README.
pub const YEAR: i32 = 2024;
pub const DATE: &str = "2025-03-04";

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn bundled_data() -> PathBuf {
    repo().join("data")
}

pub fn date() -> NaiveDate {
    DATE.parse().expect("a valid date")
}

/// The times of repeated runs of one thing.
#[derive(Debug, Clone)]
pub struct Sample {
    pub times: Vec<Duration>,
}

impl Sample {
    pub fn median(&self) -> Duration {
        let mut t = self.times.clone();
        t.sort();
        let n = t.len();
        if n % 2 == 1 {
            t[n / 2]
        } else {
            (t[n / 2 - 1] + t[n / 2]) / 2
        }
    }

    pub fn min(&self) -> Duration {
        self.times.iter().copied().min().unwrap_or_default()
    }

    pub fn secs(&self) -> f64 {
        self.median().as_secs_f64()
    }

    pub fn runs(&self) -> usize {
        self.times.len()
    }
}

/// Runs `f` once to warm up, then at least `min_runs` times and until
/// `budget` is spent (at most `max_runs` times).
pub fn measure<T>(
    min_runs: usize,
    max_runs: usize,
    budget: Duration,
    mut f: impl FnMut() -> T,
) -> Sample {
    black_box(f());
    let started = Instant::now();
    let mut times = Vec::new();
    while times.len() < min_runs || (started.elapsed() < budget && times.len() < max_runs) {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    Sample { times }
}

/// Runs every job in turn, `rounds` times, after one warm-up round, so that
/// a slow spell of the machine falls on all of them alike. Every other round
/// runs them in the opposite order, so that no job always follows the same one:
/// on the 2-core machine of issue 11, `report` always run just after a typst
/// process came out at 1.21× a bare compile, against 1.07–1.13× with the order
/// alternating (same binaries, same hour; see benches/README.md).
pub fn interleaved(rounds: usize, jobs: &mut [&mut dyn FnMut()]) -> Vec<Sample> {
    for job in jobs.iter_mut() {
        job();
    }
    let mut samples = vec![Sample { times: Vec::new() }; jobs.len()];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            let t = Instant::now();
            jobs[i]();
            samples[i].times.push(t.elapsed());
        }
    }
    samples
}

/// A duration for people: s, ms or µs with about three significant digits.
pub fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.1 {
        format!("{:.0} ms", s * 1e3)
    } else if s >= 0.01 {
        format!("{:.1} ms", s * 1e3)
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// Prints a Markdown table.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    println!("| {} |", header.join(" | "));
    println!("|{}", header.iter().map(|_| " --- |").collect::<String>());
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
    println!();
}

/// Whether `ok` meets its target, as a table cell.
pub fn verdict(ok: bool) -> String {
    if ok { "met" } else { "MISSED" }.to_string()
}

/// The typst executable the report uses (`$PLAN_EVAL_TYPST`, `typst` on the
/// PATH, ~/.cargo/bin/typst), if any.
pub fn typst() -> Option<PathBuf> {
    plan_eval::typeset::compile::find_typst().ok()
}

/// A pandoc of major version 3 or later: `$PANDOC`, `pandoc` on the PATH, or
/// the binary the PyPI package `pypandoc-binary` ships.
pub fn pandoc() -> Option<(PathBuf, String)> {
    let shipped = Command::new("python3")
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let candidates = std::env::var_os("PANDOC")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("pandoc")])
        .chain(shipped);
    for candidate in candidates {
        let Ok(out) = Command::new(&candidate).arg("--version").output() else {
            continue;
        };
        let first = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let major = first
            .split_whitespace()
            .nth(1)
            .and_then(|v| v.split('.').next())
            .and_then(|m| m.parse::<u32>().ok());
        if out.status.success() && major.is_some_and(|m| m >= 3) {
            return Some((candidate, first));
        }
    }
    None
}

/// The bundled 2024 report's Markdown, made in-process exactly as `report`
/// makes `report.md`.
pub fn bundled_markdown() -> String {
    let request = pipeline::ReportRequest {
        kind: None,
        year: YEAR,
        data: bundled_data(),
        templates: None,
        date: date(),
    };
    let prepared = pipeline::prepare(&request).expect("the bundled data evaluate");
    markdown_of(&prepared.templates, &prepared, date())
}

/// Charts and Markdown of a prepared report (its measures' texts written),
/// as `pipeline::typeset` makes them.
pub fn markdown_of(
    templates: &Templates,
    prepared: &pipeline::Prepared,
    date: NaiveDate,
) -> String {
    let charts = charts::charts(&prepared.evaluation);
    report::markdown(
        templates,
        &prepared.data.plan,
        &prepared.evaluation,
        &prepared.measures,
        &ReportMeta {
            date,
            sample: prepared.data.sample,
            charts: charts
                .iter()
                .map(|c| (c.file.clone(), c.caption.clone()))
                .collect(),
        },
    )
    .expect("the bundled report renders")
}

/// Runs a command to completion, its output discarded; panics on failure.
pub fn run_quiet(command: &mut Command) {
    let out = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
