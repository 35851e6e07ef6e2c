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

/// How an indicator's yearly figure must stand to its reference (part three,
/// "Relative targets"): 同步, 基本同步, 高于, 不低于, 低于.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 同步: v ≥ r − δ (δ = 0 unless the plan sets it).
    InStep,
    /// 基本同步: v ≥ r − δ, δ required.
    NearlyInStep,
    /// 高于 / 快于: v > r.
    Above,
    /// 不低于: v ≥ r.
    NotBelow,
    /// 低于 / 慢于 (能源消费增速低于经济增速): v < r.
    Below,
    /// 缩小与全省平均水平的差距: the gap (reference − value) is to narrow,
    /// judged as a target without a number on the gap series.
    NarrowGap,
}

impl Relation {
    pub(super) fn parse(text: &str) -> Option<Relation> {
        match text.trim() {
            "同步" | "in_step" => Some(Relation::InStep),
            "基本同步" | "nearly_in_step" => Some(Relation::NearlyInStep),
            "高于" | "快于" | "above" => Some(Relation::Above),
            "不低于" | "not_below" => Some(Relation::NotBelow),
            "低于" | "慢于" | "below" => Some(Relation::Below),
            "缩小差距" | "缩小与其差距" | "narrow_gap" => Some(Relation::NarrowGap),
            _ => None,
        }
    }

    /// Whether `value` stands to `reference` as the relation asks, δ allowed.
    pub fn holds(self, value: f64, reference: f64, delta: f64) -> bool {
        const E: f64 = super::EPS;
        match self {
            Relation::InStep | Relation::NearlyInStep => value >= reference - delta - E,
            Relation::Above => value > reference + E,
            Relation::NotBelow => value >= reference - E,
            Relation::Below => value < reference - E,
            // The gap's years are judged by their movement, not one comparison.
            Relation::NarrowGap => value >= reference - E,
        }
    }

    /// The target in words, with what it compares with: 与地区生产总值增长同步, 高于全省平均.
    pub fn phrase(self, reference: &str) -> String {
        match self {
            Relation::InStep | Relation::NearlyInStep => format!("与{reference}{}", self.words()),
            Relation::Above | Relation::NotBelow | Relation::Below => {
                format!("{}{reference}", self.words())
            }
            Relation::NarrowGap => format!("缩小与{reference}的差距"),
        }
    }

    /// The relation in the report's words: 同步, 高于…
    pub fn words(self) -> &'static str {
        match self {
            Relation::InStep => "同步",
            Relation::NearlyInStep => "基本同步",
            Relation::Above => "高于",
            Relation::NotBelow => "不低于",
            Relation::Below => "低于",
            Relation::NarrowGap => "缩小差距",
        }
    }
}

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

/// A year's target as a readings row writes it (a quota, or a target the
/// government sets each year): a figure ("3", "5.5以上"), a range ("4.5—5"),
/// or a figure with τ ("5左右" and its 允许偏差).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearTarget {
    /// The threshold a year must reach: the lower end, the figure less τ, or the figure.
    pub low: f64,
    /// The upper end of a range, or the figure plus τ.
    pub high: Option<f64>,
    /// The figure of "X" or "X左右"; for a range its lower end.
    pub figure: f64,
    pub tolerance: Option<f64>,
    /// Written as a range.
    pub range: bool,
    /// Written "X以上".
    pub at_least: bool,
}

