//! Helpers shared by the integration tests: the bundled data, copies of it,
//! and running the `plan-eval` binary as a user does.
#![allow(dead_code)] // each test crate uses a different part

pub mod pdf;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The bundled data folder.
pub fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Copies the bundled data folder's files into `to`, creating it.
pub fn copy_data(to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(bundled()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// Runs `plan-eval ARGS` in `cwd`.
pub fn plan_eval(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plan-eval"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Fails the test, showing what the command printed on stderr, unless it succeeded.
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Text with all whitespace removed, so that lines wrapped in a PDF compare whole.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
