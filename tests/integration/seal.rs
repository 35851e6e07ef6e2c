//! The archive's seal and its strictness, through the command line: key pairs
//! made once and never overwritten, sealed versions that verify with their
//! public key (and with bagit.py and OpenSSL independently), a re-hashed
//! forgery of the latest version, a seal by another key, a missing or
//! tampered seal, a bad key file that stops the run with nothing written, and
//! folders in a year folder that are not versions.

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

fn sha512(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha512::digest(bytes))
}

/// Rewrites a payload file of the bag `bag` and re-hashes everything as a
/// forger would: both payload manifests, Payload-Oxum and the tag manifest.
fn forge(bag: &Path, file: &str, edit: impl Fn(String) -> String) {
    make_writable(bag);
    let path = bag.join(file);
    fs::write(&path, edit(fs::read_to_string(&path).unwrap())).unwrap();
    let files: Vec<PathBuf> = walk(&bag.join("data"))
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    let mut names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(bag).unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let (mut m256, mut m512, mut octets) = (String::new(), String::new(), 0);
    for name in &names {
        let bytes = fs::read(bag.join(name)).unwrap();
        octets += bytes.len();
        m256.push_str(&format!("{}  {name}\n", sha256(&bytes)));
        m512.push_str(&format!("{}  {name}\n", sha512(&bytes)));
    }
    fs::write(bag.join("manifest-sha256.txt"), m256).unwrap();
    fs::write(bag.join("manifest-sha512.txt"), m512).unwrap();
    let info: String = fs::read_to_string(bag.join("bag-info.txt"))
        .unwrap()
        .lines()
        .map(|l| match l.strip_prefix("Payload-Oxum: ") {
            Some(_) => format!("Payload-Oxum: {octets}.{}\n", names.len()),
            None => format!("{l}\n"),
        })
        .collect();
    fs::write(bag.join("bag-info.txt"), info).unwrap();
    let tags: String = [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
    ]
    .iter()
    .map(|name| format!("{}  {name}\n", sha256(&fs::read(bag.join(name)).unwrap())))
    .collect();
    fs::write(bag.join("tagmanifest-sha256.txt"), tags).unwrap();
}

fn header(v: u32) -> String {
    format!("archive/2024/v{v}  丹江口-十四五-2024-v{v}")
}

