//! `plan-eval init`: a workspace for another city that passes `check` as
//! created, and from which a complete report is built once it is filled —
//! with nothing of 丹江口 in it.

use std::fs;

use crate::common;
use crate::common::{assert_success, plan_eval};
use chrono::NaiveDate;
use plan_eval::input::check::check;
use plan_eval::run::pipeline::{ReportRequest, build_report};

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 4).unwrap()
}

#[test]
fn the_new_workspace_holds_every_file_and_passes_check() {
    let tmp = common::temp_dir();
    let out = plan_eval(&["init", "某某县"], tmp.path());
    assert_success(&out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "已在 某某县 新建工作区，请按其中的“使用说明.txt”修改 plan.yaml 并填写数据，然后运行：plan-eval check --data 某某县\n"
    );
    let dir = tmp.path().join("某某县");
    let mut names: Vec<String> = walk(&dir);
    names.sort();
    assert_eq!(
        names,
        [
            "countermeasures.yaml",
            "plan.yaml",
            "project_progress.csv",
            "readings.csv",
            "task_progress.csv",
            "templates/annexes.md",
            "templates/layout.typ",
            "templates/macros.md",
            "templates/parts.md",
            "templates/report-final.md",
            "templates/report.md",
            "使用说明.txt",
        ]
    );
    // The templates are the built-in ones, copied.
    for (name, text) in plan_eval::templating::Templates::load(None)
        .unwrap()
        .sources
    {
        assert_eq!(
            fs::read_to_string(dir.join("templates").join(&name)).unwrap(),
            text
        );
    }
    // The plan shows every target kind.
    let plan = plan_eval::plan::load(&dir.join("plan.yaml")).unwrap();
    let mut kinds: Vec<&str> = plan
        .indicators
        .iter()
        .map(|i| i.target.kind_key())
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "assessed",
            "band",
            "ceiling",
            "cumulative",
            "floor",
            "growth",
            "level",
            "quota",
            "rank",
            "relative",
            "trend",
            "yearly"
        ]
    );
    // The data files are empty but for their headers, which Excel opens as UTF-8.
    assert_eq!(
        fs::read(dir.join("readings.csv")).unwrap(),
        "\u{FEFF}年份,指标,数值,下达目标,允许偏差,数据性质,数据来源,备注,全省平均,全市平均,位次\r\n"
            .as_bytes()
    );
    assert_eq!(
        fs::read(dir.join("task_progress.csv")).unwrap(),
        "\u{FEFF}年份,任务,进展状态,进展情况,主要做法和经验,存在问题及原因\r\n".as_bytes()
    );
    assert_eq!(
        check(&dir, None).render(),
        "检查通过（未做按年度的检查）：未发现错误或警告。\n"
    );
    // A second init into the same folder is refused: a command-line mistake.
    let again = plan_eval(&["init", "某某县"], tmp.path());
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(again.stderr).unwrap(),
        "错误：目录 某某县 已存在且不为空；请指定一个新目录，以免覆盖已有文件\n"
    );
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            out.extend(walk(&path).into_iter().map(|n| format!("{name}/{n}")));
        } else {
            out.push(name);
        }
    }
    out
}

