//! What went well (主要成效): the indicators on track or better stated in a
//! few words and grouped by what they achieved, and the plan's priorities
//! with their indicators and tasks. It selects; the templates word it.

use serde::Serialize;

use super::views;
use super::*;
use crate::model::vocabulary::GradeWords;
use crate::plan::Target;

/// An indicator that went well, stated in a few words.
#[derive(Serialize)]
pub(super) struct Good<'a> {
    name: &'a str,
    /// "2024年为3.56人", "2021—2024年年均增长8.1%".
    stated: String,
    /// What it achieved: 已提前实现规划目标, 快于序时进度, 完成规划目标…
    achieved: &'static str,
}

impl<'a> Good<'a> {
    pub(super) fn of(
        i: &'a IndicatorResult,
        cells: &views::Cells,
        words: GradeWords,
    ) -> Option<Self> {
        // A requirement kept, not a distance covered: 达到目标要求, not 基本符合预期.
        let kept = match i.goal {
            Target::Floor { .. }
            | Target::Ceiling { .. }
            | Target::Band { .. }
            | Target::Quota { .. } => true,
            Target::Growth { .. }
            | Target::Level { .. }
            | Target::Cumulative { .. }
            | Target::Yearly { .. }
            | Target::Relative { .. }
            | Target::Trend { .. }
            | Target::Assessed
            | Target::Rank { .. } => false,
        };
        let achieved = match i.grade() {
            Grade::AchievedEarly => "已提前实现规划目标",
            Grade::Ahead | Grade::OnTrack if kept => "达到目标要求",
            Grade::Ahead | Grade::OnTrack => i.grade().word(words),
            // A final graded on an older figure (the year's not yet published) says so.
            Grade::Exceeded if i.assessment.preliminary => "超额完成规划目标（初步评价）",
            Grade::Completed if i.assessment.preliminary => "完成规划目标（初步评价）",
            Grade::Exceeded => "超额完成规划目标",
            Grade::Completed => "完成规划目标",
            _ => return None,
        };
        // A level reached before and fallen back since is not stated as if it
        // only went well: "2029年为3.15人（2028年曾达到3.2人）".
        let mut stated = cells.stated.clone();
        if let (Target::Level { .. }, Some(target), Some(latest)) =
            (&i.goal, i.target, i.assessment.reading_year)
        {
            let reached = |v: f64| {
                if i.lower_is_better {
                    v <= target + 1e-9
                } else {
                    v >= target - 1e-9
                }
            };
            let now = i.series.iter().find(|p| p.year == latest);
            if let Some(p) = i
                .series
                .iter()
                .find(|p| p.year < latest && reached(p.value))
                && now.is_some_and(|n| !reached(n.value))
            {
                stated.push_str(&format!(
                    "（{}年曾达到{}{}）",
                    p.year,
                    crate::model::numfmt::plain(target),
                    i.unit
                ));
            }
        }
        Some(Good {
            name: name_before(&i.short_name, &cells.stated),
            stated,
            achieved,
        })
    }
}

/// Verbs of change an indicator's name may end in, the longer first; each
/// with whether it is a rise.
const VERBS: [(&str, bool); 12] = [
    ("累计降低", false),
    ("累计下降", false),
    ("累计减少", false),
    ("累计增长", true),
    ("累计提高", true),
    ("累计增加", true),
    ("降低", false),
    ("下降", false),
    ("减少", false),
    ("增长", true),
    ("提高", true),
    ("增加", true),
];

/// The name's ending verb and the figure's first verb, when both change the
/// same way ("…累计降低" and "2026年累计下降3.8%"): written together they
/// double the verb.
fn doubled<'a>(name: &'a str, figure: &str) -> Option<(&'a str, &'static str)> {
    let (stem, rise) = VERBS
        .iter()
        .find_map(|(v, rise)| Some((name.strip_suffix(v)?, *rise)))
        .filter(|(stem, _)| !stem.is_empty())?;
    let (verb, _) = VERBS
        .iter()
        .filter_map(|(v, r)| figure.find(v).map(|at| (at, *v, *r)))
        .min_by_key(|(at, v, _)| (*at, std::cmp::Reverse(v.len())))
        .filter(|(_, _, r)| *r == rise)
        .map(|(_, v, r)| (v, r))?;
    Some((stem, verb))
}

/// The name to write before `figure`, without the verb it ends in when the
/// figure carries it: "全社会研发经费投入" before "2026年增长9.2%".
pub(super) fn name_before<'a>(name: &'a str, figure: &str) -> &'a str {
    doubled(name, figure).map_or(name, |(stem, _)| stem)
}

