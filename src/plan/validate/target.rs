//! Reading an indicator's target from the plan file: the fields each kind
//! needs, or a Chinese error naming the field a kind needs or must not have.
//! It must not grade or word anything: that is the evaluation's work.

use crate::model::vocabulary::TargetKind;
use crate::plan::raw::RawFigure;
use crate::plan::target::{QuotaTotal, Reference, Relation, Way};

use super::*;

/// Every kind a plan file may name, with its Chinese gloss, for messages.
const KINDS: &str = "growth（年均增长）、level（达到目标值）、floor（不低于）、ceiling（不高于）、band（保持在区间内或X左右）、cumulative（规划期累计）、quota（完成上级下达指标）、yearly（各年度视情提出的年度目标）、relative（与另一指标同步、高于等）、trend（明显提高、持续缩小等无数值目标）、assessed（由牵头单位评估的定性目标）或 rank（位次目标，如进入前20强）";

/// A figure as the plan publishes it: its number, and the text when the plan
/// wrote more than a number ("≥340.5", "6.2（预计）").
pub(crate) struct Published {
    pub value: f64,
    pub text: Option<String>,
}

/// The number inside a published figure: "≥340.5" → 340.5, "6.2（预计）" → 6.2.
pub(crate) fn number_in(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit() || c == '-')?;
    let rest = &text[start..];
    let end = rest
        .char_indices()
        .skip(1)
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    rest[..end].parse::<f64>().ok().filter(|v| v.is_finite())
}

