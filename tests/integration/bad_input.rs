//! Bad input gets a clear Chinese error naming the file, the line and the
//! field, every problem at once, and no report is written.

use std::fs;
use std::path::Path;

use plan_eval::run::pipeline::load_and_evaluate;

use crate::common::{copy_data, temp_dir};

mod walk;

/// A copy of the bundled data folder with `edit` applied to one file.
fn data_with(file: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = temp_dir();
    copy_data(dir.path());
    let target = dir.path().join(file);
    let text = fs::read_to_string(&target).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit must change {file}");
    fs::write(&target, edited).unwrap();
    dir
}

/// The error message with the temporary folder shown as `data/`.
fn error_of(dir: &Path) -> String {
    let err = load_and_evaluate(dir, 2024, None).expect_err("bad input must fail");
    let prefix = format!("{}/", dir.display());
    err.to_string().replace(&prefix, "data/")
}

/// The number of fields of the header of the bundled data's `file` ([`common::header_width`]).
fn header_width(file: &str) -> usize {
    crate::common::header_width(&fs::read_to_string(crate::common::bundled().join(file)).unwrap())
}

/// `cells` (comma-separated, no quotes) with empty cells added to make a row of `width` fields.
fn padded(cells: &str, width: usize) -> String {
    let have = cells.split(',').count();
    assert!(have <= width, "“{cells}” has more than {width} fields");
    format!("{cells}{}", ",".repeat(width - have))
}

fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
        + 1
}

#[test]
fn duplicate_indicator_id() {
    let dir = data_with("plan.yaml", |t| {
        t.replace("  - id: co2_intensity\n", "  - id: energy_intensity\n")
    });
    let line = fs::read_to_string(dir.path().join("plan.yaml"))
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "- id: energy_intensity")
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(
        error_of(dir.path()),
        format!("data/plan.yaml:{line}: id: 编号“energy_intensity”重复\n共发现 1 处错误。")
    );
}

#[test]
fn unknown_responsible_unit() {
    let dir = data_with("plan.yaml", |t| {
        t.replacen("units: [市教育局]", "units: [市教肓局]", 1)
    });
    let line = line_of(dir.path(), "plan.yaml", "units: [市教肓局]");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/plan.yaml:{line}: units: “edu_years”的责任单位“市教肓局”不在单位清单（units）中\n共发现 1 处错误。"
        )
    );
}

#[test]
fn target_kind_without_its_numbers() {
    let dir = data_with("plan.yaml", |t| {
        let start = t.find("  - id: urbanization").unwrap();
        let base = start + t[start..].find("    base: ").unwrap();
        let end = base + t[base..].find('\n').unwrap() + 1;
        let t = format!("{}{}", &t[..base], &t[end..]);
        let gdp = t.find("  - id: gdp\n").unwrap();
        let target = gdp + t[gdp..].find("    target: 10.7\n").unwrap();
        format!(
            "{}{}",
            &t[..target],
            &t[target + "    target: 10.7\n".len()..]
        )
    });
    let gdp = line_of(dir.path(), "plan.yaml", "- id: gdp");
    let urban = line_of(dir.path(), "plan.yaml", "- id: urbanization");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/plan.yaml:{gdp}: target: 指标“gdp”的目标类型为 growth，必须填写年均增速目标（target）\n\
             data/plan.yaml:{urban}: base: 指标“urbanization”的目标类型为 level，必须填写基期值（base）\n\
             共发现 2 处错误。"
        )
    );
}

#[test]
fn unknown_target_kind_names_the_choices() {
    let dir = data_with("plan.yaml", |t| t.replacen("kind: growth", "kind: grow", 1));
    let line = line_of(dir.path(), "plan.yaml", "kind: grow");
    let msg = error_of(dir.path());
    assert!(
        msg.starts_with(&format!(
            "data/plan.yaml:{line}: kind: 指标“gdp”的目标类型“grow”无法识别"
        )),
        "{msg}"
    );
}

