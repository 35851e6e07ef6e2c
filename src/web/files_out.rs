//! Files sent to the browser: one file as a download (its Chinese name in
//! `filename*`), or several packed into one zip made in memory.

use std::io::Write as _;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The media type of a file by its extension.
fn media_type(name: &str) -> &'static str {
    match super::uploads::extension(name).as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "txt" | "typ" | "csv" | "yaml" | "yml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `bytes` as the file `name`: shown in the browser when `inline` (the PDF in its
/// viewer), otherwise downloaded.
pub(crate) fn send(name: &str, bytes: Vec<u8>, inline: bool) -> Response {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!(
        "{}; filename=\"download.{}\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" },
        super::uploads::extension(name)
    );
    let mut response = ([(header::CONTENT_TYPE, media_type(name))], bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The files packed into a zip (deflated), in the order given.
pub(crate) fn zip(files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// A zip of `files` as the download `name`, or the page of why it could not be made.
pub(crate) fn send_zip(name: &str, files: &[(String, Vec<u8>)]) -> Response {
    match zip(files) {
        Ok(bytes) => send(name, bytes, false),
        Err(e) => super::view::refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("无法打包下载文件：{e}"),
        ),
    }
}
