//! Errors in the data and rules files: a reading that is not a number, every problem listed at
//! once, a missing column or file, a bad countermeasure rule or a rules file cut short, a
//! workbook of another format, and a file that is not UTF-8.

use super::*;

#[test]
fn reading_that_is_not_a_number() {
    let dir = data_with("readings.csv", |t| {
        t.replacen("2024,gdp,5.3,", "2024,gdp,十二,", 1)
    });
    let line = line_of(dir.path(), "readings.csv", "2024,gdp,十二");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/readings.csv:{line}: value: 指标“gdp”的数值“十二”不是数字\n共发现 1 处错误。"
        )
    );
}

#[test]
fn every_problem_in_the_data_files_at_once() {
    let dir = data_with("readings.csv", |t| {
        t.replacen("2024,gdp,5.3,", "2024,gpd,5.3,", 1)
            .replacen("2023,gdp,", "2023,unemployment,", 1)
            .replacen(
                "2024,energy_intensity,2.1,3.0,",
                "2024,energy_intensity,2.1,,",
                1,
            )
            .replacen("2022,edu_years,", "2031,edu_years,", 1)
    });
    let progress = dir.path().join("task_progress.csv");
    let text = fs::read_to_string(&progress).unwrap();
    fs::write(&progress, text.replacen(",序时推进,", ",正常推进,", 1)).unwrap();
    let at = |file: &str, needle: &str| line_of(dir.path(), file, needle);
    let expected = [format!(
        "data/readings.csv:{}: year: 年份 2031 不在规划期 2020—2025 年内",
        at("readings.csv", "2031,edu_years")
    )];
    let msg = error_of(dir.path());
    // Each problem names its file, line and field; all five are reported.
    assert!(msg.contains(&expected[0]), "{msg}");
    assert!(
        msg.contains("indicator: 2023 年指标“unemployment”重复填报"),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "data/readings.csv:{}: indicator: 规划中没有编号或名称为“gpd”的指标，是否应为“gdp”（地区生产总值（GDP））？",
            at("readings.csv", "2024,gpd")
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "data/readings.csv:{}: quota: 指标“energy_intensity”为完成上级下达指标类，2024 年须填写下达目标（quota）",
            at("readings.csv", "2024,energy_intensity,2.1,,")
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "data/task_progress.csv:{}: status: 任务“",
            at("task_progress.csv", "正常推进")
        )),
        "{msg}"
    );
    assert!(
        msg.contains("进展状态“正常推进”无法识别，应为：已完成、序时推进、进度滞后、未启动"),
        "{msg}"
    );
    assert!(msg.ends_with("共发现 5 处错误。"), "{msg}");
}

#[test]
fn missing_column_is_named() {
    let dir = data_with("task_progress.csv", |t| {
        t.replacen("year,task,status,summary", "year,task,state,summary", 1)
    });
    let line = line_of(dir.path(), "task_progress.csv", "year,task,state");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/task_progress.csv:{line}: 进展状态: 缺少必需的列“进展状态”（可用列名：status、进展状态、状态）\n共发现 1 处错误。"
        )
    );
}

#[test]
fn bad_countermeasure_rule() {
    let dir = data_with("countermeasures.yaml", |t| {
        t.replacen("grades: [数据暂缺]", "grades: [数据缺失]", 1)
    });
    let line = line_of(dir.path(), "countermeasures.yaml", "grades: [数据缺失]");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/countermeasures.yaml:{line}: grades: 规则“no_data”的评价等级“数据缺失”无法识别，应为：提前实现、快于预期、基本符合预期、滞后于预期、明显滞后于预期、超额完成、完成、基本完成、未完成、数据暂缺（也可用序时进度用语：已提前实现、快于序时进度、符合序时进度、滞后于序时进度、明显滞后）\n共发现 1 处错误。"
        )
    );
}

#[test]
fn a_workbook_of_another_format_is_named_with_what_to_do() {
    let dir = data_with("readings.csv", |t| t + "\n");
    fs::remove_file(dir.path().join("task_progress.csv")).unwrap();
    fs::write(dir.path().join("task_progress.xls"), b"\xd0\xcf\x11\xe0").unwrap();
    assert_eq!(
        error_of(dir.path()),
        "data/task_progress.csv: 缺少数据文件（应有 task_progress.csv 或 task_progress.xlsx）；文件夹中的 task_progress.xls 不能直接读取，请在 Excel 或 WPS 中“另存为” .xlsx 工作簿或 CSV 文件\n共发现 1 处错误。"
    );
}

#[test]
fn missing_data_file_names_it() {
    let dir = data_with("readings.csv", |t| t + "\n");
    fs::remove_file(dir.path().join("readings.csv")).unwrap();
    assert_eq!(
        error_of(dir.path()),
        "data/readings.csv: 缺少数据文件（应有 readings.csv 或 readings.xlsx）\n共发现 1 处错误。"
    );
}

#[test]
fn a_rules_file_cut_short_names_the_missing_section() {
    // Cut before its task rules, the file still parses: the missing sections are named.
    let dir = data_with("countermeasures.yaml", |t| {
        t[..t.find("\ntask_rules:").unwrap()].to_string()
    });
    let msg = error_of(dir.path());
    assert!(
        msg.contains("data/countermeasures.yaml:")
            && msg.contains(
                ": YAML 格式错误：缺少必填项“task_rules”，整个部分都没有：文件可能不完整或被截断，或漏写了这一部分\n"
            ),
        "{msg}"
    );
}

#[test]
fn a_file_that_is_not_utf8_names_its_line() {
    let dir = temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("countermeasures.yaml");
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes
        .windows(11)
        .position(|w| w == b"\ntask_rules")
        .unwrap()
        + 1;
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    bytes.insert(at, 0xff);
    fs::write(&path, bytes).unwrap();
    let msg = error_of(dir.path());
    assert!(
        msg.contains(&format!(
            "文件不是 UTF-8 编码（第 {line} 行、第 {} 字节处无法解码）",
            at + 1
        )),
        "{msg}"
    );
}
