//! The plan: indicators with their targets, tasks with their responsible units.
//!
//! `load` reads the YAML into raw structs and validates them into types that
//! cannot hold an inconsistent plan (every unit known, every target complete).

pub(crate) mod finite;
pub mod projects;
mod ranges;
mod raw;
mod target;
mod validate;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Problems, Result};
use crate::files;
use crate::files::yaml::{self, Lines};
use crate::model::vocabulary::GradeWords;
pub use projects::{Day, EvaluationSettings, Project};
pub use ranges::{Plausible, Range, RangeRules};
use raw::{RawIndicator, RawPlanFile};
pub use target::{Accumulate, QuotaTotal, Reference, Relation, Target, Verdict, Way, YearTarget};

/// Plan metadata: what the plan is, who issued it, who evaluates it.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub name: String,
    pub full_name: String,
    pub short_name: String,
    pub city: String,
    pub issuer: String,
    pub document_number: String,
    pub document_title: String,
    pub issued: String,
    pub base_year: i32,
    pub target_year: i32,
    /// Index into [`Plan::units`].
    pub evaluator: usize,
    pub addressee: String,
    pub addressee_full: String,
    /// The sentence of the notice that asks for the yearly evaluation, quoted
    /// at the opening of the report; empty when the plan file gives none.
    pub mandate: String,
    /// The year whose report is the mid-term review unless asked otherwise.
    pub midterm_year: Option<i32>,
    /// Whom the mid-term review goes to (usually through the government).
    pub midterm_addressee: String,
    /// Whether the mid-term review goes to the people's congress standing committee through
    /// the government (受市人民政府委托……请予审议): the plan's `midterm_to_congress`, else
    /// whether the mid-term addressee is a 人大.
    pub midterm_to_congress: bool,
    /// The opening words of the report's first sentence, empty for none.
    pub opening: String,
    /// How the evaluating unit names itself in its own report (我局, 我委);
    /// empty when the plan leaves it to [`Plan::self_name_in`].
    pub self_name: String,
    /// Month and day the yearly report is due in the year after the one evaluated.
    pub report_due: (u32, u32),
    /// Month and day the units' returns of the yearly forms are due in the year after.
    pub forms_due: (u32, u32),
    /// Whom units ask about the forms; empty when the plan names no one.
    pub forms_contact: String,
    /// The words the annual and mid-term grades are written in.
    pub grade_words: GradeWords,
}

/// A priority of the plan, written first among the report's 主要成效.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub title: String,
    /// Ids of its indicators and tasks, in the plan's order of mention.
    pub indicators: Vec<String>,
    pub tasks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub name: String,
    pub full_name: String,
    pub aliases: Vec<String>,
    /// How the report writes the unit (the notice's name, its brackets made
    /// Chinese, unless the plan gives one).
    pub short_name: String,
    /// After an institutional reform: the unit taking over and the first year
    /// whose report addresses it.
    pub successor: Option<(usize, i32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Binding,
    Expected,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Binding => "约束性",
            Category::Expected => "预期性",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    /// The distance from base to target in words: 提高 (higher) or 降低 (lower).
    pub fn change_noun(self) -> &'static str {
        match self {
            Direction::Higher => "提高",
            Direction::Lower => "降低",
        }
    }

    /// True when `value` is at or beyond `limit` on the good side
    /// (strictly beyond when `strict`).
    pub fn satisfies(self, value: f64, limit: f64, strict: bool) -> bool {
        let diff = match self {
            Direction::Higher => value - limit,
            Direction::Lower => limit - value,
        };
        if strict { diff > EPS } else { diff > -EPS }
    }

    /// A limit widened by the τ of 左右 on its lenient side: L − τ for a
    /// floor (higher is better), L + τ for a ceiling.
    pub fn loosen(self, limit: f64, tolerance: Option<f64>) -> f64 {
        let t = tolerance.unwrap_or(0.0);
        match self {
            Direction::Higher => limit - t,
            Direction::Lower => limit + t,
        }
    }

    /// The signed change from `from` to `to`, positive when it is an improvement.
    pub fn gain(self, from: f64, to: f64) -> f64 {
        match self {
            Direction::Higher => to - from,
            Direction::Lower => from - to,
        }
    }
}

/// Tolerance for comparing published figures, which carry one or two decimals.
pub const EPS: f64 = 1e-9;

