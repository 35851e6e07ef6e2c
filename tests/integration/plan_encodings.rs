//! plan.yaml and countermeasures.yaml saved in the encodings Windows tools use (audit F20):
//! GBK/GB18030 and UTF-16 with a BOM are read as the tables are, giving the evaluation of the
//! UTF-8 files; the archive keeps the bytes as they were and reproduces the report from them;
//! a file in none of these is refused with how to save it.

use std::fs;
use std::path::Path;

use plan_eval::run::pipeline::load_and_evaluate;

use crate::common::{copy_data, plan_eval, temp_dir};

/// `text` in UTF-16 little-endian with its byte-order mark, as Notepad's "Unicode" saves it.
fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// A copy of the bundled data with plan.yaml and countermeasures.yaml re-encoded by `encode`.
fn data_encoded(encode: impl Fn(&str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = temp_dir();
    copy_data(dir.path());
    for name in ["plan.yaml", "countermeasures.yaml"] {
        let path = dir.path().join(name);
        let text = fs::read_to_string(&path).unwrap();
        let bytes = encode(&text);
        assert_ne!(bytes, text.as_bytes(), "{name} re-encoded");
        fs::write(&path, bytes).unwrap();
    }
    dir
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The evaluation of `dir` for 2024 as JSON, and the plan's full name.
fn evaluated(dir: &Path) -> (String, String) {
    let (data, evaluation) = load_and_evaluate(dir, 2024, None).unwrap_or_else(|e| panic!("{e}"));
    (
        serde_json::to_string(&evaluation).unwrap(),
        data.plan.meta.full_name.clone(),
    )
}

#[test]
fn a_plan_in_gbk_or_utf16_reads_as_in_utf8() {
    let (expected, name) = evaluated(&crate::common::bundled());
    assert!(name.contains("丹江口"), "{name}");
    for (label, dir) in [
        ("GB18030", data_encoded(gb18030)),
        ("UTF-16", data_encoded(utf16le)),
    ] {
        let (got, got_name) = evaluated(dir.path());
        assert_eq!(got_name, name, "{label}");
        assert!(
            got == expected,
            "{label}: the evaluation differs from the UTF-8 one"
        );
    }
}

#[test]
fn the_archive_keeps_a_gbk_plan_as_read_and_reproduces_from_it() {
    let dir = data_encoded(gb18030);
    let work = temp_dir();
    let data = dir.path().display().to_string();
    let out = plan_eval(
        &[
            "report",
            "--data",
            &data,
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--archive",
            "归档",
        ],
        work.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let version = work.path().join("归档/2024/v1");
    for name in ["plan.yaml", "countermeasures.yaml"] {
        assert_eq!(
            fs::read(version.join("data/inputs").join(name)).unwrap(),
            fs::read(dir.path().join(name)).unwrap(),
            "{name} stored as read"
        );
    }
    let out = plan_eval(&["archive", "reproduce", "归档/2024/v1"], work.path());
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_plan_in_no_known_encoding_says_how_to_save_it() {
    let dir = temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("plan.yaml");
    let mut bytes = fs::read(&path).unwrap();
    // A byte no encoding of the three allows, at the start of the second line.
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(at, 0xFF);
    fs::write(&path, bytes).unwrap();
    let err = load_and_evaluate(dir.path(), 2024, None).expect_err("refused");
    let shown = err
        .to_string()
        .replace(&format!("{}/", dir.path().display()), "data/");
    assert_eq!(
        shown,
        format!(
            "data/plan.yaml: 无法读取 data/plan.yaml：文件不是 UTF-8 编码（第 2 行、第 {} 字节处无法解码），也不是 GBK/GB18030 或带 BOM 的 UTF-16 编码；请用记事本或 WPS 打开该文件，另存为 UTF-8 编码后重试\n共发现 1 处错误。",
            at + 1
        )
    );
}
