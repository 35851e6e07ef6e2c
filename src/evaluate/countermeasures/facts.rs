//! Facts about a case that decide which words of a rule are true: whether the
//! latest reading is past the upper end of its target (a figure above a band is
//! not a shortfall to correct), whether a growth rate met its target while the
//! total lags, whether a cause is a deliberate policy, and what holds a task up.
//! It reads the evaluation's fields; it grades nothing and chooses no rule.

use crate::evaluate::{IndicatorResult, Point};
use crate::model::kinds::is_statistics_unit;
use crate::model::numfmt::fixed;
use crate::plan::{EPS, Target, Way};

/// The upper end a reading of `point` must not pass, when the target has one:
/// a band's top, a two-sided yearly range's top, a ceiling (with its 左右), the
/// top of 保持稳定's band around the base.
fn upper_end(ind: &IndicatorResult, point: &Point) -> Option<f64> {
    match &ind.goal {
        Target::Band { max, .. } => Some(*max),
        Target::Yearly { two_sided: true } => point.target.and_then(|t| t.high),
        Target::Ceiling {
            limit, tolerance, ..
        } => Some(limit + tolerance.unwrap_or(0.0)),
        Target::Trend {
            way: Way::Stable,
            tolerance: Some(t),
            base,
            ..
        } => base.or(ind.base).map(|b| b + t),
        _ => None,
    }
}

fn past_upper(ind: &IndicatorResult, point: &Point) -> bool {
    upper_end(ind, point).is_some_and(|high| point.value > high + EPS)
}

/// Whether the latest graded reading is past the far end of its target: the grading's own
/// judgement (a band, a two-sided yearly target, a ceiling, mirrored for lower-is-better), or
/// past the upper end of the band a 保持稳定 target is held to.
pub(super) fn beyond_upper(ind: &IndicatorResult) -> bool {
    let a = &ind.assessment;
    if a.beyond_upper {
        return true;
    }
    let Some(year) = a.reading_year else {
        return false;
    };
    ind.series
        .iter()
        .find(|p| p.year == year)
        .is_some_and(|p| past_upper(ind, p))
}

/// Whether the upper end of the target is a limit, and the words for what a figure above it
/// is above: "目标上限"; but a ceiling the plan words 左右 whose `tolerance` was left out is
/// judged at X itself and has no 上限: "3%左右的目标" (as the report says, `untolerant_words`).
pub(super) fn upper_phrase(ind: &IndicatorResult) -> (bool, String) {
    match &ind.goal {
        Target::Ceiling {
            limit,
            tolerance: None,
            ..
        } if ind.wording.contains("左右") => (
            false,
            format!(
                "{}{}左右的目标",
                crate::model::numfmt::plain(*limit),
                ind.unit
            ),
        ),
        _ => (true, "目标上限".to_string()),
    }
}

/// The years missed (`missed_years`) split in two: those past the upper end of
/// the target, and the true shortfalls.
pub(super) fn missed_split(ind: &IndicatorResult) -> (Vec<i32>, Vec<i32>) {
    ind.assessment.missed_years.iter().partition(|&&y| {
        ind.series
            .iter()
            .find(|p| p.year == y)
            .is_some_and(|p| past_upper(ind, p))
    })
}

/// Whether a growth target's rate was met (the τ of 左右 allowed), whatever its
/// level part: a two-part target may lag on the total while the rate beats the target.
pub(super) fn rate_met(ind: &IndicatorResult) -> bool {
    let Target::Growth { rate, tolerance } = ind.goal else {
        return false;
    };
    let Some(realised) = ind.assessment.realised_rate else {
        return false;
    };
    let sign = if rate < 0.0 { -1.0 } else { 1.0 };
    let (size, aim) = (sign * realised, sign * rate);
    match tolerance {
        None if ind.strict => size > aim + EPS,
        _ => size >= aim - tolerance.unwrap_or(0.0) - EPS,
    }
}

