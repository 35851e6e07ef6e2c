//! The one place where files are read and written, so every error names its path
//! and no output is ever left half-written.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Reads a UTF-8 text file; a leading byte-order mark is dropped.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "文件不是 UTF-8 编码（第 {} 字节处无法解码）",
                e.utf8_error().valid_up_to()
            ),
        ),
    })
}

/// Writes a set of files into `dir` all together: they are written into a
/// staging folder beside `dir` first and moved into place only when every one
/// of them is complete. Existing files of the same names are replaced; other
/// files in `dir` are left alone. Names may contain folders (`charts/a.svg`).
pub fn write_all_or_nothing(dir: &Path, files: &[(&str, &[u8])]) -> Result<Vec<PathBuf>> {
    let write_err = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".staging-")
        .tempdir_in(dir)
        .map_err(|e| write_err(dir, e))?;
    let make_parent = |path: &Path| match path.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(|e| write_err(parent, e)),
        None => Ok(()),
    };
    for (name, bytes) in files {
        let path = staging.path().join(name);
        make_parent(&path)?;
        fs::write(&path, bytes).map_err(|e| write_err(&path, e))?;
    }
    let mut written = Vec::new();
    for (name, _) in files {
        let target = dir.join(name);
        make_parent(&target)?;
        fs::rename(staging.path().join(name), &target).map_err(|e| write_err(&target, e))?;
        written.push(target);
    }
    Ok(written)
}
