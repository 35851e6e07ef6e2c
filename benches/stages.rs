//! Figures 1 and 4 on the bundled 2024 report.
//!
//! 1. Our stages (load, validate, evaluate, Markdown, Typst source, …), each
//!    timed in-process, against the end-to-end `plan-eval report` (the CLI,
//!    as a person runs it), and that end-to-end run against a bare
//!    `typst compile` of the same `.typ`.
//! 2. The PDF step with the system's whole font set against a font path
//!    holding only the font files the layout uses (`--font-path` with
//!    `--ignore-system-fonts`), on the same `.typ`.
//!
//! Every figure is a ratio of medians measured in this run. `cargo bench --bench stages`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{Sample, human, interleaved, measure, run_quiet, table, verdict};
use plan_eval::error::Problems;
use plan_eval::evaluate;
use plan_eval::files;
use plan_eval::input::dataset;
use plan_eval::input::{check, progress, readings, table as tables};
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::report::{self, charts, measures};
use plan_eval::run::pipeline::{self, Report};
use plan_eval::templating::Templates;
use plan_eval::typeset::{self, DocumentInfo};

/// Our stages together should take less than this share of `report`.
const STAGES_TARGET: f64 = 0.05;
/// `report` end to end against a bare `typst compile` of the same .typ.
const REPORT_TARGET: f64 = 1.15;
/// `report` with its Word document against a `report` without one (`$PLAN_EVAL_BEFORE`).
const DOCX_TARGET: f64 = 1.10;
/// Rounds of the external runs (report, typst), each about half a second: this
/// machine's runs vary by 5–10 % from one minute to the next, so nine were too few.
const ROUNDS: usize = 21;

