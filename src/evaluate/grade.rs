//! Grading one indicator against its schedule, per target kind, exactly as
//! `methodology.md` states it. Pure arithmetic: no I/O, no clock.

use serde::Serialize;

use crate::numfmt::{fixed, year_span};
use crate::plan::{Direction, EPS, Target, Thresholds};

use super::{Grade, Outlook};

/// One year's figure of an indicator, as the grading needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    pub quota: Option<f64>,
}

/// The plan period and the year being evaluated.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub base: i32,
    pub target: i32,
    pub year: i32,
}

impl Period {
    fn length(&self) -> f64 {
        f64::from(self.target - self.base)
    }
}

/// What grading found for an indicator: the grade and every number behind it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Assessment {
    pub grade: Grade,
    /// Year of the reading used (may be older than the evaluated year).
    pub reading_year: Option<i32>,
    pub value: Option<f64>,
    /// The value expected on schedule in the reading's year (level kinds), the
    /// yearly target rate (growth), the limit (floor/ceiling), the year's quota.
    pub expected: Option<f64>,
    /// Growth kinds: realised average yearly rate, in %.
    pub realised_rate: Option<f64>,
    /// Growth kinds: yearly rate still needed in the remaining years, in %.
    pub needed_rate: Option<f64>,
    /// R: progress against the schedule (1 = exactly on schedule).
    pub progress_ratio: Option<f64>,
    /// Level kinds: share of the distance from base to target covered.
    pub progress_share: Option<f64>,
    /// Level kinds: value projected to the target year at the average pace.
    pub projected: Option<f64>,
    /// Quota kinds with a plan-period total: cumulative reduction so far, in %,
    /// and what a straight-line schedule asks by now.
    pub cumulative: Option<f64>,
    pub cumulative_expected: Option<f64>,
    /// Years missed (floor, ceiling, quota).
    pub missed_years: Vec<i32>,
    /// Years of the period up to the reading without a figure.
    pub gap_years: Vec<i32>,
    pub outlook: Outlook,
    /// Why the outlook is what it is, with the numbers, in Chinese.
    pub reason: String,
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
}

/// Grades `points` (readings after the base year, up to the evaluated year,
/// oldest first) against the goal.
pub fn assess(goal: Goal, points: &[Point], period: Period, thresholds: &Thresholds) -> Assessment {
    let Goal {
        target,
        direction,
        strict,
        unit,
        digits,
    } = goal;
    let points: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p.year > period.base && p.year <= period.year)
        .collect();
    let Some(latest) = points.last().copied() else {
        return Assessment {
            grade: Grade::NoData,
            outlook: Outlook::Unknown,
            reason: format!("{}年以来无数据，无法评价", period.base + 1),
            ..Assessment::default()
        };
    };
    let mut a = Assessment {
        reading_year: Some(latest.year),
        value: Some(latest.value),
        gap_years: (period.base + 1..latest.year)
            .filter(|y| !points.iter().any(|p| p.year == *y))
            .collect(),
        ..Assessment::default()
    };
    let f = |v: f64| format!("{}{unit}", fixed(v, digits));
    match *target {
        Target::Growth { rate } => growth(&mut a, rate, strict, &points, period, thresholds),
        Target::Level { target, base } => {
            if (target - base).abs() < EPS || direction.satisfies(base, target, strict) {
                // Nothing to cover from base to target: the target is a limit to keep.
                limit(&mut a, target, direction, strict, &points, &f);
            } else {
                level(
                    &mut a, target, base, direction, strict, &points, period, thresholds, &f,
                );
            }
        }
        Target::Floor { limit: l, .. } | Target::Ceiling { limit: l, .. } => {
            limit(&mut a, l, direction, strict, &points, &f)
        }
        Target::Quota { cumulative } => {
            quota(&mut a, cumulative, direction, unit, digits, &points, period)
        }
    }
    a
}

