//! Grading of a level to reach, worked by hand: the schedule and the progress ratio, moving
//! away, already reached, lower is better, zero distance, an older reading, the final year,
//! and no reading at all. It must not test `左右` levels of a 15th plan: those are in
//! `fifteenth`.

use super::*;

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
