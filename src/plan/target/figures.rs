//! How yearly figures add up to a figure for the period so far
//! (`Accumulate`) and how a yearly figure must stand to its reference
//! (`Relation`), with the words the report uses for each.
//! It must not read plan files or grade an indicator: it only holds the
//! arithmetic and the wording of these two parts of a target.

use serde::Serialize;

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
    pub(in crate::plan) fn parse(text: &str) -> Option<Accumulate> {
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
    pub(in crate::plan) fn parse(text: &str) -> Option<Relation> {
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
        const E: f64 = crate::plan::EPS;
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
