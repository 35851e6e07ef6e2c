//! The same figures as staff may hand them in — UTF-8 CSV, GB18030 CSV with
//! Chinese headers and names, the wide layout, an Excel workbook — give the
//! same evaluation as the bundled files.

use std::fs;
use std::path::Path;

use plan_eval::plan::{self, Plan};
use plan_eval::report::measures;
use plan_eval::run::pipeline::{evaluation_json, load_and_evaluate};
use rust_xlsxwriter::{Format, Workbook};

use crate::inputs_support::tables::{every_column, table_of, wide};
use crate::{common, inputs_support};

fn bundled_plan() -> Plan {
    plan::load(&common::bundled().join("plan.yaml")).unwrap()
}

/// The evaluation of `tmp/data` for `year`, as JSON.
fn evaluation(tmp: &Path, year: i32) -> String {
    let (data, ev) =
        load_and_evaluate(&tmp.join("data"), year, None).unwrap_or_else(|e| panic!("{e}"));
    let measures = measures::write(&ev, &data.rules).unwrap_or_else(|e| panic!("{e}"));
    evaluation_json(&ev, &measures)
}

fn assert_same_as_bundled(variant: &tempfile::TempDir) {
    let bundled = common::data_copy().0;
    for year in [2022, 2024] {
        assert_eq!(
            evaluation(variant.path(), year),
            evaluation(bundled.path(), year)
        );
    }
    let checked = plan_eval::input::check::check(&variant.path().join("data"), Some(2024));
    assert!(checked.passed(), "{}", checked.render());
    assert_eq!(
        checked.problems.warnings(),
        plan_eval::input::check::check(&bundled.path().join("data"), Some(2024))
            .problems
            .warnings()
    );
}

/// The name a row's indicator has in the plan (`…总量` for a level series).
fn indicator_name(plan: &Plan, id: &str) -> String {
    match id.strip_suffix(".level") {
        Some(base) => format!("{}总量", plan.indicator(base).unwrap().name),
        None => plan.indicator(id).unwrap().name.clone(),
    }
}

fn full_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
            '.' => '．',
            other => other,
        })
        .collect()
}

