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

/// A path under the bag as a bag-relative path with `/`.
fn relative(bag: &Path, path: &Path) -> String {
    path.strip_prefix(bag)
        .expect("under the bag")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a walk of a folder of the bag found, as bag-relative paths, sorted: its regular
/// files, its symbolic links (never followed) and its empty folders.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub files: Vec<String>,
    pub links: Vec<String>,
    pub empty_dirs: Vec<String>,
}

/// Walks `dir` of the bag without following symbolic links.
pub(crate) fn tree_under(bag: &Path, dir: &str) -> Result<Tree> {
    let mut tree = Tree::default();
    let mut stack = vec![bag.join(dir)];
    while let Some(current) = stack.pop() {
        let read_err = |source| Error::Read {
            path: current.clone(),
            source,
        };
        let mut empty = true;
        for entry in fs::read_dir(&current).map_err(read_err)? {
            let entry = entry.map_err(read_err)?;
            empty = false;
            let path = entry.path();
            match entry.file_type().map_err(read_err)? {
                t if t.is_symlink() => tree.links.push(relative(bag, &path)),
                t if t.is_dir() => stack.push(path),
                _ => tree.files.push(relative(bag, &path)),
            }
        }
        if empty && current != bag.join(dir) {
            tree.empty_dirs.push(relative(bag, &current));
        }
    }
    tree.files.sort();
    tree.links.sort();
    tree.empty_dirs.sort();
    Ok(tree)
}

/// Every regular file under `dir`, as bag-relative paths with `/`, sorted (symbolic
/// links are not followed nor listed: see [`tree_under`]).
pub(crate) fn files_under(bag: &Path, dir: &str) -> Result<Vec<String>> {
    Ok(tree_under(bag, dir)?.files)
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
    /// A payload file that matches one payload manifest but not the other: that
    /// manifest's entry (manifest, path) is what was changed.
    Entry(&'static str, String),
    /// A tag file that does not match the tag manifest's entry for it (either may be the
    /// one changed).
    TagMismatch(String),
    /// A symbolic link inside the version: what it points to may change later.
    Link(String),
    /// An empty folder inside the payload, which no manifest can list.
    EmptyDir(String),
    BadOxum {
        expected: String,
        actual: String,
    },
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Defect::Missing(p) => write!(f, "缺少文件 {p}"),
            Defect::Added(p) => write!(f, "多出文件 {p}"),
            Defect::Altered(p) => write!(f, "文件 {p} 已被修改（摘要不符）"),
            Defect::Entry(m, p) => write!(
                f,
                "{m} 中 {p} 的摘要与文件不符，而文件与另一清单相符：被改动的是 {m} 的这一行"
            ),
            Defect::TagMismatch(p) => write!(f, "标签文件 {p} 与 {TAGMANIFEST} 记录的摘要不符"),
            Defect::Link(p) => write!(
                f,
                "{p} 是符号链接：归档版本中不得有符号链接（其指向的内容可被随时改动）"
            ),
            Defect::EmptyDir(p) => write!(f, "多出空目录 {p}"),
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
    // Links are never followed: each is a defect of its own.
    let whole = tree_under(bag, "")?;
    defects.extend(whole.links.iter().cloned().map(Defect::Link));
    let data_is_dir = fs::symlink_metadata(bag.join("data")).is_ok_and(|m| m.is_dir());
    let (present, empty_dirs) = if data_is_dir {
        let data = tree_under(bag, "data")?;
        (data.files, data.empty_dirs)
    } else {
        (Vec::new(), Vec::new())
    };
    defects.extend(empty_dirs.into_iter().map(Defect::EmptyDir));
    let mut octets = 0u64;
    for rel in &present {
        let bytes = read(&bag.join(rel))?;
        octets += bytes.len() as u64;
        match m256.get(rel) {
            None => defects.push(Defect::Added(rel.clone())),
            Some(digest) => {
                let bad256 = *digest != sha256_hex(&bytes);
                let bad512 = m512.get(rel).map(|d| *d != sha512_hex(&bytes));
                match (bad256, bad512) {
                    (false, None | Some(false)) => {}
                    (true, Some(false)) => defects.push(Defect::Entry(MANIFEST_256, rel.clone())),
                    (false, Some(true)) => defects.push(Defect::Entry(MANIFEST_512, rel.clone())),
                    (true, _) => defects.push(Defect::Altered(rel.clone())),
                }
            }
        }
    }
    for rel in m256.keys() {
        if !present.contains(rel) && !whole.links.contains(rel) {
            defects.push(Defect::Missing(rel.clone()));
        }
    }
    check_top(bag, &whole.links, &mut defects)?;
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

/// The bag's top level: the tag files listed in the tag manifest unchanged, no unknown
/// files beside them (`links`, already reported, are not reported again).
fn check_top(bag: &Path, links: &[String], defects: &mut Vec<Defect>) -> Result<()> {
    let tags = read_manifest(&bag.join(TAGMANIFEST))?;
    for (name, digest) in &tags {
        match fs::read(bag.join(name)) {
            Ok(bytes) if sha256_hex(&bytes) == *digest => {}
            // bagit.txt, when itself changed, is already named above.
            Ok(_) if defects.contains(&Defect::Altered(name.clone())) => {}
            Ok(_) => defects.push(Defect::TagMismatch(name.clone())),
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
            name != "data"
                && name != TAGMANIFEST
                && name != SEAL_FILE
                && !tags.contains_key(name)
                && !links.contains(name)
        })
        .collect();
    extra.sort();
    defects.extend(extra.into_iter().map(Defect::Added));
    Ok(())
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
