//! The measures of two plans the rules were not written for (翠岭县, a mountain county, and
//! 澄湾县, a coastal one; `tests/fixtures/plans/mountain15`, `coastal15`), read with the rules
//! `plan-eval init` writes: a statistics bureau is never asked for an outcome, a price index is
//! monitored (保供稳价 above its band) and never pushed, a cause the report prints is answered
//! and never sought again, a binding yearly target is no 预期目标, a unit proposes the next
//! plan's targets and the evaluator sets them, and a final's unreported tasks owe their
//! 规划期完成情况.

use std::path::{Path, PathBuf};

use crate::common::{copy_dir, plan_fixture};
use crate::rules_truth::{assert_true_in_every_case, real_measures};
use plan_eval::input::rules;
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::run::init::STARTER_RULES;

/// A copy of fixture `name` with the rules `plan-eval init` writes today.
fn with_starter_rules(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&plan_fixture(name), dir.path());
    std::fs::write(dir.path().join("countermeasures.yaml"), STARTER_RULES)
        .unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn measures(dir: &Path, year: i32, kind: Option<EvaluationKind>) -> String {
    real_measures(dir, year, kind).join("\n")
}

#[test]
fn the_starter_rules_are_true_for_every_case_of_the_unseen_plans() {
    for name in ["mountain15", "coastal15"] {
        let (_keep, dir) = with_starter_rules(name);
        let plan = plan_eval::plan::load(&dir.join("plan.yaml")).unwrap_or_else(|e| panic!("{e}"));
        let rules = rules::parse(Path::new("countermeasures.yaml"), STARTER_RULES, &plan)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_true_in_every_case(name, &rules, &plan);
    }
}

// Long: one assertion per sentence the review of the unseen plans struck, report by report.
#[test]
fn the_unseen_plans_measures_are_what_their_units_can_do() {
    let (_m, mountain) = with_starter_rules("mountain15");
    let (_c, coastal) = with_starter_rules("coastal15");

    // A price below its band: monitoring only, no 查明原因, no 推动回到.
    let m = measures(&coastal, 2026, None);
    assert!(m.contains("居民消费价格涨幅2026年为0.8%，低于目标下限。我委将会同县统计局加强居民消费价格涨幅和重要民生商品价格的监测分析，及时掌握价格走势。"), "{m}");
    assert!(
        !m.contains("查明居民消费价格涨幅") && !m.contains("回到"),
        "{m}"
    );

    let m = measures(&coastal, 2028, None);
    // Above its band: 保供稳价, never a push.
    assert!(m.contains("居民消费价格涨幅2028年为3.4%，高于目标上限。我委将会同县统计局加强重要民生商品价格监测预警，落实保供稳价措施和社会救助、保障标准与物价上涨挂钩的联动机制。"), "{m}");
    // 地区生产总值 led by the statistics bureau with the evaluator: the evaluator delivers it.
    assert!(
        m.contains(
            "我委将把地区生产总值目标分解到年度，明确支撑项目和资金，力争2030年达到800亿元。"
        ),
        "{m}"
    );
    // A binding yearly target answered by its printed cause (夏季赤潮).
    assert!(m.contains("针对夏季赤潮等影响近岸海域水质优良比例的因素，建议市生态环境局澄湾分局会同县海洋渔业局落实针对性措施，加强近岸海域水质优良比例的运行监测和分析调度，确保完成下一年度的约束性目标任务。"), "{m}");
    assert!(!m.contains("近岸海域水质优良比例预期目标"), "{m}");

    // Income led by the statistics bureau: addressed to 县人社局 with 县农业农村局.
    let m = measures(&mountain, 2026, None);
    assert!(m.contains("建议县人社局会同县农业农村局"), "{m}");
    assert!(
        m.contains("推动居民人均可支配收入增长与地区生产总值增长同步。"),
        "{m}"
    );
    for struck in ["建议县统计局", "县统计局会同", "县统计局将"] {
        assert!(!m.contains(struck), "{struck} in {m}");
    }

    // Unemployment above its ceiling with its cause printed: no 研判偏高的原因.
    let m = measures(&mountain, 2028, None);
    assert!(m.contains("城镇调查失业率2028年为5.6%，高于目标上限。针对两家大型商超关闭等影响城镇调查失业率的因素，"), "{m}");
    assert!(
        m.contains("落实针对性应对措施，加强城镇调查失业率的监测分析。"),
        "{m}"
    );
    assert!(!m.contains("研判偏高的原因"), "{m}");

    // 粮食产量 is binding: its yearly target is no 预期目标; the drought is answered.
    let m = measures(&mountain, 2029, None);
    assert!(m.contains("针对夏秋连旱等影响粮食产量的因素，建议县农业农村局落实针对性措施，加强粮食产量的运行监测和分析调度，确保完成下一年度的约束性目标任务。"), "{m}");
    assert!(
        !m.contains("粮食产量预期目标") && !m.contains("下一年度的预期目标"),
        "{m}"
    );

    // Finals: a unit proposes the next plan's targets; tasks owe their 规划期完成情况.
    let m = measures(&mountain, 2030, None);
    assert!(m.contains("建议县商务局结合发展基础对“十六五”规划实施期间各年度增长目标提出建议，明确支撑项目和政策措施。"), "{m}");
    assert!(m.contains("“发展全域生态旅游”的规划期完成情况"), "{m}");
    assert!(
        !m.contains("深入分析社会消费品零售总额增长未达预期的原因"),
        "{m}"
    );
    let m = measures(&coastal, 2030, None);
    assert!(m.contains("居民消费价格涨幅规划期内2026年低于目标下限，2028年高于目标上限。我委将在“十六五”规划实施期间继续做好重要民生商品价格监测和保供稳价工作。"), "{m}");
    assert!(
        !m.contains("居民消费价格涨幅的年度监测和调度，确保逐年达标"),
        "{m}"
    );
    assert!(m.contains("“建设澄湾港区深水泊位”的规划期完成情况"), "{m}");
}
