//! 归档: the versions of each year (dates, reason, intact and sealed), and what
//! `plan-eval archive` does with them — verify, diff, reproduce — through the same
//! functions; a version's files or its whole bag to download. A version is named by its
//! year and `vN` only, checked before any path is made of them.

use std::path::{Component, Path as FsPath, PathBuf};

use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::archive::{self, Version, seal};
use crate::error::{Error, Result};
use crate::run::pipeline;

use super::app::Shared;
use super::files_out;
use super::guard::{Sess, csrf};
use super::pages::{folder_index, year_of};
use super::view::{self, Page, blocking};

/// One version on the page.
#[derive(Serialize)]
struct VersionRow {
    year: i32,
    name: String,
    identifier: String,
    bagged: String,
    dated: String,
    reason: String,
    intact: bool,
    seal: String,
    files: Vec<String>,
}

fn field(v: &Version, label: &str) -> String {
    archive::info_of(v, label)
        .ok()
        .flatten()
        .unwrap_or_else(|| "—".to_string())
}

/// The payload files a version's manifest lists, as `report.pdf`, `charts/x.svg`.
fn payload(v: &Version) -> Result<Vec<String>> {
    let manifest = archive::bag::read_manifest(&v.path.join(archive::bag::MANIFEST_256))?;
    Ok(manifest
        .keys()
        .filter_map(|k| k.strip_prefix("data/"))
        .map(str::to_string)
        .collect())
}

fn rows(root: &FsPath) -> Result<Vec<VersionRow>> {
    let mut rows = Vec::new();
    for v in archive::all_versions(root)? {
        let check = archive::check_version(&v, None)?;
        rows.push(VersionRow {
            year: v.year,
            name: v.name(),
            identifier: check.identifier.clone(),
            bagged: field(&v, "Bagging-Date"),
            dated: field(&v, "Report-Date"),
            reason: field(&v, "Version-Reason"),
            intact: check.is_intact(),
            seal: seal::words(&v),
            files: payload(&v)
                .unwrap_or_default()
                .into_iter()
                .filter(|n| !n.starts_with("inputs/"))
                .collect(),
        });
    }
    rows.reverse();
    Ok(rows)
}

/// The 归档 page.
pub(crate) async fn page(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let root = app.folders[f].archive.clone();
    let rows = blocking("页面生成", move || rows(&root))
        .await?
        .map_err(|e| view::failed(&app, &sess, f, &e))?;
    let mut ctx = tera::Context::new();
    ctx.insert("versions", &rows);
    ctx.insert("archive", &app.folders[f].archive.display().to_string());
    Ok(view::render(&app, "archive.html", &sess, Some(f), ctx))
}

/// The version `year`/`v` of folder `f`'s archive, checked: the refusal otherwise.
fn version(app: &Shared, f: usize, year: &str, v: &str) -> std::result::Result<Version, Response> {
    let year = year_of(year)?;
    let missing = || view::refusal(StatusCode::NOT_FOUND, &format!("没有版本 {year} 年度 {v}"));
    if archive::version_number(v).is_none() {
        return Err(missing());
    }
    let path = app.folders[f].archive.join(year.to_string()).join(v);
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
        return Err(missing());
    }
    match archive::versions_at(&path) {
        Ok(found) => found.into_iter().next().ok_or_else(missing),
        Err(_) => Err(missing()),
    }
}

