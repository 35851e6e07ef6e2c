//! Mistakes on the command line are told in Chinese with exit code 2, before anything is read
//! or written: a data folder that does not exist or is a file, a date that does not exist, a
//! flag mistyped (with the one meant), flags that cannot go together.

use crate::common::{plan_eval, temp_dir};

/// Exit code and error output of `plan-eval ARGS` in an empty folder; nothing may appear in it.
fn refused(args: &[&str]) -> (Option<i32>, String) {
    let work = temp_dir();
    let out = plan_eval(args, work.path());
    let left: Vec<_> = std::fs::read_dir(work.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

const HELP: &str = "；运行 plan-eval --help 或 plan-eval <命令> --help 查看用法\n";

#[test]
fn a_data_folder_that_is_missing_or_a_file_is_a_command_line_mistake() {
    for args in [
        &["report", "--data", "nowhere", "--out", "draft"][..],
        &[
            "report", "--data", "nowhere", "--year", "2024", "--out", "draft",
        ],
        &["check", "--data", "nowhere", "--year", "2024"],
        &[
            "collect",
            "--data",
            "nowhere",
            "--year",
            "2024",
            "return.xlsx",
        ],
    ] {
        assert_eq!(
            refused(args),
            (
                Some(2),
                "错误：数据目录 nowhere 不存在；请用 --data 给出存放 plan.yaml 和各数据表的目录（不给出时为当前目录下的 data/）\n".to_string()
            ),
            "{args:?}"
        );
    }
    let plan = crate::common::root().join("data/plan.yaml");
    let plan = plan.to_str().unwrap();
    assert_eq!(
        refused(&["report", "--data", plan, "--year", "2024", "--out", "draft"]),
        (
            Some(2),
            format!(
                "错误：{plan} 是文件，不是数据目录；--data 应给出存放 plan.yaml 和各数据表的目录\n"
            )
        )
    );
}

#[test]
fn a_date_is_read_as_staff_write_it_and_one_that_does_not_exist_is_refused() {
    let data = crate::common::root().join("data");
    let data = data.to_str().unwrap();
    for (date, why) in [
        ("2025-02-30", "日期“2025-02-30”不存在（请核对月份和日）"),
        (
            "1969-12-31",
            "日期“1969-12-31”早于 1980 年，不是规划评估报告的落款日期",
        ),
        (
            "31/3/2025",
            "日期“31/3/2025”无法识别，应写作 YYYY-MM-DD，如 2025-03-31",
        ),
    ] {
        assert_eq!(
            refused(&[
                "report", "--data", data, "--year", "2024", "--date", date, "--out", "d"
            ]),
            (
                Some(2),
                format!("错误：参数 --date <DATE> 的值“{date}”无效：{why}{HELP}")
            )
        );
    }
}

#[test]
fn clap_s_own_mistakes_are_told_in_chinese() {
    let cases: [(&[&str], String); 4] = [
        (
            &["report", "--yaer", "2024"],
            format!("错误：无法识别的参数“--yaer”（是否应为 --year？）{HELP}"),
        ),
        (
            &["reprot"],
            format!("错误：无法识别的命令“reprot”（是否应为 report？）{HELP}"),
        ),
        (
            &["report", "--out", "a", "--archive", "b"],
            format!("错误：参数 --out <OUT> 不能与 --archive <ARCHIVE> 同时使用{HELP}"),
        ),
        (
            &["forms"],
            format!("错误：缺少必需的参数：--year <YEAR>{HELP}"),
        ),
    ];
    for (args, told) in cases {
        assert_eq!(refused(args), (Some(2), told), "{args:?}");
    }
}

#[test]
fn a_file_given_for_the_draft_or_archive_folder_is_a_command_line_mistake() {
    let work = temp_dir();
    std::fs::write(work.path().join("afile"), "keep").unwrap();
    let data = crate::common::root().join("data");
    for (flag, what) in [("--out", "草稿目录"), ("--archive", "归档目录")] {
        let out = plan_eval(
            &[
                "report",
                "--data",
                data.to_str().unwrap(),
                "--year",
                "2024",
                flag,
                "afile",
            ],
            work.path(),
        );
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!("错误：afile 是文件，不是目录；{flag} 应给出{what}（不存在时会新建）\n")
        );
        assert_eq!(
            std::fs::read_to_string(work.path().join("afile")).unwrap(),
            "keep"
        );
    }
}
