//! The same figures as staff may hand them in — UTF-8 CSV, GB18030 CSV with
//! Chinese headers and names, the wide layout, an Excel workbook — give the
//! same evaluation as the bundled files.

use std::fs;
use std::path::Path;

use plan_eval::plan::{self, Plan};
use plan_eval::report::measures;
use plan_eval::run::pipeline::{evaluation_json, load_and_evaluate};
use rust_xlsxwriter::{Format, Workbook};

use crate::{common, inputs_support};

/// A row of the bundled readings: year, indicator, value, quota, source, note.
type Row = Vec<String>;

fn rows_of(path: &Path) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

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
    let readings = rows_of(&data.join("readings.csv"));
    let mut out = vec![
        ["备注", "数据来源", "下达目标", "实际值", "指标名称", "年份"]
            .map(String::from)
            .to_vec(),
    ];
    for (n, r) in readings.iter().enumerate() {
        out.push(vec![
            r[5].clone(),
            r[4].clone(),
            r[3].clone(),
            as_staff_write(&plan, &r[1], &r[2], n),
            indicator_name(&plan, &r[1]),
            format!("{}年", r[0]),
        ]);
    }
    let text = String::from_utf8(csv_bytes(&out, b',', true)).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the file must not be UTF-8"
    );
    fs::write(data.join("readings.csv"), &gbk).unwrap();

    let tasks = rows_of(&data.join("task_progress.csv"));
    let title = |id: &str| {
        plan.tasks()
            .find(|(_, t)| t.id == id)
            .unwrap()
            .1
            .title
            .clone()
    };
    let mut out = vec![
        ["进展情况", "进展状态", "任务名称", "年度"]
            .map(String::from)
            .to_vec(),
    ];
    for r in &tasks {
        out.push(vec![r[3].clone(), r[2].clone(), title(&r[1]), r[0].clone()]);
    }
    let text = String::from_utf8(csv_bytes(&out, b',', true)).unwrap();
    fs::write(
        data.join("task_progress.csv"),
        encoding_rs::GB18030.encode(&text).0,
    )
    .unwrap();
    assert_same_as_bundled(&tmp);
}

#[test]
fn wide_layout_tab_separated_with_bom() {
    let tmp = common::data_copy().0;
    let data = tmp.path().join("data");
    let readings = rows_of(&data.join("readings.csv"));
    let years: Vec<String> = {
        let mut y: Vec<String> = readings.iter().map(|r| r[0].clone()).collect();
        y.dedup();
        y
    };
    let mut ids: Vec<String> = Vec::new();
    for r in &readings {
        if !ids.contains(&r[1]) {
            ids.push(r[1].clone());
        }
    }
    let mut header = vec!["指标编号".to_string()];
    for y in &years {
        header.extend([
            y.clone(),
            format!("{y}年下达目标"),
            format!("{y}年数据来源"),
            format!("{y}年备注"),
        ]);
    }
    let mut out = vec![header];
    for id in &ids {
        let mut row = vec![id.clone()];
        for y in &years {
            match readings.iter().find(|r| &r[0] == y && &r[1] == id) {
                Some(r) => row.extend([r[2].clone(), r[3].clone(), r[4].clone(), r[5].clone()]),
                None => row.extend([String::new(), String::new(), String::new(), String::new()]),
            }
        }
        out.push(row);
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv_bytes(&out, b'\t', false));
    fs::write(data.join("readings.csv"), bytes).unwrap();

    let tasks = rows_of(&data.join("task_progress.csv"));
    let mut task_ids: Vec<String> = Vec::new();
    let mut task_years: Vec<String> = Vec::new();
    for r in &tasks {
        if !task_ids.contains(&r[1]) {
            task_ids.push(r[1].clone());
        }
        if !task_years.contains(&r[0]) {
            task_years.push(r[0].clone());
        }
    }
    let mut header = vec!["任务编号".to_string()];
    for y in &task_years {
        header.extend([format!("{y}年进展状态"), format!("{y}年进展情况")]);
    }
    let mut out = vec![header];
    for id in &task_ids {
        let mut row = vec![id.clone()];
        for y in &task_years {
            match tasks.iter().find(|r| &r[0] == y && &r[1] == id) {
                Some(r) => row.extend([r[2].clone(), r[3].clone()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        out.push(row);
    }
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
    let readings = rows_of(&data.join("readings.csv"));
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
    for (c, h) in ["年份", "指标", "数值", "省下达指标", "数据来源", "说明"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (i, r) in readings.iter().enumerate() {
        let row = i as u32 + 2;
        sheet
            .write_number(row, 0, r[0].parse::<f64>().unwrap())
            .unwrap();
        sheet.write_string(row, 1, &r[1]).unwrap();
        let is_percent = plan.indicator(&r[1]).is_some_and(|ind| ind.unit == "%");
        for (col, text) in [(2u16, &r[2]), (3, &r[3])] {
            if text.is_empty() {
                continue;
            }
            let v: f64 = text.parse().unwrap();
            if is_percent && i % 2 == 0 {
                // Excel keeps 5.3% as 0.053 and shows it with a % format.
                sheet
                    .write_number_with_format(row, col, v / 100.0, &percent)
                    .unwrap();
            } else {
                sheet.write_number(row, col, v).unwrap();
            }
        }
        sheet.write_string(row, 4, &r[4]).unwrap();
        if !r[5].is_empty() {
            sheet.write_string(row, 5, &r[5]).unwrap();
        }
    }
    book.save(data.join("readings.xlsx")).unwrap();
    fs::remove_file(data.join("readings.csv")).unwrap();

    let tasks = rows_of(&data.join("task_progress.csv"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["年份", "任务编号", "状态", "完成情况"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, r) in tasks.iter().enumerate() {
        let row = i as u32 + 1;
        sheet
            .write_number(row, 0, r[0].parse::<f64>().unwrap())
            .unwrap();
        sheet.write_string(row, 1, &r[1]).unwrap();
        sheet.write_string(row, 2, &r[2]).unwrap();
        sheet.write_string(row, 3, &r[3]).unwrap();
    }
    book.save(data.join("task_progress.xlsx")).unwrap();
    fs::remove_file(data.join("task_progress.csv")).unwrap();
    assert_same_as_bundled(&tmp);
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
