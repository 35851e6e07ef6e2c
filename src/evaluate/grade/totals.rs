//! Grading totals: cumulative targets over the plan period, and the quotas
//! a superior sets year by year.

use crate::model::vocabulary::{Grade, Outlook};

use crate::model::numfmt::decisive_digits;
use crate::plan::Accumulate;

use super::*;

impl Grading<'_> {
    // Long: the final (published or stale), early attainment and the schedule, each a branch with its words.
    /// A total for the period built up from yearly figures; `own` is false
    /// when it is the cumulative part of a quota (the reason is appended).
    pub(super) fn cumulative(
        &self,
        a: &mut Assessment,
        total: f64,
        tolerance: Option<f64>,
        accumulate: Accumulate,
        own: bool,
    ) -> Grade {
        let tau = tolerance.unwrap_or(0.0);
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
        let span = w.span(self.period.base + 1, latest.year);
        let unit = w.unit;
        let digits = w.digits;
        let reached = so_far >= total - EPS;
        let done = format!(
            "{span}{verb}{}{unit}{}",
            decisive(so_far, total, digits),
            gap_note(a)
        );
        let whose = if own {
            "规划期目标"
        } else {
            "上级考核目标"
        };
        let goal = format!("{whose}{verb}{}{unit}", plain(total));
        if own {
            a.value_digits = digits;
            a.expected = Some(schedule);
        }
        let goal = if tolerance.is_some() {
            format!("{goal}左右、不少于{}{unit}", plain(total - tau))
        } else {
            goal
        };
        let grade = if self.period.is_final() && latest.year < self.period.target {
            // The final figure is not yet published: the period so far is held
            // to its own year's schedule (methodology, stale readings), 初步.
            let t = self.thresholds;
            let share = elapsed / self.period.length();
            let met = so_far >= schedule - tau * share - EPS;
            let ratio = so_far / schedule;
            a.progress_ratio = Some(ratio);
            a.reason = format!(
                "{span}{verb}{}{unit}{}，按{}年进度要求应{verb}{}{unit}（{goal}），完成进度要求的{}%",
                decisive(so_far, schedule, digits),
                gap_note(a),
                latest.year,
                fixed(schedule, digits.max(1)),
                fixed(ratio * 100.0, 1)
            );
            if met {
                Grade::Completed
            } else if own && ratio >= t.on_track - EPS {
                Grade::BasicallyCompleted
            } else {
                Grade::NotCompleted
            }
        } else if self.period.is_final() {
            let t = self.thresholds;
            let unit_step = 10f64.powi(-(digits as i32));
            let met = so_far >= total - tau - EPS;
            let grade = if !own {
                // A superior's 考核目标 is passed or failed (part three).
                if met {
                    Grade::Completed
                } else {
                    Grade::NotCompleted
                }
            } else if !met {
                if so_far / (total - tau) >= t.on_track - EPS {
                    Grade::BasicallyCompleted
                } else {
                    Grade::NotCompleted
                }
            } else if so_far - (total + tau) > unit_step + EPS
                && (tolerance.is_some() || so_far / total >= t.ahead)
            {
                Grade::Exceeded
            } else {
                Grade::Completed
            };
            // Measured to what the grade holds it to: the total, or its 不少于 bound.
            let degree = so_far / (total - tau);
            a.progress_ratio = Some(degree);
            a.reason = format!("{done}，{goal}，完成目标的{}%", fixed(degree * 100.0, 1));
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
                "{done}，按{}应{verb}{}{unit}（{goal}）",
                self.period.words.schedule(),
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
            let grade = self.ratio_grade(ratio);
            if tolerance.is_some()
                && grade > Grade::OnTrack
                && so_far >= schedule - tau * elapsed / self.period.length() - EPS
            {
                // Within τ·s of the schedule of a 左右 target: at least 基本符合预期.
                Grade::OnTrack
            } else if !own && grade < Grade::OnTrack {
                // A superior's quota is never 快于预期 (part three).
                Grade::OnTrack
            } else {
                grade
            }
        };
        if own {
            a.grade = grade;
        }
        grade
    }

    // Long: the yearly quotas, the period total and their words, for the three evaluations.
    pub(super) fn quota(
        &self,
        a: &mut Assessment,
        cumulative: Option<f64>,
        accumulate: Accumulate,
        direction: Direction,
    ) {
        let w = self.words;
        let latest = self.latest();
        if cumulative.is_some() || w.verb.is_some() {
            // The readings are the years' changes (下降2.1%) or amounts: they add up.
            self.period_totals(a, accumulate);
        }
        if let Some(total) = cumulative
            && self.points.iter().all(|p| p.quota.is_none())
        {
            // Known only as a five-year 考核目标: graded by it alone (part three).
            a.value_digits = w.digits;
            a.grade = self.cumulative(a, total, None, accumulate, false);
            a.expected = a.cumulative_expected;
            if !self.period.is_final() {
                a.outlook = if a.grade.is_lagging() {
                    Outlook::Hard
                } else {
                    Outlook::Likely
                };
            }
            return;
        }
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
        let quota_text = match (latest.quota, latest.target) {
            (Some(q), Some(t)) if t.range || t.tolerance.is_some() => {
                a.value_digits = decisive_digits(latest.value, q, w.digits);
                t.words(w.unit)
            }
            (Some(q), _) => {
                a.value_digits = decisive_digits(latest.value, q, w.digits);
                format!("{}{}", fixed(q, w.digits), w.unit)
            }
            (None, _) => "（未填）".to_string(),
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
            // Quotas set year by year are not forecast (methodology, the outlook per kind);
            // a period total below its schedule is, below.
            a.outlook = Outlook::NotForecast;
        }
        a.grade = yearly;
        if let Some(total) = cumulative {
            let mut part = a.clone();
            let by_total = self.cumulative(&mut part, total, None, accumulate, false);
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

    /// A quota's result over the period so far, and its yearly quotas
    /// accumulated alike: "2021—2025年累计下降14.3%" against 14.2%. Only
    /// when every year from the plan's first has a figure (and a quota).
    fn period_totals(&self, a: &mut Assessment, accumulate: Accumulate) {
        let latest = self.latest();
        let complete =
            (self.period.base + 1..=latest.year).all(|y| self.points.iter().any(|p| p.year == y));
        if !complete {
            return;
        }
        a.period_cumulative = Some(accumulate.total(self.points.iter().map(|p| p.value)));
        if self.points.iter().all(|p| p.quota.is_some()) {
            a.period_cumulative_quota =
                Some(accumulate.total(self.points.iter().filter_map(|p| p.quota)));
        }
    }
}
