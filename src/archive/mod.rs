//! The archive of report versions, for archivists: every version is a BagIt
//! bag `ARCHIVE/<year>/v<N>/` holding the report and exact copies of its
//! inputs, written once, never overwritten, chained to the version before it.
//!
//! A version is built in a staging folder beside the others and moved into
//! place with one rename under a lock, so concurrent runs get distinct numbers
//! and a run killed at any moment leaves no partial version.
//!
//! Outside the crate it shows only the types a report's build hands out ([`Inputs`],
//! [`Version`], [`Stored`]) and the seal's keys ([`seal`]); storing, checking and listing
//! versions are the crate's own, driven by `run` and `cli`.

pub(crate) mod bag;
pub(crate) mod changes;
pub(crate) mod register;
pub(crate) mod reproduce;
mod scan;
pub mod seal;

pub(crate) use scan::versions_of;
pub(crate) use scan::{all_versions, survey, version_number, versions_at};

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::files;
use bag::{Defect, info_value};

/// Where the templates used are copied, under `data/inputs/`.
pub(crate) const TEMPLATES_DIR: &str = "templates";
const INPUTS_PREFIX: &str = "data/inputs/";
const STAGING_PREFIX: &str = ".staging-";
/// The year folder's lock file, held while a version is numbered.
const LOCK_FILE: &str = ".lock";

/// Exact copies of everything that shaped a report.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Name under `data/inputs/` and bytes, sorted by name.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Inputs {
    /// The files a report was made from (named by their names in their data folder, with
    /// the bytes it was made from), and the template texts in use.
    pub(crate) fn of(data: Vec<(String, Vec<u8>)>, templates: &[(String, String)]) -> Inputs {
        let mut files = data;
        for (name, text) in templates {
            files.push((format!("{TEMPLATES_DIR}/{name}"), text.clone().into_bytes()));
        }
        files.sort();
        Inputs { files }
    }

    fn digests(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .map(|(name, bytes)| (format!("{INPUTS_PREFIX}{name}"), bag::sha256_hex(bytes)))
            .collect()
    }
}

/// Who the archive's bags say they come from.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// Source-Organization: the evaluating unit's full name.
    pub organization: String,
    /// External-Identifier before "-v<N>", e.g. 丹江口-十四五-2024.
    pub prefix: String,
}

/// One stored version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub year: i32,
    pub number: u32,
    pub path: PathBuf,
}

impl Version {
    pub(crate) fn name(&self) -> String {
        format!("v{}", self.number)
    }
}

/// What a `report` run did to the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Created {
        version: Version,
        identifier: String,
    },
    Unchanged {
        version: Version,
        identifier: String,
    },
}

/// The bag-info label of the kind of evaluation a version is.
pub(crate) const EVALUATION_KIND: &str = "Evaluation-Kind";
/// Versions stored before the kind was recorded were all annual reports.
pub(crate) const KIND_BEFORE_RECORDED: &str = "annual";

/// Everything a new version records besides its payload.
pub(crate) struct StoreRequest<'a> {
    pub archive: &'a Path,
    pub year: i32,
    /// `annual`, `midterm` or `final`: what `archive reproduce` rebuilds.
    pub kind: &'a str,
    pub date: NaiveDate,
    pub reason: Option<String>,
    pub inputs: Inputs,
    pub identity: Identity,
    /// plan-eval's and typst's version lines.
    pub tool_versions: (String, String),
    pub pdf_standard: String,
    /// The secret key that seals the new version, if any.
    pub seal: Option<&'a seal::SigningKey>,
}

