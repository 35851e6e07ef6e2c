//! Evaluation: joins the year's readings and task reports with the plan,
//! grades every indicator, rolls up by section and by responsible unit, and
//! chooses countermeasures by rule.
//!
//! A pure function of its inputs: it never reads a file or the clock, so the
//! same inputs always give the same evaluation. It chooses the rule that
//! answers each case and hands over the case's figures ([`Case`]); the report
//! stage writes the texts, so evaluating needs no template engine.

mod case;
mod causes;
pub mod countermeasures;
mod grade;
pub mod method;
pub mod projects;
mod results;
pub mod standing;
pub mod voices;

use std::collections::HashMap;

use crate::input::progress::Progress;
use crate::input::readings::{Reading, Readings};
use crate::input::rules::Rules;
use crate::model::vocabulary::{EvaluationKind, Status};
use crate::plan::{Category, Plan, Target};

pub use case::Case;
pub use causes::{causes_in, is_cause};
pub use countermeasures::Countermeasure;
pub use grade::{Assessment, Goal, LevelPart, Period, Point, assess};
pub use results::*;

/// A two-part target's sentence with the price basis its notes give: the
/// growth part "按可比价计算" where a growth note says 可比价, the level part
/// "现价总量" where a level note says 现价, so a reader sees why the two parts
/// can differ. Nothing is added that the notes do not say.
fn price_basis(reason: &str, series: &[&Reading], levels: &[&Reading]) -> String {
    let says = |list: &[&Reading], word: &str| list.iter().any(|r| r.note.contains(word));
    let mut text = reason.to_string();
    if says(levels, "现价") {
        text = text.replacen("；总量", "；现价总量", 1);
    }
    if says(series, "可比价") {
        // Before the growth part's verb: "2026年按可比价计算增长7.2%".
        let first = text.split('；').next().unwrap_or_default();
        if let Some(at) = ["年均", "增长", "下降"]
            .iter()
            .filter_map(|verb| first.find(verb))
            .min()
        {
            text.insert_str(at, "按可比价计算");
        }
    }
    text
}

