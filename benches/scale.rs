//! Scale: synthetic plans of 100, 1,000 and 10,000 indicators and as many
//! tasks over five years (see `common/synth.rs`), each loaded and validated,
//! evaluated and rendered to Markdown; prints the time of each stage and how
//! it grows from one size to the next (×10 in size is linear at ×10 in time).
//!
//! `cargo bench --bench scale`; `PLAN_EVAL_SCALE=100,1000` picks other sizes,
//! `PLAN_EVAL_SCALE_TEMPLATES=<folder>` measures the templates in a folder,
//! `PLAN_EVAL_SCALE_OUT=<folder>` keeps the data, reports and evaluations.

mod common;

use std::time::Duration;

use common::synth;
use common::{Sample, human, measure, table, verdict};
use plan_eval::evaluate;
use plan_eval::input::dataset;
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::report::{self, ReportMeta, charts, measures};
use plan_eval::templating::Templates;

/// The target: 10,000 indicators evaluated and rendered in under a second.
const TARGET_SECS: f64 = 1.0;

struct Row {
    n: usize,
    load: Sample,
    evaluate: Sample,
    markdown: Sample,
    charts: Sample,
    bytes: usize,
}

/// (Over 80 lines: a bench's script: each size measured, then the table printed, in the
/// README's order; nothing in it is called twice.)
fn main() {
    let sizes: Vec<usize> = std::env::var("PLAN_EVAL_SCALE")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000]);
    // A template folder to measure instead of the built-in templates.
    let custom = std::env::var_os("PLAN_EVAL_SCALE_TEMPLATES").map(std::path::PathBuf::from);
    let templates = Templates::load(custom.as_deref()).expect("templates");
    let date = common::date();
    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        synth::write(dir.path(), n);
        // Fewer runs for the larger sizes; each stage at least 3 times.
        let budget = Duration::from_secs(4);
        let (min, max) = (3, 200);
        let load = measure(min, max, budget, || {
            dataset::load(dir.path()).expect("synthetic data load")
        });
        let data = dataset::load(dir.path()).expect("synthetic data load");
        // Grading and the measures' texts, which the evaluation wrote before
        // the report stage did.
        let evaluate_and_write = || {
            let evaluation = evaluate::evaluate(
                &data.plan,
                &data.readings,
                &data.progress,
                &data.rules,
                synth::YEAR,
                EvaluationKind::Annual,
            );
            let measures =
                measures::write(&evaluation, &data.rules).expect("synthetic measures write");
            (evaluation, measures)
        };
        let evaluate = measure(min, max, budget, evaluate_and_write);
        let (evaluation, measures) = evaluate_and_write();
        let charts_sample = measure(min, max, budget, || charts::charts(&evaluation));
        let figures: Vec<(String, String)> = charts::charts(&evaluation)
            .into_iter()
            .map(|c| (c.file, c.caption))
            .collect();
        let meta = ReportMeta {
            date,
            sample: data.sample,
            charts: figures,
        };
        let render = || report::markdown(&templates, &data.plan, &evaluation, &measures, &meta);
        let markdown = measure(min, max, budget, || {
            render().expect("synthetic report renders")
        });
        let bytes = render().expect("synthetic report renders").len();
        if let Some(out) = std::env::var_os("PLAN_EVAL_SCALE_OUT") {
            // For checking that an optimisation changes no byte of the output.
            let out = std::path::Path::new(&out);
            std::fs::create_dir_all(out).expect("output folder");
            synth::write(&out.join(format!("data-{n}")), n);
            std::fs::write(
                out.join(format!("report-{n}.md")),
                render().expect("synthetic report renders"),
            )
            .expect("write report");
            std::fs::write(
                out.join(format!("evaluation-{n}.json")),
                plan_eval::run::pipeline::evaluation_json(&evaluation, &measures),
            )
            .expect("write evaluation");
        }
        eprintln!(
            "n = {n}: load {}, evaluate {}, markdown {}, charts {}",
            human(load.median()),
            human(evaluate.median()),
            human(markdown.median()),
            human(charts_sample.median())
        );
        rows.push(Row {
            n,
            load,
            evaluate,
            markdown,
            charts: charts_sample,
            bytes,
        });
    }

    println!(
        "## 3. Scale (synthetic plans, evaluated year {})\n",
        synth::YEAR
    );
    let both = |r: &Row| r.evaluate.median() + r.markdown.median();
    let mut cells = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        let growth = |f: &dyn Fn(&Row) -> Duration| match k {
            0 => "—".to_string(),
            _ => {
                let prev = &rows[k - 1];
                let size = r.n as f64 / prev.n as f64;
                let ratio = f(r).as_secs_f64() / f(prev).as_secs_f64();
                format!("×{ratio:.1} (size ×{size:.0})")
            }
        };
        cells.push(vec![
            format!("{}", r.n),
            format!("{}", synth::unit_count(r.n)),
            human(r.load.median()),
            growth(&|r| r.load.median()),
            human(r.evaluate.median()),
            human(r.markdown.median()),
            human(both(r)),
            growth(&both),
            format!("{:.1} MB", r.bytes as f64 / 1e6),
            human(r.charts.median()),
            format!(
                "{}/{}/{}",
                r.load.runs(),
                r.evaluate.runs(),
                r.markdown.runs()
            ),
        ]);
    }
    table(
        &[
            "indicators = tasks",
            "units",
            "load + validate",
            "growth",
            "evaluate",
            "Markdown",
            "evaluate + Markdown",
            "growth",
            "report.md",
            "charts (SVG, for reference)",
            "runs",
        ],
        &cells,
    );
    if let Some(largest) = rows.iter().find(|r| r.n == 10_000) {
        let secs = both(largest).as_secs_f64();
        let slope = match rows.iter().find(|r| r.n == 1_000) {
            Some(small) => (secs / both(small).as_secs_f64()).log10(),
            None => f64::NAN,
        };
        table(
            &["figure", "measured", "target", ""],
            &[
                vec![
                    "10,000 indicators: evaluate + Markdown".to_string(),
                    human(both(largest)),
                    format!("< {TARGET_SECS} s"),
                    verdict(secs < TARGET_SECS),
                ],
                vec![
                    "growth exponent 1,000 → 10,000 (1 = linear)".to_string(),
                    format!("{slope:.2}"),
                    "≈ 1 (≤ 1.15)".to_string(),
                    verdict(slope <= 1.15),
                ],
            ],
        );
    }
}