/// A display-only level series of a growth indicator (e.g. GDP in 亿元).
#[derive(Debug, Clone, Serialize)]
pub struct LevelSeries {
    pub unit: String,
    pub base: Option<f64>,
    /// The level to reach in the target year, when the target has a second
    /// part (总量力争突破3000亿元，年均增长7%以上).
    pub target: Option<f64>,
    /// Where its figures may plausibly lie, by its unit.
    pub plausible: Option<Plausible>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub wording: String,
    pub category: Category,
    pub domain: String,
    pub unit: String,
    pub target: Target,
    pub direction: Direction,
    pub strict: bool,
    /// Decimals to print readings with.
    pub digits: usize,
    pub level: Option<LevelSeries>,
    /// Where its readings (and quotas) may plausibly lie.
    pub plausible: Option<Plausible>,
    /// Indices into [`Plan::units`], the lead first.
    pub units: Vec<usize>,
    /// The name in running text (the full name where the plan gives no shorter one).
    pub short_name: String,
    /// The verb of a reading that is a change: "2024年下降2.1%".
    pub verb: Option<String>,
    /// The base as the plan publishes it ("≥340.5", "6.2（预计）"), when it is more than a number.
    pub base_text: Option<String>,
    /// The figure of a year is published the following year: a missing
    /// latest figure is 尚未发布, never 未报送.
    pub published_late: bool,
    /// An aim beyond the plan (到2035年比2020年翻一番).
    pub aim: Option<Aim>,
    /// Figures to reach inside the plan ("十五五"中期达到X), by year.
    pub milestones: Vec<Milestone>,
    /// A floor or ceiling whose final is judged on the period's average.
    pub final_on_average: bool,
}

/// An aim beyond the plan's target year, on the row's quantity or another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aim {
    pub year: i32,
    /// The aim's base year.
    pub from: i32,
    pub multiple: f64,
    /// The plan's base year over the aim's base year (comparable prices).
    pub index: f64,
    /// What the aim is about (人均地区生产总值); empty for the row's own quantity.
    pub quantity: String,
    /// Graded as the row's growth target.
    pub graded: bool,
}

impl Aim {
    /// The yearly rate, in %, still needed from the plan's base year `base` to the aim's year.
    pub fn needed_rate(&self, base: i32) -> f64 {
        ((self.multiple / self.index).powf(1.0 / f64::from(self.year - base)) - 1.0) * 100.0
    }
}

/// A figure to reach by a year inside the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Milestone {
    pub year: i32,
    pub target: f64,
}

/// A series relative targets compare with that is not an indicator of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    pub id: String,
    pub name: String,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub text: String,
    /// Indices into [`Plan::units`], the lead first.
    pub units: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub tasks: Vec<Task>,
}

/// Progress-ratio thresholds between grades (methodology defaults).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Thresholds {
    pub ahead: f64,
    pub on_track: f64,
    pub behind: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            ahead: 1.05,
            on_track: 0.95,
            behind: 0.60,
        }
    }
}

/// A validated plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub meta: Meta,
    pub general_requirements: String,
    pub work_requirements: Vec<Requirement>,
    pub units: Vec<Unit>,
    pub indicators: Vec<Indicator>,
    /// Benchmark series relative targets compare with.
    pub benchmarks: Vec<Benchmark>,
    pub sections: Vec<Section>,
    pub thresholds: Thresholds,
    /// The plan's priorities, which the report's 主要成效 opens with.
    pub highlights: Vec<Highlight>,
    /// Major projects evaluated each year (none when the plan lists none).
    pub projects: Vec<Project>,
    /// How the evaluation is done, as the plan states it.
    pub evaluation: EvaluationSettings,
    /// What `check` should tell the user about the plan file without stopping
    /// a report: fields a kind ignores, 左右 written without its τ.
    #[serde(skip)]
    pub advice: Vec<crate::error::Problem>,
    /// Every unit's names and the short name each is written as, built on first use.
    #[serde(skip)]
    spelling: std::sync::OnceLock<Option<Spelling>>,
}

/// The matcher of every unit name, longest first, and what each becomes.
#[derive(Debug, Clone)]
struct Spelling {
    names: aho_corasick::AhoCorasick,
    shorts: Vec<String>,
}

impl Plan {
    pub fn tasks(&self) -> impl Iterator<Item = (&Section, &Task)> {
        self.sections
            .iter()
            .flat_map(|s| s.tasks.iter().map(move |t| (s, t)))
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.meta.base_year..=self.meta.target_year
    }

