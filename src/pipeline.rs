//! The whole yearly job, stage after stage: load, evaluate, render Markdown,
//! convert to Typst, print the PDF, then either write a draft folder or store
//! a new archive version.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::archive::{self, Identity, Inputs, StoreRequest, Stored};
use crate::charts;
use crate::dataset::{self, Dataset};
use crate::error::{Error, Result};
use crate::evaluate::{self, Evaluation, EvaluationKind, TaskResult};
use crate::fsio;
use crate::render::{self, DocumentInfo, ReportMeta, Templates};
use crate::typeset::{self, compile};

use crate::typeset::compile::PDF_STANDARD;

/// What to build.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub year: i32,
    /// The kind of evaluation asked for; `None` lets the year decide
    /// (final in the target year, mid-term in the plan's mid-term year).
    pub kind: Option<EvaluationKind>,
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
    /// SVG charts, by file name under `charts/`.
    pub charts: Vec<(String, Vec<u8>)>,
}

impl Report {
    /// The report's files, named as they are written.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        vec![
            ("report.md".to_string(), self.markdown.clone().into_bytes()),
            ("report.typ".to_string(), self.typst.clone().into_bytes()),
            ("report.pdf".to_string(), self.pdf.clone()),
            (
                "evaluation.json".to_string(),
                evaluation_json(&self.evaluation).into_bytes(),
            ),
        ]
        .into_iter()
        .chain(
            self.charts
                .iter()
                .map(|(name, svg)| (format!("charts/{name}"), svg.clone())),
        )
        .collect()
    }
}

/// Loads and evaluates `year` from `data`, checking the year against the
/// plan; `kind` as in [`ReportRequest::kind`].
pub fn load_and_evaluate(
    data: &Path,
    year: i32,
    kind: Option<EvaluationKind>,
) -> Result<(Dataset, Evaluation)> {
    let data = dataset::load(data)?;
    let meta = &data.plan.meta;
    if year <= meta.base_year || year > meta.target_year {
        return Err(Error::Usage(format!(
            "评估年度 {year} 不在规划实施期 {}—{} 年内",
            meta.base_year + 1,
            meta.target_year
        )));
    }
    let kind = EvaluationKind::resolve(kind, year, meta.target_year, meta.midterm_year)
        .map_err(Error::Usage)?;
    let evaluation = evaluate::evaluate(
        &data.plan,
        &data.readings,
        &data.progress,
        &data.rules,
        year,
        kind,
    )?;
    Ok((data, evaluation))
}

/// Inputs validated and evaluated, templates parsed: everything before typesetting.
pub struct Prepared {
    pub request: ReportRequest,
    pub data: Dataset,
    pub evaluation: Evaluation,
    pub templates: Templates,
}

pub fn prepare(request: &ReportRequest) -> Result<Prepared> {
    let (data, evaluation) = load_and_evaluate(&request.data, request.year, request.kind)?;
    let templates = Templates::load(request.templates.as_deref())?;
    Ok(Prepared {
        request: request.clone(),
        data,
        evaluation,
        templates,
    })
}

/// Renders, converts and prints a prepared report; nothing is written.
pub fn typeset(prepared: Prepared) -> Result<Report> {
    let Prepared {
        request,
        data,
        evaluation,
        templates,
    } = prepared;
    let charts = charts::charts(&evaluation);
    let markdown = render::markdown(
        &templates,
        &data.plan,
        &evaluation,
        &ReportMeta {
            date: request.date,
            sample: data.sample,
            charts: charts
                .iter()
                .map(|c| (c.file.clone(), c.caption.clone()))
                .collect(),
        },
    )?;
    let charts: Vec<(String, Vec<u8>)> = charts
        .into_iter()
        .map(|c| (c.file, c.svg.into_bytes()))
        .collect();
    let images: Vec<(String, Vec<u8>)> = charts
        .iter()
        .map(|(name, svg)| (format!("charts/{name}"), svg.clone()))
        .collect();
    let info = DocumentInfo {
        title: render::title(&data.plan, &evaluation),
        author: data.plan.units[data.plan.unit_in(data.plan.meta.evaluator, evaluation.year)]
            .full_name
            .clone(),
        date: request.date,
    };
    let typst = typeset::document(&templates, &info, &markdown)?;
    let pdf = compile::print(&typst, &images, request.date)?;
    Ok(Report {
        evaluation,
        markdown,
        typst,
        pdf,
        charts,
    })
}