/// A two-part growth target's level: the total expected on schedule now, and
/// what the total needs a year to reach its target ("2027—2030年总量需年均增长6.4%");
/// empty when there is no level part, no years remain, or the total is reached.
pub(super) fn level_schedule(ind: &IndicatorResult, target_year: i32) -> (String, String) {
    let Some(level) = ind.assessment.level_part.as_deref() else {
        return (String::new(), String::new());
    };
    let expected = level.expected.map(|v| fixed(v, 1)).unwrap_or_default();
    let need = match (level.value, ind.level_target, level.reading_year) {
        (Some(value), Some(target), Some(year))
            if year < target_year && value > 0.0 && target > value =>
        {
            let years = target_year - year;
            let rate = ((target / value).powf(1.0 / f64::from(years)) - 1.0) * 100.0;
            if years == 1 {
                format!("{target_year}年总量需增长{}%", fixed(rate, 1))
            } else {
                format!(
                    "{}—{target_year}年总量需年均增长{}%",
                    year + 1,
                    fixed(rate, 1)
                )
            }
        }
        _ => String::new(),
    };
    (expected, need)
}

/// A quota of yearly falls over the period so far, in words: "2021—2025年累计下降14.3%，
/// 高于按各年度下达目标累计的14.2%"; empty unless every year from the base has its
/// figure and its quota and the figures are falls (下降, 降低, 减少), which compound.
pub(super) fn quota_period_words(ind: &IndicatorResult, base_year: i32) -> String {
    let verb = ind.verb.as_deref().unwrap_or("");
    let (Target::Quota { .. }, Some(last)) = (&ind.goal, ind.assessment.reading_year) else {
        return String::new();
    };
    if !["下降", "降低", "减少"].contains(&verb) || last <= base_year + 1 {
        return String::new();
    }
    let mut done = 1.0;
    let mut asked = 1.0;
    for year in base_year + 1..=last {
        let Some((value, quota)) = ind
            .series
            .iter()
            .find(|p| p.year == year)
            .and_then(|p| p.quota.map(|q| (p.value, q)))
        else {
            return String::new();
        };
        done *= 1.0 - value / 100.0;
        asked *= 1.0 - quota / 100.0;
    }
    let (done, asked) = ((1.0 - done) * 100.0, (1.0 - asked) * 100.0);
    let (done_text, asked_text) = (fixed(done, 1), fixed(asked, 1));
    let stand = if done_text == asked_text {
        "与按各年度下达目标累计的降幅持平".to_string()
    } else if done > asked {
        format!("高于按各年度下达目标累计的{asked_text}%")
    } else {
        format!("低于按各年度下达目标累计的{asked_text}%")
    };
    // A total that takes in an estimated (预计) year is itself an estimate.
    let about = if ind.series.iter().any(|p| p.year == last && p.estimated) {
        "预计"
    } else {
        ""
    };
    format!(
        "{}—{last}年{about}累计{verb}{done_text}%，{stand}",
        base_year + 1
    )
}

/// Who a measure about `ind` is addressed to and who works with it: the lead unit and the
/// other responsible units, unless the lead counts. Then the first responsible unit that
/// does not count leads, with the others that do not count; when every one counts, the
/// evaluator (`evaluator`) leads with them (我局将会同县统计局……: monitoring, data quality).
pub(super) fn addressed<'a>(
    ind: &'a IndicatorResult,
    evaluator: &'a str,
) -> (&'a str, Vec<String>) {
    let rest = || ind.units.iter().filter(|u| **u != ind.lead_unit);
    if !is_statistics_unit(&ind.lead_unit) {
        return (ind.lead_unit.as_str(), rest().cloned().collect());
    }
    match ind.units.iter().find(|u| !is_statistics_unit(u)) {
        Some(first) => (
            first.as_str(),
            ind.units
                .iter()
                .filter(|u| *u != first && !is_statistics_unit(u))
                .cloned()
                .collect(),
        ),
        None => (
            evaluator,
            ind.units
                .iter()
                .filter(|u| u.as_str() != evaluator)
                .cloned()
                .collect(),
        ),
    }
}