/// The page of an action's result: a title and its lines (or a text kept as it is).
fn result(
    app: &Shared,
    sess: &Sess,
    f: usize,
    title: &str,
    lines: &[String],
    ok: bool,
) -> Response {
    let mut ctx = tera::Context::new();
    ctx.insert("title", title);
    ctx.insert("lines", lines);
    ctx.insert("ok", &ok);
    view::render(app, "archive_result.html", sess, Some(f), ctx)
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// 核验: every version, as `archive verify` lists them (and their seals against the
/// server's key when it has one).
pub(crate) async fn verify(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Page {
    csrf(&sess, &form.csrf)?;
    let f = folder_index(&app, &f)?;
    let root = app.folders[f].archive.clone();
    let key = app.seal.as_ref().map(|k| k.verifying_key());
    let (lines, ok) = blocking("核验", move || verify_lines(&root, key.as_ref()))
        .await?
        .map_err(|e| view::failed(&app, &sess, f, &e))?;
    Ok(result(&app, &sess, f, "核验结果", &lines, ok))
}

fn verify_lines(root: &FsPath, key: Option<&seal::VerifyingKey>) -> Result<(Vec<String>, bool)> {
    let (versions, strays) = archive::survey(root)?;
    let mut lines = Vec::new();
    let mut broken = 0;
    for v in &versions {
        let check = archive::check_version(v, key)?;
        let place = format!("{} 年度 {}", v.year, v.name());
        if check.is_intact() {
            let sealed = if key.is_some() {
                "，数字封印有效"
            } else {
                ""
            };
            lines.push(format!("{place}  {}  完好{sealed}", check.identifier));
        } else {
            broken += 1;
            lines.push(format!("{place}  {}  有问题：", check.identifier));
            lines.extend(check.defects.iter().map(|d| format!("  {d}")));
            lines.extend(
                check
                    .chain
                    .iter()
                    .chain(&check.seal)
                    .map(|c| format!("  {c}")),
            );
        }
    }
    lines.extend(strays.iter().map(ToString::to_string));
    // The register at the archive's root: a version deleted, or stored unregistered.
    let register = archive::register::check(root)?;
    if !register.is_empty() {
        lines.push(format!("{}  有问题：", archive::register::REGISTER));
        lines.extend(register.iter().map(|r| format!("  {r}")));
    }
    let mut total = format!("共核验 {} 个版本，{broken} 个有问题", versions.len());
    if register.is_empty() {
        total.push_str(&format!("；{}", archive::register::clean_words(root)?));
    } else {
        total.push_str(&format!("；登记簿有 {} 处问题", register.len()));
    }
    lines.push(total + "。");
    Ok((
        lines,
        broken == 0 && strays.is_empty() && register.is_empty(),
    ))
}

#[derive(Deserialize)]
pub(crate) struct DiffQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// 比较: two versions of a year, as `archive diff` prints it.
pub(crate) async fn diff(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    Query(q): Query<DiffQuery>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let old = version(&app, f, &q.year, &q.from)?;
    let new = version(&app, f, &q.year, &q.to)?;
    let (from, to) = (old.name(), new.name());
    let title = format!("{} 年度 {from} 与 {to} 的差异", old.year);
    let text = blocking("比较", move || {
        archive::changes::diff(&old.path, &new.path, &from, &to)
    })
    .await?
    .map_err(|e| view::failed(&app, &sess, f, &e))?;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    Ok(result(&app, &sess, f, &title, &lines, true))
}

/// Every file of a version's bag, by its path inside the bag.
fn bag_files(dir: &FsPath, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Read {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            bag_files(&entry.path(), &format!("{name}/"), out)?;
        } else if kind.is_file() {
            out.push((name, crate::files::read(&entry.path())?));
        }
    }
    Ok(())
}

/// The whole bag of a version as a zip.
pub(crate) async fn bag(
    State(app): State<Shared>,
    Path((f, year, v)): Path<(String, String, String)>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let version = version(&app, f, &year, &v)?;
    let top = format!("{}-{}/", version.year, version.name());
    let done = tokio::task::spawn_blocking(move || {
        let mut files = Vec::new();
        bag_files(&version.path, &top, &mut files).map(|()| files)
    })
    .await;
    Ok(match done {
        Ok(Ok(files)) => files_out::send_zip(&format!("归档-{year}-{v}.zip"), &files),
        _ => view::refusal(StatusCode::INTERNAL_SERVER_ERROR, "无法打包该版本"),
    })
}

/// One payload file of a version, named as its manifest lists it.
pub(crate) async fn file(
    State(app): State<Shared>,
    Path((f, year, v, name)): Path<(String, String, String, String)>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let version = version(&app, f, &year, &v)?;
    let plain = PathBuf::from(&name)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let listed = payload(&version).is_ok_and(|files| files.contains(&name));
    if !plain || !listed {
        return Err(view::refusal(
            StatusCode::NOT_FOUND,
            "该版本中没有这个文件。",
        ));
    }
    let bytes = crate::files::read(&version.path.join("data").join(&name))
        .map_err(|e| view::refusal(StatusCode::NOT_FOUND, &format!("错误：{e}")))?;
    Ok(files_out::send(
        &view::file_name(FsPath::new(&name)),
        bytes,
        name.ends_with(".pdf"),
    ))
}

/// The page of a version that cannot be reproduced: what is wrong, where on the pages
/// to see it (not the command line's way), and the way back to the archive.
fn reproduce_refused(app: &super::app::App, sess: &Sess, f: usize, error: &Error) -> Response {
    let mut ctx = tera::Context::new();
    ctx.insert("back", &format!("/f/{f}/archive"));
    ctx.insert("back_label", "返回归档");
    let clean = |text: &str| match text.strip_suffix(crate::archive::reproduce::VERIFY_HINT) {
        Some(reason) => format!("{reason}（请在归档页点“核验全部版本”查看）"),
        None => text.to_string(),
    };
    view::error_page_with(app, sess, Some(f), error, (&view::file_name, &clean), ctx)
}

/// 重现: the version rebuilt from its own inputs, file by file, as `archive reproduce`.
pub(crate) async fn reproduce(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, year, v)): Path<(String, String, String)>,
    Form(form): Form<CsrfForm>,
) -> Page {
    csrf(&sess, &form.csrf)?;
    let f = folder_index(&app, &f)?;
    let version = version(&app, f, &year, &v)?;
    let title = format!("{} 年度 {} 的重现结果", version.year, version.name());
    let results = blocking("重现", move || pipeline::reproduce(&version))
        .await?
        .map_err(|e| reproduce_refused(&app, &sess, f, &e))?;
    let bad = results.iter().filter(|(_, same)| !same).count();
    let mut lines: Vec<String> = results
        .iter()
        .map(|(n, same)| format!("{n}  {}", if *same { "一致" } else { "不一致" }))
        .collect();
    lines.push(if bad == 0 {
        "全部文件均可由归档输入逐字节重现。".to_string()
    } else {
        format!("有 {bad} 个文件重新生成后与归档不一致")
    });
    Ok(result(&app, &sess, f, &title, &lines, bad == 0))
}
