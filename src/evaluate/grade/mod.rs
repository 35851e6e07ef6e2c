//! Grading one indicator against its schedule, per target kind and kind of
//! evaluation, exactly as `methodology.md` states it. Pure arithmetic: no
//! I/O, no clock. Every reason names the figures that decide the grade.

mod growth;
mod limits;
mod totals;

use serde::Serialize;

use crate::model::numfmt::{decisive, fixed, plain, year_span};
use crate::plan::{Direction, EPS, Target, Thresholds};

use crate::model::vocabulary::{EvaluationKind, Grade, GradeWords, Outlook};

/// One year's figure of an indicator, as the grading needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    pub quota: Option<f64>,
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
    /// Growth kinds: yearly rate still needed in the remaining years, in %.
    pub needed_rate: Option<f64>,
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
}

/// How figures of one indicator are written in its reason.
struct Words<'a> {
    unit: &'a str,
    digits: usize,
    verb: Option<&'a str>,
}

impl Words<'_> {
    /// "2024年为3.4%", or with a verb of change "2024年下降2.1%".
    fn is(&self, year: i32, figure: &str) -> String {
        match self.verb {
            Some(verb) => format!("{year}年{verb}{figure}"),
            None => format!("{year}年为{figure}"),
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
    let words = Words {
        unit: goal.unit,
        digits: goal.digits,
        verb: goal.verb,
    };
    let (direction, strict) = (goal.direction, goal.strict);
    let grading = Grading {
        period,
        thresholds,
        points: &points,
        words: &words,
    };
    match *goal.target {
        Target::Growth { rate } => {
            grading.growth(&mut a, rate, strict);
            if let Some(level) = goal.level {
                grading.level_part(&mut a, level);
            }
        }
        Target::Level { target, base } => {
            if (target - base).abs() < EPS || direction.satisfies(base, target, strict) {
                // Nothing to cover from base to target: the target is a limit to keep.
                grading.limit(&mut a, target, direction, strict);
            } else {
                grading.level(&mut a, target, base, direction, strict);
            }
        }
        Target::Floor { limit, base } | Target::Ceiling { limit, base } => {
            match base.filter(|&b| !direction.satisfies(b, limit, strict)) {
                Some(base) => grading.wrong_side_limit(&mut a, limit, base, direction, strict),
                None => grading.limit(&mut a, limit, direction, strict),
            }
        }
        Target::Band { min, max, centre } => grading.band(&mut a, min, max, centre),
        Target::Cumulative { total, accumulate } => {
            grading.cumulative(&mut a, total, accumulate, true);
        }
        Target::Quota {
            cumulative,
            accumulate,
        } => grading.quota(&mut a, cumulative, accumulate, direction),
    }
    a
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

    /// Final grade of a target measured by a ratio to it (R ≥ 1 met).
    fn final_grade(&self, met: bool, ratio: Option<f64>) -> Grade {
        let t = self.thresholds;
        match ratio {
            _ if !met => match ratio {
                Some(r) if r >= t.on_track => Grade::BasicallyCompleted,
                _ => Grade::NotCompleted,
            },
            Some(r) if r >= t.ahead => Grade::Exceeded,
            _ => Grade::Completed,
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

/// How a figure stands to a floor or ceiling, in the words a reader expects:
/// 保持在60%以上, 控制在3.8%以内, 低于60%的下限, 超过3.8%的上限.
fn limit_words(direction: Direction, strict: bool, ok: bool, limit: &str) -> String {
    match (direction, strict, ok) {
        (Direction::Higher, false, true) => format!("保持在{limit}以上"),
        (Direction::Higher, true, true) => format!("高于{limit}"),
        (Direction::Higher, false, false) => format!("低于{limit}的下限"),
        (Direction::Higher, true, false) => format!("未高于{limit}的下限"),
        (Direction::Lower, false, true) => format!("控制在{limit}以内"),
        (Direction::Lower, true, true) => format!("低于{limit}"),
        (Direction::Lower, false, false) => format!("超过{limit}的上限"),
        (Direction::Lower, true, false) => format!("未低于{limit}的上限"),
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

fn least_squares_slope(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    sxy / sxx
}
