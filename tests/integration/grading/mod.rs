//! Grading worked by hand, one target kind at a time, with the edge cases of
//! methodology.md: target already met, movement away from the target, zero
//! distance between base and target, a missing year, the final year.
//!
//! The tests are split by target kind: `growth` (average annual growth), `level` (a level to
//! reach), `limits` (floors, ceilings and superior quotas), `relative` (a target set against
//! another series) and `fifteenth` (the other kinds of a 15th plan); this module holds the
//! helpers and periods they share.

mod fifteenth;
mod growth;
mod level;
mod limits;
mod relative;

use plan_eval::evaluate::{Assessment, Goal, Period, Point, assess};
use plan_eval::model::vocabulary::{EvaluationKind, Grade, GradeWords, Outlook};
use plan_eval::plan::{Accumulate, Direction, Target, Thresholds};

const Y2024: Period = Period {
    base: 2020,
    target: 2025,
    year: 2024,
    kind: EvaluationKind::Annual,
    words: GradeWords::Schedule,
};
/// The target year evaluated as an ordinary year (`--kind annual`).
const Y2025: Period = Period {
    base: 2020,
    target: 2025,
    year: 2025,
    kind: EvaluationKind::Annual,
    words: GradeWords::Schedule,
};

fn points(first_year: i32, values: &[f64]) -> Vec<Point> {
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| Point {
            year: first_year + i as i32,
            value,
            quota: None,
            ..Point::default()
        })
        .collect()
}

fn grade(
    target: Target,
    direction: Direction,
    strict: bool,
    pts: &[Point],
    period: Period,
) -> Assessment {
    let goal = Goal {
        target: &target,
        direction,
        strict,
        unit: "%",
        digits: 1,
        level: None,
        verb: None,
        reference: &[],
        milestones: &[],
    };
    assess(goal, pts, period, &Thresholds::default())
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a number was expected");
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}

// The periods of a 15th plan (b = 2025, T = 2030), for `relative` and `fifteenth`.

const P2026: Period = Period {
    base: 2025,
    target: 2030,
    year: 2026,
    kind: EvaluationKind::Annual,
    words: GradeWords::National,
};
const P2027: Period = Period {
    year: 2027,
    ..P2026
};
const P2030: Period = Period {
    year: 2030,
    kind: EvaluationKind::Final,
    ..P2026
};
