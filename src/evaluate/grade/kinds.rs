//! Which grading a target takes: one arm per kind of target, handing the
//! target's figures to its kind's grading. It sets up nothing (see
//! [`assess`](super::assess)) and words no reason beyond a quota not yet given.

use crate::plan::Accumulate;

use super::*;

impl Grading<'_> {
    /// Grades `a` by the kind of `goal`'s target.
    // Long: one match over the kinds of target, each arm only handing its figures on.
    pub(super) fn by_kind(&self, a: &mut Assessment, goal: Goal) {
        let (direction, strict) = (goal.direction, goal.strict);
        match goal.target {
            &Target::Growth { rate, tolerance } => {
                self.growth(a, rate, tolerance, strict, goal.level.is_some());
                if let Some(level) = goal.level {
                    self.level_part(a, level);
                }
            }
            &Target::Level {
                target,
                base,
                tolerance,
            } => {
                if (target - base).abs() < EPS || direction.satisfies(base, target, strict) {
                    // Nothing to cover from base to target: the target is a limit to keep.
                    self.limit(a, target, tolerance, direction, strict);
                } else {
                    self.level(a, target, base, tolerance, direction, strict);
                }
            }
            &Target::Floor {
                limit,
                base,
                tolerance,
            }
            | &Target::Ceiling {
                limit,
                base,
                tolerance,
            } => {
                let bound = direction.loosen(limit, tolerance);
                match base.filter(|&b| !direction.satisfies(b, bound, strict)) {
                    Some(base) => {
                        self.wrong_side_limit(a, limit, tolerance, base, direction, strict)
                    }
                    None => self.limit(a, limit, tolerance, direction, strict),
                }
            }
            &Target::Band { min, max, centre } => self.band(a, [min, max], centre, direction),
            &Target::Cumulative {
                total,
                accumulate,
                tolerance,
            } => {
                self.cumulative(a, total, tolerance, accumulate, true);
            }
            &Target::Quota {
                cumulative,
                accumulate,
            } => self.quota_kind(a, cumulative, accumulate, direction),
            &Target::Yearly { two_sided } => self.yearly(a, two_sided, direction),
            Target::Relative {
                relation,
                reference,
                tolerance,
                on_levels,
                every_year,
            } => self.relative(
                a,
                relative::Relating {
                    relation: *relation,
                    name: &reference.name,
                    reference: &in_period(goal.reference, self.period),
                    delta: tolerance.unwrap_or(0.0),
                    on_levels: *on_levels,
                    every_year: *every_year,
                    reference_base: base_point(goal.reference, self.period),
                },
            ),
            &Target::Trend {
                way,
                threshold,
                tolerance,
                base,
            } => self.trend(a, way, threshold, tolerance, base),
            Target::Assessed => self.assessed(a),
            Target::Rank {
                target,
                base,
                group,
                ..
            } => self.rank(a, *target, *base, group),
        }
    }

    /// A quota: against the yearly quotas, with the plan-period total when
    /// given; no grade while a pending total's quotas are not yet handed down.
    fn quota_kind(
        &self,
        a: &mut Assessment,
        cumulative: Option<QuotaTotal>,
        accumulate: Accumulate,
        direction: Direction,
    ) {
        match cumulative {
            Some(QuotaTotal::Pending) if self.points.iter().all(|p| p.quota.is_none()) => {
                let (w, latest) = (self.words, self.latest());
                a.grade = Grade::NoData;
                a.reason = format!(
                    "{}；上级考核目标尚未下达，暂无法评价",
                    w.is(latest.year, &w.f(latest.value))
                );
            }
            Some(QuotaTotal::Figure(total)) => self.quota(a, Some(total), accumulate, direction),
            Some(QuotaTotal::Pending) | None => self.quota(a, None, accumulate, direction),
        }
    }
}
