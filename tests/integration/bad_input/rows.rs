//! Rows of the CSV readings: misreads named at their line, a flood of rows refused, rows with
//! fewer fields than the header, empty rows skipped, a file with only its header, and the exit
//! code of a report made from a broken file.

use super::*;

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
