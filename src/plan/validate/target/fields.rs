//! Checks on an indicator's target fields that lie outside the kind's own
//! reading: fields only other kinds read, the accumulation of a cumulative
//! or quota target, and a quota's five-year figure. Each problem is a
//! Chinese error naming the field.
//! It must not build a `Target` or grade anything: `target` in the parent
//! module assembles the target from what these return.

use crate::model::vocabulary::TargetKind;
use crate::plan::raw::RawFigure;
use crate::plan::target::QuotaTotal;

use super::*;

impl Validator<'_> {
    /// Fields that only some kinds read: an error where the kind ignores one. (Over 80
    /// lines: one table, a row per field with the kinds that read it, then one loop.)
    pub(super) fn fields_of_other_kinds(&mut self, ri: &RawIndicator) {
        let id = ri.id.as_str();
        let kind = ri.kind.as_str();
        let only = [
            (
                "tolerance",
                ri.tolerance.is_some(),
                &[
                    "band",
                    "growth",
                    "level",
                    "floor",
                    "ceiling",
                    "cumulative",
                    "relative",
                    "trend",
                ][..],
                "“左右”的允许偏差",
            ),
            ("min", ri.min.is_some(), &["band"][..], "目标区间下限"),
            ("max", ri.max.is_some(), &["band"][..], "目标区间上限"),
            (
                "accumulate",
                ri.accumulate.is_some(),
                &["cumulative", "quota"][..],
                "累计方式",
            ),
            (
                "cumulative_quota",
                ri.cumulative_quota.is_some(),
                &["quota"][..],
                "规划期累计下达目标（考核目标）",
            ),
            (
                "relation",
                ri.relation.is_some(),
                &["relative"][..],
                "对照关系",
            ),
            (
                "reference",
                ri.reference.is_some(),
                &["relative"][..],
                "对照的指标或基准",
            ),
            (
                "compare",
                ri.compare.is_some(),
                &["relative"][..],
                "对照方式",
            ),
            (
                "final_rule",
                ri.final_rule.is_some(),
                &["relative"][..],
                "总结评估的判断方式",
            ),
            (
                "threshold",
                ri.threshold.is_some(),
                &["trend"][..],
                "“明显”的幅度",
            ),
            ("group", ri.group.is_some(), &["rank"][..], "排位范围"),
            (
                "group_size",
                ri.group_size.is_some(),
                &["rank"][..],
                "排位范围的个数",
            ),
            (
                "milestones",
                !ri.milestones.is_empty(),
                &["level"][..],
                "阶段目标",
            ),
            (
                "final_on",
                ri.final_on.is_some(),
                &["floor", "ceiling"][..],
                "总结评估的判断方式",
            ),
            (
                "target",
                ri.target.is_some(),
                // A quota's target is told apart, with where its figures go (`consistency`).
                &[
                    "growth",
                    "level",
                    "floor",
                    "ceiling",
                    "band",
                    "cumulative",
                    "rank",
                    "quota",
                ][..],
                "目标值",
            ),
        ];
        for (key, present, kinds, what) in only {
            if present && TargetKind::parse(kind).is_some() && !kinds.contains(&kind) {
                let line = self.lines.item_field("id", id, key);
                let hint = match (key, kind) {
                    ("target", "yearly") => {
                        "；各年度的目标填在数据文件的“下达目标”（年度目标）列".to_string()
                    }
                    ("target", "relative" | "trend" | "assessed") => {
                        "；此类目标没有数值".to_string()
                    }
                    _ => format!("；{key} 只用于 {} 类指标", kinds.join("、")),
                };
                self.report(
                    line,
                    key,
                    format!("指标“{id}”的目标类型为 {kind}，不能填写{what}（{key}）{hint}"),
                );
            }
        }
    }

    pub(super) fn accumulate(
        &mut self,
        ri: &RawIndicator,
        default: Option<Accumulate>,
    ) -> Option<Accumulate> {
        let id = ri.id.as_str();
        match ri.accumulate.as_deref() {
            None => {
                if default.is_none() {
                    let line = self.lines.item("id", id, 0);
                    self.report(
                        line,
                        "accumulate",
                        format!(
                            "指标“{id}”的目标类型为 cumulative，必须填写累计方式（accumulate）：reduction（比率逐年下降，如能耗累计下降）、increase（比率逐年提高）或 sum（数量逐年相加，如累计新增就业）"
                        ),
                    );
                }
                default
            }
            Some(text) => {
                let parsed = Accumulate::parse(text);
                if parsed.is_none() {
                    let line = self.lines.item_field("id", id, "accumulate");
                    self.report(
                        line,
                        "accumulate",
                        format!(
                            "指标“{id}”的累计方式“{text}”无法识别，应为 reduction（下降）、increase（提高）或 sum（相加）"
                        ),
                    );
                }
                parsed
            }
        }
    }

    /// A quota's five-year figure: a number, or 待下达.
    pub(super) fn quota_total(&mut self, ri: &RawIndicator) -> Option<QuotaTotal> {
        let id = ri.id.as_str();
        match &ri.cumulative_quota {
            Some(RawFigure::Text(t)) if matches!(t.trim(), "待下达" | "尚未下达" | "pending") => {
                Some(QuotaTotal::Pending)
            }
            raw => self
                .published(id, "cumulative_quota", raw)
                .map(|p| QuotaTotal::Figure(p.value)),
        }
    }
}
