//! The only writer of files: the content of every file the program writes
//! goes through this module, so every error names its path and no output is
//! left half-written. The archive's sealing steps around the files it writes
//! here (its lock files, the one rename that puts a staged version in place,
//! read-only permissions) stay in [`crate::archive`], the one place that may
//! touch a stored version. Also the readers of files (`read`, `read_text`,
//! and `yaml` for the plan and the rules) and the one decoder of text (`encoding`).

pub(crate) mod encoding;
pub(crate) mod yaml;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Prefix of the folders a draft is staged in, beside the draft.
const STAGING_PREFIX: &str = ".plan-eval-staging-";
/// Prefix a replaced draft folder is moved to before it is removed.
const REPLACED_PREFIX: &str = ".plan-eval-replaced-";

fn write_err(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a file's bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a UTF-8 text file; a leading byte-order mark is dropped.
pub fn read_text(path: &Path) -> Result<String> {
    text(path, read(path)?)
}

/// The bytes of the file at `path` (only named in the message) as text: UTF-8, a leading
/// byte-order mark dropped; else, as the tables are read, UTF-16 with a BOM or GB18030/GBK
/// (a plan saved by Notepad or WPS in the Windows default), by [`encoding::decode`]. The
/// bytes themselves are what the archive keeps, so a report made again decodes them alike.
pub(crate) fn text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    const BOM: &str = "\u{FEFF}";
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with(BOM) {
                text.replace_range(..BOM.len(), "");
            }
            Ok(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let original = e.into_bytes();
            encoding::decode(&original).map_err(|_| {
                // Counted as an editor shows the text: after a UTF-8 byte-order mark.
                let skip = if original.starts_with(BOM.as_bytes()) { BOM.len() } else { 0 };
                let at = at - skip;
                let line = original[skip..skip + at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                Error::Read {
                    path: path.to_path_buf(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "文件不是 UTF-8 编码（第 {line} 行、第 {} 字节处无法解码），也不是 GBK/GB18030 或带 BOM 的 UTF-16 编码；请用记事本或 WPS 打开该文件，另存为 UTF-8 编码后重试",
                            at + 1
                        ),
                    ),
                }
            })
        }
    }
}

/// Why `path`, a file of `folder`, must not be read: it is a symbolic link to a file outside
/// the folder (its contents would go into the report and the archive), or to nothing. `None`
/// for a plain file, a link within the folder, or no file at all.
pub(crate) fn link_outside(folder: &Path, path: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    let target = fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let Ok(resolved) = fs::canonicalize(path) else {
        return Some(format!(
            "是指向不存在的文件（{target}）的符号链接，无法读取"
        ));
    };
    let inside = fs::canonicalize(folder).is_ok_and(|f| resolved.starts_with(f));
    (!inside).then(|| {
        format!(
            "是指向所在目录之外（{}）的符号链接，为防止读取目录外的文件，不予读取；请把文件本身复制到该目录中",
            resolved.display()
        )
    })
}

/// Creates folder `dir` and the folders above it.
pub(crate) fn create_dir_all(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| write_err(dir, e))
}

/// Writes one file inside a folder being built (a staging folder, a scratch
/// folder), creating the folders above it. Not for a file a user reads while
/// it is written: see [`write_each`] and [`replace_folder`].
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| write_err(path, e))
}

/// Writes `files`, by names that may contain folders (`charts/a.svg`), under `root`.
pub(crate) fn write_tree<N: AsRef<str>, B: AsRef<[u8]>>(
    root: &Path,
    files: &[(N, B)],
) -> Result<()> {
    for (name, bytes) in files {
        write(&root.join(name.as_ref()), bytes.as_ref())?;
    }
    Ok(())
}

