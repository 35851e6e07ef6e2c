//! Reading the kinds of target that need more than a figure: relative
//! (a relation and a reference), trend (a way and its band), rank (a place
//! in a named group) and band (X左右 or X—Y). Each missing or contradicting
//! field is a Chinese error naming the field.
//! It must not grade or word anything: that is the evaluation's work.

use crate::plan::target::{Reference, Relation, Way};

use super::*;

impl Validator<'_> {
    /// 与经济增长同步, 高于GDP增长, 不低于全省平均. (Over 80 lines: the relation, the
    /// reference (an indicator or a benchmark series) and the final rule are checked in
    /// turn, each with its own message, and the target is built only when all three hold.)
    pub(super) fn relative(
        &mut self,
        ri: &RawIndicator,
        tolerance: Option<f64>,
        benchmarks: &[(String, String)],
        indicators: &[(&str, &str)],
    ) -> Option<Target> {
        let id = ri.id.as_str();
        let line = self.lines.item("id", id, 0);
        let relation = match ri.relation.as_deref() {
            None => {
                self.report(
                    line,
                    "relation",
                    format!("指标“{id}”的目标类型为 relative，必须填写对照关系（relation）：同步、基本同步、高于、不低于或低于"),
                );
                None
            }
            Some(text) => {
                let parsed = Relation::parse(text);
                if parsed.is_none() {
                    let line = self.lines.item_field("id", id, "relation");
                    self.report(
                        line,
                        "relation",
                        format!("指标“{id}”的对照关系“{text}”无法识别，应为 同步、基本同步、高于（快于）、不低于、低于（慢于）或 缩小差距"),
                    );
                }
                parsed
            }
        };
        if relation == Some(Relation::NearlyInStep) && tolerance.is_none() {
            self.report(
                line,
                "tolerance",
                format!("指标“{id}”的对照关系为“基本同步”，必须填写允许的差距（tolerance），如 0.5 表示低于对照指标不超过0.5个百分点"),
            );
        }
        let reference = match ri.reference.as_deref().map(str::trim) {
            None | Some("") => {
                self.report(
                    line,
                    "reference",
                    format!("指标“{id}”的目标类型为 relative，必须填写对照的指标编号或基准编号（reference），如 gdp"),
                );
                None
            }
            Some(r) if r == id => {
                let line = self.lines.item_field("id", id, "reference");
                self.report(line, "reference", format!("指标“{id}”不能与自身对照"));
                None
            }
            Some(r) => {
                if let Some((rid, name)) = indicators.iter().find(|(i, n)| *i == r || *n == r) {
                    Some(Reference {
                        id: rid.to_string(),
                        name: name.to_string(),
                        benchmark: false,
                    })
                } else if let Some((bid, name)) = benchmarks.iter().find(|(b, n)| b == r || n == r)
                {
                    Some(Reference {
                        id: bid.clone(),
                        name: name.clone(),
                        benchmark: true,
                    })
                } else {
                    let line = self.lines.item_field("id", id, "reference");
                    self.report(
                        line,
                        "reference",
                        format!("指标“{id}”对照的“{r}”既不是规划中的指标，也不是 benchmarks 中登记的基准；基准序列请在文件末尾的 benchmarks 中登记（id、name、unit）"),
                    );
                    None
                }
            }
        };
        let on_levels = match ri.compare.as_deref().map(str::trim) {
            None | Some("growth") | Some("增速") => false,
            Some("level") | Some("水平") => true,
            Some(other) => {
                let line = self.lines.item_field("id", id, "compare");
                self.report(
                    line,
                    "compare",
                    format!("指标“{id}”的对照方式“{other}”无法识别，应为 growth（比较逐年增速，默认）或 level（比较水平）"),
                );
                false
            }
        };
        let every_year = match ri.final_rule.as_deref().map(str::trim) {
            None | Some("average") | Some("平均") => false,
            Some("every_year") | Some("逐年") => true,
            Some(other) => {
                let line = self.lines.item_field("id", id, "final_rule");
                self.report(
                    line,
                    "final_rule",
                    format!("指标“{id}”的总结评估判断方式“{other}”无法识别，应为 average（按规划期平均，默认）或 every_year（逐年均须满足）"),
                );
                false
            }
        };
        Some(Target::Relative {
            relation: relation?,
            reference: reference?,
            tolerance,
            on_levels,
            every_year,
        })
    }

    /// 明显提高, 持续缩小, 保持稳定: a direction, with figures.
    pub(super) fn trend(
        &mut self,
        ri: &RawIndicator,
        base: Option<f64>,
        tolerance: Option<f64>,
    ) -> Option<Target> {
        let id = ri.id.as_str();
        let way = match ri.direction.as_deref() {
            Some("lower") => Way::Lower,
            Some("stable") => Way::Stable,
            _ => Way::Higher,
        };
        if way == Way::Stable && tolerance.is_none() {
            let line = self.lines.item("id", id, 0);
            self.report(
                line,
                "tolerance",
                format!("指标“{id}”的目标为保持稳定（direction: stable），必须填写与基期相比允许的波动（tolerance）；“稳定”没有默认的幅度"),
            );
            return None;
        }
        if way != Way::Stable && tolerance.is_some() {
            let line = self.lines.item_field("id", id, "tolerance");
            self.report(
                line,
                "tolerance",
                format!("指标“{id}”的目标为提高或降低，不填允许偏差（tolerance）；“明显”的幅度填 threshold"),
            );
        }
        if let Some(m) = ri.threshold.filter(|m| *m <= 0.0) {
            let line = self.lines.item_field("id", id, "threshold");
            self.report(
                line,
                "threshold",
                format!(
                    "指标“{id}”的“明显”幅度（threshold）{m} 应为正数（按方向计，降低也填正数）"
                ),
            );
        }
        Some(Target::Trend {
            way,
            threshold: ri.threshold,
            tolerance,
            base,
        })
    }

    /// 进入全省县域经济前20强.
    pub(super) fn rank(&mut self, ri: &RawIndicator, base: Option<f64>) -> Option<Target> {
        let id = ri.id.as_str();
        let line = self.lines.item("id", id, 0);
        let target = ri.target.filter(|t| *t >= 1.0 && t.fract() == 0.0);
        if target.is_none() {
            self.report(
                line,
                "target",
                format!(
                    "指标“{id}”的目标类型为 rank，target 应为目标位次（正整数，如前20强填 20）"
                ),
            );
        }
        let group = ri.group.as_deref().map(str::trim).unwrap_or("");
        if group.is_empty() {
            self.report(
                line,
                "group",
                format!("指标“{id}”的目标类型为 rank，必须填写排位范围（group），如“全省县（市、区）”；“第一方阵”“前列”须写明所指的位次"),
            );
        }
        if let (Some(t), Some(n)) = (target, ri.group_size)
            && t > f64::from(n)
        {
            let line = self.lines.item_field("id", id, "target");
            self.report(
                line,
                "target",
                format!("指标“{id}”的目标位次 {t} 大于排位范围的个数 {n}"),
            );
        }
        Some(Target::Rank {
            target: target?,
            base,
            group: group.to_string(),
            group_size: ri.group_size,
        })
    }

    /// 保持在X左右 (target and tolerance) or 控制在X—Y之间 (min and max).
    pub(super) fn band(&mut self, ri: &RawIndicator) -> Option<Target> {
        let id = ri.id.as_str();
        let line = self.lines.item("id", id, 0);
        match (ri.target, ri.tolerance, ri.min, ri.max) {
            (Some(centre), Some(tolerance), None, None) => Some(Target::Band {
                min: centre - tolerance,
                max: centre + tolerance,
                centre: Some(centre),
            }),
            (None, None, Some(min), Some(max)) => {
                if min >= max {
                    let line = self.lines.item_field("id", id, "min");
                    self.report(
                        line,
                        "min",
                        format!("指标“{id}”的目标区间下限 {min} 应小于上限 {max}"),
                    );
                    return None;
                }
                Some(Target::Band {
                    min,
                    max,
                    centre: None,
                })
            }
            (Some(_), None, None, None) => {
                self.report(
                    line,
                    "tolerance",
                    format!(
                        "指标“{id}”的目标类型为 band（保持在X左右），必须填写允许偏差（tolerance），如 target: 3、tolerance: 0.5 表示 2.5～3.5；“左右”没有默认的偏差"
                    ),
                );
                None
            }
            _ => {
                self.report(
                    line,
                    "target",
                    format!(
                        "指标“{id}”的目标类型为 band，应填写 target 与 tolerance（保持在X左右），或 min 与 max（控制在X—Y之间），二者择一"
                    ),
                );
                None
            }
        }
    }
}
