//! The problems and the measures by theme: lagging indicators by the plan's
//! area (领域) with what the data say of them (the outlook, what the target
//! still needs, the cause a reading's note gives), lagging tasks by the
//! plan's section with the cause their unit reported, the indicators on track
//! whose target still looks hard, the indicators a mid-term may propose to
//! adjust, and the indicator measures by area.
//! It selects and groups; it invents no cause and writes no sentence.

use serde::Serialize;

use super::lists::Measure;
use crate::evaluate::countermeasures::cause_clause;
use crate::evaluate::{Evaluation, IndicatorResult, TaskResult};
use crate::model::numfmt::{fixed, plain};
use crate::model::vocabulary::{Outlook, Status};
use crate::plan::{Plan, Target};

/// A lagging indicator (or one whose target looks hard) as the problems name it.
#[derive(Debug, Serialize)]
pub(super) struct Trouble<'a> {
    name: &'a str,
    grade: &'a str,
    grade_key: &'static str,
    lagging: bool,
    binding: bool,
    /// 完成难度很大 / 完成难度较大, or empty.
    outlook: &'static str,
    /// "2025年需增长27.7%", or empty.
    need: String,
    /// The cause its reading's note gives (empty when it gives none or the
    /// figure is older than the year), and who gave it.
    cause: &'a str,
    lead_unit: &'a str,
    /// Level kinds whose target looks hard: where the recent pace leads by the
    /// target year, "按目前进度2030年可达9.7%"; empty otherwise.
    projected: String,
    /// When the year's schedule is set by a milestone of the plan rather than by
    /// the target: "进度要求6.8%按2028年达到8%的阶段目标测算"; empty otherwise
    /// (filled for [`hard_on_track`]).
    milestone: String,
    /// The name with what the target still needs in one bracket, for a list:
    /// "固定资产投资（2024—2025年需年均增长19.6%）", "地区生产总值（GDP，2024—2025年需年均增长15.9%）";
    /// the name alone without a need.
    name_with_need: String,
}

/// Indicators or tasks of one theme: an area of indicators, a section of tasks
/// (`name` empty when the plan gives no areas).
#[derive(Debug, Serialize)]
pub(super) struct Theme<T> {
    name: String,
    items: Vec<T>,
}

/// A lagging task as the problems name it, with the cause its unit reported.
#[derive(Debug, Serialize)]
pub(super) struct TaskTrouble<'a> {
    title: &'a str,
    status: &'static str,
    cause: String,
}

fn push<T>(themes: &mut Vec<Theme<T>>, name: &str, item: T) {
    match themes.iter_mut().find(|t| t.name == name) {
        Some(theme) => theme.items.push(item),
        None => themes.push(Theme {
            name: name.to_string(),
            items: vec![item],
        }),
    }
}

/// The area an indicator is grouped under: its domain when the plan gives
/// every indicator one, in at least two areas; none otherwise.
fn area_of(i: &IndicatorResult, by_area: bool) -> &str {
    if by_area { &i.domain } else { "" }
}

/// Whether the plan's indicators are grouped by area (as [`super::naming::areas`]).
pub(super) fn by_area(evaluation: &Evaluation) -> bool {
    !super::naming::areas(
        &evaluation.indicators,
        evaluation.grade_words,
        evaluation.kind,
    )
    .is_empty()
}

/// A name and an aside in one bracket: a name ending in its own bracket takes the aside in it,
/// and an aside's own bracket becomes a clause (no bracket inside a bracket).
fn bracketed(name: &str, aside: &str) -> String {
    let aside = aside.replace('（', "，").replace('）', "");
    match (aside.is_empty(), name.strip_suffix('）')) {
        (true, _) => name.to_string(),
        (false, Some(open)) => format!("{open}，{aside}）"),
        (false, None) => format!("{name}（{aside}）"),
    }
}

impl<'a> Trouble<'a> {
    fn of(i: &'a IndicatorResult, target_year: i32) -> Self {
        let mut trouble = Trouble::bare(i, target_year);
        trouble.name_with_need = bracketed(trouble.name, &trouble.need);
        trouble
    }

