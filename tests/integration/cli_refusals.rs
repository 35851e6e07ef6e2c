//! Commands refused before they write anything (the audit's F21, F22, F26): a year span
//! running past the plan period, an empty or missing Markdown file for `typeset`, and a
//! folder the system will not let the program write, each told in Chinese with its exit code.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{bundled, plan_eval, temp_dir};

/// Stderr of `out`, asserting its exit code is `code` and stdout is empty.
fn refused(out: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// The names in folder `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_year_span_past_the_plan_period_is_refused_before_any_report() {
    let work = temp_dir();
    let data = bundled().display().to_string();
    for (flag, target) in [("--out", "草稿"), ("--archive", "归档")] {
        let out = plan_eval(
            &[
                "report",
                "--data",
                &data,
                "--year",
                "2021..2099",
                flag,
                target,
            ],
            work.path(),
        );
        assert_eq!(
            refused(&out, 2),
            "错误：评估年度 2021..2099 超出规划实施期 2021—2025 年（2026—2099 年不在其内），未生成任何报告；请把 --year 限定在 2021..2025 之内\n",
            "{flag}"
        );
        assert!(!work.path().join(target).exists(), "{flag} wrote {target}");
    }
    // Before the period, and with two data folders each named.
    let out = plan_eval(
        &[
            "report",
            "--data",
            &data,
            "--data",
            &data,
            "--year",
            "2019..2021",
            "--out",
            "草稿",
        ],
        work.path(),
    );
    let line = format!(
        "{data}：评估年度 2019..2021 超出规划实施期 2021—2025 年（2019—2020 年不在其内），未生成任何报告；请把 --year 限定在 2021..2025 之内"
    );
    assert_eq!(refused(&out, 2), format!("错误：{line}\n{line}\n"));
    assert!(names(work.path()).is_empty());
}

/// A folder holding a Markdown file `name` with `text`.
fn markdown(name: &str, text: &str) -> tempfile::TempDir {
    let dir = temp_dir();
    fs::write(dir.path().join(name), text).unwrap();
    dir
}

#[test]
fn typeset_refuses_an_empty_or_blank_markdown_file_and_writes_nothing() {
    for (text, why) in [
        ("", "文件为空（0 字节）"),
        (" \n\u{3000}\n\n", "文件中只有空白，没有任何文字"),
        ("\u{FEFF}\n", "文件中只有空白，没有任何文字"),
    ] {
        let dir = markdown("报告.md", text);
        let out = plan_eval(&["typeset", "报告.md", "--docx", "报告.docx"], dir.path());
        assert_eq!(
            refused(&out, 1),
            format!(
                "错误：报告.md: {why}，没有可排版的内容，未生成任何文件；请确认给出的是报告的 Markdown 文件，且修改后已保存\n共发现 1 处错误。\n"
            ),
            "{text:?}"
        );
        assert_eq!(names(dir.path()), ["报告.md"], "{text:?}");
    }
}

#[test]
fn typeset_of_a_missing_file_or_a_folder_is_a_command_line_mistake() {
    let dir = temp_dir();
    let out = plan_eval(&["typeset", "无此文件.md"], dir.path());
    assert_eq!(
        refused(&out, 2),
        "错误：文件 无此文件.md 不存在；请给出要排版的报告 Markdown 文件（如 reports/draft/2024/report.md）\n"
    );
    fs::create_dir(dir.path().join("草稿")).unwrap();
    let out = plan_eval(&["typeset", "草稿"], dir.path());
    assert_eq!(
        refused(&out, 2),
        "错误：草稿 是文件夹，不是文件；请给出要排版的报告 Markdown 文件（如 reports/draft/2024/report.md）\n"
    );
    assert_eq!(names(dir.path()), ["草稿"]);
    assert!(names(&dir.path().join("草稿")).is_empty());
}

#[test]
fn a_folder_under_a_file_is_a_command_line_mistake() {
    let work = temp_dir();
    fs::write(work.path().join("afile"), "x").unwrap();
    let data = bundled().display().to_string();
    for flag in ["--out", "--archive"] {
        let out = plan_eval(
            &["report", "--data", &data, "--year", "2024", flag, "afile/x"],
            work.path(),
        );
        let what = if flag == "--out" {
            "草稿目录"
        } else {
            "归档目录"
        };
        assert_eq!(
            refused(&out, 2),
            format!(
                "错误：afile/x 无法作为目录：其中的 afile 是文件，不是目录；{flag} 应给出{what}（不存在时会新建）\n"
            )
        );
    }
    assert_eq!(fs::read_to_string(work.path().join("afile")).unwrap(), "x");
}

/// A folder the program may not write in, for the life of the value: made immutable
/// (`chattr +i`, which binds root as well), or read-only where the user is not root.
/// `None` where neither holds here.
struct Unwritable(PathBuf);

