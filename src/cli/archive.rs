//! `plan-eval archive`: list, verify, compare and reproduce archived versions,
//! and make the key pair that seals them.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::archive::{self, seal};
use crate::error::{Error, Result};
use crate::files;
use crate::run::pipeline;

use super::ArchiveCommand;
use super::output::Out;

/// The archive folder of the subcommands that read one.
#[derive(Args)]
pub(super) struct ArchiveArg {
    /// 归档目录
    #[arg(long, default_value = "reports", value_name = "目录")]
    archive: PathBuf,
}

#[derive(Args)]
pub(super) struct ListArgs {
    #[command(flatten)]
    archive: ArchiveArg,
    /// 只列出该年度
    #[arg(long)]
    year: Option<i32>,
}

#[derive(Args)]
pub(super) struct VerifyArgs {
    /// 要核验的版本、年度或归档目录（默认：整个归档）
    paths: Vec<PathBuf>,
    /// 归档目录（未给出路径时使用）
    #[command(flatten)]
    archive: ArchiveArg,
    /// 档案人员的公钥：每个版本都须有此公钥对应私钥加盖的有效数字封印
    #[arg(long, value_name = "公钥文件")]
    key: Option<PathBuf>,
}

#[derive(Args)]
pub(super) struct KeygenArgs {
    /// 写入密钥对的目录（不存在时新建；已有同名密钥文件时不覆盖）
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub(super) struct DiffArgs {
    /// 年度，如 2024
    year: i32,
    /// 旧版本，如 v1
    from: String,
    /// 新版本，如 v2
    to: String,
    #[command(flatten)]
    archive: ArchiveArg,
}

#[derive(Args)]
pub(super) struct ReproduceArgs {
    /// 版本目录，如 reports/2024/v1
    version: PathBuf,
}

pub(super) fn run(command: ArchiveCommand) -> Result<()> {
    let mut out = Out::default();
    match command {
        ArchiveCommand::List(args) => list(&mut out, &args.archive.archive, args.year)?,
        ArchiveCommand::Verify(args) => verify(
            &mut out,
            args.paths,
            args.archive.archive,
            args.key.as_deref(),
        )?,
        ArchiveCommand::Keygen(KeygenArgs { out: dir }) => {
            let (secret, public) = keygen(&dir)?;
            out.line(format!(
                "已生成数字封印密钥对：\n  私钥 {}（仅本人可读）\n  公钥 {}\n  公钥值 {public}\n请把私钥保存在归档所在的机器和存储介质之外并妥善备份；公钥随归档公布，供核验：plan-eval archive verify --key {}",
                secret.display(),
                dir.join(seal::PUBLIC_FILE).display(),
                dir.join(seal::PUBLIC_FILE).display(),
            ))?;
        }
        ArchiveCommand::Diff(args) => diff(
            &mut out,
            &args.archive.archive,
            args.year,
            &args.from,
            &args.to,
        )?,
        ArchiveCommand::Reproduce(args) => reproduce(&mut out, &args.version)?,
    }
    out.finish()
}

/// `archive list`: each version with its identifier, dates, state and reason.
fn list(out: &mut Out, archive: &Path, year: Option<i32>) -> Result<()> {
    let versions = archive::all_versions(archive)?;
    let versions: Vec<_> = versions
        .into_iter()
        .filter(|v| year.is_none_or(|y| v.year == y))
        .collect();
    if versions.is_empty() {
        out.line(format!("{} 中没有归档版本。", archive.display()))?;
    }
    for v in versions {
        let check = archive::check_version(&v, None)?;
        let field = |label: &str| {
            archive::info_of(&v, label)
                .ok()
                .flatten()
                .unwrap_or_else(|| "—".to_string())
        };
        out.line(format!(
            "{}/{}  {}  归档 {}  落款 {}  {}  封印 {}  原因：{}",
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
            archive::seal::words(&v),
            field("Version-Reason"),
        ))?;
    }
    Ok(())
}

/// `archive verify`: every version under `roots` checked (and its seal against `key`).
fn verify(out: &mut Out, paths: Vec<PathBuf>, archive: PathBuf, key: Option<&Path>) -> Result<()> {
    let key = key.map(seal::read_public).transpose()?;
    let whole = paths.is_empty();
    let roots = if paths.is_empty() {
        vec![archive.clone()]
    } else {
        // A path not found from the current folder is looked for in the archive.
        paths
            .into_iter()
            .map(|p| match archive.join(&p) {
                inside if !p.exists() && p.is_relative() && inside.exists() => inside,
                _ => p,
            })
            .collect()
    };
    let mut checked = 0;
    let mut broken = 0;
    let mut strays = 0;
    for root in roots {
        let (versions, found) = archive::survey(&root)?;
        if versions.is_empty() && found.is_empty() {
            return Err(Error::Unverified(format!(
                "{} 中没有任何归档版本：请用 --archive 指定归档目录（其中应有年度目录和版本目录，如 2024/v1）",
                root.display()
            )));
        }
        for v in versions {
            let check = archive::check_version(&v, key.as_ref())?;
            checked += 1;
            if check.is_intact() {
                let sealed = if key.is_some() {
                    "，数字封印有效"
                } else {
                    ""
                };
                out.line(format!(
                    "{}  {}  完好{sealed}",
                    v.path.display(),
                    check.identifier
                ))?;
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
                for c in check.chain.iter().chain(&check.seal) {
                    out.line(format!("  {c}"))?;
                }
            }
        }
        for stray in &found {
            out.line(stray.to_string())?;
        }
        strays += found.len();
    }
    // The register is checked when the whole archive is.
    let register = if whole {
        archive::register::check(&archive)?
    } else {
        Vec::new()
    };
    if !register.is_empty() {
        out.line(format!(
            "{}  有问题：",
            archive.join(archive::register::REGISTER).display()
        ))?;
        for r in &register {
            out.line(format!("  {r}"))?;
        }
    }
    // A clean register is said so, as the web's verify page says it.
    let register_words = if whole && register.is_empty() {
        Some(archive::register::clean_words(&archive)?)
    } else {
        None
    };
    summary(
        out,
        (checked, broken, strays, register.len()),
        register_words,
    )
}

/// The last line of `archive verify`, and its error when anything failed.
fn summary(
    out: &mut Out,
    (checked, broken, strays, register): (usize, usize, usize, usize),
    register_words: Option<String>,
) -> Result<()> {
    let mut also = Vec::new();
    if strays > 0 {
        also.push(format!("年度目录中另有 {strays} 项不属于归档"));
    }
    if register > 0 {
        also.push(format!("登记簿有 {register} 处问题"));
    }
    also.extend(register_words);
    if also.is_empty() {
        out.line(format!("共核验 {checked} 个版本，{broken} 个有问题。"))?;
    } else {
        out.line(format!(
            "共核验 {checked} 个版本，{broken} 个有问题；{}。",
            also.join("；")
        ))?;
    }
    let mut failed = Vec::new();
    if broken > 0 {
        failed.push(format!("{broken} 个版本未通过核验"));
    }
    if strays > 0 {
        failed.push(format!("年度目录中有 {strays} 项不属于归档"));
    }
    if register > 0 {
        failed.push(format!("登记簿有 {register} 处问题"));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Unverified(failed.join("，")))
    }
}