    fn bare(i: &'a IndicatorResult, target_year: i32) -> Self {
        let a = &i.assessment;
        Trouble {
            name: &i.short_name,
            grade: &i.grade_label,
            grade_key: a.grade.key(),
            lagging: a.grade.is_lagging(),
            binding: i.binding,
            outlook: match a.outlook {
                Outlook::VeryHard | Outlook::Hard => a.outlook.label(),
                _ => "",
            },
            need: if matches!(a.outlook, Outlook::VeryHard | Outlook::Hard) {
                Some(i.need_words(target_year))
                    .filter(|w| !w.is_empty())
                    .unwrap_or_else(|| level_need(i, target_year))
            } else {
                String::new()
            },
            cause: if i.stale { "" } else { i.cause.as_str() },
            lead_unit: &i.lead_unit,
            projected: match (a.projected, a.outlook, &i.goal) {
                (
                    Some(p),
                    Outlook::VeryHard | Outlook::Hard,
                    Target::Level { .. } | Target::Floor { .. } | Target::Ceiling { .. },
                ) => format!(
                    "按目前进度{target_year}年可达{}{}",
                    fixed(p, i.digits),
                    i.unit
                ),
                _ => String::new(),
            },
            name_with_need: String::new(),
            milestone: String::new(),
        }
    }
}

/// What a level target still needs a year, in words: "2024—2025年需年均提高2.3个百分点";
/// empty for other kinds and when no year is left.
fn level_need(i: &IndicatorResult, target_year: i32) -> String {
    let a = &i.assessment;
    let (Target::Level { .. }, Some(year), Some(value), Some(target)) =
        (&i.goal, a.reading_year, a.value, i.target)
    else {
        return String::new();
    };
    let left = target_year - year;
    let step = (target - value) / f64::from(left.max(1));
    if left <= 0 || step * if i.lower_is_better { -1.0 } else { 1.0 } <= 0.0 {
        return String::new();
    }
    let years = if left == 1 {
        format!("{target_year}年需")
    } else {
        format!("{}—{target_year}年需年均", year + 1)
    };
    let verb = if step < 0.0 { "降低" } else { "提高" };
    let unit = if i.unit == "%" {
        "个百分点"
    } else {
        i.unit.as_str()
    };
    let mut words = format!("{years}{verb}{}{unit}", need(step.abs(), i.digits.max(1)));
    // 达到X左右: what the bound X − τ needs, as growth targets say it.
    if let Target::Level {
        tolerance: Some(t), ..
    } = &i.goal
    {
        let bound = if i.lower_is_better {
            target + t
        } else {
            target - t
        };
        let to_bound = (bound - value) / f64::from(left);
        let (limit, toward) = if i.lower_is_better {
            ("不高于", -to_bound)
        } else {
            ("不低于", to_bound)
        };
        words.push_str(&if toward <= 0.0 {
            format!("（{limit}{}{}的要求已达到）", plain(bound), i.unit)
        } else {
            format!(
                "（按{limit}{}{}计需{}{unit}）",
                plain(bound),
                i.unit,
                need(to_bound.abs(), i.digits.max(1))
            )
        });
    }
    words
}

/// A need at `digits` decimals, a half rounded up however the division left it in binary:
/// (10 − 7.9)/2 is 1.05, printed 1.1, never 1.0 (which would understate it).
fn need(value: f64, digits: usize) -> String {
    fixed(value + 1e-9, digits)
}

/// The plan's areas, empty, in the order of their first indicators (one
/// theme without a name when the plan gives no areas).
fn empty_areas<T>(evaluation: &Evaluation, by_area: bool) -> Vec<Theme<T>> {
    let mut themes: Vec<Theme<T>> = Vec::new();
    for i in &evaluation.indicators {
        let name = area_of(i, by_area);
        if !themes.iter().any(|t| t.name == name) {
            themes.push(Theme {
                name: name.to_string(),
                items: Vec::new(),
            });
        }
    }
    themes
}

/// Lagging indicators by area. Those on track whose target looks hard are
/// not lagging: [`hard_on_track`] gives them apart.
pub(super) fn indicator_troubles(evaluation: &Evaluation) -> Vec<Theme<Trouble<'_>>> {
    let by_area = by_area(evaluation);
    let mut themes = empty_areas(evaluation, by_area);
    for i in &evaluation.indicators {
        if i.assessment.grade.is_lagging() {
            push(
                &mut themes,
                area_of(i, by_area),
                Trouble::of(i, evaluation.target_year),
            );
        }
    }
    themes.retain(|t| !t.items.is_empty());
    themes
}