#[test]
fn keygen_writes_a_key_pair_once() {
    let dir = temp_dir();
    let hex = keygen(dir.path(), "keys");
    assert_eq!(hex.len(), 64);
    let mode = |name: &str| {
        fs::metadata(dir.path().join("keys").join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("seal-secret.pem"), 0o600);
    assert_eq!(mode("seal-public.pem"), 0o644);
    let secret = fs::read_to_string(dir.path().join("keys/seal-secret.pem")).unwrap();
    let public = fs::read_to_string(dir.path().join("keys/seal-public.pem")).unwrap();
    assert!(
        secret.starts_with("-----BEGIN PRIVATE KEY-----\n"),
        "{secret}"
    );
    assert!(
        public.starts_with("-----BEGIN PUBLIC KEY-----\n"),
        "{public}"
    );

    let again = plan_eval(&["archive", "keygen", "--out", "keys"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        text(&again.stderr),
        "错误：密钥文件 keys/seal-secret.pem 已存在，不会覆盖（请另选 --out 目录，或先移走原有的密钥）\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("keys/seal-secret.pem")).unwrap(),
        secret
    );
    // Only the public key left there: still nothing is overwritten.
    fs::create_dir(dir.path().join("other")).unwrap();
    fs::write(dir.path().join("other/seal-public.pem"), "mine").unwrap();
    let beside = plan_eval(&["archive", "keygen", "--out", "other"], dir.path());
    assert_eq!(beside.status.code(), Some(2));
    assert_eq!(
        text(&beside.stderr),
        "错误：密钥文件 other/seal-public.pem 已存在，不会覆盖（请另选 --out 目录，或先移走原有的密钥）\n"
    );
    assert!(!dir.path().join("other/seal-secret.pem").exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("other/seal-public.pem")).unwrap(),
        "mine"
    );
}

#[test]
fn a_sealed_archive_verifies_with_its_key() {
    let dir = temp_dir();
    let hex = keygen(dir.path(), "keys");
    sealed_report(dir.path(), "2025-03-01", "keys/seal-secret.pem");
    // The key may also come from the environment.
    let by_env = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args([
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-02",
            "--data",
            bundled().to_str().unwrap(),
            "--archive",
            "archive",
        ])
        .env("PLAN_EVAL_SIGN_KEY", "keys/seal-secret.pem")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(by_env.status.success(), "{}", text(&by_env.stderr));
    assert_eq!(versions(dir.path()), ["v1", "v2"]);

    let out = verify(dir.path(), &["--key", "keys/seal-public.pem"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  完好，数字封印有效\n{}  完好，数字封印有效\n共核验 2 个版本，0 个有问题；登记簿 register.txt：2 个版本均已登记，链值相符。\n",
            header(1),
            header(2)
        )
    );
    let plain = verify(dir.path(), &[]);
    assert_eq!(
        text(&plain.stdout),
        format!(
            "{}  完好\n{}  完好\n共核验 2 个版本，0 个有问题；登记簿 register.txt：2 个版本均已登记，链值相符。\n",
            header(1),
            header(2)
        )
    );

    for v in [1, 2] {
        let bag = dir.path().join(format!("archive/2024/v{v}"));
        bagit_validates(&bag);
        // The seal, not listed in the tag manifest it signs.
        let seal = fs::read_to_string(bag.join("seal-ed25519.txt")).unwrap();
        let digest = sha256(&fs::read(bag.join("tagmanifest-sha256.txt")).unwrap());
        let signature = seal
            .lines()
            .find_map(|l| l.strip_prefix("Signature: "))
            .unwrap();
        assert_eq!(
            seal,
            format!(
                "Seal-Algorithm: Ed25519\nSealed-Version: 2024/v{v}\nTagmanifest-SHA256: {digest}\nPublic-Key: {hex}\nSignature: {signature}\n"
            )
        );
        let tags = fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
        assert!(!tags.contains("seal-ed25519.txt"), "{tags}");
        // That it was sealed, and by which key, is recorded inside what the seal covers.
        let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
        assert!(
            info.ends_with(&format!(
                "Seal-Public-Key-SHA256: {}\n",
                sha256(&hex::decode(&hex).unwrap())
            )),
            "{info}"
        );
        // OpenSSL checks the same signature over the message the README describes.
        let message = dir.path().join("message.txt");
        let sig = dir.path().join("signature.bin");
        fs::write(
            &message,
            format!(
                "plan-eval archive seal\nSealed-Version: 2024/v{v}\nTagmanifest-SHA256: {digest}\n"
            ),
        )
        .unwrap();
        fs::write(&sig, hex::decode(signature).unwrap()).unwrap();
        let openssl = Command::new("openssl")
            .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
            .arg(dir.path().join("keys/seal-public.pem"))
            .arg("-rawin")
            .arg("-in")
            .arg(&message)
            .arg("-sigfile")
            .arg(&sig)
            .output()
            .expect("openssl runs (apt-get install openssl)");
        assert!(
            openssl.status.success(),
            "{}{}",
            text(&openssl.stdout),
            text(&openssl.stderr)
        );
        fs::remove_file(message).unwrap();
        fs::remove_file(sig).unwrap();
    }
    let reproduce = plan_eval(&["archive", "reproduce", "archive/2024/v2"], dir.path());
    assert!(reproduce.status.success(), "{}", text(&reproduce.stdout));
}

#[test]
fn a_forged_latest_version_is_caught_with_the_key() {
    let dir = temp_dir();
    let hex = keygen(dir.path(), "keys");
    sealed_report(dir.path(), "2025-03-01", "keys/seal-secret.pem");
    sealed_report(dir.path(), "2025-03-02", "keys/seal-secret.pem");
    let v2 = dir.path().join("archive/2024/v2");
    forge(&v2, "data/report.md", |md| {
        md.replacen("2024年", "2023年", 1)
    });
    // The bag itself is consistent again: bagit.py accepts it.
    bagit_validates(&v2);

    // A forger who leaves the seal as it was.
    let out = verify(dir.path(), &["--key", "keys/seal-public.pem"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  完好，数字封印有效\n{}  有问题：\n  tagmanifest-sha256.txt 与数字封印所记录的摘要不符：版本在加盖封印后被改动\narchive/register.txt  有问题：\n  版本 2024/v2 的标签清单与登记簿第 3 行记录的摘要不符\n共核验 2 个版本，1 个有问题；登记簿有 1 处问题。\n",
            header(1),
            header(2)
        )
    );
    assert_eq!(
        text(&out.stderr),
        "错误：1 个版本未通过核验，登记簿有 1 处问题\n"
    );

    // A forger who seals the forgery again with a key of their own: the
    // archive is consistent by itself, only the archivist's key tells.
    keygen(dir.path(), "forger");
    let forger_key =
        plan_eval::archive::seal::read_secret(&dir.path().join("forger/seal-secret.pem")).unwrap();
    fs::remove_file(v2.join("seal-ed25519.txt")).unwrap();
    plan_eval::archive::seal::write(&v2, &forger_key, "2024/v2").unwrap();
    let forger_hex = plan_eval::archive::seal::key_hex(&forger_key.verifying_key());
    // The version records which key sealed it: even without the key, the swap shows.
    let recorded = sha256(&hex::decode(&hex).unwrap());
    let plain = verify(dir.path(), &[]);
    assert_eq!(plain.status.code(), Some(1));
    assert_eq!(
        text(&plain.stdout),
        format!(
            "{}  完好\n{}  有问题：\n  数字封印的公钥（{forger_hex}）与版本记录的 Seal-Public-Key-SHA256（{recorded}）不符：封印被换过\narchive/register.txt  有问题：\n  版本 2024/v2 的标签清单与登记簿第 3 行记录的摘要不符\n共核验 2 个版本，1 个有问题；登记簿有 1 处问题。\n",
            header(1),
            header(2)
        )
    );
    let out = verify(dir.path(), &["--key", "keys/seal-public.pem"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  完好，数字封印有效\n{}  有问题：\n  数字封印由另一密钥加盖（公钥 {forger_hex}），不是所给的公钥\narchive/register.txt  有问题：\n  版本 2024/v2 的标签清单与登记簿第 3 行记录的摘要不符\n共核验 2 个版本，1 个有问题；登记簿有 1 处问题。\n",
            header(1),
            header(2)
        )
    );
}

#[test]
fn a_missing_seal_is_reported_even_without_a_key() {
    let dir = temp_dir();
    let hex = keygen(dir.path(), "keys");
    assert!(
        report(dir.path(), &bundled(), "2025-03-01", &[])
            .status
            .success()
    );
    // The same inputs again, sealed: a new version, since the latest bears no seal.
    sealed_report(dir.path(), "2025-03-01", "keys/seal-secret.pem");
    let again = report(
        dir.path(),
        &bundled(),
        "2025-03-01",
        &["--sign-key", "keys/seal-secret.pem"],
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(
        text(&again.stdout),
        "输入数据、模板和落款日期与最新版本 丹江口-十四五-2024-v2 相同，未生成新版本：\n  archive/2024/v2\n"
    );
    sealed_report(dir.path(), "2025-03-03", "keys/seal-secret.pem");
    assert_eq!(versions(dir.path()), ["v1", "v2", "v3"]);
    let v3 = dir.path().join("archive/2024/v3");
    make_writable(&v3);
    fs::remove_file(v3.join("seal-ed25519.txt")).unwrap();
    // v3 records that it was sealed, and by which key; v1, made unsealed, does not.
    let deleted = format!(
        "  版本记录已加盖数字封印（Seal-Public-Key-SHA256: {}），但缺少 seal-ed25519.txt：封印已被删除\n",
        sha256(&hex::decode(&hex).unwrap())
    );
    let plain = verify(dir.path(), &[]);
    assert_eq!(plain.status.code(), Some(1));
    assert_eq!(
        text(&plain.stdout),
        format!(
            "{}  完好\n{}  完好\n{}  有问题：\n{deleted}共核验 3 个版本，1 个有问题；登记簿 register.txt：3 个版本均已登记，链值相符。\n",
            header(1),
            header(2),
            header(3)
        )
    );
    let out = verify(dir.path(), &["--key", "keys/seal-public.pem"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  有问题：\n  未加盖数字封印（缺少 seal-ed25519.txt）\n{}  完好，数字封印有效\n{}  有问题：\n{deleted}共核验 3 个版本，2 个有问题；登记簿 register.txt：3 个版本均已登记，链值相符。\n",
            header(1),
            header(2),
            header(3)
        )
    );
    assert_eq!(text(&out.stderr), "错误：2 个版本未通过核验\n");
    // One version alone.
    let one = plan_eval(
        &[
            "archive",
            "verify",
            "--key",
            "keys/seal-public.pem",
            "archive/2024/v2",
        ],
        dir.path(),
    );
    assert!(one.status.success(), "{}", text(&one.stdout));
}

#[test]
fn a_tampered_seal_is_caught() {
    let dir = temp_dir();
    keygen(dir.path(), "keys");
    sealed_report(dir.path(), "2025-03-01", "keys/seal-secret.pem");
    sealed_report(dir.path(), "2025-03-02", "keys/seal-secret.pem");
    let (v1, v2) = (
        dir.path().join("archive/2024/v1"),
        dir.path().join("archive/2024/v2"),
    );
    make_writable(&v1);
    make_writable(&v2);
    let seal1 = fs::read_to_string(v1.join("seal-ed25519.txt")).unwrap();
    let seal2 = fs::read_to_string(v2.join("seal-ed25519.txt")).unwrap();
    let check = |expected: &str| {
        let out = verify(
            dir.path(),
            &["--key", "keys/seal-public.pem", "archive/2024/v2"],
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stdout),
            format!(
                "{}  有问题：\n{expected}共核验 1 个版本，1 个有问题。\n",
                header(2)
            )
        );
    };
    // One digit of the signature changed.
    let signature = seal2
        .lines()
        .find_map(|l| l.strip_prefix("Signature: "))
        .unwrap();
    let flipped = format!(
        "{}{}",
        if signature.starts_with('0') { '1' } else { '0' },
        &signature[1..]
    );
    fs::write(
        v2.join("seal-ed25519.txt"),
        seal2.replace(signature, &flipped),
    )
    .unwrap();
    check("  数字封印的签名无效\n");
    // The seal of v1 copied to v2.
    fs::write(v2.join("seal-ed25519.txt"), &seal1).unwrap();
    check(
        "  数字封印属于版本 2024/v1，不是本版本 2024/v2\n  tagmanifest-sha256.txt 与数字封印所记录的摘要不符：版本在加盖封印后被改动\n",
    );
    // Its place rewritten.
    fs::write(
        v2.join("seal-ed25519.txt"),
        seal2.replace("Sealed-Version: 2024/v2", "Sealed-Version: 2024/v9"),
    )
    .unwrap();
    check("  数字封印属于版本 2024/v9，不是本版本 2024/v2\n  数字封印的签名无效\n");
    // A line added, and garbage.
    fs::write(v2.join("seal-ed25519.txt"), format!("{seal2}Note: x\n")).unwrap();
    check(
        "  数字封印 seal-ed25519.txt 格式有误：应为 5 行：Seal-Algorithm、Sealed-Version、Tagmanifest-SHA256、Public-Key、Signature\n",
    );
    fs::write(
        v2.join("seal-ed25519.txt"),
        seal2.replace("Seal-Algorithm: Ed25519", "Algorithm: Ed25519"),
    )
    .unwrap();
    check("  数字封印 seal-ed25519.txt 格式有误：第 1 行应为“Seal-Algorithm: …”\n");
    // Without a key a broken seal is still reported.
    let plain = plan_eval(&["archive", "verify", "archive/2024/v2"], dir.path());
    assert_eq!(plain.status.code(), Some(1));
    // Any other unlisted tag file is still an addition.
    fs::write(v2.join("seal-ed25519.txt"), &seal2).unwrap();
    fs::write(v2.join("seal-other.txt"), "x").unwrap();
    check("  多出文件 seal-other.txt\n");
}

#[test]
fn a_bad_key_file_stops_the_run_with_nothing_written() {
    let dir = temp_dir();
    keygen(dir.path(), "keys");
    fs::write(dir.path().join("garbage.pem"), "not a key\n").unwrap();
    let cases = [
        (
            "absent.pem",
            "错误：密钥文件 absent.pem 不存在\n".to_string(),
        ),
        (
            "garbage.pem",
            "错误：密钥文件 garbage.pem 无效：不是 PEM 格式的密钥（应由 plan-eval archive keygen 生成）\n"
                .to_string(),
        ),
        (
            "keys/seal-public.pem",
            "错误：密钥文件 keys/seal-public.pem 无效：这是公钥，加盖封印须用私钥\n".to_string(),
        ),
    ];
    for (key, expected) in &cases {
        let out = report(dir.path(), &bundled(), "2025-03-01", &["--sign-key", key]);
        assert_eq!(out.status.code(), Some(2), "{key}");
        assert_eq!(text(&out.stderr), *expected);
        assert_eq!(text(&out.stdout), "");
        assert!(!dir.path().join("archive").exists(), "{key}");
    }
    let by_env = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args([
            "report",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
            "--archive",
            "archive",
        ])
        .env("PLAN_EVAL_SIGN_KEY", "garbage.pem")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(2));
    assert_eq!(text(&by_env.stderr), cases[1].1);
    assert!(!dir.path().join("archive").exists());

    // A secret key others may read still seals, with a warning.
    fs::set_permissions(
        dir.path().join("keys/seal-secret.pem"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let open = report(
        dir.path(),
        &bundled(),
        "2025-03-01",
        &["--sign-key", "keys/seal-secret.pem"],
    );
    assert!(open.status.success(), "{}", text(&open.stderr));
    assert!(
        text(&open.stderr).starts_with(
            "警告：私钥文件 keys/seal-secret.pem 的权限为 644，他人也可读取；请改为仅本人可读（chmod 600 keys/seal-secret.pem）\n"
        ),
        "{}",
        text(&open.stderr)
    );
    assert!(
        dir.path()
            .join("archive/2024/v1/seal-ed25519.txt")
            .is_file()
    );

    let wrong = plan_eval(
        &["archive", "verify", "--key", "keys/seal-secret.pem"],
        dir.path(),
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        text(&wrong.stderr),
        "错误：密钥文件 keys/seal-secret.pem 无效：这是私钥，此处应给出公钥\n"
    );
}

#[test]
fn only_v_and_a_number_is_a_version() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-01", &[])
            .status
            .success()
    );
    let year = dir.path().join("archive/2024");
    for name in [
        "v07",
        "v01",
        "v+1",
        "vx",
        "V2",
        "v1a",
        "v0",
        ".staging-orphan",
    ] {
        fs::create_dir(year.join(name)).unwrap();
    }
    fs::write(year.join("notes.txt"), "x").unwrap();
    std::os::unix::fs::symlink("v1", year.join("v5")).unwrap();
    let expected_strays = [
        ".staging-orphan",
        "V2",
        "notes.txt",
        "v+1",
        "v0",
        "v01",
        "v07",
        "v1a",
        "v5",
        "vx",
    ];
    let stray_lines = |strays: &[&str]| -> String {
        strays
            .iter()
            .map(|name| {
                let what = match *name {
                    "notes.txt" => "年度目录中多出的文件，不属于归档",
                    "v5" => "年度目录中的符号链接，不属于归档，不计为版本",
                    _ => "不是归档版本：版本目录须命名为 v 加不带前导零的序号（如 v1、v12），此目录不计为版本",
                };
                format!("archive/2024/{name}  有问题：{what}\n")
            })
            .collect()
    };
    let out = verify(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  完好\n{}共核验 1 个版本，0 个有问题；年度目录中另有 10 项不属于归档；登记簿 register.txt：1 个版本均已登记，链值相符。\n",
            header(1),
            stray_lines(&expected_strays)
        )
    );
    assert_eq!(text(&out.stderr), "错误：年度目录中有 10 项不属于归档\n");

    // None of them counts: the next version is v2, chained to v1.
    let next = report(dir.path(), &bundled(), "2025-03-02", &[]);
    assert!(next.status.success(), "{}", text(&next.stderr));
    assert_eq!(
        text(&next.stdout),
        "已生成 2024 年度评估报告并归档为新版本 丹江口-十四五-2024-v2：\n  archive/2024/v2\n"
    );
    let info = fs::read_to_string(year.join("v2/bag-info.txt")).unwrap();
    assert!(info.contains("Previous-Version: v1\n"), "{info}");
    bagit_validates(&year.join("v2"));
    // The year folder alone: the same, and the lock the runs keep there is not reported.
    let out = plan_eval(&["archive", "verify", "archive/2024"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  完好\n{}  完好\n{}共核验 2 个版本，0 个有问题；年度目录中另有 10 项不属于归档。\n",
            header(1),
            header(2),
            stray_lines(&expected_strays)
        )
    );
    // Asked for by name, they are not versions.
    for args in [
        vec!["archive", "verify", "archive/2024/v07"],
        vec!["archive", "reproduce", "archive/2024/v07"],
    ] {
        let out = plan_eval(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            text(&out.stderr),
            "错误：archive/2024/v07 不是归档版本目录：版本目录须命名为 v 加不带前导零的序号（如 v1、v12）\n"
        );
    }
    let diff = plan_eval(
        &[
            "archive",
            "diff",
            "2024",
            "v01",
            "v2",
            "--archive",
            "archive",
        ],
        dir.path(),
    );
    assert_eq!(diff.status.code(), Some(2));
    assert_eq!(
        text(&diff.stderr),
        "错误：v01 不是版本名：版本须写作 v 加不带前导零的序号（如 v1、v12）\n"
    );
    // Once they are gone, the archive verifies.
    for name in expected_strays {
        let path = year.join(name);
        if path.is_dir() && !path.is_symlink() {
            fs::remove_dir(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
    }
    let out = verify(dir.path(), &[]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn a_forged_version_whose_seal_was_deleted_is_caught_without_the_key() {
    let dir = temp_dir();
    let hex = keygen(dir.path(), "keys");
    sealed_report(dir.path(), "2025-03-01", "keys/seal-secret.pem");
    let v1 = dir.path().join("archive/2024/v1");
    forge(&v1, "data/report.md", |md| {
        md.replacen("2024年", "2023年", 1)
    });
    fs::remove_file(v1.join("seal-ed25519.txt")).unwrap();
    bagit_validates(&v1);
    let out = verify(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{}  有问题：\n  版本记录已加盖数字封印（Seal-Public-Key-SHA256: {}），但缺少 seal-ed25519.txt：封印已被删除\narchive/register.txt  有问题：\n  版本 2024/v1 的标签清单与登记簿第 2 行记录的摘要不符\n共核验 1 个版本，1 个有问题；登记簿有 1 处问题。\n",
            header(1),
            sha256(&hex::decode(&hex).unwrap())
        )
    );
    assert_eq!(
        text(&out.stderr),
        "错误：1 个版本未通过核验，登记簿有 1 处问题\n"
    );
}
