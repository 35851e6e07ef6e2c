//! The review's struck measures, kept out for good: every shipped rule (bundled,
//! init scaffold, every fixture) rendered in every grade and case the evaluation can
//! produce says nothing its case makes false ([`lint::untrue`]: no 未达到目标要求 for a
//! met or 基本完成 grade, no 查找差距 or 整改 above an upper end, no 增长偏慢 when the
//! rate met its target, no 增长目标 for a fall, no 倒排工期 without a cause in the
//! works), and the measures of the real reports keep the same, with the exact
//! sentences the review asked for.

use std::path::{Path, PathBuf};

use crate::common::{bundled, plan_fixture};
use crate::genre::value;
use plan_eval::input::rules::{self, Rules, indicator_variables, lint, task_variables};
use plan_eval::model::vocabulary::{EvaluationKind, Grade};
use plan_eval::plan::{Plan, Target, Way};
use plan_eval::report::measures;
use plan_eval::run::pipeline::load_and_evaluate;
use serde_json::{Value, json};
use tera::Context;

/// Whether a reading of this target can be past an upper end.
fn has_upper_end(target: &Target) -> bool {
    matches!(
        target,
        Target::Band { .. }
            | Target::Ceiling { .. }
            | Target::Yearly { two_sided: true }
            | Target::Trend {
                way: Way::Stable,
                ..
            }
    )
}

fn falls(target: &Target) -> bool {
    matches!(target, Target::Growth { rate, .. } if *rate < 0.0)
}

