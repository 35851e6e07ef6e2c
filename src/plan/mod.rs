//! The plan: indicators with their targets, tasks with their responsible units.
//!
//! `load` reads the YAML into raw structs and validates them into types that
//! cannot hold an inconsistent plan (every unit known, every target complete).

mod ranges;
mod raw;
mod target;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Problems, Result};
use crate::files;
use crate::files::yaml::{self, Lines};
pub use ranges::{Plausible, Range, RangeRules};
use raw::{RawIndicator, RawPlanFile};
pub use target::{Accumulate, KINDS, Target};

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
    /// The opening words of the report's first sentence, empty for none.
    pub opening: String,
    /// How the evaluating unit names itself in its own report (我局, 我委);
    /// empty when the plan leaves it to [`Plan::self_name_in`].
    pub self_name: String,
    /// Month and day the yearly report is due in the year after the one evaluated.
    pub report_due: (u32, u32),
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
    pub sections: Vec<Section>,
    pub thresholds: Thresholds,
    /// The plan's priorities, which the report's 主要成效 opens with.
    pub highlights: Vec<Highlight>,
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
    let raw: RawPlanFile = yaml::parse(path, text)?;
    Validator {
        path,
        lines: Lines::new(text),
        problems: Problems::default(),
        ranges: RangeRules::default(),
    }
    .validate(raw)
}

struct Validator<'a> {
    path: &'a Path,
    lines: Lines<'a>,
    problems: Problems,
    ranges: RangeRules,
}