/// Indicators on track or ahead of what the year asks whose target still looks
/// hard (完成难度较大 / 很大), in the plan's order: not a lag, a risk.
pub(super) fn hard_on_track<'a>(evaluation: &'a Evaluation, plan: &Plan) -> Vec<Trouble<'a>> {
    evaluation
        .indicators
        .iter()
        .filter(|i| {
            i.grade().is_on_track()
                && matches!(i.assessment.outlook, Outlook::VeryHard | Outlook::Hard)
        })
        .map(|i| {
            let mut trouble = Trouble::of(i, evaluation.target_year);
            trouble.milestone = milestone_words(i, plan, evaluation);
            trouble
        })
        .collect()
}

/// The milestone the year's schedule is measured against, in words, when the
/// plan sets one between the reading's year and the target year.
fn milestone_words(i: &IndicatorResult, plan: &Plan, evaluation: &Evaluation) -> String {
    let a = &i.assessment;
    let (Some(year), Some(expected)) = (a.reading_year, a.expected) else {
        return String::new();
    };
    plan.indicators
        .iter()
        .find(|p| p.id == i.id)
        .and_then(|p| {
            p.milestones
                .iter()
                .filter(|m| m.year >= year && m.year < evaluation.target_year)
                .min_by_key(|m| m.year)
        })
        .map(|m| {
            format!(
                "{}{}{}按{}年达到{}{}的阶段目标测算",
                evaluation.grade_words.schedule(),
                fixed(expected, i.digits),
                i.unit,
                m.year,
                crate::model::numfmt::plain(m.target),
                i.unit
            )
        })
        .unwrap_or_default()
}

/// Tasks 进度滞后 or 未启动 (final: every task reported and not completed), by section.
pub(super) fn task_troubles(evaluation: &Evaluation) -> Vec<Theme<TaskTrouble<'_>>> {
    let mut themes = Vec::new();
    for s in &evaluation.sections {
        for t in &s.tasks {
            let open = if evaluation.kind.is_final() {
                !matches!(t.status, Status::Completed | Status::NotReported)
            } else {
                matches!(t.status, Status::Behind | Status::NotStarted)
            };
            if open {
                push(&mut themes, &s.title, TaskTrouble::of(t));
            }
        }
    }
    themes
}

impl<'a> TaskTrouble<'a> {
    fn of(t: &'a TaskResult) -> Self {
        TaskTrouble {
            title: &t.title,
            status: t.status.label(),
            cause: cause_clause(&t.summary),
        }
    }
}

/// What a mid-term may propose to adjust: expected (预期性) indicators only
/// (a binding quota or red line is not the county's to lower), whose target
/// is out of reach on the outlook (完成难度较大 or 很大) and whose yearly pace
/// still needed is at least twice the latest year's ([`pace_out_of_reach`]).
/// The grade label does not decide: a target needing 15.9% a year after a 5.5%
/// year is in, whatever it is graded.
pub(super) fn adjustable(evaluation: &Evaluation) -> Vec<Trouble<'_>> {
    evaluation
        .indicators
        .iter()
        .filter(|i| {
            !i.binding
                && matches!(i.assessment.outlook, Outlook::VeryHard | Outlook::Hard)
                && paces(i, evaluation.base_year, evaluation.target_year)
                    .is_some_and(|(needed, latest)| pace_out_of_reach(needed, latest))
        })
        .map(|i| Trouble::of(i, evaluation.target_year))
        .collect()
}

/// The yearly pace the target still needs and the latest year's pace, both
/// signed so that positive is towards the target: growth rates for growth
/// kinds, yearly figures for cumulative ones, yearly steps for levels. None
/// for the kinds kept every year (limits, bands, quotas) and where the data
/// give no latest pace.
fn paces(i: &IndicatorResult, base_year: i32, target_year: i32) -> Option<(f64, f64)> {
    let a = &i.assessment;
    let year = a.reading_year?;
    let value = a.value?;
    let figure_of = |y: i32| -> Option<f64> {
        i.series
            .iter()
            .find(|p| p.year == y)
            .map(|p| p.value)
            .or(if y == base_year { i.base } else { None })
    };
    match &i.goal {
        Target::Growth { rate, .. } => {
            let sign = if *rate < 0.0 { -1.0 } else { 1.0 };
            Some((a.needed_rate? * sign, value * sign))
        }
        Target::Cumulative { .. } => Some((a.cumulative_needed?, value)),
        Target::Level { .. } => {
            let left = target_year - year;
            if left <= 0 {
                return None;
            }
            let sign = if i.lower_is_better { -1.0 } else { 1.0 };
            let previous = figure_of(year - 1)?;
            // 达到X左右 is reached at X − τ.
            let bound = match &i.goal {
                Target::Level {
                    tolerance: Some(t), ..
                } => i.target? - sign * t,
                _ => i.target?,
            };
            let needed = (bound - value) / f64::from(left);
            Some((needed * sign, (value - previous) * sign))
        }
        _ => None,
    }
}