/// Stores a new version unless the latest one has the same inputs, templates
/// and date. `build` makes the payload (report.md, report.pdf, …) and is only
/// called when a new version is needed; `describe` writes the default reason
/// from the latest version's folder when none is given.
/// (Over 80 lines: the steps of storing a version under its lock are one sequence, each
/// undoing the staging on failure; split, the lock and the staging would pass between them.)
pub(crate) fn store(
    request: StoreRequest,
    build: impl FnOnce() -> Result<Vec<(String, Vec<u8>)>>,
    describe: impl FnOnce(&Version) -> String,
) -> Result<Stored> {
    let year_dir = request.archive.join(request.year.to_string());
    files::create_dir_all(&year_dir)?;
    clean_abandoned_staging(&year_dir)?;
    if let Some(stored) = unchanged(&request, &year_dir)? {
        return Ok(stored);
    }
    let payload = build()?;

    let staging = Staging::create(&year_dir)?;
    for (name, bytes) in payload.iter().map(|(n, b)| (format!("data/{n}"), b)).chain(
        request
            .inputs
            .files
            .iter()
            .map(|(n, b)| (format!("{INPUTS_PREFIX}{n}"), b)),
    ) {
        files::write(&staging.path.join(&name), bytes)?;
    }
    let oxum = bag::write_payload_manifests(&staging.path)?;

    // Numbering, chaining and the final rename happen under the year's lock.
    let lock_path = year_dir.join(LOCK_FILE);
    let lock = File::create(&lock_path).map_err(|source| Error::Write {
        path: lock_path.clone(),
        source,
    })?;
    lock.lock().map_err(|source| Error::Write {
        path: lock_path,
        source,
    })?;
    if let Some(stored) = unchanged(&request, &year_dir)? {
        staging.discard()?;
        return Ok(stored);
    }
    let versions = versions_of(&year_dir, request.year)?;
    let previous = versions.last();
    let number = previous.map_or(1, |v| v.number + 1);
    let identifier = format!("{}-v{number}", request.identity.prefix);
    let reason = match (&request.reason, previous) {
        (Some(reason), _) => reason.clone(),
        (None, Some(prev)) => describe(prev),
        (None, None) => "首次生成".to_string(),
    };
    let mut info = vec![
        ("Source-Organization", request.identity.organization.clone()),
        ("External-Identifier", identifier.clone()),
        (
            "Bagging-Date",
            chrono::Local::now().date_naive().to_string(),
        ),
        ("Payload-Oxum", oxum),
        ("Report-Year", request.year.to_string()),
        ("Report-Date", request.date.to_string()),
        (EVALUATION_KIND, request.kind.to_string()),
        ("Version", number.to_string()),
        ("Version-Reason", reason),
        ("Plan-Eval-Version", request.tool_versions.0.clone()),
        ("Typst-Version", request.tool_versions.1.clone()),
        ("PDF-Standard", request.pdf_standard.clone()),
        (register::REGISTERED, register::REGISTER.to_string()),
    ];
    if let Some(prev) = previous {
        info.push(("Previous-Version", prev.name()));
        info.push((
            "Previous-Tagmanifest-SHA256",
            tagmanifest_digest(&prev.path)?,
        ));
    }
    if let Some(key) = request.seal {
        // Recorded before the tag manifest, so a deleted seal is found without the key.
        info.push((seal::SEALED_BY, seal::fingerprint(&key.verifying_key())));
    }
    let info: Vec<(String, String)> = info.into_iter().map(|(l, v)| (l.to_string(), v)).collect();
    bag::write_info_and_tagmanifest(&staging.path, &info)?;
    if let Some(key) = request.seal {
        seal::write(&staging.path, key, &seal::place(request.year, number))?;
    }
    let target = year_dir.join(format!("v{number}"));
    let version = Version {
        year: request.year,
        number,
        path: target.clone(),
    };
    // The archive's register is locked across the rename, so it never misses a version.
    let mut register = register::Lock::take(request.archive)?;
    staging.promote(&target)?;
    register.register_new(request.archive)?;
    drop(register);
    drop(lock);
    Ok(Stored::Created {
        version,
        identifier,
    })
}

