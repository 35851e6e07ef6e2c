//! The writing rules one sentence of a measure must keep, beyond its clauses ([`super::lint`]):
//! a statistics bureau counts a figure and is never asked to deliver it; a county cannot move
//! a price index (it monitors prices and, above the band, keeps supply and prices stable,
//! 保供稳价); and a unit proposes the next plan's targets, which the evaluator drafts and the
//! government sets. It reads text only; it decides nothing about which rule applies.

use crate::model::kinds::{STATISTICS_UNITS, is_price_index};

/// Words that ask for an outcome (the figure itself moved), not for work or monitoring.
const OUTCOME: [&str; 10] = [
    "推动",
    "确保",
    "力争",
    "回到",
    "达标",
    "达到目标",
    "控制在",
    "查找差距",
    "分解到年度",
    "提升",
];

/// What one sentence breaks: a statistics bureau asked to deliver an outcome (it counts the
/// figure), a price pushed to a target (a county monitors prices and keeps supply and prices
/// stable, 保供稳价), and a unit asked to set targets (the evaluator drafts the plan; a unit
/// proposes).
pub(super) fn breaches(sentence: &str, names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let outcome = OUTCOME.iter().find(|w| sentence.contains(**w));
    if let Some(w) = outcome
        && statistics_addressed(sentence)
    {
        out.push(format!(
            "“{sentence}”要求统计部门“{w}”一项指标：统计局负责统计监测和数据质量，不对指标结果负责；请把措施写给负责该项工作的单位（或“我局将会同统计局……”），统计局只写监测、数据质量"
        ));
    }
    let price = names
        .iter()
        .any(|n| !n.is_empty() && is_price_index(n) && sentence.contains(n))
        || PRICE_WORDS
            .iter()
            .any(|w| sentence.contains(w) && !sentence.contains("民生商品价格"));
    if let Some(w) = outcome.filter(|_| price) {
        out.push(format!(
            "“{sentence}”要“{w}”价格指数：县（市）无法左右居民消费价格，只能加强价格监测、做好保供稳价（高于上限时），低于下限时只写监测分析"
        ));
    }
    if let (Some(ask), Some(set)) = (sentence.find("建议"), sentence.find("确定"))
        && ask < set
        && sentence[set..].contains("目标")
        && !sentence[ask..set].contains('将')
    {
        out.push(format!(
            "“{sentence}”建议一个部门确定目标：下一个规划的目标由评估单位（发展改革部门）研究提出、政府确定，部门只能“提出建议”；写作“建议……对……目标提出建议”或“我局将……合理确定……目标”"
        ));
    }
    out
}

/// Literal names of a price index in a rule's own words.
const PRICE_WORDS: [&str; 3] = ["消费价格", "CPI", "物价涨幅"];

/// Whether a sentence is addressed to a statistics bureau: 建议县统计局…, 县统计局将…, or a
/// statistics bureau that leads others (县统计局会同……).
fn statistics_addressed(sentence: &str) -> bool {
    STATISTICS_UNITS.iter().any(|b| {
        sentence.match_indices(b).any(|(at, _)| {
            let after = &sentence[at + b.len()..];
            let before = &sentence[..at];
            let asked = before
                .rfind("建议")
                .is_some_and(|i| !before[i..].contains("会同") && !before[i..].contains('、'));
            after.starts_with("会同") || after.starts_with('将') || asked
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::lint::{Truths, breaches, untrue};

    #[test]
    fn the_unseen_plans_struck_sentences_are_found() {
        let names = ["居民消费价格涨幅", "居民人均可支配收入增长", "地区生产总值"];
        for struck in [
            "我委将会同县统计局查明居民消费价格涨幅低于目标下限的原因，落实针对性措施，推动尽快回到目标要求以内。",
            "建议县统计局会同县人社局、县农业农村局分析差距及其原因，推动居民人均可支配收入增长与地区生产总值增长同步。",
            "建议县统计局会同我委把地区生产总值目标分解到年度，明确支撑项目和资金。",
            "建议市人社局在“十五五”规划实施期间结合发展基础合理确定各年度增长目标。",
            "我委将在下个规划实施期间加强居民消费价格涨幅的年度监测和调度，确保逐年达标。",
        ] {
            assert!(!breaches(struck, &names).is_empty(), "{struck}");
        }
        for fine in [
            "居民消费价格涨幅2028年为3.4%，高于目标上限。我委将会同县统计局加强重要民生商品价格监测预警，落实保供稳价措施和社会救助、保障标准与物价上涨挂钩的联动机制。",
            "我委将会同县统计局加强居民消费价格涨幅和重要民生商品价格的监测分析，及时掌握价格走势。",
            "建议县人社局会同县统计局采取针对性措施，推动居民人均可支配收入增长与地区生产总值增长同步。",
            "我局将在下个规划实施期间结合发展基础合理确定各年度增长目标。",
            "建议市人社局结合发展基础对下个规划实施期间各年度增长目标提出建议，明确支撑项目和政策措施。",
        ] {
            assert!(
                breaches(fine, &names).is_empty(),
                "{fine}: {:?}",
                breaches(fine, &names)
            );
        }
        let known = Truths {
            grade_key: "behind",
            cause_known: true,
            ..Truths::default()
        };
        assert_eq!(
            untrue("城镇调查失业率2028年为5.6%，高于目标上限。建议县人社局加强监测分析，研判偏高的原因和走势。", &known).len(),
            1
        );
        assert!(
            untrue(
                "针对两家大型商超关闭等影响城镇调查失业率的因素，建议县人社局落实针对性应对措施。",
                &known
            )
            .is_empty()
        );
    }
}