/// Whether a yearly pace `needed` is out of reach after a latest year of
/// `latest` (both positive towards the target): at least twice the latest
/// pace, or any pace towards the target after a year that went the other way.
pub(super) fn pace_out_of_reach(needed: f64, latest: f64) -> bool {
    needed > 0.0 && (latest <= 0.0 || needed >= 2.0 * latest)
}

/// The indicator measures by area, in the order of the areas' first
/// indicators; one theme without a name when the plan gives no areas.
pub(super) fn measures_by_area<'a>(
    evaluation: &'a Evaluation,
    measures: Vec<Measure<'a>>,
) -> Vec<Theme<Measure<'a>>> {
    let items = measures.into_iter().map(|m| (m.target_id().to_string(), m));
    in_areas(evaluation, items)
}

/// Items about indicators (by id) grouped by the indicators' areas, in the
/// areas' order, each area in its items' order; empty areas left out.
pub(super) fn in_areas<T>(
    evaluation: &Evaluation,
    items: impl Iterator<Item = (String, T)>,
) -> Vec<Theme<T>> {
    let by_area = by_area(evaluation);
    // Areas in the plan's order first, so that the items follow them.
    let mut themes: Vec<Theme<T>> = empty_areas(evaluation, by_area);
    for (id, item) in items {
        let name = evaluation
            .indicators
            .iter()
            .find(|i| i.id == id)
            .map_or("", |i| area_of(i, by_area));
        push(&mut themes, name, item);
    }
    themes.retain(|t| !t.items.is_empty());
    themes
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_aside_in_a_bracket_holds_no_bracket_of_its_own() {
        assert_eq!(
            super::bracketed(
                "社会消费品零售总额增长",
                "2029—2030年需年均增长13.5%（按不低于6.5%的下限计需12.2%）"
            ),
            "社会消费品零售总额增长（2029—2030年需年均增长13.5%，按不低于6.5%的下限计需12.2%）"
        );
        assert_eq!(
            super::bracketed("地区生产总值（GDP）", "2024—2025年需年均增长15.9%"),
            "地区生产总值（GDP，2024—2025年需年均增长15.9%）"
        );
    }

    use super::{bracketed, pace_out_of_reach};

    #[test]
    fn a_pace_at_least_twice_the_latest_is_out_of_reach() {
        // 丹江口 mid-term 2023: GDP needs 15.9% a year after 5.5% (2.9×); FAI 19.6% after −8.5%.
        assert!(pace_out_of_reach(15.9, 5.5));
        assert!(pace_out_of_reach(19.6, -8.5));
        // 科技进步贡献率: (60 − 55.4) / 2 = 2.3 points a year after 55.4 − 54.3 = 1.1 (2.09×).
        assert!(pace_out_of_reach(2.3, 1.1));
        // 青岚 GDP 2026: 6.3% needed after 7.2%; 社零 2028: 5.7% after 5.4%; exactly 2× is in.
        assert!(!pace_out_of_reach(6.3, 7.2));
        assert!(!pace_out_of_reach(5.7, 5.4));
        assert!(pace_out_of_reach(4.0, 2.0));
        assert!(!pace_out_of_reach(3.9, 2.0));
        // Nothing needed: never.
        assert!(!pace_out_of_reach(0.0, -1.0));
    }

    #[test]
    fn a_name_in_brackets_takes_the_need_in_its_own() {
        assert_eq!(
            bracketed("地区生产总值（GDP）", "2024—2025年需年均增长15.9%"),
            "地区生产总值（GDP，2024—2025年需年均增长15.9%）"
        );
        assert_eq!(
            bracketed("固定资产投资", "2024—2025年需年均增长19.6%"),
            "固定资产投资（2024—2025年需年均增长19.6%）"
        );
        assert_eq!(bracketed("科技进步贡献率", ""), "科技进步贡献率");
    }
}