impl Validator<'_> {
    /// A figure field that may be a number or published text; `None` when
    /// absent or unreadable (reported).
    pub(super) fn published(
        &mut self,
        id: &str,
        key: &str,
        raw: &Option<RawFigure>,
    ) -> Option<Published> {
        match raw {
            None => None,
            Some(RawFigure::Number(v)) if v.is_finite() => Some(Published {
                value: *v,
                text: None,
            }),
            Some(RawFigure::Number(v)) => {
                let line = self.lines.item_field("id", id, key);
                self.report(
                    line,
                    key,
                    format!("指标“{id}”的 {key} 为 {v}，不是有限的数"),
                );
                None
            }
            Some(RawFigure::Text(text)) => match number_in(text) {
                Some(value) => Some(Published {
                    value,
                    text: Some(text.trim().to_string()),
                }),
                None => {
                    let line = self.lines.item_field("id", id, key);
                    self.report(
                        line,
                        key,
                        format!("指标“{id}”的 {key}“{text}”中没有数字，应写作数字，或如“≥340.5”“6.2（预计）”"),
                    );
                    None
                }
            },
        }
    }

    /// The indicator's target and direction; `None` when the direction
    /// cannot be read (the indicator is left out), `Some((None, _))` when
    /// the target is incomplete (reported, the indicator left out later).
    pub(super) fn target(
        &mut self,
        ri: &RawIndicator,
        base: Option<f64>,
        benchmarks: &[(String, String)],
        indicators: &[(&str, &str)],
    ) -> Option<(Option<Target>, Direction)> {
        let id = ri.id.as_str();
        let kind = ri.kind.as_str();
        let field_line = |v: &Self, key: &str| v.lines.item_field("id", id, key);
        let direction = match ri.direction.as_deref() {
            None if kind == "ceiling" || kind == "rank" => Direction::Lower,
            None | Some("higher") | Some("stable") => Direction::Higher,
            Some("lower") => Direction::Lower,
            Some(other) => {
                let line = field_line(self, "direction");
                let allowed = if kind == "trend" {
                    "higher（提高）、lower（降低、缩小）或 stable（保持稳定）"
                } else {
                    "higher 或 lower"
                };
                self.report(
                    line,
                    "direction",
                    format!("指标“{id}”的方向“{other}”无法识别，应为 {allowed}"),
                );
                return None;
            }
        };
        if ri.direction.as_deref() == Some("stable") && kind != "trend" {
            let line = field_line(self, "direction");
            self.report(
                line,
                "direction",
                format!("指标“{id}”的方向 stable（保持稳定）只用于 trend 类指标"),
            );
        }
        self.fields_of_other_kinds(ri);
        let need = |v: &mut Self, value: Option<f64>, key: &str, what: &str| {
            if value.is_none() {
                let line = v.lines.item("id", id, 0);
                v.report(
                    line,
                    key,
                    format!("指标“{id}”的目标类型为 {kind}，必须填写{what}（{key}）"),
                );
            }
            value
        };
        let tolerance = match ri.tolerance {
            Some(t) if t <= 0.0 => {
                let line = field_line(self, "tolerance");
                self.report(
                    line,
                    "tolerance",
                    format!("指标“{id}”的允许偏差（tolerance）{t} 应大于 0"),
                );
                return Some((None, direction));
            }
            t => t,
        };
        let target = match kind {
            "growth" => {
                // An aim beyond the plan graded as the row's target (到2035年翻一番).
                let aimed = ri
                    .aim
                    .as_ref()
                    .filter(|a| a.graded && ri.target.is_none())
                    .map(|a| {
                        let years = f64::from((a.year - self.base_year).max(1));
                        ((a.multiple / a.index).powf(1.0 / years) - 1.0) * 100.0
                    });
                need(self, ri.target.or(aimed), "target", "年均增速目标")
                    .map(|rate| Target::Growth { rate, tolerance })
            }
            "level" => {
                let target = need(self, ri.target, "target", "目标值");
                let base = need(self, base, "base", "基期值");
                target.zip(base).map(|(target, base)| Target::Level {
                    target,
                    base,
                    tolerance,
                })
            }
            "floor" => need(self, ri.target, "target", "下限值").map(|limit| Target::Floor {
                limit,
                base,
                tolerance,
            }),
            "ceiling" => need(self, ri.target, "target", "上限值").map(|limit| Target::Ceiling {
                limit,
                base,
                tolerance,
            }),
            "band" => self.band(ri),
            "cumulative" => {
                let total = need(self, ri.target, "target", "规划期累计目标");
                let accumulate = self.accumulate(ri, None);
                if let Some(t) = total.filter(|t| *t <= EPS) {
                    let line = field_line(self, "target");
                    self.report(
                        line,
                        "target",
                        format!("指标“{id}”的规划期累计目标 {t} 应大于 0"),
                    );
                }
                total
                    .zip(accumulate)
                    .map(|(total, accumulate)| Target::Cumulative {
                        total,
                        accumulate,
                        tolerance,
                    })
            }
            "quota" => {
                let cumulative = self.quota_total(ri);
                self.accumulate(ri, Some(Accumulate::Reduction))
                    .map(|accumulate| Target::Quota {
                        cumulative,
                        accumulate,
                    })
            }
            "yearly" => Some(Target::Yearly {
                two_sided: ri.two_sided,
            }),
            "relative" => self.relative(ri, tolerance, benchmarks, indicators),
            "trend" => self.trend(ri, base, tolerance),
            "assessed" => Some(Target::Assessed),
            "rank" => self.rank(ri, base),
            other => {
                let line = field_line(self, "kind");
                self.report(
                    line,
                    "kind",
                    format!("指标“{id}”的目标类型“{other}”无法识别，应为 {KINDS}"),
                );
                None
            }
        };
        if ri.two_sided && kind != "yearly" {
            let line = field_line(self, "two_sided");
            self.report(
                line,
                "two_sided",
                format!("指标“{id}”的目标类型为 {kind}，two_sided（高于年度目标上限也算未达到）只用于 yearly 类指标"),
            );
        }
        let forced = match target {
            Some(
                Target::Floor { .. }
                | Target::Band { .. }
                | Target::Cumulative { .. }
                | Target::Yearly { .. }
                | Target::Assessed,
            ) => Some(Direction::Higher),
            Some(Target::Ceiling { .. } | Target::Rank { .. }) => Some(Direction::Lower),
            _ => None,
        };
        if let (Some(forced), Some(given)) = (forced, ri.direction.as_deref())
            && (given == "lower") != (forced == Direction::Lower)
            && !matches!(target, Some(Target::Band { .. }))
        {
            let line = field_line(self, "direction");
            self.report(
                line,
                "direction",
                format!("指标“{id}”的方向与目标类型 {kind} 矛盾"),
            );
        }
        Some((target, forced.unwrap_or(direction)))
    }

    /// Fields that only some kinds read: an error where the kind ignores one.
    fn fields_of_other_kinds(&mut self, ri: &RawIndicator) {
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

    fn accumulate(&mut self, ri: &RawIndicator, default: Option<Accumulate>) -> Option<Accumulate> {
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
    fn quota_total(&mut self, ri: &RawIndicator) -> Option<QuotaTotal> {
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

    /// 与经济增长同步, 高于GDP增长, 不低于全省平均.
    fn relative(
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
    fn trend(
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
    fn rank(&mut self, ri: &RawIndicator, base: Option<f64>) -> Option<Target> {
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
    fn band(&mut self, ri: &RawIndicator) -> Option<Target> {
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

#[cfg(test)]
mod tests {
    use super::number_in;

    #[test]
    fn the_number_of_a_published_figure() {
        assert_eq!(number_in("≥340.5"), Some(340.5));
        assert_eq!(number_in("6.2（预计）"), Some(6.2));
        assert_eq!(number_in("预计12"), Some(12.0));
        assert_eq!(number_in("待定"), None);
    }
}