/// Runs every stage; nothing is written.
pub fn build_report(request: &ReportRequest) -> Result<Report> {
    typeset(prepare(request)?)
}

/// Writes the report's files into `out`, all of them or none.
pub fn write_report(report: &Report, out: &Path) -> Result<Vec<PathBuf>> {
    let files = report.files();
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    fsio::write_all_or_nothing(out, &borrowed)
}

/// Builds the report and stores it as a new version in `archive_dir`, unless
/// the latest version has the same inputs, templates and date.
pub fn archive_report(
    request: &ReportRequest,
    archive_dir: &Path,
    reason: Option<String>,
) -> Result<Stored> {
    let prepared = prepare(request)?;
    let inputs = Inputs::gather(&request.data, &prepared.templates.sources)?;
    let meta = &prepared.data.plan.meta;
    let identity = Identity {
        organization: prepared.data.plan.units
            [prepared.data.plan.unit_in(meta.evaluator, request.year)]
        .full_name
        .clone(),
        prefix: archive::identifier_prefix(&meta.city, &meta.short_name, request.year),
    };
    let typst_version = compile::typst_version(&compile::find_typst()?)?;
    let describe_inputs = inputs.files.clone();
    let kind = prepared.evaluation.kind;
    let data_dir = request.data.clone();
    let date = request.date.to_string();
    archive::store(
        StoreRequest {
            archive: archive_dir,
            year: request.year,
            kind: kind.key(),
            date: request.date,
            reason,
            inputs,
            identity,
            tool_versions: (
                format!("plan-eval {}", env!("CARGO_PKG_VERSION")),
                typst_version,
            ),
            pdf_standard: format!("PDF/A-2a（typst --pdf-standard {PDF_STANDARD}）"),
        },
        || Ok(typeset(prepared)?.files()),
        |previous| {
            let old_date = archive::info_of(previous, "Report-Date").ok().flatten();
            let date_changed = old_date.filter(|d| *d != date).map(|d| (d, date.clone()));
            archive::changes::summarise(&previous.path, &data_dir, &describe_inputs, date_changed)
        },
    )
}

/// Regenerates a version from its own archived inputs and compares every
/// payload file with its manifest: (file, matches) for each.
pub fn reproduce(version: &archive::Version) -> Result<Vec<(String, bool)>> {
    let year = archive::info_of(version, "Report-Year")?
        .and_then(|y| y.parse().ok())
        .ok_or_else(|| Error::Usage(format!("{} 缺少 Report-Year", version.path.display())))?;
    let date = archive::info_of(version, "Report-Date")?
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| Error::Usage(format!("{} 缺少 Report-Date", version.path.display())))?;
    let kind = archive::info_of(version, archive::EVALUATION_KIND)?
        .unwrap_or_else(|| archive::KIND_BEFORE_RECORDED.to_string());
    let kind = EvaluationKind::parse(&kind).ok_or_else(|| {
        Error::Usage(format!(
            "{} 的 {} “{kind}”无法识别",
            version.path.display(),
            archive::EVALUATION_KIND
        ))
    })?;
    let inputs = archive::changes::inputs_dir(&version.path);
    let request = ReportRequest {
        year,
        kind: Some(kind),
        data: inputs.clone(),
        templates: Some(inputs.join(archive::TEMPLATES_DIR)),
        date,
    };
    let files = build_report(&request)?.files();
    let manifest = archive::bag::read_manifest(&version.path.join(archive::bag::MANIFEST_256))?;
    let mut results = Vec::new();
    for (path, digest) in &manifest {
        let Some(name) = path.strip_prefix("data/") else {
            continue;
        };
        if name.starts_with("inputs/") {
            continue;
        }
        let regenerated = files.iter().find(|(n, _)| n == name);
        let same = regenerated.is_some_and(|(_, bytes)| archive::bag::sha256_hex(bytes) == *digest);
        results.push((name.to_string(), same));
    }
    for (name, _) in &files {
        if !manifest.contains_key(&format!("data/{name}")) {
            results.push((name.clone(), false));
        }
    }
    Ok(results)
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
