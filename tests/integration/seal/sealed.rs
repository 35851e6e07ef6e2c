//! What verify accepts: sealed versions (the secret key given by `--sign-key` or by
//! `PLAN_EVAL_SIGN_KEY`) that verify with their public key, with bagit.py and with OpenSSL
//! independently, and a year folder whose other folders and files are named as not versions.
//! It must not test forgeries: those are in `tampering`.

use super::*;

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