/// The figure to write after the whole `name`, without its verb when the name
/// ends in one: "2021—2025年年均为5.5%" after "地区生产总值增长",
/// "2025年为3.4%" after "单位地区生产总值能源消耗降低".
pub(super) fn figure_after(name: &str, figure: &str) -> String {
    match doubled(name, figure) {
        None => figure.to_string(),
        Some((_, verb)) => {
            if let Some(at) = figure.find(&format!("年均{verb}")) {
                let end = at + "年均".len() + verb.len();
                format!("{}年均为{}", &figure[..at], &figure[end..])
            } else {
                figure
                    .replacen(verb, "为", 1)
                    .replacen("年累计为", "年为", 1)
            }
        }
    }
}

#[cfg(test)]
mod verb_tests {
    use super::*;

    #[test]
    fn a_verb_is_written_once() {
        assert_eq!(
            name_before("全社会研发经费投入增长", "2026年增长9.2%"),
            "全社会研发经费投入"
        );
        assert_eq!(
            name_before("单位地区生产总值二氧化碳排放累计降低", "2026年累计下降3.8%"),
            "单位地区生产总值二氧化碳排放"
        );
        // No verb in the figure, or the other way: the name stays whole.
        assert_eq!(
            name_before("地区生产总值增长", "2026年为6.5%"),
            "地区生产总值增长"
        );
        assert_eq!(
            name_before("社会消费品零售总额增长", "2026年下降1.2%"),
            "社会消费品零售总额增长"
        );
        assert_eq!(
            name_before("常住人口城镇化率", "2024年为59.3%"),
            "常住人口城镇化率"
        );
        assert_eq!(
            figure_after("地区生产总值增长", "2021—2025年年均增长5.5%"),
            "2021—2025年年均为5.5%"
        );
        assert_eq!(
            figure_after("单位地区生产总值能源消耗降低", "2025年下降3.4%"),
            "2025年为3.4%"
        );
        assert_eq!(
            figure_after(
                "单位地区生产总值二氧化碳排放累计降低",
                "2026—2030年累计下降16.1%"
            ),
            "2026—2030年为16.1%"
        );
        assert_eq!(
            figure_after("地区生产总值", "2021—2025年年均增长5.5%"),
            "2021—2025年年均增长5.5%"
        );
    }
}

/// Indicators that achieved the same thing, to be named together:
/// "快于序时进度的有常住人口城镇化率（2024年为59.3%）、…".
#[derive(Serialize)]
pub(super) struct GoodGroup<'a> {
    achieved: &'static str,
    items: Vec<Good<'a>>,
}

/// Groups indicators by what they achieved, in the order first met.
pub(super) fn grouped(goods: Vec<Good<'_>>) -> Vec<GoodGroup<'_>> {
    let mut groups: Vec<GoodGroup> = Vec::new();
    for g in goods {
        match groups.iter_mut().find(|x| x.achieved == g.achieved) {
            Some(group) => group.items.push(g),
            None => groups.push(GoodGroup {
                achieved: g.achieved,
                items: vec![g],
            }),
        }
    }
    groups
}

/// A priority of the plan and what went well in it.
#[derive(Serialize)]
pub(super) struct HighlightView<'a> {
    title: &'a str,
    indicators: Vec<GoodGroup<'a>>,
    /// Its tasks 已完成 (with their results) and 序时推进.
    pub(super) completed: Vec<&'a TaskResult>,
    on_schedule: Vec<&'a TaskResult>,
}

/// Up to this many completed tasks, 主要成效 gives each one's results.
pub(super) const DETAILED_TASKS: usize = 5;

/// Whether indicator `id` belongs to one of the plan's priorities.
pub(super) fn in_highlights(plan: &Plan, id: &str) -> bool {
    plan.highlights
        .iter()
        .any(|h| h.indicators.iter().any(|i| i == id))
}

/// The plan's priorities with what went well in each; a priority where
/// nothing went well this year is left out of 主要成效.
pub(super) fn highlights<'a>(
    plan: &'a Plan,
    evaluation: &'a Evaluation,
    cells: &[views::Cells],
) -> Vec<HighlightView<'a>> {
    let tasks: Vec<&TaskResult> = evaluation.sections.iter().flat_map(|s| &s.tasks).collect();
    plan.highlights
        .iter()
        .map(|h| HighlightView {
            title: &h.title,
            indicators: grouped(
                h.indicators
                    .iter()
                    .filter_map(|id| {
                        let at = evaluation.indicators.iter().position(|i| &i.id == id)?;
                        Good::of(
                            &evaluation.indicators[at],
                            &cells[at],
                            evaluation.grade_words,
                        )
                    })
                    .collect(),
            ),
            completed: h
                .tasks
                .iter()
                .filter_map(|id| tasks.iter().copied().find(|t| &t.id == id))
                .filter(|t| t.status == Status::Completed)
                .collect(),
            on_schedule: h
                .tasks
                .iter()
                .filter_map(|id| tasks.iter().copied().find(|t| &t.id == id))
                .filter(|t| t.status == Status::OnSchedule)
                .collect(),
        })
        .filter(|h| {
            !(h.indicators.is_empty() && h.completed.is_empty() && h.on_schedule.is_empty())
        })
        .collect()
}
