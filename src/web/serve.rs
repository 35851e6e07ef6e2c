//! Starting the workbench: the options of `plan-eval serve`, the refusals before
//! anything listens (a non-loopback address without a password), the routes, the
//! address printed and the browser opened.

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use sha2::{Digest, Sha256};

use crate::archive::seal::SigningKey;
use crate::error::{Error, Result};
use crate::run::batch::{self, Destination, Years};

use super::app::{App, Folder, Shared};
use super::{archive_pages, forms_pages, guard, pages, report_pages, uploads, view};

/// What `plan-eval serve` was given.
pub struct Options {
    pub data: Vec<PathBuf>,
    pub archive: PathBuf,
    pub port: u16,
    /// The address to listen on; `None` is 127.0.0.1.
    pub listen: Option<IpAddr>,
    pub password_file: Option<PathBuf>,
    pub open: bool,
    pub seal: Option<SigningKey>,
    pub templates: Option<PathBuf>,
}

/// Runs the workbench until the process is stopped.
pub fn serve(options: Options) -> Result<()> {
    let ip = options.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let password = password(&options, ip)?;
    for dir in &options.data {
        if !dir.is_dir() {
            return Err(Error::Usage(format!("数据目录 {} 不存在", dir.display())));
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("无法启动服务：{e}")))?;
    runtime.block_on(run(options, ip, password))
}

/// The password's digest; a non-loopback address without one is refused.
fn password(options: &Options, ip: IpAddr) -> Result<Option<[u8; 32]>> {
    let Some(path) = &options.password_file else {
        if !ip.is_loopback() {
            return Err(Error::Usage(format!(
                "监听 {ip} 会让本机以外的电脑也能打开工作台，必须同时用 --password-file 指定密码文件"
            )));
        }
        return Ok(None);
    };
    let text = crate::files::read_text(path)?;
    let word = text.lines().next().unwrap_or("").trim();
    if word.chars().count() < 8 {
        return Err(Error::Usage(format!(
            "密码文件 {} 的第一行是密码，至少 8 个字符",
            path.display()
        )));
    }
    Ok(Some(Sha256::digest(word.as_bytes()).into()))
}

async fn run(options: Options, ip: IpAddr, password: Option<[u8; 32]>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, options.port))
        .await
        .map_err(|e| {
            Error::Usage(format!(
                "无法在 {ip}:{} 上启动服务：{e}（端口已被占用时请用 --port 另选）",
                options.port
            ))
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("无法启动服务：{e}")))?;
    let hosts = if ip.is_loopback() {
        let port = addr.port();
        vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ]
    } else {
        Vec::new()
    };
    let app = Arc::new(App {
        folders: folders(&options.data, &options.archive),
        password,
        seal: options.seal,
        templates: options.templates,
        tera: view::tera(),
        hosts,
        sessions: Mutex::default(),
        jobs: Mutex::default(),
        pending: Mutex::default(),
        made: Mutex::default(),
    });
    let url = format!("http://{addr}/");
    // A closed standard output (the server started by a script) does not stop it.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "plan-eval 工作台已启动：{url}\n（按 Ctrl+C 停止）");
    let _ = out.flush();
    if options.open {
        open_browser(&url);
    }
    axum::serve(listener, routes(app))
        .await
        .map_err(|e| Error::Usage(format!("服务中断：{e}")))
}

/// Each folder with its archive, as `report --data A --data B` would put them.
fn folders(data: &[PathBuf], archive: &std::path::Path) -> Vec<Folder> {
    let years = Years { first: 0, last: 0 };
    batch::jobs(data, years, &Destination::Archive(archive.to_path_buf()))
        .into_iter()
        .map(|job| {
            let Destination::Archive(archive) = job.destination else {
                unreachable!("an archive destination stays one")
            };
            let absolute = std::path::absolute(&job.data).unwrap_or_else(|_| job.data.clone());
            Folder {
                name: view::file_name(&absolute),
                data: job.data,
                archive,
                write: tokio::sync::Mutex::new(()),
            }
        })
        .collect()
}

/// Every page and action.
pub(crate) fn routes(app: Shared) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(guard::login_page).post(guard::login))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/f/{f}/", get(pages::overview))
        .route("/f/{f}/check", get(pages::check))
        .route("/f/{f}/forms", get(forms_pages::page))
        .route("/f/{f}/forms/{year}/all.zip", get(forms_pages::zip_all))
        .route("/f/{f}/forms/{year}/unit/{k}", get(forms_pages::one))
        .route("/f/{f}/forms/{year}/upload", post(forms_pages::upload))
        .route("/f/{f}/forms/{year}/confirm", post(forms_pages::confirm))
        .route(
            "/f/{f}/report",
            get(report_pages::page).post(report_pages::start),
        )
        .route("/f/{f}/report/{job}", get(report_pages::job))
        .route("/f/{f}/report/{job}/status", get(report_pages::status))
        .route("/f/{f}/report/{job}/file/{name}", get(report_pages::file))
        .route("/f/{f}/report/{job}/archive", post(report_pages::archive))
        .route("/f/{f}/archive", get(archive_pages::page))
        .route("/f/{f}/archive/verify", post(archive_pages::verify))
        .route("/f/{f}/archive/diff", get(archive_pages::diff))
        .route("/f/{f}/archive/{year}/{v}/bag.zip", get(archive_pages::bag))
        .route(
            "/f/{f}/archive/{year}/{v}/file/{*name}",
            get(archive_pages::file),
        )
        .route(
            "/f/{f}/archive/{year}/{v}/reproduce",
            post(archive_pages::reproduce),
        )
        .route(
            "/f/{f}/typeset",
            get(report_pages::typeset_page).post(report_pages::typeset),
        )
        .route(
            "/f/{f}/typeset/{id}/{name}",
            get(report_pages::typeset_file),
        )
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(uploads::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        view::STYLE,
    )
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        view::SCRIPT,
    )
}

/// Opens `url` in the desktop's browser where there is one; says so otherwise.
fn open_browser(url: &str) {
    let tried = if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open")
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    };
    match tried {
        // Reaped on a thread of its own, so no finished opener lingers.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(_) => {
            let _ = writeln!(
                std::io::stdout(),
                "未能自动打开浏览器，请在浏览器中打开上面的地址。"
            );
        }
    }
}
