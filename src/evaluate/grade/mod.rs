//! Grading one indicator against its schedule, per target kind and kind of
//! evaluation, exactly as `methodology.md` states it. Pure arithmetic: no
//! I/O, no clock. Every reason names the figures that decide the grade.

mod growth;
mod kinds;
mod level;
mod limits;
mod rank;
mod relative;
mod totals;
mod unnumbered;
mod yearly;

pub(super) use growth::bound_need_words;

use serde::Serialize;

use crate::model::numfmt::{decisive, fixed, plain, year_span};
use crate::plan::{Direction, EPS, Milestone, QuotaTotal, Target, Thresholds, Verdict, YearTarget};

use crate::model::vocabulary::{EvaluationKind, Grade, GradeWords, Outlook};

/// One year's figure of an indicator, as the grading and the tables need it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    /// The threshold of the year's own target (a superior's quota, or the
    /// government's yearly target): the figure the year must reach.
    pub quota: Option<f64>,
    /// The year's target as the row writes it, when it is more than a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<YearTarget>,
    /// 预计: an estimate written before the statistics are published.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
    /// Unit-assessed targets: the lead unit's verdict (`value` is its code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

impl Point {
    pub fn new(year: i32, value: f64) -> Point {
        Point {
            year,
            value,
            ..Point::default()
        }
    }
}

/// The plan period, the year being evaluated and the kind of evaluation.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub base: i32,
    pub target: i32,
    pub year: i32,
    pub kind: EvaluationKind,
    /// The words grades and schedules are written in.
    pub words: GradeWords,
}

impl Period {
    fn length(&self) -> f64 {
        f64::from(self.target - self.base)
    }

    fn is_final(&self) -> bool {
        self.kind.is_final()
    }
}

/// What grading found for an indicator: the grade and every number behind it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Assessment {
    #[serde(rename = "grade_key")]
    pub grade: Grade,
    /// The grade rests on an estimated (预计) figure: a final reads 预计完成.
    pub estimated: bool,
    /// Final evaluation on a reading older than the target year (初步).
    pub preliminary: bool,
    /// Year of the reading used (may be older than the evaluated year).
    pub reading_year: Option<i32>,
    pub value: Option<f64>,
    /// Decimals that print `value` so that its comparison with the figure it
    /// is judged against stays visible (31.96 against 32, not 32.0).
    pub value_digits: usize,
    /// The value expected on schedule in the reading's year (level kinds), the
    /// yearly target rate (growth), the limit (floor/ceiling), the year's quota.
    pub expected: Option<f64>,
    /// Growth kinds: realised average yearly rate, in %.
    pub realised_rate: Option<f64>,
    /// Decimals that print `realised_rate` so its comparison with the target shows.
    pub realised_digits: usize,
    /// Growth kinds: yearly rate still needed in the remaining years, in %,
    /// to reach the target itself (X, not X − τ).
    pub needed_rate: Option<f64>,
    /// Growth kinds with τ (6%左右): the yearly rate still needed to reach the
    /// bound X − τ the outlook is judged by; the report prints both.
    pub needed_rate_bound: Option<f64>,
    /// R: progress against the schedule (1 = exactly on schedule; in a final
    /// evaluation, against the target itself).
    pub progress_ratio: Option<f64>,
    /// Level kinds: share of the distance from base to target covered.
    pub progress_share: Option<f64>,
    /// Level kinds: value projected to the target year at the average pace.
    pub projected: Option<f64>,
    /// Cumulative kinds (and quotas with a plan-period total): the figure so
    /// far, what a straight-line schedule asks by now, and the yearly figure
    /// still needed to reach the total.
    pub cumulative: Option<f64>,
    pub cumulative_expected: Option<f64>,
    pub cumulative_needed: Option<f64>,
    /// Years missed (floor, ceiling, band, quota).
    pub missed_years: Vec<i32>,
    /// Years of the period up to the reading without a figure.
    pub gap_years: Vec<i32>,
    /// Years of the period with a figure.
    pub observed_years: usize,
    /// A two-part target's level part (总量力争突破3000亿元), graded on its own.
    pub level_part: Option<Box<Assessment>>,
    /// A two-part target: which part falls short ("growth", "level" or
    /// "both"); `None` when neither does or the target has one part.
    pub lagging_part: Option<String>,
    /// The latest reading lies beyond the target's far end: above the upper
    /// end of a band or of a two-sided yearly target (a range, or a figure
    /// with τ), or above a ceiling; mirrored for a lower-is-better band or
    /// two-sided yearly target (below the lower end). The miss is an
    /// overshoot, never a shortfall: no 低于, no 差距.
    pub beyond_upper: bool,
    /// Quotas whose readings are the years' changes (a verb: 下降2.1%) or
    /// that have a plan-period total: the period's result so far, the years'
    /// figures accumulated (1 − ∏(1 − d_i) for a reduction of a rate, Σ for
    /// amounts), when every year from the plan's first to the reading has a figure.
    pub period_cumulative: Option<f64>,
    /// Quotas: the yearly quotas of the same years accumulated alike, when
    /// every one of them is given.
    pub period_cumulative_quota: Option<f64>,
    pub outlook: Outlook,
    /// The figures behind the grade, in Chinese, without the grade word.
    pub reason: String,
}

