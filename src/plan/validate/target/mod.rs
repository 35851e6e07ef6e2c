//! Reading an indicator's target from the plan file: the fields each kind
//! needs, or a Chinese error naming the field a kind needs or must not have.
//! It must not grade or word anything: that is the evaluation's work.
//! This module dispatches on the kind and reads the simple kinds; the
//! other kinds are read in `kinds`, the cross-kind field checks in `fields`.

mod fields;
mod kinds;

use crate::plan::raw::RawFigure;

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
    /// the target is incomplete (reported, the indicator left out later). (Over 80 lines:
    /// the direction and the shared fields first, then one match over the kinds, each
    /// arm a few lines reading its own fields.)
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
