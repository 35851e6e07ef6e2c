//! Unit tests of the user's error messages: OS errors in Chinese, columns named as the file heads them.

use std::io;

use super::*;

/// An OS error of `code`, as the system gives it, and as the temporary-file crate wraps it.
fn both(code: i32) -> [io::Error; 2] {
    let raw = io::Error::from_raw_os_error(code);
    let wrapped = io::Error::new(raw.kind(), format!("{raw} at path \"/x/.staging-1\""));
    [raw, wrapped]
}

#[test]
fn os_errors_are_told_in_chinese_for_reads_and_writes() {
    let dir = Path::new("归档");
    let write = |code: i32| both(code).map(|e| os_reason(dir, &e, Access::Write));
    let read = |code: i32| both(code).map(|e| os_reason(dir, &e, Access::Read));
    let no_write = "没有写入权限（该文件夹或其中的文件被设为只读、锁定，或属于其他用户）；请检查权限，或另选一个目录";
    // EACCES (permission bits) and EPERM (an immutable folder) alike.
    assert_eq!(write(13), [no_write, no_write]);
    assert_eq!(write(1), [no_write, no_write]);
    assert_eq!(read(13)[0], "没有读取权限；请检查该文件或文件夹的权限");
    assert_eq!(read(2)[1], "找不到该文件或文件夹");
    assert_eq!(write(28)[0], "磁盘已满；请清理磁盘空间后重试");
    assert_eq!(
        write(30)[1],
        "所在的磁盘（文件系统）是只读的；请另选一个目录"
    );
    assert_eq!(read(21)[0], "这是一个文件夹，不是文件");
    assert_eq!(write(20)[0], "路径中的一级是文件而不是文件夹");
    // A kind not listed keeps the system's words after a Chinese lead.
    assert!(write(5)[0].starts_with("操作系统报告错误：Input/output error"));
    // The program's own reason is kept as it is.
    let own = io::Error::new(
        io::ErrorKind::PermissionDenied,
        "目录是只读的，未作任何改动",
    );
    assert_eq!(
        os_reason(dir, &own, Access::Write),
        "目录是只读的，未作任何改动"
    );
    // The whole message, path first.
    let error = Error::Write {
        path: PathBuf::from("归档/2024"),
        source: io::Error::from_raw_os_error(13),
    };
    assert_eq!(error.to_string(), format!("无法写入 归档/2024：{no_write}"));
}

#[test]
fn a_tables_problems_name_its_columns_as_the_file_heads_them() {
    let (table, plan) = (Path::new("readings.csv"), Path::new("plan.yaml"));
    let mut found = Problems::default();
    found.name_columns(
        table,
        vec![("year", "年份".to_string()), ("value", "数值".to_string())],
    );
    let mut problems = Problems::default();
    problems.extend(found);
    problems.warn(table, Some(3), "year", "甲".to_string());
    // A header already, another file's key, and a key the table has no name for: kept.
    problems.report(table, Some(4), "实际值", "乙".to_string());
    problems.report(plan, Some(5), "year", "丙".to_string());
    problems.report(table, None, "indicator", "丁".to_string());
    let shown: Vec<String> = problems.as_slice().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "readings.csv:3: 年份: 甲",
            "readings.csv:4: 实际值: 乙",
            "plan.yaml:5: year: 丙",
            "readings.csv: indicator: 丁",
        ]
    );
    // Counted by the header, whichever way the field was given.
    for _ in 0..LISTED_PER_FIELD {
        problems.report(table, None, "数值", "戊".to_string());
    }
    assert!(!problems.lists_more(table, "value"));
    assert!(problems.lists_more(table, "年份"));
}

#[test]
fn a_file_where_a_folder_should_be_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("afile");
    std::fs::write(&file, "x").unwrap();
    let under = file.join("x/2024");
    let error = std::fs::create_dir_all(&under).unwrap_err();
    assert_eq!(
        os_reason(&under, &error, Access::Write),
        format!("“{}”是文件而不是文件夹", file.display())
    );
}
