//! Many reports in one call: a range of years, several data folders, one
//! failure that does not stop the others, and a summary with an exit code.

use std::fs;

use crate::common::{assert_success, copy_data, plan_eval, temp_dir};

#[test]
fn a_range_of_years_makes_one_report_each() {
    let dir = temp_dir();
    copy_data(&dir.path().join("data"));
    let out = plan_eval(
        &[
            "report",
            "--year",
            "2021..2024",
            "--date",
            "2025-03-04",
            "--data",
            "data",
            "--out",
            "drafts",
            "--jobs",
            "2",
        ],
        dir.path(),
    );
    assert_success(&out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "批量生成结果：\n  成功  data 2021年：草稿 drafts/2021\n  成功  data 2022年：草稿 drafts/2022\n  成功  data 2023年：草稿 drafts/2023\n  成功  data 2024年：草稿 drafts/2024\n共 4 份报告：成功 4，失败 0。\n"
    );
    // Not a terminal: one plain line per finished report, in any order,
    // each followed by that report's warnings, indented under its name.
    let stderr = String::from_utf8(out.stderr).unwrap();
    let mut progress: Vec<String> = stderr
        .lines()
        .filter(|l| !l.starts_with("  "))
        .map(String::from)
        .collect();
    progress.sort();
    let after = |report: &str| {
        let start = stderr.find(&format!("完成 {report}\n")).unwrap();
        let rest = &stderr[start..];
        rest.lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let warned_2024 = after("data 2024年");
    assert_eq!(
        warned_2024,
        [
            "  data 2024年：警告：data/readings.csv:105: year: 指标“life_expectancy”（人均预期寿命）最新数据为 2023 年，尚无 2024 年数据；报告将采用 2023 年数据并注明",
            "  data 2024年：警告：data/task_progress.csv: task: 任务“T4-3”（拓展金融服务业）没有 2024 年进展情况，报告中将列为“未报送”",
        ]
    );
    // A date long after 2021's report was due is said under 2021.
    assert!(
        after("data 2021年")
            .iter()
            .any(|l| l.starts_with("  data 2021年：警告：落款日期 2025年3月4日 晚于 2022 年度报告的报送期限（2023年3月31日）")),
        "{stderr}"
    );
    assert_eq!(
        progress,
        [
            "完成 data 2021年",
            "完成 data 2022年",
            "完成 data 2023年",
            "完成 data 2024年"
        ]
    );
    for year in 2021..=2024 {
        let md = fs::read_to_string(dir.path().join(format!("drafts/{year}/report.md"))).unwrap();
        // 2023 is the plan's mid-term year (`midterm_year`): its report is the mid-term review.
        let title = if year == 2023 {
            "实施情况中期评估报告".to_string()
        } else {
            format!("{year}年度实施情况评估报告")
        };
        assert!(md.starts_with(&format!(
            "# 丹江口市国民经济和社会发展第十四个五年规划纲要{title}\n"
        )));
        assert!(
            dir.path()
                .join(format!("drafts/{year}/report.pdf"))
                .is_file()
        );
    }
}

#[test]
fn one_failing_folder_does_not_stop_the_others() {
    let dir = temp_dir();
    copy_data(&dir.path().join("good"));
    copy_data(&dir.path().join("bad"));
    let readings = dir.path().join("bad/readings.csv");
    let text =
        fs::read_to_string(&readings)
            .unwrap()
            .replacen("2024,gdp,5.3,", "2024,gdp,五点三,", 1);
    fs::write(&readings, text).unwrap();
    let out = plan_eval(
        &[
            "report",
            "--year",
            "2024",
            "--date",
            "2025-03-04",
            "--data",
            "bad",
            "--data",
            "good",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = fs::read_to_string(&readings)
        .unwrap()
        .lines()
        .position(|l| l.contains("五点三"))
        .unwrap()
        + 1;
    assert_eq!(
        stdout,
        format!(
            "批量生成结果：\n  失败  bad 2024年：bad/readings.csv:{line}: value: 指标“gdp”的数值“五点三”不是数字\n        共发现 1 处错误。\n  成功  good 2024年：新版本 丹江口-十四五-2024-v1（reports/good/2024/v1）\n共 2 份报告：成功 1，失败 1。\n"
        )
    );
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
        "错误：1 份报告生成失败"
    );
    // Each folder has its own archive; the failed one left nothing.
    assert!(dir.path().join("reports/good/2024/v1/bagit.txt").is_file());
    assert!(!dir.path().join("reports/bad").exists());
}
