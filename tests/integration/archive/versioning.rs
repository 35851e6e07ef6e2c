//! When a run makes a version: identical runs make one version and a change makes the next,
//! an explicit reason is recorded, and a draft (`--out`) is not archived.

use super::*;

#[test]
fn identical_runs_make_one_version_and_a_change_makes_the_next() {
    let (dir, data) = data_copy();
    let first = report(dir.path(), &data, "2025-03-04", &[]);
    assert_success(&first);
    assert_eq!(
        text(&first.stdout),
        "已生成 2024 年度评估报告并归档为新版本 丹江口-十四五-2024-v1：\n  archive/2024/v1\n"
    );
    let again = report(dir.path(), &data, "2025-03-04", &[]);
    assert_success(&again);
    assert_eq!(
        text(&again.stdout),
        "输入数据、模板和落款日期与最新版本 丹江口-十四五-2024-v1 相同，未生成新版本：\n  archive/2024/v1\n"
    );
    assert_eq!(versions(dir.path()), ["v1"]);

    let readings = data.join("readings.csv");
    let changed =
        fs::read_to_string(&readings)
            .unwrap()
            .replacen("2024,gdp,5.3,", "2024,gdp,5.5,", 1);
    fs::write(&readings, changed).unwrap();
    let second = report(dir.path(), &data, "2025-03-04", &[]);
    assert_success(&second);
    assert_eq!(versions(dir.path()), ["v1", "v2"]);

    let info = fs::read_to_string(dir.path().join("archive/2024/v2/bag-info.txt")).unwrap();
    assert!(
        info.contains("External-Identifier: 丹江口-十四五-2024-v2\n"),
        "{info}"
    );
    assert!(
        info.contains("Version-Reason: 指标数据变更：2024年地区生产总值（GDP）：5.3 → 5.5\n"),
        "{info}"
    );
    assert!(
        info.contains("Source-Organization: 丹江口市发展和改革局\n"),
        "{info}"
    );
    assert!(info.contains("Previous-Version: v1\n"), "{info}");
    for field in [
        "Bagging-Date: ",
        "Payload-Oxum: ",
        "Typst-Version: typst 0.15",
        "Plan-Eval-Version: plan-eval ",
        "Previous-Tagmanifest-SHA256: ",
    ] {
        assert!(info.contains(field), "{field} in {info}");
    }
    // The payload holds the report and exact copies of its inputs.
    for file in [
        "report.md",
        "report.typ",
        "report.pdf",
        "report.docx",
        "evaluation.json",
        "inputs/plan.yaml",
        "inputs/readings.csv",
        "inputs/task_progress.csv",
        "inputs/countermeasures.yaml",
        "inputs/templates/report.md",
        "inputs/templates/layout.typ",
    ] {
        assert!(
            dir.path().join("archive/2024/v2/data").join(file).is_file(),
            "{file}"
        );
    }
    assert_eq!(
        fs::read(dir.path().join("archive/2024/v2/data/inputs/readings.csv")).unwrap(),
        fs::read(&readings).unwrap()
    );
    // Files are read-only once stored.
    let mode = fs::metadata(dir.path().join("archive/2024/v1/data/report.pdf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o222, 0, "read-only");

    let verify = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    assert_eq!(
        text(&verify.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\narchive/2024/v2  丹江口-十四五-2024-v2  完好\n共核验 2 个版本，0 个有问题；登记簿 register.txt：2 个版本均已登记，链值相符。\n"
    );
    let list = text(
        &plan_eval(
            &["archive", "list", "--archive", "archive", "--year", "2024"],
            dir.path(),
        )
        .stdout,
    );
    assert!(list.contains("2024/v1  丹江口-十四五-2024-v1"), "{list}");
    assert!(
        list.contains("落款 2025-03-04  完好  封印 未加盖  原因：首次生成"),
        "{list}"
    );
    assert!(
        list.contains("完好  封印 未加盖  原因：指标数据变更"),
        "{list}"
    );

    let diff = text(
        &plan_eval(
            &[
                "archive",
                "diff",
                "2024",
                "v1",
                "v2",
                "--archive",
                "archive",
            ],
            dir.path(),
        )
        .stdout,
    );
    assert!(diff.starts_with("【指标数据变更】\n  2024年地区生产总值（GDP）：5.3 → 5.5\n【任务进展变更】无\n【评价变更】无\n【报告 Markdown 差异】\n--- v1/report.md\n+++ v2/report.md\n"), "{diff}");
    assert!(
        diff.contains("+1\\.**地区生产总值（GDP）**：2024年达到324.6亿元，2021—2024年年均增长6.9%"),
        "{diff}"
    );

    for v in ["v1", "v2"] {
        bagit_validates(&dir.path().join("archive/2024").join(v));
    }
}

#[test]
fn an_explicit_reason_is_recorded() {
    let dir = temp_dir();
    let out = report(
        dir.path(),
        &bundled(),
        "2025-03-04",
        &["--reason", "按市政府要求\n补充说明"],
    );
    assert_success(&out);
    let info = fs::read_to_string(dir.path().join("archive/2024/v1/bag-info.txt")).unwrap();
    assert!(
        info.contains("Version-Reason: 按市政府要求 补充说明\n"),
        "{info}"
    );
    bagit_validates(&dir.path().join("archive/2024/v1"));
}

#[test]
fn draft_output_is_not_archived() {
    let dir = temp_dir();
    let out = plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            "draft",
        ],
        dir.path(),
    );
    assert_success(&out);
    assert!(text(&out.stdout).starts_with("已生成 2024 年度评估报告草稿（未归档）："));
    assert!(!dir.path().join("reports").exists());
}