impl Unwritable {
    fn make(dir: &Path) -> Option<Unwritable> {
        let chattr = Command::new("chattr").arg("+i").arg(dir).output();
        if chattr.is_ok_and(|o| o.status.success()) {
            return Some(Unwritable(dir.to_path_buf()));
        }
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join("probe");
        if fs::write(&probe, "").is_ok() {
            let _ = fs::remove_file(&probe);
            fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
            return None;
        }
        Some(Unwritable(dir.to_path_buf()))
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn an_archive_folder_the_program_may_not_write_is_told_in_chinese() {
    let work = temp_dir();
    let archive = work.path().join("归档");
    fs::create_dir(&archive).unwrap();
    let Some(_guard) = Unwritable::make(&archive) else {
        eprintln!("skipped: no way to make a folder unwritable here (root without chattr)");
        return;
    };
    let data = bundled().display().to_string();
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
    assert_eq!(
        refused(&out, 4),
        "错误：无法写入 归档/2024：没有写入权限（该文件夹或其中的文件被设为只读、锁定，或属于其他用户）；请检查权限，或另选一个目录\n"
    );
    assert!(names(&archive).is_empty());
}

/// Runs `plan-eval report --data <bundled> ARGS` in a new folder: the output and the folder.
fn report_dated(args: &[&str]) -> (Output, tempfile::TempDir) {
    let work = temp_dir();
    let data = bundled().display().to_string();
    let mut all = vec!["report", "--data", &data];
    all.extend_from_slice(args);
    (plan_eval(&all, work.path()), work)
}

#[test]
fn a_report_signed_before_its_year_has_ended_is_refused() {
    // Annual, drafted or archived: nothing is written.
    for target in [&["--out", "草稿"][..], &[][..]] {
        let mut args = vec!["--year", "2024", "--date", "2024-12-31"];
        args.extend_from_slice(target);
        let (out, work) = report_dated(&args);
        assert_eq!(
            refused(&out, 2),
            "错误：落款日期 2024年12月31日 早于 2024 年度结束：年度评估报告评价的是 2024 年全年的情况，落款日期应在 2025 年 1 月 1 日或以后；请核对落款日期\n",
            "{target:?}"
        );
        assert!(names(work.path()).is_empty(), "{target:?}");
    }
    // The final review may be written during its last year (on 预计 figures), not before it.
    let (out, _work) = report_dated(&[
        "--year",
        "2025",
        "--date",
        "2024年12月31日",
        "--out",
        "草稿",
    ]);
    assert_eq!(
        refused(&out, 2),
        "错误：落款日期 2024年12月31日 早于 2025 年开始：总结评估报告评价的是到规划期末 2025 年的实施情况，落款日期应在 2025 年 1 月 1 日或以后；请核对落款日期\n"
    );
    // A mid-term review (the plan's midterm_year 2023) may not be signed before its year.
    let (out, _work) = report_dated(&["--year", "2023", "--date", "2022-12-31", "--out", "草稿"]);
    assert_eq!(
        refused(&out, 2),
        "错误：落款日期 2022年12月31日 早于 2023 年开始：中期评估报告评价的是到 2023 年的实施情况，落款日期应在 2023 年 1 月 1 日或以后；请核对落款日期\n"
    );
    // In a span of years one date signs them all: 2021, 2022 and the mid-term 2023 may be
    // signed on 2023-03-01, the annual 2024 not, and nothing is made.
    let (out, work) = report_dated(&[
        "--year",
        "2021..2024",
        "--date",
        "2023-03-01",
        "--out",
        "草稿",
    ]);
    assert!(
        refused(&out, 2).starts_with("错误：落款日期 2023年3月1日 早于 2024 年度结束："),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(names(work.path()).is_empty());
}

#[test]
fn a_midterm_review_may_be_signed_within_its_year_and_a_far_date_is_warned() {
    let (out, work) = report_dated(&["--year", "2023", "--date", "2023-09-30", "--out", "草稿"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(work.path().join("草稿/report.pdf").is_file());
    // Written within its year, it is still told its full-year figures may not be final.
    assert!(
        stderr.contains("警告：落款日期 2023年9月30日 早于 2023 年度结束"),
        "{stderr}"
    );
    // A date decades ahead (a slip for 2028) is made, and warned about.
    let (out, _work) = report_dated(&["--year", "2024", "--date", "2082-02-20", "--out", "草稿"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("警告：落款日期 2082年2月20日 晚于 2025 年度报告的报送期限（2026年3月31日），2024 年度报告中"),
        "{stderr}"
    );
}

#[test]
fn check_names_a_date_the_report_would_refuse_as_an_error() {
    let data = bundled().display().to_string();
    let work = temp_dir();
    let out = plan_eval(
        &[
            "check",
            "--data",
            &data,
            "--year",
            "2024",
            "--date",
            "2024-06-30",
        ],
        work.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("错误：") && stdout.contains("plan.yaml: date: 落款日期 2024年6月30日 早于 2024 年度结束：年度评估报告评价的是 2024 年全年的情况"),
        "{stdout}"
    );
}
