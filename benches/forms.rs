//! Forms: `forms::make` and `forms::collect` for a synthetic plan of 1,000
//! lead units (10,000 indicators and as many tasks, see `common/synth.rs`).
//! Every form is filled (each value, quota and status cell) by rewriting its
//! sheets' XML, then all are collected into the data folder without the
//! year's rows. Target: forms and collect together in under 10 s.
//!
//! `cargo bench --bench forms`; `PLAN_EVAL_FORMS_N=1000` sets the number of
//! indicators and tasks (a tenth of it is the number of units).

mod common;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::synth;
use common::{human, table};
use plan_eval::forms;

const TARGET_SECS: f64 = 10.0;

/// Fills every fill-in cell of the form at `path` in place: the blank cells
/// whose style is that of the first value cell (numbers, 1, which every
/// synthetic range holds) and of the first status cell (序时推进).
fn fill(path: &Path) {
    let bytes = std::fs::read(path).expect("form");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).expect("read entry");
        let text = match name.as_str() {
            // Values and quotas (columns I and J for a plan based in 2020, year 2024).
            "xl/worksheets/sheet2.xml" => fill_sheet(&text, "<v>1</v>", "", &["I", "J"]),
            "xl/worksheets/sheet3.xml" => fill_sheet(
                &text,
                "<is><t>序时推进</t></is>",
                " t=\"inlineStr\"",
                &["E"],
            ),
            _ => text,
        };
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start entry");
        out.write_all(&text).expect("write entry");
    }
    let bytes = out.finish().expect("finish zip").into_inner();
    std::fs::write(path, bytes).expect("write form");
}

/// The sheet's blank cells in columns `cols` that have the fill-in style
/// (that of the cell of the first column in row 2), given `content`.
fn fill_sheet(xml: &[u8], content: &str, kind: &str, cols: &[&str]) -> Vec<u8> {
    let xml = String::from_utf8(xml.to_vec()).expect("utf-8 sheet");
    let first = format!("<c r=\"{}2\" s=\"", cols[0]);
    let Some(at) = xml.find(&first) else {
        return xml.into_bytes();
    };
    let style: String = xml[at + first.len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let pattern = format!(" s=\"{style}\"/>");
    let mut out = String::with_capacity(xml.len() * 2);
    let mut rest = xml.as_str();
    while let Some(i) = rest.find(&pattern) {
        let cell = rest[..i].rfind("<c r=\"").expect("cell");
        let col: String = rest[cell + 6..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        out.push_str(&rest[..i]);
        if cols.contains(&col.as_str()) {
            out.push_str(&format!(" s=\"{style}\"{kind}>{content}</c>"));
        } else {
            out.push_str(&pattern);
        }
        rest = &rest[i + pattern.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// A copy of `from` without the rows of `year`.
fn without_year(from: &Path, to: &Path, year: i32) {
    std::fs::create_dir_all(to).expect("data folder");
    for entry in std::fs::read_dir(from).expect("synthetic data") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        let text = std::fs::read_to_string(&path).expect("text");
        let prefix = format!("{year},");
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with(&prefix))
            .collect();
        std::fs::write(to.join(name), kept).expect("copy");
    }
}

fn main() {
    let n: usize = std::env::var("PLAN_EVAL_FORMS_N")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(10_000);
    let year = synth::YEAR;
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("synth");
    synth::write(&source, n);
    let rounds = 3;
    let mut make_times = Vec::new();
    let mut collect_times = Vec::new();
    let mut units = 0;
    for round in 0..rounds {
        let out = dir.path().join(format!("forms-{round}"));
        let t = Instant::now();
        let written = forms::make(&source, year, &out).expect("forms");
        make_times.push(t.elapsed());
        units = written.len();
        for path in &written {
            fill(path);
        }
        let data = dir.path().join(format!("data-{round}"));
        without_year(&source, &data, year);
        let returns: Vec<PathBuf> = written;
        let t = Instant::now();
        let done = forms::collect(&data, year, &returns, false).expect("collect");
        collect_times.push(t.elapsed());
        assert_eq!(done.returns.len(), units);
        assert!(done.readings.added > 0 && done.progress.added > 0);
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (make, collect) = (median(&mut make_times), median(&mut collect_times));
    let total = make + collect;
    println!("## Forms ({units} lead units, {n} indicators and {n} tasks, year {year})\n");
    table(
        &["stage", "time (median of 3)"],
        &[
            vec!["forms (write every workbook)".into(), human(make)],
            vec!["collect (read, check, merge, write)".into(), human(collect)],
            vec!["together".into(), human(total)],
        ],
    );
    let verdict = if total.as_secs_f64() < TARGET_SECS {
        "met"
    } else {
        "MISSED"
    };
    println!("\nTarget: under {TARGET_SECS} s together — {verdict}.");
}
