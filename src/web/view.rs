//! The pages' HTML: Tera templates embedded in the binary (`src/web/templates/`, apart
//! from the report's templates), the context every page shares (the folders, the
//! current one, the session's CSRF token), and errors shown in the page in the command
//! line's words (`错误：…`), never a stack trace.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::error::{Error, Problem};

use super::app::App;
use super::guard::Sess;

/// The templates, by name.
const TEMPLATES: [(&str, &str); 15] = [
    ("status.html", include_str!("templates/status.html")),
    ("base.html", include_str!("templates/base.html")),
    ("login.html", include_str!("templates/login.html")),
    ("folders.html", include_str!("templates/folders.html")),
    ("overview.html", include_str!("templates/overview.html")),
    ("forms.html", include_str!("templates/forms.html")),
    ("collected.html", include_str!("templates/collected.html")),
    ("check.html", include_str!("templates/check.html")),
    ("report.html", include_str!("templates/report.html")),
    ("job.html", include_str!("templates/job.html")),
    ("archive.html", include_str!("templates/archive.html")),
    (
        "archive_result.html",
        include_str!("templates/archive_result.html"),
    ),
    ("typeset.html", include_str!("templates/typeset.html")),
    ("error.html", include_str!("templates/error.html")),
    ("problems.html", include_str!("templates/problems.html")),
];

/// The embedded style sheet and script.
pub(crate) const STYLE: &str = include_str!("assets/style.css");
pub(crate) const SCRIPT: &str = include_str!("assets/app.js");

/// Parses the embedded templates (a fault here is the program's, found by every test).
pub(crate) fn tera() -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(TEMPLATES)
        .expect("the workbench's templates parse");
    tera
}

/// What a page handler answers: the page, or the refusal that stopped it early (a
/// step that may refuse is written `step(...)?`); either is sent as it is.
pub(crate) type Page = Result<Response, Response>;

/// Runs `work` on a blocking thread; should it panic, the refusal
/// "{what}失败（程序错误）" (the program's fault, said without a trace).
pub(crate) async fn blocking<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("{what}失败（程序错误）"),
        )
    })
}

/// One folder in the menu.
#[derive(Serialize)]
struct FolderLink {
    index: usize,
    name: String,
}

/// Renders `name` with the shared context; `folder` is the folder the page is about.
pub(crate) fn render(
    app: &App,
    name: &str,
    sess: &Sess,
    folder: Option<usize>,
    mut ctx: tera::Context,
) -> Response {
    let folders: Vec<FolderLink> = app
        .folders
        .iter()
        .enumerate()
        .map(|(index, f)| FolderLink {
            index,
            name: f.name.clone(),
        })
        .collect();
    ctx.insert("folders", &folders);
    ctx.insert("csrf", &sess.csrf);
    ctx.insert("login", &app.password.is_some());
    ctx.insert("page", section(name));
    if let Some(i) = folder {
        ctx.insert("f", &i);
        ctx.insert("folder_name", &app.folders[i].name);
    }
    match app.tera.render(name, &ctx) {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            // The program's fault; the page says so without a trace.
            eprintln!("错误：页面 {name} 无法生成：{e:?}");
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "页面生成失败（程序错误），请把此情况告诉维护人员。",
            )
        }
    }
}

/// The menu entry a template belongs to.
fn section(template: &str) -> &'static str {
    match template {
        "overview.html" => "overview",
        "forms.html" | "collected.html" => "forms",
        "check.html" => "check",
        "report.html" | "job.html" => "report",
        "archive.html" | "archive_result.html" => "archive",
        "typeset.html" => "typeset",
        _ => "",
    }
}