#[test]
fn yaml_syntax_error_has_its_line() {
    let dir = data_with("plan.yaml", |t| {
        t.replacen("  base_year: 2020", "  base_year: [2020", 1)
    });
    let msg = error_of(dir.path());
    assert!(msg.starts_with("data/plan.yaml:"), "{msg}");
    assert!(msg.contains("YAML 格式错误"), "{msg}");
}

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
fn values_that_size_the_work_are_bounded() {
    // A base year billions of years back, a plan period of a century, and decimals by the
    // hundred million would make every year, every figure and every number's text cost
    // without bound: each is refused where it is written.
    let dir = data_with("plan.yaml", |t| {
        t.replacen("  base_year: 2020", "  base_year: -2000000000", 1)
            .replacen("    digits: 2 ", "    digits: 100000000 ", 1)
    });
    let base = line_of(dir.path(), "plan.yaml", "base_year: -2000000000");
    let digits = line_of(dir.path(), "plan.yaml", "digits: 100000000");
    let msg = error_of(dir.path());
    assert!(
        msg.contains(&format!(
            "data/plan.yaml:{base}: base_year: 年份 -2000000000 不合常理，应在 1949—2200 之间"
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "data/plan.yaml:{digits}: digits: 指标“edu_years”的小数位数 digits 为 100000000，应为 0—6"
        )),
        "{msg}"
    );
    let dir = data_with("plan.yaml", |t| {
        t.replacen("  base_year: 2020", "  base_year: 1950", 1)
    });
    let target = line_of(dir.path(), "plan.yaml", "target_year: 2025");
    assert!(
        error_of(dir.path()).contains(&format!(
            "data/plan.yaml:{target}: target_year: 规划期 1951—2025 年长达 75 年，规划期应为 1—30 年"
        )),
        "{}",
        error_of(dir.path())
    );
}