#[test]
fn the_14th_plan_starter_once_filled_builds_a_report() {
    let tmp = common::temp_dir();
    let dir = tmp.path().join("ws");
    plan_eval::run::init::create_for(&dir, plan_eval::run::init::Layout::Fourteenth).unwrap();
    let mut readings = String::from("\u{FEFF}年份,指标,数值,下达目标,数据来源,备注\r\n");
    // (indicator, five yearly values, five yearly quotas)
    type Series<'a> = (&'a str, [&'a str; 5], Option<[&'a str; 5]>);
    let series: [Series; 12] = [
        ("地区生产总值", ["2.0", "8.1", "4.0", "6.2", "5.9"], None),
        (
            "地区生产总值总量",
            ["100", "108.1", "112.4", "119.4", "126.4"],
            None,
        ),
        (
            "常住人口城镇化率",
            ["50.0", "51.1", "52.0", "52.8", "53.9"],
            None,
        ),
        ("森林覆盖率", ["62.0", "62.1", "62.3", "62.2", "62.4"], None),
        ("城镇调查失业率", ["4.8", "5.0", "4.9", "5.1", "5.0"], None),
        (
            "单位GDP能源消耗降低",
            ["3.0", "3.1", "2.9", "3.2", "3.0"],
            Some(["3.0", "3.0", "3.0", "3.0", "3.0"]),
        ),
        (
            "每千人口执业（助理）医师数",
            ["2.50", "2.58", "2.66", "2.75", "2.81"],
            None,
        ),
        ("婴儿死亡率", ["5.0", "4.8", "4.6", "4.5", "4.3"], None),
        (
            "细颗粒物（PM2.5）平均浓度",
            ["38.0", "37.5", "36.8", "36.0", "35.5"],
            None,
        ),
        (
            "居民消费价格涨幅",
            ["2.5", "2.8", "3.1", "2.9", "3.2"],
            None,
        ),
        (
            "单位GDP能源消耗累计降低",
            ["", "2.8", "2.7", "2.9", "2.6"],
            None,
        ),
        ("城镇新增就业", ["", "0.21", "0.20", "0.19", "0.22"], None),
    ];
    for (name, values, quotas) in series {
        for (i, v) in values.iter().enumerate() {
            let q = quotas.map_or("", |q| q[i]);
            readings.push_str(&format!("{},{name},{v},{q},县统计局,\r\n", 2020 + i));
        }
    }
    fs::write(dir.join("readings.csv"), readings).unwrap();
    fs::write(
        dir.join("task_progress.csv"),
        "\u{FEFF}年份,任务,进展状态,进展情况\r\n\
         2024,壮大特色产业,序时推进,新增规上企业5家。\r\n\
         2024,T2-1,已完成,城镇新增就业3200人。\r\n\
         2024,提升医疗服务水平,进度滞后,县医院新院区建设延期。\r\n",
    )
    .unwrap();
    let checked = check(&dir, Some(2024));
    assert_eq!(
        checked.render(),
        "检查通过（2024 年度）：未发现错误或警告。\n"
    );
    let report = build_report(&ReportRequest {
        kind: None,
        year: 2024,
        data: dir.clone(),
        templates: Some(dir.join("templates")),
        date: date(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let md = &report.markdown;
    assert!(
        md.starts_with("# 某某县国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告\n"),
        "{md}"
    );
    assert!(md.contains("县人民政府："), "{md}");
    assert!(md.contains("某某县发展和改革局  \n2025年3月4日"), "{md}");
    assert!(report.pdf.starts_with(b"%PDF"));
    assert!(!md.contains("丹江口"), "{md}");
}

#[test]
fn another_citys_plan_builds_a_complete_report() {
    let tmp = crate::inputs_support::workspace();
    let data = tmp.path().join("data");
    let report = build_report(&ReportRequest {
        kind: None,
        year: 2024,
        data: data.clone(),
        templates: Some(data.join("templates")),
        date: date(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let md = &report.markdown;
    assert!(
        md.starts_with("# 青禾县国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告\n"),
        "{md}"
    );
    assert!(!md.contains("丹江口"), "{md}");
    assert!(md.contains("《县人民政府办公室关于印发青禾县“十四五”规划纲要主要目标任务分工的通知》（青政办发〔2021〕15号）"), "{md}");
    assert!(md.contains("青禾县发展和改革局  \n2025年3月4日"), "{md}");
    assert!(
        md.contains("<!-- pe:annex-title -->\n青禾县“十四五”规划纲要主要指标监测表"),
        "{md}"
    );
    // Seven indicators (three binding, four expected) and three sections of five tasks.
    assert!(md.contains("《规划纲要》确定的7项主要指标中"), "{md}");
    assert!(md.contains("3项约束性指标"), "{md}");
    assert!(md.contains("4项预期性指标"), "{md}");
    assert!(md.contains("5项主要任务中"), "{md}");
    for title in [
        "（一）做强县域经济",
        "（二）守护绿水青山",
        "（三）办好民生实事",
    ] {
        assert!(md.contains(title), "{title}");
    }
    // Its own units and digits.
    assert!(
        md.contains("| 农村公路总里程 | 预期性 | 公里 | 1500 |"),
        "{md}"
    );
    assert!(
        md.contains("| 每千人口医疗卫生机构床位数 | 预期性 | 张 | 5.60 |"),
        "{md}"
    );
    assert!(md.contains("微克/立方米"), "{md}");
    let ev = &report.evaluation;
    assert_eq!(ev.indicators.len(), 7);
    assert_eq!(ev.sections.len(), 3);
    assert!(report.pdf.starts_with(b"%PDF"));
}

#[test]
fn the_bundled_mandate_is_quoted_from_the_notice() {
    let root = common::root();
    let plan = plan_eval::plan::load(&root.join("data/plan.yaml")).unwrap();
    let notice = fs::read_to_string(root.join("tests/fixtures/notice.txt")).unwrap();
    assert!(!plan.meta.mandate.is_empty());
    // The notice's web text uses half-width punctuation; the plan full-width.
    let fold = plan_eval::model::names::fold_width;
    assert!(
        fold(&notice).contains(&fold(&plan.meta.mandate)),
        "{}",
        plan.meta.mandate
    );
}

#[test]
fn the_15th_plan_starter_once_filled_builds_a_report() {
    let tmp = common::temp_dir();
    let dir = tmp.path().join("ws");
    plan_eval::run::init::create(&dir).unwrap();
    let header = fs::read_to_string(dir.join("readings.csv")).unwrap();
    assert_eq!(
        header,
        "\u{FEFF}年份,指标,数值,下达目标,允许偏差,数据性质,数据来源,备注,全省平均,全市平均,位次\r\n"
    );
    // Sample figures for the first year, one row per indicator and kind.
    let rows = [
        "2026,gdp,5.6,5左右,0.5,,县统计局,",
        "2026,fiscal_revenue,4.8,4.5—5,,,县财政局,",
        "2026,productivity,6.0,,,,县统计局,",
        "2025,consumption_rate,38.0,,,,县统计局,",
        "2026,consumption_rate,38.6,,,,县统计局,",
        "2026,county_rank,23,,,,省统计局,",
        "2026,cpi,1.2,,,,县统计局,",
        "2026,rd_expenditure,7.5,,,,县科技局,",
        "2026,digital_economy,6.8,,,,县统计局,",
        "2026,unemployment,5.0,,,,县人社局,",
        "2026,income,5.7,,,,县统计局,",
        "2026,rural_income_province,6.0,,,,省统计局,",
        "2026,rural_income,6.4,,,,县统计局,",
        "2025,income_ratio,2.20,,,,县统计局,",
        "2026,income_ratio,2.17,,,,县统计局,",
        "2025,life_expectancy,79.0,,,,县卫健局,",
        "2026,co2_intensity,3.6,,,,县发改局,",
        "2026,energy_intensity,3.1,,,,县发改局,",
        "2026,water_intensity,3.2,3左右,0.5,,县水利局,",
        "2026,land_intensity,-3.4,,,,县自然资源局,",
        "2026,forest_coverage,68.7,,,,县林业局,",
        "2026,eco_environment,达到预期,,,,县生态环境分局,空气优良天数比例和地表水达标率均提高",
        "2026,grain_capacity,31.0,,,,县农业农村局,",
        "2026,energy_capacity,84.2,,,,县发改局,",
        "2026,grain_area,58.3,,,,县农业农村局,",
    ];
    fs::write(
        dir.join("readings.csv"),
        // Every row as Excel saves it: the optional comparison columns left empty.
        format!("{header}{},,,\r\n", rows.join(",,,\r\n")),
    )
    .unwrap();
    let checked = check(&dir, Some(2026));
    assert!(!checked.render().contains("错误："), "{}", checked.render());
    let report = build_report(&ReportRequest {
        kind: None,
        year: 2026,
        data: dir.clone(),
        templates: Some(dir.join("templates")),
        date: date(),
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let md = &report.markdown;
    assert!(
        md.starts_with("# 某某县国民经济和社会发展第十五个五年规划纲要2026年度实施情况评估报告\n"),
        "{md}"
    );
    assert!(!md.contains("序时进度"), "{md}");
    // gdp 5.6 beyond the upper end 5.5 of "5左右": 快于预期, not forecast.
    assert!(
        md.contains("2026年为5.6%，高于年度目标5%左右，快于预期。"),
        "{md}"
    );
    // Published the following year: not yet out, never 未报送.
    assert!(md.contains("2026年数据尚未发布"), "{md}");
    assert!(report.pdf.starts_with(b"%PDF"));
}