/// A plain page for a refusal before any folder is known (no template needed).
pub(crate) fn refusal(status: StatusCode, message: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>无法完成</title>\
         <link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main>\
         <h1>无法完成</h1><p class=\"error\">{}</p><p><a href=\"/\">返回首页</a></p></main></body></html>",
        escape(message)
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

/// Escapes text for HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One problem as a table row: file, line, field, message, severity.
#[derive(Serialize)]
pub(crate) struct Row {
    pub(crate) error: bool,
    pub(crate) severity: String,
    pub(crate) file: String,
    pub(crate) line: String,
    pub(crate) field: String,
    /// The sheet and the cell of a return's problem (`指标!I2（2024年数值）`), split.
    pub(crate) sheet: String,
    pub(crate) cell: String,
    pub(crate) message: String,
}

/// The rows of `problems`, errors first (in the order found), then warnings; `name`
/// says how a path is shown (an upload by its own name, a data file by its file name).
pub(crate) fn rows(problems: &[Problem], name: &dyn Fn(&std::path::Path) -> String) -> Vec<Row> {
    let mut rows: Vec<Row> = problems
        .iter()
        .map(|p| {
            let message = if p.more > 0 {
                // The Display of such a line is the count sentence, without the path.
                let full = p.to_string();
                full.rsplit_once(": ")
                    .map_or(full.clone(), |(_, m)| m.to_string())
            } else {
                p.message.clone()
            };
            let field = p.field.clone().unwrap_or_default();
            let (sheet, cell) = match field.split_once('!') {
                Some((sheet, cell)) => (sheet.to_string(), cell.to_string()),
                None => (String::new(), field.clone()),
            };
            Row {
                sheet,
                cell,
                error: p.is_error(),
                severity: p.severity.label().to_string(),
                file: name(&p.path),
                line: p.line.map(|l| l.to_string()).unwrap_or_default(),
                field,
                message,
            }
        })
        .collect();
    rows.sort_by_key(|r| !r.error);
    rows
}

/// The HTTP status of an error: the user's mistake or bad data 400, a missing tool 503,
/// anything else 500.
fn status_of(error: &Error) -> StatusCode {
    match error.exit_code() {
        1 | 2 => StatusCode::BAD_REQUEST,
        3 => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// An error of a stage, in the page: its message as the command line prints it, and a
/// table when it is a list of problems.
pub(crate) fn error_page(
    app: &App,
    sess: &Sess,
    folder: Option<usize>,
    error: &Error,
    name: &dyn Fn(&std::path::Path) -> String,
    clean: &dyn Fn(&str) -> String,
) -> Response {
    error_page_with(
        app,
        sess,
        folder,
        error,
        (name, clean),
        tera::Context::new(),
    )
}

/// The error page of `error` in folder `f`, its paths shown by their file names.
pub(crate) fn failed(app: &App, sess: &Sess, f: usize, error: &Error) -> Response {
    error_page(app, sess, Some(f), error, &file_name, &str::to_string)
}

/// How the paths of an error are shown: a path's name, and the text of a message.
pub(crate) type Naming<'a> = (
    &'a dyn Fn(&std::path::Path) -> String,
    &'a dyn Fn(&str) -> String,
);

/// [`error_page`] with more of the page given (`extra` overrides the heading, the
/// message, the way back).
pub(crate) fn error_page_with(
    app: &App,
    sess: &Sess,
    folder: Option<usize>,
    error: &Error,
    (name, clean): Naming,
    extra: tera::Context,
) -> Response {
    let mut ctx = tera::Context::new();
    match error {
        Error::Invalid(problems) => {
            ctx.insert("rows", &rows(problems, name));
            ctx.insert(
                "message",
                &format!("错误：共 {} 处错误，见下表：", errors(problems)),
            );
        }
        other => ctx.insert("message", &clean(&format!("错误：{other}"))),
    }
    ctx.extend(extra);
    let mut r = render(app, "error.html", sess, folder, ctx);
    *r.status_mut() = status_of(error);
    r
}

/// How many errors `problems` stand for (warnings not counted).
pub(crate) fn errors(problems: &[Problem]) -> usize {
    problems
        .iter()
        .filter(|p| p.is_error())
        .map(Problem::weight)
        .sum()
}

/// A file name of a path, for the tables.
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