impl Validator<'_> {
    fn report(&mut self, line: Option<usize>, field: &str, message: String) {
        self.problems.report(self.path, line, field, message);
    }

    fn validate(mut self, raw: RawPlanFile) -> Result<Plan> {
        self.ranges = RangeRules::with(raw.plausible_ranges.as_ref());
        let mut units = self.units(&raw);
        let lookup: BTreeMap<&str, usize> = raw
            .units
            .iter()
            .enumerate()
            .flat_map(|(i, u)| {
                std::iter::once(u.name.as_str())
                    .chain(u.aliases.iter().map(String::as_str))
                    .map(move |n| (n, i))
            })
            .collect();
        self.successors(&raw, &mut units, &lookup);

        let m = &raw.plan;
        if m.target_year <= m.base_year {
            let line = self
                .lines
                .item("target_year", &m.target_year.to_string(), 0);
            self.report(
                line,
                "target_year",
                format!("目标年份 {} 应晚于基期年份 {}", m.target_year, m.base_year),
            );
        }
        if let Some(y) = m.midterm_year
            && (y <= m.base_year || y >= m.target_year)
        {
            let line = self.lines.item("midterm_year", &y.to_string(), 0);
            self.report(
                line,
                "midterm_year",
                format!(
                    "中期评估年份 {y} 应在基期年份 {} 与目标年份 {} 之间",
                    m.base_year, m.target_year
                ),
            );
        }
        let evaluator = match lookup.get(m.evaluator.as_str()) {
            Some(&i) => i,
            None => {
                let line = self.lines.item("evaluator", &m.evaluator, 0);
                self.report(
                    line,
                    "evaluator",
                    format!("评估单位“{}”不在单位清单（units）中", m.evaluator),
                );
                0
            }
        };

        let mut seen_ids = HashSet::new();
        let mut seen_names = BTreeMap::new();
        let mut indicators = Vec::new();
        for ri in &raw.indicators {
            self.check_unique_id(&mut seen_ids, &ri.id);
            self.check_unique_name(&mut seen_names, "name", &ri.name, &ri.id, "指标");
            if let Some(ind) = self.indicator(ri, &lookup) {
                indicators.push(ind);
            }
        }
        let mut seen_titles = BTreeMap::new();
        let mut sections = Vec::new();
        for rs in &raw.sections {
            self.check_unique_id(&mut seen_ids, &rs.id);
            let mut tasks = Vec::new();
            for rt in &rs.tasks {
                self.check_unique_id(&mut seen_ids, &rt.id);
                self.check_unique_name(&mut seen_titles, "title", &rt.title, &rt.id, "任务");
                let units = self.unit_refs(&lookup, "id", &rt.id, &rt.units);
                tasks.push(Task {
                    id: rt.id.clone(),
                    title: rt.title.clone(),
                    text: rt.text.clone(),
                    units,
                });
            }
            sections.push(Section {
                id: rs.id.clone(),
                title: rs.title.clone(),
                tasks,
            });
        }
        let thresholds = match &raw.thresholds {
            Some(t) => {
                if !(t.behind < t.on_track && t.on_track < t.ahead) {
                    let line = self.lines.item("thresholds", "", 0);
                    self.report(
                        line,
                        "thresholds",
                        "评价阈值应满足 behind < on_track < ahead".to_string(),
                    );
                }
                Thresholds {
                    ahead: t.ahead,
                    on_track: t.on_track,
                    behind: t.behind,
                }
            }
            None => Thresholds::default(),
        };

        let report_due = self.report_due(m.report_due.as_deref());
        let highlights = self.highlights(&raw, &indicators, &sections);
        let plan = Plan {
            meta: Meta {
                name: m.name.clone(),
                full_name: m.full_name.clone(),
                short_name: m.short_name.clone(),
                city: m.city.clone(),
                issuer: m.issuer.clone(),
                document_number: m.document_number.clone(),
                document_title: m.document_title.clone(),
                issued: m.issued.clone(),
                base_year: m.base_year,
                target_year: m.target_year,
                evaluator,
                addressee: m.addressee.clone(),
                addressee_full: if m.addressee_full.is_empty() {
                    m.addressee.clone()
                } else {
                    m.addressee_full.clone()
                },
                mandate: m.mandate.trim().to_string(),
                midterm_year: m.midterm_year,
                midterm_addressee: if m.midterm_addressee.is_empty() {
                    m.addressee.clone()
                } else {
                    m.midterm_addressee.clone()
                },
                opening: m
                    .opening
                    .trim()
                    .trim_end_matches(['，', ',', '。', '；'])
                    .to_string(),
                self_name: m.self_name.trim().to_string(),
                report_due,
            },
            highlights,
            spelling: std::sync::OnceLock::new(),
            general_requirements: raw.general_requirements.trim_end().to_string(),
            work_requirements: raw
                .work_requirements
                .iter()
                .map(|r| Requirement {
                    title: r.title.clone(),
                    text: r.text.trim_end().to_string(),
                })
                .collect(),
            units,
            indicators,
            sections,
            thresholds,
        };
        self.problems.finish(plan)
    }

    fn units(&mut self, raw: &RawPlanFile) -> Vec<Unit> {
        let mut names = HashSet::new();
        let mut units = Vec::new();
        for ru in &raw.units {
            for name in std::iter::once(&ru.name).chain(&ru.aliases) {
                if !names.insert(name.clone()) {
                    let line = self
                        .lines
                        .item("name", name, 1)
                        .or(self.lines.item("name", name, 0));
                    self.report(line, "name", format!("单位名称“{name}”重复"));
                }
            }
            units.push(Unit {
                name: ru.name.clone(),
                full_name: ru.full_name.clone(),
                aliases: ru.aliases.clone(),
                short_name: if ru.short_name.trim().is_empty() {
                    display_name(&ru.name)
                } else {
                    ru.short_name.trim().to_string()
                },
                successor: None,
            });
        }
        units
    }

    /// Resolves every unit's successor, refusing unknown names and cycles.
    fn successors(
        &mut self,
        raw: &RawPlanFile,
        units: &mut [Unit],
        lookup: &BTreeMap<&str, usize>,
    ) {
        for (i, ru) in raw.units.iter().enumerate() {
            let Some(s) = &ru.successor else { continue };
            let line = self.lines.item_field("name", &ru.name, "successor");
            match lookup.get(s.unit.as_str()) {
                Some(&j) if j == i => self.report(
                    line,
                    "successor",
                    format!("单位“{}”的继任单位不能是其自身", ru.name),
                ),
                Some(&j) => units[i].successor = Some((j, s.from)),
                None => self.report(
                    line,
                    "successor",
                    format!(
                        "单位“{}”的继任单位“{}”不在单位清单（units）中",
                        ru.name, s.unit
                    ),
                ),
            }
        }
        for start in 0..units.len() {
            let mut seen = vec![start];
            let mut current = start;
            while let Some((next, _)) = units[current].successor {
                if seen.contains(&next) {
                    let name = units[start].name.clone();
                    let line = self.lines.item_field("name", &name, "successor");
                    self.report(line, "successor", format!("单位“{name}”的继任关系构成循环"));
                    units[start].successor = None;
                    break;
                }
                seen.push(next);
                current = next;
            }
        }
    }

    /// "03-31" → (3, 31); the default is the end of the first quarter.
    fn report_due(&mut self, text: Option<&str>) -> (u32, u32) {
        let Some(text) = text else { return (3, 31) };
        let parsed = text.trim().split_once('-').and_then(|(m, d)| {
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            // Any year will do to validate a month and day; 2024 has 29 February.
            chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
        });
        parsed.unwrap_or_else(|| {
            let line = self.lines.item("report_due", text, 0);
            self.report(
                line,
                "report_due",
                format!("报送期限“{text}”应写作“月-日”，如 03-31"),
            );
            (3, 31)
        })
    }

    /// The plan's priorities, each naming indicators and tasks the plan has.
    fn highlights(
        &mut self,
        raw: &RawPlanFile,
        indicators: &[Indicator],
        sections: &[Section],
    ) -> Vec<Highlight> {
        let mut out = Vec::new();
        for h in &raw.highlights {
            let line = self.lines.item_field("title", &h.title, "indicators");
            let tasks_line = self.lines.item_field("title", &h.title, "tasks");
            for id in &h.indicators {
                if !indicators.iter().any(|i| &i.id == id) {
                    self.report(
                        line,
                        "indicators",
                        format!("重点“{}”中的指标“{id}”不在指标清单中", h.title),
                    );
                }
            }
            for id in &h.tasks {
                if !sections.iter().flat_map(|s| &s.tasks).any(|t| &t.id == id) {
                    self.report(
                        tasks_line,
                        "tasks",
                        format!("重点“{}”中的任务“{id}”不在任务清单中", h.title),
                    );
                }
            }
            out.push(Highlight {
                title: h.title.trim().trim_end_matches('。').to_string(),
                indicators: h.indicators.clone(),
                tasks: h.tasks.clone(),
            });
        }
        out
    }

    fn check_unique_id(&mut self, seen: &mut HashSet<String>, id: &str) {
        if id.trim().is_empty() {
            self.report(None, "id", "编号（id）不能为空".to_string());
        } else if !seen.insert(id.to_string()) {
            let line = self.lines.item("id", id, 1);
            self.report(line, "id", format!("编号“{id}”重复"));
        }
    }

    /// Names and titles are how data files may refer to indicators and
    /// tasks, so two that read the same (spaces and width aside) are an error.
    fn check_unique_name(
        &mut self,
        seen: &mut BTreeMap<String, String>,
        key: &str,
        name: &str,
        id: &str,
        what: &str,
    ) {
        let normal = crate::model::names::normalize(name);
        if normal.is_empty() {
            return;
        }
        if let Some(first) = seen.get(&normal) {
            let line = self.lines.item_field("id", id, key);
            self.report(
                line,
                key,
                format!(
                    "{what}“{id}”的名称“{name}”与{what}“{first}”相同，数据文件按名称填写时无法区分"
                ),
            );
        } else {
            seen.insert(normal, id.to_string());
        }
    }

    fn unit_refs(
        &mut self,
        lookup: &BTreeMap<&str, usize>,
        id_key: &str,
        id: &str,
        names: &[String],
    ) -> Vec<usize> {
        if names.is_empty() {
            let line = self.lines.item(id_key, id, 0);
            self.report(
                line,
                "units",
                format!("“{id}”没有责任单位（第一个为牵头单位）"),
            );
        }
        let mut refs = Vec::new();
        for name in names {
            match lookup.get(name.as_str()) {
                Some(&i) => refs.push(i),
                None => {
                    let line = self.lines.item_field(id_key, id, "units");
                    self.report(
                        line,
                        "units",
                        format!("“{id}”的责任单位“{name}”不在单位清单（units）中"),
                    );
                }
            }
        }
        refs
    }

    fn indicator(
        &mut self,
        ri: &RawIndicator,
        lookup: &BTreeMap<&str, usize>,
    ) -> Option<Indicator> {
        let id = ri.id.as_str();
        let field_line = |v: &Self, key: &str| v.lines.item_field("id", id, key);
        let category = match ri.category.as_str() {
            "binding" | "约束性" => Category::Binding,
            "expected" | "预期性" => Category::Expected,
            other => {
                let line = field_line(self, "category");
                self.report(
                    line,
                    "category",
                    format!(
                        "指标“{id}”的属性“{other}”无法识别，应为 binding（约束性）或 expected（预期性）"
                    ),
                );
                return None;
            }
        };
        let (target, direction) = self.target(ri)?;
        if let Some(target) = &target {
            self.consistency(ri, target, direction);
        }
        let plausible = match (ri.range, &target) {
            (Some(range), _) => Some(RangeRules::explicit(range)),
            (None, Some(t)) if t.reads_rates() => Some(self.ranges.growth()),
            (None, _) => self.ranges.unit(&ri.unit),
        };
        let units = self.unit_refs(lookup, "id", id, &ri.units);
        Some(Indicator {
            id: ri.id.clone(),
            name: ri.name.clone(),
            wording: ri.wording.clone(),
            category,
            domain: ri.domain.clone(),
            unit: ri.unit.clone(),
            target: target?,
            direction,
            strict: ri.strict,
            digits: ri.digits.unwrap_or(1),
            level: ri.level.as_ref().map(|l| LevelSeries {
                unit: l.unit.clone(),
                base: l.base,
                target: l.target,
                plausible: self.ranges.unit(&l.unit),
            }),
            plausible,
            units,
            short_name: match ri.short_name.trim() {
                "" => ri.name.clone(),
                short => short.to_string(),
            },
            verb: match ri.verb.trim() {
                "" => verb_of_name(&ri.name, &ri.kind),
                verb => Some(verb.to_string()),
            },
        })
    }
}

