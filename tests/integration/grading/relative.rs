//! Grading of a 15th plan's targets set against another series (b = 2025, T = 2030): 同步,
//! 高于 and 基本同步 on the years both have, a missing reference year named, and a gap to
//! narrow judged by its movement.

use super::*;

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