fn grade_for_ratio(ratio: f64, t: &Thresholds) -> Grade {
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

fn growth(
    a: &mut Assessment,
    rate: f64,
    strict: bool,
    points: &[Point],
    period: Period,
    thresholds: &Thresholds,
) {
    let latest = *points.last().expect("caller checked");
    let observed: f64 = points.iter().map(|p| 1.0 + p.value / 100.0).product();
    let n_obs = points.len() as f64;
    let realised = observed.powf(1.0 / n_obs) - 1.0;
    // A year without a figure is taken to have grown at the realised average.
    let cumulative = observed * (1.0 + realised).powi(a.gap_years.len() as i32);
    let goal = (1.0 + rate / 100.0).powf(period.length());
    let remaining = period.target - latest.year;
    a.expected = Some(rate);
    a.realised_rate = Some(realised * 100.0);
    a.progress_ratio = (rate.abs() > EPS).then(|| realised * 100.0 / rate);
    let span = year_span(period.base + 1, latest.year);
    let reached = if strict {
        cumulative > goal + EPS
    } else {
        cumulative >= goal - EPS
    };
    if remaining > 0 {
        a.needed_rate = Some(((goal / cumulative).powf(1.0 / f64::from(remaining)) - 1.0) * 100.0);
    }
    let r = realised * 100.0;
    if reached {
        a.grade = Grade::AchievedEarly;
        a.outlook = Outlook::Achieved;
        a.reason = format!(
            "{span}累计增长{}%，已达到规划期年均增长{}%的累计要求",
            fixed((cumulative - 1.0) * 100.0, 1),
            fixed(rate, 1)
        );
        return;
    }
    a.grade = match a.progress_ratio {
        Some(ratio) => grade_for_ratio(ratio, thresholds),
        None => Grade::FarBehind,
    };
    let Some(need) = a.needed_rate else {
        a.outlook = Outlook::Missed;
        a.reason = format!(
            "{span}年均增长{}%，低于年均增长{}%的目标，规划目标未能实现",
            fixed(r, 1),
            fixed(rate, 1)
        );
        return;
    };
    let rest = year_span(latest.year + 1, period.target);
    let rest_verb = if remaining == 1 {
        "需增长"
    } else {
        "需年均增长"
    };
    a.outlook = if need <= r + EPS {
        Outlook::Likely
    } else if need > 1.5 * rate {
        Outlook::VeryHard
    } else if need > latest.value {
        Outlook::Hard
    } else {
        Outlook::Possible
    };
    a.reason = format!(
        "{span}年均增长{}%；要实现年均增长{}%的目标，{rest}{rest_verb}{}%",
        fixed(r, 1),
        fixed(rate, 1),
        fixed(need, 1)
    );
}

#[allow(clippy::too_many_arguments)]
fn level(
    a: &mut Assessment,
    target: f64,
    base: f64,
    direction: Direction,
    strict: bool,
    points: &[Point],
    period: Period,
    thresholds: &Thresholds,
    f: &dyn Fn(f64) -> String,
) {
    let latest = *points.last().expect("caller checked");
    let elapsed = f64::from(latest.year - period.base);
    let share = elapsed / period.length();
    let expected = base + (target - base) * share;
    let progress = (latest.value - base) / (target - base);
    a.expected = Some(expected);
    a.progress_share = Some(progress);
    a.progress_ratio = Some(progress / share);
    let pace = (latest.value - base) / elapsed;
    let remaining = period.target - latest.year;
    a.projected = Some(latest.value + pace * f64::from(remaining));
    if direction.satisfies(latest.value, target, strict) {
        a.grade = Grade::AchievedEarly;
        a.outlook = Outlook::Achieved;
        a.reason = format!("{}年已达到{}，提前实现目标", latest.year, f(latest.value));
        return;
    }
    a.grade = grade_for_ratio(progress / share, thresholds);
    if remaining == 0 {
        a.outlook = Outlook::Missed;
        a.reason = format!(
            "{}年为{}，未达到目标{}",
            latest.year,
            f(latest.value),
            f(target)
        );
        return;
    }
    let needed = direction.gain(latest.value, target) / f64::from(remaining);
    let mut gains = vec![direction.gain(0.0, pace)];
    // With four or more figures (base included) the fitted trend is a second opinion.
    let mut xs = vec![f64::from(period.base)];
    let mut ys = vec![base];
    for p in points {
        xs.push(f64::from(p.year));
        ys.push(p.value);
    }
    if xs.len() >= 4 {
        gains.push(direction.gain(0.0, least_squares_slope(&xs, &ys)));
    }
    let slowest = gains.iter().copied().fold(f64::INFINITY, f64::min);
    let fastest = gains.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    a.outlook = if slowest >= needed - EPS {
        Outlook::Likely
    } else if fastest >= needed - EPS {
        Outlook::Possible
    } else if fastest <= EPS || needed > 2.0 * fastest {
        Outlook::VeryHard
    } else {
        Outlook::Hard
    };
    a.reason = format!(
        "按序时进度{}年应达到{}，实际为{}；按{}年以来平均进度，{}年预计为{}，目标为{}",
        latest.year,
        f(expected),
        f(latest.value),
        period.base,
        period.target,
        f(a.projected.unwrap_or(latest.value)),
        f(target)
    );
}

fn least_squares_slope(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    sxy / sxx
}

fn limit(
    a: &mut Assessment,
    limit: f64,
    direction: Direction,
    strict: bool,
    points: &[Point],
    f: &dyn Fn(f64) -> String,
) {
    let latest = *points.last().expect("caller checked");
    let previous = points.iter().rev().nth(1).copied();
    a.expected = Some(limit);
    a.missed_years = points
        .iter()
        .filter(|p| !direction.satisfies(p.value, limit, strict))
        .map(|p| p.year)
        .collect();
    let ok = direction.satisfies(latest.value, limit, strict);
    let change = previous.map(|p| direction.gain(p.value, latest.value));
    let side = if direction == Direction::Higher {
        "下限"
    } else {
        "上限"
    };
    if ok {
        a.grade = Grade::OnTrack;
        let worsening = change.is_some_and(|c| c < -EPS);
        a.outlook = if worsening {
            Outlook::Possible
        } else {
            Outlook::Likely
        };
        a.reason = format!(
            "{}年为{}，保持在{}{}的目标范围内{}",
            latest.year,
            f(latest.value),
            side,
            f(limit),
            if worsening {
                "，但较上年有所回落"
            } else {
                ""
            }
        );
    } else {
        // Missed two years running: the second miss is also a move further from the limit or a failure to recover.
        let previous_missed =
            previous.is_some_and(|p| !direction.satisfies(p.value, limit, strict));
        a.grade = if previous_missed {
            Grade::FarBehind
        } else {
            Grade::Behind
        };
        a.outlook = if change.is_some_and(|c| c > EPS) {
            Outlook::Hard
        } else {
            Outlook::VeryHard
        };
        a.reason = format!(
            "{}年为{}，未达到{}{}的要求",
            latest.year,
            f(latest.value),
            side,
            f(limit)
        );
    }
}

fn quota(
    a: &mut Assessment,
    cumulative: Option<f64>,
    direction: Direction,
    unit: &str,
    digits: usize,
    points: &[Point],
    period: Period,
) {
    let latest = *points.last().expect("caller checked");
    let met = |p: &Point| {
        p.quota
            .is_none_or(|q| direction.satisfies(p.value, q, false))
    };
    a.expected = latest.quota;
    a.missed_years = points.iter().filter(|p| !met(p)).map(|p| p.year).collect();
    let latest_met = met(&latest);
    let previous_met = points.iter().rev().nth(1).is_none_or(met);
    a.grade = if !latest_met {
        Grade::FarBehind
    } else if !a.missed_years.is_empty() {
        Grade::Behind
    } else {
        Grade::OnTrack
    };
    a.outlook = match (latest_met, previous_met) {
        (true, _) => Outlook::Likely,
        (false, true) => Outlook::Hard,
        (false, false) => Outlook::VeryHard,
    };
    let quota_text = latest
        .quota
        .map(|q| format!("{}{unit}", fixed(q, digits)))
        .unwrap_or_else(|| "（未填）".to_string());
    let mut reason = format!(
        "{}年为{}{unit}，上级下达目标{}，{}",
        latest.year,
        fixed(latest.value, digits),
        quota_text,
        if latest_met { "完成" } else { "未完成" }
    );
    let earlier: Vec<String> = a
        .missed_years
        .iter()
        .filter(|&&y| y != latest.year)
        .map(|y| format!("{y}年"))
        .collect();
    if !earlier.is_empty() {
        let also = if latest_met { "" } else { "亦" };
        reason.push_str(&format!("；{}{also}未完成下达目标", earlier.join("、")));
    }
    if let Some(total) = cumulative {
        let done = (1.0
            - points
                .iter()
                .map(|p| 1.0 - p.value / 100.0)
                .product::<f64>())
            * 100.0;
        let schedule = total * f64::from(latest.year - period.base) / period.length();
        a.cumulative = Some(done);
        a.cumulative_expected = Some(schedule);
        reason.push_str(&format!(
            "；累计完成{}%，按序时进度应完成{}%（规划期目标{}%）",
            fixed(done, 1),
            fixed(schedule, 1),
            fixed(total, 1)
        ));
    }
    a.reason = reason;
}
