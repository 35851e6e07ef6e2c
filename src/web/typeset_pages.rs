//! 重新排版: a report.md the office has edited (with the charts it shows, if any), made
//! into PDF and Word by [`retypeset::retypeset_as`], as `plan-eval typeset --docx` does.
//! The upload is laid out in a private folder under names the Markdown itself refers to
//! (plain relative names only); the browser's file names are never paths.

use std::path::{Component, Path as FsPath, PathBuf};

use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};

use crate::error::{Error, Result};
use crate::typeset::retypeset;

use super::app::{Made, Shared, lock, token, trim};
use super::files_out;
use super::guard::{Sess, csrf};
use super::pages::folder_index;
use super::uploads::{self, Saved};
use super::view::{self, Page, blocking};

/// The upload form.
pub(crate) async fn typeset_page(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
) -> Page {
    let f = folder_index(&app, &f)?;
    Ok(view::render(
        &app,
        "typeset.html",
        &sess,
        Some(f),
        tera::Context::new(),
    ))
}

/// The images a Markdown text refers to by a plain relative path (`charts/a.svg`).
fn references(markdown: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for part in markdown.split("](").skip(1) {
        let target = part.split([')', ' ', '"']).next().unwrap_or("");
        let path = PathBuf::from(target);
        let plain =
            !target.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
        if plain && !found.contains(&path) {
            found.push(path);
        }
    }
    found
}

/// Lays the upload out as the Markdown expects it and re-typesets it: (PDF, Word).
fn run(saved: &Saved, templates: Option<&FsPath>) -> Result<(Vec<u8>, Vec<u8>)> {
    let md: Vec<&(PathBuf, String)> = saved
        .files
        .iter()
        .filter(|(p, _)| uploads::extension(&p.to_string_lossy()) == "md")
        .collect();
    let [(md_path, md_name)] = md.as_slice() else {
        return Err(Error::Usage(
            "请上传且只上传一个报告的 Markdown 文件（.md），图表文件可一并选择".to_string(),
        ));
    };
    let work = saved.dir().join("work");
    crate::files::create_dir_all(&work)?;
    let text = crate::files::read_text(md_path)?;
    let input = work.join("report.md");
    crate::files::write(&input, text.as_bytes())?;
    for reference in references(&text) {
        let wanted = view::file_name(&reference);
        if let Some((path, _)) = saved.files.iter().find(|(_, name)| *name == wanted) {
            crate::files::write(&work.join(&reference), &crate::files::read(path)?)?;
        }
    }
    let _ = md_name;
    let done = retypeset::retypeset_as(&input, templates, true, true)?;
    match (done.pdf, done.docx) {
        (Some(pdf), Some(docx)) => Ok((pdf, docx)),
        _ => Err(Error::Usage("排版未生成 PDF 或 Word 文档".to_string())),
    }
}

/// The upload: re-typeset, then the page with the PDF and the downloads.
pub(crate) async fn typeset(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    form: Multipart,
) -> Page {
    let f = folder_index(&app, &f)?;
    let saved = match uploads::read(form, &["md", "svg", "png", "jpg", "jpeg"]).await {
        Ok(saved) => saved,
        Err(message) => {
            let mut ctx = tera::Context::new();
            ctx.insert("message", &message);
            let mut r = view::render(&app, "error.html", &sess, Some(f), ctx);
            *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
            return Err(r);
        }
    };
    csrf(&sess, saved.field("csrf"))?;
    let templates = app.templates.clone();
    let (saved, done) = blocking("排版", move || {
        let done = run(&saved, templates.as_deref());
        (saved, done)
    })
    .await?;
    let stem = saved
        .files
        .iter()
        .find(|(p, _)| uploads::extension(&p.to_string_lossy()) == "md")
        .map(|(_, n)| {
            n.trim_end_matches(".md")
                .trim_end_matches(".MD")
                .to_string()
        })
        .unwrap_or_else(|| "report".to_string());
    Ok(match done {
        Ok((pdf, docx)) => {
            let id = token();
            let mut made = lock(&app.made);
            made.insert(
                id.clone(),
                Made {
                    at: std::time::Instant::now(),
                    files: vec![(format!("{stem}.pdf"), pdf), (format!("{stem}.docx"), docx)],
                },
            );
            trim(&mut made, |m| m.at);
            drop(made);
            Redirect::to(&format!("/f/{f}/typeset/{id}/page")).into_response()
        }
        Err(e) => {
            let work = saved.dir().join("work").join("report.md");
            let md = format!("{stem}.md");
            view::error_page(
                &app,
                &sess,
                Some(f),
                &e,
                &|p| {
                    if p == work {
                        md.clone()
                    } else {
                        saved.shown(p)
                    }
                },
                &|s| saved.clean(&s.replace(&work.display().to_string(), &md)),
            )
        }
    })
}

/// The result page (`page`), the PDF shown (`pdf`) or a download (`pdf-download`, `docx`).
pub(crate) async fn typeset_file(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path((f, id, name)): Path<(String, String, String)>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let made = lock(&app.made);
    let Some(made) = made.get(&id) else {
        return Err(view::refusal(
            StatusCode::NOT_FOUND,
            "没有这份排版结果（服务重启后不再保留，请重新上传）。",
        ));
    };
    let pick = |ext: &str| made.files.iter().find(|(n, _)| n.ends_with(ext)).cloned();
    Ok(match name.as_str() {
        "page" => {
            let mut ctx = tera::Context::new();
            ctx.insert("id", &id);
            ctx.insert(
                "names",
                &made
                    .files
                    .iter()
                    .map(|(n, _)| n.clone())
                    .collect::<Vec<_>>(),
            );
            view::render(&app, "typeset.html", &sess, Some(f), ctx)
        }
        "pdf" | "pdf-download" => match pick(".pdf") {
            Some((n, b)) => files_out::send(&n, b, name == "pdf"),
            None => view::refusal(StatusCode::NOT_FOUND, "没有这个文件。"),
        },
        "docx" => match pick(".docx") {
            Some((n, b)) => files_out::send(&n, b, false),
            None => view::refusal(StatusCode::NOT_FOUND, "没有这个文件。"),
        },
        _ => view::refusal(StatusCode::NOT_FOUND, "没有这个文件。"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_image_paths_are_laid_out() {
        let md = "![图1](charts/growth.svg)\n![x](../secret.svg) ![y](/etc/passwd) [链接](charts/growth.svg)";
        assert_eq!(references(md), vec![PathBuf::from("charts/growth.svg")]);
    }
}
