//! Grading of the other kinds of a 15th plan at their boundaries (b = 2025, T = 2030): yearly
//! targets, a rank tie, a direction without a number, a unit's own word, `左右` on a level and
//! a ceiling, and a falling rate. It must not test targets set against another series: those
//! are in `relative`.

use super::*;

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
