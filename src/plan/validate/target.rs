//! Reading an indicator's target from the plan file: the fields each kind
//! needs, or a Chinese error naming the field a kind needs or must not have.

use crate::model::vocabulary::TargetKind;

use super::*;

impl Validator<'_> {
    /// The indicator's target and direction; `None` when the direction
    /// cannot be read (the indicator is left out), `Some((None, _))` when
    /// the target is incomplete (reported, the indicator left out later).
    pub(super) fn target(&mut self, ri: &RawIndicator) -> Option<(Option<Target>, Direction)> {
        let id = ri.id.as_str();
        let kind = ri.kind.as_str();
        let field_line = |v: &Self, key: &str| v.lines.item_field("id", id, key);
        let direction = match ri.direction.as_deref() {
            None if kind == "ceiling" => Direction::Lower,
            None | Some("higher") => Direction::Higher,
            Some("lower") => Direction::Lower,
            Some(other) => {
                let line = field_line(self, "direction");
                self.report(
                    line,
                    "direction",
                    format!("指标“{id}”的方向“{other}”无法识别，应为 higher 或 lower"),
                );
                return None;
            }
        };
        // Fields that only some kinds have.
        let only = [
            (
                "tolerance",
                ri.tolerance.is_some(),
                &["band"][..],
                "保持在X左右的允许偏差",
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
                "规划期累计下达目标",
            ),
        ];
        for (key, present, kinds, what) in only {
            if present && TargetKind::parse(kind).is_some() && !kinds.contains(&kind) {
                let line = field_line(self, key);
                self.report(
                    line,
                    key,
                    format!(
                        "指标“{id}”的目标类型为 {kind}，不能填写{what}（{key}）；{key} 只用于 {} 类指标",
                        kinds.join("、")
                    ),
                );
            }
        }
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
        let accumulate = |v: &mut Self, default: Option<Accumulate>| match ri.accumulate.as_deref()
        {
            None => {
                if default.is_none() {
                    let line = v.lines.item("id", id, 0);
                    v.report(
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
                    let line = field_line(v, "accumulate");
                    v.report(
                        line,
                        "accumulate",
                        format!(
                            "指标“{id}”的累计方式“{text}”无法识别，应为 reduction（下降）、increase（提高）或 sum（相加）"
                        ),
                    );
                }
                parsed
            }
        };
        let target = match kind {
            "growth" => {
                need(self, ri.target, "target", "年均增速目标").map(|rate| Target::Growth { rate })
            }
            "level" => {
                let target = need(self, ri.target, "target", "目标值");
                let base = need(self, ri.base, "base", "基期值");
                target
                    .zip(base)
                    .map(|(target, base)| Target::Level { target, base })
            }
            "floor" => need(self, ri.target, "target", "下限值").map(|limit| Target::Floor {
                limit,
                base: ri.base,
            }),
            "ceiling" => need(self, ri.target, "target", "上限值").map(|limit| Target::Ceiling {
                limit,
                base: ri.base,
            }),
            "band" => self.band(ri),
            "cumulative" => {
                let total = need(self, ri.target, "target", "规划期累计目标");
                let accumulate = accumulate(self, None);
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
                    .map(|(total, accumulate)| Target::Cumulative { total, accumulate })
            }
            "quota" => {
                accumulate(self, Some(Accumulate::Reduction)).map(|accumulate| Target::Quota {
                    cumulative: ri.cumulative_quota,
                    accumulate,
                })
            }
            other => {
                let line = field_line(self, "kind");
                self.report(
                    line,
                    "kind",
                    format!(
                        "指标“{id}”的目标类型“{other}”无法识别，应为 growth（年均增长）、level（达到目标值）、floor（不低于）、ceiling（不高于）、band（保持在区间内或X左右）、cumulative（规划期累计）或 quota（完成上级下达指标）"
                    ),
                );
                None
            }
        };
        let forced = match target {
            Some(Target::Floor { .. } | Target::Band { .. } | Target::Cumulative { .. }) => {
                Some(Direction::Higher)
            }
            Some(Target::Ceiling { .. }) => Some(Direction::Lower),
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

    /// 保持在X左右 (target and tolerance) or 控制在X—Y之间 (min and max).
    fn band(&mut self, ri: &RawIndicator) -> Option<Target> {
        let id = ri.id.as_str();
        let line = self.lines.item("id", id, 0);
        match (ri.target, ri.tolerance, ri.min, ri.max) {
            (Some(centre), Some(tolerance), None, None) => {
                if tolerance <= 0.0 || !tolerance.is_finite() {
                    let line = self.lines.item_field("id", id, "tolerance");
                    self.report(
                        line,
                        "tolerance",
                        format!("指标“{id}”的允许偏差（tolerance）{tolerance} 应大于 0"),
                    );
                    return None;
                }
                Some(Target::Band {
                    min: centre - tolerance,
                    max: centre + tolerance,
                    centre: Some(centre),
                })
            }
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