/// `1234.5` → `1,234.5`.
fn thousands(text: &str) -> String {
    let (int, frac) = text
        .split_once('.')
        .map_or((text, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// A value written the way a row of staff might: with %, full-width digits,
/// thousands separators, surrounding spaces.
fn as_staff_write(plan: &Plan, id: &str, value: &str, n: usize) -> String {
    if value.is_empty() {
        return String::new();
    }
    let unit = plan.indicator(id).map(|i| i.unit.as_str()).unwrap_or("");
    match n % 4 {
        0 if unit == "%" => format!("{value}%"),
        1 => full_width_digits(value),
        2 if !value.starts_with('-') && value.split('.').next().unwrap().len() > 3 => {
            thousands(value)
        }
        3 => format!(" {value} "),
        _ => value.to_string(),
    }
}

fn csv_bytes(rows: &[Vec<String>], delimiter: u8, crlf: bool) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn gb18030_csv_with_chinese_headers_names_and_staff_numbers() {
    let plan = bundled_plan();
    let tmp = common::data_copy().0;
    let data = tmp.path().join("data");
    gb18030_readings(&plan, &data);
    gb18030_tasks(&plan, &data);
    assert_same_as_bundled(&tmp);
}

/// `data`'s readings.csv rewritten in GB18030, every column under a Chinese header in the
/// reverse order, indicators by name, values as staff write them.
fn gb18030_readings(plan: &Plan, data: &Path) {
    let readings = table_of(&data.join("readings.csv"));
    // Every column under a Chinese header, in the reverse order.
    let columns: Vec<(usize, &str)> = every_column(
        &readings,
        &[
            ("year", "年份"),
            ("indicator", "指标名称"),
            ("value", "实际值"),
            ("quota", "下达目标"),
            ("source", "数据来源"),
            ("note", "备注"),
            ("tolerance", "允许偏差"),
            ("estimated", "数据性质"),
            ("province_average", "全省平均"),
            ("city_average", "全市平均水平"),
            ("rank", "位次"),
            ("rank_group", "排名范围"),
        ],
    )
    .into_iter()
    .rev()
    .collect();
    let mut out = vec![columns.iter().map(|&(_, h)| h.to_string()).collect()];
    for (n, r) in readings.rows.iter().enumerate() {
        let id = readings.cell(r, "indicator");
        out.push(
            columns
                .iter()
                .map(|&(c, _)| match readings.header[c].as_str() {
                    "year" => format!("{}年", r[c]),
                    "indicator" => indicator_name(plan, id),
                    "value" => as_staff_write(plan, id, &r[c], n),
                    _ => r[c].clone(),
                })
                .collect(),
        );
    }
    let text = String::from_utf8(csv_bytes(&out, b',', true)).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the file must not be UTF-8"
    );
    fs::write(data.join("readings.csv"), &gbk).unwrap();
}

/// `data`'s task_progress.csv rewritten in GB18030, Chinese headers in the reverse order,
/// tasks by title.
fn gb18030_tasks(plan: &Plan, data: &Path) {
    let tasks = table_of(&data.join("task_progress.csv"));
    let title = |id: &str| {
        plan.tasks()
            .find(|(_, t)| t.id == id)
            .unwrap()
            .1
            .title
            .clone()
    };
    let columns: Vec<(usize, &str)> = every_column(
        &tasks,
        &[
            ("year", "年度"),
            ("task", "任务名称"),
            ("status", "进展状态"),
            ("summary", "进展情况"),
            ("experience", "主要做法和经验"),
            ("problems", "存在问题及原因"),
        ],
    )
    .into_iter()
    .rev()
    .collect();
    let mut out = vec![columns.iter().map(|&(_, h)| h.to_string()).collect()];
    for r in &tasks.rows {
        out.push(
            columns
                .iter()
                .map(|&(c, _)| match tasks.header[c].as_str() {
                    "task" => title(&r[c]),
                    _ => r[c].clone(),
                })
                .collect(),
        );
    }
    let text = String::from_utf8(csv_bytes(&out, b',', true)).unwrap();
    fs::write(
        data.join("task_progress.csv"),
        encoding_rs::GB18030.encode(&text).0,
    )
    .unwrap();
}

#[test]
fn wide_layout_tab_separated_with_bom() {
    let tmp = common::data_copy().0;
    let data = tmp.path().join("data");
    let readings = table_of(&data.join("readings.csv"));
    let out = wide(
        &readings,
        "indicator",
        &[
            ("year", None),
            ("indicator", None),
            ("value", Some("")),
            ("quota", Some("下达目标")),
            ("source", Some("数据来源")),
            ("note", Some("备注")),
            ("province_average", Some("全省平均")),
            ("city_average", Some("全市平均")),
            ("rank", Some("位次")),
        ],
    );
    assert_eq!(out[0][0], "indicator");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv_bytes(&out, b'\t', false));
    fs::write(data.join("readings.csv"), bytes).unwrap();

    let tasks = table_of(&data.join("task_progress.csv"));
    let out = wide(
        &tasks,
        "task",
        &[
            ("year", None),
            ("task", None),
            ("status", Some("进展状态")),
            ("summary", Some("进展情况")),
            ("experience", Some("主要做法和经验")),
            ("problems", Some("存在问题及原因")),
        ],
    );
    fs::write(
        data.join("task_progress.csv"),
        csv_bytes(&out, b'\t', false),
    )
    .unwrap();
    assert_same_as_bundled(&tmp);
}

#[test]
fn excel_workbooks_with_a_named_sheet_and_percent_cells() {
    let plan = bundled_plan();
    let tmp = common::data_copy().0;
    let data = tmp.path().join("data");
    excel_readings(&plan, &data);
    excel_tasks(&data);
    assert_same_as_bundled(&tmp);
}

/// `data`'s readings.csv as readings.xlsx: a notes sheet first, a title row above the
/// headers, numbers as numbers and every other % figure as Excel keeps a percent cell.
fn excel_readings(plan: &Plan, data: &Path) {
    let readings = table_of(&data.join("readings.csv"));
    let percent = Format::new().set_num_format("0.0%");
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("填表说明").unwrap();
    notes
        .write_string(0, 0, "本工作簿第二张表为指标数据")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("指标数据").unwrap();
    sheet.write_string(0, 0, "主要指标数据（示例）").unwrap();
    // Each column under a header staff use, and whether it holds numbers.
    let columns = every_column(
        &readings,
        &[
            ("year", ("年份", true)),
            ("indicator", ("指标", false)),
            ("value", ("数值", true)),
            ("quota", ("省下达指标", true)),
            ("source", ("数据来源", false)),
            ("note", ("说明", false)),
            ("province_average", ("全省平均值", true)),
            ("city_average", ("全市平均值", true)),
            ("rank", ("排名", false)),
        ],
    );
    for (c, &(_, (h, _))) in columns.iter().enumerate() {
        sheet.write_string(1, c as u16, h).unwrap();
    }
    for (i, r) in readings.rows.iter().enumerate() {
        let row = i as u32 + 2;
        let is_percent = plan
            .indicator(readings.cell(r, "indicator"))
            .is_some_and(|ind| ind.unit == "%");
        for (col, &(c, (_, numeric))) in columns.iter().enumerate() {
            let (col, text) = (col as u16, &r[c]);
            if text.is_empty() {
                continue;
            }
            if !numeric {
                sheet.write_string(row, col, text).unwrap();
                continue;
            }
            let v: f64 = text.parse().unwrap();
            if is_percent && i % 2 == 0 && readings.header[c] != "year" {
                // Excel keeps 5.3% as 0.053 and shows it with a % format.
                sheet
                    .write_number_with_format(row, col, v / 100.0, &percent)
                    .unwrap();
            } else {
                sheet.write_number(row, col, v).unwrap();
            }
        }
    }
    book.save(data.join("readings.xlsx")).unwrap();
    fs::remove_file(data.join("readings.csv")).unwrap();
}

/// `data`'s task_progress.csv as task_progress.xlsx, under the headers staff use.
fn excel_tasks(data: &Path) {
    let tasks = table_of(&data.join("task_progress.csv"));
    let columns = every_column(
        &tasks,
        &[
            ("year", "年份"),
            ("task", "任务编号"),
            ("status", "状态"),
            ("summary", "完成情况"),
            ("experience", "经验做法"),
            ("problems", "存在问题"),
        ],
    );
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, &(_, h)) in columns.iter().enumerate() {
        sheet.write_string(0, col as u16, h).unwrap();
    }
    for (i, r) in tasks.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, &(c, _)) in columns.iter().enumerate() {
            if tasks.header[c] == "year" {
                sheet
                    .write_number(row, col as u16, r[c].parse::<f64>().unwrap())
                    .unwrap();
            } else {
                sheet.write_string(row, col as u16, &r[c]).unwrap();
            }
        }
    }
    book.save(data.join("task_progress.xlsx")).unwrap();
    fs::remove_file(data.join("task_progress.csv")).unwrap();
}

