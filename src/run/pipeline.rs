//! The whole yearly job, stage after stage, in one function ([`build`]): the inputs read
//! once into a [`Snapshot`], checked, evaluated, rendered to Markdown, converted to Typst and
//! printed (the Word document built meanwhile on a second thread); then either a draft folder
//! written or an archive version stored with the snapshot's bytes as its inputs. It must not
//! read an input file again after the snapshot is taken.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::archive::{self, Identity, Inputs, StoreRequest, Stored};
use crate::error::{Error, Problem, Result};
use crate::evaluate::{self, Evaluation, TaskResult};
use crate::files;
use crate::input::{self, Dataset, check};
use crate::model::vocabulary::EvaluationKind;
use crate::report::{self, ReportMeta};
use crate::report::{Measures, charts};
use crate::templating::{Templates, Texts};
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

/// The names of a report's files, as a draft folder and an archived version hold them
/// (the charts are in the folder [`CHARTS`]).
const FILES: [&str; 5] = [
    "report.md",
    "report.typ",
    "report.pdf",
    "report.docx",
    "evaluation.json",
];
/// The folder of the report's charts.
const CHARTS: &str = "charts";

impl Report {
    /// The report's files, named as they are written.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let bytes = [
            self.markdown.as_bytes(),
            self.typst.as_bytes(),
            &self.pdf,
            &self.docx,
            self.json.as_bytes(),
        ];
        FILES
            .iter()
            .zip(bytes)
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .chain(
                self.charts
                    .iter()
                    .map(|(name, svg)| (format!("{CHARTS}/{name}"), svg.clone())),
            )
            .collect()
    }
}

/// Everything one report is made from, read once, in memory: the data folder's files and
/// the templates' texts. A report is evaluated from these bytes and archives these bytes;
/// nothing is read again from disk after the snapshot is taken.
pub struct Snapshot {
    pub data: input::Snapshot,
    /// The templates' texts, or why they cannot be read (told after the data's errors).
    templates: Result<Texts>,
}

impl Snapshot {
    /// Reads the data folder and the templates of `request`.
    pub fn read(request: &ReportRequest) -> Snapshot {
        Snapshot {
            data: input::Snapshot::read(&request.data),
            templates: Templates::read(request.templates.as_deref()),
        }
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
fn evaluate_loaded(data: &Dataset, year: i32, kind: Option<EvaluationKind>) -> Result<Evaluation> {
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
    /// The check's warnings, which do not stop a report.
    pub warnings: Vec<Problem>,
    pub evaluation: Evaluation,
    pub measures: Measures,
    pub templates: Templates,
    /// The bytes evaluated, as the archive copies them.
    pub inputs: Inputs,
}

/// Reads, validates, evaluates and prepares `request` (the first half of [`build`]).
pub fn prepare(request: &ReportRequest) -> Result<Prepared> {
    prepare_from(Snapshot::read(request), request)
}

/// Validates and evaluates `snapshot` for `request`: the data's errors first, then the
/// year's, then the templates'.
fn prepare_from(snapshot: Snapshot, request: &ReportRequest) -> Result<Prepared> {
    let Snapshot { data, templates } = snapshot;
    // The templates do not depend on the data: Tera parses them (a third of the time before
    // typst can start) on the second core while the data are checked and evaluated.
    let (evaluated, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| templates.and_then(|texts| texts.parse_all()));
        let evaluated = check_and_evaluate(&data, request);
        let templates = templates
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (evaluated, templates)
    });
    let (data_checked, warnings, evaluation, measures) = evaluated?;
    let templates = templates?;
    let inputs = Inputs::of(data.files(), &templates.sources);
    Ok(Prepared {
        request: request.clone(),
        data: data_checked,
        warnings,
        evaluation,
        measures,
        templates,
        inputs,
    })
}

/// The data of `snapshot` checked for `request`'s year and evaluated, with the measures:
/// the data's errors first, then the year's.
fn check_and_evaluate(
    snapshot: &input::Snapshot,
    request: &ReportRequest,
) -> Result<(Dataset, Vec<Problem>, Evaluation, Measures)> {
    let (data, warnings) = check::for_report(snapshot, request.year)?;
    let evaluation = evaluate_loaded(&data, request.year, request.kind)?;
    let measures = report::measures::write(&evaluation, &data.rules)?;
    Ok((data, warnings, evaluation, measures))
}

