//! The workbooks `forms` writes: protected without a password, validated
//! and marked; the forms folder is replaced whole, an unrelated folder refused.
//! It must not fill or collect returns: that is `collect`'s part.

use super::*;

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
