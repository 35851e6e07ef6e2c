//! Figures no unit can give for the form's own year, on a 15th plan (青山县, data through
//! 2027): a figure published the next year (人均预期寿命, the CO2 intensity) asked for the
//! year before in a block of its own, collected into that year and owed for it; a return
//! of the first form version refused for such a figure; the benchmark series a relative
//! target compares with (全省农村居民人均可支配收入增长) on the evaluator's form and owed by it.
//! It must not test the bundled plan's returns: those are in `collect`.

use super::*;

/// The fixture's folder: the workspace's data and the old return.
fn fixture() -> PathBuf {
    common::root().join("tests/integration/forms/old_form")
}

/// A workspace with the 青山县 data folder in `data/` and its 2027 forms in `forms/`.
fn workspace() -> tempfile::TempDir {
    let dir = common::temp_dir();
    let data = dir.path().join("data");
    fs::create_dir_all(&data).unwrap();
    for name in [
        "plan.yaml",
        "countermeasures.yaml",
        "readings.csv",
        "task_progress.csv",
        "project_progress.csv",
    ] {
        fs::copy(fixture().join(name), data.join(name)).unwrap();
    }
    make_forms(dir.path());
    dir
}

fn make_forms(ws: &Path) {
    let out = plan_eval(
        &[
            "forms", "--year", "2027", "--data", "data", "--out", "forms",
        ],
        ws,
    );
    assert_success(&out);
}

fn form(ws: &Path, unit: &str) -> PathBuf {
    ws.join(format!("forms/2027年度规划实施情况填报表-{unit}.xlsx"))
}

/// Runs openpyxl on the 指标 sheet of `form`: each spec `id|header|value` sets the cell of
/// the row of `id` under `header`, the header read from the nearest header row above the
/// row (the sheet's own, or the second one above the figures published the next year), as
/// a person filling it would; `value` empty only reads. Prints `id|header|value|locked`.
fn cells(form: &Path, out: &Path, specs: &[&str]) -> String {
    let script = r#"
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["指标"]
for spec in sys.argv[3:]:
    row_id, header, value = spec.split("|")
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == row_id)
    top = max(r for r in range(1, row) if sheet.cell(r, 1).value == "指标编号")
    headers = [c.value for c in sheet[top]]
    cell = sheet.cell(row, headers.index(header) + 1)
    if value:
        cell.value = float(value)
    print(f"{row_id}|{header}|{cell.value}|{cell.protection.locked}")
book.save(sys.argv[2])
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(form)
        .arg(out)
        .args(specs)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The title above the second header of `form`'s 指标 sheet (openpyxl).
