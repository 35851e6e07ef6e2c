//! The report read as the director reads it before signing: each measure
//! says its own thing, every unit named is the one answering for it in the
//! report's year, the evaluating unit speaks as itself, the date fits the
//! year, and none of the phrasings a reader marks is left.

use std::fs;
use std::path::Path;

use crate::common;
use crate::common::{assert_success, bundled, copy_data, plan_eval, plan_fixture};
use plan_eval::evaluate::Evaluation;
use plan_eval::report::ReportMeta;
use plan_eval::report::measures::{self, Measures, sentences};
use plan_eval::run::pipeline::load_and_evaluate;

fn report(dir: &Path, year: i32) -> (Evaluation, Measures, String) {
    let (data, ev) = load_and_evaluate(dir, year, None).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        sample: data.sample,
        charts: vec![("progress.svg".into(), "进度".into())],
    };
    let (measures, md) = common::markdown(&data, &ev, &meta);
    (ev, measures, md)
}

/// Every report the repository can make: the bundled plan's five years and
/// the lifecycle workspaces' years.
fn every_report() -> Vec<(String, Measures, String)> {
    let mut all = Vec::new();
    for year in 2021..=2025 {
        let (_, measures, md) = report(&bundled(), year);
        all.push((format!("data {year}"), measures, md));
    }
    for (name, years) in [("every_kind", 2021..=2025), ("fifteenth", 2026..=2026)] {
        for year in years {
            let (_, measures, md) = report(&plan_fixture(name), year);
            all.push((format!("{name} {year}"), measures, md));
        }
    }
    all
}

/// The paragraphs of the countermeasures part, from its heading to 特此报告.
pub(crate) fn measure_paragraphs(md: &str) -> Vec<&str> {
    let start = md
        .find("、对策建议")
        .or_else(|| md.find("、后半期对策建议"))
        .or_else(|| md.find("规划编制和实施的建议"))
        .or_else(|| md.find("规划实施的建议"))
        .expect("a countermeasures part");
    // A mid-term review to the people's congress closes without 特此报告.
    let end = md[start..]
        .find("特此报告。")
        .or_else(|| md[start..].find("<!-- pe:attachments -->"))
        .expect("特此报告")
        + start;
    md[start..end]
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
        .collect()
}

#[test]
fn no_two_measures_of_a_report_share_a_sentence() {
    for (label, measures, md) in every_report() {
        let paragraphs = measure_paragraphs(&md);
        assert!(paragraphs.len() >= 3, "{label}: {paragraphs:?}");
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (i, p) in paragraphs.iter().enumerate() {
            for s in sentences(p) {
                if let Some((_, j)) = seen.iter().find(|(t, _)| *t == s) {
                    panic!("{label}: 第{}段与第{}段有相同的句子“{s}”", j + 1, i + 1);
                }
                seen.push((s, i));
            }
        }
        assert!(
            measures.warnings.is_empty(),
            "{label}: {:?}",
            measures.warnings
        );
    }
}

#[test]
fn a_sentence_two_rules_write_alike_is_warned() {
    let dir = common::temp_dir();
    copy_data(dir.path());
    // One fixed sentence for every lagging level indicator: 科技进步贡献率,
    // 人均预期寿命 and 托位数 all lag in 2024.
    let rules = format!(
        "indicator_rules:\n  - id: same_for_all\n    kinds: [level]\n    grades: [滞后于预期, 明显滞后于预期]\n    text: 要细化年度目标，加大投入力度，逐年推进。\n{}",
        &fs::read_to_string(bundled().join("countermeasures.yaml"))
            .unwrap()
            .split_once("indicator_rules:\n")
            .unwrap()
            .1
    );
    fs::write(dir.path().join("countermeasures.yaml"), rules).unwrap();
    let (data, ev) = load_and_evaluate(dir.path(), 2024, None).unwrap();
    assert_eq!(
        measures::write(&ev, &data.rules).unwrap().warnings,
        [
            "“科技进步贡献率”的对策建议（规则 same_for_all）与“人均预期寿命”的对策建议（规则 same_for_all）有相同的句子“要细化年度目标，加大投入力度，逐年推进。”；报告中重复的措施读来像套话，请改写其中一条规则（countermeasures.yaml）",
            "“科技进步贡献率”的对策建议（规则 same_for_all）与“每千人拥有0-3岁婴儿托位数”的对策建议（规则 same_for_all）有相同的句子“要细化年度目标，加大投入力度，逐年推进。”；报告中重复的措施读来像套话，请改写其中一条规则（countermeasures.yaml）",
        ]
    );
    // The officer sees it when the report is made.
    let out = plan_eval(
        &[
            "evaluate",
            "--year",
            "2024",
            "--data",
            dir.path().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("警告：“科技进步贡献率”的对策建议（规则 same_for_all）与"),
        "{stderr}"
    );
    // And when the report is made, which is still written.
    let args = [
        "report",
        "--year",
        "2024",
        "--data",
        dir.path().to_str().unwrap(),
        "--out",
        "草稿",
    ];
    let out = plan_eval(&args, dir.path());
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("警告：“科技进步贡献率”的对策建议（规则 same_for_all）与“人均预期寿命”"),
        "{stderr}"
    );
    assert!(dir.path().join("草稿/report.pdf").exists());
}

