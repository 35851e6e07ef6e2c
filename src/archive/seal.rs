//! The archive's seal: an Ed25519 signature over a version's tag manifest,
//! made with a secret key kept outside the archive, stored in the bag as the
//! tag file `seal-ed25519.txt` (written after the tag manifest, so not listed
//! in it). Keys are PEM files that OpenSSL reads too (PKCS#8 secret key,
//! SubjectPublicKeyInfo public key). A seal cannot prove the inputs were true,
//! nor that no later version was removed; it proves that a version is the one
//! made by whoever held the secret key.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _};
pub use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{Error, Result};
use crate::files;

use super::bag;

/// The tag file holding a version's seal.
pub(crate) use super::bag::SEAL_FILE;
/// The environment variable naming the secret key when `--sign-key` is not given.
pub(crate) const SIGN_KEY_ENV: &str = "PLAN_EVAL_SIGN_KEY";
/// The names `archive keygen --out DIR` writes.
pub(crate) const SECRET_FILE: &str = "seal-secret.pem";
pub(crate) const PUBLIC_FILE: &str = "seal-public.pem";

const ALGORITHM: &str = "Ed25519";
/// The first line of the signed message, so a seal means nothing elsewhere.
const DOMAIN: &str = "plan-eval archive seal";
/// DER of a PKCS#8 Ed25519 private key before its 32 bytes (RFC 8410).
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
/// DER of an Ed25519 SubjectPublicKeyInfo before its 32 bytes (RFC 8410).
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
const SECRET_LABEL: &str = "PRIVATE KEY";
const PUBLIC_LABEL: &str = "PUBLIC KEY";

/// The public key as the seal file and messages show it: 64 hex digits.
pub fn key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.to_bytes())
}

/// The `bag-info.txt` label by which a sealed version records, inside what its tag manifest
/// (and so its seal) covers, that it was sealed and by which key: a deleted seal is then
/// found without the archivist's key. Versions stored before it was recorded lack it.
pub(crate) const SEALED_BY: &str = "Seal-Public-Key-SHA256";

/// The public key's fingerprint as `bag-info.txt` records it: the SHA-256 of its 32 bytes.
pub(crate) fn fingerprint(key: &VerifyingKey) -> String {
    bag::sha256_hex(&key.to_bytes())
}

/// A new key pair from the operating system's random source.
pub(crate) fn generate() -> Result<SigningKey> {
    let mut secret = [0u8; 32];
    // The system failing to give randomness is no mistake of the command line (exit 4).
    getrandom::fill(&mut secret)
        .map_err(|e| Error::System(format!("无法从操作系统取得随机数以生成密钥：{e}")))?;
    Ok(SigningKey::from_bytes(&secret))
}

fn pem(label: &str, der: &[u8]) -> String {
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        BASE64.encode(der)
    )
}

/// The secret key as a PKCS#8 PEM file.
pub(crate) fn secret_pem(key: &SigningKey) -> String {
    pem(SECRET_LABEL, &[&PKCS8_PREFIX[..], &key.to_bytes()].concat())
}

/// The public key as a SubjectPublicKeyInfo PEM file.
pub(crate) fn public_pem(key: &VerifyingKey) -> String {
    pem(PUBLIC_LABEL, &[&SPKI_PREFIX[..], &key.to_bytes()].concat())
}

/// The label and DER bytes of a one-block PEM text.
fn parse_pem(text: &str) -> Option<(String, Vec<u8>)> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let label = lines
        .next()?
        .strip_prefix("-----BEGIN ")?
        .strip_suffix("-----")?
        .to_string();
    let mut body = String::new();
    for line in lines.by_ref() {
        if line == format!("-----END {label}-----") {
            return lines
                .next()
                .is_none()
                .then(|| BASE64.decode(&body).ok().map(|der| (label, der)))
                .flatten();
        }
        body.push_str(line);
    }
    None
}

