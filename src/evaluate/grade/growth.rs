//! Grading growth targets: an average rate over the plan period, and the
//! level a two-part target sets for the target year.

use crate::model::vocabulary::{Grade, Outlook};

use crate::model::numfmt::decisive_digits;

use crate::plan::Milestone;

use super::*;

impl Grading<'_> {
    /// An average yearly rate `rate` (年均下降 when negative: every comparison
    /// is then made on the size of the fall), with the τ of 左右.
    pub(super) fn growth(
        &self,
        a: &mut Assessment,
        rate: f64,
        tolerance: Option<f64>,
        strict: bool,
    ) {
        let latest = self.latest();
        // Comparisons on the size of the change in the target's direction.
        let sign = if rate < 0.0 { -1.0 } else { 1.0 };
        let size = |x: f64| sign * x;
        let tau = tolerance.unwrap_or(0.0);
        let observed: f64 = self.points.iter().map(|p| 1.0 + p.value / 100.0).product();
        let n_obs = self.points.len() as f64;
        let realised = (observed.powf(1.0 / n_obs) - 1.0) * 100.0;
        let goal = (1.0 + rate / 100.0).powf(self.period.length());
        a.expected = Some(rate);
        a.realised_rate = Some(realised);
        a.progress_ratio = (rate.abs() > EPS).then(|| realised / rate);
        let met = if strict && tolerance.is_none() {
            size(realised) > size(rate) + EPS
        } else {
            size(realised) >= size(rate) - tau - EPS
        };
        // One rate is a year's growth, not an average.
        let single = self.points.len() == 1 && a.gap_years.is_empty();
        let span = if single {
            self.words.year(latest.year)
        } else {
            year_span(self.period.base + 1, latest.year)
        };
        let shown = decisive(realised.abs(), (rate - sign * tau).abs(), 1);
        let verb = match (single, realised < 0.0) {
            (true, false) => "增长",
            (true, true) => "下降",
            (false, false) => "年均增长",
            (false, true) => "年均下降",
        };
        let measured = format!("{span}{verb}{shown}%{}", gap_note(a));
        let target_words = growth_target_words(rate, tolerance, strict);
        a.realised_digits = decisive_digits(realised, rate - sign * tau, 1);
        // The final names the target; a year within the plan says 目标. For
        // a fall, 大于/小于 compare the sizes of the fall.
        let final_year = self.period.is_final();
        let versus_size = |gap: f64| {
            let target = if final_year {
                format!("{target_words}的目标")
            } else {
                "目标".to_string()
            };
            let (more, less, what) = if sign > 0.0 {
                ("高于", "低于", "")
            } else {
                ("大于", "小于", "降幅")
            };
            if gap.abs() < EPS {
                format!("与{target}持平")
            } else {
                format!(
                    "{what}{}{target}{}个百分点",
                    if gap > 0.0 { more } else { less },
                    decisive(gap.abs(), 0.0, 1)
                )
            }
        };
        let gap = size(realised) - size(rate);
        if self.period.is_final() {
            let unit = 0.1;
            let t = self.thresholds;
            a.grade = if !met {
                if size(realised) >= t.on_track * (size(rate) - tau) - EPS {
                    Grade::BasicallyCompleted
                } else {
                    Grade::NotCompleted
                }
            } else if tolerance.is_some() {
                if size(realised) > size(rate) + tau + unit + EPS {
                    Grade::Exceeded
                } else {
                    Grade::Completed
                }
            } else if a.progress_ratio.is_some_and(|r| r >= t.ahead) && gap > unit + EPS {
                Grade::Exceeded
            } else {
                Grade::Completed
            };
            a.reason = format!("{measured}，{}", versus_size(gap));
            if let Some(t) = tolerance {
                a.reason.push_str(&bound_words(rate, t));
            }
            return;
        }
        // Early achievement is judged on the years that have a figure only:
        // a missing year is never taken to have grown; never in the first year.
        let reached = self.points.len() > 1 && {
            let beyond = sign * (observed - goal);
            if strict { beyond > EPS } else { beyond >= -EPS }
        };
        if reached {
            a.grade = Grade::AchievedEarly;
            a.outlook = Outlook::Achieved;
            a.reason = format!(
                "{measured}，累计{}{}%，已达到规划期{target_words}的累计要求",
                if observed >= 1.0 { "增长" } else { "下降" },
                fixed((observed - 1.0).abs() * 100.0, 1)
            );
            return;
        }
        a.grade = match a.progress_ratio {
            Some(ratio) => self.ratio_grade(ratio),
            None => Grade::FarBehind,
        };
        if tolerance.is_some() && met && a.grade > Grade::OnTrack {
            // Within 左右 of the target: at least 基本符合预期, never lowered.
            a.grade = Grade::OnTrack;
        }
        let bound = if let Some(t) = tolerance {
            bound_words(rate, t)
        } else {
            String::new()
        };
        let (rest, remaining) = self.rest(latest.year);
        if remaining <= 0 {
            a.outlook = if met {
                Outlook::Achieved
            } else {
                Outlook::Missed
            };
            a.reason = format!("{measured}，{}{bound}", versus_size(gap));
            return;
        }
        // A missing year is taken to have grown at the realised average, and said so.
        let filled = observed * (1.0 + realised / 100.0).powi(a.gap_years.len() as i32);
        let aim = (1.0 + (rate - sign * tau) / 100.0).powf(self.period.length());
        let need = ((aim / filled).powf(1.0 / f64::from(remaining)) - 1.0) * 100.0;
        a.needed_rate = Some(need);
        a.outlook = if size(need) <= size(realised).max(size(latest.value)) + EPS {
            Outlook::Likely
        } else if size(need) <= 1.5 * size(rate) + EPS {
            Outlook::Hard
        } else {
            Outlook::VeryHard
        };
        let each = if remaining == 1 { "需" } else { "需年均" };
        let change = if need < 0.0 { "下降" } else { "增长" };
        let assumed = if a.gap_years.is_empty() {
            ""
        } else {
            "（缺失年份按已实现增速计）"
        };
        a.reason = format!(
            "{measured}，{}{bound}；要实现{target_words}的目标，{rest}{each}{change}{}%{assumed}",
            versus_size(gap),
            fixed(need.abs(), 1)
        );
    }

    /// The level part of a two-part growth target, graded as a level from
    /// the base-year level; the indicator takes the worse grade.
    pub(super) fn level_part(&self, a: &mut Assessment, part: LevelPart) {
        let points = in_period(part.points, self.period);
        let words = Words {
            unit: part.unit,
            digits: if part.target >= 1000.0 { 0 } else { 1 },
            verb: None,
            estimated: self.words.estimated,
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
                    None,
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

    /// A level to reach from `base`; with τ (达到X左右) a year within τ·s of
    /// the schedule is at least 基本符合预期, and the final is met at X − τ.
    pub(super) fn level(
        &self,
        a: &mut Assessment,
        target: f64,
        base: f64,
        tolerance: Option<f64>,
        direction: Direction,
        strict: bool,
    ) {
        let w = self.words;
        let latest = self.latest();
        let elapsed = f64::from(latest.year - self.period.base);
        let share = elapsed / self.period.length();
        // The path runs straight from the base through each milestone to the target.
        let expected = {
            let mut from = (self.period.base, base);
            let mut at = None;
            for m in self.milestones.iter().chain(std::iter::once(&Milestone {
                year: self.period.target,
                target,
            })) {
                if latest.year <= m.year && at.is_none() && m.year > from.0 {
                    let s = f64::from(latest.year - from.0) / f64::from(m.year - from.0);
                    at = Some(from.1 + (m.target - from.1) * s);
                }
                from = (m.year, m.target);
            }
            at.unwrap_or(base + (target - base) * share)
        };
        // The share of the schedule covered: (X_t − B)/(E_t − B).
        let on_path = if (expected - base).abs() > EPS {
            (latest.value - base) / (expected - base)
        } else {
            f64::NAN
        };
        let progress = (latest.value - base) / (target - base);
        a.expected = Some(expected);
        a.progress_share = Some(progress);
        let verb = match direction {
            Direction::Higher => "达到",
            Direction::Lower => "降至",
        };
        let about = if tolerance.is_some() { "左右" } else { "" };
        let reached = direction.satisfies(latest.value, target, strict);
        if self.period.is_final() {
            let bound = direction.loosen(target, tolerance);
            let met = direction.satisfies(latest.value, bound, strict && tolerance.is_none());
            a.progress_ratio = Some(progress);
            let unit = 10f64.powi(-(w.digits as i32));
            let beyond = direction.gain(
                direction.loosen(target, tolerance.map(|t| -t)),
                latest.value,
            );
            let to_bound = (latest.value - base) / (bound - base);
            let t = self.thresholds;
            a.grade = if !met {
                if to_bound >= t.on_track - EPS {
                    Grade::BasicallyCompleted
                } else {
                    Grade::NotCompleted
                }
            } else if beyond > unit + EPS && (tolerance.is_some() || progress >= t.ahead) {
                Grade::Exceeded
            } else {
                Grade::Completed
            };
            a.value_digits = decisive_digits(latest.value, bound, w.digits);
            let value = w.d(latest.value, bound);
            let bound_note = match tolerance {
                Some(_) => format!(
                    "（{}{about}即{}{}）",
                    w.p(target),
                    match direction {
                        Direction::Higher => "不低于",
                        Direction::Lower => "不高于",
                    },
                    w.p(bound)
                ),
                None => String::new(),
            };
            a.reason = if met {
                format!(
                    "{}，实现{verb}{}{about}的目标{bound_note}",
                    w.is(latest.year, &value),
                    w.p(target)
                )
            } else {
                format!(
                    "{}，未{verb}{}{about}的目标{bound_note}，完成规划期{}幅度的{}",
                    w.is(latest.year, &value),
                    w.p(target),
                    direction.change_noun(),
                    share_percent(progress)
                )
            };
            return;
        }
        a.progress_ratio = Some(if self.milestones.is_empty() {
            progress / share
        } else {
            on_path
        });
        let pace = (latest.value - base) / elapsed;
        let (_, remaining) = self.rest(latest.year);
        a.projected = Some(latest.value + pace * f64::from(remaining));
        if reached {
            a.grade = Grade::AchievedEarly;
            a.outlook = Outlook::Achieved;
            a.value_digits = decisive_digits(latest.value, target, w.digits);
            a.reason = format!(
                "{}，已{verb}{}{about}的目标",
                w.is(latest.year, &w.d(latest.value, target)),
                w.p(target)
            );
            return;
        }
        a.grade = self.ratio_grade(a.progress_ratio.unwrap_or(progress / share));
        let once = self
            .points
            .iter()
            .find(|p| direction.satisfies(p.value, target, strict))
            .map(|p| format!("；{}年曾提前实现", p.year))
            .unwrap_or_default();
        if let Some(t) = tolerance
            && a.grade > Grade::OnTrack
            && direction.satisfies(
                latest.value,
                direction.loosen(expected, Some(t * share)),
                false,
            )
        {
            // Within τ·s of the schedule of a 左右 target: at least 基本符合预期.
            a.grade = Grade::OnTrack;
        }
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
            "{}，按{}应{verb}{}，已完成规划期{}幅度的{}；按{}年以来的平均进度，{}年可{verb}{}，目标为{}",
            w.is(latest.year, &w.d(latest.value, expected)),
            self.period.words.schedule(),
            w.f(expected),
            direction.change_noun(),
            share_percent(progress),
            self.period.base,
            self.period.target,
            w.f(a.projected.unwrap_or(latest.value)),
            w.p(target) + about
        );
        a.reason.push_str(&once);
        if let Some(m) = self.milestones.iter().find(|m| m.year == latest.year) {
            let reached = direction.satisfies(latest.value, m.target, false);
            a.reason.push_str(&format!(
                "；{}年阶段目标{}{}",
                m.year,
                w.p(m.target),
                if reached { "已实现" } else { "未实现" }
            ));
        }
    }
}

/// The target as the plan sets it: 年均增长7%, 年均增长大于5.5%, 年均下降3%, 年均增长6%左右.
fn growth_target_words(rate: f64, tolerance: Option<f64>, strict: bool) -> String {
    let verb = if rate < 0.0 {
        "年均下降"
    } else {
        "年均增长"
    };
    let more = if strict && tolerance.is_none() {
        "大于"
    } else {
        ""
    };
    let about = if tolerance.is_some() { "左右" } else { "" };
    format!("{verb}{more}{}%{about}", plain(rate.abs()))
}

/// "（目标6%左右，即不低于5.5%）": the bound a 左右 growth target is judged by.
fn bound_words(rate: f64, tolerance: f64) -> String {
    let sign = if rate < 0.0 { -1.0 } else { 1.0 };
    let bound = (rate - sign * tolerance).abs();
    let which = if rate < 0.0 {
        "降幅不小于"
    } else {
        "不低于"
    };
    format!("（{}%左右即{which}{}%）", plain(rate.abs()), plain(bound))
}