/// The second part of a two-part target: the level of the indicator's level
/// series to reach in the target year.
#[derive(Debug, Clone, Copy)]
pub struct LevelPart<'a> {
    pub target: f64,
    pub base: f64,
    pub unit: &'a str,
    /// The level series, oldest first.
    pub points: &'a [Point],
}

/// What an indicator aims at, and how its figures are printed in reasons.
#[derive(Debug, Clone, Copy)]
pub struct Goal<'a> {
    pub target: &'a Target,
    pub direction: Direction,
    /// 大于 / 小于: equality does not meet the target.
    pub strict: bool,
    pub unit: &'a str,
    pub digits: usize,
    pub level: Option<LevelPart<'a>>,
    /// The verb a reading of change is written with (下降, 减少): "2024年下降2.1%".
    pub verb: Option<&'a str>,
    /// Relative targets: the reference's figures, oldest first.
    pub reference: &'a [Point],
    /// Level targets: figures to reach by years inside the plan.
    pub milestones: &'a [Milestone],
}

/// How figures of one indicator are written in its reason.
struct Words<'a> {
    unit: &'a str,
    digits: usize,
    verb: Option<&'a str>,
    /// The years whose figure is an estimate: "预计2030年为…".
    estimated: &'a [i32],
}

impl Words<'_> {
    /// "2024年为3.4%", or with a verb of change "2024年下降2.1%"; an
    /// estimated year is "预计2030年为…".
    fn is(&self, year: i32, figure: &str) -> String {
        let year = self.year(year);
        match self.verb {
            Some(verb) => format!("{year}{verb}{figure}"),
            None => format!("{year}为{figure}"),
        }
    }

    /// "2024年", or "预计2030年" for an estimated figure.
    fn year(&self, year: i32) -> String {
        if self.estimated.contains(&year) {
            format!("预计{year}年")
        } else {
            format!("{year}年")
        }
    }

    /// "2026—2030年" before what the years did, "2026—2030年预计" when the last
    /// year's figure is an estimate (the total or average is then one too); one
    /// year is [`Words::year`].
    fn span(&self, from: i32, to: i32) -> String {
        if from == to {
            self.year(to)
        } else if self.estimated.contains(&to) {
            format!("{}预计", year_span(from, to))
        } else {
            year_span(from, to)
        }
    }

    /// A figure with its unit, at the indicator's decimals.
    fn f(&self, v: f64) -> String {
        format!("{}{}", fixed(v, self.digits), self.unit)
    }

    /// A figure judged against `limit`, with the decimals the decision needs.
    fn d(&self, v: f64, limit: f64) -> String {
        format!("{}{}", decisive(v, limit, self.digits), self.unit)
    }

    /// A target figure as the plan writes it.
    fn p(&self, v: f64) -> String {
        format!("{}{}", plain(v), self.unit)
    }
}

