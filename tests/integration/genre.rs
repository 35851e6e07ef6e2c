//! The report as real evaluations are written (issue 24): every shipped rule
//! rendered in every case keeps the writing rules (a proposal or the bureau's
//! own commitment, never an order to departments, never a request to
//! reprimand, never 管控 of a statistic); the final review is the fullest
//! document; the parts that need data are absent without them.

use std::fs;
use std::path::Path;

use crate::common;
use crate::common::{bundled, plan_fixture};
use plan_eval::input::rules::{
    self, Rules, STANDING_VARIABLES, indicator_variables, lint, standing_id, task_variables,
};
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::plan::Plan;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::load_and_evaluate;
use serde_json::{Value, json};
use tera::Context;

/// The value a case gives variable `name`, varied by `self_lead` and `full`
/// (supporting units and a cause present or not).
pub(crate) fn value(name: &str, self_lead: bool, full: bool) -> Value {
    match name {
        "year" | "reading_year" => json!(2024),
        "base_year" => json!(2020),
        "target_year" => json!(2025),
        "remaining_years" => json!(1),
        "count" => json!(if full { 2 } else { 1 }),
        "lead_is_self" => json!(self_lead),
        "self_late" => json!(self_lead),
        "preliminary" | "falling" | "beyond_upper" | "rate_met" | "policy_cause" | "works"
        | "lower_is_better" | "binding" => json!(full),
        // The cases' indicator is no price index (a price has rules of its own).
        "price" => json!(false),
        "cause_gist" => json!(if full { "外部需求减弱" } else { "" }),
        "beyond_upper_years" | "short_years" => json!(if full { json!([2022]) } else { json!([]) }),
        "obstacle" => json!(if full { "甲事项尚待审核" } else { "" }),
        "obstacle_kind" => json!(if full { "approval" } else { "" }),
        "missed_years" => json!([2022]),
        "gap_years" => json!([]),
        "tasks" => json!(["甲任务", "乙任务"]),
        "indicators" => json!(if full {
            json!(["甲指标"])
        } else {
            json!([])
        }),
        "units" if self_lead => json!(["我局", "市卫健局"]),
        "units" => json!(["市卫健局"]),
        "others" if self_lead && !full => json!([]),
        "others" => json!(["市卫健局"]),
        "self" => json!("我局"),
        "lead" => json!(if self_lead { "我局" } else { "市科技局" }),
        "supporting" => json!(if full { "市统计局" } else { "" }),
        "cause" => json!(if full {
            "受外部需求减弱影响"
        } else {
            ""
        }),
        "next_plan" => json!("“十五五”规划"),
        "addressee" => json!("市人民政府"),
        "evaluator" => json!("市发改局"),
        _ => json!("5.0"),
    }
}

fn context(names: &[&str], self_lead: bool, full: bool, extra: &[(&str, &str)]) -> Context {
    let mut ctx = Context::new();
    for name in names {
        ctx.insert(*name, &value(name, self_lead, full));
    }
    for (k, v) in extra {
        ctx.insert(*k, v);
    }
    ctx
}

