//! Target kinds: what an indicator aims at, with exactly the numbers each
//! kind needs, and how a plan file's fields become one (or a Chinese error
//! naming the field a kind needs or must not have).
//! This module holds the `Target` enum and its parts; the arithmetic of
//! accumulation and relations lives in `figures`, a year's target and a
//! verdict in `year`. It must not grade or word a report: that is the
//! evaluation's work.

mod figures;
mod year;

use serde::Serialize;

use crate::model::vocabulary::TargetKind;

pub use figures::{Accumulate, Relation};
pub use year::{Verdict, YearTarget};

/// What a relative target compares with: another indicator of the plan or a
/// benchmark series given in the readings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// The id its readings are kept under.
    pub id: String,
    /// What it is, as printed: 地区生产总值增长, 全省平均.
    pub name: String,
    /// A benchmark series rather than an indicator of the plan.
    pub benchmark: bool,
}

/// Which way a target without a number points (明显提高, 持续缩小, 保持稳定).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Way {
    Higher,
    Lower,
    Stable,
}

/// A five-year quota (考核目标) of a superior: its figure, or not yet assigned.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaTotal {
    Figure(f64),
    /// 待下达: the superior has not assigned it yet (数据暂缺, never an error).
    Pending,
}

/// What an indicator's target is, with exactly the numbers each kind needs.
/// `tolerance` is the τ of a 左右 target; it is never defaulted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// 年均增长 `rate`% a year (年均下降 when negative); readings are yearly
    /// growth rates. A second part, the level to reach, sits in the
    /// indicator's level series.
    Growth { rate: f64, tolerance: Option<f64> },
    /// 达到 `target` from `base` (降至 when lower is better).
    Level {
        target: f64,
        base: f64,
        tolerance: Option<f64>,
    },
    /// Keep on the good side of `limit` (以上 / 不低于); with τ the limit is
    /// `limit − τ`. A base on the wrong side makes the limit a level to reach first.
    Floor {
        limit: f64,
        base: Option<f64>,
        tolerance: Option<f64>,
    },
    /// Keep on the good side of `limit` (小于 / 控制在…以内; 控制在3%左右 with τ).
    Ceiling {
        limit: f64,
        base: Option<f64>,
        tolerance: Option<f64>,
    },
    /// Keep within `min`..=`max` (保持在X左右, 控制在X—Y之间); `centre` is the X
    /// of 左右.
    Band {
        min: f64,
        max: f64,
        centre: Option<f64>,
    },
    /// Reach `total` for the period by adding up the yearly figures.
    Cumulative {
        total: f64,
        accumulate: Accumulate,
        tolerance: Option<f64>,
    },
    /// Meet the figure a superior sets each year; optionally a plan-period
    /// total (考核目标), which may not be assigned yet.
    Quota {
        cumulative: Option<QuotaTotal>,
        accumulate: Accumulate,
    },
    /// The government sets the target each year (保持在合理区间、各年度视情提出);
    /// each year's target is read from the readings. `two_sided`: a value
    /// above the year's upper end misses too.
    Yearly { two_sided: bool },
    /// The yearly figure against another series (与经济增长同步, 高于全省平均).
    Relative {
        relation: Relation,
        reference: Reference,
        /// δ of 同步 / 基本同步.
        tolerance: Option<f64>,
        /// Compare levels (达到全国平均水平) instead of yearly rates.
        on_levels: bool,
        /// The final judges every common year instead of the averages.
        every_year: bool,
    },
    /// A direction without a number (明显提高, 持续缩小, 保持稳定), judged on figures.
    Trend {
        way: Way,
        /// M: the movement by T that 明显 means, when the plan gives it.
        threshold: Option<f64>,
        /// The band around the base that 保持稳定 allows.
        tolerance: Option<f64>,
        base: Option<f64>,
    },
    /// No number and no figures (营商环境持续优化): the lead unit's own
    /// assessment, returned on its form, is the reading.
    Assessed,
    /// A rank among a named group (进入全省县域经济前20强); 1 is best.
    Rank {
        target: f64,
        base: Option<f64>,
        group: String,
        group_size: Option<u32>,
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
            Target::Yearly { .. } => TargetKind::Yearly,
            Target::Relative { .. } => TargetKind::Relative,
            Target::Trend { .. } => TargetKind::Trend,
            Target::Assessed => TargetKind::Assessed,
            Target::Rank { .. } => TargetKind::Rank,
        }
    }

    /// τ of a 左右 target (δ of a relation), where the plan gives one.
    pub fn tolerance(&self) -> Option<f64> {
        match *self {
            Target::Growth { tolerance, .. }
            | Target::Level { tolerance, .. }
            | Target::Floor { tolerance, .. }
            | Target::Ceiling { tolerance, .. }
            | Target::Cumulative { tolerance, .. }
            | Target::Relative { tolerance, .. }
            | Target::Trend { tolerance, .. } => tolerance,
            Target::Band { .. }
            | Target::Quota { .. }
            | Target::Yearly { .. }
            | Target::Assessed
            | Target::Rank { .. } => None,
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
            Target::Growth { rate, .. } => Some(rate),
            Target::Level { target, .. } | Target::Rank { target, .. } => Some(target),
            Target::Floor { limit, .. } | Target::Ceiling { limit, .. } => Some(limit),
            Target::Band { centre, .. } => centre,
            Target::Cumulative { total, .. } => Some(total),
            Target::Quota { cumulative, .. } => match cumulative {
                Some(QuotaTotal::Figure(f)) => Some(f),
                Some(QuotaTotal::Pending) | None => None,
            },
            Target::Trend { threshold, .. } => threshold,
            Target::Yearly { .. } | Target::Relative { .. } | Target::Assessed => None,
        }
    }

    /// Whether grading reads a base (a level's, a limit's, a trend's, a rank's).
    pub fn uses_base(&self) -> bool {
        match self {
            Target::Level { .. }
            | Target::Floor { .. }
            | Target::Ceiling { .. }
            | Target::Trend { .. }
            | Target::Rank { .. } => true,
            Target::Growth { .. }
            | Target::Band { .. }
            | Target::Cumulative { .. }
            | Target::Quota { .. }
            | Target::Yearly { .. }
            | Target::Relative { .. }
            | Target::Assessed => false,
        }
    }

    pub fn base(&self) -> Option<f64> {
        match *self {
            Target::Level { base, .. } => Some(base),
            Target::Floor { base, .. }
            | Target::Ceiling { base, .. }
            | Target::Trend { base, .. }
            | Target::Rank { base, .. } => base,
            Target::Growth { .. }
            | Target::Band { .. }
            | Target::Cumulative { .. }
            | Target::Quota { .. }
            | Target::Yearly { .. }
            | Target::Relative { .. }
            | Target::Assessed => None,
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
                | Target::Relative {
                    on_levels: false,
                    ..
                }
        )
    }

    /// Whether its readings are the lead unit's verdict rather than a number.
    pub fn reads_verdicts(&self) -> bool {
        matches!(self, Target::Assessed)
    }
}
