//! The yearly forms as the DRC and the units meet them: `plan-eval forms`
//! writes one protected, marked workbook per lead unit; the units' returns
//! (filled by openpyxl, an independent writer; one re-saved by LibreOffice
//! Calc) collect into the bundled evaluation exactly; every kind of bad
//! return is refused with its file, sheet, row and column, and nothing is
//! written; the 报送情况 table, `check` and the report name who is missing.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use plan_eval::forms::status;
use plan_eval::input::dataset;
use plan_eval::report::measures;
use plan_eval::run::pipeline::{evaluation_json, load_and_evaluate};

use crate::common::forms::{bytes_of, data_without, edit, fill, openpyxl, resave, soffice};
use crate::common::{self, assert_success, plan_eval};

const YEAR: i32 = 2024;
const EDU: &str = "2024年度规划实施情况填报表-丹江口市教育局.xlsx";
const DRC: &str = "2024年度规划实施情况填报表-丹江口市发展和改革局.xlsx";
const FOREST: &str = "2024年度规划实施情况填报表-丹江口市自然资源和规划局（丹江口市林业局）.xlsx";

/// The evaluation of `data` for the year, as JSON.
fn evaluation(data: &Path) -> String {
    let (dataset, ev) = load_and_evaluate(data, YEAR, None).unwrap_or_else(|e| panic!("{e}"));
    let measures = measures::write(&ev, &dataset.rules).unwrap_or_else(|e| panic!("{e}"));
    evaluation_json(&ev, &measures)
}

/// A workspace with the bundled forms of 2024 in `forms/`.
fn with_forms() -> tempfile::TempDir {
    let dir = common::temp_dir();
    let bundled = common::bundled();
    let out = plan_eval(
        &[
            "forms",
            "--year",
            "2024",
            "--data",
            bundled.to_str().unwrap(),
            "--out",
            "forms",
        ],
        dir.path(),
    );
    assert_success(&out);
    dir
}

/// A workspace with the forms in `forms/`, filled with the bundled 2024
/// figures in `filled/`, and a data folder without them in `data/`.
fn with_returns() -> tempfile::TempDir {
    let dir = with_forms();
    fill(
        &dir.path().join("forms"),
        &common::bundled(),
        YEAR,
        &dir.path().join("filled"),
    );
    data_without(&dir.path().join("data"), YEAR);
    projects_returned(dir.path());
    dir
}

/// The bundled major projects' reports without the year's rows, in the data folder `to`.
fn projects_without(to: &Path) {
    let text = fs::read_to_string(common::bundled().join(dataset::PROJECTS_FILE)).unwrap();
    let prefix = format!("{YEAR},");
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with(&prefix))
        .collect();
    fs::write(to.join(dataset::PROJECTS_FILE), kept).unwrap();
}