/// The latest version, when its inputs, templates and date equal the
/// request's (and, when a seal is asked for, it bears a valid seal by that key).
fn unchanged(request: &StoreRequest, year_dir: &Path) -> Result<Option<Stored>> {
    let Some(latest) = versions_of(year_dir, request.year)?.pop() else {
        return Ok(None);
    };
    let info = bag::read_info(&latest.path)?;
    let manifest = bag::read_manifest(&latest.path.join(bag::MANIFEST_256))?;
    let archived: Vec<(String, String)> = manifest
        .into_iter()
        .filter(|(path, _)| path.starts_with(INPUTS_PREFIX))
        .collect();
    let same = archived == request.inputs.digests()
        && info_value(&info, "Report-Date") == Some(request.date.to_string().as_str())
        && info_value(&info, "Report-Year") == Some(request.year.to_string().as_str())
        && info_value(&info, EVALUATION_KIND).unwrap_or(KIND_BEFORE_RECORDED) == request.kind
        // Sealing asked for: the latest counts only if sealed by this key.
        && request.seal.is_none_or(|key| {
            let place = seal::place(latest.year, latest.number);
            seal::findings(&latest.path, &place, Some(&key.verifying_key())).is_empty()
        });
    Ok(same.then(|| Stored::Unchanged {
        identifier: info_value(&info, "External-Identifier")
            .unwrap_or_default()
            .to_string(),
        version: latest,
    }))
}

/// The SHA-256 of a version's tag manifest: the link the next version records.
pub(crate) fn tagmanifest_digest(version: &Path) -> Result<String> {
    let path = version.join(bag::TAGMANIFEST);
    let bytes = fs::read(&path).map_err(|source| Error::Read { path, source })?;
    Ok(bag::sha256_hex(&bytes))
}

/// A staging folder being filled; a lock file beside it is held for its life,
/// so a later run can tell an abandoned one (lock free) from a live one.
struct Staging {
    path: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

impl Staging {
    fn create(year_dir: &Path) -> Result<Staging> {
        let write_err = |source| Error::Write {
            path: year_dir.to_path_buf(),
            source,
        };
        // The lock exists, and is held, before the folder does.
        let (lock, lock_path) = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .suffix(".lock")
            .tempfile_in(year_dir)
            .map_err(write_err)?
            .keep()
            .map_err(|e| write_err(e.error))?;
        lock.lock().map_err(write_err)?;
        let path = lock_path.with_extension("");
        fs::create_dir(&path).map_err(write_err)?;
        Ok(Staging {
            path,
            lock_path,
            _lock: lock,
        })
    }

    fn promote(self, target: &Path) -> Result<()> {
        bag::make_read_only(&self.path)?;
        fs::rename(&self.path, target).map_err(|source| Error::Write {
            path: target.to_path_buf(),
            source,
        })?;
        let _ = fs::remove_file(&self.lock_path);
        Ok(())
    }

