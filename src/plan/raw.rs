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
    #[serde(default)]
    pub highlights: Vec<RawHighlight>,
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
    /// The opening words of the report's first sentence (在市委、市政府的坚强领导下).
    #[serde(default)]
    pub opening: String,
    /// How the evaluating unit names itself in its own report (我局).
    #[serde(default)]
    pub self_name: String,
    /// Month and day the yearly report is due in the next year ("03-31").
    #[serde(default)]
    pub report_due: Option<String>,
    /// Month and day the units' returns of the yearly forms are due in the next year ("01-31").
    #[serde(default)]
    pub forms_due: Option<String>,
    /// Whom units ask about the forms (office, person, telephone), printed on each form.
    #[serde(default)]
    pub forms_contact: String,
    /// The words of the annual and mid-term grades: national (default) or schedule.
    #[serde(default)]
    pub grade_words: Option<String>,
}

/// A priority of the plan that the report's 主要成效 opens with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHighlight {
    pub title: String,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
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
    /// How the report writes the unit, where the notice's name will not do.
    #[serde(default)]
    pub short_name: String,
    /// The unit that takes over its duties after an institutional reform.
    #[serde(default)]
    pub successor: Option<RawSuccessor>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSuccessor {
    /// Name (or alias) of the unit that takes over.
    pub unit: String,
    /// The first year whose report addresses the successor.
    pub from: i32,
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
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub target: Option<f64>,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub strict: bool,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub base: Option<f64>,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub cumulative_quota: Option<f64>,
    #[serde(default)]
    pub accumulate: Option<String>,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub tolerance: Option<f64>,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub max: Option<f64>,
    #[serde(default)]
    pub digits: Option<usize>,
    #[serde(default)]
    pub level: Option<RawLevel>,
    /// A shorter name for the report's running text.
    #[serde(default)]
    pub short_name: String,
    /// The verb of a reading that is a change (下降, 减少, 提高).
    #[serde(default)]
    pub verb: String,
    #[serde(default)]
    pub range: Option<Range>,
    #[serde(default)]
    pub units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub unit: String,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub base: Option<f64>,
    /// The level to reach in the target year (a two-part target).
    #[serde(default, deserialize_with = "super::finite::optional")]
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
    #[serde(deserialize_with = "super::finite::number")]
    pub ahead: f64,
    #[serde(deserialize_with = "super::finite::number")]
    pub on_track: f64,
    #[serde(deserialize_with = "super::finite::number")]
    pub behind: f64,
}
