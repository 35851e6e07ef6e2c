//! The archive's seal and its strictness, through the command line: key pairs
//! made once and never overwritten, sealed versions that verify with their
//! public key (and with bagit.py and OpenSSL independently), a re-hashed
//! forgery of the latest version, a seal by another key, a missing or
//! tampered seal, a bad key file that stops the run with nothing written, and
//! folders in a year folder that are not versions.
//!
//! The tests are split by what they meet: `keys` (making a key pair and refusing a bad key
//! file), `sealed` (sealed versions that verify, and what counts as a version) and
//! `tampering` (forged, tampered and missing seals); this module holds the commands they share.

mod keys;
mod sealed;
mod tampering;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::archive::{bagit_validates, make_writable, report, text, versions, walk};
use crate::common::{bundled, plan_eval, temp_dir};

/// `archive keygen --out keys` in `cwd`; the public key in hex, from its output.
fn keygen(cwd: &Path, out: &str) -> String {
    let run = plan_eval(&["archive", "keygen", "--out", out], cwd);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stdout = text(&run.stdout);
    let hex = stdout
        .lines()
        .find_map(|l| l.strip_prefix("  公钥值 "))
        .unwrap_or_else(|| panic!("{stdout}"))
        .to_string();
    assert_eq!(
        stdout,
        format!(
            "已生成数字封印密钥对：\n  私钥 {out}/seal-secret.pem（仅本人可读）\n  公钥 {out}/seal-public.pem\n  公钥值 {hex}\n请把私钥保存在归档所在的机器和存储介质之外并妥善备份；公钥随归档公布，供核验：plan-eval archive verify --key {out}/seal-public.pem\n"
        )
    );
    hex
}

/// A sealed `report` of the bundled data for 2024, dated `date`.
fn sealed_report(cwd: &Path, date: &str, key: &str) {
    let out = report(cwd, &bundled(), date, &["--sign-key", key]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn verify(cwd: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["archive", "verify", "--archive", "archive"];
    args.extend_from_slice(extra);
    plan_eval(&args, cwd)
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn header(v: u32) -> String {
    format!("archive/2024/v{v}  丹江口-十四五-2024-v{v}")
}
