//! BagIt 1.0 (RFC 8493) bags: writing the tag files of a bag whose payload is
//! already in `data/`, reading them back, and checking every digest.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256, Sha512};

use crate::error::{Error, Result};

pub(crate) const BAGIT_TXT: &str = "bagit.txt";
pub(crate) const BAG_INFO: &str = "bag-info.txt";
pub(crate) const MANIFEST_256: &str = "manifest-sha256.txt";
pub(crate) const MANIFEST_512: &str = "manifest-sha512.txt";
pub(crate) const TAGMANIFEST: &str = "tagmanifest-sha256.txt";
const BAGIT_DECLARATION: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub(crate) fn sha512_hex(bytes: &[u8]) -> String {
    hex::encode(Sha512::digest(bytes))
}

use crate::files::{read, write};

/// The seal of a version (see [`super::seal`]): a tag file written after the tag manifest it
/// signs, so the one file of a bag's top level not listed in it.
pub(crate) const SEAL_FILE: &str = "seal-ed25519.txt";

/// Every file under `dir`, as bag-relative paths with `/`, sorted.
pub(crate) fn files_under(bag: &Path, dir: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![bag.join(dir)];
    while let Some(current) = stack.pop() {
        let entries = fs::read_dir(&current).map_err(|source| Error::Read {
            path: current.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(bag).expect("under the bag");
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Percent-encodes what RFC 8493 §2.1.3 requires in manifest paths.
fn encode_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn decode_path(path: &str) -> String {
    path.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
}

/// Writes `bagit.txt` and both payload manifests for the payload in `data/`;
/// returns the Payload-Oxum ("octets.count").
pub(crate) fn write_payload_manifests(bag: &Path) -> Result<String> {
    write(&bag.join(BAGIT_TXT), BAGIT_DECLARATION.as_bytes())?;
    let mut m256 = String::new();
    let mut m512 = String::new();
    let mut octets = 0u64;
    let files = files_under(bag, "data")?;
    for rel in &files {
        let bytes = read(&bag.join(rel))?;
        octets += bytes.len() as u64;
        m256.push_str(&format!("{}  {}\n", sha256_hex(&bytes), encode_path(rel)));
        m512.push_str(&format!("{}  {}\n", sha512_hex(&bytes), encode_path(rel)));
    }
    write(&bag.join(MANIFEST_256), m256.as_bytes())?;
    write(&bag.join(MANIFEST_512), m512.as_bytes())?;
    Ok(format!("{octets}.{}", files.len()))
}

/// Writes `bag-info.txt` from ordered fields, then the tag manifest.
pub(crate) fn write_info_and_tagmanifest(bag: &Path, info: &[(String, String)]) -> Result<()> {
    let mut text = String::new();
    for (label, value) in info {
        let value: String = value
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        text.push_str(&format!("{label}: {value}\n"));
    }
    write(&bag.join(BAG_INFO), text.as_bytes())?;
    let mut tags = String::new();
    for name in [BAGIT_TXT, BAG_INFO, MANIFEST_256, MANIFEST_512] {
        tags.push_str(&format!(
            "{}  {name}\n",
            sha256_hex(&read(&bag.join(name))?)
        ));
    }
    write(&bag.join(TAGMANIFEST), tags.as_bytes())
}

/// `bag-info.txt` as ordered (label, value) pairs; continuation lines joined.
pub(crate) fn read_info(bag: &Path) -> Result<Vec<(String, String)>> {
    let text = String::from_utf8_lossy(&read(&bag.join(BAG_INFO))?).into_owned();
    let mut info: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = info.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((label, value)) = line.split_once(':') {
            info.push((label.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(info)
}

pub(crate) fn info_value<'a>(info: &'a [(String, String)], label: &str) -> Option<&'a str> {
    info.iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
}

/// Reads a manifest into path → digest.
pub(crate) fn read_manifest(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = String::from_utf8_lossy(&read(path)?).into_owned();
    Ok(text
        .lines()
        .filter_map(|line| {
            let (digest, file) = line.split_once(char::is_whitespace)?;
            Some((decode_path(file.trim_start()), digest.to_lowercase()))
        })
        .collect())
}

/// One thing wrong with a bag, in words an archivist reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Defect {
    Missing(String),
    Added(String),
    Altered(String),
    BadOxum { expected: String, actual: String },
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Defect::Missing(p) => write!(f, "缺少文件 {p}"),
            Defect::Added(p) => write!(f, "多出文件 {p}"),
            Defect::Altered(p) => write!(f, "文件 {p} 已被修改（摘要不符）"),
            Defect::BadOxum { expected, actual } => {
                write!(f, "Payload-Oxum 不符：记录为 {expected}，实际为 {actual}")
            }
        }
    }
}

/// Recomputes every digest of the bag at `bag` and checks completeness.
pub(crate) fn check(bag: &Path) -> Result<Vec<Defect>> {
    let mut defects = Vec::new();
    for required in [BAGIT_TXT, BAG_INFO, MANIFEST_256, TAGMANIFEST] {
        if !bag.join(required).is_file() {
            defects.push(Defect::Missing(required.to_string()));
        }
    }
    if !defects.is_empty() {
        return Ok(defects);
    }
    if read(&bag.join(BAGIT_TXT))? != BAGIT_DECLARATION.as_bytes() {
        defects.push(Defect::Altered(BAGIT_TXT.to_string()));
    }
    // Payload: every listed file present and unchanged, nothing unlisted.
    let m256 = read_manifest(&bag.join(MANIFEST_256))?;
    let m512 = if bag.join(MANIFEST_512).is_file() {
        read_manifest(&bag.join(MANIFEST_512))?
    } else {
        BTreeMap::new()
    };
    let present: Vec<String> = if bag.join("data").is_dir() {
        files_under(bag, "data")?
    } else {
        Vec::new()
    };
    let mut octets = 0u64;
    for rel in &present {
        let bytes = read(&bag.join(rel))?;
        octets += bytes.len() as u64;
        match m256.get(rel) {
            None => defects.push(Defect::Added(rel.clone())),
            Some(digest) => {
                let altered = *digest != sha256_hex(&bytes)
                    || m512.get(rel).is_some_and(|d| *d != sha512_hex(&bytes));
                if altered {
                    defects.push(Defect::Altered(rel.clone()));
                }
            }
        }
    }
    for rel in m256.keys() {
        if !present.contains(rel) {
            defects.push(Defect::Missing(rel.clone()));
        }
    }
    // Tag files: listed ones unchanged, no unknown files beside them.
    let tags = read_manifest(&bag.join(TAGMANIFEST))?;
    for (name, digest) in &tags {
        match fs::read(bag.join(name)) {
            Ok(bytes) if sha256_hex(&bytes) == *digest => {}
            Ok(_) => defects.push(Defect::Altered(name.clone())),
            Err(_) => defects.push(Defect::Missing(name.clone())),
        }
    }
    let top = fs::read_dir(bag).map_err(|source| Error::Read {
        path: bag.to_path_buf(),
        source,
    })?;
    let mut extra: Vec<String> = top
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The seal is written after the tag manifest it signs, so unlisted.
        .filter(|name| {
            name != "data" && name != TAGMANIFEST && name != SEAL_FILE && !tags.contains_key(name)
        })
        .collect();
    extra.sort();
    defects.extend(extra.into_iter().map(Defect::Added));
    if let Some(expected) = info_value(&read_info(bag)?, "Payload-Oxum") {
        let actual = format!("{octets}.{}", present.len());
        if expected != actual {
            defects.push(Defect::BadOxum {
                expected: expected.to_string(),
                actual,
            });
        }
    }
    Ok(defects)
}

/// Makes every file and folder of the bag read-only.
pub(crate) fn make_read_only(path: &Path) -> Result<()> {
    set_writable(path, false)
}

/// Undoes [`make_read_only`] (for cleaning up a staging folder).
pub(crate) fn make_writable(path: &Path) -> Result<()> {
    set_writable(path, true)
}

fn set_writable(path: &Path, writable: bool) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut stack: Vec<PathBuf> = vec![path.to_path_buf()];
    let mut dirs = Vec::new();
    while let Some(p) = stack.pop() {
        let meta = fs::symlink_metadata(&p).map_err(|source| Error::Read {
            path: p.clone(),
            source,
        })?;
        if meta.is_dir() {
            if writable {
                fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).map_err(|source| {
                    Error::Write {
                        path: p.clone(),
                        source,
                    }
                })?;
            }
            for entry in fs::read_dir(&p).map_err(|source| Error::Read {
                path: p.clone(),
                source,
            })? {
                stack.push(
                    entry
                        .map_err(|source| Error::Read {
                            path: p.clone(),
                            source,
                        })?
                        .path(),
                );
            }
            dirs.push(p);
        } else {
            let mode = if writable { 0o644 } else { 0o444 };
            fs::set_permissions(&p, fs::Permissions::from_mode(mode)).map_err(|source| {
                Error::Write {
                    path: p.clone(),
                    source,
                }
            })?;
        }
    }
    if !writable {
        // Folders last, deepest first, so their contents could still be changed.
        for d in dirs.iter().rev() {
            fs::set_permissions(d, fs::Permissions::from_mode(0o555)).map_err(|source| {
                Error::Write {
                    path: d.clone(),
                    source,
                }
            })?;
        }
    }
    Ok(())
}
