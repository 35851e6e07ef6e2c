//! The plan's major projects (重大项目、重大工程) and the settings of how its
//! evaluation is done (data cut-off, sources, third-party and public input).
//!
//! Both are optional: a plan without them is read and evaluated as before.
//! This module holds the validated types only; it reads no file.

use serde::{Deserialize, Serialize};

/// A major project the plan names, evaluated each year from its lead unit's report.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    /// Index into [`super::Plan::units`]: the lead unit.
    pub unit: usize,
    /// The plan's area or section it belongs to; empty when the plan gives none.
    pub area: String,
    /// Total investment, 亿元.
    pub investment: f64,
    /// Investment planned by year, 亿元, in year order; empty when the plan gives none.
    pub planned: Vec<(i32, f64)>,
    pub start: i32,
    /// The year it is planned to be completed.
    pub completion: i32,
}

impl Project {
    /// The investment planned up to and including `year`, when the plan gives yearly figures.
    pub fn planned_by(&self, year: i32) -> Option<f64> {
        if self.planned.is_empty() {
            return None;
        }
        let sum: f64 = self
            .planned
            .iter()
            .filter(|(y, _)| *y <= year)
            .map(|(_, v)| v)
            .sum();
        // Without the float's noise (3.0 + 4.5 + 4.5 + 3.6 = 15.600000000000001 → 15.6).
        Some((sum * 1e6).round() / 1e6)
    }
}

/// A calendar day (the data cut-off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// 2024年6月30日.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// How the plan's evaluation is done, as the plan file states it; each part optional.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvaluationSettings {
    /// The day the data are taken up to.
    pub data_cutoff: Option<Day>,
    /// The data sources (统计年鉴, 各牵头单位报送材料…), in the plan's order.
    pub sources: Vec<String>,
    /// What a third party did (委托第三方机构开展独立评估…), verbatim.
    pub third_party: String,
    /// How the public was heard (网上征求意见…), verbatim.
    pub public_input: String,
}

/// A project as the plan file writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProject {
    pub id: String,
    pub name: String,
    /// The lead unit's name (or alias).
    pub unit: String,
    #[serde(default)]
    pub area: String,
    #[serde(deserialize_with = "super::finite::number")]
    pub investment: f64,
    /// Planned investment by year: `{2026: 3.5, 2027: 4}`.
    #[serde(default)]
    pub planned: std::collections::BTreeMap<i32, f64>,
    pub start: i32,
    pub completion: i32,
}

/// The `evaluation:` block as the plan file writes it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvaluation {
    /// "2028-06-30".
    #[serde(default)]
    pub data_cutoff: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub third_party: String,
    #[serde(default)]
    pub public_input: String,
}