/// Every rule of `rules` rendered in every case it can meet, with what it breaks.
fn breaches(rules: &Rules, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |id: &str, text: String, names: &[&str]| {
        // The next plan's name is the program's to give: it is no breach.
        let text = text.replace("“十五五”规划", "下个规划");
        for b in lint::breaches(&text, names) {
            out.push(format!("{id}: {b}\n  {text}"));
        }
    };
    for r in &rules.indicator_rules {
        for ind in &plan.indicators {
            let kind = ind.target.kind();
            if !(r.indicators.is_empty() || r.indicators.contains(&ind.id))
                || !(r.domains.is_empty() || r.domains.contains(&ind.domain))
            {
                continue;
            }
            for evaluation in EvaluationKind::ALL {
                if !r.fits(kind, evaluation) {
                    continue;
                }
                let vars = indicator_variables(kind, evaluation);
                for (self_lead, full) in
                    [(true, true), (true, false), (false, true), (false, false)]
                {
                    let extra = [
                        ("name", ind.name.as_str()),
                        ("short_name", ind.short_name.as_str()),
                        ("id", ind.id.as_str()),
                    ];
                    let mut ctx = context(&vars, self_lead, full, &extra);
                    // A price index has rules of its own (保供稳价, monitoring only).
                    if vars.contains(&"price") {
                        let price = plan_eval::model::kinds::is_price_index(&ind.name);
                        ctx.insert("price", &price);
                    }
                    let text = rules.render(&r.id, &ctx).unwrap_or_else(|e| panic!("{e}"));
                    check(&r.id, text, &[&ind.name, &ind.short_name]);
                }
            }
        }
    }
    for r in &rules.task_rules {
        for evaluation in EvaluationKind::ALL {
            if !r.fits(evaluation) {
                continue;
            }
            let vars = task_variables(r.grouped, evaluation);
            for (self_lead, full) in [(true, true), (true, false), (false, true), (false, false)] {
                let ctx = context(&vars, self_lead, full, &[("task", "甲任务")]);
                let text = rules.render(&r.id, &ctx).unwrap_or_else(|e| panic!("{e}"));
                // The bureau never urges itself: its own lateness is its own commitment.
                // (lint::breaches reads 督促我局 as no breach: said here.)
                let urged_self = text.contains("督促我局") || text.contains("督促市卫健局、我局");
                assert!(!urged_self, "{}: 督促评估单位自身\n  {text}", r.id);
                check(&r.id, text, &[]);
            }
        }
    }
    for (index, m) in rules.standing.iter().enumerate() {
        let ctx = context(&STANDING_VARIABLES, true, true, &[]);
        let text = rules
            .render(&standing_id(index), &ctx)
            .unwrap_or_else(|e| panic!("{e}"));
        check(&m.title, text, &[]);
    }
    out
}

