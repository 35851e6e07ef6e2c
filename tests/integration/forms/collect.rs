//! Collecting the units' returns: filled forms (openpyxl) and one re-saved
//! by LibreOffice Calc collect into exactly the bundled evaluation, a second
//! collect continues where the first left off, and a changed figure needs
//! `--replace`, which lists every figure it replaced.
//! It must not test refusals of bad returns: those are in `refused`.

use super::*;

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
    // The optional cells came through the forms: an average and a rank, a unit's own words.
    let merged = fs::read_to_string(dir.join("data/readings.csv")).unwrap();
    assert!(
        merged
            .lines()
            .any(|l| l.starts_with("2024,gdp,5.3,")
                && l.ends_with(",5.8,,十堰市各县（市、区）第4位")),
        "{merged}"
    );
    let merged = fs::read_to_string(dir.join("data/task_progress.csv")).unwrap();
    assert!(
        merged
            .lines()
            .any(|l| l.starts_with("2024,T2-3,") && l.contains("低于年度目标；新材料产业2个签约项目未如期开工。,,新兴产业招商主要依靠外地企业落户")),
        "{merged}"
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
            .contains("2024 年度 19 个牵头单位中，18 个已报齐，1 个尚未报齐，共缺 1 项。\n")
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
        "错误：c.xlsx:2: 指标!I2（2024年数值）: “劳动年龄人口平均受教育年限”（edu_years）2024 年的数值“10.65”与数据目录中已有的“10.62”（readings.csv 第 107 行）不同；如确需以本表为准，请加 --replace 重新运行\n\
         c.xlsx:2: 任务!E2（2024年进展状态）: “发展高质量教育”（T6-1）2024 年的进展状态“序时推进”与数据目录中已有的“已完成”（task_progress.csv 第 91 行）不同；如确需以本表为准，请加 --replace 重新运行\n\
         共发现 2 处错误。\n"
    );
    assert_eq!(bytes_of(&dir.join("data")), before);
    let out = collect(dir, &[Path::new("c.xlsx")], &["--replace"]);
    assert_success(&out);
    assert!(
        stdout(&out).contains(
            "以下 2 项已按填报表替换（--replace）：\n  2024 年“劳动年龄人口平均受教育年限”（edu_years）的数值：10.62 → 10.65（c.xlsx）\n  2024 年“发展高质量教育”（T6-1）的进展状态：已完成 → 序时推进（c.xlsx）\n"
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
