//! Validating a plan file: every field checked against the others, every
//! problem reported with its line, before a [`Plan`] exists.

mod consistency;
mod extras;
mod meta;
mod projects;
mod target;
mod units;

use super::*;

/// Validates plan text read from `path` (the path is only used in messages).
pub(super) fn parse(path: &Path, text: &str) -> Result<Plan> {
    let raw: RawPlanFile = yaml::parse(path, text)?;
    Validator {
        path,
        lines: Lines::new(text),
        problems: Problems::default(),
        ranges: RangeRules::default(),
        base_year: 0,
    }
    .validate(raw)
}

/// Each unit's index by its name and by each of its aliases.
fn unit_lookup(raw: &RawPlanFile) -> BTreeMap<&str, usize> {
    raw.units
        .iter()
        .enumerate()
        .flat_map(|(i, u)| {
            std::iter::once(u.name.as_str())
                .chain(u.aliases.iter().map(String::as_str))
                .map(move |n| (n, i))
        })
        .collect()
}

/// The years a plan's base and target years may be.
const YEARS: std::ops::RangeInclusive<i32> = 1949..=2200;
/// The longest plan period, in years.
const MAX_PERIOD_YEARS: i32 = 30;
/// The most decimals an indicator's figures may be written with.
const MAX_DIGITS: usize = 6;

struct Validator<'a> {
    path: &'a Path,
    lines: Lines<'a>,
    problems: Problems,
    ranges: RangeRules,
    /// The plan's base year, once read (an aim's rate is counted from it).
    base_year: i32,
}

impl Validator<'_> {
    fn report(&mut self, line: Option<usize>, field: &str, message: String) {
        self.problems.report(self.path, line, field, message);
    }

    fn validate(mut self, raw: RawPlanFile) -> Result<Plan> {
        self.ranges = RangeRules::with(raw.plausible_ranges.as_ref());
        let mut units = self.units(&raw);
        let lookup = unit_lookup(&raw);
        self.successors(&raw, &mut units, &lookup);

        let m = &raw.plan;
        self.base_year = m.base_year;
        self.period(m);
        let evaluator = self.evaluator(m, &lookup);

        let mut seen_ids = HashSet::new();
        let benchmarks = self.benchmarks(&raw);
        let indicators = self.indicators(&raw, &lookup, &benchmarks, &mut seen_ids);
        let sections = self.sections(&raw, &lookup, &mut seen_ids);
        let projects = self.projects(&raw.projects, &lookup, &mut seen_ids);
        let evaluation = self.evaluation(raw.evaluation.as_ref());
        let thresholds = self.thresholds(raw.thresholds.as_ref());

        let report_due = self.report_due(m.report_due.as_deref());
        let forms_due = self.due("forms_due", m.forms_due.as_deref(), (1, 31));
        let highlights = self.highlights(&raw, &indicators, &sections);
        let grade_words = self.grade_words(m);
        let heading = meta::Heading {
            evaluator,
            report_due,
            forms_due,
            grade_words,
        };
        let plan = Plan {
            meta: meta::meta(m, heading),
            highlights,
            projects,
            evaluation,
            spelling: std::sync::OnceLock::new(),
            advice: self
                .problems
                .as_slice()
                .iter()
                .filter(|p| !p.is_error())
                .cloned()
                .collect(),
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
            benchmarks,
            sections,
            thresholds,
        };
        self.problems.finish(plan)
    }

    /// The plan's indicators that validate, each id and name checked unique.
    fn indicators(
        &mut self,
        raw: &RawPlanFile,
        lookup: &BTreeMap<&str, usize>,
        benchmarks: &[Benchmark],
        seen_ids: &mut HashSet<String>,
    ) -> Vec<Indicator> {
        let mut seen_names = BTreeMap::new();
        let mut indicators = Vec::new();
        let named: Vec<(&str, &str)> = raw
            .indicators
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()))
            .collect();
        let benchmark_names: Vec<(String, String)> = benchmarks
            .iter()
            .map(|b| (b.id.clone(), b.name.clone()))
            .collect();
        for ri in &raw.indicators {
            self.check_unique_id(seen_ids, &ri.id);
            self.check_unique_name(&mut seen_names, "name", &ri.name, &ri.id, "指标");
            if let Some(ind) = self.indicator(ri, lookup, &benchmark_names, &named) {
                indicators.push(ind);
            }
        }
        indicators
    }

    /// The plan's sections and their tasks, each id and task title checked unique.
    fn sections(
        &mut self,
        raw: &RawPlanFile,
        lookup: &BTreeMap<&str, usize>,
        seen_ids: &mut HashSet<String>,
    ) -> Vec<Section> {
        let mut seen_titles = BTreeMap::new();
        let mut sections = Vec::new();
        for rs in &raw.sections {
            self.check_unique_id(seen_ids, &rs.id);
            let mut tasks = Vec::new();
            for rt in &rs.tasks {
                self.check_unique_id(seen_ids, &rt.id);
                self.check_unique_name(&mut seen_titles, "title", &rt.title, &rt.id, "任务");
                let units = self.unit_refs(lookup, "id", &rt.id, &rt.units);
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
        sections
    }

    fn indicator(
        &mut self,
        ri: &RawIndicator,
        lookup: &BTreeMap<&str, usize>,
        benchmarks: &[(String, String)],
        named: &[(&str, &str)],
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
        let base = self.published(id, "base", &ri.base);
        let (target, direction) =
            self.target(ri, base.as_ref().map(|b| b.value), benchmarks, named)?;
        if let Some(target) = &target {
            self.consistency(ri, target, direction);
        }
        let plausible = match (ri.range, &target) {
            (Some(range), _) => Some(RangeRules::explicit(range)),
            (None, Some(t)) if t.reads_rates() => Some(self.ranges.growth()),
            (None, Some(Target::Level { .. } | Target::Floor { .. } | Target::Ceiling { .. })) => {
                self.ranges.level_share(&ri.unit)
            }
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
            digits: self.digits(ri)?,
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
            base_text: base.and_then(|b| b.text),
            published_late: ri.published_late,
            aim: self.aim(ri),
            milestones: self.milestones(ri),
            final_on_average: self.final_on_average(ri),
        })
    }

    /// The decimals the indicator's figures are written with (1 by default); `None`,
    /// with an error, when more than [`MAX_DIGITS`].
    fn digits(&mut self, ri: &RawIndicator) -> Option<usize> {
        match ri.digits {
            Some(d) if d > MAX_DIGITS => {
                let id = ri.id.as_str();
                let line = self.lines.item_field("id", id, "digits");
                self.report(
                    line,
                    "digits",
                    format!("指标“{id}”的小数位数 digits 为 {d}，应为 0—{MAX_DIGITS}"),
                );
                None
            }
            d => Some(d.unwrap_or(1)),
        }
    }

    /// Whether the final evaluation judges the period's average rather than every year.
    fn final_on_average(&mut self, ri: &RawIndicator) -> bool {
        match ri.final_on.as_deref().map(str::trim) {
            None | Some("every_year") | Some("逐年") => false,
            Some("average") | Some("平均") => true,
            Some(other) => {
                let id = ri.id.as_str();
                let line = self.lines.item_field("id", id, "final_on");
                self.report(
                    line,
                    "final_on",
                    format!("指标“{id}”的总结评估判断方式“{other}”无法识别，应为 every_year（逐年均须达到，默认）或 average（按规划期平均值）"),
                );
                false
            }
        }
    }
}
