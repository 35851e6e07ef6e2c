//! The archive's register: `register.txt` at the archive's root, one line per version
//! stored (its place, its tag manifest's SHA-256, and a chain value linking the line to
//! the one before), appended under a lock and never rewritten. `archive verify` checks
//! it against the versions on disk, so a deleted latest version or year folder is found.
//! It cannot find the latest version deleted together with its register line (no witness
//! of it remains in the archive); only a copy kept elsewhere (or the seal's key) can.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

use super::{Version, all_versions, bag, info_of, tagmanifest_digest};

/// The register's file name at the archive's root.
pub(crate) const REGISTER: &str = "register.txt";
/// The `bag-info.txt` label by which a version records that it is in the register.
pub(crate) const REGISTERED: &str = "Archive-Register";
const HEADER: &str =
    "# plan-eval 归档登记簿：每生成一个版本追加一行（版本  标签清单摘要  链值），不得改动\n";

/// The chain value of a line: the SHA-256 of the previous line's chain value and this
/// line's place and digest (the first line's previous value is empty).
fn chain_of(previous: &str, place: &str, digest: &str) -> String {
    bag::sha256_hex(format!("{previous}\n{place}  {digest}").as_bytes())
}

/// One line of the register: (line number, place, digest, chain value).
type Entry = (usize, String, String, String);

/// The register's lines, and what is wrong with their form or chain.
fn read(text: &str) -> (Vec<Entry>, Vec<String>) {
    let (mut entries, mut wrong) = (Vec::new(), Vec::new());
    let mut previous = String::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [place, digest, chain] = fields.as_slice() else {
            wrong.push(format!(
                "第 {n} 行格式有误（应为：版本  标签清单摘要  链值）"
            ));
            continue;
        };
        if chain_of(&previous, place, digest) != *chain {
            wrong.push(format!("第 {n} 行的链值不符：登记簿被改动过"));
        }
        previous = chain.to_string();
        entries.push((n, place.to_string(), digest.to_string(), chain.to_string()));
    }
    (entries, wrong)
}

/// The register opened for appending and locked: held while a version is moved into
/// place and registered, so runs for different years append one at a time.
pub(crate) struct Lock {
    file: File,
}

impl Lock {
    pub(crate) fn take(archive: &Path) -> Result<Lock> {
        let path = archive.join(REGISTER);
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(write_err)?;
        file.lock().map_err(write_err)?;
        Ok(Lock { file })
    }

    /// Appends every version on disk not yet registered (the one just stored, and any a
    /// run killed between its rename and this append, or an archive older than the
    /// register, left out), by year then number.
    pub(crate) fn register_new(&mut self, archive: &Path) -> Result<()> {
        let path = archive.join(REGISTER);
        let text = fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let (entries, _) = read(&text);
        let known: BTreeSet<&str> = entries.iter().map(|e| e.1.as_str()).collect();
        let mut previous = entries.last().map(|e| e.3.clone()).unwrap_or_default();
        let mut lines = if text.is_empty() {
            HEADER.to_string()
        } else {
            String::new()
        };
        for v in all_versions(archive)? {
            let place = super::seal::place(v.year, v.number);
            if known.contains(place.as_str()) {
                continue;
            }
            let digest = tagmanifest_digest(&v.path)?;
            previous = chain_of(&previous, &place, &digest);
            lines.push_str(&format!("{place}  {digest}  {previous}\n"));
        }
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        self.file.write_all(lines.as_bytes()).map_err(write_err)?;
        self.file.sync_data().map_err(write_err)
    }
}

/// What is wrong between the register and the versions on disk: a registered version
/// missing or changed, a version not registered, the register's own form or chain; a
/// missing register when a version records being in it. An archive older than the
/// register (no register, no version recording one) has nothing wrong here.
pub(crate) fn check(archive: &Path) -> Result<Vec<String>> {
    let on_disk = all_versions(archive)?;
    let path = archive.join(REGISTER);
    if !path.is_file() {
        let recorded = on_disk
            .iter()
            .find(|v| info_of(v, REGISTERED).ok().flatten().is_some());
        return Ok(recorded
            .map(|v| {
                vec![format!(
                    "登记簿 {REGISTER} 缺失，而版本 {} 记录已登记",
                    super::seal::place(v.year, v.number)
                )]
            })
            .unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&crate::files::read(&path)?).into_owned();
    let (entries, mut wrong) = read(&text);
    let place_of = |v: &Version| super::seal::place(v.year, v.number);
    for (n, place, digest, _) in &entries {
        match on_disk.iter().find(|v| place_of(v) == *place) {
            None => wrong.push(format!("登记的版本 {place} 缺失（登记簿第 {n} 行）")),
            Some(v) if tagmanifest_digest(&v.path).ok().as_deref() != Some(digest) => wrong.push(
                format!("版本 {place} 的标签清单与登记簿第 {n} 行记录的摘要不符"),
            ),
            Some(_) => {}
        }
    }
    for v in &on_disk {
        if !entries.iter().any(|e| e.1 == place_of(v)) {
            wrong.push(format!("版本 {} 未在登记簿中登记", place_of(v)));
        }
    }
    Ok(wrong)
}

/// The register's state in words when [`check`] finds nothing wrong, for the last line
/// of a verify: how many versions it lists, their chain whole; or that the archive is
/// older than the register and has none yet.
pub(crate) fn clean_words(archive: &Path) -> Result<String> {
    let path = archive.join(REGISTER);
    if !path.is_file() {
        return Ok(format!(
            "登记簿 {REGISTER}：尚未建立（各版本生成于登记簿启用之前）"
        ));
    }
    let text = String::from_utf8_lossy(&crate::files::read(&path)?).into_owned();
    let (entries, _) = read(&text);
    Ok(format!(
        "登记簿 {REGISTER}：{} 个版本均已登记，链值相符",
        entries.len()
    ))
}
