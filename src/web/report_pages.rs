//! 生成报告: a report of the year, kind and date asked (the command line's defaults when
//! left empty), made by [`batch::build_one`] — the one report path, `pipeline::build` —
//! off the async threads, its progress shown while typst prints; then the PDF in the
//! browser's viewer, the Markdown as text, the downloads, and 归档 with a reason (sealed
//! when the server holds a key) through [`pipeline::archive_report`], the writer
//! `report` uses. And 重新排版 ([`super::typeset_pages`]'s forms live here too).

use std::time::Instant;

use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::archive::Stored;
use crate::model::vocabulary::EvaluationKind;
use crate::run::batch::{self, Destination};
use crate::run::pipeline;

use super::app::{Job, JobState, Shared, lock, token, trim};
use super::files_out;
use super::guard::{Sess, csrf};
use super::pages::{folder_index, year_of};
use super::view::{self, Page, blocking};

pub(crate) use super::typeset_pages::{typeset, typeset_file, typeset_page};

/// The 生成报告 form.
pub(crate) async fn page(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let dir = app.folders[f].data.clone();
    let checked = blocking("页面生成", move || {
        crate::input::check::check(&dir, None)
    })
    .await?;
    let mut ctx = tera::Context::new();
    if let Some(data) = &checked.dataset {
        let years: Vec<i32> = data
            .plan
            .years()
            .filter(|y| data.plan.check_year(*y).is_ok())
            .collect();
        ctx.insert("plan_years", &years);
        ctx.insert("midterm", &data.plan.meta.midterm_year);
        ctx.insert("target", &data.plan.meta.target_year);
        let (m, d) = data.plan.meta.report_due;
        ctx.insert("due", &format!("{m} 月 {d} 日"));
    }
    ctx.insert("year", &checked.year);
    ctx.insert("sealed", &app.seal.is_some());
    Ok(view::render(&app, "report.html", &sess, Some(f), ctx))
}

#[derive(Deserialize)]
pub(crate) struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    date: String,
}

/// The kind and the date asked for (`None`: the command line's default), or the refusal.
fn kind_and_date(
    form: &StartForm,
) -> Result<(Option<EvaluationKind>, Option<NaiveDate>), Response> {
    let kind = match form.kind.trim() {
        "" | "auto" => None,
        k => match EvaluationKind::parse(k) {
            Some(k) => Some(k),
            None => {
                return Err(view::refusal(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "评估类型“{k}”无法识别，应为 auto、annual（年度）、midterm（中期）或 final（总结）"
                    ),
                ));
            }
        },
    };
    let date = match form.date.trim() {
        "" => None,
        d => match d.parse::<NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) => {
                return Err(view::refusal(
                    StatusCode::BAD_REQUEST,
                    &format!("落款日期“{d}”应写作 YYYY-MM-DD，如 2026-03-31"),
                ));
            }
        },
    };
    Ok((kind, date))
}

/// Starts a report and sends the browser to its page.
pub(crate) async fn start(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    Form(form): Form<StartForm>,
) -> Page {
    csrf(&sess, &form.csrf)?;
    let f = folder_index(&app, &f)?;
    let year = year_of(&form.year)?;
    let (kind, date) = kind_and_date(&form)?;
    // The signing date against the year, by the command line's one rule.
    if let Some(date) = date
        && let Some(plan) = crate::input::dataset::readable_plan(&app.folders[f].data)
        && let Some(why) = crate::input::signing::refusal_for(&plan, year, kind, date)
    {
        return Err(view::refusal(StatusCode::BAD_REQUEST, &why));
    }
    let settings = batch::Settings {
        templates: app.templates.clone(),
        kind,
        date,
        today: Local::now().date_naive(),
        reason: None,
        seal: None,
    };
    let folder = &app.folders[f];
    let job = batch::Job {
        data: folder.data.clone(),
        year,
        destination: Destination::Archive(folder.archive.clone()),
    };
    let id = token();
    {
        let mut jobs = lock(&app.jobs);
        jobs.insert(
            id.clone(),
            Job {
                folder: f,
                year,
                started: Instant::now(),
                state: JobState::Running,
            },
        );
        trim(&mut jobs, |j| j.started);
    }
    let (shared, key) = (app.clone(), id.clone());
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        // A fault of the program ends the job with a message, never a page waiting forever.
        let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            batch::build_one(&job, &settings)
        }));
        let state = match made {
            Ok(Ok((built, advice))) => JobState::Done {
                files: built.report.files(),
                built: Some(Box::new(built)),
                advice,
                seconds: started.elapsed().as_secs_f64(),
                archived: None,
            },
            Ok(Err(e)) => JobState::Failed(format!("错误：{e}")),
            Err(_) => JobState::Failed(
                "错误：报告生成失败（程序错误），请把此情况告诉维护人员".to_string(),
            ),
        };
        if let Some(job) = lock(&shared.jobs).get_mut(&key) {
            job.state = state;
        }
    });
    Ok(Redirect::to(&format!("/f/{f}/report/{id}")).into_response())
}

/// The job of `id` in folder `f`, or the refusal.
fn job_of(app: &Shared, f: &str, id: &str) -> Result<usize, Response> {
    let f = folder_index(app, f)?;
    match lock(&app.jobs).get(id) {
        Some(job) if job.folder == f => Ok(f),
        _ => Err(view::refusal(
            StatusCode::NOT_FOUND,
            "没有这份报告（服务重启后，未归档的草稿不再保留，请重新生成）。",
        )),
    }
}

