//! Counts that name: the indicators of each class of the overall judgement
//! written out ("地区生产总值、研发经费投入"), and the counts by area (the
//! plan's 领域) with the sentence that accounts for every member of an area.
//! It names only what the counts count, with their predicates; it judges
//! nothing.

use serde::Serialize;

use crate::evaluate::IndicatorResult;
use crate::model::vocabulary::{EvaluationKind, Grade, GradeWords};
use crate::plan::Target;

/// Up to this many names are all written; beyond it, the first ones and 等N项.
pub(super) const NAMED: usize = 10;

/// Names joined with 、, every one of them up to [`NAMED`], beyond that the
/// first [`NAMED`] and 等N项. When the names are every member of a group of
/// `total` (two or more), the class is counted, not named: "3项指标均", so
/// that the caller's predicate follows ("3项指标均滞后于预期"). Empty for none.
pub(super) fn phrase(names: &[&str], total: usize) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        _ if names.len() == total => format!("{total}项指标均"),
        _ if names.len() <= NAMED => names.join("、"),
        _ => format!("{}等{}项", names[..NAMED].join("、"), names.len()),
    }
}

/// The indicators of each class of [`crate::evaluate::GradeCounts`], named
/// as [`phrase`] writes them (empty where the class is empty), binding
/// indicators first.
#[derive(Debug, Default, Serialize)]
pub(super) struct Named {
    pub achieved_early: String,
    pub ahead: String,
    /// Every lagging indicator, the binding first; those only behind.
    pub lagging: String,
    pub behind: String,
    pub far_behind: String,
    pub no_data: String,
    /// Final: 超额完成, 完成 or 超额完成, 基本完成, 未完成.
    pub exceeded: String,
    pub done: String,
    pub basically_completed: String,
    pub not_completed: String,
}

impl Named {
    pub(super) fn of<'a>(results: impl Iterator<Item = &'a IndicatorResult>) -> Self {
        let mut all: Vec<&IndicatorResult> = results.collect();
        let total = all.len();
        // Binding first, the plan's order kept within each category.
        all.sort_by_key(|r| !r.binding);
        let counted: Vec<&IndicatorResult> = all
            .into_iter()
            // As GradeCounts: a unit's own assessment is counted apart.
            .filter(|r| !(matches!(r.goal, Target::Assessed) && r.grade() != Grade::NoData))
            .collect();
        let names = |keep: &dyn Fn(Grade) -> bool| -> String {
            let list: Vec<&str> = counted
                .iter()
                .filter(|r| keep(r.grade()))
                .map(|r| r.short_name.as_str())
                .collect();
            phrase(&list, total)
        };
        Named {
            achieved_early: names(&|g| g == Grade::AchievedEarly),
            ahead: names(&|g| g == Grade::Ahead),
            lagging: names(&|g| g.is_lagging()),
            behind: names(&|g| g == Grade::Behind),
            far_behind: names(&|g| g == Grade::FarBehind),
            no_data: names(&|g| g == Grade::NoData),
            exceeded: names(&|g| g == Grade::Exceeded),
            done: names(&|g| matches!(g, Grade::Exceeded | Grade::Completed)),
            basically_completed: names(&|g| g == Grade::BasicallyCompleted),
            not_completed: names(&|g| g == Grade::NotCompleted),
        }
    }
}

/// One area (领域) of the plan's indicators and how they stand.
#[derive(Debug, Serialize)]
pub(super) struct Area {
    pub name: String,
    pub total: usize,
    /// On track or better (annual, mid-term), completed or better (final).
    pub on_track: usize,
    /// 基本完成 (final only).
    pub basically: usize,
    pub lagging: usize,
    /// The lagging ones named.
    pub lagging_named: String,
    /// The whole clause, every member accounted for, each lagging one with its
    /// own grade word: "绿色生态领域3项指标中，1项基本符合或快于预期，
    /// 单位地区生产总值能源消耗降低滞后于预期，单位地区生产总值二氧化碳排放降低数据暂缺".
    pub sentence: String,
}

