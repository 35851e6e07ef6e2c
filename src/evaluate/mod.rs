//! Evaluation: joins the year's readings and task reports with the plan,
//! grades every indicator, rolls up by section and by responsible unit, and
//! chooses countermeasures by rule.
//!
//! A pure function of its inputs: it never reads a file or the clock, so the
//! same inputs always give the same evaluation.

mod countermeasures;
mod grade;

use std::collections::HashMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::error::Result;
use crate::plan::{Category, Plan};
use crate::progress::{Progress, Status};
use crate::readings::Readings;
use crate::rules::{Rules, StandingMeasure};

pub use countermeasures::Countermeasure;
pub use grade::{Assessment, Goal, Period, Point, assess};

/// The grades of the national mid-term review, best first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    AchievedEarly,
    Ahead,
    OnTrack,
    Behind,
    FarBehind,
    #[default]
    NoData,
}

impl Grade {
    pub const ALL: [Grade; 6] = [
        Grade::AchievedEarly,
        Grade::Ahead,
        Grade::OnTrack,
        Grade::Behind,
        Grade::FarBehind,
        Grade::NoData,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Grade::AchievedEarly => "已提前实现",
            Grade::Ahead => "快于序时进度",
            Grade::OnTrack => "符合序时进度",
            Grade::Behind => "滞后于序时进度",
            Grade::FarBehind => "明显滞后",
            Grade::NoData => "数据暂缺",
        }
    }

    pub fn from_label(label: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.label() == label)
    }

    /// At or ahead of schedule.
    pub fn is_on_track(self) -> bool {
        matches!(self, Grade::AchievedEarly | Grade::Ahead | Grade::OnTrack)
    }

    pub fn is_lagging(self) -> bool {
        matches!(self, Grade::Behind | Grade::FarBehind)
    }

    /// Higher is more serious; orders countermeasures.
    pub fn severity(self) -> u8 {
        match self {
            Grade::FarBehind => 3,
            Grade::Behind => 2,
            Grade::NoData => 1,
            _ => 0,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// Whether the target will be met by the target year at the recent pace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Outlook {
    Achieved,
    Likely,
    Possible,
    Hard,
    VeryHard,
    Missed,
    #[default]
    Unknown,
}

impl Outlook {
    pub fn label(self) -> &'static str {
        match self {
            Outlook::Achieved => "已实现",
            Outlook::Likely => "预计能够完成",
            Outlook::Possible => "有望完成",
            Outlook::Hard => "完成难度较大",
            Outlook::VeryHard => "完成难度很大",
            Outlook::Missed => "未能完成",
            Outlook::Unknown => "无法判断",
        }
    }
}

impl Serialize for Outlook {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// A figure of one year, for the monitoring table and trend lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
    pub quota: Option<f64>,
}

/// An indicator's evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub name: String,
    pub wording: String,
    /// 约束性 / 预期性.
    pub category: &'static str,
    pub binding: bool,
    pub domain: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub unit: String,
    pub digits: usize,
    pub target: Option<f64>,
    pub base: Option<f64>,
    pub strict: bool,
    pub lower_is_better: bool,
    pub lead_unit: String,
    pub lead_unit_full: String,
    pub units: Vec<String>,
    /// The reading used is older than the evaluated year.
    pub stale: bool,
    pub source: String,
    pub note: String,
    /// Every figure from the base year to the evaluated year.
    pub series: Vec<YearValue>,
    /// The display-only level series (e.g. GDP in 亿元), with its unit.
    pub level_series: Vec<YearValue>,
    pub level_unit: Option<String>,
    #[serde(flatten)]
    pub assessment: Assessment,
}