impl YearTarget {
    /// Reads "3", "5.5以上", "4.5—5" (also "4.5-5", "4.5～5", "4.5~5"), or
    /// "5左右" with its `tolerance`. The error is a sentence for the user.
    pub fn parse(text: &str, tolerance: Option<f64>) -> Result<YearTarget, String> {
        let text = text.trim().trim_end_matches('%').trim();
        // "5±0.5" (a form has no 允许偏差 column): the figure and its τ in one cell.
        if let Some((figure, t)) = text.split_once('±') {
            let t = t.trim().trim_end_matches('%').trim();
            let t = t
                .parse::<f64>()
                .ok()
                .filter(|t| t.is_finite() && *t > 0.0)
                .ok_or_else(|| format!("“{t}”不是正数的允许偏差"))?;
            let figure = figure
                .trim()
                .trim_end_matches('%')
                .trim()
                .trim_end_matches("左右");
            return YearTarget::parse(&format!("{figure}左右"), Some(t));
        }
        let number = |s: &str| -> Result<f64, String> {
            s.trim()
                .trim_end_matches('%')
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("“{s}”不是数字"))
        };
        if let Some(figure) = text.strip_suffix("左右") {
            let figure = number(figure)?;
            let t = tolerance.filter(|t| *t > 0.0).ok_or(
                "写作“X左右”的目标须在“允许偏差”列填写偏差（如 0.5），“左右”没有默认的偏差",
            )?;
            return Ok(YearTarget {
                low: figure - t,
                high: Some(figure + t),
                figure,
                tolerance: Some(t),
                range: false,
                at_least: false,
            });
        }
        if let Some(figure) = text.strip_suffix("以上") {
            let figure = number(figure)?;
            return Ok(YearTarget {
                low: figure,
                high: None,
                figure,
                tolerance: None,
                range: false,
                at_least: true,
            });
        }
        for dash in ["—", "－", "～", "~", "至", "-"] {
            // A leading minus is a sign, not a range.
            if let Some((lo, hi)) = text
                .char_indices()
                .skip(1)
                .find(|&(i, _)| text[i..].starts_with(dash))
                .map(|(i, _)| (&text[..i], &text[i + dash.len()..]))
            {
                let (lo, hi) = (number(lo)?, number(hi)?);
                if lo >= hi {
                    return Err(format!("区间“{text}”的下端应小于上端"));
                }
                return Ok(YearTarget {
                    low: lo,
                    high: Some(hi),
                    figure: lo,
                    tolerance: None,
                    range: true,
                    at_least: false,
                });
            }
        }
        let figure = number(text)?;
        Ok(YearTarget {
            low: figure,
            high: None,
            figure,
            tolerance: None,
            range: false,
            at_least: false,
        })
    }

    /// The target as the report prints it: "4.5%—5%", "5%左右", "5.5%以上".
    pub fn words(&self, unit: &str) -> String {
        let p = crate::model::numfmt::plain;
        match (self.range, self.tolerance, self.at_least) {
            (true, _, _) => format!(
                "{}{unit}—{}{unit}",
                p(self.low),
                p(self.high.unwrap_or(self.low))
            ),
            (_, Some(_), _) => format!("{}{unit}左右", p(self.figure)),
            (_, None, true) => format!("{}{unit}以上", p(self.figure)),
            _ => format!("{}{unit}", p(self.figure)),
        }
    }
}

/// The lead unit's own assessment of a target without figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 达到预期.
    Met,
    /// 基本达到.
    Basically,
    /// 未达到预期.
    NotMet,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Met, Verdict::Basically, Verdict::NotMet];

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "达到预期",
            Verdict::Basically => "基本达到",
            Verdict::NotMet => "未达到预期",
        }
    }

    /// The verdict a cell names (达到预期, 基本达到预期 too).
    pub fn parse(text: &str) -> Option<Verdict> {
        match text.trim() {
            "达到预期" | "达到" => Some(Verdict::Met),
            "基本达到" | "基本达到预期" => Some(Verdict::Basically),
            "未达到预期" | "未达到" => Some(Verdict::NotMet),
            _ => None,
        }
    }

    /// The number a verdict is kept as among the readings (2, 1, 0).
    pub fn code(self) -> f64 {
        match self {
            Verdict::Met => 2.0,
            Verdict::Basically => 1.0,
            Verdict::NotMet => 0.0,
        }
    }
}

#[cfg(test)]
mod year_target_tests {
    use super::YearTarget;

    #[test]
    fn year_targets_as_rows_write_them() {
        let t = YearTarget::parse("4.5—5", None).unwrap();
        assert_eq!((t.low, t.high, t.range), (4.5, Some(5.0), true));
        assert_eq!(t.words("%"), "4.5%—5%");
        let t = YearTarget::parse("5左右", Some(0.5)).unwrap();
        assert_eq!((t.low, t.high), (4.5, Some(5.5)));
        assert_eq!(t.words("%"), "5%左右");
        assert_eq!(
            YearTarget::parse("5.5以上", None).unwrap().words("%"),
            "5.5%以上"
        );
        assert_eq!(YearTarget::parse("-3", None).unwrap().low, -3.0);
        assert_eq!(YearTarget::parse("4.5-5%", None).unwrap().high, Some(5.0));
        assert!(
            YearTarget::parse("5左右", None)
                .unwrap_err()
                .contains("允许偏差")
        );
        assert!(
            YearTarget::parse("5—4", None)
                .unwrap_err()
                .contains("下端应小于上端")
        );
        assert!(
            YearTarget::parse("五", None)
                .unwrap_err()
                .contains("不是数字")
        );
        let t = YearTarget::parse("5±0.5", None).unwrap();
        assert_eq!((t.low, t.high, t.tolerance), (4.5, Some(5.5), Some(0.5)));
        assert_eq!(YearTarget::parse("5%左右±0.5%", None).unwrap().low, 4.5);
    }
}