thread_local! {
    /// How many reports [`build`] has made on this thread.
    static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many reports [`build`] has made on the calling thread: lets a test see that a
/// front door (`report`, `archive reproduce`) goes through it.
pub fn builds_on_this_thread() -> usize {
    BUILDS.with(std::cell::Cell::get)
}

/// The one way a report is made, from one snapshot of its inputs: validated, evaluated,
/// rendered, converted and printed; nothing is written. `report` (single or batch),
/// `archive reproduce` and the tests all come here.
pub fn build(snapshot: Snapshot, request: &ReportRequest) -> Result<Built> {
    BUILDS.with(|builds| builds.set(builds.get() + 1));
    let prepared = prepare_from(snapshot, request)?;
    let report = typeset(&prepared)?;
    Ok(Built { prepared, report })
}

/// A report made by [`build`], with what it was made from.
pub struct Built {
    pub prepared: Prepared,
    pub report: Report,
}

/// Reads `request`'s inputs and builds its report (see [`build`]); nothing is written.
pub fn build_report(request: &ReportRequest) -> Result<Report> {
    Ok(build(Snapshot::read(request), request)?.report)
}

/// Renders, converts and prints a prepared report; nothing is written. The Word document
/// is built on a second thread while typst prints the PDF.
fn typeset(prepared: &Prepared) -> Result<Report> {
    let Prepared {
        request,
        data,
        evaluation,
        measures,
        templates,
        ..
    } = prepared;
    let charts = charts::charts(evaluation);
    let markdown = report::markdown(
        templates,
        &data.plan,
        evaluation,
        measures,
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
        title: report::title(&data.plan, evaluation),
        author: data.plan.units[data.plan.unit_in(data.plan.meta.evaluator, evaluation.year)]
            .full_name
            .clone(),
        date: request.date,
    };
    let (typst, preamble_lines) = typeset::document_parts(templates, &info, &markdown)?;
    // A user's layout.typ that typst refuses is named, at its own line.
    let layout = request
        .templates
        .as_ref()
        .map(|dir| dir.join(crate::templating::LAYOUT_TEMPLATE))
        .filter(|path| path.exists());
    let (pdf, docx) = std::thread::scope(|scope| {
        let docx = scope.spawn(|| {
            yield_to_typst();
            typeset::docx::markdown_to_docx(&markdown, &info, &images)
        });
        let pdf = compile::print(&typst, &images, request.date);
        (
            pdf,
            docx.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    let pdf = pdf.map_err(|e| match &layout {
        Some(layout) => typeset::in_layout(e, &typst, preamble_lines, layout, request.date),
        None => e,
    });
    let (pdf, docx) = (pdf?, docx?);
    let json = evaluation_json(evaluation, measures);
    Ok(Report {
        evaluation: evaluation.clone(),
        json,
        markdown,
        typst,
        pdf,
        docx,
        charts,
    })
}

/// Gives the calling thread the lowest scheduling priority (nice 19; the threads it starts
/// inherit it), so that the Word document, built beside typst, runs on what typst leaves of
/// the cores instead of taking from them: typst uses about 1.35 cores while it prints, and on
/// a 2-core machine the Word thread's 0.15 s of work had slowed it by 5–10 % (benches/README.md,
/// "Issue 23, fourth look"). The Word document still finishes well before the PDF.
fn yield_to_typst() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

/// Writes the report's files as the folder `out`, replacing an earlier draft
/// there as a whole (see [`files::replace_folder`]); a folder holding anything
/// but a report's files is not replaced.
pub fn write_report(report: &Report, out: &Path) -> Result<Vec<PathBuf>> {
    files::replace_folder(out, &report.files(), |name| {
        FILES.contains(&name) || name == CHARTS
    })
}

/// Stores a built report as a new version in `archive_dir`, its inputs the very bytes it
/// was made from, unless the latest version has the same inputs, templates and date.
pub(crate) fn archive_report(
    built: Built,
    archive_dir: &Path,
    reason: Option<String>,
    seal: Option<&archive::seal::SigningKey>,
) -> Result<Stored> {
    let Built { prepared, report } = built;
    let request = &prepared.request;
    let plan = &prepared.data.plan;
    let meta = &plan.meta;
    let identity = Identity {
        organization: plan.units[plan.unit_in(meta.evaluator, request.year)]
            .full_name
            .clone(),
        prefix: archive::identifier_prefix(&meta.city, &meta.short_name, request.year),
    };
    let typst_version = compile::typst_version()?;
    let date = request.date.to_string();
    let data = &prepared.data;
    let inputs = prepared.inputs.clone();
    archive::store(
        StoreRequest {
            archive: archive_dir,
            year: request.year,
            kind: prepared.evaluation.kind.key(),
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
        || Ok(report.files()),
        |previous| {
            let old_date = archive::info_of(previous, "Report-Date").ok().flatten();
            let date_changed = old_date.filter(|d| *d != date).map(|d| (d, date.clone()));
            archive::changes::summarise(&previous.path, data, &prepared.inputs.files, date_changed)
        },
    )
}

/// Regenerates a version from its own archived inputs, once its stored files match its
/// manifests, and compares every payload file with the stored one: (file, matches) for each.
pub fn reproduce(version: &archive::Version) -> Result<Vec<(String, bool)>> {
    archive::reproduce::ensure_intact(version)?;
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
    let files = build(Snapshot::read(&request), &request)?.report.files();
    archive::reproduce::compare(version, &files)
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
