//! Plausible ranges of figures, by unit and for growth rates: a reading
//! outside its range is almost always a typo (a percentage above 100, a
//! negative count, a growth rate beyond ±50%). The defaults below can be
//! replaced in plan.yaml (`plausible_ranges`, or `range` on one indicator).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Bounds a figure should keep to; either side may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub max: Option<f64>,
}

impl Range {
    pub const fn new(min: Option<f64>, max: Option<f64>) -> Self {
        Range { min, max }
    }

    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }

    /// The bounds in words: 应在 -50～50 之间, 不应小于 0, 不应大于 100.
    pub fn describe(&self) -> String {
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!("应在 {lo}～{hi} 之间"),
            (Some(lo), None) => format!("不应小于 {lo}"),
            (None, Some(hi)) => format!("不应大于 {hi}"),
            (None, None) => "不限".to_string(),
        }
    }
}

/// The range that applies to a series and why, for the message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plausible {
    pub range: Range,
    /// What the range is about, e.g. 年增速（%）, 单位为“%”的数值.
    pub basis: String,
    /// True when the plan set it for this indicator (no hint to set one).
    pub explicit: bool,
}

impl Plausible {
    /// The message for a figure outside the range; `who` names the indicator as the caller's
    /// messages do (指标“gdp”, or with its name beside the id), `what` the cell, e.g. 数值“120”.
    pub fn message(&self, who: &str, what: &str) -> String {
        let mut message = format!(
            "{who}的{what}超出合理范围：{}{}",
            self.basis,
            self.range.describe()
        );
        if self.explicit {
            message.push_str("，请核对");
        } else {
            message.push_str("，请核对；如确属实际，可在 plan.yaml 中为该指标设置 range");
        }
        message
    }
}

/// Growth rates (% a year) beyond this are taken for typos.
pub(super) const GROWTH: Range = Range::new(Some(-50.0), Some(50.0));

/// Units whose figures cannot be negative: counts, amounts, ages, areas.
const NON_NEGATIVE: [&str; 40] = [
    "人",
    "个",
    "家",
    "户",
    "所",
    "张",
    "件",
    "项",
    "座",
    "辆",
    "台",
    "处",
    "次",
    "床",
    "名",
    "篇",
    "人次",
    "万人",
    "万人次",
    "万户",
    "年",
    "岁",
    "元",
    "万元",
    "亿元",
    "元/人",
    "公顷",
    "亩",
    "万亩",
    "平方米",
    "万平方米",
    "平方公里",
    "公里",
    "千米",
    "吨",
    "万吨",
    "千瓦",
    "万千瓦",
    "千瓦时",
    "万千瓦时",
];

/// The rules in force for a plan: the growth range and a range per unit.
#[derive(Debug, Clone)]
pub struct RangeRules {
    pub growth: Range,
    pub units: BTreeMap<String, Range>,
}

impl Default for RangeRules {
    fn default() -> Self {
        let mut units: BTreeMap<String, Range> = NON_NEGATIVE
            .iter()
            .map(|u| (u.to_string(), Range::new(Some(0.0), None)))
            .collect();
        units.insert("%".to_string(), Range::new(None, Some(100.0)));
        units.insert("‰".to_string(), Range::new(None, Some(1000.0)));
        RangeRules {
            growth: GROWTH,
            units,
        }
    }
}

/// `plausible_ranges` as written in plan.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRanges {
    #[serde(default)]
    pub growth: Option<Range>,
    #[serde(default)]
    pub units: BTreeMap<String, Range>,
}

impl RangeRules {
    /// The defaults with the plan's replacements applied.
    pub fn with(raw: Option<&RawRanges>) -> Self {
        let mut rules = RangeRules::default();
        if let Some(raw) = raw {
            if let Some(growth) = raw.growth {
                rules.growth = growth;
            }
            for (unit, range) in &raw.units {
                rules.units.insert(unit.trim().to_string(), *range);
            }
        }
        rules
    }

    /// The range of a growth indicator's yearly rates.
    pub fn growth(&self) -> Plausible {
        Plausible {
            range: self.growth,
            basis: "年增速（%）".to_string(),
            explicit: false,
        }
    }

    /// The range of figures in `unit`, if the unit has one.
    pub fn unit(&self, unit: &str) -> Option<Plausible> {
        self.units.get(unit.trim()).map(|range| Plausible {
            range: *range,
            basis: format!("单位为“{}”的数值", unit.trim()),
            explicit: false,
        })
    }

    /// The range of a share or rate held as a level (森林覆盖率 %, 城镇调查失业率 %): that of
    /// `unit`, never below 0. (A rate of change in the same unit, a price index's rise or a
    /// year's reduction, may be negative: it keeps the unit's range.)
    pub fn level_share(&self, unit: &str) -> Option<Plausible> {
        self.unit(unit).map(|mut p| {
            if p.range.min.is_none_or(|min| min < 0.0) {
                p.range.min = Some(0.0);
                p.basis = format!("单位为“{}”的占比或比率", unit.trim());
            }
            p
        })
    }

    /// The range set for one indicator in the plan.
    pub fn explicit(range: Range) -> Plausible {
        Plausible {
            range,
            basis: "plan.yaml 为该指标设定的数值".to_string(),
            explicit: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_held_as_a_level_is_never_negative_a_rate_of_change_may_be() {
        let rules = RangeRules::default();
        assert!(rules.unit("%").unwrap().range.contains(-0.5));
        let share = rules.level_share("%").unwrap();
        assert!(!share.range.contains(-66.0));
        assert!(share.range.contains(0.0) && share.range.contains(100.0));
        assert_eq!(share.basis, "单位为“%”的占比或比率");
        assert!(rules.level_share("亿元").unwrap().range.contains(0.0));
    }

    #[test]
    fn defaults_and_words() {
        let rules = RangeRules::default();
        assert!(!rules.unit("%").unwrap().range.contains(100.5));
        assert!(rules.unit("%").unwrap().range.contains(-3.0));
        assert!(!rules.unit("人").unwrap().range.contains(-1.0));
        assert!(rules.unit("℃").is_none());
        assert_eq!(rules.growth().range.describe(), "应在 -50～50 之间");
        assert_eq!(
            rules.unit("%").unwrap().message("指标“x”", "数值“120”"),
            "指标“x”的数值“120”超出合理范围：单位为“%”的数值不应大于 100，请核对；如确属实际，可在 plan.yaml 中为该指标设置 range"
        );
    }
}
