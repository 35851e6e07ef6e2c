//! 填报表: every unit's form of a year to download (one zip, or one unit's), and the
//! returns uploaded several at once and merged by [`crate::forms::collect`], the very
//! function `plan-eval collect` calls: refused returns are listed (file, sheet, cell,
//! message) and nothing is written; figures that would replace what the data folder
//! holds are listed for a confirmation first (a trial on a scratch copy of the folder).

use std::path::{Path as FsPath, PathBuf};

use axum::Extension;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::forms::{self, Collected};
use crate::input::check;

use super::app::{Pending, Shared, lock, token, trim};
use super::files_out;
use super::guard::{Sess, csrf};
use super::pages::{YearQuery, asked_year, folder_index, status_rows, year_of};
use super::uploads::{self, Saved};
use super::view::{self, Page, blocking};

/// One unit's form on the page.
#[derive(Serialize)]
struct UnitForm {
    index: usize,
    name: String,
}

/// The 填报表 page.
pub(crate) async fn page(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    Query(q): Query<YearQuery>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let asked = asked_year(&q)?;
    let dir = app.folders[f].data.clone();
    let checked = blocking("页面生成", move || check::check(&dir, None)).await?;
    let Some(data) = checked.dataset else {
        let e = Error::Invalid(checked.problems.into_vec());
        return Err(view::failed(&app, &sess, f, &e));
    };
    // The year asked, or the latest year of the data, or the plan's first.
    let year = asked.unwrap_or_else(|| {
        checked
            .year
            .filter(|y| data.plan.check_year(*y).is_ok())
            .unwrap_or(data.plan.meta.base_year + 1)
    });
    data.plan
        .check_year(year)
        .map_err(|m| view::failed(&app, &sess, f, &Error::Usage(m)))?;
    let units: Vec<UnitForm> = forms::layout::duties(&data.plan, year)
        .iter()
        .enumerate()
        .map(|(index, d)| UnitForm {
            index,
            name: data.plan.units[d.unit].full_name.clone(),
        })
        .collect();
    let years: Vec<i32> = data
        .plan
        .years()
        .filter(|y| data.plan.check_year(*y).is_ok())
        .collect();
    let all = forms::status::of(&data, year);
    let mut ctx = tera::Context::new();
    let plan = &data.plan;
    if plan.indicators.iter().any(|i| i.published_late) {
        ctx.insert("late_year", &(year - 1));
    }
    if !forms::layout::compared_benchmarks(plan).is_empty() {
        let evaluator = plan.unit_in(plan.meta.evaluator, year);
        ctx.insert("benchmarks_by", &plan.units[evaluator].name);
    }
    ctx.insert("year", &year);
    ctx.insert("plan_years", &years);
    ctx.insert("units", &units);
    ctx.insert("status", &status_rows(&all));
    ctx.insert("status_summary", &forms::status::summary(year, &all));
    ctx.insert("limit_mb", &(uploads::FILE_LIMIT / 1024 / 1024));
    Ok(view::render(&app, "forms.html", &sess, Some(f), ctx))
}

/// The forms of `year`, made by [`forms::make`] into a scratch folder: (file name, bytes).
fn made_forms(data: &FsPath, year: i32) -> Result<Vec<(String, Vec<u8>)>> {
    let scratch = tempfile::tempdir().map_err(|e| Error::Write {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let out = scratch.path().join("forms");
    let written = forms::make(data, year, &out)?;
    written
        .iter()
        .map(|p| Ok((view::file_name(p), crate::files::read(p)?)))
        .collect()
}

/// Makes the forms off the async threads; the error page on failure.
async fn forms_of(
    app: &Shared,
    sess: &Sess,
    f: usize,
    year: &str,
) -> std::result::Result<(i32, Vec<(String, Vec<u8>)>), Response> {
    let year = year_of(year)?;
    let dir = app.folders[f].data.clone();
    let files = blocking("填报表生成", move || made_forms(&dir, year))
        .await?
        .map_err(|e| view::failed(app, sess, f, &e))?;
    Ok((year, files))
}

/// Every unit's form of a year, as one zip.
pub(crate) async fn zip_all(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, year)): Path<(String, String)>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let (year, files) = forms_of(&app, &sess, f, &year).await?;
    Ok(files_out::send_zip(&format!("填报表-{year}.zip"), &files))
}

