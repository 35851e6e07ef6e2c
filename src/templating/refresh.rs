//! `plan-eval templates refresh`: a workspace's templates (copied by an older
//! `plan-eval init`) rewritten to the current built-in ones, each user's file
//! first kept beside it as `<name>.旧版-YYYYMMDD` and its differences listed,
//! so that the user's own edits stay visible and can be carried over. It
//! writes only in the templates folder it is given, and never overwrites a
//! backup.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::files;

use super::BUILTIN;

/// What became of one template of the folder.
#[derive(Debug)]
pub struct Refreshed {
    pub name: String,
    /// Where the user's file was kept, when it differed from the built-in one.
    pub backup: Option<PathBuf>,
    /// The unified diff from the user's file to the built-in one (empty when the same).
    pub diff: String,
    /// Lines removed and added.
    pub changes: (usize, usize),
}

/// Rewrites every built-in template present in `dir` that differs from the current one,
/// keeping the old file as `<name>.旧版-<today>` (`-2`, `-3`, … when that exists). Templates
/// the folder does not have are not added (the built-in ones are used for them anyway).
pub fn refresh(dir: &Path, today: NaiveDate) -> Result<Vec<Refreshed>> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "模板目录 {} 不存在或不是目录（--templates）",
            dir.display()
        )));
    }
    let mut done = Vec::new();
    for (name, current) in BUILTIN {
        let path = dir.join(name);
        if !path.is_file() {
            continue;
        }
        if let Some(why) = files::link_outside(dir, &path) {
            return Err(Error::Read {
                path,
                source: std::io::Error::other(why),
            });
        }
        let old = files::read(&path)?;
        let old_text = String::from_utf8_lossy(&old).into_owned();
        if old_text == current {
            done.push(Refreshed {
                name: name.to_string(),
                backup: None,
                diff: String::new(),
                changes: (0, 0),
            });
            continue;
        }
        let backup = keep(dir, name, today, &old)?;
        files::write(&path, current.as_bytes())?;
        let diff = similar::TextDiff::from_lines(old_text.as_str(), current);
        let changes = diff
            .iter_all_changes()
            .fold((0, 0), |(removed, added), change| match change.tag() {
                similar::ChangeTag::Delete => (removed + 1, added),
                similar::ChangeTag::Insert => (removed, added + 1),
                similar::ChangeTag::Equal => (removed, added),
            });
        let backup_name = backup
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let diff = diff
            .unified_diff()
            .context_radius(2)
            .header(&backup_name, name)
            .to_string();
        done.push(Refreshed {
            name: name.to_string(),
            backup: Some(backup),
            diff,
            changes,
        });
    }
    Ok(done)
}

/// Keeps `bytes`, the user's `name`, beside it under a name no file has yet.
fn keep(dir: &Path, name: &str, today: NaiveDate, bytes: &[u8]) -> Result<PathBuf> {
    let stem = format!("{name}.旧版-{}", today.format("%Y%m%d"));
    for n in 1.. {
        let path = if n == 1 {
            dir.join(&stem)
        } else {
            dir.join(format!("{stem}-{n}"))
        };
        if path.symlink_metadata().is_ok() {
            continue;
        }
        files::create_new(&path, bytes, 0o644)?;
        return Ok(path);
    }
    unreachable!("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_template_is_kept_then_replaced_and_backups_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let report = dir.path().join("report.md");
        std::fs::write(&report, "旧模板 {{ old_name }}\n").unwrap();
        std::fs::write(dir.path().join("report.md.旧版-20261206"), "更早的备份").unwrap();
        let (_, layout) = BUILTIN.iter().find(|(n, _)| *n == "layout.typ").unwrap();
        std::fs::write(dir.path().join("layout.typ"), layout).unwrap();

        let done = refresh(dir.path(), today).unwrap();
        let names: Vec<&str> = done.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["report.md", "layout.typ"]);
        let backup = done[0].backup.as_ref().unwrap();
        assert_eq!(backup, &dir.path().join("report.md.旧版-20261206-2"));
        assert_eq!(
            std::fs::read_to_string(backup).unwrap(),
            "旧模板 {{ old_name }}\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("report.md.旧版-20261206")).unwrap(),
            "更早的备份"
        );
        assert!(done[0].diff.contains("-旧模板 {{ old_name }}"));
        assert_eq!(done[0].changes.0, 1);
        assert!(done[1].backup.is_none());
        let (_, current) = BUILTIN.iter().find(|(n, _)| *n == "report.md").unwrap();
        assert_eq!(std::fs::read_to_string(&report).unwrap(), *current);
    }
}
