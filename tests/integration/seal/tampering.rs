//! What verify catches: a re-hashed forgery of the latest version (with the key, and without it
//! once its seal is deleted), a missing seal, a tampered seal and a seal by another key.

use super::*;

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