/// Writes a folder of files as a whole: the complete folder is staged beside
/// `dir`, then takes `dir`'s place in one rename, so `dir` is at every moment
/// either the previous folder or the new one, never a mix. Files of the
/// previous folder that the new one lacks are gone with it.
///
/// A folder already at `dir` is only replaced when `replaceable` accepts
/// every name in it (the program's own earlier output); otherwise nothing
/// is written and the error says so. Returns the paths of the new files.
pub(crate) fn replace_folder<N: AsRef<str>, B: AsRef<[u8]>>(
    dir: &Path,
    files: &[(N, B)],
    replaceable: impl Fn(&str) -> bool,
) -> Result<Vec<PathBuf>> {
    let existing = match fs::read_dir(dir) {
        Ok(entries) => Some(entries),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(write_err(dir, e)),
    };
    // A folder the user made read-only is theirs to keep as it is: it is not replaced, though
    // its parent would allow the rename.
    if existing.is_some() && fs::metadata(dir).is_ok_and(|meta| meta.permissions().readonly()) {
        return Err(write_err(
            dir,
            std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "目录是只读的，未作任何改动；请先取消该目录的只读属性，或另选一个目录",
            ),
        ));
    }
    if let Some(entries) = existing {
        for entry in entries {
            let entry = entry.map_err(|e| write_err(dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // Leftovers of this module's own staging go with the folder.
            if !replaceable(&name) && !name.starts_with(".plan-eval-") {
                return Err(Error::Usage(format!(
                    "目录 {} 中有不是本工具生成的“{name}”，为免覆盖，未写入；请另选一个新目录或空目录",
                    dir.display()
                )));
            }
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dir_all(&parent)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(STAGING_PREFIX);
    // The folder that takes the draft's place is as readable as any folder
    // made normally (the umask applies), not private as temporary ones are.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o777));
    }
    let staging = builder
        .tempdir_in(&parent)
        .map_err(|e| write_err(&parent, e))?;
    write_tree(staging.path(), files)?;
    let staged = staging.keep();
    if let Err(e) = swap_into_place(&staged, dir) {
        let _ = fs::remove_dir_all(&staged);
        return Err(e);
    }
    Ok(files
        .iter()
        .map(|(name, _)| dir.join(name.as_ref()))
        .collect())
}

/// Moves the folder `staged` to `dir`: one rename when `dir` does not exist
/// or is an empty folder; an exchange of the two (`renameat2` with
/// `RENAME_EXCHANGE`) when it holds an earlier folder, which is removed after.
fn swap_into_place(staged: &Path, dir: &Path) -> Result<()> {
    // A folder that does not exist, or is empty, is simply replaced.
    if fs::rename(staged, dir).is_ok() {
        return Ok(());
    }
    exchange(staged, dir)?;
    // `staged` now holds the earlier folder.
    let replaced = staged.with_file_name(format!(
        "{REPLACED_PREFIX}{}",
        staged
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    if fs::rename(staged, &replaced).is_ok() {
        let _ = fs::remove_dir_all(&replaced);
    } else {
        let _ = fs::remove_dir_all(staged);
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)
        .map_err(|e| write_err(b, std::io::Error::from(e)))
}

/// Elsewhere the earlier folder is moved aside first: two renames, with a
/// moment in which `b` is absent (never half-written).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    let aside = a.with_extension("aside");
    fs::rename(b, &aside).map_err(|e| write_err(b, e))?;
    if let Err(e) = fs::rename(a, b) {
        let _ = fs::rename(&aside, b);
        return Err(write_err(b, e));
    }
    fs::rename(&aside, a).map_err(|e| write_err(a, e))
}

/// Writes a new folder `dir` (absent or empty) with `files`, all or none.
pub(crate) fn create_folder<N: AsRef<str>, B: AsRef<[u8]>>(
    dir: &Path,
    files: &[(N, B)],
) -> Result<Vec<PathBuf>> {
    replace_folder(dir, files, |_| false)
}

/// Writes a new file that must not exist yet (never replaces one), readable
/// as `mode` allows from its first byte (0o600 for a secret key); a file
/// left incomplete by a failed write is removed.
pub(crate) fn create_new(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| write_err(path, e))?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    written.map_err(|e| {
        let _ = fs::remove_file(path);
        write_err(path, e)
    })
}

/// Writes each file beside its destination first and moves them into place
/// only when every one is complete, so no output is half-written. For single
/// files in folders of the user's (a re-typeset PDF beside its Markdown).
pub(crate) fn write_each(files: &[(&Path, &[u8])]) -> Result<Vec<PathBuf>> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        create_dir_all(dir)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".plan-eval-").suffix(".part");
        // Readable as any file written normally (the process's umask applies), not only by
        // its owner as temporary files are.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut part = builder.tempfile_in(dir).map_err(|e| write_err(path, e))?;
        // Not forced to disk (no fsync), as no other file the program writes is: the promise is
        // a whole file or the old one after an interruption, not after a power cut.
        part.write_all(bytes).map_err(|e| write_err(path, e))?;
        staged.push((part, *path));
    }
    let mut written = Vec::with_capacity(staged.len());
    for (part, path) in staged {
        part.persist(path).map_err(|e| write_err(path, e.error))?;
        written.push(path.to_path_buf());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_file_is_read_without_its_byte_order_mark_and_checked_to_the_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        // Long enough for the SIMD check's wide steps, with CJK, a BOM and an emoji.
        let text = format!("{}第二行：🙂\n", "规划纲要实施情况评估。".repeat(400));
        fs::write(
            &path,
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        )
        .unwrap();
        assert_eq!(read_text(&path).unwrap(), text);

        // The first byte of a character broken deep inside: the error names its line, and its
        // byte counted without the BOM.
        let mut bytes = [b"\xEF\xBB\xBF".as_slice(), b"a\nb\n", text.as_bytes()].concat();
        let at = bytes.len() - "🙂\n".len();
        bytes[at] = 0xff;
        fs::write(&path, &bytes).unwrap();
        let Err(Error::Read { source, .. }) = read_text(&path) else {
            panic!("a broken byte must be an error");
        };
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        assert_eq!(line, 3);
        assert_eq!(
            source.to_string(),
            format!(
                "文件不是 UTF-8 编码（第 3 行、第 {} 字节处无法解码），也不是 GBK/GB18030 或带 BOM 的 UTF-16 编码；请用记事本或 WPS 打开该文件，另存为 UTF-8 编码后重试",
                at - 3 + 1
            )
        );
    }
}