#[test]
fn phrasings_a_reader_marks_are_gone() {
    for (label, _, md) in every_report() {
        let body = &md[..md.find("<!-- pe:attachments -->").unwrap()];
        for marked in [
            "完成规划期目标进度的",
            "）（",
            "（约束性，",
            "。由",
            "（牵头单位：",
            "<办",
            "\\<办",
            "保持在目标范围内，符合",
            "为约束性指标，须引起高度重视。其中",
        ] {
            assert!(!body.contains(marked), "{label}: “{marked}” in\n{body}");
        }
        // One way of writing a unit throughout.
        assert!(!md.contains("各镇\\<办、处、区\\>"), "{label}");
    }
    let (_, _, md) = report(&bundled(), 2024);
    assert!(
        md.contains("**单位GDP能源消耗降低**：2024年下降2.1%，未完成上级下达的下降3.0%年度目标"),
        "{md}"
    );
    assert!(
        md.contains("**城镇调查失业率**：2024年为3.4%，低于3.8%，基本符合预期"),
        "{md}"
    );
    assert!(
        md.contains("**森林覆盖率**：2024年为65.9%，保持在60%以上，基本符合预期"),
        "{md}"
    );
    assert!(md.contains("已完成规划期提高幅度的80%"), "{md}");
    assert!(
        md.contains("城镇居民人均可支配收入滞后于预期，完成难度较大，2025年需增长9.7%"),
        "{md}"
    );
    // A single year's rate stands beside the realised average.
    assert!(
        md.contains("| 1 | 地区生产总值（GDP） | 年均增长10.7% | 5.3%（年均6.8%） | 年均10.7% |"),
        "{md}"
    );
    // The unit column says %, the cells do not repeat it.
    assert!(
        md.contains(
            "| 8 | 地区生产总值（GDP） | 预期性 | % | — | 年均增长10.7% | 12.6 | 4.1 | 5.5 | 5.3 |"
        ),
        "{md}"
    );
}

/// The bundled data with 市乡村振兴局 merged into 市农业农村局 from 2024
/// and the DRC renamed 市发改委 from 2025.
fn reformed() -> tempfile::TempDir {
    let dir = common::temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("plan.yaml");
    let plan = fs::read_to_string(&path)
        .unwrap()
        .replace(
            "  - name: 市乡村振兴局\n    full_name: 丹江口市乡村振兴局\n",
            "  - name: 市乡村振兴局\n    full_name: 丹江口市乡村振兴局\n    successor: {unit: 市农业农村局, from: 2024}\n",
        )
        .replace(
            "  - name: 市发改局\n    full_name: 丹江口市发展和改革局\n",
            "  - name: 市发改局\n    full_name: 丹江口市发展和改革局\n    successor: {unit: 市发改委, from: 2025}\n  - name: 市发改委\n    full_name: 丹江口市发展和改革委员会\n",
        )
        .replace("  self_name: 我局\n", "");
    assert!(plan.contains("successor: {unit: 市农业农村局"));
    assert!(plan.contains("successor: {unit: 市发改委"));
    fs::write(&path, plan).unwrap();
    dir
}