#[test]
fn plan_numbers_must_be_finite() {
    // `.nan` and `.inf` are YAML floats; 1e309 is beyond a float, so YAML reads it as a string.
    // Each is refused at load with its line, before any comparison or template sees it.
    for (from, to, shown) in [
        (
            "    target: 10.7\n",
            "    target: .nan\n",
            "数值“NaN”不是有限的数值",
        ),
        (
            "    target: 60\n",
            "    target: -.inf\n",
            "数值“-inf”不是有限的数值",
        ),
        (
            "level: {unit: 亿元, base: 240.0}",
            "level: {unit: 亿元, base: 1e309}",
            "数值“1e309”超出可表示的范围，不是有限的数值",
        ),
    ] {
        let dir = data_with("plan.yaml", |t| t.replacen(from, to, 1));
        let line = line_of(dir.path(), "plan.yaml", to.trim());
        let msg = error_of(dir.path());
        assert!(
            msg.starts_with(&format!(
                "data/plan.yaml:{line}: YAML 格式错误：数值无效：indicators 第 "
            )),
            "{to}: {msg}"
        );
        assert!(msg.contains(shown), "{to}: {msg}");
    }
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

/// The readings file with `edit` applied, checked: what `check` prints, the folder shown as
/// `data/`.
fn check_readings(edit: impl FnOnce(String) -> String) -> String {
    let dir = data_with("readings.csv", edit);
    let checked = plan_eval::input::check::check(dir.path(), Some(2024));
    checked
        .render()
        .replace(&format!("{}/", dir.path().display()), "data/")
}

#[test]
fn csv_misreads_are_errors_with_their_line() {
    let first = |t: &str| t.lines().position(|l| l.starts_with("2024,gdp,")).unwrap() + 1;
    let text = fs::read_to_string(crate::common::bundled().join("readings.csv")).unwrap();
    let gdp = first(&text);
    let gdp_row = text.lines().nth(gdp - 1).unwrap().to_string();
    let width = header_width("readings.csv");
    let beyond = width + 1;

    // An unquoted thousands separator splits a value: the part after it is not dropped unseen.
    // The row is one of the header's width but for the comma in 1,234.
    let split = |row: String| row.replacen("1234", "1,234", 1);
    let out = check_readings(|t| t.replacen(&gdp_row, &split(padded("2024,gdp,1234", width)), 1));
    assert!(
        out.contains(&format!(
            "错误：data/readings.csv:{gdp}: 第{beyond}列: 本行有 {beyond} 个字段，比表头的 {width} 个多，各列的内容可能错了位：数值中的千位分隔逗号（如 1,234）须去掉或给整个数值加英文引号，文字中的英文逗号请改为中文逗号"
        )),
        "{out}"
    );
    // The same with the row's last cell filled: it is pushed past the header's last column.
    let filled = format!("{},备注", padded("2024,gdp,1234,,市统计局", width - 1));
    let out = check_readings(|t| t.replacen(&gdp_row, &split(filled), 1));
    assert!(
        out.contains(&format!(
            "错误：data/readings.csv:{gdp}: 第{beyond}列: 本行第 {beyond} 列有内容“备注”，但表头只有 {width} 列，多出的内容不会被读取"
        )),
        "{out}"
    );

    // An opening quote never closed would swallow the rest of the file.
    let out = check_readings(|t| t.replacen(&gdp_row, "2024,gdp,5.8,,\"市统计局,", 1));
    assert!(
        out.contains(&format!(
            "错误：data/readings.csv:{gdp}: 本行的英文引号（\"）没有配对，从这里到文件末尾的内容都被读成了同一个单元格；请检查该行的引号"
        )),
        "{out}"
    );

    // Excel error values: at a line's start (where `#` would make it a comment), and in a cell.
    let out = check_readings(|t| t.replacen(&gdp_row, &padded("#REF!,gdp,5.8", width), 1));
    assert!(
        out.contains(&format!(
            "错误：data/readings.csv:{gdp}: 本行以 Excel 错误值“#REF!”开头（公式出错），整行会被当作注释丢失；请在 Excel 中修正公式或改填数值后重新导出"
        )),
        "{out}"
    );
    let out = check_readings(|t| t.replacen(&gdp_row, &padded("2024,gdp,#DIV/0!", width), 1));
    assert!(
        out.contains(&format!(
            "错误：data/readings.csv:{gdp}: value: 指标“gdp”的数值是 Excel 错误值“#DIV/0!”（公式出错），不是数值也不是“无数据”；请在 Excel 中修正公式或直接填写"
        )),
        "{out}"
    );

    // A file cut in its last row.
    let lines = text.lines().count();
    let out = check_readings(|t| {
        let cut = t.trim_end().rfind(',').unwrap();
        let row_start = t[..cut].rfind('\n').unwrap() + 1;
        t[..row_start + 5].to_string()
    });
    assert!(
        out.contains(&format!(
            "错误：data/readings.csv:{lines}: 最后一行的字段比上一行少，文件末尾也没有换行：文件可能不完整（被截断），请重新导出或补全该行"
        )),
        "{out}"
    );
}

#[test]
fn a_flood_of_rows_is_refused_and_errors_are_listed_up_to_a_count() {
    // Far more rows than the plan can need: refused at the first one too many.
    let width = header_width("readings.csv");
    let row = |cells: &str| format!("{}\n", padded(cells, width));
    let out = check_readings(|t| t + &row("2024,gdp,1").repeat(5000));
    let first_extra = out
        .lines()
        .find(|l| l.contains("表中的数据行超过"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        first_extra.starts_with("错误：data/readings.csv:")
            && first_extra.ends_with(
                "行，远多于规划的指标（任务）数与年份数所需，从本行起不再读取：请确认这是正确的文件，并删除重复的行"
            ),
        "{out}"
    );
    // Within the bound, the errors of one field are listed twenty at a time, then counted.
    let out = check_readings(|t| t + &row("2024,no_such_indicator,1").repeat(300));
    let listed = out
        .lines()
        .filter(|l| l.contains("规划中没有编号或名称为“no_such_indicator”的指标"))
        .count();
    assert_eq!(listed, 20, "{out}");
    assert!(
        out.contains(
            "错误：data/readings.csv: indicator: 另有 280 处同类错误未逐条列出（每个文件的每个字段只列出前 20 处）"
        ),
        "{out}"
    );
    assert!(out.contains("共发现 300 处错误"), "{out}");
}

#[test]
fn a_very_long_word_wraps_and_hidden_direction_marks_are_dropped() {
    use crate::common::{pdf, plan_eval};
    let work = temp_dir();
    let data = work.path().join("data");
    copy_data(&data);
    let progress = data.join("task_progress.csv");
    let text = fs::read_to_string(&progress).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("2024,T1-1,"))
        .unwrap()
        .to_string();
    let line = text.lines().position(|l| l == row).unwrap() + 1;
    let long = format!("ABC{}", "x".repeat(10_000));
    // The summary (fourth cell) replaced, the row's other cells kept.
    let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
    assert_eq!(cells.len(), header_width("task_progress.csv"), "{row}");
    cells[3] = format!("{long} 已\u{202E}成完\u{202C}。");
    let edited = text.replacen(&row, &cells.join(","), 1);
    fs::write(&progress, edited).unwrap();
    let out = plan_eval(&["check", "--data", "data", "--year", "2024"], work.path());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains(&format!(
            "警告：data/task_progress.csv:{line}: summary: 含有不可见的文字方向控制字符（U+202E），它会让文字显示的顺序与实际不同；报告中已将其去除，请核对该处文字"
        )),
        "{printed}"
    );
    let out = plan_eval(
        &[
            "report", "--data", "data", "--year", "2024", "--out", "draft",
        ],
        work.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let markdown = fs::read_to_string(work.path().join("draft/report.md")).unwrap();
    assert!(!markdown.contains('\u{202E}') && !markdown.contains('\u{202C}'));
    assert!(
        markdown.contains("已成完"),
        "the text kept in its stored order"
    );
    // Every word of every page inside the type area: 26 or 28 mm from the sheet's edges.
    let pages = pdf::read_pages(&work.path().join("draft/report.pdf"));
    let mut printed_x = 0;
    for (i, page) in pages.iter().enumerate() {
        let right = page.width - 26.0 * 72.0 / 25.4;
        for word in &page.words {
            printed_x += word.text.matches('x').count();
            assert!(
                word.x1 <= right + 12.0,
                "page {}: “{}…” ends at {} of {}",
                i + 1,
                word.text.chars().take(20).collect::<String>(),
                word.x1,
                page.width
            );
        }
    }
    assert!(
        printed_x >= 10_000,
        "all of the long word is printed: {printed_x}"
    );
}

#[test]
fn an_error_in_a_layout_template_names_the_template_and_its_line() {
    use crate::common::plan_eval;
    let work = temp_dir();
    let data = work.path().join("data");
    copy_data(&data);
    let templates = work.path().join("templates");
    fs::create_dir(&templates).unwrap();
    let layout = fs::read_to_string(crate::common::root().join("templates/layout.typ")).unwrap();
    let mut lines: Vec<String> = layout.lines().map(str::to_string).collect();
    let broken = lines
        .iter()
        .position(|l| l.starts_with("#let gap"))
        .unwrap();
    lines[broken].push_str(" #let broken = (");
    fs::write(templates.join("layout.typ"), lines.join("\n") + "\n").unwrap();
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
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "错误：模板 templates/layout.typ 有误：typst 排版错误：第 {} 行第 ",
            broken + 1
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!work.path().join("draft").exists(), "nothing written");

    // The same when an edited report is typeset again with that layout.
    fs::write(work.path().join("edited.md"), "# 标题\n\n正文。\n").unwrap();
    let out = plan_eval(
        &[
            "typeset",
            "edited.md",
            "-o",
            "edited.pdf",
            "--templates",
            "templates",
        ],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "错误：模板 templates/layout.typ 有误：typst 排版错误：第 {} 行第 ",
            broken + 1
        )),
        "{stderr}"
    );
    assert!(!work.path().join("edited.pdf").exists(), "nothing written");
}

