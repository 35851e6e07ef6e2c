//! Grading a level to reach from the base year (达到X, 降至X, 达到X左右),
//! against the straight path through the plan's milestones.

use crate::model::vocabulary::{Grade, Outlook};

use crate::model::numfmt::decisive_digits;

use crate::plan::Milestone;

use super::*;

impl Grading<'_> {
    // Long: the schedule, the final (published or stale) and the outlook of one level, each a branch.
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
        // How much of the way is covered, or, when the figure moved away from
        // the target, by how much ("较2025年下降0.2个百分点，与目标方向相反").
        let covered = |done: &str| -> String {
            if progress < -EPS {
                let d = (latest.value - base).abs();
                let amount = if w.unit == "%" {
                    format!("{}个百分点", fixed(d, w.digits))
                } else {
                    w.f(d)
                };
                let moved = if latest.value < base {
                    "下降"
                } else {
                    "上升"
                };
                format!("较{}年{moved}{amount}，与目标方向相反", self.period.base)
            } else {
                format!(
                    "{done}规划期{}幅度的{}",
                    direction.change_noun(),
                    share_percent(progress)
                )
            }
        };
        if self.period.is_final() {
            let bound = direction.loosen(target, tolerance);
            let met = direction.satisfies(latest.value, bound, strict && tolerance.is_none());
            let to_bound = (latest.value - base) / (bound - base);
            // The degree of completion the chart draws is measured to what the grade
            // holds the figure to: X, or X − τ for 左右 (methodology part three).
            a.progress_ratio = Some(to_bound);
            let unit = 10f64.powi(-(w.digits as i32));
            let beyond = direction.gain(
                direction.loosen(target, tolerance.map(|t| -t)),
                latest.value,
            );
            let t = self.thresholds;
            if !met && latest.year < self.period.target {
                // The final figure is not yet published: the latest one is held to
                // its own year's schedule (methodology, stale readings), 初步.
                let own_bound = direction.loosen(expected, tolerance.map(|t| t * share));
                // Measured as graded: to the year's schedule, less τ·s for 左右.
                let to_own = if (own_bound - base).abs() > EPS {
                    (latest.value - base) / (own_bound - base)
                } else {
                    on_path
                };
                a.progress_ratio = Some(to_own);
                a.grade = if direction.satisfies(latest.value, own_bound, false) {
                    Grade::Completed
                } else if on_path >= t.on_track - EPS {
                    Grade::BasicallyCompleted
                } else {
                    Grade::NotCompleted
                };
                a.value_digits = decisive_digits(latest.value, expected, w.digits);
                // The share printed is the one graded (and drawn): of the year's schedule.
                let done = if progress < -EPS {
                    covered("已完成")
                } else {
                    format!("完成进度要求的{}%", fixed(to_own * 100.0, 1))
                };
                // 左右: the year's requirement with its allowance, "79.6岁左右（不低于79.42岁）".
                let required = match tolerance {
                    Some(_) => format!(
                        "{}左右（{}{}）",
                        w.f(expected),
                        match direction {
                            Direction::Higher => "不低于",
                            Direction::Lower => "不高于",
                        },
                        w.p(own_bound)
                    ),
                    None => w.f(expected),
                };
                a.reason = format!(
                    "{}，按{}年进度要求应{verb}{required}（规划目标为{}{about}），{done}",
                    w.is(latest.year, &w.d(latest.value, expected)),
                    latest.year,
                    w.p(target),
                );
                return;
            }
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
                // 达到X的目标; a fall reads 实现降至X的目标 (never 实现达到).
                let reached = match direction {
                    Direction::Higher => "达到",
                    Direction::Lower => "实现降至",
                };
                format!(
                    "{}，{reached}{}{about}的目标{bound_note}",
                    w.is(latest.year, &value),
                    w.p(target)
                )
            } else {
                // With 左右 the share is of the way to X − τ, as graded and drawn.
                let done = match tolerance {
                    Some(_) if progress >= -EPS => format!(
                        "完成至{}所需{}幅度的{}",
                        w.p(bound),
                        direction.change_noun(),
                        share_percent(to_bound)
                    ),
                    _ => covered("完成"),
                };
                format!(
                    "{}，未{verb}{}{about}的目标{bound_note}，{done}",
                    w.is(latest.year, &value),
                    w.p(target),
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
        // With τ the outlook asks for X − τ (methodology: "reaches X (or X − τ)").
        let needed = direction.gain(latest.value, direction.loosen(target, tolerance))
            / f64::from(remaining);
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
            "{}，按{}应{verb}{}，{}；按{}年以来的平均进度，{}年可{verb}{}，目标为{}",
            w.is(latest.year, &w.d(latest.value, expected)),
            self.period.words.schedule(),
            w.f(expected),
            covered("已完成"),
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

fn least_squares_slope(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    sxy / sxx
}