/// One unit's form, by its place in the list.
pub(crate) async fn one(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, year, k)): Path<(String, String, String)>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let (_, files) = forms_of(&app, &sess, f, &year).await?;
    Ok(
        match k
            .parse::<usize>()
            .ok()
            .and_then(|k| files.into_iter().nth(k))
        {
            Some((name, bytes)) => files_out::send(&name, bytes, false),
            None => view::refusal(StatusCode::NOT_FOUND, "没有这个单位的填报表。"),
        },
    )
}

/// A refusal of the upload, in the page.
fn upload_refused(
    app: &Shared,
    sess: &Sess,
    f: usize,
    status: StatusCode,
    message: &str,
) -> Response {
    let mut ctx = tera::Context::new();
    ctx.insert("message", message);
    let mut r = view::render(app, "error.html", sess, Some(f), ctx);
    *r.status_mut() = status;
    r
}

/// The returns uploaded: checked, then merged, or listed for confirmation.
pub(crate) async fn upload(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, year)): Path<(String, String)>,
    form: Multipart,
) -> Page {
    let f = folder_index(&app, &f)?;
    let year = year_of(&year)?;
    let saved = uploads::read(form, &["xlsx"]).await.map_err(|message| {
        upload_refused(&app, &sess, f, StatusCode::PAYLOAD_TOO_LARGE, &message)
    })?;
    csrf(&sess, saved.field("csrf"))?;
    if saved.files.is_empty() {
        return Err(upload_refused(
            &app,
            &sess,
            f,
            StatusCode::BAD_REQUEST,
            "请先选择收回的填报表（.xlsx，可一次选择多个）。",
        ));
    }
    let _write = app.folders[f].write.lock().await;
    let data = app.folders[f].data.clone();
    let paths = saved.paths();
    let tried = blocking("汇总", move || {
        let trial = trial(&data, year, &paths)?;
        if trial.replaced.is_empty() {
            forms::collect(&data, year, &paths, false).map(|done| (done, false))
        } else {
            Ok((trial, true))
        }
    })
    .await?;
    Ok(match tried {
        Ok((done, false)) => collected_page(&app, &sess, f, year, &done, &saved),
        Ok((trial, true)) => {
            let id = token();
            let mut ctx = collected_context(year, &trial, &saved);
            ctx.insert("confirm", &id);
            let mut pending = lock(&app.pending);
            pending.insert(
                id,
                Pending {
                    at: std::time::Instant::now(),
                    folder: f,
                    year,
                    uploads: saved,
                },
            );
            trim(&mut pending, |p| p.at);
            drop(pending);
            view::render(&app, "collected.html", &sess, Some(f), ctx)
        }
        Err(e) => {
            let data = app.folders[f].data.display().to_string();
            let naming: view::Naming = (&|p| saved.shown(p), &|s| {
                saved.clean(s).replace(SCRATCH, &data)
            });
            view::error_page_with(
                &app,
                &sess,
                Some(f),
                &e,
                naming,
                refused_context(f, year, &e),
            )
        }
    })
}

/// The confirmation: the returns kept from the upload merged with `--replace`.
#[derive(Deserialize)]
pub(crate) struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    id: String,
}

pub(crate) async fn confirm(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, year)): Path<(String, String)>,
    Form(form): Form<ConfirmForm>,
) -> Page {
    csrf(&sess, &form.csrf)?;
    let f = folder_index(&app, &f)?;
    let year = year_of(&year)?;
    let pending = lock(&app.pending).remove(&form.id);
    let Some(pending) = pending.filter(|p| p.folder == f && p.year == year) else {
        return Err(upload_refused(
            &app,
            &sess,
            f,
            StatusCode::GONE,
            "这批填报表已处理或已过期，请重新上传。",
        ));
    };
    let saved = pending.uploads;
    let _write = app.folders[f].write.lock().await;
    let data = app.folders[f].data.clone();
    let paths = saved.paths();
    let done = blocking("汇总", move || forms::collect(&data, year, &paths, true)).await?;
    Ok(match done {
        Ok(done) => collected_page(&app, &sess, f, year, &done, &saved),
        Err(e) => {
            let naming: view::Naming = (&|p| saved.shown(p), &|s| saved.clean(s));
            view::error_page_with(
                &app,
                &sess,
                Some(f),
                &e,
                naming,
                refused_context(f, year, &e),
            )
        }
    })
}