#[test]
fn yaml_aliases_are_refused_before_they_expand() {
    // One requirement of 100,000 characters repeated 10,000 times by an alias: 400 kB of YAML
    // that would be 6 GB of text.
    let big = "很".repeat(100_000);
    let dir = data_with("plan.yaml", |t| {
        let start = t.find("work_requirements:").unwrap();
        // To the next top-level key.
        let end = start
            + t[start..]
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .find(|&i| t[start + i..].starts_with(|c: char| c.is_ascii_lowercase()))
                .unwrap();
        let aliases = "  - *r\n".repeat(10_000);
        format!(
            "{}work_requirements:\n  - &r {{title: 压实责任, text: \"{big}\"}}\n{aliases}{}",
            &t[..start],
            &t[end..]
        )
    });
    let line = line_of(dir.path(), "plan.yaml", "  - *r");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/plan.yaml:{line}: YAML 格式错误：使用了别名“*r”：规划文件和对策规则文件不使用 YAML 的锚点（&）和别名（*），请把内容直接写出\n共发现 1 处错误。"
        )
    );
}

/// Runs `report --out` and `report --archive` on `data` (year 2024) and asserts both are
/// refused with exit code `code`, print `expected` on stderr, and write nothing. The folder
/// `data` is shown as `data/` in the message.
fn report_refused(data: &Path, code: i32, expected: &str) {
    let work = temp_dir();
    let data_arg = data.display().to_string();
    for (flag, target) in [("--out", "草稿"), ("--archive", "归档")] {
        let out = crate::common::plan_eval(
            &[
                "report",
                "--year",
                "2024",
                "--date",
                "2025-03-04",
                "--data",
                &data_arg,
                flag,
                target,
            ],
            work.path(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr).replace(&format!("{data_arg}/"), "data/");
        assert_eq!(out.status.code(), Some(code), "{flag}: {stderr}");
        assert!(stderr.contains(expected), "{flag}: {stderr}");
        assert!(!work.path().join(target).exists(), "{flag} wrote {target}");
    }
}

/// A readings row with fewer fields than the header (a file cut off, a row that lost its
/// commas) is an error at its line, not a row of no data.
#[test]
fn a_row_with_fewer_fields_than_the_header_is_an_error_at_its_line() {
    let dir = data_with("readings.csv", |t| {
        let row = t
            .lines()
            .find(|l| l.starts_with("2020,energy_intensity,"))
            .unwrap()
            .to_string();
        t.replacen(&format!("{row}\n"), "2020,energy_intensity\n", 1)
    });
    let line = line_of(dir.path(), "readings.csv", "2020,energy_intensity");
    let width = header_width("readings.csv");
    let expected = format!(
        "data/readings.csv:{line}: value: 本行只有 2 个字段，比表头的 {width} 个少，缺少“value”及其后的列：文件可能不完整（被截断），或本行少了分隔符；请补全该行（没有的数据留空，但要保留逗号）"
    );
    assert_eq!(
        error_of(dir.path()),
        format!("{expected}\n共发现 1 处错误。")
    );
    report_refused(dir.path(), 1, &expected);
}

/// Empty rows (`,,,,,`, cells of spaces) as Excel leaves below a table are skipped: they
/// neither stop the file nor count toward its row limit, however many there are.
#[test]
fn empty_rows_are_skipped_and_not_counted() {
    let dir = data_with("readings.csv", |mut t| {
        for i in 0..300_000 {
            t.push_str(if i % 2 == 0 {
                ",,,,,\n"
            } else {
                " , ,\u{3000},,  ,\n"
            });
        }
        t
    });
    let started = std::time::Instant::now();
    let checked = plan_eval::input::check::check(dir.path(), Some(2024));
    assert!(checked.passed(), "{}", checked.render());
    assert!(started.elapsed() < std::time::Duration::from_secs(60));

    // The same in a workbook: rows of spaces far beyond the limit.
    let dir = temp_dir();
    copy_data(dir.path());
    let csv = dir.path().join("readings.csv");
    let text = fs::read_to_string(&csv).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut r = 0u32;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r, c as u16, cell).unwrap();
        }
        r += 1;
    }
    for blank in r..r + 20_000 {
        sheet.write_string(blank, 0, " ").unwrap();
        sheet.write_string(blank, 2, "　").unwrap();
    }
    book.save(dir.path().join("readings.xlsx")).unwrap();
    fs::remove_file(&csv).unwrap();
    let checked = plan_eval::input::check::check(dir.path(), Some(2024));
    assert!(checked.passed(), "{}", checked.render());
}