fn key(grade: Grade) -> String {
    serde_json::to_value(grade)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One case of an indicator rule: the facts varied, everything else as genre gives it.
struct Facts {
    grade: Grade,
    beyond: bool,
    rate_met: bool,
    policy: bool,
    years: (Vec<i32>, Vec<i32>),
    self_lead: bool,
    full: bool,
    /// The report prints a cause: the measure answers it.
    cause: bool,
}

fn indicator_context(vars: &[&str], ind: &plan_eval::plan::Indicator, f: &Facts) -> Context {
    let mut ctx = Context::new();
    for name in vars {
        ctx.insert(*name, &value(name, f.self_lead, f.full));
    }
    let falling = falls(&ind.target);
    let set: [(&str, Value); 17] = [
        (
            "cause_gist",
            json!(if f.cause { "外部需求减弱" } else { "" }),
        ),
        (
            "price",
            json!(plan_eval::model::kinds::is_price_index(&ind.name)),
        ),
        (
            "binding",
            json!(ind.category == plan_eval::plan::Category::Binding),
        ),
        ("name", json!(ind.name)),
        ("short_name", json!(ind.short_name)),
        ("id", json!(ind.id)),
        ("grade", json!(f.grade.label())),
        ("grade_key", json!(key(f.grade))),
        ("beyond_upper", json!(f.beyond)),
        ("beyond_upper_years", json!(f.years.0)),
        ("short_years", json!(f.years.1)),
        ("rate_met", json!(f.rate_met)),
        ("policy_cause", json!(f.policy)),
        ("falling", json!(falling)),
        (
            "lower_is_better",
            json!(ind.direction == plan_eval::plan::Direction::Lower),
        ),
        ("target", json!(if falling { "-3" } else { "5" })),
        (
            "level_target",
            json!(
                ind.level
                    .as_ref()
                    .and_then(|l| l.target)
                    .map(|t| t.to_string())
                    .unwrap_or_default()
            ),
        ),
    ];
    for (name, v) in set {
        if vars.contains(&name) || ["name", "short_name", "id"].contains(&name) {
            ctx.insert(name, &v);
        }
    }
    ctx
}

/// Every indicator rule of `rules` in every case it can meet, with what it says that is false.
fn indicator_falsehoods(rules: &Rules, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for r in &rules.indicator_rules {
        for ind in &plan.indicators {
            let kind = ind.target.kind();
            if !(r.indicators.is_empty() || r.indicators.contains(&ind.id))
                || !(r.domains.is_empty() || r.domains.contains(&ind.domain))
            {
                continue;
            }
            let upper = has_upper_end(&ind.target);
            let two_part = ind.level.as_ref().is_some_and(|l| l.target.is_some());
            for evaluation in EvaluationKind::ALL {
                if !r.fits(kind, evaluation) {
                    continue;
                }
                let vars = indicator_variables(kind, evaluation);
                let mut years = vec![(vec![], vec![2022]), (vec![], vec![])];
                if upper {
                    years.push((vec![2022], vec![]));
                }
                for &grade in &r.grades {
                    for beyond in [false, upper] {
                        // A lagging (or unfinished) rate meets its target only when a
                        // level part lags.
                        let rate_cases = if two_part {
                            vec![false, true]
                        } else {
                            vec![false]
                        };
                        for rate_met in rate_cases {
                            for policy in [false, true] {
                                for years in &years {
                                    for (self_lead, full, cause) in [
                                        (true, true, false),
                                        (true, false, true),
                                        (false, true, true),
                                        (false, false, false),
                                    ] {
                                        let f = Facts {
                                            cause,
                                            grade,
                                            beyond,
                                            rate_met,
                                            policy,
                                            years: years.clone(),
                                            self_lead,
                                            full,
                                        };
                                        let ctx = indicator_context(&vars, ind, &f);
                                        let text = rules
                                            .render(&r.id, &ctx)
                                            .unwrap_or_else(|e| panic!("{e}"));
                                        let grade_key = key(grade);
                                        let truths = lint::Truths {
                                            grade_key: &grade_key,
                                            beyond_upper: beyond,
                                            rate_met,
                                            falling: falls(&ind.target),
                                            cause_known: cause,
                                            ..lint::Truths::default()
                                        };
                                        for b in lint::untrue(&text, &truths) {
                                            out.push(format!("{}（{}）: {b}", r.id, ind.id));
                                        }
                                        // The next plan's name is the program's to give.
                                        let named = text.replace("“十五五”规划", "下个规划");
                                        for b in lint::breaches(&named, &[&ind.short_name]) {
                                            out.push(format!("{}（{}）: {b}", r.id, ind.id));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// The kinds of what holds a task up, each with a neutral clause, so that the measure's
/// own words must answer it.
const OBSTACLES: [&str; 8] = [
    "",
    "funding",
    "policy",
    "approval",
    "procedure",
    "investment",
    "works",
    "other",
];

/// Every task rule of `rules` in every case it can meet, with what it says that is false.
fn task_falsehoods(rules: &Rules) -> Vec<String> {
    let mut out = Vec::new();
    for r in &rules.task_rules {
        for evaluation in EvaluationKind::ALL {
            if !r.fits(evaluation) {
                continue;
            }
            let vars = task_variables(r.grouped, evaluation);
            for status in &r.statuses {
                for kind in OBSTACLES {
                    for works in [false, true] {
                        for (self_lead, full) in
                            [(true, true), (true, false), (false, true), (false, false)]
                        {
                            let mut ctx = Context::new();
                            for name in &vars {
                                ctx.insert(*name, &value(name, self_lead, full));
                            }
                            ctx.insert("task", "甲任务");
                            ctx.insert("status", status.label());
                            if vars.contains(&"projects") {
                                let projects: &[&str] = match (self_lead, full) {
                                    (true, true) => &["甲项目"],
                                    (false, true) => &["甲项目", "乙项目"],
                                    _ => &[],
                                };
                                ctx.insert("projects", projects);
                            }
                            if vars.contains(&"obstacle") {
                                let clause = if kind.is_empty() {
                                    ""
                                } else {
                                    "甲事项尚待办理"
                                };
                                ctx.insert("obstacle", clause);
                                ctx.insert("obstacle_kind", kind);
                                ctx.insert("works", &works);
                            }
                            let text = rules.render(&r.id, &ctx).unwrap_or_else(|e| panic!("{e}"));
                            let truths = lint::Truths {
                                task: !r.grouped,
                                obstacle_kind: kind,
                                works,
                                ..lint::Truths::default()
                            };
                            for b in lint::untrue(&text, &truths) {
                                out.push(format!("{}: {b}", r.id));
                            }
                            let named = text.replace("“十五五”规划", "下个规划");
                            for b in lint::breaches(&named, &[]) {
                                out.push(format!("{}: {b}", r.id));
                            }
                            if r.grouped {
                                // The evaluator is never listed among the late units nor urged.
                                let first = text.split('。').next().unwrap_or("");
                                let urged = text
                                    .split("督促")
                                    .nth(1)
                                    .and_then(|t| t.split("尽快").next())
                                    .unwrap_or("");
                                if first.contains("我局") || urged.contains("我局") {
                                    out.push(format!(
                                        "{}: 把评估单位列为未报送或被督促的单位：{text}",
                                        r.id
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

pub(crate) fn assert_true_in_every_case(label: &str, rules: &Rules, plan: &Plan) {
    let mut found = indicator_falsehoods(rules, plan);
    found.extend(task_falsehoods(rules));
    found.dedup();
    assert!(found.is_empty(), "{label}:\n{}", found.join("\n"));
    // Nor does check warn of the file's writing.
    let style: Vec<String> = rules
        .uncovered(plan)
        .into_iter()
        .filter(|w| w.contains("写法要求"))
        .collect();
    assert!(style.is_empty(), "{label}: {style:?}");
}

fn shipped(dir: &Path) -> (Plan, Rules) {
    let plan = plan_eval::plan::load(&dir.join("plan.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let rules =
        rules::load(&dir.join("countermeasures.yaml"), &plan).unwrap_or_else(|e| panic!("{e}"));
    (plan, rules)
}

fn rule_folders() -> Vec<PathBuf> {
    let mut dirs = vec![bundled()];
    for name in ["national15", "fifteenth", "every_kind", "genre"] {
        dirs.push(plan_fixture(name));
    }
    dirs
}

#[test]
fn every_shipped_rule_is_true_in_every_grade_and_case() {
    for dir in rule_folders() {
        let (plan, rules) = shipped(&dir);
        assert_true_in_every_case(&dir.display().to_string(), &rules, &plan);
    }
    use plan_eval::run::init::{STARTER_PLAN, STARTER_RULES};
    let plan = plan_eval::plan::parse(Path::new("plan.yaml"), STARTER_PLAN)
        .unwrap_or_else(|e| panic!("{e}"));
    let rules = rules::parse(Path::new("countermeasures.yaml"), STARTER_RULES, &plan)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_true_in_every_case("init", &rules, &plan);
    // The starter plan has few kinds: its rules are also read against a plan of every kind.
    let (plan, _) = shipped(&plan_fixture("national15"));
    let rules = rules::parse(Path::new("countermeasures.yaml"), STARTER_RULES, &plan)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_true_in_every_case("init on national15", &rules, &plan);
}

/// The measures of one real report, each with the facts of its own case.
pub(crate) fn real_measures(dir: &Path, year: i32, kind: Option<EvaluationKind>) -> Vec<String> {
    let (data, ev) = load_and_evaluate(dir, year, kind).unwrap_or_else(|e| panic!("{e}"));
    let written = measures::write(&ev, &data.rules).unwrap_or_else(|e| panic!("{e}"));
    let mut wrong = Vec::new();
    for (c, text) in ev.countermeasures.iter().zip(&written.texts) {
        let s = |k: &str| {
            c.case
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let b = |k: &str| c.case.get(k).and_then(Value::as_bool).unwrap_or(false);
        let (grade_key, obstacle_kind) = (s("grade_key"), s("obstacle_kind"));
        let truths = lint::Truths {
            grade_key: &grade_key,
            beyond_upper: b("beyond_upper"),
            rate_met: b("rate_met"),
            falling: b("falling"),
            task: c.about == "task" && c.case.get("obstacle_kind").is_some(),
            obstacle_kind: &obstacle_kind,
            works: b("works"),
            cause_known: !s("cause_gist").is_empty(),
        };
        wrong.extend(lint::untrue(text, &truths));
        wrong.extend(lint::breaches(
            &text.replace(
                &c.case
                    .get("next_plan")
                    .and_then(Value::as_str)
                    .unwrap_or("“十五五”规划")
                    .to_string(),
                "下个规划",
            ),
            &[c.target_short.as_str()],
        ));
    }
    assert!(
        wrong.is_empty(),
        "{} {year}:\n{}",
        dir.display(),
        wrong.join("\n")
    );
    written.texts
}

// Long: one assertion per sentence the review struck or asked for, report by report.
#[test]
fn the_real_reports_measures_are_true_and_read_as_the_review_asked() {
    let all = |dir: &Path, year, kind| real_measures(dir, year, kind).join("\n");
    let national = plan_fixture("national15");
    // A surplus is no miss: 一般公共预算收入 above its range, 粮食播种面积 above its band,
    // CPI above its ceiling get no 查找差距 and no 整改.
    let m = all(&national, 2026, None);
    assert!(m.contains("一般公共预算收入增长2026年为6.8%，高于预期目标5%左右的上限。建议县财政局加强一般公共预算收入增长的运行监测和分析，研判其可持续性，保持平稳运行。"), "{m}");
    // The figure's cause is printed: the measure does not ask for it again.
    assert!(!m.contains("研判超出预期的原因"), "{m}");
    // Doctors against the province: no 两者协调提升.
    assert!(m.contains("针对每千人口执业（助理）医师数低于全省每千人口执业（助理）医师数的情况，建议县卫健局采取针对性措施，加快缩小与全省每千人口执业（助理）医师数的差距。"), "{m}");
    // A cause pending approval is answered, cause first; the evaluator's own lateness is its own.
    assert!(m.contains("人员统一管理方案尚待县委编办审核，“推进紧密型县域医共体建设”进度滞后。建议县卫健局主动对接审批部门，加快协调审批"), "{m}");
    assert!(m.contains("“提升能源安全保障能力”2026年度进展情况未按时报送。我局将尽快补齐本单位牵头事项的数据和进展"), "{m}");
    let m = all(&national, 2028, None);
    // A surplus whose cause is printed is answered, not studied; a price above its band gets
    // 保供稳价, never a push.
    assert!(m.contains("粮食播种面积2028年为59.3万亩，高于目标上限。针对再生稻面积扩大等影响粮食播种面积的因素，建议县农业农村局落实针对性应对措施，加强粮食播种面积的监测分析。"), "{m}");
    assert!(m.contains("居民消费价格涨幅2028年为3.8%，高于目标上限。我局将会同县统计局加强重要民生商品价格监测预警，落实保供稳价措施和社会救助、保障标准与物价上涨挂钩的联动机制。"), "{m}");
    // A deliberate tax cut is no gap to look for.
    assert!(
        m.contains(
            "建议县财政局在落实减税降费等政策的同时，加强一般公共预算收入增长的运行监测和分析调度"
        ),
        "{m}"
    );
    assert!(m.contains("推动居民消费率稳步提高"), "{m}");
    assert!(m.contains("针对2027年汽车类零售额下降等影响社会消费品零售总额增长的因素，建议县商务局会同县统计局制定针对性措施，推动增速提升。"), "{m}");
    assert!(m.contains("工业园区污水集中处理工程因设备调试推迟投运，“深入打好污染防治攻坚战”进度滞后。建议市生态环境局云岫分局会同县水利局对“深入打好污染防治攻坚战”倒排工期、挂图作战，确保2030年底前完成规划确定的任务。"), "{m}");
    assert!(m.contains("因招商引资项目资金未到位，“实施数字经济倍增行动”进度滞后。建议县工信局会同县商务局积极争取上级资金支持"), "{m}");
    for struck in [
        "查找差距，加强运行监测",
        "落实整改措施",
        "回到目标方向",
        "两者协调提升",
        "增长增长",
    ] {
        assert!(!m.contains(struck), "{struck} in {m}");
    }
    // The final: 基本完成 is a matter of stability, a fall gets a 下降目标.
    let m = all(&national, 2030, None);
    assert!(
        m.contains("粮食综合生产能力规划期内2027年、2028年未达到年度目标，稳定性有待增强。"),
        "{m}"
    );
    assert!(
        m.contains("建议县自然资源局结合发展基础对“十六五”规划实施期间各年度下降目标提出建议"),
        "{m}"
    );
    assert!(
        !m.contains("每千人口执业（助理）医师数未达到预期的原因"),
        "{m}"
    );
    assert!(
        !m.contains("研判粮食综合生产能力未达到目标要求的原因"),
        "{m}"
    );
    // A rate above its target is not slow, though the total lags.
    let m = all(&plan_fixture("fifteenth"), 2026, None);
    assert!(
        m.contains("2026年增长7.2%，达到年均增长6.5%的目标；总量390.0亿元，低于按进度测算的"),
        "{m}"
    );
    assert!(
        !m.contains("增长偏慢") && !m.contains("推动增速回升。我局"),
        "{m}"
    );
    let m = all(&bundled(), 2024, None);
    assert!(
        m.contains("我局将会同市人社局落实稳就业和促增收政策"),
        "{m}"
    );
    assert!(m.contains("受上级补助资金下达延后影响，“全力建设交通强市”进度滞后。建议市交通运输局积极争取上级资金支持，加强资金调度和要素保障，推动“全力建设交通强市”加快实施，确保2025年底前完成规划确定的任务。"), "{m}");
    assert!(!m.contains("年前完成"), "{m}");
    let m = all(&bundled(), 2023, Some(EvaluationKind::Midterm));
    assert!(m.contains("因交易规则和核算标准尚未出台，“深化‘两山’实践”尚未启动。建议十堰市生态环境局丹江口分局会同我局、市农业农村局、市自然资源规划局加强与上级部门的沟通衔接，跟进相关政策出台"), "{m}");
    let m = all(&bundled(), 2025, None);
    // A quota met over the period is said so: 1−(0.966·0.968·0.969·0.979·0.966) against 1−0.969·0.97⁴.
    assert!(m.contains("单位GDP能耗规划期内2024年未达到年度目标，稳定性有待增强；2021—2025年累计下降14.3%，高于按各年度下达目标累计的14.2%。"), "{m}");
    assert!(m.contains("主要污染物排放总量规划期内2022年未达到年度目标，稳定性有待增强；2021—2025年累计减少10.9%，高于按各年度下达目标累计的9.6%。"), "{m}");
    assert!(m.contains("受省级碳汇、水权交易规则尚未出台影响，“深化‘两山’实践”在规划期内未能全面完成。建议十堰市生态环境局丹江口分局跟进相关政策出台，把未完成的部分纳入“十五五”规划接续推进。"), "{m}");
    assert!(!m.contains("未达到目标要求的原因"), "{m}");
    // What holds whether the next plan is adopted yet, and no fall the figures do not show.
    assert!(m.contains("高于按各年度下达目标累计的14.2%。我局将在“十五五”规划实施期间加强单位GDP能耗的年度监测和调度，确保逐年达标。"), "{m}");
    assert!(m.contains("2021—2025年年均增长2.4%，未实现年均增长10%的目标。我局将建立“十五五”规划重大项目储备库，健全项目谋划、要素保障和“专班+专员”推进机制，扩大有效投资。"), "{m}");
    let m = m + &all(&bundled(), 2024, None);
    assert!(m.contains("积极争取中央预算内投资和地方政府专项债券，以工业投资和基础设施投资为重点扩大有效投资，推动固定资产投资加快增长。"), "{m}");
    for s in "规划中继续将 规划中结合 差距较大 止跌回升 达产达效 增速回升".split(' ')
    {
        assert!(!m.contains(s), "{s} in {m}");
    }
    let m = all(&bundled(), 2021, None);
    assert!(
        m.contains("市招商中心、市营商办等单位未按时报送33项任务的2021年度进展情况。建议督促"),
        "{m}"
    );
    for (dir, year) in [
        (plan_fixture("every_kind"), 2022),
        (plan_fixture("every_kind"), 2025),
    ] {
        real_measures(&dir, year, None);
    }
    for year in [2027, 2029] {
        real_measures(&national, year, None);
    }
}