/// The gist of a cause the report prints, as the object of “针对……等影响……的因素”: its
/// first clause that says more than a year, without a leading 受/因/由于 and a trailing
/// 影响; empty without a cause.
pub(super) fn cause_gist(cause: &str) -> String {
    let bare = |clause: &str| -> String {
        let mut gist = clause.trim();
        for lead in ["由于", "受到", "受", "因为", "因"] {
            gist = gist.strip_prefix(lead).unwrap_or(gist);
        }
        for tail in ["的影响", "影响", "等因素"] {
            gist = gist.strip_suffix(tail).unwrap_or(gist);
        }
        gist.trim().to_string()
    };
    // A clause that is only a year or years (2027年, 2027、2028年) says nothing.
    let only_years = |g: &str| {
        g.chars()
            .all(|c| c.is_ascii_digit() || "年、—-".contains(c))
    };
    cause
        .split(['，', '；', '。', ','])
        .map(bare)
        .find(|g| !g.is_empty() && !only_years(g))
        .unwrap_or_default()
}

/// Words of a cause that is deliberate policy (减税降费, 留抵退税): a shortfall it
/// explains is no gap to look for.
const POLICY_WORDS: [&str; 6] = ["减税", "降费", "退税", "留抵", "免税", "减免"];

pub(super) fn policy_cause(cause: &str) -> bool {
    POLICY_WORDS.iter().any(|w| cause.contains(w))
}

/// Where a direction without a number is to go, in words: 稳步提高, 持续缩小,
/// 回升至稳定范围; empty for other kinds.
pub(super) fn trend_aim(ind: &IndicatorResult) -> &'static str {
    let Target::Trend {
        way,
        tolerance,
        base,
        ..
    } = &ind.goal
    else {
        return "";
    };
    match way {
        Way::Higher => "稳步提高",
        Way::Lower if ind.wording.contains("缩小") => "持续缩小",
        Way::Lower => "持续下降",
        Way::Stable => {
            let low = base.or(ind.base).zip(*tolerance).map(|(b, t)| b - t);
            match (ind.assessment.value, low) {
                (Some(v), Some(low)) if v < low - EPS => "回升至稳定范围",
                _ => "保持稳定",
            }
        }
    }
}

/// What holds a task up, as its account says: the clause giving a cause
/// (因…, 受…影响), else one naming something pending (尚待县编办审核, 已上报待批,
/// 资金未到位); empty when it names none. A leading 但/而 is dropped, so that
/// the clause can open a sentence.
pub fn obstacle(summary: &str) -> String {
    const PENDING: [&str; 13] = [
        "尚待",
        "有待",
        "待批",
        "待审",
        "未到位",
        "推迟",
        "延误",
        "延后",
        "暂缓",
        "受阻",
        "尚未出台",
        "尚未下达",
        "尚未完成",
    ];
    let cause = super::clause_with(summary, &super::CAUSE_MARKERS);
    let mut clause = if cause.is_empty() {
        super::clause_with(summary, &PENDING)
    } else {
        cause
    };
    for lead in ["但是", "但", "而且", "而", "同时", "且"] {
        clause = clause.strip_prefix(lead).unwrap_or(clause);
    }
    clause.to_string()
}