/// Grades `points` (readings up to the evaluated year, oldest first; those
/// of the base year and before are ignored) against the goal.
pub fn assess(goal: Goal, points: &[Point], period: Period, thresholds: &Thresholds) -> Assessment {
    let all_points = points;
    let points: Vec<Point> = in_period(points, period);
    let Some(latest) = points.last().copied() else {
        return no_data(period);
    };
    let mut a = Assessment {
        reading_year: Some(latest.year),
        value: Some(latest.value),
        value_digits: goal.digits,
        observed_years: points.len(),
        gap_years: (period.base + 1..latest.year)
            .filter(|y| !points.iter().any(|p| p.year == *y))
            .collect(),
        preliminary: period.is_final() && latest.year < period.target,
        outlook: if period.is_final() {
            Outlook::Closed
        } else {
            Outlook::Unknown
        },
        ..Assessment::default()
    };
    let estimated: Vec<i32> = points
        .iter()
        .chain(goal.reference)
        .filter(|p| p.estimated)
        .map(|p| p.year)
        .collect();
    let words = Words {
        unit: goal.unit,
        digits: goal.digits,
        verb: goal.verb,
        estimated: &estimated,
    };
    let grading = Grading {
        period,
        thresholds,
        points: &points,
        words: &words,
        base_point: base_point(all_points, period),
        milestones: goal.milestones,
    };
    grading.by_kind(&mut a, goal);
    a.estimated = period.is_final() && !estimated.is_empty() && a.grade != Grade::NoData;
    a
}

/// The reading of the base year among `points`, where they give one.
fn base_point(points: &[Point], period: Period) -> Option<Point> {
    points.iter().rev().find(|p| p.year == period.base).copied()
}

/// The readings after the base year up to the evaluated year.
fn in_period(points: &[Point], period: Period) -> Vec<Point> {
    points
        .iter()
        .copied()
        .filter(|p| p.year > period.base && p.year <= period.year)
        .collect()
}

fn no_data(period: Period) -> Assessment {
    let first = period.base + 1;
    let reason = if period.year == first {
        format!("尚无{first}年数据（{first}年数据发布后纳入评价）")
    } else {
        format!("{first}年以来无数据，无法评价")
    };
    Assessment {
        grade: Grade::NoData,
        outlook: if period.is_final() {
            Outlook::Closed
        } else {
            Outlook::Unknown
        },
        reason,
        ..Assessment::default()
    }
}

/// "（2022年数据缺失，按其余3年测算）", or nothing without gaps.
fn gap_note(a: &Assessment) -> String {
    if a.gap_years.is_empty() {
        return String::new();
    }
    let years: Vec<String> = a.gap_years.iter().map(|y| format!("{y}年")).collect();
    format!(
        "（{}数据缺失，按其余{}年测算）",
        years.join("、"),
        a.observed_years
    )
}

struct Grading<'a> {
    period: Period,
    thresholds: &'a Thresholds,
    points: &'a [Point],
    words: &'a Words<'a>,
    /// The base year's reading, where the readings give one.
    base_point: Option<Point>,
    /// Milestones of a level target, in year order.
    milestones: &'a [Milestone],
}

impl Grading<'_> {
    fn latest(&self) -> Point {
        *self.points.last().expect("caller checked")
    }

    fn ratio_grade(&self, ratio: f64) -> Grade {
        let t = self.thresholds;
        if ratio.is_nan() {
            Grade::FarBehind
        } else if ratio >= t.ahead {
            Grade::Ahead
        } else if ratio >= t.on_track {
            Grade::OnTrack
        } else if ratio >= t.behind {
            Grade::Behind
        } else {
            Grade::FarBehind
        }
    }

    /// The years after the reading to the target year, for "still needed".
    fn rest(&self, latest: i32) -> (String, i32) {
        let remaining = self.period.target - latest;
        (year_span(latest + 1, self.period.target), remaining)
    }
    /// "；2022年亦超出目标范围": the missed years before the latest, stated.
    fn earlier_misses(&self, a: &Assessment, latest: i32, what: &str) -> String {
        let earlier: Vec<String> = a
            .missed_years
            .iter()
            .filter(|&&y| y != latest)
            .map(|y| format!("{y}年"))
            .collect();
        if earlier.is_empty() {
            String::new()
        } else {
            format!("；{}{what}", earlier.join("、"))
        }
    }
}

/// The final grade of a requirement kept year by year: met in the target
/// year and every year → 完成; met in the target year only → 基本完成.
fn kept(latest: bool, every_year: bool) -> Grade {
    match (latest, every_year) {
        (true, true) => Grade::Completed,
        (true, false) => Grade::BasicallyCompleted,
        (false, _) => Grade::NotCompleted,
    }
}

/// A share of the way from base to target as a whole percent ("80%"), with
/// one decimal where rounding would claim 100% of a distance not covered.
fn share_percent(share: f64) -> String {
    let whole = fixed(share * 100.0, 0);
    if share < 1.0 && whole == "100" {
        format!("{}%", fixed(share * 100.0, 1))
    } else {
        format!("{whole}%")
    }
}
