//! Grading of the targets a value must keep each year, worked by hand: a floor kept or missed
//! once or twice, a strict ceiling at its limit, and a superior quota (each year's, or the
//! plan's total compared with the cumulative reduction).

use super::*;

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
