//! `plan-eval archive`: list, verify, compare and reproduce archived versions.

use crate::archive;
use crate::error::{Error, Result};
use crate::run::pipeline;

use super::ArchiveCommand;
use super::output::Out;

pub fn run(command: ArchiveCommand) -> Result<()> {
    let mut out = Out::default();
    match command {
        ArchiveCommand::List { archive, year } => {
            let versions = archive::all_versions(&archive)?;
            let versions: Vec<_> = versions
                .into_iter()
                .filter(|v| year.is_none_or(|y| v.year == y))
                .collect();
            if versions.is_empty() {
                out.line(format!("{} 中没有归档版本。", archive.display()))?;
            }
            for v in versions {
                let check = archive::check_version(&v)?;
                let field = |label: &str| {
                    archive::info_of(&v, label)
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| "—".to_string())
                };
                out.line(format!(
                    "{}/{}  {}  归档 {}  落款 {}  {}  原因：{}",
                    v.year,
                    v.name(),
                    check.identifier,
                    field("Bagging-Date"),
                    field("Report-Date"),
                    if check.is_intact() {
                        "完好"
                    } else {
                        "有问题"
                    },
                    field("Version-Reason"),
                ))?;
            }
            out.finish()
        }
        ArchiveCommand::Verify { paths, archive } => {
            let roots = if paths.is_empty() {
                vec![archive]
            } else {
                paths
            };
            let mut checked = 0;
            let mut broken = 0;
            for root in roots {
                for v in archive::versions_at(&root)? {
                    let check = archive::check_version(&v)?;
                    checked += 1;
                    if check.is_intact() {
                        out.line(format!("{}  {}  完好", v.path.display(), check.identifier))?;
                    } else {
                        broken += 1;
                        out.line(format!(
                            "{}  {}  有问题：",
                            v.path.display(),
                            check.identifier
                        ))?;
                        for d in &check.defects {
                            out.line(format!("  {d}"))?;
                        }
                        for c in &check.chain {
                            out.line(format!("  {c}"))?;
                        }
                    }
                }
            }
            out.line(format!("共核验 {checked} 个版本，{broken} 个有问题。"))?;
            if broken > 0 {
                return Err(Error::Unverified(format!("{broken} 个版本未通过核验")));
            }
            out.finish()
        }
        ArchiveCommand::Diff {
            year,
            from,
            to,
            archive,
        } => {
            let dir = archive.join(year.to_string());
            for v in [&from, &to] {
                if !dir.join(v).is_dir() {
                    return Err(Error::Usage(format!(
                        "版本 {} 不存在",
                        dir.join(v).display()
                    )));
                }
            }
            let text = archive::changes::diff(&dir.join(&from), &dir.join(&to), &from, &to)?;
            out.text(&text)?;
            out.finish()
        }
        ArchiveCommand::Reproduce { version } => {
            let versions = archive::versions_at(&version)?;
            let [v] = versions.as_slice() else {
                return Err(Error::Usage(format!(
                    "{} 不是一个版本目录",
                    version.display()
                )));
            };
            let results = pipeline::reproduce(v)?;
            let mut mismatched = 0;
            for (name, same) in &results {
                mismatched += usize::from(!same);
                out.line(format!(
                    "  {name}  {}",
                    if *same { "一致" } else { "不一致" }
                ))?;
            }
            if mismatched > 0 {
                return Err(Error::Unverified(format!(
                    "{} 有 {mismatched} 个文件重新生成后与归档不一致",
                    version.display()
                )));
            }
            out.line(format!(
                "{} 的全部文件均可由归档输入逐字节重现。",
                version.display()
            ))?;
            out.finish()
        }
    }
}