/// The units answering for `units` in the report of `year`, as the report
/// writes them, each once (a unit and its successor may both be listed).
fn unit_names(plan: &Plan, units: &[usize], year: i32) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(units.len());
    for &u in units {
        let name = &plan.units[plan.unit_in(u, year)].short_name;
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// A reading as grading and the tables need it.
fn point(r: &Reading) -> Point {
    Point {
        year: r.year,
        value: r.value,
        quota: r.quota,
        target: r.target,
        estimated: r.estimated,
        verdict: r.verdict,
    }
}

/// Evaluates `year` of `plan` from its readings and task reports.
pub fn evaluate(
    plan: &Plan,
    readings: &Readings,
    progress: &Progress,
    rules: &Rules,
    year: i32,
    kind: EvaluationKind,
) -> Evaluation {
    let period = Period {
        base: plan.meta.base_year,
        target: plan.meta.target_year,
        year,
        kind,
        words: plan.meta.grade_words,
    };
    let indicators: Vec<IndicatorResult> = plan
        .indicators
        .iter()
        .map(|ind| {
            let raw_series = readings.series(&ind.id, year);
            let raw_levels = readings.level_series(&ind.id, year);
            let series: Vec<Point> = raw_series.iter().copied().map(point).collect();
            let level_series: Vec<Point> = raw_levels.iter().copied().map(point).collect();
            let reference: Vec<Point> = match &ind.target {
                Target::Relative { reference, .. } => readings
                    .series(&reference.id, year)
                    .into_iter()
                    .map(point)
                    .collect(),
                _ => Vec::new(),
            };
            let points = &series;
            let level_points = &level_series;
            let level_part = ind.level.as_ref().and_then(|l| {
                Some(LevelPart {
                    target: l.target?,
                    base: l.base?,
                    unit: &l.unit,
                    points: level_points,
                })
            });
            let goal = Goal {
                target: &ind.target,
                direction: ind.direction,
                strict: ind.strict,
                unit: &ind.unit,
                digits: ind.digits,
                level: level_part,
                verb: ind.verb.as_deref(),
                reference: &reference,
                milestones: &ind.milestones,
            };
            let mut assessment = assess(goal, points, period, &plan.thresholds);
            if assessment.level_part.is_some() {
                assessment.reason = price_basis(&assessment.reason, &raw_series, &raw_levels);
            }
            let latest = assessment
                .reading_year
                .and_then(|y| readings.series(&ind.id, y).into_iter().last());
            let lead = &plan.units[plan.unit_in(ind.units[0], year)];
            IndicatorResult {
                id: ind.id.clone(),
                name: ind.name.clone(),
                short_name: ind.short_name.clone(),
                verb: ind.verb.clone(),
                wording: ind.wording.clone(),
                category: ind.category.label(),
                binding: ind.category == Category::Binding,
                domain: ind.domain.clone(),
                goal: ind.target.clone(),
                kind: ind.target.kind_key(),
                kind_label: ind.target.kind_label(),
                unit: ind.unit.clone(),
                digits: ind.digits,
                target: ind.target.figure(),
                base: ind.target.base(),
                base_text: ind.base_text.clone(),
                published_late: ind.published_late,
                aim: ind.aim.as_ref().map_or_else(String::new, |aim| {
                    let multiple = match aim.multiple {
                        m if (m - 2.0).abs() < 1e-9 => "翻一番".to_string(),
                        m => format!("增长到{}倍", crate::model::numfmt::plain(m)),
                    };
                    let quantity = if aim.quantity.is_empty() {
                        &ind.name
                    } else {
                        &aim.quantity
                    };
                    format!(
                        "按到{}年{quantity}比{}年{multiple}测算，{}—{}年年均需增长{}%",
                        aim.year,
                        aim.from,
                        period.base + 1,
                        aim.year,
                        crate::model::numfmt::fixed(aim.needed_rate(period.base), 1)
                    )
                }),
                band: match ind.target {
                    Target::Band { min, max, .. } => Some([min, max]),
                    _ => None,
                },
                accumulate: match ind.target {
                    Target::Cumulative { accumulate, .. } => Some(accumulate),
                    Target::Quota {
                        cumulative: Some(_),
                        accumulate,
                    } => Some(accumulate),
                    Target::Growth { .. }
                    | Target::Level { .. }
                    | Target::Floor { .. }
                    | Target::Ceiling { .. }
                    | Target::Band { .. }
                    | Target::Quota {
                        cumulative: None, ..
                    }
                    | Target::Yearly { .. }
                    | Target::Relative { .. }
                    | Target::Trend { .. }
                    | Target::Assessed
                    | Target::Rank { .. } => None,
                },
                level_target: ind.level.as_ref().and_then(|l| l.target),
                strict: ind.strict,
                lower_is_better: ind.direction == crate::plan::Direction::Lower,
                lead_unit: lead.short_name.clone(),
                lead_unit_full: lead.full_name.clone(),
                units: unit_names(plan, &ind.units, year),
                stale: assessment.reading_year.is_some_and(|y| y < year),
                stale_words: assessment
                    .reading_year
                    .filter(|&r| r < year)
                    .map(|r| stale_words(ind, latest.map_or("", |l| l.note.as_str()), r, year))
                    .unwrap_or_default(),
                source: latest.map(|r| r.source.clone()).unwrap_or_default(),
                note: latest
                    .map(|r| plan.spell_units(&r.note))
                    .unwrap_or_default(),
                cause: causes::cause_of(
                    ind,
                    &assessment,
                    &causes::Notes {
                        series: &raw_series,
                        levels: &raw_levels,
                        spell: &|note: &str| plan.spell_units(note),
                    },
                    period,
                ),
                series,
                level_series,
                level_unit: ind.level.as_ref().map(|l| l.unit.clone()),
                standing: standing::of(ind, latest),
                grade_label: if assessment.estimated {
                    format!("预计{}", assessment.grade.word(period.words))
                } else {
                    assessment.grade.word(period.words).to_string()
                },
                assessment,
            }
        })
        .collect();

    let sections: Vec<SectionResult> = plan
        .sections
        .iter()
        .map(|s| {
            let tasks: Vec<TaskResult> = s
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let report = progress.get(&t.id, year);
                    let status = report.map_or(Status::NotReported, |r| r.status);
                    TaskResult {
                        id: t.id.clone(),
                        number: i + 1,
                        title: t.title.clone(),
                        section: s.title.clone(),
                        lead_unit: plan.units[plan.unit_in(t.units[0], year)]
                            .short_name
                            .clone(),
                        units: unit_names(plan, &t.units, year),
                        status,
                        previous_status: progress.get(&t.id, year - 1).map(|r| r.status),
                        summary: report
                            .map(|r| plan.spell_units(&r.summary))
                            .unwrap_or_default(),
                        lagging: status.is_lagging(),
                    }
                })
                .collect();
            SectionResult {
                id: s.id.clone(),
                title: s.title.clone(),
                lagging: tasks.iter().filter(|t| t.lagging).count(),
                tasks,
            }
        })
        .collect();

    let units = unit_rollup(plan, &indicators, &sections);
    let (projects, project_summary) = projects::evaluate(plan, &progress.projects, year);
    let countermeasures =
        countermeasures::select(plan, &indicators, &sections, &projects, rules, period);
    let standing_measures = standing_measures(plan, rules, period);
    let tasks: Vec<&TaskResult> = sections.iter().flat_map(|s| &s.tasks).collect();
    let count = |st: Status| tasks.iter().filter(|t| t.status == st).count();
    let summary = Summary {
        indicators: GradeCounts::of(indicators.iter()),
        binding: GradeCounts::of(indicators.iter().filter(|i| i.binding)),
        expected: GradeCounts::of(indicators.iter().filter(|i| !i.binding)),
        tasks: TaskCounts {
            total: tasks.len(),
            completed: count(Status::Completed),
            on_schedule: count(Status::OnSchedule),
            behind: count(Status::Behind),
            not_started: count(Status::NotStarted),
            not_reported: count(Status::NotReported),
        },
        stale: indicators
            .iter()
            .filter(|i| i.stale)
            .map(|i| i.id.clone())
            .collect(),
    };
    Evaluation {
        method: method::of(plan, readings, progress, year, kind),
        voices: voices::gather(plan, progress, year, kind),
        projects,
        project_summary,
        year,
        grade_words: period.words,
        kind,
        base_year: period.base,
        target_year: period.target,
        remaining_years: (period.target - year).max(0),
        indicators,
        sections,
        units,
        countermeasures,
        standing_measures,
        summary,
    }
}

