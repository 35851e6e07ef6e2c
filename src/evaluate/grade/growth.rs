//! Grading growth targets: an average rate over the plan period, and the
//! level a two-part target sets for the target year.

use crate::model::vocabulary::{Grade, Outlook};

use crate::model::numfmt::decisive_digits;

use super::*;

impl Grading<'_> {
    pub(super) fn growth(&self, a: &mut Assessment, rate: f64, strict: bool) {
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
    pub(super) fn level_part(&self, a: &mut Assessment, part: LevelPart) {
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

    pub(super) fn level(
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
            "{}，按{}应{verb}{}，已完成规划期{}幅度的{}；按{}年以来的平均进度，{}年可{verb}{}，目标为{}",
            w.is(latest.year, &w.d(latest.value, expected)),
            self.period.words.schedule(),
            w.f(expected),
            direction.change_noun(),
            share_percent(progress),
            self.period.base,
            self.period.target,
            w.f(a.projected.unwrap_or(latest.value)),
            w.p(target)
        );
    }
}
