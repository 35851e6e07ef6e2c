//! Uploaded files: read from a multipart form into a private temporary folder under
//! names of our own (`upload-1.xlsx`), each at most [`FILE_LIMIT`] bytes; the name the
//! browser gave is kept only to be shown. The form's text fields (the CSRF token first
//! among them) come back beside the files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::extract::Multipart;

/// The largest file accepted: 20 MB.
pub(crate) const FILE_LIMIT: usize = 20 * 1024 * 1024;
/// The largest request accepted, all its files together.
pub(crate) const BODY_LIMIT: usize = 120 * 1024 * 1024;

/// The message past the limits, in the page.
pub(crate) fn too_large(name: &str) -> String {
    format!(
        "文件“{name}”超过 20 MB 的上限，未读取任何文件。填报表和报告通常只有几百 KB，请确认选择的文件是否正确。"
    )
}

/// The files of one form, in a temporary folder removed when dropped.
pub(crate) struct Saved {
    dir: tempfile::TempDir,
    /// (where it is saved, the name the browser gave).
    pub(crate) files: Vec<(PathBuf, String)>,
    pub(crate) fields: HashMap<String, String>,
}

impl Saved {
    /// The name a saved path was uploaded as (the path itself otherwise).
    pub(crate) fn shown(&self, path: &Path) -> String {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(|| super::view::file_name(path), |(_, n)| n.clone())
    }

    /// `text` with every saved path replaced by its uploaded name.
    pub(crate) fn clean(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (path, name) in &self.files {
            out = out.replace(&path.display().to_string(), name);
        }
        out = out.replace(&self.dir.path().display().to_string(), "上传的文件");
        // A message may name a return by its file name alone.
        for (path, name) in &self.files {
            out = out.replace(&super::view::file_name(path), name);
        }
        out
    }

    pub(crate) fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|(p, _)| p.clone()).collect()
    }

    pub(crate) fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// Reads a multipart form: its files (only those whose field is `file`, with the
/// extensions `allowed`) saved as `upload-N.ext`, its other fields as text. The error is
/// the message to show.
pub(crate) async fn read(mut form: Multipart, allowed: &[&str]) -> Result<Saved, String> {
    let dir = tempfile::Builder::new()
        .prefix("plan-eval-upload-")
        .tempdir()
        .map_err(|e| format!("无法建立临时文件夹：{e}"))?;
    let mut saved = Saved {
        dir,
        files: Vec::new(),
        fields: HashMap::new(),
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(body_error(&e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        let Some(original) = field.file_name().map(str::to_string) else {
            let text = field.text().await.map_err(|e| body_error(&e.body_text()))?;
            saved.fields.insert(name, text);
            continue;
        };
        if original.is_empty() {
            continue;
        }
        let bytes = read_field(field, &original).await?;
        let shown = shown_name(&original);
        let ext = extension(&shown);
        if !allowed.contains(&ext.as_str()) {
            return Err(format!(
                "文件“{shown}”的类型不对：此处只接受 {} 文件",
                allowed
                    .iter()
                    .map(|e| format!(".{e}"))
                    .collect::<Vec<_>>()
                    .join("、")
            ));
        }
        let path = saved
            .dir
            .path()
            .join(format!("upload-{}.{ext}", saved.files.len() + 1));
        std::fs::write(&path, &bytes).map_err(|e| format!("无法保存上传的文件：{e}"))?;
        saved.files.push((path, shown));
    }
    Ok(saved)
}

async fn read_field(
    mut field: axum::extract::multipart::Field<'_>,
    name: &str,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > FILE_LIMIT {
                    return Err(too_large(&shown_name(name)));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(e) => return Err(body_error(&e.body_text())),
        }
    }
}

/// The message of a broken or too large request.
fn body_error(detail: &str) -> String {
    if detail.contains("limit") || detail.contains("length") {
        "上传的内容合计超过 120 MB 的上限（每个文件不超过 20 MB），未读取任何文件。请分批上传。"
            .to_string()
    } else {
        format!("上传未完成（{detail}），未读取任何文件，请重试。")
    }
}

/// The last component of a browser's file name, for showing only.
pub(crate) fn shown_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.chars().filter(|c| !c.is_control()).take(120).collect()
}

/// The lower-case extension of a name ("" for none).
pub(crate) fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((_, ext)) if ext.chars().all(|c| c.is_ascii_alphanumeric()) => {
            ext.to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_s_file_name_is_shown_by_its_last_part_only() {
        assert_eq!(shown_name("C:\\Users\\科员\\桌面\\回执.xlsx"), "回执.xlsx");
        assert_eq!(shown_name("../../etc/passwd"), "passwd");
        assert_eq!(shown_name("a\u{0}b\n.xlsx"), "ab.xlsx");
        assert_eq!(shown_name(&"长".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn the_extension_is_lower_case_letters_and_digits_or_nothing() {
        assert_eq!(extension("回执.XLSX"), "xlsx");
        assert_eq!(extension("report.md"), "md");
        assert_eq!(extension("no-extension"), "");
        assert_eq!(extension("x.xlsx/../y"), "");
    }
}