/// The plan's areas in the order their first indicator comes, when every
/// indicator has one and there are at least two; empty otherwise. The
/// sentences are in `words`, for an evaluation of `kind`.
pub(super) fn areas(
    indicators: &[IndicatorResult],
    words: GradeWords,
    kind: EvaluationKind,
) -> Vec<Area> {
    if indicators.iter().any(|i| i.domain.trim().is_empty()) {
        return Vec::new();
    }
    let mut members: Vec<(String, Vec<&IndicatorResult>)> = Vec::new();
    for i in indicators {
        match members.iter_mut().find(|(name, _)| *name == i.domain) {
            Some((_, list)) => list.push(i),
            None => members.push((i.domain.clone(), vec![i])),
        }
    }
    let areas: Vec<Area> = members
        .iter()
        .map(|(name, list)| area(name, list, words, kind))
        .collect();
    // Two areas at least, and something graded in one of them.
    if areas.len() < 2
        || areas
            .iter()
            .all(|a| a.on_track + a.basically + a.lagging == 0)
    {
        return Vec::new();
    }
    areas
}

/// One area's counts and sentence.
fn area(name: &str, list: &[&IndicatorResult], words: GradeWords, kind: EvaluationKind) -> Area {
    let total = list.len();
    // As GradeCounts and the overall count: a unit's own assessment is counted apart.
    let (assessed, list): (Vec<&IndicatorResult>, Vec<&IndicatorResult>) = list
        .iter()
        .partition(|r| matches!(r.goal, Target::Assessed) && r.grade() != Grade::NoData);
    let count = |keep: &dyn Fn(Grade) -> bool| list.iter().filter(|i| keep(i.grade())).count();
    // Binding first within a class, as the counting sentences name them.
    let mut ordered: Vec<&IndicatorResult> = list.to_vec();
    ordered.sort_by_key(|i| !i.binding);
    let names = |grade: Grade| -> Vec<&str> {
        ordered
            .iter()
            .filter(|i| i.grade() == grade)
            .map(|i| i.short_name.as_str())
            .collect()
    };
    let on_track = count(&Grade::is_on_track);
    let basically = count(&|g| g == Grade::BasicallyCompleted);
    let lagging = count(&Grade::is_lagging);
    let lagging_names: Vec<&str> = ordered
        .iter()
        .filter(|i| i.grade().is_lagging())
        .map(|i| i.short_name.as_str())
        .collect();
    // The classes in order: on track (counted), 基本完成 (counted), each lagging
    // grade and 数据暂缺 (named), each with its own words.
    let on_words = words.on_track_phrase(kind);
    let mut parts: Vec<(usize, String, &str)> = Vec::new();
    if on_track > 0 {
        parts.push((on_track, format!("{on_track}项"), on_words));
    }
    if basically > 0 {
        parts.push((basically, format!("{basically}项"), "基本完成"));
    }
    let lagging_grades = [Grade::FarBehind, Grade::Behind, Grade::NotCompleted];
    for grade in lagging_grades.into_iter().chain([Grade::NoData]) {
        let named = names(grade);
        if !named.is_empty() {
            parts.push((named.len(), phrase(&named, usize::MAX), grade.word(words)));
        }
    }
    // Counted apart as in the head count, each with the unit's verdict.
    let (short, fine): (Vec<&IndicatorResult>, Vec<&IndicatorResult>) =
        assessed.iter().partition(|i| i.grade().is_lagging());
    if !fine.is_empty() {
        parts.push((
            fine.len(),
            format!("{}项", fine.len()),
            "由牵头单位评估达到或基本达到预期",
        ));
    }
    if !short.is_empty() {
        let named: Vec<&str> = short.iter().map(|i| i.short_name.as_str()).collect();
        parts.push((
            named.len(),
            phrase(&named, usize::MAX),
            "经牵头单位评估未达到预期",
        ));
    }
    let all = if total > 1 { "均" } else { "" };
    let sentence = match parts.as_slice() {
        [] => format!("{name}领域{total}项指标暂无可作评价的数据"),
        [(n, _, _)] if *n == total && on_track == total && kind.is_final() => {
            format!("{name}领域{total}项指标{all}完成或超额完成规划目标")
        }
        [(n, _, _)] if *n == total && names(Grade::NoData).len() == total => {
            format!("{name}领域{total}项指标暂无可作评价的数据")
        }
        [(n, _, word)] if *n == total => format!("{name}领域{total}项指标{all}{word}"),
        _ => {
            let clauses: Vec<String> = parts
                .iter()
                .map(|(_, subject, word)| format!("{subject}{word}"))
                .collect();
            format!("{name}领域{total}项指标中，{}", clauses.join("，"))
        }
    };
    Area {
        name: name.to_string(),
        total,
        on_track,
        basically,
        lagging,
        lagging_named: phrase(&lagging_names, total),
        sentence,
    }
}

#[cfg(test)]
#[path = "naming_tests.rs"]
mod tests;
