//! Target kinds: what an indicator aims at, with exactly the numbers each
//! kind needs, and how a plan file's fields become one (or a Chinese error
//! naming the field a kind needs or must not have).

use serde::Serialize;

use crate::model::vocabulary::TargetKind;

/// How yearly figures add up to a figure for the period so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Accumulate {
    /// A rate reduced each year by d_i %: C = 1 − ∏(1 − d_i).
    Reduction,
    /// A rate raised each year by g_i %: C = ∏(1 + g_i) − 1.
    Increase,
    /// Amounts (persons, 亿元, 个): C = Σ x_i.
    Sum,
}

impl Accumulate {
    pub(super) fn parse(text: &str) -> Option<Accumulate> {
        match text {
            "reduction" | "下降" | "降低" => Some(Accumulate::Reduction),
            "increase" | "增长" | "提高" => Some(Accumulate::Increase),
            "sum" | "累计" | "合计" => Some(Accumulate::Sum),
            _ => None,
        }
    }

    /// The figure so far from the yearly figures (in the unit of the
    /// figures: % for rates).
    pub fn total(self, figures: impl Iterator<Item = f64>) -> f64 {
        match self {
            Accumulate::Reduction => {
                (1.0 - figures.map(|d| 1.0 - d / 100.0).product::<f64>()) * 100.0
            }
            Accumulate::Increase => {
                (figures.map(|g| 1.0 + g / 100.0).product::<f64>() - 1.0) * 100.0
            }
            Accumulate::Sum => figures.sum(),
        }
    }

    /// The figure needed in each of `years` more years to bring `so_far` to `goal`.
    pub fn needed(self, so_far: f64, goal: f64, years: i32) -> f64 {
        let k = f64::from(years.max(1));
        match self {
            Accumulate::Reduction => {
                (1.0 - ((1.0 - goal / 100.0) / (1.0 - so_far / 100.0)).powf(1.0 / k)) * 100.0
            }
            Accumulate::Increase => {
                (((1.0 + goal / 100.0) / (1.0 + so_far / 100.0)).powf(1.0 / k) - 1.0) * 100.0
            }
            Accumulate::Sum => (goal - so_far) / k,
        }
    }

    /// The verb of the target: 累计下降, 累计提高, 累计.
    pub fn verb(self) -> &'static str {
        match self {
            Accumulate::Reduction => "累计下降",
            Accumulate::Increase => "累计提高",
            Accumulate::Sum => "累计",
        }
    }

    /// The verb of one year's part: 下降, 提高, 完成.
    pub fn act(self) -> &'static str {
        match self {
            Accumulate::Reduction => "下降",
            Accumulate::Increase => "提高",
            Accumulate::Sum => "完成",
        }
    }
}

/// What an indicator's target is, with exactly the numbers that kind needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// 年均增长 `rate`% a year; readings are yearly growth rates. A second
    /// part, the level to reach, sits in the indicator's level series.
    Growth { rate: f64 },
    /// 达到 `target` from `base` (降至 when lower is better).
    Level { target: f64, base: f64 },
    /// Keep on the good side of `limit` (以上 / 不低于). A base on the wrong
    /// side makes the limit a level to reach first.
    Floor { limit: f64, base: Option<f64> },
    /// Keep on the good side of `limit` (小于 / 控制在…以内).
    Ceiling { limit: f64, base: Option<f64> },
    /// Keep within `min`..=`max` (保持在X左右, 控制在X—Y之间); `centre` is the X
    /// of 左右.
    Band {
        min: f64,
        max: f64,
        centre: Option<f64>,
    },
    /// Reach `total` for the period by adding up the yearly figures.
    Cumulative { total: f64, accumulate: Accumulate },
    /// Meet the figure a superior sets each year; optionally a plan-period total.
    Quota {
        cumulative: Option<f64>,
        accumulate: Accumulate,
    },
}

impl Target {
    /// Which kind of target it is.
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Growth { .. } => TargetKind::Growth,
            Target::Level { .. } => TargetKind::Level,
            Target::Floor { .. } => TargetKind::Floor,
            Target::Ceiling { .. } => TargetKind::Ceiling,
            Target::Band { .. } => TargetKind::Band,
            Target::Cumulative { .. } => TargetKind::Cumulative,
            Target::Quota { .. } => TargetKind::Quota,
        }
    }

    pub fn kind_key(&self) -> &'static str {
        self.kind().key()
    }

    pub fn kind_label(&self) -> &'static str {
        self.kind().label()
    }

    /// The target figure, where the kind has one.
    pub fn figure(&self) -> Option<f64> {
        match *self {
            Target::Growth { rate } => Some(rate),
            Target::Level { target, .. } => Some(target),
            Target::Floor { limit, .. } | Target::Ceiling { limit, .. } => Some(limit),
            Target::Band { centre, .. } => centre,
            Target::Cumulative { total, .. } => Some(total),
            Target::Quota { cumulative, .. } => cumulative,
        }
    }

    pub fn base(&self) -> Option<f64> {
        match *self {
            Target::Level { base, .. } => Some(base),
            Target::Floor { base, .. } | Target::Ceiling { base, .. } => base,
            _ => None,
        }
    }

    /// Whether its readings are yearly rates of change (range ±50 %).
    pub fn reads_rates(&self) -> bool {
        matches!(
            self,
            Target::Growth { .. }
                | Target::Cumulative {
                    accumulate: Accumulate::Reduction | Accumulate::Increase,
                    ..
                }
        )
    }
}