#[test]
fn every_unit_named_is_the_current_one() {
    let dir = reformed();
    // Before the reform: the old unit, and no word of a reform.
    let (_, _, md) = report(dir.path(), 2023);
    assert!(
        md.contains("**5\\.巩固脱贫攻坚质效**。市乡村振兴局牵头"),
        "{md}"
    );
    assert!(!md.contains("机构改革"));

    let (ev, _, md) = report(dir.path(), 2024);
    assert!(md.contains("机构改革后，原市乡村振兴局承担的规划指标和任务自2024年起由市农业农村局承担，本报告按调整后的职责评估。\n\n本次评估采取各责任单位自评与我局综合评估相结合的方式"), "{md}");
    assert_eq!(md.matches("市乡村振兴局").count(), 1, "{md}");
    assert!(
        !md.contains("丹江口市乡村振兴局"),
        "the annex lists the successor only"
    );
    assert!(
        md.contains("**5\\.巩固脱贫攻坚质效**。市农业农村局牵头"),
        "{md}"
    );
    let task = ev.sections[2]
        .tasks
        .iter()
        .find(|t| t.id == "T3-5")
        .unwrap();
    assert_eq!(task.lead_unit, "市农业农村局");
    assert!(!ev.units.iter().any(|u| u.name == "市乡村振兴局"));

    // The evaluating unit renamed: it signs and speaks under its new name.
    let (_, _, md) = report(dir.path(), 2025);
    assert!(
        md.contains("原市发改局承担的规划指标和任务自2025年起由市发改委承担"),
        "{md}"
    );
    assert!(
        md.contains("<!-- pe:signature -->\n丹江口市发展和改革委员会"),
        "{md}"
    );
    // Left to the program (no self_name in the plan), a renamed bureau calls itself 我委.
    assert!(md.contains("我委会同各责任单位"), "{md}");
    let body = &md[md.find("现将有关情况报告如下。").unwrap()..];
    assert!(!body.contains("市发改局"), "{body}");
}