/// The kind of an obstacle, which decides the measure that answers it:
/// `funding` (争取、调度资金), `policy` (跟进上级政策出台), `approval` (协调审批),
/// `procedure` (采购、招标), `investment` (招商和项目落地), `works` (工期:
/// 倒排工期、挂图作战 fits only here), `other`; empty without an obstacle.
pub fn obstacle_kind(obstacle: &str) -> &'static str {
    const KINDS: [(&str, &[&str]); 6] = [
        (
            "funding",
            &["资金", "补助", "拨付", "专项债", "融资", "财力"],
        ),
        (
            "policy",
            &["出台", "规则", "标准", "政策明确", "尚未印发", "尚未下达"],
        ),
        (
            "approval",
            &["审核", "审批", "批复", "核准", "待批", "待审"],
        ),
        ("procedure", &["采购", "招标", "手续"]),
        ("investment", &["招商", "落地", "签约", "外迁"]),
        (
            "works",
            &[
                "施工",
                "工期",
                "征迁",
                "征拆",
                "拆迁",
                "设备",
                "调试",
                "工程",
                "投运",
                "完工",
                "开工",
                "降雨",
                "连阴雨",
            ],
        ),
    ];
    if obstacle.is_empty() {
        return "";
    }
    KINDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| obstacle.contains(w)))
        .map_or("other", |(kind, _)| kind)
}

/// Whether a task's account speaks of works under construction (在建项目收尾 fits).
pub(super) fn works(summary: &str) -> bool {
    const WORDS: [&str; 10] = [
        "工程",
        "施工",
        "开工",
        "完工",
        "竣工",
        "在建",
        "改建",
        "新建",
        "建成通车",
        "场地平整",
    ];
    WORDS.iter().any(|w| summary.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_holds_a_task_up_is_found_and_named() {
        for (summary, clause, kind) in [
            (
                "受上级补助资金下达延后影响，2条干线公路改建项目年度投资完成率仅54%。",
                "受上级补助资金下达延后影响",
                "funding",
            ),
            (
                "医共体药品统一配送已实施，人员统一管理方案尚待县委编办审核，新招聘的28名医师尚在规范化培训期。",
                "人员统一管理方案尚待县委编办审核",
                "approval",
            ),
            (
                "会同市发改局起草试点方案初稿；因交易规则和核算标准尚未出台，试点仍未启动。",
                "因交易规则和核算标准尚未出台",
                "policy",
            ),
            (
                "“武当云谷”二期因招商不及预期暂缓建设，园区入驻企业12家。",
                "“武当云谷”二期因招商不及预期暂缓建设",
                "investment",
            ),
            (
                "工业园区污水集中处理工程因设备调试推迟投运，主要污染物减排量低于年度计划。",
                "工业园区污水集中处理工程因设备调试推迟投运",
                "works",
            ),
            (
                "城市建成区绿地率恢复至32%以上，但原定城北中央公园建设受征拆影响推迟，尚未完工。",
                "原定城北中央公园建设受征拆影响推迟",
                "works",
            ),
            (
                "重点用能单位节能诊断技术服务采购尚未完成，节能降碳改造项目未启动。",
                "重点用能单位节能诊断技术服务采购尚未完成",
                "procedure",
            ),
            (
                "受疫情影响，农村户厕改造年度计划完成4200户。",
                "受疫情影响",
                "other",
            ),
            ("签约亿元以上项目31个，未完成年度目标。", "", ""),
        ] {
            let found = obstacle(summary);
            assert_eq!(found, clause, "{summary}");
            assert_eq!(obstacle_kind(&found), kind, "{summary}");
        }
        assert!(works("2条干线公路改建项目累计完成投资78%"));
        assert!(!works("交易平台未建成，仅完成林业碳汇项目开发备案"));
        assert!(policy_cause("落实结构性减税政策，减收1.4亿元"));
        assert!(policy_cause("增值税留抵退税集中办理"));
        assert!(!policy_cause("秋季连阴雨，晚稻减产"));
        assert_eq!(cause_gist("夏秋连旱，单产下降"), "夏秋连旱");
        assert_eq!(cause_gist("夏季赤潮影响"), "夏季赤潮");
        assert_eq!(
            cause_gist("受新冠肺炎疫情和房地产市场调整影响，增速低于规划预期"),
            "新冠肺炎疫情和房地产市场调整"
        );
        assert_eq!(cause_gist(""), "");
        assert_eq!(
            cause_gist("2027年，增值税留抵退税集中办理"),
            "增值税留抵退税集中办理"
        );
    }
}