/// A report's state for the page and for the progress script.
#[derive(Serialize)]
struct JobView {
    state: &'static str,
    seconds: f64,
    year: i32,
    message: String,
    advice: Vec<String>,
    markdown: String,
    archived: Option<String>,
    archivable: bool,
}

fn job_view(app: &Shared, id: &str) -> Option<JobView> {
    let jobs = lock(&app.jobs);
    let job = jobs.get(id)?;
    let elapsed = job.started.elapsed().as_secs_f64();
    let mut view = JobView {
        state: "running",
        seconds: elapsed,
        year: job.year,
        message: String::new(),
        advice: Vec::new(),
        markdown: String::new(),
        archived: None,
        archivable: false,
    };
    match &job.state {
        JobState::Running => {}
        JobState::Failed(m) => {
            view.state = "failed";
            view.message = m.clone();
        }
        JobState::Done {
            built,
            advice,
            seconds,
            files,
            archived,
        } => {
            view.state = "done";
            view.seconds = *seconds;
            // The command line's words, its option named as the form's field.
            view.advice = advice
                .iter()
                .map(|a| {
                    a.replace("可用 --date 另行指定", "可在“落款日期”一栏另行指定")
                        .replace("请确认 --date", "请确认落款日期")
                })
                .collect();
            view.markdown = files
                .iter()
                .find(|(n, _)| n == "report.md")
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            view.archived = archived.clone();
            view.archivable = built.is_some();
        }
    }
    Some(view)
}

/// A report's page: progress while it is made, then the report.
pub(crate) async fn job(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, id)): Path<(String, String)>,
) -> Page {
    let f = job_of(&app, &f, &id)?;
    let Some(view) = job_view(&app, &id) else {
        return Err(view::refusal(StatusCode::NOT_FOUND, "没有这份报告。"));
    };
    let mut ctx = tera::Context::new();
    ctx.insert("job", &view);
    ctx.insert("id", &id);
    ctx.insert("sealed", &app.seal.is_some());
    Ok(view::render(&app, "job.html", &sess, Some(f), ctx))
}

/// The state as JSON, for the progress script.
pub(crate) async fn status(
    State(app): State<Shared>,
    Path((f, id)): Path<(String, String)>,
) -> Page {
    job_of(&app, &f, &id)?;
    let state = job_view(&app, &id).map_or("failed", |v| v.state);
    let seconds = job_view(&app, &id).map_or(0.0, |v| v.seconds);
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        format!("{{\"state\":\"{state}\",\"seconds\":{seconds:.1}}}"),
    )
        .into_response())
}

/// A file of a report: `pdf` shown in the viewer, `docx` and `md` downloaded.
pub(crate) async fn file(
    State(app): State<Shared>,
    Path((f, id, name)): Path<(String, String, String)>,
) -> Page {
    job_of(&app, &f, &id)?;
    let (wanted, inline) = match name.as_str() {
        "pdf" => ("report.pdf", true),
        "pdf-download" => ("report.pdf", false),
        "docx" => ("report.docx", false),
        "md" => ("report.md", false),
        _ => return Err(view::refusal(StatusCode::NOT_FOUND, "没有这个文件。")),
    };
    let jobs = lock(&app.jobs);
    let Some(Job {
        year,
        state: JobState::Done { files, .. },
        ..
    }) = jobs.get(&id)
    else {
        return Err(view::refusal(StatusCode::NOT_FOUND, "报告尚未生成完毕。"));
    };
    let Some((_, bytes)) = files.iter().find(|(n, _)| n == wanted) else {
        return Err(view::refusal(StatusCode::NOT_FOUND, "没有这个文件。"));
    };
    let ext = wanted.rsplit('.').next().unwrap_or("pdf");
    Ok(files_out::send(
        &format!("{year}年度评估报告.{ext}"),
        bytes.clone(),
        inline,
    ))
}

#[derive(Deserialize)]
pub(crate) struct ArchiveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// Stores the report shown as a new version, as `report` would.
pub(crate) async fn archive(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, id)): Path<(String, String)>,
    Form(form): Form<ArchiveForm>,
) -> Page {
    csrf(&sess, &form.csrf)?;
    let f = job_of(&app, &f, &id)?;
    let _write = app.folders[f].write.lock().await;
    let built = match lock(&app.jobs).get_mut(&id) {
        Some(Job {
            state: JobState::Done { built, .. },
            ..
        }) => built.take(),
        _ => None,
    };
    let Some(built) = built else {
        return Ok(Redirect::to(&format!("/f/{f}/report/{id}")).into_response());
    };
    let reason = Some(form.reason.trim().to_string()).filter(|r| !r.is_empty());
    let (shared, root) = (app.clone(), app.folders[f].archive.clone());
    let stored = tokio::task::spawn_blocking(move || {
        pipeline::archive_report(*built, &root, reason, shared.seal.as_ref())
    })
    .await;
    let said = match stored {
        Ok(Ok(Stored::Created {
            version,
            identifier,
        })) => {
            format!(
                "已归档为新版本 {identifier}（{} 年度 {}）",
                version.year,
                version.name()
            )
        }
        Ok(Ok(Stored::Unchanged { identifier, .. })) => {
            format!("输入数据、模板和落款日期与最新版本 {identifier} 相同，未生成新版本")
        }
        Ok(Err(e)) => format!("错误：{e}"),
        Err(_) => "错误：归档失败（程序错误）".to_string(),
    };
    if let Some(Job {
        state: JobState::Done { archived, .. },
        ..
    }) = lock(&app.jobs).get_mut(&id)
    {
        *archived = Some(said);
    }
    Ok(Redirect::to(&format!("/f/{f}/report/{id}")).into_response())
}