#[test]
fn a_successor_must_be_a_unit_of_the_plan() {
    let dir = common::temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("plan.yaml");
    let plan = fs::read_to_string(&path)
        .unwrap()
        .replace(
            "  - name: 市乡村振兴局\n    full_name: 丹江口市乡村振兴局\n",
            "  - name: 市乡村振兴局\n    full_name: 丹江口市乡村振兴局\n    successor: {unit: 市乡村振兴服务中心, from: 2024}\n",
        )
        .replace(
            "highlights:\n  - title: 守护一库净水，建设国家战略水源地\n    indicators: [surface_water,",
            "highlights:\n  - title: 守护一库净水，建设国家战略水源地\n    indicators: [water_quality,",
        )
        .replace("  report_due: 03-31\n", "  report_due: 13-01\n");
    fs::write(&path, plan).unwrap();
    let out = plan_eval(
        &["check", "--data", dir.path().to_str().unwrap()],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let plan_file = dir.path().join("plan.yaml");
    let line_of = |needle: &str| {
        fs::read_to_string(&plan_file)
            .unwrap()
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    let p = plan_file.display();
    assert!(
        stdout.contains(&format!(
            "错误：{p}:{}: successor: 单位“市乡村振兴局”的继任单位“市乡村振兴服务中心”不在单位清单（units）中",
            line_of("successor: {unit: 市乡村振兴服务中心")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "错误：{p}:{}: indicators: 重点“守护一库净水，建设国家战略水源地”中的指标“water_quality”不在指标清单中",
            line_of("indicators: [water_quality")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "错误：{p}:{}: report_due: 报送期限“13-01”应写作“月-日”，如 03-31",
            line_of("  report_due: 13-01")
        )),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_date_fits_the_year() {
    let check_dated = |date: &str| {
        let data = bundled();
        let args = [
            "check",
            "--data",
            data.to_str().unwrap(),
            "--year",
            "2024",
            "--date",
            date,
        ];
        let out = plan_eval(&args, common::root());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let stdout = check_dated("2026-12-01");
    assert!(
        stdout.contains("date: 落款日期 2026年12月1日 晚于 2025 年度报告的报送期限（2026年3月31日），2024 年度报告中“数据尚未发布”“确保……完成”等表述可能已不符合实际；请确认 --date"),
        "{stdout}"
    );
    let stdout = check_dated("2024-12-30");
    assert!(
        stdout.contains("date: 落款日期 2024年12月30日 早于 2024 年度结束"),
        "{stdout}"
    );
    assert!(!check_dated("2025-03-04").contains("落款日期"));
}

#[test]
fn an_earlier_year_made_now_is_dated_when_it_was_due() {
    let dir = common::temp_dir();
    let out_dir = dir.path().join("草稿");
    let out = plan_eval(
        &[
            "report",
            "--year",
            "2021",
            "--data",
            bundled().to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_success(&out);
    let md = fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(
        md.contains("<!-- pe:signature -->\n丹江口市发展和改革局  \n2022年3月31日\n"),
        "{md}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("落款日期取 2021 年度报告的报送期限 2022年3月31日"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn without_data_there_is_no_default_year() {
    let dir = common::temp_dir();
    let ws = dir.path().join("新区");
    assert_success(&plan_eval(&["init", ws.to_str().unwrap()], dir.path()));
    let out = plan_eval(&["report", "--data", "新区", "--out", "草稿"], dir.path());
    // No year to report on without --year: a command-line mistake.
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("新区 中没有规划期内任何年度的指标数据或任务进展，请用 --year 指定评估年度"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("草稿").exists());
}

/// A plan whose indicators lag alike, with the same figures, and whose tasks
/// report the same account: the rules of a new workspace still write every
/// sentence once.
#[test]
fn alike_cases_get_measures_that_differ() {
    let dir = common::temp_dir();
    let mut plan = String::from(
        "plan:\n  name: 同名县国民经济和社会发展第十五个五年规划纲要\n  full_name: 同名县国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要\n  short_name: 同名县“十五五”规划纲要\n  city: 同名县\n  issuer: 同名县人民政府办公室\n  document_number: 同政办发〔2026〕1号\n  issued: 2026-02-01\n  base_year: 2025\n  target_year: 2030\n  evaluator: 县发改局\n  addressee: 县人民政府\nunits:\n  - name: 县发改局\n    full_name: 同名县发展和改革局\n  - name: 县统计局\n    full_name: 同名县统计局\nindicators:\n",
    );
    let mut readings = String::from("year,indicator,value,quota,source,note\n");
    for (kind, extra, value) in [
        ("growth", "    target: 7\n", "5.0"),
        ("level", "    target: 60\n    base: 50\n", "50.5"),
        ("floor", "    target: 60\n", "55.0"),
        ("quota", "", "2.0"),
    ] {
        for n in 1..=3 {
            let id = format!("{kind}_{n}");
            plan.push_str(&format!(
                "  - id: {id}\n    name: 指标{kind}{n}\n    category: expected\n    unit: '%'\n    kind: {kind}\n{extra}    units: [{}]\n",
                if n == 2 { "县统计局, 县发改局" } else { "县发改局, 县统计局" }
            ));
            let quota = if kind == "quota" { "3.0" } else { "" };
            readings.push_str(&format!("2026,{id},{value},{quota},统计公报,\n"));
        }
    }
    plan.push_str("sections:\n  - id: S1\n    title: 推动发展\n    tasks:\n");
    let mut progress = String::from("year,task,status,summary\n");
    for n in 1..=3 {
        plan.push_str(&format!(
            "      - id: T1-{n}\n        title: 任务{n}\n        units: [县统计局, 县发改局]\n"
        ));
        let status = if n == 3 { "未启动" } else { "进度滞后" };
        progress.push_str(&format!(
            "2026,T1-{n},{status},受资金到位慢影响，进度滞后。\n"
        ));
    }
    fs::write(dir.path().join("plan.yaml"), plan).unwrap();
    fs::write(dir.path().join("readings.csv"), readings).unwrap();
    fs::write(dir.path().join("task_progress.csv"), progress).unwrap();
    fs::copy(
        common::root().join("src/run/init/countermeasures.yaml"),
        dir.path().join("countermeasures.yaml"),
    )
    .unwrap();
    let (ev, measures, md) = report(dir.path(), 2026);
    assert!(ev.countermeasures.len() >= 12, "{:?}", ev.countermeasures);
    assert!(measures.warnings.is_empty(), "{:?}", measures.warnings);
    let paragraphs = measure_paragraphs(&md);
    let mut seen = std::collections::HashSet::new();
    for p in &paragraphs {
        for s in sentences(p) {
            assert!(
                seen.insert(s.clone()),
                "“{s}” twice in\n{}",
                paragraphs.join("\n")
            );
        }
    }
    // The evaluating unit, a supporting unit here, is 我局 there too.
    assert!(md.contains("会同我局"), "{md}");
}

#[test]
fn an_older_growth_figure_takes_one_bracket() {
    let dir = common::temp_dir();
    copy_data(dir.path());
    let path = dir.path().join("readings.csv");
    let kept: Vec<String> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("2024,gdp"))
        .map(str::to_string)
        .collect();
    fs::write(&path, kept.join("\n")).unwrap();
    let (_, _, md) = report(dir.path(), 2024);
    let row = md
        .lines()
        .find(|l| l.starts_with("| 1 | 地区生产总值（GDP） |"))
        .unwrap();
    assert!(row.contains("| 5.5%（2023年，年均7.3%） |"), "{row}");
    let body = &md[..md.find("<!-- pe:attachments -->").unwrap()];
    assert!(!body.contains("）（"), "{body}");
}
