//! Grading one indicator against its schedule, per target kind and kind of
//! evaluation, exactly as `methodology.md` states it. Pure arithmetic: no
//! I/O, no clock. Every reason names the figures that decide the grade.

use serde::Serialize;

use crate::model::numfmt::{decisive, decisive_digits, fixed, plain, year_span};
use crate::plan::{Accumulate, Direction, EPS, Target, Thresholds};

use crate::model::vocabulary::{EvaluationKind, Grade, Outlook};

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

    fn growth(&self, a: &mut Assessment, rate: f64, strict: bool) {
        let latest = self.latest();
        let observed: f64 = self.points.iter().map(|p| 1.0 + p.value / 100.0).product();
        let n_obs = self.points.len() as f64;
        let realised = (observed.powf(1.0 / n_obs) - 1.0) * 100.0;
        let goal = (1.0 + rate / 100.0).powf(self.period.length());
        a.expected = Some(rate);
        a.realised_rate = Some(realised);
        a.progress_ratio = (rate.abs() > EPS).then(|| realised / rate);
        let met = if strict {
            realised > rate + EPS
        } else {
            realised >= rate - EPS
        };
        // One rate is a year's growth, not an average.
        let single = self.points.len() == 1 && a.gap_years.is_empty();
        let span = year_span(self.period.base + 1, latest.year);
        let average = if single { "增长" } else { "年均增长" };
        let shown = decisive(realised, rate, 1);
        let measured = format!("{span}{average}{shown}%{}", gap_note(a));
        let target_words = format!(
            "年均增长{}{}%",
            if strict { "大于" } else { "" },
            plain(rate)
        );
        a.realised_digits = decisive_digits(realised, rate, 1);
        if self.period.is_final() {
            a.grade = self.final_grade(met, a.progress_ratio);
            let gap = realised - rate;
            a.reason = if gap.abs() < EPS {
                format!("{measured}，与{target_words}的目标持平")
            } else {
                format!(
                    "{measured}，{}{target_words}的目标{}个百分点",
                    if gap > 0.0 { "高于" } else { "低于" },
                    decisive(gap.abs(), 0.0, 1)
                )
            };
            return;
        }
        // Early achievement is judged on the years that have a figure only:
        // a missing year is never taken to have grown.
        let reached = if strict {
            observed > goal + EPS
        } else {
            observed >= goal - EPS
        };
        if reached {
            a.grade = Grade::AchievedEarly;
            a.outlook = Outlook::Achieved;
            a.reason = format!(
                "{measured}，累计增长{}%，已达到规划期{target_words}的累计要求",
                fixed((observed - 1.0) * 100.0, 1)
            );
            return;
        }
        a.grade = match a.progress_ratio {
            Some(ratio) => self.ratio_grade(ratio),
            None => Grade::FarBehind,
        };
        let (rest, remaining) = self.rest(latest.year);
        if remaining <= 0 {
            a.outlook = Outlook::Missed;
            a.reason = format!("{measured}，低于{target_words}的目标，规划目标未能实现");
            return;
        }
        // A missing year is taken to have grown at the realised average, and said so.
        let filled = observed * (1.0 + realised / 100.0).powi(a.gap_years.len() as i32);
        let need = ((goal / filled).powf(1.0 / f64::from(remaining)) - 1.0) * 100.0;
        a.needed_rate = Some(need);
        a.outlook = if need <= realised + EPS {
            Outlook::Likely
        } else if need > 1.5 * rate {
            Outlook::VeryHard
        } else if need > latest.value {
            Outlook::Hard
        } else {
            Outlook::Possible
        };
        let verb = if remaining == 1 {
            "需增长"
        } else {
            "需年均增长"
        };
        let assumed = if a.gap_years.is_empty() {
            ""
        } else {
            "（缺失年份按已实现增速计）"
        };
        let gap = realised - rate;
        let versus = if gap.abs() < EPS {
            "与目标持平".to_string()
        } else {
            format!(
                "{}目标{}个百分点",
                if gap > 0.0 { "高于" } else { "低于" },
                decisive(gap.abs(), 0.0, 1)
            )
        };
        a.reason = format!(
            "{measured}，{versus}；要实现{target_words}的目标，{rest}{verb}{}%{assumed}",
            fixed(need, 1)
        );
    }

    /// The level part of a two-part growth target, graded as a level from
    /// the base-year level; the indicator takes the worse grade.
    fn level_part(&self, a: &mut Assessment, part: LevelPart) {
        let points = in_period(part.points, self.period);
        let words = Words {
            unit: part.unit,
            digits: if part.target >= 1000.0 { 0 } else { 1 },
            verb: None,
        };
        let mut level = match points.last() {
            None => Assessment {
                grade: Grade::NoData,
                reason: "总量无数据".to_string(),
                ..Assessment::default()
            },
            Some(latest) => {
                let mut level = Assessment {
                    reading_year: Some(latest.year),
                    value: Some(latest.value),
                    value_digits: words.digits,
                    observed_years: points.len(),
                    preliminary: self.period.is_final() && latest.year < self.period.target,
                    ..Assessment::default()
                };
                Grading {
                    points: &points,
                    words: &words,
                    ..*self
                }
                .level(
                    &mut level,
                    part.target,
                    part.base,
                    Direction::Higher,
                    false,
                );
                level
            }
        };
        level.reason = format!("总量{}", level.reason);
        a.reason = format!("{}；{}", a.reason, level.reason);
        a.grade = a.grade.worse(level.grade);
        if self.period.is_final() {
            a.outlook = Outlook::Closed;
        } else if level.grade != Grade::NoData && level.outlook.doubt() > a.outlook.doubt() {
            // The indicator is as likely to be met as its harder part.
            a.outlook = level.outlook;
        }
        level.outlook = a.outlook;
        a.level_part = Some(Box::new(level));
    }

    fn level(
        &self,
        a: &mut Assessment,
        target: f64,
        base: f64,
        direction: Direction,
        strict: bool,
    ) {
        let w = self.words;
        let latest = self.latest();
        let elapsed = f64::from(latest.year - self.period.base);
        let share = elapsed / self.period.length();
        let expected = base + (target - base) * share;
        let progress = (latest.value - base) / (target - base);
        a.expected = Some(expected);
        a.progress_share = Some(progress);
        let verb = match direction {
            Direction::Higher => "达到",
            Direction::Lower => "降至",
        };
        let reached = direction.satisfies(latest.value, target, strict);
        if self.period.is_final() {
            a.progress_ratio = Some(progress);
            a.grade = self.final_grade(reached, Some(progress));
            a.value_digits = decisive_digits(latest.value, target, w.digits);
            let value = w.d(latest.value, target);
            a.reason = if reached {
                format!(
                    "{}，实现{verb}{}的目标",
                    w.is(latest.year, &value),
                    w.p(target)
                )
            } else {
                format!(
                    "{}，未{verb}{}的目标，完成规划期{}幅度的{}",
                    w.is(latest.year, &value),
                    w.p(target),
                    direction.change_noun(),
                    share_percent(progress)
                )
            };
            return;
        }
        a.progress_ratio = Some(progress / share);
        let pace = (latest.value - base) / elapsed;
        let (_, remaining) = self.rest(latest.year);
        a.projected = Some(latest.value + pace * f64::from(remaining));
        if reached {
            a.grade = Grade::AchievedEarly;
            a.outlook = Outlook::Achieved;
            a.value_digits = decisive_digits(latest.value, target, w.digits);
            a.reason = format!(
                "{}，已{verb}{}的目标",
                w.is(latest.year, &w.d(latest.value, target)),
                w.p(target)
            );
            return;
        }
        a.grade = self.ratio_grade(progress / share);
        a.value_digits = decisive_digits(latest.value, expected, w.digits);
        if remaining <= 0 {
            a.outlook = Outlook::Missed;
            a.reason = format!(
                "{}，未{verb}{}的目标",
                w.is(latest.year, &w.d(latest.value, target)),
                w.p(target)
            );
            return;
        }
        let needed = direction.gain(latest.value, target) / f64::from(remaining);
        let mut gains = vec![direction.gain(0.0, pace)];
        // With four or more figures (base included) the fitted trend is a second opinion.
        let mut xs = vec![f64::from(self.period.base)];
        let mut ys = vec![base];
        for p in self.points {
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
            "{}，按序时进度应{verb}{}，已完成规划期{}幅度的{}；按{}年以来的平均进度，{}年可{verb}{}，目标为{}",
            w.is(latest.year, &w.d(latest.value, expected)),
            w.f(expected),
            direction.change_noun(),
            share_percent(progress),
            self.period.base,
            self.period.target,
            w.f(a.projected.unwrap_or(latest.value)),
            w.p(target)
        );
    }

    /// A floor or ceiling whose base year was on the wrong side: a level to
    /// reach until the first year the limit is met, a limit from then on.
    fn wrong_side_limit(
        &self,
        a: &mut Assessment,
        limit: f64,
        base: f64,
        direction: Direction,
        strict: bool,
    ) {
        let w = self.words;
        let first_met = self
            .points
            .iter()
            .position(|p| direction.satisfies(p.value, limit, strict));
        let (verb, within) = match direction {
            Direction::Higher => ("提高至", "以上"),
            Direction::Lower => ("降至", "以内"),
        };
        let path = format!("由{}年的{}", self.period.base, w.f(base));
        match first_met {
            None => {
                self.level(a, limit, base, direction, strict);
                let latest = self.latest();
                let moved = if (latest.value - base).abs() < EPS {
                    "持平于"
                } else if latest.value < base {
                    "降至"
                } else {
                    "升至"
                };
                let value = w.d(latest.value, limit);
                a.reason = if self.period.is_final() {
                    format!(
                        "{path}{moved}{}年的{value}，未{verb}{}{within}，完成规划期{}幅度的{}",
                        latest.year,
                        w.p(limit),
                        direction.change_noun(),
                        share_percent(a.progress_share.unwrap_or(0.0))
                    )
                } else {
                    format!(
                        "{path}{moved}{}年的{value}，按序时进度应{verb}{}，尚未{verb}{}{within}",
                        latest.year,
                        w.f(a.expected.unwrap_or(limit)),
                        w.p(limit)
                    )
                };
            }
            Some(i) => {
                let since = &self.points[i..];
                let first_year = since[0].year;
                Grading {
                    points: since,
                    ..*self
                }
                .limit(a, limit, direction, strict);
                a.reason = format!(
                    "{path}起步，{first_year}年{verb}{}（{}{within}）；{}",
                    w.d(since[0].value, limit),
                    w.p(limit),
                    a.reason
                );
            }
        }
    }

    fn limit(&self, a: &mut Assessment, limit: f64, direction: Direction, strict: bool) {
        let w = self.words;
        let latest = self.latest();
        let previous = self.points.iter().rev().nth(1).copied();
        a.expected = Some(limit);
        a.missed_years = self
            .points
            .iter()
            .filter(|p| !direction.satisfies(p.value, limit, strict))
            .map(|p| p.year)
            .collect();
        let ok = direction.satisfies(latest.value, limit, strict);
        let change = previous.map(|p| direction.gain(p.value, latest.value));
        a.value_digits = decisive_digits(latest.value, limit, w.digits);
        let measured = format!(
            "{}，{}",
            w.is(latest.year, &w.d(latest.value, limit)),
            limit_words(direction, strict, ok, &w.p(limit))
        );
        let earlier = self.earlier_misses(a, latest.year, "超出目标范围");
        if self.period.is_final() {
            a.grade = kept(ok, a.missed_years.is_empty());
            a.reason = if ok && a.missed_years.is_empty() {
                format!("{measured}，规划期内各年均达到要求")
            } else {
                format!("{measured}{earlier}")
            };
            return;
        }
        if ok {
            a.grade = Grade::OnTrack;
            let worsening = change.is_some_and(|c| c < -EPS);
            a.outlook = if worsening {
                Outlook::Possible
            } else {
                Outlook::Likely
            };
            a.reason = format!(
                "{measured}{}{earlier}",
                if worsening {
                    "，但较上年有所回落"
                } else {
                    ""
                }
            );
        } else {
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
            a.reason = format!("{measured}{earlier}");
        }
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

    fn band(&self, a: &mut Assessment, min: f64, max: f64, centre: Option<f64>) {
        let w = self.words;
        let latest = self.latest();
        let inside = |v: f64| v >= min - EPS && v <= max + EPS;
        let distance = |v: f64| (min - v).max(v - max).max(0.0);
        a.expected = centre;
        a.missed_years = self
            .points
            .iter()
            .filter(|p| !inside(p.value))
            .map(|p| p.year)
            .collect();
        let band = match centre {
            Some(c) => format!("{}左右（{}～{}）", w.p(c), plain(min), w.p(max)),
            None => format!("{}～{}", plain(min), w.p(max)),
        };
        let ok = inside(latest.value);
        let nearest = if latest.value < min { min } else { max };
        a.value_digits = decisive_digits(latest.value, nearest, w.digits);
        let value = w.d(latest.value, nearest);
        let measured = if ok {
            format!("{}年为{value}，保持在目标区间{band}内", latest.year)
        } else if latest.value < min {
            format!("{}年为{value}，低于目标区间{band}的下限", latest.year)
        } else {
            format!("{}年为{value}，高于目标区间{band}的上限", latest.year)
        };
        let earlier = self.earlier_misses(a, latest.year, "超出目标区间");
        a.reason = format!("{measured}{earlier}");
        if self.period.is_final() {
            a.grade = kept(ok, a.missed_years.is_empty());
            return;
        }
        let previous = self.points.iter().rev().nth(1).copied();
        if ok {
            a.grade = Grade::OnTrack;
            a.outlook = Outlook::Likely;
        } else {
            let moving_away =
                previous.is_some_and(|p| distance(latest.value) > distance(p.value) + EPS);
            let previous_out = previous.is_some_and(|p| !inside(p.value));
            a.grade = if previous_out || moving_away {
                Grade::FarBehind
            } else {
                Grade::Behind
            };
            a.outlook = if moving_away {
                Outlook::VeryHard
            } else {
                Outlook::Hard
            };
        }
    }

    /// A total for the period built up from yearly figures; `own` is false
    /// when it is the cumulative part of a quota (the reason is appended).
    fn cumulative(
        &self,
        a: &mut Assessment,
        total: f64,
        accumulate: Accumulate,
        own: bool,
    ) -> Grade {
        let w = self.words;
        let latest = self.latest();
        let so_far = accumulate.total(self.points.iter().map(|p| p.value));
        let elapsed = f64::from(latest.year - self.period.base);
        let schedule = total * elapsed / self.period.length();
        let ratio = so_far / schedule;
        a.cumulative = Some(so_far);
        a.cumulative_expected = Some(schedule);
        let (rest, remaining) = self.rest(latest.year);
        let verb = accumulate.verb();
        let span = year_span(self.period.base + 1, latest.year);
        let unit = w.unit;
        let digits = w.digits;
        let reached = so_far >= total - EPS;
        let done = format!(
            "{span}{verb}{}{unit}{}",
            decisive(so_far, total, digits),
            gap_note(a)
        );
        let goal = format!("规划期目标{verb}{}{unit}", plain(total));
        if own {
            a.value_digits = digits;
            a.expected = Some(schedule);
        }
        let grade = if self.period.is_final() {
            let grade = self.final_grade(reached, Some(so_far / total));
            a.progress_ratio = Some(so_far / total);
            a.reason = format!(
                "{done}，{goal}，完成目标的{}%",
                fixed(so_far / total * 100.0, 1)
            );
            grade
        } else if reached {
            a.progress_ratio = Some(ratio);
            a.reason = format!("{done}，已提前实现{goal}");
            if own {
                a.outlook = Outlook::Achieved;
            }
            Grade::AchievedEarly
        } else {
            a.progress_ratio = Some(ratio);
            let done = format!(
                "{span}{verb}{}{unit}{}",
                decisive(so_far, schedule, digits),
                gap_note(a)
            );
            let mut reason = format!(
                "{done}，按序时进度应{verb}{}{unit}（{goal}）",
                fixed(schedule, digits.max(1))
            );
            if remaining > 0 {
                let need = accumulate.needed(so_far, total, remaining);
                a.cumulative_needed = Some(need);
                let per_year = accumulate.needed(0.0, so_far, self.points.len() as i32);
                let each = if remaining == 1 { "" } else { "年均" };
                let act = accumulate.act();
                reason.push_str(&format!(
                    "；{rest}需{each}{act}{}{unit}",
                    fixed(need, digits.max(1))
                ));
                if own {
                    a.outlook = if need <= per_year + EPS {
                        Outlook::Likely
                    } else if need <= latest.value + EPS {
                        Outlook::Possible
                    } else if need > 1.5 * per_year.max(EPS) {
                        Outlook::VeryHard
                    } else {
                        Outlook::Hard
                    };
                }
            } else if own {
                a.outlook = Outlook::Missed;
            }
            a.reason = reason;
            self.ratio_grade(ratio)
        };
        if own {
            a.grade = grade;
        }
        grade
    }

    fn quota(
        &self,
        a: &mut Assessment,
        cumulative: Option<f64>,
        accumulate: Accumulate,
        direction: Direction,
    ) {
        let w = self.words;
        let latest = self.latest();
        let met = |p: &Point| {
            p.quota
                .is_none_or(|q| direction.satisfies(p.value, q, false))
        };
        a.expected = latest.quota;
        a.missed_years = self
            .points
            .iter()
            .filter(|p| !met(p))
            .map(|p| p.year)
            .collect();
        let latest_met = met(&latest);
        let previous_met = self.points.iter().rev().nth(1).is_none_or(met);
        let quota_text = match latest.quota {
            Some(q) => {
                a.value_digits = decisive_digits(latest.value, q, w.digits);
                format!("{}{}", fixed(q, w.digits), w.unit)
            }
            None => "（未填）".to_string(),
        };
        let value = match latest.quota {
            Some(q) => w.d(latest.value, q),
            None => w.f(latest.value),
        };
        let mut reason = format!(
            "{}，{}上级下达的{}{quota_text}年度目标",
            w.is(latest.year, &value),
            if latest_met { "完成" } else { "未完成" },
            w.verb.unwrap_or("")
        );
        let also = if latest_met { "" } else { "亦" };
        reason.push_str(&self.earlier_misses(a, latest.year, &format!("{also}未完成下达目标")));
        let yearly = if self.period.is_final() {
            kept(latest_met, a.missed_years.is_empty())
        } else {
            // The latest year decides; earlier misses are stated, not held against it.
            match (latest_met, previous_met) {
                (true, _) => Grade::OnTrack,
                (false, true) => Grade::Behind,
                (false, false) => Grade::FarBehind,
            }
        };
        if !self.period.is_final() {
            a.outlook = match (latest_met, previous_met) {
                (true, _) => Outlook::Likely,
                (false, true) => Outlook::Hard,
                (false, false) => Outlook::VeryHard,
            };
        }
        a.grade = yearly;
        if let Some(total) = cumulative {
            let mut part = a.clone();
            let by_total = self.cumulative(&mut part, total, accumulate, false);
            a.cumulative = part.cumulative;
            a.cumulative_expected = part.cumulative_expected;
            a.cumulative_needed = part.cumulative_needed;
            a.progress_ratio = part.progress_ratio;
            reason.push_str(&format!("；{}", part.reason));
            a.grade = if self.period.is_final() {
                // A plan-period quota is what the period is judged by.
                by_total
            } else {
                yearly.worse(by_total)
            };
            if !self.period.is_final() && by_total.is_lagging() && !yearly.is_lagging() {
                a.outlook = Outlook::Hard;
            }
        }
        a.reason = reason;
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
