//! The plan file exactly as serde reads it: nothing here is trusted yet.

use serde::Deserialize;

use super::ranges::{Range, RawRanges};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanFile {
    pub plan: RawMeta,
    #[serde(default)]
    pub general_requirements: String,
    #[serde(default)]
    pub work_requirements: Vec<RawRequirement>,
    pub units: Vec<RawUnit>,
    pub indicators: Vec<RawIndicator>,
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub thresholds: Option<RawThresholds>,
    #[serde(default)]
    pub plausible_ranges: Option<RawRanges>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub name: String,
    pub full_name: String,
    pub short_name: String,
    pub city: String,
    pub issuer: String,
    pub document_number: String,
    #[serde(default)]
    pub document_title: String,
    pub issued: String,
    pub base_year: i32,
    pub target_year: i32,
    pub evaluator: String,
    pub addressee: String,
    #[serde(default)]
    pub addressee_full: String,
    #[serde(default)]
    pub mandate: String,
    #[serde(default)]
    pub midterm_year: Option<i32>,
    #[serde(default)]
    pub midterm_addressee: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub name: String,
    pub full_name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub wording: String,
    pub category: String,
    #[serde(default)]
    pub domain: String,
    pub unit: String,
    pub kind: String,
    pub target: Option<f64>,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub strict: bool,
    pub base: Option<f64>,
    #[serde(default)]
    pub cumulative_quota: Option<f64>,
    #[serde(default)]
    pub accumulate: Option<String>,
    #[serde(default)]
    pub tolerance: Option<f64>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub digits: Option<usize>,
    #[serde(default)]
    pub level: Option<RawLevel>,
    #[serde(default)]
    pub range: Option<Range>,
    #[serde(default)]
    pub units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub unit: String,
    pub base: Option<f64>,
    /// The level to reach in the target year (a two-part target).
    #[serde(default)]
    pub target: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: String,
    pub title: String,
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub ahead: f64,
    pub on_track: f64,
    pub behind: f64,
}