/// The page of refused returns: what was (not) done, and the way back to the form.
fn refused_context(f: usize, year: i32, error: &Error) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("heading", "填报表未汇总");
    ctx.insert("back", &format!("/f/{f}/forms?year={year}"));
    ctx.insert("back_label", "返回填报表");
    if let Error::Invalid(problems) = error {
        ctx.insert("upload", &true);
        ctx.insert(
            "message",
            &format!(
                "错误：发现 {} 处错误，未写入任何数据（这批填报表都未并入）。请按下表改正后，把这批文件重新上传。",
                view::errors(problems)
            ),
        );
    }
    ctx
}

/// What the scratch folder is called in messages before it is replaced by the real one.
const SCRATCH: &str = "\u{0}scratch\u{0}";

/// Collects into a scratch copy of the data folder with `--replace`, to learn which
/// figures the returns would replace; the real folder is not touched.
fn trial(data: &FsPath, year: i32, paths: &[PathBuf]) -> Result<Collected> {
    let scratch = tempfile::tempdir().map_err(|e| Error::Write {
        path: std::env::temp_dir(),
        source: e,
    })?;
    let copy = scratch.path().join("data");
    copy_folder(data, &copy)?;
    forms::collect(&copy, year, paths, true).map_err(|e| match e {
        Error::Invalid(problems) => Error::Invalid(
            problems
                .into_iter()
                .map(|mut p| {
                    if let Ok(rest) = p.path.strip_prefix(&copy) {
                        p.path = data.join(rest);
                    }
                    p.message = p.message.replace(&copy.display().to_string(), SCRATCH);
                    p
                })
                .collect(),
        ),
        other => other,
    })
}

/// Copies the regular files of a data folder (and its sub-folders), links left out.
fn copy_folder(from: &FsPath, to: &FsPath) -> Result<()> {
    crate::files::create_dir_all(to)?;
    let entries = std::fs::read_dir(from).map_err(|e| Error::Read {
        path: from.to_path_buf(),
        source: e,
    })?;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_folder(&entry.path(), &target)?;
        } else if kind.is_file() {
            crate::files::write(&target, &crate::files::read(&entry.path())?)?;
        }
    }
    Ok(())
}

/// One replaced figure, for the page.
#[derive(Serialize)]
struct ReplacedRow {
    what: String,
    old: String,
    new: String,
    file: String,
}

fn collected_context(year: i32, done: &Collected, saved: &Saved) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("year", &year);
    let returns: Vec<(String, String)> = done
        .returns
        .iter()
        .map(|(p, unit)| (saved.shown(p), unit.clone()))
        .collect();
    ctx.insert("returns", &returns);
    let replaced: Vec<ReplacedRow> = done
        .replaced
        .iter()
        .map(|r| ReplacedRow {
            what: r.what.clone(),
            old: r.old.clone(),
            new: r.new.clone(),
            file: saved.clean(&r.file),
        })
        .collect();
    ctx.insert("replaced", &replaced);
    ctx.insert("counts", &done.counts_words());
    ctx
}

fn collected_page(
    app: &Shared,
    sess: &Sess,
    f: usize,
    year: i32,
    done: &Collected,
    saved: &Saved,
) -> Response {
    let mut ctx = collected_context(year, done, saved);
    ctx.insert("status", &status_rows(&done.status));
    ctx.insert(
        "status_summary",
        &forms::status::summary(year, &done.status),
    );
    let written: Vec<String> = done.written.iter().map(|p| view::file_name(p)).collect();
    ctx.insert("written", &written);
    view::render(app, "collected.html", sess, Some(f), ctx)
}
