//! Bad returns refused: every kind of bad cell names its file, sheet, row
//! and column; files that are no form and two disagreeing returns of one
//! unit are refused too, and nothing is written.
//! It must not test returns that collect: those are in `collect`.

use super::*;

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
        expected: ": 这是 2023 年度的填报表，本次汇总的是 2024 年度；请核对文件，或改为汇总 2023 年度",
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
        name: "level_in_yuan_formatted_as_percent",
        form: DRC,
        edits: &["指标!I4=p:3.246"],
        expected: ":4: 指标!I4（2024年数值）: 指标“gdp.level”（地区生产总值（GDP）（总量））的数值“324.6%”来自设成了百分比格式的单元格（单元格中的数是 3.246，显示时乘了 100），但单位是“亿元”，不是百分比；请在 Excel 或 WPS 中把该单元格设为“常规”或“数值”格式，核对数值后保存",
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
        expected: ":2: 指标!I2（2024年数值）: 指标“edu_years”（劳动年龄人口平均受教育年限）的数值“十点六”不是数字",
    },
    Case {
        name: "formula_without_its_result",
        form: EDU,
        edits: &["指标!I2=f:10.5+0.2"],
        expected: ": 工作表“指标”第 2 行第 9 列是公式“=10.5+0.2”，但文件中没有保存它的计算结果；请在 Excel 或 WPS 中打开、重新计算并保存后再报送",
    },
    Case {
        name: "value_out_of_range",
        form: FOREST,
        edits: &["指标!I2=n:120"],
        expected: ":2: 指标!I2（2024年数值）: 指标“forest_coverage”（森林覆盖率）的数值“120”超出合理范围：单位为“%”的占比或比率应在 0～100 之间，请核对；如确属实际，可在 plan.yaml 中为该指标设置 range",
    },
    Case {
        name: "province_average_without_value",
        form: EDU,
        edits: &["指标!I2=", "指标!M2=n:10.8", "指标!O2=s:全市第2位"],
        expected: ":2: 指标!I2（2024年数值）: 指标“edu_years”（劳动年龄人口平均受教育年限）填写了“2024年全省平均”“位次”，但“2024年数值”为空：这些数据只随数值一起汇总，未予汇总；请填写数值，或在尚无数值时清空这些单元格",
    },
    Case {
        name: "quota_missing",
        form: DRC,
        edits: &["指标!J2="],
        expected: ":2: 指标!J2（2024年上级下达目标）: 指标“energy_intensity”（单位GDP能源消耗降低）为完成上级下达指标类，2024 年须填写下达目标",
    },
    Case {
        name: "status_outside_the_list",
        form: EDU,
        edits: &["任务!E2=s:基本完成"],
        expected: ":2: 任务!E2（2024年进展状态）: 任务“T6-1”（发展高质量教育）的进展状态“基本完成”无法识别，应为：已完成、序时推进、进度滞后、未启动",
    },
    Case {
        name: "account_without_status",
        form: EDU,
        edits: &["任务!E2="],
        expected: ":2: 任务!E2（2024年进展状态）: 任务“T6-1”（发展高质量教育）填写了进展情况，但没有选择进展状态，应为：已完成、序时推进、进度滞后、未启动",
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
        "错误：other.xlsx: 不是本工具生成的填报表（没有隐藏的“plan-eval”标识页）；请使用本工具生成的填报表填写\n共发现 1 处错误。\n"
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
            "错误：{form}: 这是 2023 年度的填报表，本次汇总的是 2024 年度；请核对文件，或改为汇总 2023 年度\n共发现 1 处错误。\n"
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
