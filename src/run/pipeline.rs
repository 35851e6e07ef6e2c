//! The whole yearly job, stage after stage: load, evaluate, render Markdown,
//! convert to Typst, print the PDF (the Word document built meanwhile), then
//! either write a draft folder or store a new archive version.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::archive::{self, Identity, Inputs, StoreRequest, Stored};
use crate::error::{Error, Result};
use crate::evaluate::{self, Evaluation, TaskResult};
use crate::files;
use crate::input::{self, Dataset};
use crate::model::vocabulary::EvaluationKind;
use crate::report::{self, ReportMeta};
use crate::report::{Measures, charts};
use crate::templating::Templates;
use crate::typeset::DocumentInfo;
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
    /// The evaluation with its measures' texts, as `evaluation.json`.
    pub json: String,
    pub markdown: String,
    pub typst: String,
    pub pdf: Vec<u8>,
    /// The Word document, from the same Markdown, title and charts as the PDF.
    pub docx: Vec<u8>,
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
            ("report.docx".to_string(), self.docx.clone()),
            (
                "evaluation.json".to_string(),
                self.json.clone().into_bytes(),
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

/// Loads `data` and evaluates `year`; `kind` as in [`ReportRequest::kind`].
pub fn load_and_evaluate(
    data: &Path,
    year: i32,
    kind: Option<EvaluationKind>,
) -> Result<(Dataset, Evaluation)> {
    let data = input::load(data)?;
    let evaluation = evaluate_loaded(&data, year, kind)?;
    Ok((data, evaluation))
}

/// Evaluates `year` of loaded data, checking the year against the plan: a
/// year outside the period, or a kind the year cannot have, is a
/// command-line mistake.
pub fn evaluate_loaded(
    data: &Dataset,
    year: i32,
    kind: Option<EvaluationKind>,
) -> Result<Evaluation> {
    let meta = &data.plan.meta;
    data.plan.check_year(year).map_err(Error::Usage)?;
    let kind = EvaluationKind::resolve(kind, year, meta.target_year, meta.midterm_year)
        .map_err(Error::Usage)?;
    Ok(evaluate::evaluate(
        &data.plan,
        &data.readings,
        &data.progress,
        &data.rules,
        year,
        kind,
    ))
}

/// Inputs validated and evaluated, measures written, templates parsed:
/// everything before the report is rendered and typeset.
pub struct Prepared {
    pub request: ReportRequest,
    pub data: Dataset,
    pub evaluation: Evaluation,
    pub measures: Measures,
    pub templates: Templates,
}

/// Loads, evaluates and prepares `request`.
pub fn prepare(request: &ReportRequest) -> Result<Prepared> {
    let data = input::load(&request.data)?;
    prepare_loaded(request, data, Templates::load(request.templates.as_deref()))
}

/// Evaluates and prepares `request` from data already loaded from `request.data`
/// and its templates as [`Templates::load`] gave them (parsed beside the loading;
/// their error is told after the data's and the evaluation's, as [`prepare`] tells it).
pub fn prepare_loaded(
    request: &ReportRequest,
    data: Dataset,
    templates: Result<Templates>,
) -> Result<Prepared> {
    let evaluation = evaluate_loaded(&data, request.year, request.kind)?;
    let measures = report::measures::write(&evaluation, &data.rules)?;
    let templates = templates?;
    Ok(Prepared {
        request: request.clone(),
        data,
        evaluation,
        measures,
        templates,
    })
}

/// Renders, converts and prints a prepared report; nothing is written.
pub fn typeset(prepared: Prepared) -> Result<Report> {
    let printer = compile::Printer::start(prepared.request.date);
    typeset_with(prepared, printer)
}

/// Typesets as [`typeset`] does, printing with `printer`, a typst process started for the
/// report's date ahead of time (its error, such as typst missing, told where the PDF is made).
pub fn typeset_with(prepared: Prepared, printer: Result<compile::Printer>) -> Result<Report> {
    let Prepared {
        request,
        data,
        evaluation,
        measures,
        templates,
    } = prepared;
    let charts = charts::charts(&evaluation);
    let markdown = report::markdown(
        &templates,
        &data.plan,
        &evaluation,
        &measures,
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
        title: report::title(&data.plan, &evaluation),
        author: data.plan.units[data.plan.unit_in(data.plan.meta.evaluator, evaluation.year)]
            .full_name
            .clone(),
        date: request.date,
    };
    let (typst, preamble_lines) = typeset::document_parts(&templates, &info, &markdown)?;
    // A user's layout.typ that typst refuses is named, at its own line.
    let layout = request
        .templates
        .as_ref()
        .map(|dir| dir.join(crate::templating::LAYOUT_TEMPLATE))
        .filter(|path| path.exists());
    // The Word document is built (mostly rasterising the charts) while the typst process
    // compiles the PDF, so that it costs the report almost no time. Typst keeps about 1.4
    // cores busy, so the thread runs at idle priority (its picture threads inherit it):
    // it takes the time typst leaves, instead of slowing typst down (benches/README.md).
    let (pdf, docx) = std::thread::scope(|scope| {
        let docx = scope.spawn(|| {
            background_priority();
            typeset::docx::markdown_to_docx(&markdown, &info, &images)
        });
        // A template the report did not use (the other kind's, from a user's folder) is
        // checked meanwhile, as loading all of them would have: a broken one stops the report.
        let rest = scope.spawn(|| {
            background_priority();
            templates.check_rest()
        });
        let pdf = printer.and_then(|printer| printer.print(&typst, &images));
        let docx = docx.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        let rest = rest.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        rest.map(|()| (pdf, docx))
    })?;
    let pdf = pdf.map_err(|e| match &layout {
        Some(layout) => typeset::in_layout(e, preamble_lines, layout),
        None => e,
    });
    let (pdf, docx) = (pdf?, docx?);
    let json = evaluation_json(&evaluation, &measures);
    Ok(Report {
        evaluation,
        json,
        markdown,
        typst,
        pdf,
        docx,
        charts,
    })
}

/// Lowers the calling thread, and the threads it starts, to idle priority
/// (`SCHED_IDLE`: it runs when no other thread of the machine wants the core);
/// where the system refuses, the thread runs as before.
#[cfg(target_os = "linux")]
fn background_priority() {
    use thread_priority::{
        NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
        set_thread_priority_and_policy, thread_native_id,
    };
    let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
    let _ = set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, idle);
}

