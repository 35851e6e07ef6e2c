//! Counts that name: the indicators of each class of the overall judgement
//! written out ("地区生产总值、研发经费投入等4项"), and the counts by area
//! (the plan's 领域). It names only what the counts count, with their
//! predicates; it judges nothing.

use serde::Serialize;

use crate::evaluate::IndicatorResult;
use crate::model::vocabulary::Grade;
use crate::plan::Target;

/// At most this many names before 等N项.
pub(super) const NAMED: usize = 5;

/// Names joined with 、: one name alone, several as "A、B等2项", more than
/// [`NAMED`] as the first five and 等N项. Empty for none.
pub(super) fn phrase(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        _ => format!(
            "{}等{}项",
            names[..names.len().min(NAMED)].join("、"),
            names.len()
        ),
    }
}

/// The indicators of each class of [`crate::evaluate::GradeCounts`], named
/// as [`phrase`] writes them (empty where the class is empty).
#[derive(Debug, Default, Serialize)]
pub(super) struct Named {
    pub achieved_early: String,
    pub ahead: String,
    /// Every lagging indicator, the far behind first; those only behind.
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
        let counted: Vec<&IndicatorResult> = results
            // As GradeCounts: a unit's own assessment is counted apart.
            .filter(|r| !(matches!(r.goal, Target::Assessed) && r.grade() != Grade::NoData))
            .collect();
        let names = |keep: &dyn Fn(Grade) -> bool| -> String {
            let list: Vec<&str> = counted
                .iter()
                .filter(|r| keep(r.grade()))
                .map(|r| r.short_name.as_str())
                .collect();
            phrase(&list)
        };
        let mut lagging: Vec<&IndicatorResult> = counted
            .iter()
            .copied()
            .filter(|r| r.grade().is_lagging())
            .collect();
        lagging.sort_by_key(|r| std::cmp::Reverse(r.grade().severity()));
        let lagging: Vec<&str> = lagging.iter().map(|r| r.short_name.as_str()).collect();
        Named {
            achieved_early: names(&|g| g == Grade::AchievedEarly),
            ahead: names(&|g| g == Grade::Ahead),
            lagging: phrase(&lagging),
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
}

/// The plan's areas in the order their first indicator comes, when every
/// indicator has one and there are at least two; empty otherwise.
pub(super) fn areas(indicators: &[IndicatorResult]) -> Vec<Area> {
    if indicators.iter().any(|i| i.domain.trim().is_empty()) {
        return Vec::new();
    }
    let mut areas: Vec<Area> = Vec::new();
    let mut lagging: Vec<Vec<&str>> = Vec::new();
    for i in indicators {
        let at = match areas.iter().position(|a| a.name == i.domain) {
            Some(at) => at,
            None => {
                areas.push(Area {
                    name: i.domain.clone(),
                    total: 0,
                    on_track: 0,
                    basically: 0,
                    lagging: 0,
                    lagging_named: String::new(),
                });
                lagging.push(Vec::new());
                areas.len() - 1
            }
        };
        let area = &mut areas[at];
        let g = i.grade();
        area.total += 1;
        area.on_track += usize::from(g.is_on_track());
        area.basically += usize::from(g == Grade::BasicallyCompleted);
        if g.is_lagging() {
            area.lagging += 1;
            lagging[at].push(&i.short_name);
        }
    }
    // Two areas at least, and something graded in one of them.
    if areas.len() < 2
        || areas
            .iter()
            .all(|a| a.on_track + a.basically + a.lagging == 0)
    {
        return Vec::new();
    }
    for (area, names) in areas.iter_mut().zip(&lagging) {
        area.lagging_named = phrase(names);
    }
    areas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_cut_with_its_count() {
        assert_eq!(phrase(&[]), "");
        assert_eq!(phrase(&["地区生产总值"]), "地区生产总值");
        assert_eq!(phrase(&["甲", "乙"]), "甲、乙等2项");
        assert_eq!(
            phrase(&["一", "二", "三", "四", "五", "六", "七"]),
            "一、二、三、四、五等7项"
        );
    }
}