    /// Whether `year` can be evaluated: a year of the plan period, from the
    /// year after the base year to the target year. The error says why not.
    pub fn check_year(&self, year: i32) -> Result<(), String> {
        let m = &self.meta;
        if year <= m.base_year || year > m.target_year {
            Err(format!(
                "评估年度 {year} 不在规划实施期 {}—{} 年内",
                m.base_year + 1,
                m.target_year
            ))
        } else {
            Ok(())
        }
    }

    /// `text` with every unit written as the report writes it: a unit's
    /// notice name or alias, where it differs, becomes its short name
    /// (各镇<办、处、区> → 各镇（办、处、区）), so one report spells each unit one way.
    pub fn spell_units(&self, text: &str) -> String {
        let spelling = self.spelling.get_or_init(|| {
            let (names, shorts): (Vec<&str>, Vec<String>) = self
                .units
                .iter()
                .flat_map(|u| {
                    std::iter::once(&u.name)
                        .chain(&u.aliases)
                        .chain(std::iter::once(&u.short_name))
                        .map(move |n| (n.as_str(), u.short_name.clone()))
                })
                .filter(|(n, _)| !n.is_empty())
                .unzip();
            // Longest name first: 各镇<办、处、区> is not read as 各镇, and a short
            // name already written is left as it is.
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&names)
                .ok()
                .map(|names| Spelling { names, shorts })
        });
        match spelling {
            Some(s) => s.names.replace_all(text, &s.shorts),
            None => text.to_string(),
        }
    }

    /// How the evaluating unit names itself in the report of `year`: as the
    /// plan says, or from its short name then (市发改局 → 我局; renamed 市发改委 → 我委).
    pub fn self_name_in(&self, year: i32) -> String {
        if self.meta.self_name.is_empty() {
            self_name_of(&self.units[self.unit_in(self.meta.evaluator, year)].short_name)
        } else {
            self.meta.self_name.clone()
        }
    }

    /// The unit that answers for `unit`'s duties in the report of `year`:
    /// itself, or its successor (and theirs) once the reform has taken effect.
    pub fn unit_in(&self, unit: usize, year: i32) -> usize {
        let mut current = unit;
        // The validator refuses cycles; the bound only guards against a bug.
        for _ in 0..self.units.len() {
            match self.units[current].successor {
                Some((next, from)) if from <= year => current = next,
                _ => break,
            }
        }
        current
    }

    /// The reforms that have taken effect by `year`: (former unit, the unit
    /// that answers for it now), for units the plan gives duties to.
    pub fn reforms_by(&self, year: i32) -> Vec<(usize, usize)> {
        let mut named = vec![false; self.units.len()];
        for i in &self.indicators {
            for &u in &i.units {
                named[u] = true;
            }
        }
        for (_, t) in self.tasks() {
            for &u in &t.units {
                named[u] = true;
            }
        }
        named[self.meta.evaluator] = true;
        (0..self.units.len())
            .filter(|&u| named[u] && self.unit_in(u, year) != u)
            .map(|u| (u, self.unit_in(u, year)))
            .collect()
    }
}

/// How the report writes a unit whose plan gives no short name: the notice's
/// name with ASCII and angle brackets made Chinese (各镇<办、处、区> → 各镇（办、处、区）).
pub fn display_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '<' | '〈' | '(' => '（',
            '>' | '〉' | ')' => '）',
            c => c,
        })
        .collect()
}

/// The verb of an indicator whose name says its readings are a change
/// (单位GDP能源消耗降低 → 下降, 排放总量减少 → 减少), for the kinds whose
/// readings are written "2024年为X"; growth and cumulative kinds have their own.
fn verb_of_name(name: &str, kind: &str) -> Option<String> {
    if matches!(kind.trim(), "growth" | "cumulative") {
        return None;
    }
    let name = name.trim();
    if name.ends_with("降低") || name.ends_with("下降") {
        Some("下降".to_string())
    } else if name.ends_with("减少") {
        Some("减少".to_string())
    } else {
        None
    }
}

/// The default name a unit gives itself in its own report: 我局, 我委, 我办…
fn self_name_of(short: &str) -> String {
    for suffix in ["局", "委", "办", "厅", "中心"] {
        if short.ends_with(suffix) {
            return format!("我{suffix}");
        }
    }
    "我单位".to_string()
}

/// Reads and validates the plan file at `path`.
pub fn load(path: &Path) -> Result<Plan> {
    let text = files::read_text(path)?;
    parse(path, &text)
}

/// Validates plan text read from `path` (the path is only used in messages).
pub fn parse(path: &Path, text: &str) -> Result<Plan> {
    validate::parse(path, text)
}

#[cfg(test)]
mod spelling_tests;
