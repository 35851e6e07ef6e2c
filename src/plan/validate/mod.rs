//! Validating a plan file: every field checked against the others, every
//! problem reported with its line, before a [`Plan`] exists.

mod consistency;
mod extras;
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
        self.base_year = m.base_year;
        // Years that size the work (every year of the period is evaluated and drawn) are
        // bounded: a plan period is 1 to 30 years of this or the last or the next century.
        for (key, year) in [("base_year", m.base_year), ("target_year", m.target_year)] {
            if !YEARS.contains(&year) {
                let line = self.lines.item(key, &year.to_string(), 0);
                self.report(
                    line,
                    key,
                    format!(
                        "年份 {year} 不合常理，应在 {}—{} 之间",
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
            }
        }
        if YEARS.contains(&m.base_year)
            && YEARS.contains(&m.target_year)
            && m.target_year - m.base_year > MAX_PERIOD_YEARS
        {
            let line = self
                .lines
                .item("target_year", &m.target_year.to_string(), 0);
            self.report(
                line,
                "target_year",
                format!(
                    "规划期 {}—{} 年长达 {} 年，规划期应为 1—{MAX_PERIOD_YEARS} 年",
                    m.base_year + 1,
                    m.target_year,
                    m.target_year - m.base_year
                ),
            );
        }
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
        let benchmarks = self.benchmarks(&raw);
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
            self.check_unique_id(&mut seen_ids, &ri.id);
            self.check_unique_name(&mut seen_names, "name", &ri.name, &ri.id, "指标");
            if let Some(ind) = self.indicator(ri, &lookup, &benchmark_names, &named) {
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
        let projects = self.projects(&raw.projects, &lookup, &mut seen_ids);
        let evaluation = self.evaluation(raw.evaluation.as_ref());
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
        let forms_due = self.due("forms_due", m.forms_due.as_deref(), (1, 31));
        let highlights = self.highlights(&raw, &indicators, &sections);
        let grade_words = match m.grade_words.as_deref() {
            None => GradeWords::default(),
            Some(text) => GradeWords::parse(text).unwrap_or_else(|| {
                let line = self.lines.item_field("plan", "", "grade_words");
                self.report(
                    line,
                    "grade_words",
                    format!(
                        "评价用语“{text}”无法识别，应为 national（全国规划评估用语：提前实现、快于预期、基本符合预期、滞后于预期、明显滞后于预期）或 schedule（序时进度用语：已提前实现、快于序时进度、符合序时进度、滞后于序时进度、明显滞后）"
                    ),
                );
                GradeWords::default()
            }),
        };
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
                midterm_to_congress: m
                    .midterm_to_congress
                    .unwrap_or_else(|| m.midterm_addressee.contains("人大")),
                opening: m
                    .opening
                    .trim()
                    .trim_end_matches(['，', ',', '。', '；'])
                    .to_string(),
                self_name: m.self_name.trim().to_string(),
                report_due,
                forms_due,
                forms_contact: m.forms_contact.trim().to_string(),
                grade_words,
            },
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
            digits: match ri.digits {
                Some(d) if d > MAX_DIGITS => {
                    let line = field_line(self, "digits");
                    self.report(
                        line,
                        "digits",
                        format!("指标“{id}”的小数位数 digits 为 {d}，应为 0—{MAX_DIGITS}"),
                    );
                    return None;
                }
                d => d.unwrap_or(1),
            },
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
            final_on_average: match ri.final_on.as_deref().map(str::trim) {
                None | Some("every_year") | Some("逐年") => false,
                Some("average") | Some("平均") => true,
                Some(other) => {
                    let line = field_line(self, "final_on");
                    self.report(
                        line,
                        "final_on",
                        format!("指标“{id}”的总结评估判断方式“{other}”无法识别，应为 every_year（逐年均须达到，默认）或 average（按规划期平均值）"),
                    );
                    false
                }
            },
        })
    }
}