/// `archive diff`: what changed between two versions of a year.
fn diff(out: &mut Out, archive: &Path, year: i32, from: &str, to: &str) -> Result<()> {
    let dir = archive.join(year.to_string());
    for v in [from, to] {
        if archive::version_number(v).is_none() {
            return Err(Error::Usage(format!(
                "{v} 不是版本名：版本须写作 v 加不带前导零的序号（如 v1、v12）"
            )));
        }
        if !dir.join(v).is_dir() {
            return Err(Error::Usage(format!(
                "版本 {} 不存在",
                dir.join(v).display()
            )));
        }
    }
    let text = archive::changes::diff(&dir.join(from), &dir.join(to), from, to)?;
    out.text(&text)?;
    Ok(())
}

/// `archive reproduce`: the version rebuilt from its own inputs, file by file.
fn reproduce(out: &mut Out, version: &Path) -> Result<()> {
    let versions = archive::versions_at(version)?;
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
    Ok(())
}

/// The secret key that seals new versions: `--sign-key` (or, through clap, the file named by
/// `PLAN_EVAL_SIGN_KEY`; unset or empty: no seal). Read before
/// anything is made, so a bad key stops the run with nothing written.
pub(super) fn sign_key(given: Option<PathBuf>) -> Result<Option<seal::SigningKey>> {
    let Some(path) = given else {
        return Ok(None);
    };
    let key = seal::read_secret(&path)?;
    use std::os::unix::fs::PermissionsExt as _;
    if let Ok(meta) = std::fs::metadata(&path)
        && meta.permissions().mode() & 0o077 != 0
    {
        eprintln!(
            "警告：私钥文件 {} 的权限为 {:o}，他人也可读取；请改为仅本人可读（chmod 600 {}）",
            path.display(),
            meta.permissions().mode() & 0o777,
            path.display()
        );
    }
    Ok(Some(key))
}

/// Writes a new key pair into `dir`, never over an existing key file: the
/// secret key's path and the public key in hex.
fn keygen(dir: &Path) -> Result<(PathBuf, String)> {
    let secret = dir.join(seal::SECRET_FILE);
    let public = dir.join(seal::PUBLIC_FILE);
    for path in [&secret, &public] {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::Usage(format!(
                "密钥文件 {} 已存在，不会覆盖（请另选 --out 目录，或先移走原有的密钥）",
                path.display()
            )));
        }
    }
    let key = seal::generate()?;
    files::create_dir_all(dir)?;
    files::create_new(&secret, seal::secret_pem(&key).as_bytes(), 0o600)?;
    if let Err(e) = files::create_new(
        &public,
        seal::public_pem(&key.verifying_key()).as_bytes(),
        0o644,
    ) {
        let _ = std::fs::remove_file(&secret);
        return Err(e);
    }
    Ok((secret, seal::key_hex(&key.verifying_key())))
}