fn late_title(form: &Path) -> String {
    let script = r#"
import sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1])["指标"]
header = max(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "指标编号")
print(sheet.cell(header - 1, 1).value)
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(form)
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_figure_published_next_year_is_asked_for_the_year_before_and_collected_there() {
    if !openpyxl() {
        return;
    }
    let dir = workspace();
    let ws = dir.path();
    // Owed for 2026 by the form of 2027, named with its year.
    let check = plan_eval(&["check", "--data", "data", "--year", "2027"], ws);
    assert!(
        stdout(&check).contains(
            "县卫健局：尚缺 2 项（指标 1 项、任务 1 项）：2026年数值（次年发布）：人均预期寿命（life_expectancy）；任务：T2-2 提升医疗卫生服务能力"
        ),
        "{}",
        stdout(&check)
    );
    assert_eq!(
        late_title(&form(ws, "青山县卫生健康局")),
        "以下指标的数据次年发布：请填报2026年数值（2027年数值待2028年度填报表填报）"
    );
    fs::create_dir_all(ws.join("filled")).unwrap();
    let filled = ws.join("filled/health.xlsx");
    let seen = cells(
        &form(ws, "青山县卫生健康局"),
        &filled,
        &["life_expectancy|2026年数值（次年发布）|79.4"],
    );
    assert_eq!(
        seen.trim(),
        "life_expectancy|2026年数值（次年发布）|79.4|False"
    );
    let out = plan_eval(
        &[
            "collect",
            "filled/health.xlsx",
            "--year",
            "2027",
            "--data",
            "data",
        ],
        ws,
    );
    assert_success(&out);
    assert!(
        stdout(&out).contains("指标数据新增 1 行"),
        "{}",
        stdout(&out)
    );
    let readings = fs::read_to_string(ws.join("data/readings.csv")).unwrap();
    assert!(
        readings.contains("\n2026,life_expectancy,79.4,"),
        "{readings}"
    );
    assert!(!readings.contains("2027,life_expectancy"), "{readings}");
    let status = fs::read_to_string(ws.join("data/报送情况-2027.csv")).unwrap();
    assert!(status.contains(",县卫健局,1,1,1,0,"), "{status}");
    // Forms made again show the figure now there, read-only, where it was asked.
    fs::remove_dir_all(ws.join("forms")).unwrap();
    make_forms(ws);
    let again = cells(
        &form(ws, "青山县卫生健康局"),
        &ws.join("scratch.xlsx"),
        &["life_expectancy|2026年数值（次年发布）|"],
    );
    assert_eq!(
        again.trim(),
        "life_expectancy|2026年数值（次年发布）|79.4|True"
    );
    assert_eq!(
        late_title(&form(ws, "青山县卫生健康局")),
        "以下指标的数据次年发布：2026年数值已在数据中，仅供参考（2027年数值待2028年度填报表填报）"
    );
    // Returned as it is, that row gives nothing and asks for nothing.
    let out = plan_eval(
        &[
            "collect",
            "scratch.xlsx",
            "--year",
            "2027",
            "--data",
            "data",
        ],
        ws,
    );
    assert_success(&out);
    assert!(
        stdout(&out).contains("指标数据新增 0 行、补填 0 行；任务进展新增 0 行、补填 0 行。"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_first_version_return_is_read_and_its_late_figure_refused() {
    if !openpyxl() {
        return;
    }
    let dir = workspace();
    let ws = dir.path();
    let before = bytes_of(&ws.join("data"));
    let old = fixture().join("return-v1.xlsx");
    let out = plan_eval(
        &[
            "collect",
            old.to_str().unwrap(),
            "--year",
            "2027",
            "--data",
            "data",
        ],
        ws,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(
            "return-v1.xlsx:2: 指标!G2（2027年数值）: 这是旧版填报表：“人均预期寿命”的数据次年发布，旧版表在“2027年数值”一栏填写的“79.2”无法确定是哪一年的数据，未予汇总；请重新下载 2027 年度填报表，在表下方“2026年数值（次年发布）”一栏填报"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes_of(&ws.join("data")), before, "nothing written");
    // Without that figure the rest of the old return is read as before.
    let cleared = ws.join("cleared.xlsx");
    edit(&old, &cleared, &["指标!G2="]);
    let out = plan_eval(
        &[
            "collect",
            "cleared.xlsx",
            "--year",
            "2027",
            "--data",
            "data",
        ],
        ws,
    );
    assert_success(&out);
    assert!(
        stdout(&out).contains("指标数据新增 0 行、补填 0 行；任务进展新增 1 行"),
        "{}",
        stdout(&out)
    );
    let progress = fs::read_to_string(ws.join("data/task_progress.csv")).unwrap();
    assert!(progress.contains("2027,T2-2,序时推进,x"), "{progress}");
}

#[test]
fn the_evaluator_gives_the_benchmark_a_relative_target_compares_with() {
    if !openpyxl() {
        return;
    }
    let dir = workspace();
    let ws = dir.path();
    let check = plan_eval(&["check", "--data", "data", "--year", "2027"], ws);
    assert!(
        stdout(&check).contains(
            "县发改局：尚缺 2 项（指标 1 项、对照数据 1 项）：2026年数值（次年发布）：单位地区生产总值二氧化碳排放累计降低（co2_intensity）；对照数据：全省农村居民人均可支配收入增长（rural_income_province）"
        ),
        "{}",
        stdout(&check)
    );
    fs::create_dir_all(ws.join("filled")).unwrap();
    let seen = cells(
        &form(ws, "青山县发展和改革局"),
        &ws.join("filled/drc.xlsx"),
        &[
            "rural_income_province|规划目标|",
            "rural_income_province|2026年（参考）|",
            "rural_income_province|2027年数值|6.3",
            "co2_intensity|2026年数值（次年发布）|4.1",
        ],
    );
    assert_eq!(
        seen.trim(),
        "rural_income_province|规划目标|（对照数据，供“农村居民人均可支配收入增长”比较）|True\n\
         rural_income_province|2026年（参考）|6.2|True\n\
         rural_income_province|2027年数值|6.3|False\n\
         co2_intensity|2026年数值（次年发布）|4.1|False"
    );
    let out = plan_eval(
        &[
            "collect",
            "filled/drc.xlsx",
            "--year",
            "2027",
            "--data",
            "data",
        ],
        ws,
    );
    assert_success(&out);
    let readings = fs::read_to_string(ws.join("data/readings.csv")).unwrap();
    assert!(
        readings.contains("\n2027,rural_income_province,6.3,"),
        "{readings}"
    );
    assert!(readings.contains("\n2026,co2_intensity,4.1,"), "{readings}");
    let status = fs::read_to_string(ws.join("data/报送情况-2027.csv")).unwrap();
    assert!(status.contains("县发改局,9,9,"), "{status}");
    // The comparison of 2027 is made on the unit's own 2027 figure.
    let data = dataset::load(&ws.join("data")).unwrap();
    let (_, ev) = load_and_evaluate(&ws.join("data"), 2027, None).unwrap();
    let rural = ev
        .indicators
        .iter()
        .find(|i| i.id == "rural_income")
        .unwrap();
    assert!(!rural.stale, "{}", rural.stale_words);
    assert_eq!(
        data.readings
            .series("rural_income_province", 2027)
            .last()
            .map(|r| (r.year, r.value)),
        Some((2027, 6.3))
    );
}

#[test]
fn the_last_years_form_promises_no_form_after_the_plan() {
    if !openpyxl() {
        return;
    }
    let dir = common::temp_dir();
    let bundled = common::bundled();
    let out = plan_eval(
        &[
            "forms",
            "--year",
            "2025",
            "--data",
            bundled.to_str().unwrap(),
            "--out",
            "forms",
        ],
        dir.path(),
    );
    assert_success(&out);
    assert_eq!(
        late_title(
            &dir.path()
                .join("forms/2025年度规划实施情况填报表-丹江口市卫生健康局.xlsx")
        ),
        "以下指标的数据次年发布：请填报2024年数值"
    );
}

/// The benchmark a relative target compares with (全省农村居民人均可支配收入增长, on the
/// evaluator's form) is the same figure as the 全省平均 cell of the indicator compared with it
/// (农村居民人均可支配收入增长, on its lead unit's form): typed in both with different figures,
/// the returns are refused naming both cells, whether the other is in a return of the same
/// collect or already in the data folder; the same figure in both collects.
#[test]
fn a_benchmark_typed_twice_with_different_figures_is_refused_naming_both_cells() {
    if !openpyxl() {
        return;
    }
    let dir = workspace();
    let ws = dir.path();
    fs::create_dir_all(ws.join("filled")).unwrap();
    let drc = ws.join("filled/drc.xlsx");
    let farm = ws.join("filled/farm.xlsx");
    cells(
        &form(ws, "青山县发展和改革局"),
        &drc,
        &["rural_income_province|2027年数值|6.3"],
    );
    let unit = form(ws, "青山县农业农村局");
    let farm_cells = |average: &str| {
        let average = format!("rural_income|2027年全省平均（选填）|{average}");
        cells(&unit, &farm, &["rural_income|2027年数值|6", &average]);
    };
    farm_cells("6.1");
    let before = bytes_of(&ws.join("data"));
    let collect = |files: &[&str]| {
        let mut args = vec!["collect"];
        args.extend(files);
        args.extend(["--year", "2027", "--data", "data"]);
        plan_eval(&args, ws)
    };
    let refused = |other: &str| {
        format!(
            "错误：filled/farm.xlsx:2: 指标!K2（2027年全省平均（选填））: 2027 年指标“rural_income”（农村居民人均可支配收入增长）的全省平均“6.1”与对照数据“全省农村居民人均可支配收入增长”（rural_income_province）的数值“6.3”不同（另一处在 {other}）；两处是同一个数：报告以对照数据评价该指标，又以全省平均作横向比较，两数不一会自相矛盾；请核实后改正其中一处，或把指标行的全省平均留空\n共发现 1 处错误。\n"
        )
    };
    // Both in this collect.
    let out = collect(&["filled/drc.xlsx", "filled/farm.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(stderr(&out), refused("drc.xlsx 指标!G9（2027年数值）"));
    assert_eq!(bytes_of(&ws.join("data")), before, "nothing written");
    // The benchmark collected first, then the unit's differing 全省平均.
    assert_success(&collect(&["filled/drc.xlsx"]));
    let readings = fs::read_to_string(ws.join("data/readings.csv")).unwrap();
    let line = 1 + readings
        .lines()
        .position(|l| l.starts_with("2027,rural_income_province,6.3"))
        .unwrap();
    let out = collect(&["filled/farm.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        refused(&format!("数据目录中的 readings.csv 第 {line} 行"))
    );
    // The same figure in both places (6.30 is 6.3) collects.
    farm_cells("6.30");
    assert_success(&collect(&["filled/farm.xlsx"]));
    let readings = fs::read_to_string(ws.join("data/readings.csv")).unwrap();
    assert!(
        readings.contains("\n2027,rural_income,6,,,,,,6.3,,"),
        "{readings}"
    );
}
