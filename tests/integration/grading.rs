//! Grading worked by hand, one target kind at a time, with the edge cases of
//! methodology.md: target already met, movement away from the target, zero
//! distance between base and target, a missing year, the final year.

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

// ---- average annual growth ----

#[test]
fn growth_exactly_on_target_needs_the_same_rate() {
    let a = grade(
        Target::Growth {
            rate: 8.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[8.0; 4]),
        Y2024,
    );
    close(a.realised_rate, 8.0);
    close(a.needed_rate, 8.0);
    close(a.progress_ratio, 1.0);
    assert_eq!(a.grade, Grade::OnTrack);
    assert_eq!(a.outlook, Outlook::Likely);
    assert_eq!(a.reading_year, Some(2024));
}

#[test]
fn growth_at_half_the_target_is_far_behind_and_needs_a_leap() {
    // r = 5%, R = 0.5; r_need = 1.1^5 / 1.05^4 - 1 = 32.497%, above 1.5 × 10%.
    let a = grade(
        Target::Growth {
            rate: 10.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[5.0; 4]),
        Y2024,
    );
    close(a.realised_rate, 5.0);
    close(a.progress_ratio, 0.5);
    close(a.needed_rate, 32.497_056_267_707_39);
    assert_eq!(a.grade, Grade::FarBehind);
    assert_eq!(a.outlook, Outlook::VeryHard);
    assert_eq!(
        a.reason,
        "2021—2024年年均增长5.0%，低于目标5.0个百分点；要实现年均增长10%的目标，2025年需增长32.5%"
    );
}

#[test]
fn growth_faster_than_target_is_ahead() {
    // R = 6 / 5 = 1.2; r_need = 1.05^5 / 1.06^4 - 1 = 1.0935%.
    let a = grade(
        Target::Growth {
            rate: 5.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[6.0; 4]),
        Y2024,
    );
    close(a.progress_ratio, 1.2);
    close(a.needed_rate, 1.093_453_816_376_978_7);
    assert_eq!(a.grade, Grade::Ahead);
    assert_eq!(a.outlook, Outlook::Likely);
}

#[test]
fn growth_whose_cumulative_target_is_met_is_achieved_early() {
    // 1.1^4 = 1.4641 ≥ 1.05^5 = 1.2763.
    let a = grade(
        Target::Growth {
            rate: 5.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[10.0; 4]),
        Y2024,
    );
    assert_eq!(a.grade, Grade::AchievedEarly);
    assert_eq!(a.outlook, Outlook::Achieved);
}

#[test]
fn growth_moving_away_from_the_target_is_far_behind() {
    let a = grade(
        Target::Growth {
            rate: 5.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[-2.0; 4]),
        Y2024,
    );
    close(a.realised_rate, -2.0);
    close(a.progress_ratio, -0.4);
    assert_eq!(a.grade, Grade::FarBehind);
}

