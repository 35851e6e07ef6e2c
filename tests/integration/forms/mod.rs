//! The yearly forms as the DRC and the units meet them: `plan-eval forms`
//! writes one protected, marked workbook per lead unit; the units' returns
//! (filled by openpyxl, an independent writer; one re-saved by LibreOffice
//! Calc) collect into the bundled evaluation exactly; every kind of bad
//! return is refused with its file, sheet, row and column, and nothing is
//! written; the 报送情况 table, `check` and the report name who is missing.
//! The tests are split by what they meet: `collect` (returns that collect),
//! `refused` (bad returns), `workbook` (the forms written), `reporting` (who
//! has still to report) and `fifteenth` (a 15th plan's forms); this module
//! holds the helpers they share.

mod collect;
mod fifteenth;
mod late;
mod refused;
mod reporting;
mod workbook;

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

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
    standing_and_words_returned(dir.path());
    dir
}

/// The optional cells of the bundled year moved to the returns in `ws/filled` (openpyxl,
/// cells by their headers, rows by their ids): each indicator's 全省平均, 全市平均 and 位次, and
/// each lead unit's 主要做法和经验 and 存在问题及原因, as a unit filling them would.
fn standing_and_words_returned(ws: &Path) {
    let script = r##"
import csv, os, sys, openpyxl
filled, data, year = sys.argv[1:4]
def table(name, key):
    with open(os.path.join(data, name), encoding="utf-8-sig", newline="") as f:
        return {r[key]: r for r in csv.DictReader(l for l in f if not l.startswith("#")) if r["year"] == year}
readings = table("readings.csv", "indicator")
tasks = table("task_progress.csv", "task")
def number(text):
    return float(text)
indicator_cells = [
    ("province_average", year + "年全省平均（选填）", number),
    ("city_average", year + "年全市平均（选填）", number),
    ("rank", "位次（选填，如“全市第2位”）", str),
]
task_cells = [("experience", "主要做法和经验", str), ("problems", "存在问题及原因", str)]
def fill(sheet, rows, cells, lead_only):
    headers = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if lead_only and sheet.cell(row, 4).value != "牵头":
            continue
        found = rows.get(sheet.cell(row, 1).value)
        if not found:
            continue
        for key, header, kind in cells:
            if found.get(key, "").strip():
                sheet.cell(row, headers.index(header) + 1).value = kind(found[key])
for name in sorted(os.listdir(filled)):
    path = os.path.join(filled, name)
    book = openpyxl.load_workbook(path)
    fill(book["指标"], readings, indicator_cells, False)
    fill(book["任务"], tasks, task_cells, True)
    book.save(path)
"##;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(ws.join("filled"))
        .arg(common::bundled())
        .arg(YEAR.to_string())
        .status()
        .unwrap();
    assert!(status.success());
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
