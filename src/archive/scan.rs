//! Finding the versions of an archive: the year folders scanned, version folders told by
//! their exact names, and anything else in a year folder listed as a stray (never counted
//! as a version). It reads folder listings only, never a version's files.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::{LOCK_FILE, STAGING_PREFIX, Version};

/// The number of a version folder's name: exactly `v` and a decimal
/// number from 1 without leading zeros or sign (`v1`, `v12`; not `v01`,
/// `v+1`, `v1a`, `V1`, `v0`).
pub(crate) fn version_number(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('v')?;
    let decimal = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    decimal.then(|| digits.parse().ok()).flatten()
}

/// Something in a year folder that is not a version nor the archive's own
/// (its lock file, a staging folder with its lock): never counted as a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stray {
    pub path: PathBuf,
    pub kind: StrayKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrayKind {
    Folder,
    File,
    Symlink,
}

impl std::fmt::Display for Stray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            StrayKind::Folder => {
                "不是归档版本：版本目录须命名为 v 加不带前导零的序号（如 v1、v12），此目录不计为版本"
            }
            StrayKind::File => "年度目录中多出的文件，不属于归档",
            StrayKind::Symlink => "年度目录中的符号链接，不属于归档，不计为版本",
        };
        write!(f, "{}  有问题：{what}", self.path.display())
    }
}

/// The versions `v<N>` of one year, by number, and whatever else the year
/// folder holds besides the archive's own files.
pub(crate) fn scan_year(year_dir: &Path, year: i32) -> Result<(Vec<Version>, Vec<Stray>)> {
    let mut versions = Vec::new();
    let mut strays = Vec::new();
    if !year_dir.is_dir() {
        return Ok((versions, strays));
    }
    let entries = fs::read_dir(year_dir).map_err(|source| Error::Read {
        path: year_dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let kind = match entry.file_type() {
            Ok(t) if t.is_symlink() => StrayKind::Symlink,
            Ok(t) if t.is_dir() => StrayKind::Folder,
            _ => StrayKind::File,
        };
        let own = match kind {
            StrayKind::File => {
                name == LOCK_FILE || (name.starts_with(STAGING_PREFIX) && name.ends_with(".lock"))
            }
            StrayKind::Folder => {
                name.starts_with(STAGING_PREFIX)
                    && !name.ends_with(".lock")
                    && year_dir.join(format!("{name}.lock")).is_file()
            }
            StrayKind::Symlink => false,
        };
        match version_number(&name) {
            Some(number) if kind == StrayKind::Folder => {
                versions.push(Version { year, number, path })
            }
            _ if own => {}
            _ => strays.push(Stray { path, kind }),
        }
    }
    versions.sort_by_key(|v| v.number);
    Ok((versions, strays))
}

/// The versions `v<N>` of one year, by number.
pub(crate) fn versions_of(year_dir: &Path, year: i32) -> Result<Vec<Version>> {
    Ok(scan_year(year_dir, year)?.0)
}

/// Every version in the archive, by year then number.
pub(crate) fn all_versions(archive: &Path) -> Result<Vec<Version>> {
    Ok(scan_archive(archive)?.0)
}

/// Every version in the archive, and what its year folders hold besides.
fn scan_archive(archive: &Path) -> Result<(Vec<Version>, Vec<Stray>)> {
    let mut years: Vec<i32> = match fs::read_dir(archive) {
        Ok(entries) => entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
            .collect(),
        Err(_) => Vec::new(),
    };
    years.sort();
    let (mut versions, mut strays) = (Vec::new(), Vec::new());
    for year in years {
        let (v, s) = scan_year(&archive.join(year.to_string()), year)?;
        versions.extend(v);
        strays.extend(s);
    }
    Ok((versions, strays))
}

/// Resolves paths given to `archive verify`: a version folder, a year folder
/// or a whole archive.
pub(crate) fn versions_at(path: &Path) -> Result<Vec<Version>> {
    Ok(survey(path)?.0)
}

/// The versions at a path given to `archive verify` (see [`versions_at`]),
/// and what the year folders under it hold besides versions.
pub(crate) fn survey(path: &Path) -> Result<(Vec<Version>, Vec<Stray>)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent_year = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_string_lossy().parse::<i32>().ok());
    if let (Some(number), Some(year)) = (version_number(&name), parent_year) {
        if !path.is_dir() {
            return Err(Error::Usage(format!("版本目录 {} 不存在", path.display())));
        }
        return Ok((
            vec![Version {
                year,
                number,
                path: path.to_path_buf(),
            }],
            Vec::new(),
        ));
    }
    if parent_year.is_some() && name.starts_with(['v', 'V']) {
        return Err(Error::Usage(format!(
            "{} 不是归档版本目录：版本目录须命名为 v 加不带前导零的序号（如 v1、v12）",
            path.display()
        )));
    }
    if let Ok(year) = name.parse::<i32>() {
        return scan_year(path, year);
    }
    if !path.is_dir() {
        return Err(Error::Usage(format!("归档目录 {} 不存在", path.display())));
    }
    scan_archive(path)
}