/// The standing measures that close an evaluation of `period`'s kind, with
/// the names their texts may use (the evaluating unit speaks of itself as 我局).
fn standing_measures(plan: &Plan, rules: &Rules, period: Period) -> Vec<Standing> {
    let speaker = countermeasures::Speaker::of(plan, period.year);
    let mut case = Case::default();
    case.insert("self", &speaker.self_name);
    case.insert("addressee", &plan.meta.addressee);
    case.insert("evaluator", &speaker.name);
    case.insert("year", &period.year);
    case.insert("base_year", &period.base);
    case.insert("target_year", &period.target);
    case.insert("evaluation", period.kind.label());
    rules
        .standing
        .iter()
        .enumerate()
        .filter(|(_, m)| m.fits(period.kind))
        .map(|(index, m)| Standing {
            title: m.title.clone(),
            rule: crate::input::rules::standing_id(index),
            case: case.clone(),
        })
        .collect()
}

fn unit_rollup(
    plan: &Plan,
    indicators: &[IndicatorResult],
    sections: &[SectionResult],
) -> Vec<UnitResult> {
    // What each unit leads and supports, by its name, gathered in one pass.
    #[derive(Default)]
    struct Share<'a> {
        led: Vec<&'a IndicatorResult>,
        tasks: Vec<&'a TaskResult>,
        supporting: usize,
    }
    let mut shares: HashMap<&str, Share> = HashMap::new();
    for i in indicators {
        shares.entry(i.lead_unit.as_str()).or_default().led.push(i);
    }
    let mut seen: Vec<&str> = Vec::new();
    for t in sections.iter().flat_map(|s| &s.tasks) {
        shares
            .entry(t.lead_unit.as_str())
            .or_default()
            .tasks
            .push(t);
        // A unit named twice in one task supports it once.
        seen.clear();
        for unit in &t.units {
            if *unit != t.lead_unit && !seen.contains(&unit.as_str()) {
                seen.push(unit);
                shares.entry(unit.as_str()).or_default().supporting += 1;
            }
        }
    }
    plan.units
        .iter()
        .filter_map(|unit| {
            let share = shares.get(unit.short_name.as_str())?;
            let (led, tasks, supporting) = (&share.led, &share.tasks, share.supporting);
            (!led.is_empty() || !tasks.is_empty() || supporting > 0).then(|| UnitResult {
                name: unit.short_name.clone(),
                full_name: unit.full_name.clone(),
                indicators: led.iter().map(|i| i.name.clone()).collect(),
                indicators_lagging: led.iter().filter(|i| i.grade().is_lagging()).count(),
                tasks: tasks.iter().map(|t| t.title.clone()).collect(),
                tasks_lagging: tasks.iter().filter(|t| t.lagging).count(),
                supporting,
            })
        })
        .collect()
}

/// Why the report uses the figure of `reading` in the evaluation of `year`:
/// not yet published (a figure published the next year), not measured that
/// year (a figure measured every two years, as its note says), or missing.
fn stale_words(ind: &crate::plan::Indicator, note: &str, reading: i32, year: i32) -> String {
    let biennial = ["每两年", "两年一次", "隔年"]
        .iter()
        .any(|w| note.contains(w));
    if biennial && (year - reading).rem_euclid(2) == 1 {
        format!("该指标每两年统计一次，采用{reading}年数据")
    } else if ind.published_late {
        format!("{year}年数据尚未发布，采用{reading}年数据")
    } else {
        format!("{year}年数据缺失，采用{reading}年数据")
    }
}