#[test]
fn every_shipped_rule_in_every_case_keeps_the_writing_rules() {
    let dir = bundled();
    let plan = plan_eval::plan::load(&dir.join("plan.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("countermeasures.yaml");
    let rules = rules::load(&path, &plan).unwrap_or_else(|e| panic!("{e}"));
    let found = breaches(&rules, &plan);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // Nor does the file's source: check has nothing to warn of its writing.
    assert!(
        rules
            .uncovered(&plan)
            .iter()
            .all(|w| !w.contains("写法要求")),
        "{:?}",
        rules.uncovered(&plan)
    );
}

#[test]
fn the_init_scaffold_rules_in_every_case_keep_the_writing_rules() {
    use plan_eval::run::init::{STARTER_PLAN, STARTER_RULES};
    let path = Path::new("countermeasures.yaml");
    let plan = plan_eval::plan::parse(Path::new("plan.yaml"), STARTER_PLAN)
        .unwrap_or_else(|e| panic!("{e}"));
    let rules = rules::parse(path, STARTER_RULES, &plan).unwrap_or_else(|e| panic!("{e}"));
    let found = breaches(&rules, &plan);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn check_names_the_line_of_a_rule_an_officer_would_strike() {
    let (dir, data) = common::data_copy();
    let path = data.join("countermeasures.yaml");
    let text = fs::read_to_string(&path).unwrap().replacen(
        "尽快明确{{ short_name }}的数据来源和统计口径，按时报送年度数据。",
        "建立{{ short_name }}长效管控机制。",
        1,
    );
    fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("长效管控机制"))
        .unwrap();
    let out = common::plan_eval(&["check", "--data", "data", "--year", "2024"], dir.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Line of the rule's `text:` key, just above the text.
    assert!(
        stdout.contains(&format!(
            "警告：data/countermeasures.yaml: indicator_rules: 第{line}行“no_data”的文字不符合写法要求：“{{{{ self }}}}将建议{{{{ lead }}}}建立{{{{ short_name }}}}长效管控机制”把一项指标写成“管控”“控制”的对象"
        )),
        "{stdout}"
    );
}

/// Han characters of a report before its annexes.
fn body_length(md: &str) -> usize {
    let body = &md[..md.find("<!-- pe:landscape -->").unwrap_or(md.len())];
    body.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

fn markdown_of(dir: &Path, year: i32, kind: Option<EvaluationKind>) -> String {
    let (data, ev) = load_and_evaluate(dir, year, kind).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    common::markdown(&data, &ev, &meta).1
}

#[test]
fn the_final_review_is_the_fullest_document() {
    let annual = body_length(&markdown_of(&bundled(), 2024, None));
    let final_review = body_length(&markdown_of(&bundled(), 2025, None));
    assert!(
        final_review > annual,
        "final {final_review} ≤ annual {annual}"
    );
}

/// Marks of a sentence assembled wrong: an empty list, a count of nothing, doubled stops.
const MALFORMED: [&str; 11] = [
    "等1项",
    "，。",
    "；。",
    "。。",
    "，；",
    "其中；",
    "领域，。",
    "“”",
    "（）",
    "其中，",
    "均；",
];

fn assert_well_formed(label: &str, md: &str) {
    let body = &md[..md.find("<!-- pe:landscape -->").unwrap_or(md.len())];
    for mark in MALFORMED {
        assert!(!body.contains(mark), "{label}: “{mark}” in\n{body}");
    }
    // A count of nothing: 0项 not after another digit.
    let zero = body
        .match_indices("0项")
        .any(|(at, _)| !body[..at].ends_with(|c: char| c.is_ascii_digit()));
    assert!(!zero, "{label}: a count of nothing in\n{body}");
}

#[test]
fn a_fifteenth_plan_names_the_sixteenth_and_goes_to_the_congress_at_mid_term() {
    let dir = plan_fixture("national15");
    for year in [2026, 2027, 2028, 2029, 2030] {
        assert_well_formed(
            &format!("national15 {year}"),
            &markdown_of(&dir, year, None),
        );
    }
    let md = markdown_of(&dir, 2030, None);
    assert!(md.contains("## 六、对“十六五”规划实施的建议"), "{md}");
    assert!(!md.contains("十五五”规划编制"), "{md}");
    // The mid-term goes to the 县人大常委会 through the government, and is not closed
    // with 特此报告.
    let md = markdown_of(&dir, 2028, None);
    assert!(md.contains("县人大常委会：\n\n受县人民政府委托，现将《云岫县国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要》（以下简称《规划纲要》）实施以来（2026—2028年）的中期评估情况报告如下，请予审议。"), "{md}");
    assert!(!md.contains("特此报告"), "{md}");
    // Only expected indicators whose pace is out of reach are proposed for adjustment: the
    // binding 用水量 quota and grain red line never are.
    // (10 − 7.7)/2 = 1.15 a year: its half rounded up, 1.2 (B12), never the 1.1 that understates it.
    assert!(md.contains("、关于调整部分规划指标的建议\n\n按目前进度测算，数字经济核心产业增加值占地区生产总值比重（2029—2030年需年均提高1.2个百分点）在规划期内实现原定目标的难度很大"), "{md}");
    assert!(md.contains("调整方案另行提请审议。"), "{md}");
    // A mid-term addressed to the government reads as a report to it.
    let md = markdown_of(&bundled(), 2023, Some(EvaluationKind::Midterm));
    assert!(md.contains("市人民政府：\n\n根据《"), "{md}");
    assert!(!md.contains("请予审议"), "{md}");
}

/// The bundled plan with no figure after the base year and no task reported.
fn without_data() -> tempfile::TempDir {
    let dir = common::temp_dir();
    common::copy_dir(&bundled(), dir.path());
    let readings = fs::read_to_string(dir.path().join("readings.csv")).unwrap();
    let kept: Vec<&str> = readings
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with("year,") || l.starts_with("2020,"))
        .collect();
    fs::write(dir.path().join("readings.csv"), kept.join("\n") + "\n").unwrap();
    let progress = fs::read_to_string(dir.path().join("task_progress.csv")).unwrap();
    let kept: Vec<&str> = progress
        .lines()
        .filter(|l| l.starts_with('#') || !l.starts_with("20"))
        .collect();
    fs::write(dir.path().join("task_progress.csv"), kept.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn without_data_the_parts_that_need_it_are_absent() {
    let dir = without_data();
    for (year, kind) in [
        (2021, None),
        (2023, Some(EvaluationKind::Midterm)),
        (2025, None),
    ] {
        let md = markdown_of(dir.path(), year, kind);
        assert_well_formed(&format!("no data {year}"), &md);
        for absent in [
            "分领域看",
            "巩固拓展",
            "关于调整部分规划指标的建议",
            "部分指标滞后于预期",
            "采用统计部门发布的数据",
            "数据截至",
        ] {
            assert!(!md.contains(absent), "{year}: “{absent}” in\n{md}");
        }
        assert!(
            md.contains("本次评估采取各责任单位自评与我局综合评估相结合的方式"),
            "{md}"
        );
    }
}

#[test]
fn the_bundled_reports_are_well_formed_in_every_year() {
    for year in 2021..=2025 {
        assert_well_formed(
            &format!("bundled {year}"),
            &markdown_of(&bundled(), year, None),
        );
    }
    assert_well_formed(
        "bundled mid-term",
        &markdown_of(&bundled(), 2023, Some(EvaluationKind::Midterm)),
    );
    for year in 2021..=2025 {
        let md = markdown_of(&plan_fixture("every_kind"), year, None);
        assert_well_formed(&format!("every_kind {year}"), &md);
    }
}

#[test]
fn measures_name_supporting_units_and_causes_and_speak_as_the_bureau() {
    let md = markdown_of(&bundled(), 2024, None);
    let measures = crate::writing::measure_paragraphs(&md).join("\n");
    // The supporting unit of 培育壮大新兴产业, and the cause its lead reported.
    assert!(
        measures.contains("“武当云谷”二期因招商不及预期暂缓建设，“培育壮大新兴产业”进度滞后。建议市科技经信局会同丹江口经济开发区加大招商引资和项目落地推进力度"),
        "{measures}"
    );
    // A task without a cause in its account is asked for one; one with a cause is not.
    assert!(
        measures.contains("建议市招商中心会同市直相关单位、各镇（办、处、区）认真分析“加大招商引资力度”进度滞后的原因"),
        "{measures}"
    );
    assert_eq!(measures.matches("进度滞后的原因").count(), 1, "{measures}");
    // 倒排工期 only where the cause lies in the works: none of this year's causes does.
    assert!(!measures.contains("倒排工期"), "{measures}");
    // The bureau proposes that the late units be urged to report; it never asks the
    // government to reprimand anyone (it may itself be among them).
    assert!(
        measures.contains("建议督促中国人民银行丹江口市支行尽快补报"),
        "{measures}"
    );
    assert!(!md.contains("通报"), "{md}");
    // Standing measures are proposals to the government, not orders to departments.
    assert!(!measures.contains("要把"), "{measures}");
    assert!(!measures.contains("部门要"), "{measures}");
    // The evaluating unit speaks as itself, never as 市发改局要.
    assert!(
        measures.contains("我局将严格落实新上项目节能审查"),
        "{measures}"
    );
    let body = &md[md.find("现将有关情况报告如下。").unwrap()..];
    assert!(!body.contains("市发改局要"), "{body}");
    assert!(md.contains("，我局会同各责任单位，对《"), "{md}");
    // A yearly statistic is not 按季度调度.
    assert!(!md.contains("按季度"), "{md}");
}

#[test]
fn the_report_has_its_achievements_opening_and_closing() {
    let md = markdown_of(&bundled(), 2024, None);
    assert!(md.contains("## 二、主要成效\n"), "{md}");
    assert!(md.contains("### （一）守护一库净水，建设国家战略水源地\n\n地表水达到或好于Ⅲ类水体比例2024年为100.0%，城市空气优良天数比例2024年为90.7%，森林覆盖率2024年为65.9%，主要污染物排放总量2024年减少2.3%，均达到目标要求。“护好一库净水”“强化生态修复”“建设生态文明”等任务序时推进。"), "{md}");
    assert!(md.contains("常住人口城镇化率2024年为59.3%，研发经费投入2021—2024年年均增长6.5%，均快于预期；每千人口执业（助理）医师数2024年为3.56人，已提前实现规划目标。"), "{md}");
    assert!(
        md.contains("丹江口经济开发区牵头推进“优化园区产业布局”，开发区获批省级高新技术产业开发区"),
        "{md}"
    );
    // The completed task's results are not repeated in the task part.
    assert_eq!(md.matches("开发区获批省级高新技术产业开发区").count(), 1);
    assert!(md.contains("2024年是《规划纲要》实施的第四年。在市委、市政府的坚强领导下，各责任单位按照任务分工推进规划实施，"), "{md}");
    // The cause a reading gives, among the problems of its area with what the target needs.
    assert!(
        md.contains(
            "三是经济发展领域，地区生产总值（GDP）滞后于预期，完成难度很大，2025年需增长27.7%；固定资产投资明显滞后于预期，完成难度很大，2025年需增长47.8%，经分析，工业投资回升，但房地产开发投资继续下降。"
        ),
        "{md}"
    );
    let closing = md
        .find("特此报告。\n\n<!-- pe:attachments -->")
        .expect("特此报告 before the annex list");
    assert!(closing > md.find("强化规划实施保障").unwrap());
}

#[test]
fn kinds_of_evaluation_keep_their_parts() {
    let md = markdown_of(&bundled(), 2025, None);
    for part in [
        "## 一、总体评价",
        "## 二、主要成效",
        "## 三、主要指标完成情况",
        "## 四、主要任务完成情况",
        "## 五、主要经验",
        "## 六、存在的主要问题",
        "## 七、对“十五五”规划实施的建议",
    ] {
        assert!(md.contains(part), "{part}");
    }
    // The next plan by its name throughout, never beside 新一轮.
    assert!(!md.contains("新一轮"), "{md}");
    assert!(md.contains("纳入“十五五”规划接续推进"), "{md}");
    assert!(md.contains("二是经济发展领域，地区生产总值（GDP）2021—2025年年均增长6.6%，未实现年均增长10.7%的目标，经分析，规划期内受新冠肺炎疫情和房地产市场调整影响，增速低于规划预期；"), "{md}");
    let md = markdown_of(&bundled(), 2023, Some(EvaluationKind::Annual));
    assert!(md.contains("## 六、对策建议"));
    let (data, ev) = load_and_evaluate(&bundled(), 2023, Some(EvaluationKind::Midterm)).unwrap();
    let meta = ReportMeta {
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    let (_, md) = common::markdown(&data, &ev, &meta);
    // Expected indicators whose pace still needed is at least twice the latest year's:
    // GDP 15.9% after 5.5%, 科技进步贡献率 2.3 points after 1.1, FAI 19.6% after −8.5%.
    assert!(md.contains("## 七、关于调整部分规划指标的建议\n\n按目前进度测算，地区生产总值（GDP，2024—2025年需年均增长15.9%）、科技进步贡献率（2024—2025年需年均提高2.3个百分点）、固定资产投资（2024—2025年需年均增长19.6%）在规划期内实现原定目标的难度很大"), "{md}");
    assert!(md.contains("## 八、后半期对策建议"), "{md}");
}

#[test]
fn the_message_names_the_kind_of_report() {
    let dir = common::temp_dir();
    let out = common::plan_eval(
        &[
            "report",
            "--data",
            bundled().to_str().unwrap(),
            "--date",
            "2026-03-04",
            "--out",
            "草稿",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No --year: the latest year with data, 2025, the plan's last.
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("已生成 2025 年总结评估报告草稿（未归档）："),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
