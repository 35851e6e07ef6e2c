//! A 15th plan's forms: yearly targets and a unit's verdict on a target
//! without figures, filled by id and collected for the plan's years.
//! It must not test the bundled 14th plan's returns: those are in `collect`.

use super::*;

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
        stderr(&out).contains("指标“eco_environment”（生态环境质量）由牵头单位评估，应填 达到预期、基本达到 或 未达到预期，而不是“很好”"),
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
