//! Figure 2: our Markdown→Typst conversion (`typeset::convert`) on a large
//! Markdown text — the bundled 2024 report repeated to about 5 MB — against
//! pandoc 3 (`pandoc -f gfm -t typst`) on the same file, and against
//! pulldown-cmark's bare parse of the same text (the events drained, with
//! the options the converter parses with).
//!
//! The whole `plan-eval typeset big.md --typst out.typ` process is timed
//! against the whole pandoc process, interleaved (the target: 50×).
//!
//! pandoc: `$PANDOC`, `pandoc` on the PATH, or the binary of the PyPI package
//! `pypandoc-binary` (`pip install pypandoc-binary`); without a pandoc 3 that
//! ratio is skipped. `cargo bench --bench conversion`.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Sample, human, measure, run_quiet, table, verdict};
use plan_eval::typeset::convert::{self, parser_options};
use pulldown_cmark::Parser;

/// About 5 MB of Markdown.
const SIZE: usize = 5 * 1024 * 1024;
/// The conversion should be at least this many times faster than pandoc…
const PANDOC_TARGET: f64 = 50.0;
/// …and run at no less than this share of the bare parse's throughput.
const PARSE_TARGET: f64 = 0.5;
/// pandoc takes about five seconds on the text: this many runs.
const PANDOC_RUNS: usize = 3;
/// Runs of the whole `plan-eval typeset` process after each pandoc run.
const PROCESS_RUNS_PER_ROUND: usize = 5;

/// (Over 80 lines: a bench's script: each figure measured, then printed, in the README's
/// order; nothing in it is called twice.)
fn main() {
    let one = common::bundled_markdown();
    let copies = SIZE.div_ceil(one.len());
    let text = one.repeat(copies);
    let mb = text.len() as f64 / 1e6;

    let budget = Duration::from_secs(8);
    let converted = measure(5, 100, budget, || convert::markdown_to_typst(&text));
    let parsed = measure(5, 100, budget, || {
        Parser::new_ext(&text, parser_options()).count()
    });
    let with_offsets = measure(5, 100, budget, || {
        Parser::new_ext(&text, parser_options())
            .into_offset_iter()
            .count()
    });
    let events = Parser::new_ext(&text, parser_options()).count();
    let typst_len = convert::markdown_to_typst(&text).len();

    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("report.md");
    std::fs::write(&input, &text).expect("write the Markdown");
    let cli = env!("CARGO_BIN_EXE_plan-eval");
    // The whole `plan-eval typeset` process on the file, as a user runs it:
    // reading, one parse, the layout, writing the Typst source.
    let typeset_cmd = || {
        let mut c = Command::new(cli);
        c.arg("typeset")
            .arg(&input)
            .arg("--typst")
            .arg(dir.path().join("ours.typ"));
        c
    };
    run_quiet(&mut typeset_cmd());
    let pandoc = common::pandoc().map(|(bin, version)| {
        let mut times = Vec::new();
        let mut ours = Vec::new();
        for _ in 0..PANDOC_RUNS {
            let t = Instant::now();
            run_quiet(
                Command::new(&bin)
                    .args(["-f", "gfm", "-t", "typst", "-o"])
                    .arg(dir.path().join("report.typ"))
                    .arg(&input),
            );
            times.push(t.elapsed());
            // Interleaved with pandoc, several runs of ours a round.
            for _ in 0..PROCESS_RUNS_PER_ROUND {
                let t = Instant::now();
                run_quiet(&mut typeset_cmd());
                ours.push(t.elapsed());
            }
        }
        (Sample { times }, Sample { times: ours }, version)
    });

    println!("## 2. Markdown→Typst conversion ({mb:.2} MB: the bundled report × {copies})\n");
    let throughput = |s: &Sample| format!("{:.0} MB/s", mb / s.secs());
    let mut rows = vec![
        vec![
            "our conversion (`markdown_to_typst`)".to_string(),
            human(converted.median()),
            throughput(&converted),
            format!("{}", converted.runs()),
        ],
        vec![
            "pulldown-cmark bare parse (events drained)".to_string(),
            human(parsed.median()),
            throughput(&parsed),
            format!("{}", parsed.runs()),
        ],
        vec![
            "pulldown-cmark parse with source offsets, as the converter reads it".to_string(),
            human(with_offsets.median()),
            throughput(&with_offsets),
            format!("{}", with_offsets.runs()),
        ],
    ];
    match &pandoc {
        Some((sample, ours, version)) => {
            rows.push(vec![
                "`plan-eval typeset big.md --typst out.typ`, the whole process".to_string(),
                human(ours.median()),
                throughput(ours),
                format!("{}", ours.runs()),
            ]);
            rows.push(vec![
                format!("{version} (`-f gfm -t typst`), the whole process"),
                human(sample.median()),
                throughput(sample),
                format!("{}", sample.runs()),
            ]);
        }
        None => println!(
            "pandoc 3 not found (set $PANDOC or `pip install pypandoc-binary`): the pandoc ratio is skipped.\n"
        ),
    }
    table(&["converter", "median", "throughput", "runs"], &rows);

    let share = parsed.secs() / converted.secs();
    let mut ratios = vec![vec![
        "our throughput / bare parse throughput".to_string(),
        format!("{share:.2}"),
        format!("≥ {PARSE_TARGET}"),
        verdict(share >= PARSE_TARGET),
    ]];
    if let Some((sample, ours, _)) = &pandoc {
        let process = sample.secs() / ours.secs();
        let in_process = sample.secs() / converted.secs();
        ratios.insert(
            0,
            vec![
                "pandoc process / `plan-eval typeset` process".to_string(),
                format!("{process:.0}×"),
                format!("≥ {PANDOC_TARGET:.0}×"),
                verdict(process >= PANDOC_TARGET),
            ],
        );
        ratios.insert(
            1,
            vec![
                "pandoc process / our conversion in process".to_string(),
                format!("{in_process:.0}×"),
                "(reference)".to_string(),
                String::new(),
            ],
        );
    }
    table(&["ratio", "measured", "target", ""], &ratios);
    println!(
        "{events} Markdown events; Typst output: {:.2} MB.\n",
        typst_len as f64 / 1e6
    );
}