/// (Over 80 lines: a bench's script: the in-process stages, then the interleaved processes,
/// then figures 1 and 4 printed from them, in the README's order; splitting it would pass a
/// score of samples between the parts. A candidate for a split when it next grows.)
fn main() {
    let Some(typst) = common::typst() else {
        println!(
            "typst was not found: figures 1 and 4 skipped (see README: scripts/report.sh installs it)."
        );
        return;
    };
    let data = common::bundled_data();
    let date = common::date();
    let year = common::YEAR;

    // ---- Our stages, in-process.
    let budget = Duration::from_secs(2);
    let (min, max) = (20, 5_000);
    let sources = dataset::load(&data).expect("bundled data");
    let (plan_path, readings_path, progress_path, rules_path) = (
        sources.plan_path.clone(),
        sources.readings_path.clone(),
        sources.progress_path.clone(),
        sources.rules_path.clone(),
    );
    let load = measure(min, max, budget, || {
        // Bytes to rows: the two tables decoded and split, the two YAML files parsed.
        let mut problems = Problems::default();
        let r = tables::read(
            &tables::TableFile::from_disk(&readings_path),
            &readings::SCHEMA,
            &mut problems,
        );
        let p = tables::read(
            &tables::TableFile::from_disk(&progress_path),
            &progress::SCHEMA,
            &mut problems,
        );
        let yaml = |path: &Path| {
            let text = files::read_text(path).expect("readable");
            serde_yaml::from_str::<serde_yaml::Value>(&text).expect("YAML")
        };
        (r, p, yaml(&plan_path), yaml(&rules_path))
    });
    let load_validate = measure(min, max, budget, || {
        dataset::load(&data).expect("bundled data")
    });
    // What `report` loads: the folder read and checked once, with the year's warnings.
    let checked = measure(min, max, budget, || {
        check::for_report(&plan_eval::input::Snapshot::read(&data), year).expect("bundled data")
    });
    let templates_sample = measure(min, max, budget, || {
        Templates::load(None).expect("built-in templates")
    });
    let loaded = dataset::load(&data).expect("bundled data");
    // Grading and the measures' texts, which the evaluation wrote before the
    // report stage did.
    let run_evaluate = || {
        let evaluation = evaluate::evaluate(
            &loaded.plan,
            &loaded.readings,
            &loaded.progress,
            &loaded.rules,
            year,
            EvaluationKind::Annual,
        );
        let measures = measures::write(&evaluation, &loaded.rules).expect("bundled measures");
        (evaluation, measures)
    };
    let evaluate_sample = measure(min, max, budget, run_evaluate);
    let request = pipeline::ReportRequest {
        kind: None,
        year,
        data: data.clone(),
        templates: None,
        date,
    };
    let prepared = pipeline::prepare(&request).expect("bundled data");
    let templates = Templates::load(None).expect("built-in templates");
    let markdown_sample = measure(min, max, budget, || {
        common::markdown_of(&templates, &prepared, date)
    });
    let markdown = common::markdown_of(&templates, &prepared, date);
    let info = DocumentInfo {
        title: report::title(&prepared.data.plan, &prepared.evaluation),
        author: prepared.data.plan.units[prepared
            .data
            .plan
            .unit_in(prepared.data.plan.meta.evaluator, year)]
        .full_name
        .clone(),
        date,
    };
    let typst_source = measure(min, max, budget, || {
        typeset::document(&templates, &info, &markdown).expect("Typst source")
    });
    let conversion = measure(min, max, budget, || {
        typeset::convert::markdown_to_typst(&markdown)
    });
    // The Word document, built beside typst's compile: its first build in a process loads the
    // fonts the charts' text needs, so it is timed once on its own.
    let images: Vec<(String, Vec<u8>)> = charts::charts(&prepared.evaluation)
        .into_iter()
        .map(|c| (format!("charts/{}", c.file), c.svg.into_bytes()))
        .collect();
    let docx = || typeset::docx::markdown_to_docx(&markdown, &info, &images).expect("docx");
    let first_docx = {
        let t = std::time::Instant::now();
        std::hint::black_box(docx());
        t.elapsed()
    };
    let docx_sample = measure(min, max, budget, docx);

    // ---- The end-to-end report, and the references on the .typ it wrote.
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let cli = env!("CARGO_BIN_EXE_plan-eval");
    let report_cmd = || {
        let mut c = Command::new(cli);
        c.current_dir(common::repo()).args([
            "report",
            "--year",
            &year.to_string(),
            "--date",
            common::DATE,
            "--out",
            out.to_str().expect("UTF-8 path"),
        ]);
        c
    };
    run_quiet(&mut report_cmd());
    let timestamp = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
        .to_string();
    let compile_cmd = |fonts: Option<&Path>, pdf: &str| {
        let mut c = Command::new(&typst);
        c.arg("compile");
        if let Some(dir) = fonts {
            c.arg("--font-path").arg(dir).arg("--ignore-system-fonts");
        }
        c.arg("--root")
            .arg(&out)
            .args(["--creation-timestamp", &timestamp])
            .args(["--pdf-standard", typeset::compile::PDF_STANDARD])
            .args(["--diagnostic-format", "short"])
            .arg(out.join("report.typ"))
            .arg(work.path().join(pdf));
        c
    };
    let layout_fonts = work.path().join("fonts");
    let (font_files, system_files) = link_layout_fonts(&layout_fonts);

    let mut report_job = || run_quiet(&mut report_cmd());
    let mut bare_job = || run_quiet(&mut compile_cmd(None, "system.pdf"));
    let mut limited_job = || run_quiet(&mut compile_cmd(Some(&layout_fonts), "limited.pdf"));
    // `PLAN_EVAL_BEFORE=<plan-eval binary>`: an earlier build's `report` (e.g. one that wrote
    // no Word document), interleaved with the rest, to state what a change added.
    let before_cli = std::env::var_os("PLAN_EVAL_BEFORE");
    let before_out = work.path().join("before");
    let mut before_job = || {
        if let Some(before) = &before_cli {
            let mut c = Command::new(before);
            c.current_dir(common::repo())
                .args([
                    "report",
                    "--year",
                    &year.to_string(),
                    "--date",
                    common::DATE,
                ])
                .arg("--out")
                .arg(&before_out);
            run_quiet(&mut c);
        }
    };
    let samples = interleaved(
        ROUNDS,
        &mut [
            &mut report_job,
            &mut bare_job,
            &mut limited_job,
            &mut before_job,
        ],
    );
    let [report_sample, bare, limited, before] = <[Sample; 4]>::try_from(samples).unwrap();
    let same_pdf = std::fs::read(work.path().join("system.pdf")).ok()
        == std::fs::read(work.path().join("limited.pdf")).ok();

    // Writing the files (evaluation.json included) of a report already built.
    let (evaluation, measures) = run_evaluate();
    let built = Report {
        json: pipeline::evaluation_json(&evaluation, &measures),
        evaluation,
        markdown: markdown.clone(),
        typst: std::fs::read_to_string(out.join("report.typ")).expect("report.typ"),
        pdf: std::fs::read(out.join("report.pdf")).expect("report.pdf"),
        docx: std::fs::read(out.join("report.docx")).expect("report.docx"),
        charts: charts::charts(&prepared.evaluation)
            .into_iter()
            .map(|c| (c.file, c.svg.into_bytes()))
            .collect(),
    };
    let written = work.path().join("written");
    // evaluation.json is serialized when the report is built now, and was
    // when it was written: serialized here too, as before.
    let write = measure(min, max, budget, || {
        std::hint::black_box(pipeline::evaluation_json(&built.evaluation, &measures));
        pipeline::write_report(&built, &written).expect("written")
    });

    // ---- Figure 1.
    let end_to_end = report_sample.secs();
    let rows: Vec<(&str, &Sample)> = vec![
        ("load: files to rows (CSV decoded, YAML parsed)", &load),
        ("load + validate (`dataset::load`)", &load_validate),
        (
            "load + validate + the year's checks (`check::for_report`, what `report` loads, once)",
            &checked,
        ),
        ("templates (Tera parse)", &templates_sample),
        ("evaluate", &evaluate_sample),
        ("Markdown (charts + Tera)", &markdown_sample),
        (
            "Typst source (layout + Markdown→Typst conversion)",
            &typst_source,
        ),
        ("write the files (evaluation.json included)", &write),
    ];
    // The report loads once (`for_report`); the two rows above it are parts of that.
    let ours: f64 = rows.iter().skip(2).map(|(_, s)| s.secs()).sum();
    let mut cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(name, s)| {
            vec![
                name.to_string(),
                human(s.median()),
                format!("{:.2}%", 100.0 * s.secs() / end_to_end),
            ]
        })
        .collect();
    cells.insert(
        2,
        vec![
            "validate (the difference of the two above)".to_string(),
            human(Duration::from_secs_f64(
                (load_validate.secs() - load.secs()).max(0.0),
            )),
            format!(
                "{:.2}%",
                100.0 * (load_validate.secs() - load.secs()).max(0.0) / end_to_end
            ),
        ],
    );
    cells.push(vec![
        "of which Markdown→Typst conversion".to_string(),
        human(conversion.median()),
        format!("{:.2}%", 100.0 * conversion.secs() / end_to_end),
    ]);
    cells.push(vec![
        "**our stages** (load + validate + checks, templates, evaluate, Markdown, Typst source, write)".to_string(),
        human(Duration::from_secs_f64(ours)),
        format!("**{:.2}%**", 100.0 * ours / end_to_end),
    ]);
    cells.push(vec![
        "bare `typst compile` of the same .typ".to_string(),
        human(bare.median()),
        format!("{:.2}%", 100.0 * bare.secs() / end_to_end),
    ]);
    cells.push(vec![
        "Word document (`docx::markdown_to_docx`, beside typst's compile, not in the sum)"
            .to_string(),
        human(docx_sample.median()),
        format!("{:.2}%", 100.0 * docx_sample.secs() / end_to_end),
    ]);
    cells.push(vec![
        "of which the first build in a process, fonts loaded (one run)".to_string(),
        human(first_docx),
        format!("{:.2}%", 100.0 * first_docx.as_secs_f64() / end_to_end),
    ]);
    cells.push(vec![
        "end-to-end `plan-eval report` (CLI)".to_string(),
        human(report_sample.median()),
        "100%".to_string(),
    ]);
    if before_cli.is_some() {
        cells.push(vec![
            "end-to-end `report` of `$PLAN_EVAL_BEFORE`".to_string(),
            human(before.median()),
            format!("{:.2}%", 100.0 * before.secs() / end_to_end),
        ]);
    }
    println!("## 1. Our stages against the end-to-end report (bundled data, {year})\n");
    table(&["stage", "median", "share of `report`"], &cells);
    table(
        &["ratio", "measured", "target", ""],
        &[
            vec![
                "our stages / end-to-end `report`".to_string(),
                format!("{:.2}%", 100.0 * ours / end_to_end),
                format!("< {:.0}%", 100.0 * STAGES_TARGET),
                verdict(ours / end_to_end < STAGES_TARGET),
            ],
            vec![
                "end-to-end `report` / bare `typst compile`".to_string(),
                format!("{:.2}×", end_to_end / bare.secs()),
                format!("≤ {REPORT_TARGET:.2}×"),
                verdict(end_to_end / bare.secs() <= REPORT_TARGET),
            ],
            vec![
                "Word document built alone (first build) / end-to-end `report`".to_string(),
                format!("{:.1}%", 100.0 * first_docx.as_secs_f64() / end_to_end),
                "reference: what it would add if not overlapped".to_string(),
                String::new(),
            ],
        ]
        .into_iter()
        .chain(before_cli.is_some().then(|| {
            vec![
                "end-to-end `report` / the same of `$PLAN_EVAL_BEFORE`".to_string(),
                format!("{:.3}×", end_to_end / before.secs()),
                format!("≤ {DOCX_TARGET:.2}×"),
                verdict(end_to_end / before.secs() <= DOCX_TARGET),
            ]
        }))
        .collect::<Vec<_>>(),
    );
    println!(
        "Runs: {ROUNDS} rounds of report / typst compile / typst compile with the layout's fonts, interleaved; in-process stages {}–{} runs each.\n",
        rows.iter().map(|(_, s)| s.runs()).min().unwrap_or(0),
        rows.iter().map(|(_, s)| s.runs()).max().unwrap_or(0),
    );

    // ---- Figure 4.
    println!("## 4. The PDF step: system fonts against the layout's fonts only\n");
    table(
        &["font set", "font files", "median `typst compile`"],
        &[
            vec![
                "the system's (default)".to_string(),
                format!("{system_files}"),
                human(bare.median()),
            ],
            vec![
                "the layout's only (`--font-path`, `--ignore-system-fonts`)".to_string(),
                format!(
                    "{} ({})",
                    font_files.len(),
                    font_files
                        .iter()
                        .map(|p| p.file_name().unwrap_or_default().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                human(limited.median()),
            ],
        ],
    );
    table(
        &["ratio", "measured", "same PDF bytes"],
        &[vec![
            "layout's fonts / system fonts".to_string(),
            format!("{:.2}×", limited.secs() / bare.secs()),
            if same_pdf { "yes" } else { "NO" }.to_string(),
        ]],
    );
}

/// The font families the layout names (`#let fonts = (…)` in layout.typ).
fn layout_families() -> BTreeSet<String> {
    let text = std::fs::read_to_string(common::repo().join("templates/layout.typ"))
        .expect("templates/layout.typ");
    let block = text
        .split_once("#let fonts = (")
        .and_then(|(_, rest)| rest.split_once("\n)"))
        .map(|(block, _)| block)
        .expect("a fonts block in layout.typ");
    block
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Links into `dir` every installed font file of a family the layout names
/// (by fontconfig; a family matches its regional names, `AR PL UKai` →
/// `AR PL UKai CN`), and returns them with the number of font files fontconfig knows.
fn link_layout_fonts(dir: &Path) -> (Vec<PathBuf>, usize) {
    std::fs::create_dir_all(dir).expect("font dir");
    let families: Vec<String> = layout_families().iter().map(|f| f.to_lowercase()).collect();
    let listed = Command::new("fc-list")
        .args(["--format", "%{file}\t%{family}\n"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let mut all = BTreeSet::new();
    let mut used = BTreeSet::new();
    for line in listed.lines() {
        let Some((file, names)) = line.split_once('\t') else {
            continue;
        };
        all.insert(file.to_string());
        let matches = names.split(',').any(|name| {
            let name = name.trim().to_lowercase();
            families
                .iter()
                .any(|f| name == *f || name.starts_with(&format!("{f} ")))
        });
        if matches {
            used.insert(PathBuf::from(file));
        }
    }
    for file in &used {
        let link = dir.join(file.file_name().expect("a file name"));
        if !link.exists() {
            std::os::unix::fs::symlink(file, &link).expect("symlink a font");
        }
    }
    (used.into_iter().collect(), all.len())
}