#[test]
fn growth_with_a_missing_year_assumes_the_average_for_it() {
    let pts = [
        Point {
            year: 2021,
            value: 8.0,
            quota: None,
            ..Point::default()
        },
        Point {
            year: 2023,
            value: 8.0,
            quota: None,
            ..Point::default()
        },
        Point {
            year: 2024,
            value: 8.0,
            quota: None,
            ..Point::default()
        },
    ];
    let a = grade(
        Target::Growth {
            rate: 8.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &pts,
        Y2024,
    );
    assert_eq!(a.gap_years, vec![2022]);
    close(a.realised_rate, 8.0);
    close(a.needed_rate, 8.0);
    assert_eq!(a.grade, Grade::OnTrack);
}

#[test]
fn growth_in_the_final_year_has_no_rate_left_to_need() {
    let a = grade(
        Target::Growth {
            rate: 10.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[5.0; 5]),
        Y2025,
    );
    assert_eq!(a.needed_rate, None);
    assert_eq!(a.grade, Grade::FarBehind);
    assert_eq!(a.outlook, Outlook::Missed);
}

#[test]
fn strict_growth_target_is_not_met_by_equality() {
    // 大于8%: exactly 8% a year for five years does not reach it; 年均增长8% does.
    let strict = grade(
        Target::Growth {
            rate: 8.0,
            tolerance: None,
        },
        Direction::Higher,
        true,
        &points(2021, &[8.0; 5]),
        Y2025,
    );
    assert_eq!(strict.grade, Grade::OnTrack);
    assert_eq!(strict.outlook, Outlook::Missed);
    let plain = grade(
        Target::Growth {
            rate: 8.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2021, &[8.0; 5]),
        Y2025,
    );
    assert_eq!(plain.grade, Grade::AchievedEarly);
}

#[test]
fn readings_of_the_base_year_do_not_count_as_growth() {
    let mut pts = points(2021, &[8.0; 4]);
    pts.insert(
        0,
        Point {
            year: 2020,
            value: -4.6,
            quota: None,
            ..Point::default()
        },
    );
    let a = grade(
        Target::Growth {
            rate: 8.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &pts,
        Y2024,
    );
    close(a.realised_rate, 8.0);
}

// ---- level to reach ----

fn level(value: f64, strict: bool) -> Assessment {
    grade(
        Target::Level {
            target: 60.0,
            base: 50.0,
            tolerance: None,
        },
        Direction::Higher,
        strict,
        &[Point {
            year: 2024,
            value,
            quota: None,
            ..Point::default()
        }],
        Y2024,
    )
}

#[test]
fn level_on_schedule() {
    // s = 4/5; E = 50 + 10 × 0.8 = 58; p = 0.8; R = 1.
    let a = level(58.0, false);
    close(a.expected, 58.0);
    close(a.progress_share, 0.8);
    close(a.progress_ratio, 1.0);
    close(a.projected, 60.0);
    assert_eq!(a.grade, Grade::OnTrack);
    assert_eq!(a.outlook, Outlook::Likely);
}

#[test]
fn level_grades_by_progress_ratio() {
    assert_eq!(level(59.5, false).grade, Grade::Ahead); // R = 0.95 / 0.8 = 1.1875
    assert_eq!(level(56.0, false).grade, Grade::Behind); // R = 0.75
    assert_eq!(level(53.0, false).grade, Grade::FarBehind); // R = 0.375
}

#[test]
fn level_moving_away_is_far_behind_and_very_hard() {
    let a = level(48.0, false);
    close(a.progress_ratio, -0.25);
    assert_eq!(a.grade, Grade::FarBehind);
    assert_eq!(a.outlook, Outlook::VeryHard);
}

#[test]
fn level_already_reached_and_strictness() {
    assert_eq!(level(60.0, false).grade, Grade::AchievedEarly);
    // 大于60: 60 itself is not yet beyond the target; R = 1 / 0.8 = 1.25.
    let strict = level(60.0, true);
    assert_eq!(strict.grade, Grade::Ahead);
    close(strict.progress_ratio, 1.25);
}

#[test]
fn level_with_lower_is_better() {
    // From 20 down to 10: 12 in 2024 is p = 0.8, on schedule.
    let a = grade(
        Target::Level {
            target: 10.0,
            base: 20.0,
            tolerance: None,
        },
        Direction::Lower,
        false,
        &[Point {
            year: 2024,
            value: 12.0,
            quota: None,
            ..Point::default()
        }],
        Y2024,
    );
    close(a.expected, 12.0);
    assert_eq!(a.grade, Grade::OnTrack);
}

#[test]
fn level_with_zero_distance_is_judged_as_a_limit() {
    let t = Target::Level {
        target: 60.0,
        base: 60.0,
        tolerance: None,
    };
    let kept = grade(
        t.clone(),
        Direction::Higher,
        false,
        &points(2023, &[60.5, 61.0]),
        Y2024,
    );
    assert_eq!(kept.grade, Grade::OnTrack);
    let missed = grade(
        t,
        Direction::Higher,
        false,
        &points(2023, &[60.5, 59.0]),
        Y2024,
    );
    assert_eq!(missed.grade, Grade::Behind);
    assert_eq!(missed.missed_years, vec![2024]);
}

#[test]
fn level_uses_an_older_reading_against_its_own_year() {
    // Only 2022 is published: s = 2/5, E = 54, R = 1.
    let a = grade(
        Target::Level {
            target: 60.0,
            base: 50.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &[Point {
            year: 2022,
            value: 54.0,
            quota: None,
            ..Point::default()
        }],
        Y2024,
    );
    assert_eq!(a.reading_year, Some(2022));
    close(a.expected, 54.0);
    assert_eq!(a.grade, Grade::OnTrack);
}

#[test]
fn level_in_the_final_year_not_reached_is_missed() {
    let a = grade(
        Target::Level {
            target: 60.0,
            base: 50.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &[Point {
            year: 2025,
            value: 59.0,
            quota: None,
            ..Point::default()
        }],
        Y2025,
    );
    close(a.progress_ratio, 0.9);
    assert_eq!(a.grade, Grade::Behind);
    assert_eq!(a.outlook, Outlook::Missed);
}

#[test]
fn no_reading_in_the_period_is_no_data() {
    let a = grade(
        Target::Level {
            target: 60.0,
            base: 50.0,
            tolerance: None,
        },
        Direction::Higher,
        false,
        &[Point {
            year: 2020,
            value: 50.0,
            quota: None,
            ..Point::default()
        }],
        Y2024,
    );
    assert_eq!(a.grade, Grade::NoData);
    assert_eq!(a.value, None);
}

// ---- floor and ceiling ----

#[test]
fn floor_kept_but_falling_is_on_track_with_a_warning() {
    let a = grade(
        Target::Floor {
            limit: 60.0,
            base: Some(65.0),
            tolerance: None,
        },
        Direction::Higher,
        false,
        &points(2023, &[65.0, 64.0]),
        Y2024,
    );
    assert_eq!(a.grade, Grade::OnTrack);
    // Limits are not forecast (methodology, the outlook per kind): the fall is in the reason.
    assert_eq!(a.outlook, Outlook::NotForecast);
    assert!(a.reason.contains("但较上年有所回落"), "{}", a.reason);
}

#[test]
fn floor_missed_once_is_behind_twice_is_far_behind() {
    let floor = Target::Floor {
        limit: 60.0,
        base: None,
        tolerance: None,
    };
    let once = grade(
        floor.clone(),
        Direction::Higher,
        false,
        &points(2023, &[61.0, 59.0]),
        Y2024,
    );
    assert_eq!(once.grade, Grade::Behind);
    let twice = grade(
        floor,
        Direction::Higher,
        false,
        &points(2023, &[58.0, 57.0]),
        Y2024,
    );
    assert_eq!(twice.grade, Grade::FarBehind);
    assert_eq!(twice.missed_years, vec![2023, 2024]);
    assert_eq!(twice.outlook, Outlook::NotForecast);
}

#[test]
fn strict_ceiling_is_missed_at_the_limit() {
    let ceiling = Target::Ceiling {
        limit: 3.8,
        base: None,
        tolerance: None,
    };
    let at = grade(
        ceiling.clone(),
        Direction::Lower,
        true,
        &points(2024, &[3.8]),
        Y2024,
    );
    assert_eq!(at.grade, Grade::Behind);
    let under = grade(
        ceiling,
        Direction::Lower,
        true,
        &points(2024, &[3.7]),
        Y2024,
    );
    assert_eq!(under.grade, Grade::OnTrack);
}

// ---- superior quota ----

fn quota_points(values: &[(f64, f64)]) -> Vec<Point> {
    values
        .iter()
        .enumerate()
        .map(|(i, &(value, quota))| Point {
            year: 2021 + i as i32,
            value,
            quota: Some(quota),
            ..Point::default()
        })
        .collect()
}

#[test]
fn quota_every_year_met_is_on_track() {
    let a = grade(
        Target::Quota {
            cumulative: None,
            accumulate: Accumulate::Reduction,
        },
        Direction::Higher,
        false,
        &quota_points(&[(3.2, 3.0); 4]),
        Y2024,
    );
    assert_eq!(a.grade, Grade::OnTrack);
    close(a.expected, 3.0);
}

#[test]
fn quota_the_latest_year_decides_and_earlier_misses_are_stated() {
    let quota = Target::Quota {
        cumulative: None,
        accumulate: Accumulate::Reduction,
    };
    // 2022 missed (2.9 < 3.0), 2024 met: 符合序时进度, the miss stated.
    let earlier = quota_points(&[(3.2, 3.0), (2.9, 3.0), (3.1, 3.0), (3.5, 3.0)]);
    let a = grade(quota.clone(), Direction::Higher, false, &earlier, Y2024);
    assert_eq!(a.grade, Grade::OnTrack);
    assert_eq!(a.missed_years, vec![2022]);
    // Quotas set year by year are not forecast (methodology, the outlook per kind).
    assert_eq!(a.outlook, Outlook::NotForecast);
    assert_eq!(
        a.reason,
        "2024年为3.5%，完成上级下达的3.0%年度目标；2022年未完成下达目标"
    );
    // Only 2024 missed: 滞后于序时进度.
    let latest = quota_points(&[(3.2, 3.0), (3.1, 3.0), (3.1, 3.0), (2.1, 3.0)]);
    let b = grade(quota.clone(), Direction::Higher, false, &latest, Y2024);
    assert_eq!(b.grade, Grade::Behind);
    assert_eq!(b.outlook, Outlook::NotForecast);
    // 2023 and 2024 missed: 明显滞后.
    let two = quota_points(&[(3.2, 3.0), (3.1, 3.0), (2.9, 3.0), (2.1, 3.0)]);
    let c = grade(quota, Direction::Higher, false, &two, Y2024);
    assert_eq!(c.grade, Grade::FarBehind);
    assert_eq!(c.outlook, Outlook::NotForecast);
}

#[test]
fn quota_with_a_plan_total_compares_the_cumulative_reduction() {
    // 1 - 0.97^4 = 11.4707%; straight-line schedule 13.5 × 4/5 = 10.8%.
    let a = grade(
        Target::Quota {
            cumulative: Some(plan_eval::plan::QuotaTotal::Figure(13.5)),
            accumulate: Accumulate::Reduction,
        },
        Direction::Higher,
        false,
        &quota_points(&[(3.0, 3.0); 4]),
        Y2024,
    );
    close(a.cumulative, 11.470_719);
    close(a.cumulative_expected, 10.8);
    assert_eq!(a.grade, Grade::OnTrack);
}

// ---- Part three: the kinds of a 15th plan, at their boundaries (b = 2025, T = 2030). ----

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

fn with_target(year: i32, value: f64, text: &str, tolerance: Option<f64>) -> Point {
    let t = plan_eval::plan::YearTarget::parse(text, tolerance).unwrap();
    Point {
        year,
        value,
        quota: Some(t.low),
        target: Some(t),
        ..Point::default()
    }
}

#[test]
fn yearly_targets_at_their_ends() {
    let yearly = Target::Yearly { two_sided: false };
    let g =
        |pts: &[Point], period| grade(yearly.clone(), Direction::Higher, false, pts, period).grade;
    // The lower end of "4.5—5" is met; the upper end is not beyond it; above it is 快于.
    assert_eq!(
        g(&[with_target(2026, 4.5, "4.5—5", None)], P2026),
        Grade::OnTrack
    );
    assert_eq!(
        g(&[with_target(2026, 5.0, "4.5—5", None)], P2026),
        Grade::OnTrack
    );
    assert_eq!(
        g(&[with_target(2026, 5.1, "4.5—5", None)], P2026),
        Grade::Ahead
    );
    assert_eq!(
        g(&[with_target(2026, 4.4, "4.5—5", None)], P2026),
        Grade::Behind
    );
    // "5左右" with τ 0.5: 4.5 met, 4.4 missed, 5.6 beyond 5.5.
    assert_eq!(
        g(&[with_target(2026, 4.5, "5左右", Some(0.5))], P2026),
        Grade::OnTrack
    );
    assert_eq!(
        g(&[with_target(2026, 4.4, "5左右", Some(0.5))], P2026),
        Grade::Behind
    );
    assert_eq!(
        g(&[with_target(2026, 5.6, "5左右", Some(0.5))], P2026),
        Grade::Ahead
    );
    // A single figure: one point above is 快于 (inclusive), less is 基本符合.
    assert_eq!(
        g(&[with_target(2026, 6.5, "5.5以上", None)], P2026),
        Grade::Ahead
    );
    assert_eq!(
        g(&[with_target(2026, 6.4, "5.5以上", None)], P2026),
        Grade::OnTrack
    );
    // Missed two years running: 明显滞后.
    let two = [
        with_target(2026, 4.0, "4.5—5", None),
        with_target(2027, 4.2, "4.5—5", None),
    ];
    assert_eq!(g(&two, P2027), Grade::FarBehind);
    // Two-sided: above the upper end is a miss.
    let a = grade(
        Target::Yearly { two_sided: true },
        Direction::Higher,
        false,
        &[with_target(2026, 5.6, "5左右", Some(0.5))],
        P2026,
    );
    assert_eq!(a.grade, Grade::Behind);
    assert_eq!(
        a.reason,
        "2026年为5.6%，高于年度目标5%左右的上限5.5%，未保持在目标区间内"
    );
    // Final: 4 of 5 years met (⌈5/2⌉ + 1 = 4) → 基本完成; all 5 → 完成; no 超额完成.
    let years = |values: [f64; 5]| -> Vec<Point> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| with_target(2026 + i as i32, v, "5以上", None))
            .collect()
    };
    assert_eq!(
        g(&years([6.0, 6.0, 4.0, 6.0, 6.0]), P2030),
        Grade::BasicallyCompleted
    );
    assert_eq!(
        g(&years([9.0, 9.0, 9.0, 9.0, 9.0]), P2030),
        Grade::Completed
    );
    // 3 of 5 met, and the compound average 4.59% below the mean threshold 5: 未完成.
    assert_eq!(
        g(&years([5.0, 5.0, 5.0, 4.0, 4.0]), P2030),
        Grade::NotCompleted
    );
}

fn relative(relation: plan_eval::plan::Relation, tolerance: Option<f64>) -> Target {
    Target::Relative {
        relation,
        reference: plan_eval::plan::Reference {
            id: "gdp".into(),
            name: "地区生产总值增长".into(),
            benchmark: false,
        },
        tolerance,
        on_levels: false,
        every_year: false,
    }
}

fn graded_against(
    target: Target,
    own: &[Point],
    reference: &[Point],
    period: Period,
) -> Assessment {
    let goal = Goal {
        target: &target,
        direction: Direction::Higher,
        strict: false,
        unit: "%",
        digits: 1,
        level: None,
        verb: None,
        reference,
        milestones: &[],
    };
    assess(goal, own, period, &Thresholds::default())
}

#[test]
fn relative_targets_on_common_years() {
    use plan_eval::plan::Relation;
    let gdp = points(2026, &[5.0, 5.0]);
    // 同步 with δ = 0: equal holds; 高于 needs more.
    let equal = points(2026, &[5.0]);
    assert_eq!(
        graded_against(relative(Relation::InStep, None), &equal, &gdp, P2026).grade,
        Grade::OnTrack
    );
    assert_eq!(
        graded_against(relative(Relation::Above, None), &equal, &gdp, P2026).grade,
        Grade::Behind
    );
    // 基本同步 with δ 0.5: 4.5 is at the edge, 4.4 below it.
    let edge = points(2026, &[4.5]);
    let below = points(2026, &[4.4]);
    assert_eq!(
        graded_against(
            relative(Relation::NearlyInStep, Some(0.5)),
            &edge,
            &gdp,
            P2026
        )
        .grade,
        Grade::OnTrack
    );
    assert_eq!(
        graded_against(
            relative(Relation::NearlyInStep, Some(0.5)),
            &below,
            &gdp,
            P2026
        )
        .grade,
        Grade::Behind
    );
    // v̄ − r̄ ≥ 1 point: 快于.
    assert_eq!(
        graded_against(
            relative(Relation::InStep, None),
            &points(2026, &[6.0]),
            &gdp,
            P2026
        )
        .grade,
        Grade::Ahead
    );
    // The reference misses 2026: only 2027 is compared, and the left-out year is named.
    let reference = points(2027, &[5.0]);
    let a = graded_against(
        relative(Relation::Above, None),
        &points(2026, &[4.0, 5.5]),
        &reference,
        P2027,
    );
    assert_eq!(a.grade, Grade::OnTrack);
    assert_eq!(a.reading_year, Some(2027));
    assert!(
        a.reason
            .contains("（2026年缺少地区生产总值增长数据，未计入对比）"),
        "{}",
        a.reason
    );
    // No common year: 数据暂缺.
    let none = graded_against(
        relative(Relation::Above, None),
        &points(2026, &[5.5]),
        &points(2027, &[5.0]),
        P2026,
    );
    assert_eq!(none.grade, Grade::NoData);
}

#[test]
fn a_rank_tie_counts_as_the_shared_rank() {
    let rank = Target::Rank {
        target: 20.0,
        base: Some(22.0),
        group: "全省县（市、区）".into(),
        group_size: Some(72),
    };
    // Tied 20th is within the top 20: reached.
    let a = grade(
        rank.clone(),
        Direction::Lower,
        false,
        &points(2026, &[20.0]),
        P2026,
    );
    assert_eq!(a.grade, Grade::AchievedEarly);
    // E_2027 = 22 − 2·0.4 = 21.2 → ⌈21.2⌉ = 22: 22nd keeps to the schedule's whole rank.
    let b = grade(
        rank.clone(),
        Direction::Lower,
        false,
        &points(2026, &[22.0, 22.0]),
        P2027,
    );
    assert_eq!(b.grade, Grade::OnTrack);
    assert_eq!(b.expected, Some(22.0));
    // The final never says 超额完成 of a rank.
    let c = grade(
        rank,
        Direction::Lower,
        false,
        &points(2026, &[21.0, 20.0, 18.0, 15.0, 12.0]),
        P2030,
    );
    assert_eq!(c.grade, Grade::Completed);
}

#[test]
fn a_direction_without_a_number_counts_a_flat_year_against() {
    use plan_eval::plan::Way;
    let trend = Target::Trend {
        way: Way::Higher,
        threshold: None,
        tolerance: None,
        base: Some(38.0),
    };
    // +0.1 at one decimal is a move; 0.0 is 持平 and a year against.
    assert_eq!(
        grade(
            trend.clone(),
            Direction::Higher,
            false,
            &points(2026, &[38.1]),
            P2026
        )
        .grade,
        Grade::OnTrack
    );
    let flat = grade(
        trend.clone(),
        Direction::Higher,
        false,
        &points(2026, &[38.1, 38.1]),
        P2027,
    );
    assert_eq!(flat.grade, Grade::Behind);
    assert_eq!(flat.missed_years, [2027]);
    // Without a threshold never 快于, however far it moves.
    assert_eq!(
        grade(
            trend,
            Direction::Higher,
            false,
            &points(2026, &[45.0]),
            P2026
        )
        .grade,
        Grade::OnTrack
    );
}

#[test]
fn a_units_own_word_is_never_ahead() {
    use plan_eval::plan::Verdict;
    let verdict = |year, v: Verdict| Point {
        year,
        value: v.code(),
        verdict: Some(v),
        ..Point::default()
    };
    let g = |pts: &[Point], period| {
        grade(Target::Assessed, Direction::Higher, false, pts, period).grade
    };
    assert_eq!(g(&[verdict(2026, Verdict::Met)], P2026), Grade::OnTrack);
    assert_eq!(
        g(&[verdict(2026, Verdict::Basically)], P2026),
        Grade::OnTrack
    );
    assert_eq!(
        g(
            &[
                verdict(2026, Verdict::NotMet),
                verdict(2027, Verdict::NotMet)
            ],
            P2027
        ),
        Grade::FarBehind
    );
    assert_eq!(
        g(&[verdict(2030, Verdict::Basically)], P2030),
        Grade::BasicallyCompleted
    );
}

#[test]
fn about_on_a_level_and_a_ceiling() {
    // 达到80岁左右 (τ 0.3) from 79: the final is met at 79.7, not at 79.6.
    let level = Target::Level {
        target: 80.0,
        base: 79.0,
        tolerance: Some(0.3),
    };
    let at = |v: f64| {
        grade(
            level.clone(),
            Direction::Higher,
            false,
            &points(2030, &[v]),
            P2030,
        )
        .grade
    };
    assert_eq!(at(79.7), Grade::Completed);
    // 基本完成 at R ≥ 0.95 measured to X − τ: (79.67 − 79)/(79.7 − 79) = 0.957; 0.6/0.7 = 0.857 is not.
    assert_eq!(at(79.67), Grade::BasicallyCompleted);
    assert_eq!(at(79.6), Grade::NotCompleted);
    // Beyond X + τ by more than a printed unit: 超额完成; by exactly one unit: 完成.
    assert_eq!(at(80.4), Grade::Completed);
    assert_eq!(at(80.5), Grade::Exceeded);
    // 控制在3%左右 (τ 0.5): 3.5 is kept, 3.6 is not; a limit never reads 超额完成.
    let cpi = Target::Ceiling {
        limit: 3.0,
        base: None,
        tolerance: Some(0.5),
    };
    assert_eq!(
        grade(
            cpi.clone(),
            Direction::Lower,
            false,
            &points(2026, &[3.5]),
            P2026
        )
        .grade,
        Grade::OnTrack
    );
    assert_eq!(
        grade(
            cpi.clone(),
            Direction::Lower,
            false,
            &points(2026, &[3.6]),
            P2026
        )
        .grade,
        Grade::Behind
    );
    assert_eq!(
        grade(cpi, Direction::Lower, false, &points(2030, &[0.4]), P2030).grade,
        Grade::Completed
    );
}

#[test]
fn a_falling_rate_is_judged_on_the_size_of_the_fall() {
    let fall = Target::Growth {
        rate: -3.0,
        tolerance: None,
    };
    let a = grade(
        fall.clone(),
        Direction::Higher,
        false,
        &points(2026, &[-3.5]),
        P2026,
    );
    assert_eq!(a.grade, Grade::Ahead);
    assert!(a.reason.starts_with("2026年下降3.5%，降幅大于目标0.5个百分点；要实现年均下降3%的目标，2027—2030年需年均下降2.9%"), "{}", a.reason);
    let b = grade(fall, Direction::Higher, false, &points(2026, &[1.0]), P2026);
    assert_eq!(b.grade, Grade::FarBehind);
    assert!(b.reason.starts_with("2026年增长1.0%"), "{}", b.reason);
}

#[test]
fn a_gap_to_narrow_is_judged_by_its_movement() {
    use plan_eval::plan::Relation;
    let target = Target::Relative {
        relation: Relation::NarrowGap,
        reference: plan_eval::plan::Reference {
            id: "doctors_province".into(),
            name: "全省平均".into(),
            benchmark: true,
        },
        tolerance: None,
        on_levels: true,
        every_year: false,
    };
    // Gaps: 2025 3.2 − 2.8 = 0.4, 2026 3.3 − 3.0 = 0.3 (narrowed), 2027 3.4 − 3.1 = 0.3 (持平: against).
    let own = points(2025, &[2.8, 3.0, 3.1]);
    let reference = points(2025, &[3.2, 3.3, 3.4]);
    let a = graded_against(target.clone(), &own, &reference, P2026);
    assert_eq!(a.grade, Grade::OnTrack);
    assert_eq!(
        a.reason,
        "2026年为3.0%，全省平均为3.3%，差距0.3%，较2025年缩小0.1%"
    );
    let b = graded_against(target.clone(), &own, &reference, P2027);
    assert_eq!(b.grade, Grade::Behind);
    assert_eq!(
        b.reason,
        "2027年为3.1%，全省平均为3.4%，差距0.3%，较上年持平；2027年差距未缩小"
    );
    // Final: net narrowing with one year against → 完成.
    let c = graded_against(
        target,
        &points(2025, &[2.8, 3.0, 3.1, 3.3, 3.5, 3.7]),
        &points(2025, &[3.2, 3.3, 3.4, 3.5, 3.6, 3.7]),
        P2030,
    );
    assert_eq!(c.grade, Grade::Completed);
}