/// The bundled major projects' reports of the year moved from `ws/data` to the
/// 重大项目 sheets of the returns in `ws/filled` (openpyxl, rows by their ids).
fn projects_returned(ws: &Path) {
    let bundled = common::bundled().join(dataset::PROJECTS_FILE);
    projects_without(&ws.join("data"));
    let script = r##"
import csv, os, sys, openpyxl
filled, table, year = sys.argv[1:4]
with open(table, encoding="utf-8-sig", newline="") as f:
    rows = {r["project"]: r for r in csv.DictReader(l for l in f if not l.startswith("#")) if r["year"] == year}
for name in sorted(os.listdir(filled)):
    path = os.path.join(filled, name)
    book = openpyxl.load_workbook(path)
    if "重大项目" not in book.sheetnames:
        continue
    sheet = book["重大项目"]
    headers = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        found = rows.get(sheet.cell(row, 1).value)
        if not found:
            continue
        sheet.cell(row, headers.index(year + "年进展状态") + 1).value = found["status"]
        if found["investment"]:
            sheet.cell(row, headers.index(year + "年完成投资（亿元）") + 1).value = float(found["investment"])
        if found["note"]:
            sheet.cell(row, headers.index("原因及说明") + 1).value = found["note"]
    book.save(path)
"##;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(ws.join("filled"))
        .arg(&bundled)
        .arg(YEAR.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// The workbooks in `ws/sub`, by their paths from `ws`, sorted.
fn returns(ws: &Path, sub: &str) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = fs::read_dir(ws.join(sub))
        .unwrap()
        .map(|e| Path::new(sub).join(e.unwrap().file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    all.sort();
    all
}

fn collect(ws: &Path, files: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&str> = vec!["collect"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--year", "2024", "--data", "data"]);
    args.extend(extra);
    plan_eval(&args, ws)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn filled_forms_collect_into_exactly_the_bundled_evaluation() {
    if !openpyxl() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    let mut files = returns(dir, "filled");
    assert_eq!(files.len(), 19);
    // A return is known by its marker, not by its name.
    let renamed = dir.join("filled/教育局回执（终稿）.xlsx");
    fs::rename(dir.join("filled").join(EDU), &renamed).unwrap();
    files = returns(dir, "filled");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let out = collect(dir, &refs, &[]);
    assert_success(&out);
    let printed = stdout(&out);
    assert!(printed.starts_with("已读取 19 份填报表：\n"), "{printed}");
    assert!(
        printed.contains("  filled/教育局回执（终稿）.xlsx（市教育局）\n"),
        "{printed}"
    );
    assert!(
        printed.contains("指标数据新增 25 行、补填 0 行；任务进展新增 32 行、补填 0 行；重大项目进展新增 3 行、补填 0 行。\n"),
        "{printed}"
    );
    assert_eq!(
        evaluation(&dir.join("data")),
        evaluation(&common::bundled())
    );
    // Rows of other years are kept byte for byte, comments included.
    for name in ["readings.csv", "task_progress.csv"] {
        let merged = fs::read_to_string(dir.join("data").join(name)).unwrap();
        let before: String = fs::read_to_string(common::bundled().join(name))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("2024,"))
            .map(|l| format!("{l}\n"))
            .collect();
        let kept: String = merged
            .lines()
            .filter(|l| !l.starts_with("2024,"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(kept, before, "{name}");
    }
    // Collecting the same returns again changes nothing.
    let once = bytes_of(&dir.join("data"));
    assert_success(&collect(dir, &refs, &[]));
    assert_eq!(bytes_of(&dir.join("data")), once);
    let table = fs::read(dir.join("data/报送情况-2024.csv")).unwrap();
    assert!(table.starts_with("\u{FEFF}序号,单位,应报指标".as_bytes()));
}

#[test]
fn collecting_again_with_more_returns_continues_where_it_left_off() {
    if !openpyxl() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    let files = returns(dir, "filled");
    let (first, rest) = files.split_at(10);
    let first: Vec<&Path> = first.iter().map(PathBuf::as_path).collect();
    let out = collect(dir, &first, &[]);
    assert_success(&out);
    let printed = stdout(&out);
    assert!(
        printed.contains("| 1 | 市教育局 | 1 | 0 | 1 | 0 | 0 | 0 | 2 | 指标：劳动年龄人口平均受教育年限（edu_years）；任务：T6-1 发展高质量教育 |\n| 2 | 市发改局 | 5 | 5 | 3 | 3 | 0 | 0 | 0 | 已报齐 |\n"),
        "{printed}"
    );
    let rest: Vec<&Path> = rest.iter().map(PathBuf::as_path).collect();
    let out = collect(dir, &rest, &[]);
    assert_success(&out);
    assert!(
        stdout(&out).contains("| 1 | 市教育局 | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 已报齐 |\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out)
            .contains("2024 年度 19 个牵头单位中，17 个已报齐，2 个尚未报齐，共缺 2 项。\n")
    );
    assert_eq!(
        evaluation(&dir.join("data")),
        evaluation(&common::bundled())
    );
}

#[test]
fn a_form_resaved_by_libreoffice_calc_still_collects() {
    if !openpyxl() || !soffice() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    let original = dir.join("filled").join(DRC);
    let resaved = resave(&original, &dir.join("resaved"));
    assert_ne!(fs::read(&resaved).unwrap(), fs::read(&original).unwrap());
    assert_success(&collect(dir, &[&resaved], &[]));
    let by_calc = bytes_of(&dir.join("data"));
    data_without(&dir.join("data2"), YEAR);
    projects_without(&dir.join("data2"));
    fs::remove_dir_all(dir.join("data")).unwrap();
    fs::rename(dir.join("data2"), dir.join("data")).unwrap();
    assert_success(&collect(dir, &[&original], &[]));
    assert_eq!(bytes_of(&dir.join("data")), by_calc);
}

/// One bad return: the form it starts from, the cells changed, and the
/// exact error (after `错误：<file>`).
struct Case {
    name: &'static str,
    form: &'static str,
    edits: &'static [&'static str],
    expected: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "another_plan",
        form: EDU,
        edits: &["plan-eval!B2=s:某某县国民经济和社会发展第十四个五年规划纲要"],
        expected: ": 这是《某某县国民经济和社会发展第十四个五年规划纲要》（丹政办发〔2022〕8号）的填报表，不是本规划《丹江口市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》（丹政办发〔2022〕8号）的；请核对文件",
    },
    Case {
        name: "another_year",
        form: EDU,
        edits: &["plan-eval!B4=s:2023"],
        expected: ": 这是 2023 年度的填报表，本次汇总的是 2024 年度；请核对文件或 --year",
    },
    Case {
        name: "indicator_led_by_another_unit",
        form: EDU,
        edits: &["指标!A3=s:gdp", "指标!I3=n:5.3"],
        expected: ":3: 指标!A3（指标编号）: 市教育局不是指标“gdp”的牵头单位（2024 年度由市发改局牵头填报），不能填报该指标",
    },
    Case {
        name: "task_led_by_another_unit",
        form: EDU,
        edits: &["任务!A9=s:T2-1", "任务!E9=s:序时推进"],
        expected: ":9: 任务!A9（任务编号）: 市教育局不是任务“T2-1”的牵头单位（2024 年度由丹江口经济开发区牵头填报），不能填报该任务",
    },
    Case {
        name: "indicator_not_in_the_plan",
        form: EDU,
        edits: &["指标!A3=s:edu_yeras", "指标!I3=n:5.3"],
        expected: ":3: 指标!A3（指标编号）: 规划中没有编号或名称为“edu_yeras”的指标，是否应为“edu_years”（劳动年龄人口平均受教育年限）？",
    },
    Case {
        name: "changed_id",
        form: EDU,
        edits: &["指标!A2=s:edu_year"],
        expected: ":2: 指标!A2（指标编号）: 编号被改动：下发的填报表中为“edu_years”，现为“edu_year”；请勿改动编号，填错了行请按下发的填报表重新填写",
    },
    Case {
        name: "changed_locked_cell",
        form: EDU,
        edits: &["指标!D2=s:劳动年龄人口平均受教育年限达到11年"],
        expected: ":2: 指标!D2（规划目标）: 只读单元格被改动：下发的填报表中为“劳动年龄人口平均受教育年限达到10.7年”，现为“劳动年龄人口平均受教育年限达到11年”",
    },
    Case {
        name: "changed_earlier_figure",
        form: EDU,
        edits: &["指标!H2=n:10.6"],
        expected: ":2: 指标!H2（2023年（参考））: 只读单元格被改动：下发的填报表中为“10.55”，现为“10.6”",
    },
    Case {
        name: "filled_locked_quota",
        form: EDU,
        edits: &["指标!J2=n:10"],
        expected: ":2: 指标!J2（2024年上级下达目标）: 只读单元格被改动：下发的填报表中为空，现为“10”",
    },
    Case {
        name: "value_not_a_number",
        form: EDU,
        edits: &["指标!I2=s:十点六"],
        expected: ":2: 指标!I2（2024年数值）: 指标“edu_years”的数值“十点六”不是数字",
    },
    Case {
        name: "value_out_of_range",
        form: FOREST,
        edits: &["指标!I2=n:120"],
        expected: ":2: 指标!I2（2024年数值）: 指标“forest_coverage”的数值“120”超出合理范围：单位为“%”的数值不应大于 100，请核对；如确属实际，可在 plan.yaml 中为该指标设置 range",
    },
    Case {
        name: "quota_missing",
        form: DRC,
        edits: &["指标!J2="],
        expected: ":2: 指标!J2（2024年上级下达目标）: 指标“energy_intensity”为完成上级下达指标类，2024 年须填写下达目标（quota）",
    },
    Case {
        name: "status_outside_the_list",
        form: EDU,
        edits: &["任务!E2=s:基本完成"],
        expected: ":2: 任务!E2（2024年进展状态）: 任务“T6-1”的进展状态“基本完成”无法识别，应为：已完成、序时推进、进度滞后、未启动",
    },
    Case {
        name: "account_without_status",
        form: EDU,
        edits: &["任务!E2="],
        expected: ":2: 任务!E2（2024年进展状态）: 任务“T6-1”填写了进展情况，但没有选择进展状态，应为：已完成、序时推进、进度滞后、未启动",
    },
    Case {
        name: "status_of_a_supported_task",
        form: DRC,
        edits: &["任务!E5=s:已完成"],
        expected: ":5: 任务!E5（2024年进展状态）: 只读单元格被改动：下发的填报表中为空，现为“已完成”",
    },
];

#[test]
fn bad_returns_are_refused_naming_file_sheet_row_and_column_and_nothing_is_written() {
    if !openpyxl() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    fs::create_dir_all(dir.join("bad")).unwrap();
    let before = bytes_of(&dir.join("data"));
    let mut failures = Vec::new();
    for case in CASES {
        let file = dir.join("bad").join(format!("{}.xlsx", case.name));
        edit(&dir.join("filled").join(case.form), &file, case.edits);
        let out = collect(dir, &[Path::new(&format!("bad/{}.xlsx", case.name))], &[]);
        let expected = format!(
            "错误：bad/{}.xlsx{}\n共发现 1 处错误。\n",
            case.name, case.expected
        );
        if out.status.code() != Some(1) || stderr(&out) != expected {
            failures.push(format!(
                "{}: exit {:?}\nexpected: {expected}got:      {}",
                case.name,
                out.status.code(),
                stderr(&out)
            ));
        }
        assert_eq!(bytes_of(&dir.join("data")), before, "{}", case.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn files_that_are_no_form_are_refused() {
    if !openpyxl() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    let before = bytes_of(&dir.join("data"));
    fs::write(dir.join("text.xlsx"), "不是工作簿").unwrap();
    let out = collect(dir, &[Path::new("text.xlsx")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：text.xlsx: 不是 Excel 工作簿（.xlsx），无法读取；如是用 WPS 或 Excel 打开过的填报表，请“另存为”Excel 工作簿（.xlsx）后重试\n共发现 1 处错误。\n"
    );
    // A workbook of someone else's: no marker.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "year").unwrap();
    book.save(dir.join("other.xlsx")).unwrap();
    let out = collect(dir, &[Path::new("other.xlsx")], &[]);
    assert_eq!(
        stderr(&out),
        "错误：other.xlsx: 不是本工具生成的填报表（没有隐藏的“plan-eval”标识页）；请使用 plan-eval forms 生成的填报表填写\n共发现 1 处错误。\n"
    );
    // A form of another year, as made for it.
    let bundled = common::bundled();
    assert_success(&plan_eval(
        &[
            "forms",
            "--year",
            "2023",
            "--data",
            bundled.to_str().unwrap(),
            "--out",
            "forms2023",
        ],
        dir,
    ));
    let form = format!("forms2023/{}", EDU.replace("2024", "2023"));
    let out = collect(dir, &[Path::new(&form)], &[]);
    assert_eq!(
        stderr(&out),
        format!(
            "错误：{form}: 这是 2023 年度的填报表，本次汇总的是 2024 年度；请核对文件或 --year\n共发现 1 处错误。\n"
        )
    );
    assert_eq!(bytes_of(&dir.join("data")), before);
}

#[test]
fn two_returns_of_one_unit_that_disagree_are_refused_naming_both() {
    if !openpyxl() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    let before = bytes_of(&dir.join("data"));
    let edu = dir.join("filled").join(EDU);
    fs::copy(&edu, dir.join("a.xlsx")).unwrap();
    edit(&edu, &dir.join("b.xlsx"), &["指标!I2=n:10.7"]);
    let out = collect(dir, &[Path::new("a.xlsx"), Path::new("b.xlsx")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：b.xlsx:2: 指标!I2（2024年数值）: 与同一单位（市教育局）的另一份填报表 a.xlsx 不一致：“edu_years”本表为“10.7”，a.xlsx 中为“10.62”；请核实后只报送一份\n共发现 1 处错误。\n"
    );
    assert_eq!(bytes_of(&dir.join("data")), before);
    // Two that agree, one only partly filled, are one return.
    edit(&edu, &dir.join("c.xlsx"), &["任务!E2=", "任务!F2="]);
    assert_success(&collect(
        dir,
        &[Path::new("c.xlsx"), Path::new("a.xlsx")],
        &[],
    ));
}

#[test]
fn a_changed_figure_needs_replace_and_every_replaced_figure_is_listed() {
    if !openpyxl() {
        return;
    }
    let ws = with_returns();
    let dir = ws.path();
    fs::remove_dir_all(dir.join("data")).unwrap();
    common::copy_data(&dir.join("data"));
    let before = bytes_of(&dir.join("data"));
    edit(
        &dir.join("filled").join(EDU),
        &dir.join("c.xlsx"),
        &["指标!I2=n:10.65", "任务!E2=s:序时推进"],
    );
    let out = collect(dir, &[Path::new("c.xlsx")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：c.xlsx:2: 指标!I2（2024年数值）: “edu_years”2024 年的数值“10.65”与数据目录中已有的“10.62”（readings.csv 第 107 行）不同；如确需以本表为准，请加 --replace 重新运行\n\
         c.xlsx:2: 任务!E2（2024年进展状态）: “T6-1”2024 年的进展状态“序时推进”与数据目录中已有的“已完成”（task_progress.csv 第 91 行）不同；如确需以本表为准，请加 --replace 重新运行\n\
         共发现 2 处错误。\n"
    );
    assert_eq!(bytes_of(&dir.join("data")), before);
    let out = collect(dir, &[Path::new("c.xlsx")], &["--replace"]);
    assert_success(&out);
    assert!(
        stdout(&out).contains(
            "以下 2 项已按填报表替换（--replace）：\n  2024 年“edu_years”的数值：10.62 → 10.65（c.xlsx）\n  2024 年“T6-1”的进展状态：已完成 → 序时推进（c.xlsx）\n"
        ),
        "{}",
        stdout(&out)
    );
    // Only those two lines changed.
    for (name, from, to) in [
        (
            "readings.csv",
            "2024,edu_years,10.62,",
            "2024,edu_years,10.65,",
        ),
        (
            "task_progress.csv",
            "2024,T6-1,已完成,",
            "2024,T6-1,序时推进,",
        ),
    ] {
        let old = String::from_utf8(before[&dir.join("data").join(name)].clone()).unwrap();
        let new = fs::read_to_string(dir.join("data").join(name)).unwrap();
        assert_eq!(new, old.replacen(from, to, 1), "{name}");
    }
}

/// The XML of `part` in the workbook `path`.
fn part(path: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn forms_are_protected_without_password_validated_and_marked() {
    let ws = with_forms();
    let dir = ws.path().join("forms");
    let names: Vec<String> = returns(ws.path(), "forms")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 19);
    assert!(names.contains(&EDU.to_string()));
    let form = dir.join(DRC);
    let workbook = part(&form, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<sheet name="说明" sheetId="1" r:id="rId1"/><sheet name="指标" sheetId="2" r:id="rId2"/><sheet name="任务" sheetId="3" r:id="rId3"/><sheet name="plan-eval" sheetId="4" state="veryHidden" r:id="rId4"/>"#),
        "{workbook}"
    );
    for n in 1..=4 {
        let sheet = part(&form, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(sheet.contains("<sheetProtection "), "sheet{n}");
        assert!(!sheet.contains("password"), "sheet{n}");
    }
    let indicators = part(&form, "xl/worksheets/sheet2.xml");
    // energy_intensity (a quota) takes a value and a quota, gdp a value only.
    assert!(indicators.contains(r#"sqref="I2""#), "{indicators}");
    assert!(indicators.contains(r#"sqref="J2""#), "{indicators}");
    assert!(!indicators.contains(r#"sqref="J3""#), "{indicators}");
    assert!(indicators.contains(r#"<dataValidation type="decimal""#));
    let tasks = part(&form, "xl/worksheets/sheet3.xml");
    assert!(
        tasks.contains("<formula1>\"已完成,序时推进,进度滞后,未启动\"</formula1>"),
        "{tasks}"
    );
    let guide = part(&form, "xl/sharedStrings.xml");
    for text in [
        "丹江口市发展和改革局（市发改局）",
        "请于2025年1月31日前报送丹江口市发展和改革局",
        "市发改局发展规划科",
    ] {
        assert!(guide.contains(text), "{text}");
    }
}

#[test]
fn the_forms_folder_is_replaced_whole_and_an_unrelated_folder_is_refused() {
    let ws = with_forms();
    let bundled = common::bundled();
    let run = |out: &str| {
        plan_eval(
            &[
                "forms",
                "--year",
                "2024",
                "--data",
                bundled.to_str().unwrap(),
                "--out",
                out,
            ],
            ws.path(),
        )
    };
    fs::write(
        ws.path()
            .join("forms")
            .join(format!("{}old.xlsx", "2024年度规划实施情况填报表-")),
        "",
    )
    .unwrap();
    assert_success(&run("forms"));
    assert_eq!(returns(ws.path(), "forms").len(), 19);
    fs::create_dir_all(ws.path().join("mine")).unwrap();
    fs::write(ws.path().join("mine/notes.txt"), "keep").unwrap();
    let out = run("mine");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "错误：目录 mine 中有不是本工具生成的“notes.txt”，为免覆盖，未写入；请另选一个新目录或空目录\n"
    );
    assert_eq!(fs::read_dir(ws.path().join("mine")).unwrap().count(), 1);
    let out = plan_eval(
        &[
            "forms",
            "--year",
            "2030",
            "--data",
            bundled.to_str().unwrap(),
        ],
        ws.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "错误：评估年度 2030 不在规划实施期 2021—2025 年内\n"
    );
}

#[test]
fn status_table_of_the_bundled_data() {
    let data = dataset::load(&common::bundled()).unwrap();
    insta::assert_snapshot!(status::markdown(YEAR, &status::of(&data, YEAR)));
}

#[test]
fn check_says_how_many_items_each_unit_has_still_to_report() {
    let (ws, _) = common::data_copy();
    let out = plan_eval(&["check", "--data", "data", "--year", "2024"], ws.path());
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "警告：data/readings.csv:105: year: 指标“life_expectancy”（人均预期寿命）最新数据为 2023 年，尚无 2024 年数据；报告将采用 2023 年数据并注明\n\
         警告：data/task_progress.csv: task: 任务“T4-3”（拓展金融服务业）没有 2024 年进展情况，报告中将列为“未报送”\n\
         报送情况（2024 年度）：2 个牵头单位尚未报齐：\n  \
         市卫健局：尚缺 1 项（指标 1 项）：指标：人均预期寿命（life_expectancy）\n  \
         中国人民银行丹江口市支行：尚缺 1 项（任务 1 项）：任务：T4-3 拓展金融服务业\n\
         检查通过（2024 年度）：未发现错误，有 2 处警告。\n"
    );
}

#[test]
fn the_report_names_the_units_that_have_not_reported() {
    let (data, ev) = load_and_evaluate(&common::bundled(), YEAR, None).unwrap();
    let meta = plan_eval::report::ReportMeta {
        date: common::report_date(),
        sample: data.sample,
        charts: plan_eval::report::charts::charts(&ev)
            .into_iter()
            .map(|c| (c.file, c.caption))
            .collect(),
    };
    let (_, md) = common::markdown(&data, &ev, &meta);
    assert!(
        md.contains("### （四）监测报送机制有待健全\n\n市卫健局未报送“人均预期寿命”2024年数据；中国人民银行丹江口市支行未报送“拓展金融服务业”2024年度进展情况；规划实施监测的及时性和完整性有待提高。\n"),
        "{md}"
    );
    assert!(
        md.contains("**未报送的指标数据和任务进展**。市卫健局、中国人民银行丹江口市支行未按时报送“人均预期寿命”2024年数据和“拓展金融服务业”2024年度进展情况。"),
        "{md}"
    );
}

/// Sets cells of the 指标 sheet found by the row's id and the column's header,
/// as a person filling the form would (openpyxl, independent of our writer).
fn fill_by_id(form: &Path, out: &Path, cells: &[(&str, &str, &str)]) {
    let script = r#"
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["指标"]
headers = [c.value for c in sheet[1]]
for spec in sys.argv[3:]:
    row_id, header, value = spec.split("|")
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == row_id)
    sheet.cell(row, headers.index(header) + 1).value = float(value) if value.replace(".", "").isdigit() else value
book.save(sys.argv[2])
"#;
    let specs: Vec<String> = cells
        .iter()
        .map(|(id, h, v)| format!("{id}|{h}|{v}"))
        .collect();
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(form)
        .arg(out)
        .args(&specs)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_15th_plans_forms_take_yearly_targets_and_a_units_verdict() {
    if !openpyxl() {
        return;
    }
    let dir = common::temp_dir();
    let data = dir.path().join("data");
    common::copy_dir(&common::plan_fixture("national15"), &data);
    // The 2026 rows are what the units will return.
    let readings = fs::read_to_string(data.join("readings.csv")).unwrap();
    let kept: Vec<&str> = readings
        .lines()
        .filter(|l| !l.starts_with("2026,"))
        .collect();
    fs::write(data.join("readings.csv"), kept.join("\n") + "\n").unwrap();
    let out = plan_eval(
        &[
            "forms", "--year", "2026", "--data", "data", "--out", "forms",
        ],
        dir.path(),
    );
    assert_success(&out);
    let form = |unit: &str| {
        dir.path()
            .join(format!("forms/2026年度规划实施情况填报表-{unit}.xlsx"))
    };
    let drc = form("云岫县发展和改革局");
    let eco = form("青峰市生态环境局云岫分局");
    assert!(
        drc.is_file() && eco.is_file(),
        "{:?}",
        fs::read_dir(dir.path().join("forms"))
            .unwrap()
            .collect::<Vec<_>>()
    );
    // The verdict cell offers the three verdicts; the target cell says how to write a target.
    let mut sheet = String::new();
    zip::ZipArchive::new(fs::File::open(&eco).unwrap())
        .unwrap()
        .by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains("达到预期,基本达到,未达到预期"), "{sheet}");
    fs::create_dir_all(dir.path().join("filled")).unwrap();
    let drc_filled = dir.path().join("filled/drc.xlsx");
    fill_by_id(
        &drc,
        &drc_filled,
        &[
            ("gdp", "2026年数值", "6.5"),
            ("gdp", "2026年下达目标或年度目标", "4.5—5"),
        ],
    );
    let eco_filled = dir.path().join("filled/eco.xlsx");
    fill_by_id(
        &eco,
        &eco_filled,
        &[("eco_environment", "2026年数值", "达到预期")],
    );
    let out = collect_year(dir.path(), &[&drc_filled, &eco_filled], 2026);
    assert_success(&out);
    let merged = fs::read_to_string(data.join("readings.csv")).unwrap();
    assert!(merged.contains("2026,gdp,6.5,4.5—5,"), "{merged}");
    assert!(
        merged.contains("2026,eco_environment,达到预期,"),
        "{merged}"
    );
    // A verdict the list does not offer is refused at its cell, and nothing is written.
    let bad = dir.path().join("filled/eco-bad.xlsx");
    fill_by_id(&eco, &bad, &[("eco_environment", "2026年数值", "很好")]);
    let before = fs::read(data.join("readings.csv")).unwrap();
    let out = collect_year(dir.path(), &[&bad], 2026);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("指标“eco_environment”由牵头单位评估，应填 达到预期、基本达到 或 未达到预期，而不是“很好”"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(data.join("readings.csv")).unwrap(), before);
}

fn collect_year(ws: &Path, files: &[&Path], year: i32) -> std::process::Output {
    let mut args: Vec<String> = vec!["collect".into()];
    args.extend(files.iter().map(|p| p.to_str().unwrap().to_string()));
    args.extend([
        "--year".into(),
        year.to_string(),
        "--data".into(),
        "data".into(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    plan_eval(&args, ws)
}
