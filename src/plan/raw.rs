//! The plan file exactly as serde reads it: nothing here is trusted yet.

use serde::Deserialize;

use super::ranges::{Range, RawRanges};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlanFile {
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
    #[serde(default)]
    pub benchmarks: Vec<RawBenchmark>,
    /// Major projects (重大项目) evaluated from their lead units' reports.
    #[serde(default)]
    pub projects: Vec<super::projects::RawProject>,
    /// How the evaluation is done: cut-off, sources, third-party and public input.
    #[serde(default)]
    pub evaluation: Option<super::projects::RawEvaluation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
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
    #[serde(default)]
    pub midterm_to_congress: Option<bool>,
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
pub(super) struct RawHighlight {
    pub title: String,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirement {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnit {
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
pub(super) struct RawSuccessor {
    /// Name (or alias) of the unit that takes over.
    pub unit: String,
    /// The first year whose report addresses the successor.
    pub from: i32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
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
    /// A number, or the figure as published: "≥340.5", "6.2（预计）".
    #[serde(default)]
    pub base: Option<RawFigure>,
    /// A number, or 待下达 when the superior has not assigned it yet.
    #[serde(default)]
    pub cumulative_quota: Option<RawFigure>,
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
    /// yearly: a value above the year's upper end misses too.
    #[serde(default)]
    pub two_sided: bool,
    /// relative: 同步, 基本同步, 高于, 不低于, 低于.
    #[serde(default)]
    pub relation: Option<String>,
    /// relative: the id of another indicator or of a benchmark.
    #[serde(default)]
    pub reference: Option<String>,
    /// relative: `growth` (yearly rates, the default) or `level`.
    #[serde(default)]
    pub compare: Option<String>,
    /// relative: `every_year` judges the final on every common year.
    #[serde(default)]
    pub final_rule: Option<String>,
    /// trend: the movement by the target year that 明显 means.
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub threshold: Option<f64>,
    /// rank: the group ranked (全省县（市、区）) and its size.
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub group_size: Option<u32>,
    /// The figure of year t is published in year t + 1.
    #[serde(default)]
    pub published_late: bool,
    /// An aim beyond the plan (到2035年翻一番).
    #[serde(default)]
    pub aim: Option<RawAim>,
    /// Milestones inside the plan ("十五五"中期达到X).
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    /// floor / ceiling: `average` judges the final on the period's average.
    #[serde(default)]
    pub final_on: Option<String>,
}

/// A figure a plan writes as a number or as published text.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum RawFigure {
    Number(f64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAim {
    pub year: i32,
    /// The aim's base year (2020 for 比2020年翻一番).
    pub from: i32,
    #[serde(deserialize_with = "super::finite::number")]
    pub multiple: f64,
    /// The plan's base year over the aim's base year, at comparable prices.
    #[serde(deserialize_with = "super::finite::number")]
    pub index: f64,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub graded: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMilestone {
    pub year: i32,
    #[serde(deserialize_with = "super::finite::number")]
    pub target: f64,
}

/// A series a relative target compares with that is not an indicator of the plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBenchmark {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLevel {
    pub unit: String,
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub base: Option<f64>,
    /// The level to reach in the target year (a two-part target).
    #[serde(default, deserialize_with = "super::finite::optional")]
    pub target: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub id: String,
    pub title: String,
    pub tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTask {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawThresholds {
    #[serde(deserialize_with = "super::finite::number")]
    pub ahead: f64,
    #[serde(deserialize_with = "super::finite::number")]
    pub on_track: f64,
    #[serde(deserialize_with = "super::finite::number")]
    pub behind: f64,
}