impl Validator<'_> {
    /// Checks that an indicator's unit, numbers and target kind agree.
    fn consistency(&mut self, ri: &RawIndicator, target: &Target, direction: Direction) {
        let id = ri.id.as_str();
        let at = |v: &Self, key: &str| v.lines.item_field("id", id, key);
        if ri.unit.trim().is_empty() {
            let line = at(self, "unit");
            self.report(line, "unit", format!("指标“{id}”没有填写单位（unit）"));
        }
        match target {
            Target::Growth { .. } if ri.unit.trim() != "%" => {
                let line = at(self, "unit");
                let unit = &ri.unit;
                self.report(
                    line,
                    "unit",
                    format!(
                        "指标“{id}”的目标类型为 growth（年均增长），数据文件填写年增速，单位应为“%”而不是“{unit}”；总量的单位写在 level 中"
                    ),
                );
            }
            Target::Growth { .. } => {
                if let Some(level) = &ri.level
                    && let Some(goal) = level.target
                {
                    match level.base {
                        None => {
                            let line = at(self, "level");
                            self.report(
                                line,
                                "level",
                                format!(
                                    "指标“{id}”的总量目标（level.target）须与基期总量（level.base）一同填写，总量部分按基期至目标年的序时进度评价"
                                ),
                            );
                        }
                        Some(base) if goal <= base => {
                            let line = at(self, "level");
                            self.report(
                                line,
                                "level",
                                format!(
                                    "指标“{id}”的总量目标 {goal} 不高于基期总量 {base}，与增长目标矛盾"
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            _ if ri.level.is_some() => {
                let line = at(self, "level");
                self.report(
                    line,
                    "level",
                    format!("指标“{id}”不是增长类（growth）指标，不能设置总量序列（level）"),
                );
            }
            _ => {}
        }
        if let Target::Quota { .. } = target
            && ri.target.is_some()
        {
            let line = at(self, "target");
            self.report(
                line,
                "target",
                format!(
                    "指标“{id}”的目标类型为 quota（完成上级下达指标），不填写 target；每年的下达目标填在数据文件的 quota（下达目标）列"
                ),
            );
        }
        if let Target::Level { target, base } = *target
            && !direction.satisfies(target, base, true)
        {
            let (word, kind) = match direction {
                Direction::Higher => ("不高于", "floor（不低于）"),
                Direction::Lower => ("不低于", "ceiling（不高于）"),
            };
            let line = at(self, "target");
            self.report(
                line,
                "target",
                format!(
                    "指标“{id}”的目标值 {target} {word}基期值 {base}，与方向 {}矛盾；基期已达到的目标应使用 {kind}",
                    match direction {
                        Direction::Higher => "higher（越高越好）",
                        Direction::Lower => "lower（越低越好）",
                    }
                ),
            );
        }
        if !target.reads_rates() {
            let plausible = match ri.range {
                Some(range) => Some(RangeRules::explicit(range)),
                None => self.ranges.unit(&ri.unit),
            };
            if let Some(p) = plausible {
                let checked = [
                    ("target", ri.target),
                    ("base", ri.base),
                    ("min", ri.min),
                    ("max", ri.max),
                ];
                for (key, value) in checked {
                    if let Some(v) = value.filter(|v| !p.range.contains(*v)) {
                        let what = match key {
                            "target" => "目标值",
                            "base" => "基期值",
                            "min" => "目标区间下限",
                            _ => "目标区间上限",
                        };
                        let line = at(self, key);
                        self.report(line, key, p.message(id, &format!("{what} {v} ")));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod spelling_tests {
    use super::*;

    fn plan_with_units(units: &str) -> Plan {
        let text = format!(
            "plan:\n  name: 测试规划\n  full_name: 测试规划纲要\n  short_name: 测试\n  city: 测试市\n  issuer: 测试市人民政府办公室\n  document_number: 测政办发〔2026〕1号\n  issued: 2026-01-01\n  base_year: 2025\n  target_year: 2030\n  evaluator: 市发改局\n  addressee: 市人民政府\nunits:\n  - name: 市发改局\n    full_name: 测试市发展和改革局\n{units}indicators: []\nsections: []\n"
        );
        parse(Path::new("plan.yaml"), &text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn units_are_spelt_as_the_report_writes_them() {
        let plan = plan_with_units(
            "  - name: 各镇<办、处、区>\n    full_name: 各镇人民政府\n  - name: 各镇\n    full_name: 各镇人民政府（街道）\n    short_name: 各镇（街道）\n",
        );
        assert_eq!(plan.units[1].short_name, "各镇（办、处、区）");
        assert_eq!(
            plan.spell_units("指导各镇<办、处、区>新建标准园；各镇（街道）与各镇配合"),
            "指导各镇（办、处、区）新建标准园；各镇（街道）与各镇（街道）配合"
        );
        assert_eq!(plan.self_name_in(2026), "我局");
    }

    #[test]
    fn successors_follow_each_other_and_never_loop() {
        let plan = plan_with_units(
            "  - name: 县扶贫办\n    full_name: 扶贫办\n    successor: {unit: 县乡村振兴局, from: 2027}\n  - name: 县乡村振兴局\n    full_name: 乡村振兴局\n    successor: {unit: 县农业农村局, from: 2028}\n  - name: 县农业农村局\n    full_name: 农业农村局\n",
        );
        assert_eq!(plan.unit_in(1, 2026), 1);
        assert_eq!(plan.unit_in(1, 2027), 2);
        assert_eq!(plan.unit_in(1, 2029), 3);
        let looped = "plan:\n  name: 测试规划\n  full_name: 测试规划纲要\n  short_name: 测试\n  city: 测试市\n  issuer: 测试市人民政府办公室\n  document_number: 测政办发〔2026〕1号\n  issued: 2026-01-01\n  base_year: 2025\n  target_year: 2030\n  evaluator: 市发改局\n  addressee: 市人民政府\nunits:\n  - name: 市发改局\n    full_name: 发改局\n    successor: {unit: 市发改委, from: 2027}\n  - name: 市发改委\n    full_name: 发改委\n    successor: {unit: 市发改局, from: 2028}\nindicators: []\nsections: []\n";
        let err = parse(Path::new("plan.yaml"), looped)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("plan.yaml:16: successor: 单位“市发改局”的继任关系构成循环"),
            "{err}"
        );
    }
}