/// A readings file with only its header: `report` refuses it, naming the file; `check` of the
/// year finds the same error (a check that passes means the report can be made).
#[test]
fn a_readings_file_with_only_its_header_stops_the_report() {
    let dir = data_with("readings.csv", |t| {
        t.lines()
            .filter(|l| l.starts_with('#') || l.starts_with("year,"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    let expected = "data/readings.csv: readings.csv 中没有数据（只有表头，没有任何指标数值），报告中每项指标都将是“数据暂缺”；请先填入指标数据再生成报告";
    report_refused(dir.path(), 1, expected);
    let checked = plan_eval::input::check::check(dir.path(), Some(2024));
    let shown = checked
        .render()
        .replace(&format!("{}/", dir.path().display()), "data/");
    assert!(!checked.passed(), "{shown}");
    assert!(shown.contains(&format!("{expected}\n")), "{shown}");
    assert!(!shown.contains(&format!("警告：{expected}")), "{shown}");
}

/// A broken file a report is made from is exit code 1 (bad data), never 2.
#[test]
fn a_broken_data_file_is_exit_code_1() {
    let dir = data_with("readings.csv", |t| {
        t.replacen("2020,edu_years,10.30", "2020,edu_years,十点三", 1)
    });
    let line = line_of(dir.path(), "readings.csv", "十点三");
    report_refused(dir.path(), 1, &format!("data/readings.csv:{line}: value: "));
}

/// A user's `layout.typ` with an unclosed bracket is named at its own line and column (the
/// layout compiled on its own), not as errors of the generated `report.typ`; nothing written.
#[test]
fn an_unclosed_bracket_in_the_layout_is_named_at_its_line_and_column() {
    let work = temp_dir();
    copy_data(&work.path().join("data"));
    let templates = work.path().join("templates");
    fs::create_dir(&templates).unwrap();
    let layout = fs::read_to_string(crate::common::root().join("templates/layout.typ")).unwrap();
    let mut lines: Vec<&str> = layout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("#let gap"))
        .unwrap()
        + 1;
    lines.insert(at, "#let banner(body) = [#text(weight: \"bold\")[#body]");
    fs::write(templates.join("layout.typ"), lines.join("\n") + "\n").unwrap();
    for (flag, target) in [("--out", "draft"), ("--archive", "archive")] {
        let out = crate::common::plan_eval(
            &[
                "report",
                "--data",
                "data",
                "--year",
                "2024",
                "--date",
                "2025-03-04",
                "--templates",
                "templates",
                flag,
                target,
            ],
            work.path(),
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "错误：模板 templates/layout.typ 有误：typst 排版错误：第 {line} 行第 21 列：unclosed delimiter\n",
                line = at + 1
            )
        );
        assert!(!work.path().join(target).exists(), "{flag} wrote nothing");
    }
}

/// A custom report template citing a variable the report does not have (a typo, or a
/// template from an older `plan-eval init`) is named at the user's file and line, in Chinese,
/// with how to update; `templates refresh` then keeps the old file beside and lists the diff.
#[test]
fn a_template_citing_a_missing_variable_names_its_file_and_line() {
    let work = temp_dir();
    copy_data(&work.path().join("data"));
    let templates = work.path().join("data/templates");
    fs::create_dir(&templates).unwrap();
    let report = fs::read_to_string(crate::common::root().join("templates/report.md")).unwrap();
    let mut lines: Vec<&str> = report.lines().collect();
    let at = lines.len() - 2;
    lines.insert(at, "旧版模板的一句：{{ old_summary_text }}");
    fs::write(templates.join("report.md"), lines.join("\n") + "\n").unwrap();
    let expected = format!(
        "错误：data/templates/report.md:{}: 引用的变量“old_summary_text”在本版本的报告中不存在（模板可能有笔误，或是由旧版 plan-eval init 生成的）；请改正该处，或运行 plan-eval templates refresh --templates data/templates 把模板更新为当前的内置版本（原文件会另存为备份，并列出差异）\n",
        at + 1
    );
    for (flag, target) in [("--out", "draft"), ("--archive", "archive")] {
        let out = crate::common::plan_eval(
            &[
                "report",
                "--data",
                "data",
                "--year",
                "2024",
                "--date",
                "2025-03-04",
                "--templates",
                "data/templates",
                flag,
                target,
            ],
            work.path(),
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        assert_eq!(stderr, expected);
        assert!(!work.path().join(target).exists(), "{flag} wrote nothing");
    }
    let out = crate::common::plan_eval(&["templates", "refresh", "--data", "data"], work.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("-旧版模板的一句：{{ old_summary_text }}"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(templates.join("report.md")).unwrap(),
        report
    );
    let backups: Vec<String> = fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("report.md.旧版-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
}