    fn discard(self) -> Result<()> {
        remove_tree(&self.path)?;
        let _ = fs::remove_file(&self.lock_path);
        Ok(())
    }
}

fn remove_tree(path: &Path) -> Result<()> {
    bag::make_writable(path)?;
    fs::remove_dir_all(path).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Removes staging folders (and their lock files) left by runs that died;
/// never promotes them. A staging folder whose lock is held is alive.
fn clean_abandoned_staging(year_dir: &Path) -> Result<()> {
    let entries = fs::read_dir(year_dir).map_err(|source| Error::Read {
        path: year_dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(STAGING_PREFIX) || !name.ends_with(".lock") {
            continue;
        }
        let Ok(lock) = File::open(&path) else {
            continue;
        };
        if lock.try_lock().is_ok() {
            let dir = path.with_extension("");
            if dir.is_dir() {
                // Another cleaner may be removing it too: that is fine.
                let _ = remove_tree(&dir);
            }
            let _ = fs::remove_file(&path);
        }
    }
    Ok(())
}

/// The result of checking one version.
#[derive(Debug, Clone)]
pub(crate) struct Check {
    pub identifier: String,
    pub defects: Vec<Defect>,
    /// Broken links to the version before.
    pub chain: Vec<String>,
    /// What is wrong with its seal (see [`seal::findings`]).
    pub seal: Vec<String>,
}

impl Check {
    pub(crate) fn is_intact(&self) -> bool {
        self.defects.is_empty() && self.chain.is_empty() && self.seal.is_empty()
    }
}

/// Checks one version: its bag, its link to the version before it, and its
/// seal (against `key` when given; without a key, only a seal present).
pub(crate) fn check_version(version: &Version, key: Option<&seal::VerifyingKey>) -> Result<Check> {
    let defects = bag::check(&version.path)?;
    let info = if version.path.join(bag::BAG_INFO).is_file() {
        bag::read_info(&version.path)?
    } else {
        Vec::new()
    };
    let mut chain = Vec::new();
    let recorded = info_value(&info, "Previous-Tagmanifest-SHA256");
    if version.number > 1 {
        let previous = version
            .path
            .with_file_name(format!("v{}", version.number - 1));
        match recorded {
            None => chain.push(format!("未记录前一版本 v{} 的摘要", version.number - 1)),
            Some(_) if !previous.is_dir() => {
                chain.push(format!("前一版本 v{} 缺失，版本链断裂", version.number - 1))
            }
            Some(digest) => match tagmanifest_digest(&previous) {
                Ok(actual) if actual == digest => {}
                Ok(_) => chain.push(format!(
                    "前一版本 v{} 的标签清单与本版本记录的摘要不符，版本链断裂",
                    version.number - 1
                )),
                Err(_) => chain.push(format!(
                    "无法读取前一版本 v{} 的标签清单，版本链断裂",
                    version.number - 1
                )),
            },
        }
    } else if recorded.is_some() {
        chain.push("第一个版本不应记录前一版本".to_string());
    }
    chain.extend(next_link(version));
    Ok(Check {
        identifier: info_value(&info, "External-Identifier")
            .unwrap_or("（无标识）")
            .to_string(),
        defects,
        chain,
        seal: seal::findings(
            &version.path,
            &seal::place(version.year, version.number),
            key,
        ),
    })
}

/// The link the next version records to this one, when it does not hold: the tag
/// manifest of this version changed after the next was made (or the next was changed).
fn next_link(version: &Version) -> Option<String> {
    let next = version
        .path
        .with_file_name(format!("v{}", version.number + 1));
    let info = bag::read_info(&next).ok()?;
    let recorded = info_value(&info, "Previous-Tagmanifest-SHA256")?;
    let actual = tagmanifest_digest(&version.path).ok();
    (actual.as_deref() != Some(recorded)).then(|| {
        format!(
            "本版本的标签清单与下一版本 v{} 记录的摘要不符：本版本在下一版本生成后被改动过（或下一版本被改动）",
            version.number + 1
        )
    })
}

/// A version's `bag-info.txt` field.
pub(crate) fn info_of(version: &Version, label: &str) -> Result<Option<String>> {
    let info = bag::read_info(&version.path)?;
    Ok(info_value(&info, label).map(str::to_string))
}

/// The identifier prefix from the plan: the city without its 市/县/区 and the
/// plan's short tag in quotes, e.g. 丹江口-十四五-2024.
pub(crate) fn identifier_prefix(city: &str, short_name: &str, year: i32) -> String {
    let city = city.trim_end_matches(['市', '县', '区']);
    let tag = short_name
        .split_once('“')
        .and_then(|(_, rest)| rest.split_once('”'))
        .map_or(short_name, |(tag, _)| tag);
    format!("{city}-{tag}-{year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_v_and_a_number_from_1_names_a_version() {
        assert_eq!(version_number("v1"), Some(1));
        assert_eq!(version_number("v12"), Some(12));
        for name in [
            "v01",
            "v+1",
            "v-1",
            "v1a",
            "V1",
            "v0",
            "v",
            "1",
            " v1",
            "v1 ",
            "v１",
            "v99999999999",
        ] {
            assert_eq!(version_number(name), None, "{name}");
        }
    }

    #[test]
    fn identifier_from_the_plan() {
        assert_eq!(
            identifier_prefix("丹江口市", "丹江口市“十四五”规划纲要", 2024),
            "丹江口-十四五-2024"
        );
        assert_eq!(
            identifier_prefix("某县", "某县规划", 2023),
            "某-某县规划-2023"
        );
    }
}