impl IndicatorResult {
    pub fn grade(&self) -> Grade {
        self.assessment.grade
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskResult {
    pub id: String,
    pub number: usize,
    pub title: String,
    pub section: String,
    pub lead_unit: String,
    pub units: Vec<String>,
    pub status: Status,
    pub previous_status: Option<Status>,
    pub summary: String,
    pub lagging: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    pub tasks: Vec<TaskResult>,
    pub lagging: usize,
}

/// What a responsible unit leads and how much of it lags.
#[derive(Debug, Clone, Serialize)]
pub struct UnitResult {
    pub name: String,
    pub full_name: String,
    pub indicators: Vec<String>,
    pub indicators_lagging: usize,
    pub tasks: Vec<String>,
    pub tasks_lagging: usize,
    /// Tasks it supports without leading them.
    pub supporting: usize,
}

/// Headline counts of one group of indicators.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GradeCounts {
    pub total: usize,
    pub on_track: usize,
    pub lagging: usize,
    pub achieved_early: usize,
    pub ahead: usize,
    pub on_schedule: usize,
    pub behind: usize,
    pub far_behind: usize,
    pub no_data: usize,
}

impl GradeCounts {
    fn of<'a>(results: impl Iterator<Item = &'a IndicatorResult>) -> Self {
        let mut c = GradeCounts::default();
        for r in results {
            c.total += 1;
            let g = r.grade();
            c.on_track += usize::from(g.is_on_track());
            c.lagging += usize::from(g.is_lagging());
            match g {
                Grade::AchievedEarly => c.achieved_early += 1,
                Grade::Ahead => c.ahead += 1,
                Grade::OnTrack => c.on_schedule += 1,
                Grade::Behind => c.behind += 1,
                Grade::FarBehind => c.far_behind += 1,
                Grade::NoData => c.no_data += 1,
            }
        }
        c
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskCounts {
    pub total: usize,
    pub completed: usize,
    pub on_schedule: usize,
    pub behind: usize,
    pub not_started: usize,
    pub not_reported: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub indicators: GradeCounts,
    pub binding: GradeCounts,
    pub expected: GradeCounts,
    pub tasks: TaskCounts,
    /// Ids of indicators whose reading is older than the year.
    pub stale: Vec<String>,
}

/// The whole evaluation of one year.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub year: i32,
    pub base_year: i32,
    pub target_year: i32,
    /// Years left after the evaluated year.
    pub remaining_years: i32,
    pub indicators: Vec<IndicatorResult>,
    pub sections: Vec<SectionResult>,
    pub units: Vec<UnitResult>,
    pub countermeasures: Vec<Countermeasure>,
    pub standing_measures: Vec<StandingMeasure>,
    pub summary: Summary,
}

/// Evaluates `year` of `plan` from its readings and task reports.
pub fn evaluate(
    plan: &Plan,
    readings: &Readings,
    progress: &Progress,
    rules: &Rules,
    year: i32,
) -> Result<Evaluation> {
    let period = Period {
        base: plan.meta.base_year,
        target: plan.meta.target_year,
        year,
    };
    let indicators: Vec<IndicatorResult> = plan
        .indicators
        .iter()
        .map(|ind| {
            let series: Vec<YearValue> = readings
                .series(&ind.id, year)
                .into_iter()
                .map(|r| YearValue {
                    year: r.year,
                    value: r.value,
                    quota: r.quota,
                })
                .collect();
            let points: Vec<Point> = series
                .iter()
                .map(|v| Point {
                    year: v.year,
                    value: v.value,
                    quota: v.quota,
                })
                .collect();
            let goal = Goal {
                target: &ind.target,
                direction: ind.direction,
                strict: ind.strict,
                unit: &ind.unit,
                digits: ind.digits,
            };
            let assessment = assess(goal, &points, period, &plan.thresholds);
            let latest = assessment
                .reading_year
                .and_then(|y| readings.series(&ind.id, y).into_iter().last());
            let lead = &plan.units[ind.units[0]];
            IndicatorResult {
                id: ind.id.clone(),
                name: ind.name.clone(),
                wording: ind.wording.clone(),
                category: ind.category.label(),
                binding: ind.category == Category::Binding,
                domain: ind.domain.clone(),
                kind: ind.target.kind_key(),
                kind_label: ind.target.kind_label(),
                unit: ind.unit.clone(),
                digits: ind.digits,
                target: ind.target.figure(),
                base: ind.target.base(),
                strict: ind.strict,
                lower_is_better: ind.direction == crate::plan::Direction::Lower,
                lead_unit: lead.name.clone(),
                lead_unit_full: lead.full_name.clone(),
                units: ind
                    .units
                    .iter()
                    .map(|&u| plan.units[u].name.clone())
                    .collect(),
                stale: assessment.reading_year.is_some_and(|y| y < year),
                source: latest.map(|r| r.source.clone()).unwrap_or_default(),
                note: latest.map(|r| r.note.clone()).unwrap_or_default(),
                series,
                level_series: readings
                    .level_series(&ind.id, year)
                    .into_iter()
                    .map(|r| YearValue {
                        year: r.year,
                        value: r.value,
                        quota: None,
                    })
                    .collect(),
                level_unit: ind.level.as_ref().map(|l| l.unit.clone()),
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
                        lead_unit: plan.units[t.units[0]].name.clone(),
                        units: t
                            .units
                            .iter()
                            .map(|&u| plan.units[u].name.clone())
                            .collect(),
                        status,
                        previous_status: progress.get(&t.id, year - 1).map(|r| r.status),
                        summary: report.map(|r| r.summary.clone()).unwrap_or_default(),
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
    let countermeasures = countermeasures::select(plan, &indicators, &sections, rules, period)?;
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
    Ok(Evaluation {
        year,
        base_year: period.base,
        target_year: period.target,
        remaining_years: (period.target - year).max(0),
        indicators,
        sections,
        units,
        countermeasures,
        standing_measures: rules.standing.clone(),
        summary,
    })
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
            let share = shares.get(unit.name.as_str())?;
            let (led, tasks, supporting) = (&share.led, &share.tasks, share.supporting);
            (!led.is_empty() || !tasks.is_empty() || supporting > 0).then(|| UnitResult {
                name: unit.name.clone(),
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
