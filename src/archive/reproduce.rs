//! What `archive reproduce` checks around the rebuild: the version's stored files must
//! first match its manifests (and its seal, when it records one), and the rebuilt files
//! are then compared with the stored bytes themselves, not only with the manifest. It
//! never rebuilds a report (that is `run::pipeline::reproduce`'s) nor writes anything.

use crate::error::{Error, Result};
use crate::files;

use super::{Version, bag, seal};

/// How the refusal of an altered version ends on the command line: where to see what is
/// wrong. The web pages put their own way in its place.
pub(crate) const VERIFY_HINT: &str = "（请先运行 plan-eval archive verify 查看）";

/// Refuses a version whose stored files do not match its manifests, or whose seal it
/// records is missing or broken: rebuilding it would compare against altered files.
pub(crate) fn ensure_intact(version: &Version) -> Result<()> {
    let mut wrong: Vec<String> = bag::check(&version.path)?
        .iter()
        .map(ToString::to_string)
        .collect();
    if wrong.is_empty() {
        wrong.extend(seal::findings(
            &version.path,
            &seal::place(version.year, version.number),
            None,
        ));
    }
    if wrong.is_empty() {
        return Ok(());
    }
    Err(Error::Unverified(format!(
        "版本 {} 未通过核验，不能据以重现：{}{VERIFY_HINT}",
        version.path.display(),
        wrong.join("；")
    )))
}

/// Each rebuilt file against the version's stored file of the same name under `data/`
/// (its manifest digest and its bytes on disk): (name, same). Files stored but not
/// rebuilt, and rebuilt but not stored, are not the same. Inputs are not compared.
pub(crate) fn compare(
    version: &Version,
    rebuilt: &[(String, Vec<u8>)],
) -> Result<Vec<(String, bool)>> {
    let manifest = bag::read_manifest(&version.path.join(bag::MANIFEST_256))?;
    let mut results = Vec::new();
    for (path, digest) in &manifest {
        let Some(name) = path.strip_prefix("data/") else {
            continue;
        };
        if path.starts_with(super::INPUTS_PREFIX) {
            continue;
        }
        let stored = files::read(&version.path.join(path)).ok();
        let same = rebuilt
            .iter()
            .find(|(n, _)| n == name)
            .is_some_and(|(_, bytes)| {
                bag::sha256_hex(bytes) == *digest && stored.as_deref() == Some(bytes.as_slice())
            });
        results.push((name.to_string(), same));
    }
    for (name, _) in rebuilt {
        if !manifest.contains_key(&format!("data/{name}")) {
            results.push((name.clone(), false));
        }
    }
    Ok(results)
}