#[test]
fn a_workbook_error_names_the_excel_row_and_column() {
    let tmp = inputs_support::workspace();
    let data = tmp.path().join("data");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["指标", "2023年", "2024年"].iter().enumerate() {
        sheet.write_string(2, c as u16 + 1, *h).unwrap();
    }
    sheet.write_string(3, 1, "森林覆盖率").unwrap();
    sheet.write_number(3, 2, 66.7).unwrap();
    sheet.write_string(3, 3, "#N/A").unwrap();
    sheet.write_string(4, 1, "床位数").unwrap();
    sheet.write_number(4, 2, 6.32).unwrap();
    book.save(data.join("readings.xlsx")).unwrap();
    fs::remove_file(data.join("readings.csv")).unwrap();
    let out = inputs_support::check_output(tmp.path(), Some(2024));
    let first_lines: Vec<&str> = out.lines().take(2).collect();
    assert_eq!(
        first_lines,
        [
            "错误：data/readings.xlsx:4: 2024年: 指标“森林覆盖率”的数值是 Excel 错误值“#N/A”（公式出错），不是数值也不是“无数据”；请在 Excel 中修正公式或直接填写",
            "错误：data/readings.xlsx:5: 指标: 规划中没有编号或名称为“床位数”的指标，是否应为“beds”（每千人口医疗卫生机构床位数）？",
        ]
    );
}

