//! Links (symbolic links) out of the data and template folders are refused, not followed.

use super::*;

#[cfg(unix)]
#[test]
fn links_out_of_the_data_and_template_folders_are_refused() {
    use crate::common::plan_eval;
    let outside = temp_dir();
    let secret = outside.path().join("secret.csv");
    fs::write(&secret, "year,indicator,value\n2024,gdp,1\n").unwrap();
    let work = temp_dir();
    let data = work.path().join("data");
    fs::create_dir(&data).unwrap();
    copy_data(&data);
    fs::remove_file(data.join("readings.csv")).unwrap();
    std::os::unix::fs::symlink(&secret, data.join("readings.csv")).unwrap();
    let out = plan_eval(
        &[
            "report", "--data", "data", "--year", "2024", "--out", "draft",
        ],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let resolved = fs::canonicalize(&secret).unwrap();
    assert!(
        stderr.contains(&format!(
            "data/readings.csv: 是指向所在目录之外（{}）的符号链接，为防止读取目录外的文件，不予读取；请把文件本身复制到该目录中",
            resolved.display()
        )),
        "{stderr}"
    );
    assert!(!work.path().join("draft").exists(), "nothing written");

    // A link within the folder is read as the file it names.
    fs::remove_file(data.join("readings.csv")).unwrap();
    copy_data(&outside.path().join("copy"));
    fs::rename(
        outside.path().join("copy/readings.csv"),
        data.join("readings-2024.csv"),
    )
    .unwrap();
    std::os::unix::fs::symlink("readings-2024.csv", data.join("readings.csv")).unwrap();
    let out = plan_eval(&["check", "--data", "data", "--year", "2024"], work.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A template linked out of its folder, and one linked to nothing.
    let templates = work.path().join("templates");
    fs::create_dir(&templates).unwrap();
    std::os::unix::fs::symlink(&secret, templates.join("report.md")).unwrap();
    let out = plan_eval(
        &[
            "report",
            "--data",
            "data",
            "--year",
            "2024",
            "--templates",
            "templates",
            "--out",
            "draft",
        ],
        work.path(),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("templates/report.md") && stderr.contains("是指向所在目录之外（"),
        "{stderr}"
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(!work.path().join("draft").exists(), "nothing written");
    fs::remove_file(templates.join("report.md")).unwrap();
    std::os::unix::fs::symlink("missing.md", templates.join("report.md")).unwrap();
    let out = plan_eval(
        &[
            "report",
            "--data",
            "data",
            "--year",
            "2024",
            "--templates",
            "templates",
            "--out",
            "draft",
        ],
        work.path(),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("templates/report.md")
            && stderr.contains("是指向不存在的文件（missing.md）的符号链接，无法读取"),
        "{stderr}"
    );
    assert!(!work.path().join("draft").exists(), "nothing written");
}
