//! The whole yearly job, stage after stage: load, evaluate, render Markdown,
//! convert to Typst, print the PDF, and write the outputs together.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::dataset::{self, Dataset};
use crate::error::{Error, Result};
use crate::evaluate::{self, Evaluation, TaskResult};
use crate::fsio;
use crate::render::{self, DocumentInfo, ReportMeta, Templates};
use crate::typeset::{self, compile};

/// What to build.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub year: i32,
    pub data: PathBuf,
    pub templates: Option<PathBuf>,
    /// The date printed on the report; also the PDF's creation date.
    pub date: NaiveDate,
}

/// A built report, not yet written anywhere.
pub struct Report {
    pub evaluation: Evaluation,
    pub markdown: String,
    pub typst: String,
    pub pdf: Vec<u8>,
}

/// Loads and evaluates `year` from `data`, checking the year against the plan.
pub fn load_and_evaluate(data: &Path, year: i32) -> Result<(Dataset, Evaluation)> {
    let data = dataset::load(data)?;
    let meta = &data.plan.meta;
    if year <= meta.base_year || year > meta.target_year {
        return Err(Error::Usage(format!(
            "评估年度 {year} 不在规划实施期 {}—{} 年内",
            meta.base_year + 1,
            meta.target_year
        )));
    }
    let evaluation =
        evaluate::evaluate(&data.plan, &data.readings, &data.progress, &data.rules, year)?;
    Ok((data, evaluation))
}

/// Runs every stage; nothing is written.
pub fn build_report(request: &ReportRequest) -> Result<Report> {
    let (data, evaluation) = load_and_evaluate(&request.data, request.year)?;
    let templates = Templates::load(request.templates.as_deref())?;
    let markdown = render::markdown(
        &templates,
        &data.plan,
        &evaluation,
        &ReportMeta {
            date: request.date,
            sample: data.sample,
        },
    )?;
    let info = DocumentInfo {
        title: render::title(&data.plan, request.year),
        author: data.plan.units[data.plan.meta.evaluator].full_name.clone(),
        date: request.date,
    };
    let typst = typeset::document(&templates, &info, &markdown)?;
    let typst_bin = compile::find_typst()?;
    compile::check_fonts(&typst_bin)?;
    let timestamp = request
        .date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp();
    let pdf = compile::compile(&typst_bin, &typst, &[], timestamp)?;
    Ok(Report {
        evaluation,
        markdown,
        typst,
        pdf,
    })
}

/// Writes the report's files into `out`, all of them or none.
pub fn write_report(report: &Report, out: &Path) -> Result<Vec<PathBuf>> {
    let json = evaluation_json(&report.evaluation);
    fsio::write_all_or_nothing(
        out,
        &[
            ("report.md", report.markdown.as_bytes()),
            ("report.typ", report.typst.as_bytes()),
            ("report.pdf", &report.pdf),
            ("evaluation.json", json.as_bytes()),
        ],
    )
}

#[derive(Serialize)]
struct JsonView<'a> {
    #[serde(flatten)]
    evaluation: &'a Evaluation,
    /// Every task, flat, besides their sections.
    tasks: Vec<&'a TaskResult>,
}

/// The full evaluation as pretty JSON, with a flat list of tasks.
pub fn evaluation_json(evaluation: &Evaluation) -> String {
    let view = JsonView {
        evaluation,
        tasks: evaluation.sections.iter().flat_map(|s| &s.tasks).collect(),
    };
    let mut text = serde_json::to_string_pretty(&view).expect("evaluation serializes");
    text.push('\n');
    text
}