#[test]
fn trailing_empty_columns_and_rows_from_excel_are_ignored() {
    let clean = inputs_support::workspace();
    let tmp = inputs_support::workspace();
    let path = tmp.path().join("data/readings.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut padded: String = text.lines().map(|l| format!("{l},,,\r\n")).collect();
    padded.push_str(",,,,,,,,,\r\n,,,,,,,,,\r\n\r\n");
    fs::write(&path, padded).unwrap();
    assert_eq!(
        inputs_support::check_output(tmp.path(), Some(2024)),
        "检查通过（2024 年度）：未发现错误或警告。\n"
    );
    assert_eq!(evaluation(tmp.path(), 2024), evaluation(clean.path(), 2024));
}

/// Years typed into date-formatted cells (Excel stores a date serial) are one clear error, not
/// the same error for every row.
#[test]
fn years_stored_as_dates_are_one_error() {
    let tmp = inputs_support::workspace();
    let data = tmp.path().join("data");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["year", "indicator", "value"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for r in 1..=130u32 {
        // 2024-01-01 is serial 45292.
        sheet
            .write_number_with_format(r, 0, 45292.0, &date)
            .unwrap();
        sheet.write_string(r, 1, "forest").unwrap();
        sheet
            .write_number(r, 2, 66.0 + f64::from(r) / 100.0)
            .unwrap();
    }
    book.save(data.join("readings.xlsx")).unwrap();
    fs::remove_file(data.join("readings.csv")).unwrap();
    let out = inputs_support::check_output(tmp.path(), Some(2024));
    let year_errors: Vec<&str> = out.lines().filter(|l| l.contains(": year: ")).collect();
    assert_eq!(
        year_errors,
        [
            "错误：data/readings.xlsx:2: year: 年份“2024-01-01”是日期而不是年份（年份列被设成了“日期”格式，或填写了完整日期）；请把年份列设为“常规”或“文本”格式后填写四位年份（如 2024）。本表中同样的行不再逐一列出"
        ],
        "{out}"
    );
}

/// A workbook formula whose result was never saved (a file written by a program, never opened
/// and recalculated in Excel) is refused, not read as an empty cell, "no figure".
#[test]
fn a_formula_without_its_saved_result_is_refused() {
    if !common::forms::openpyxl() {
        return;
    }
    let tmp = inputs_support::workspace();
    let data = tmp.path().join("data");
    // openpyxl saves a formula without a result, as such programs do.
    let script = "import openpyxl, sys\n\
                  wb = openpyxl.Workbook(); ws = wb.active\n\
                  ws.append(['year', 'indicator', 'value'])\n\
                  ws.append([2024, 'forest', 66.8])\n\
                  ws.append([2024, 'roads', '=1700+40'])\n\
                  wb.save(sys.argv[1])\n";
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(data.join("readings.xlsx"))
        .status()
        .unwrap();
    assert!(status.success());
    fs::remove_file(data.join("readings.csv")).unwrap();
    let out = inputs_support::check_output(tmp.path(), Some(2024));
    assert!(
        out.starts_with(
            "错误：data/readings.xlsx:3: 工作表“Sheet”第 3 行第 3 列是公式“=1700+40”，但文件中没有保存它的计算结果；请在 Excel 或 WPS 中打开、重新计算并保存后再试\n"
        ),
        "{out}"
    );
}