#[cfg(not(target_os = "linux"))]
fn background_priority() {}

/// Runs every stage; nothing is written.
pub fn build_report(request: &ReportRequest) -> Result<Report> {
    typeset(prepare(request)?)
}

/// What a draft folder holds; a folder with anything else is not replaced.
const DRAFT_ENTRIES: [&str; 6] = [
    "report.md",
    "report.typ",
    "report.pdf",
    "report.docx",
    "evaluation.json",
    "charts",
];

/// Writes the report's files as the folder `out`, replacing an earlier draft
/// there as a whole (see [`files::replace_folder`]).
pub fn write_report(report: &Report, out: &Path) -> Result<Vec<PathBuf>> {
    files::replace_folder(out, &report.files(), |name| DRAFT_ENTRIES.contains(&name))
}

/// Stores a prepared report as a new version in `archive_dir`, unless the
/// latest version has the same inputs, templates and date.
pub fn archive_report(
    prepared: Prepared,
    archive_dir: &Path,
    reason: Option<String>,
    seal: Option<&archive::seal::SigningKey>,
) -> Result<Stored> {
    let request = prepared.request.clone();
    let inputs = Inputs::gather(&prepared.data.sources(), &prepared.templates.sources)?;
    let plan = &prepared.data.plan;
    let meta = &plan.meta;
    let identity = Identity {
        organization: plan.units[plan.unit_in(meta.evaluator, request.year)]
            .full_name
            .clone(),
        prefix: archive::identifier_prefix(&meta.city, &meta.short_name, request.year),
    };
    let typst_version = compile::typst_version()?;
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
            seal,
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
        .ok_or_else(|| {
            Error::BrokenVersion(format!("{} 缺少 Report-Year", version.path.display()))
        })?;
    let date = archive::info_of(version, "Report-Date")?
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| {
            Error::BrokenVersion(format!("{} 缺少 Report-Date", version.path.display()))
        })?;
    let kind = archive::info_of(version, archive::EVALUATION_KIND)?
        .unwrap_or_else(|| archive::KIND_BEFORE_RECORDED.to_string());
    let kind = EvaluationKind::parse(&kind).ok_or_else(|| {
        Error::BrokenVersion(format!(
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

/// The full evaluation as pretty JSON: every measure with its text, and a
/// flat list of tasks besides their sections.
pub fn evaluation_json(evaluation: &Evaluation, measures: &Measures) -> String {
    let mut value = serde_json::to_value(evaluation).expect("an evaluation serializes");
    report::measures::attach(&mut value, measures);
    let tasks: Vec<&TaskResult> = evaluation.sections.iter().flat_map(|s| &s.tasks).collect();
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "tasks".to_string(),
            serde_json::to_value(tasks).expect("tasks serialize"),
        );
    }
    let mut text = serde_json::to_string_pretty(&value).expect("evaluation serializes");
    text.push('\n');
    text
}
