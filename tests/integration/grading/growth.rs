//! Grading of an average annual growth target, worked by hand: on target, behind, ahead,
//! achieved early, moving away, a missing year, the final year, strictness and the base year.
//! It must not test a falling-rate target of a 15th plan: that is in `fifteenth`.

use super::*;

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
