//! The key files: `archive keygen` writes a key pair (the secret one private) and never
//! overwrites either file; a missing, garbled or public key given to seal (by option or by
//! environment) stops the run with its Chinese message and nothing written; a secret key
//! others may read seals with a warning; a secret key given to verify is refused.

use super::*;

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
