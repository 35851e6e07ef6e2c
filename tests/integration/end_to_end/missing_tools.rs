//! A missing `typst` or missing CJK fonts are explained with the command that installs them.

use std::path::Path;
use std::process::{Command, Output};

use crate::common;
use crate::common::bundled;

#[test]
fn missing_typst_is_explained_with_the_install_command() {
    let dir = common::temp_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args([
            "report",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ])
        .current_dir(dir.path())
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir.path())
        .env_remove("PLAN_EVAL_TYPST")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Warnings about the data may come first; the error is the last line.
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("错误：未找到 typst 命令"), "{stderr}");
    assert!(
        stderr.contains("cargo install typst-cli --locked"),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
}

#[test]
fn missing_cjk_fonts_are_explained_with_the_install_command() {
    let dir = common::temp_dir();
    let out = plan_eval_with_env(
        &[
            "report",
            "--year",
            "2024",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        dir.path(),
        ("TYPST_IGNORE_SYSTEM_FONTS", "true"),
    );
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("错误：未找到可用的中文字体"), "{stderr}");
    assert!(
        stderr.contains("apt-get install fonts-noto-cjk fonts-arphic-ukai"),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
}

fn plan_eval_with_env(args: &[&str], cwd: &Path, (key, value): (&str, &str)) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args(args)
        .current_dir(cwd)
        .env(key, value)
        .output()
        .unwrap()
}
