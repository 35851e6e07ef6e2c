//! Validating a plan file: every field checked against the others, every
//! problem reported with its line, before a [`Plan`] exists.

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

    /// Checks that an indicator's unit, numbers and target kind agree.
    fn consistency(&mut self, ri: &RawIndicator, target: &Target, direction: Direction) {
        let id = ri.id.as_str();
        let at = |v: &Self, key: &str| v.lines.item_field("id", id, key);
        let uses_base = target.uses_base();
        if ri.base.is_some() && !uses_base {
            let line = at(self, "base");
            self.problems.warn(
                self.path,
                line,
                "base",
                format!(
                    "指标“{id}”的目标类型为 {}，评价不使用基期值（base），该值只作记录",
                    ri.kind
                ),
            );
        }
        let about = ri.wording.contains("左右");
        let has_tolerance = target.tolerance().is_some()
            || matches!(
                target,
                Target::Band {
                    centre: Some(_),
                    ..
                }
            );
        if about
            && !has_tolerance
            && !matches!(target, Target::Yearly { .. } | Target::Quota { .. })
        {
            let line = at(self, "wording");
            self.problems.warn(
                self.path,
                line,
                "tolerance",
                format!(
                    "指标“{id}”的规划原文写有“左右”，但没有填写允许偏差（tolerance）；“左右”没有默认偏差，现按不带偏差的目标评价。可在该指标下填写 tolerance（如 0.5），{}",
                    match target {
                        Target::Floor { .. } | Target::Ceiling { .. } => "floor/ceiling 加 tolerance 即按“控制在X左右”（单侧）评价",
                        Target::Level { .. } | Target::Growth { .. } | Target::Cumulative { .. } => "即按“达到X左右”评价",
                        _ => "或改用 band（保持在X左右）",
                    }
                ),
            );
        }
        // A unit's own assessment has no figures; a ratio (城乡居民收入比) or a rank may have no unit.
        let unitless = matches!(
            target,
            Target::Assessed | Target::Trend { .. } | Target::Rank { .. }
        );
        if ri.unit.trim().is_empty() && !unitless {
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
        if let Target::Level { target, base, .. } = *target
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
                    ("base", target.base()),
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

impl Validator<'_> {
    /// The benchmark series, their ids unique and apart from the indicators'.
    fn benchmarks(&mut self, raw: &RawPlanFile) -> Vec<Benchmark> {
        let mut out: Vec<Benchmark> = Vec::new();
        for b in &raw.benchmarks {
            let clash = out.iter().any(|o| o.id == b.id)
                || raw
                    .indicators
                    .iter()
                    .any(|i| i.id == b.id || i.name == b.name);
            if clash || b.id.trim().is_empty() {
                let line = self.lines.item("id", &b.id, 0);
                self.report(
                    line,
                    "benchmarks",
                    format!("基准“{}”的编号为空，或与另一基准、规划中的指标重复", b.id),
                );
                continue;
            }
            out.push(Benchmark {
                id: b.id.trim().to_string(),
                name: b.name.trim().to_string(),
                unit: b.unit.trim().to_string(),
            });
        }
        out
    }

    /// An aim beyond the plan, checked against the plan's years.
    fn aim(&mut self, ri: &RawIndicator) -> Option<Aim> {
        let a = ri.aim.as_ref()?;
        let id = ri.id.as_str();
        let line = self.lines.item_field("id", id, "aim");
        let problem = if a.multiple <= 0.0 || a.index <= 0.0 {
            Some("倍数（multiple）和基期指数（index）应为正数".to_string())
        } else if a.graded && (ri.kind != "growth" || ri.target.is_some()) {
            Some("只有不填 target 的 growth 类指标才能按远景目标评价（graded: true）".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            self.report(
                line,
                "aim",
                format!("指标“{id}”的远景目标（aim）：{problem}"),
            );
            return None;
        }
        Some(Aim {
            year: a.year,
            from: a.from,
            multiple: a.multiple,
            index: a.index,
            quantity: a.quantity.trim().to_string(),
            graded: a.graded,
        })
    }

    /// Milestones inside the plan period, in year order.
    fn milestones(&mut self, ri: &RawIndicator) -> Vec<Milestone> {
        let mut out: Vec<Milestone> = ri
            .milestones
            .iter()
            .map(|m| Milestone {
                year: m.year,
                target: m.target,
            })
            .collect();
        out.sort_by_key(|m| m.year);
        out
    }
}