/// The 32 key bytes of a PEM file with `label` and DER `prefix`, or why not.
fn key_bytes(path: &Path, label: &str, prefix: &[u8]) -> Result<[u8; 32]> {
    let bad = |why: &str| Error::Key(format!("密钥文件 {} 无效：{why}", path.display()));
    if !path.is_file() {
        return Err(Error::Key(format!("密钥文件 {} 不存在", path.display())));
    }
    let bytes = files::read(path).map_err(|e| match e {
        Error::Read { source, .. } => {
            Error::Key(format!("无法读取密钥文件 {}：{source}", path.display()))
        }
        other => other,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let Some((found, der)) = parse_pem(&text) else {
        return Err(bad(
            "不是 PEM 格式的密钥（应由 plan-eval archive keygen 生成）",
        ));
    };
    if found != label {
        let what = match found.as_str() {
            SECRET_LABEL => "这是私钥，此处应给出公钥",
            PUBLIC_LABEL => "这是公钥，加盖封印须用私钥",
            _ => "不是 Ed25519 密钥",
        };
        return Err(bad(what));
    }
    der.strip_prefix(prefix)
        .and_then(|rest| <[u8; 32]>::try_from(rest).ok())
        .ok_or_else(|| bad("不是 Ed25519 密钥"))
}

/// Reads the secret key that seals new versions.
pub fn read_secret(path: &Path) -> Result<SigningKey> {
    Ok(SigningKey::from_bytes(&key_bytes(
        path,
        SECRET_LABEL,
        &PKCS8_PREFIX,
    )?))
}

/// Reads the public key a seal is checked against.
pub(crate) fn read_public(path: &Path) -> Result<VerifyingKey> {
    let bytes = key_bytes(path, PUBLIC_LABEL, &SPKI_PREFIX)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| {
        Error::Key(format!(
            "密钥文件 {} 无效：不是有效的 Ed25519 公钥",
            path.display()
        ))
    })
}

/// What is signed: the domain line, the version's place and its tag
/// manifest's SHA-256, one `Label: value` line each.
pub(crate) fn message(place: &str, digest: &str) -> String {
    format!("{DOMAIN}\nSealed-Version: {place}\nTagmanifest-SHA256: {digest}\n")
}

/// A version's place as the seal records it: `2024/v3`.
pub(crate) fn place(year: i32, number: u32) -> String {
    format!("{year}/v{number}")
}

/// Seals the bag at `bag` (its tag manifest written) as version `place`.
pub fn write(bag: &Path, key: &SigningKey, place: &str) -> Result<()> {
    let digest = bag::sha256_hex(&files::read(&bag.join(bag::TAGMANIFEST))?);
    let signature = key.sign(message(place, &digest).as_bytes());
    let text = format!(
        "Seal-Algorithm: {ALGORITHM}\nSealed-Version: {place}\nTagmanifest-SHA256: {digest}\nPublic-Key: {}\nSignature: {}\n",
        key_hex(&key.verifying_key()),
        hex::encode(signature.to_bytes())
    );
    files::write(&bag.join(SEAL_FILE), text.as_bytes())
}

/// The fields of a seal file, in their order.
struct Seal {
    place: String,
    digest: String,
    key: VerifyingKey,
    signature: Signature,
}

const LABELS: [&str; 5] = [
    "Seal-Algorithm",
    "Sealed-Version",
    "Tagmanifest-SHA256",
    "Public-Key",
    "Signature",
];

fn hex_of<const N: usize>(value: &str) -> Option<[u8; N]> {
    let bytes = hex::decode(value).ok()?;
    (value
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    .then(|| <[u8; N]>::try_from(bytes).ok())
    .flatten()
}

/// Parses a seal file: exactly the five lines, in order, well formed.
fn parse(text: &str) -> std::result::Result<Seal, String> {
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    if lines.len() != LABELS.len() || !text.ends_with('\n') {
        return Err(format!("应为 {} 行：{}", LABELS.len(), LABELS.join("、")));
    }
    let mut values = Vec::new();
    for (n, (line, label)) in lines.iter().zip(LABELS).enumerate() {
        match line.strip_prefix(label).and_then(|r| r.strip_prefix(": ")) {
            Some(value) => values.push(value),
            None => return Err(format!("第 {} 行应为“{label}: …”", n + 1)),
        }
    }
    if values[0] != ALGORITHM {
        return Err(format!("算法应为 {ALGORITHM}，而非 {}", values[0]));
    }
    let digest = values[2];
    if hex_of::<32>(digest).is_none() {
        return Err("Tagmanifest-SHA256 应为 64 位小写十六进制数".to_string());
    }
    let key = hex_of::<32>(values[3])
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or("Public-Key 不是有效的 Ed25519 公钥（64 位小写十六进制数）")?;
    let signature = hex_of::<64>(values[4])
        .map(|b| Signature::from_bytes(&b))
        .ok_or("Signature 应为 128 位小写十六进制数")?;
    Ok(Seal {
        place: values[1].to_string(),
        digest: digest.to_string(),
        key,
        signature,
    })
}

/// How a version's seal stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Standing {
    /// No seal file.
    Unsealed,
    /// A seal whose signature holds, by this key.
    Sealed(VerifyingKey),
    /// What is wrong with the seal, in words an archivist reads.
    Broken(Vec<String>),
}

/// Checks the seal of the bag at `bag`, version `place`: its form, that it
/// belongs to this place and to the current tag manifest, and its signature
/// (by the key it names; whether that is the archivist's key is the caller's).
pub(crate) fn check(bag: &Path, place: &str) -> Standing {
    let path = bag.join(SEAL_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Standing::Unsealed;
    }
    let text = match std::fs::read(&path) {
        Ok(bytes) if path.is_file() => String::from_utf8_lossy(&bytes).into_owned(),
        _ => return Standing::Broken(vec![format!("无法读取数字封印 {SEAL_FILE}")]),
    };
    let seal = match parse(&text) {
        Ok(seal) => seal,
        Err(why) => {
            return Standing::Broken(vec![format!("数字封印 {SEAL_FILE} 格式有误：{why}")]);
        }
    };
    let mut wrong = Vec::new();
    if seal.place != place {
        wrong.push(format!(
            "数字封印属于版本 {}，不是本版本 {place}",
            seal.place
        ));
    }
    match std::fs::read(bag.join(bag::TAGMANIFEST)) {
        Ok(bytes) if bag::sha256_hex(&bytes) == seal.digest => {}
        _ => wrong.push(format!(
            "{} 与数字封印所记录的摘要不符：版本在加盖封印后被改动",
            bag::TAGMANIFEST
        )),
    }
    if seal
        .key
        .verify_strict(
            message(&seal.place, &seal.digest).as_bytes(),
            &seal.signature,
        )
        .is_err()
    {
        wrong.push("数字封印的签名无效".to_string());
    }
    if wrong.is_empty() {
        Standing::Sealed(seal.key)
    } else {
        Standing::Broken(wrong)
    }
}

/// The findings about a version's seal when checked against `key` (the
/// archivist's public key), or without a key (a present seal is checked, and a seal the
/// version records in its `bag-info.txt` must be there, by the key it names).
pub(crate) fn findings(bag: &Path, place: &str, key: Option<&VerifyingKey>) -> Vec<String> {
    let info = bag::read_info(bag).unwrap_or_default();
    let recorded = bag::info_value(&info, SEALED_BY);
    match (check(bag, place), key) {
        (Standing::Unsealed, _) if recorded.is_some() => vec![format!(
            "版本记录已加盖数字封印（{SEALED_BY}: {}），但缺少 {SEAL_FILE}：封印已被删除",
            recorded.unwrap_or_default()
        )],
        (Standing::Unsealed, None) => Vec::new(),
        (Standing::Unsealed, Some(_)) => vec![format!("未加盖数字封印（缺少 {SEAL_FILE}）")],
        (Standing::Broken(wrong), _) => wrong,
        (Standing::Sealed(by), Some(key)) if by == *key => Vec::new(),
        (Standing::Sealed(by), Some(_)) => vec![format!(
            "数字封印由另一密钥加盖（公钥 {}），不是所给的公钥",
            key_hex(&by)
        )],
        (Standing::Sealed(by), None) if recorded.is_some_and(|r| r != fingerprint(&by)) => {
            vec![format!(
                "数字封印的公钥（{}）与版本记录的 {SEALED_BY}（{}）不符：封印被换过",
                key_hex(&by),
                recorded.unwrap_or_default()
            )]
        }
        (Standing::Sealed(_), None) => Vec::new(),
    }
}

/// A version's seal in words, as the archive's lists show it: 未加盖, 已加盖（公钥 …）, or
/// 封印无效 with why (checked without a key: the seal against the key it names).
pub(crate) fn words(v: &super::Version) -> String {
    match check(&v.path, &place(v.year, v.number)) {
        Standing::Unsealed => "未加盖".to_string(),
        Standing::Sealed(key) => format!("已加盖（公钥 {}…）", &key_hex(&key)[..16]),
        Standing::Broken(why) => format!("封印无效：{}", why.join("；")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_pem() {
        let dir = tempfile::tempdir().unwrap();
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let (secret, public) = (dir.path().join("s.pem"), dir.path().join("p.pem"));
        std::fs::write(&secret, secret_pem(&key)).unwrap();
        std::fs::write(&public, public_pem(&key.verifying_key())).unwrap();
        assert_eq!(read_secret(&secret).unwrap().to_bytes(), key.to_bytes());
        assert_eq!(read_public(&public).unwrap(), key.verifying_key());
        let err = read_secret(&public).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "密钥文件 {} 无效：这是公钥，加盖封印须用私钥",
                public.display()
            )
        );
    }

    #[test]
    fn a_seal_file_must_have_its_five_lines() {
        assert!(parse("Seal-Algorithm: Ed25519\n").is_err());
        let key = SigningKey::from_bytes(&[1u8; 32]);
        let digest = "ab".repeat(32);
        let sig = key.sign(message("2024/v1", &digest).as_bytes());
        let text = format!(
            "Seal-Algorithm: Ed25519\nSealed-Version: 2024/v1\nTagmanifest-SHA256: {digest}\nPublic-Key: {}\nSignature: {}\n",
            key_hex(&key.verifying_key()),
            hex::encode(sig.to_bytes())
        );
        let seal = parse(&text).unwrap();
        assert!(
            seal.key
                .verify_strict(message("2024/v1", &digest).as_bytes(), &seal.signature)
                .is_ok()
        );
        assert!(parse(&text.to_uppercase()).is_err());
        assert!(parse(&format!("{text}Extra: 1\n")).is_err());
    }
}
