//! An indicator's reading placed beside the province's and the city's
//! average and its rank: neutral typed facts (value, average, signed
//! difference in the right unit, which side is better), the words left to
//! the report.

use serde::Serialize;

use crate::input::readings::{Rank, Reading};
use crate::plan::{Direction, Indicator, Target};

/// Whose figure is the better one of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// The plan's own figure (above the average of a rising target, below that of a falling one).
    Ours,
    Average,
    /// Equal at the indicator's decimals.
    Same,
    /// The target is a band or an assessment: neither side is better.
    Neither,
}

/// The reading against one average.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// 全省 or 全市.
    pub scope: &'static str,
    pub value: f64,
    pub average: f64,
    /// value − average, rounded to the indicator's decimals.
    pub difference: f64,
    /// The unit of the difference: 个百分点 for a figure in %, 个千分点 in ‰, else the indicator's.
    pub unit: String,
    /// Whether the figure is above the average (the difference is positive).
    pub above: bool,
    pub better: Better,
}

/// The reading's place among its peers, in the year of the graded reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandingFacts {
    pub year: i32,
    pub comparisons: Vec<Comparison>,
    pub rank: Option<Rank>,
}

/// The facts of `reading` of `ind`, `None` when it has no average or rank.
pub fn of(ind: &Indicator, reading: Option<&Reading>) -> Option<StandingFacts> {
    let r = reading?;
    if r.standing.is_empty() || r.verdict.is_some() {
        return None;
    }
    let comparisons = [
        ("全省", r.standing.province_average),
        ("全市", r.standing.city_average),
    ]
    .into_iter()
    .filter_map(|(scope, average)| Some(compare(ind, scope, r.value, average?)))
    .collect();
    Some(StandingFacts {
        year: r.year,
        comparisons,
        rank: r.standing.rank.clone(),
    })
}

fn compare(ind: &Indicator, scope: &'static str, value: f64, average: f64) -> Comparison {
    let scale = 10f64.powi(ind.digits as i32);
    let difference = ((value - average) * scale).round() / scale;
    let unit = match ind.unit.trim() {
        "%" => "个百分点".to_string(),
        "‰" => "个千分点".to_string(),
        other => other.to_string(),
    };
    let neutral = matches!(ind.target, Target::Band { .. } | Target::Assessed);
    let better = if neutral {
        Better::Neither
    } else if difference == 0.0 {
        Better::Same
    } else {
        match (ind.direction, difference > 0.0) {
            (Direction::Higher, true) | (Direction::Lower, false) => Better::Ours,
            _ => Better::Average,
        }
    };
    Comparison {
        scope,
        value,
        average,
        difference,
        unit,
        above: difference > 0.0,
        better,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_differ_in_points_and_falling_targets_prefer_below() {
        let plan = crate::plan::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/plan.yaml"),
        )
        .unwrap();
        let ind = |id: &str| plan.indicator(id).unwrap();
        // gdp: growth in %, 6.5 against 5.3 → 1.2 个百分点 above, ours better.
        let c = compare(ind("gdp"), "全省", 6.5, 5.3);
        assert_eq!(
            (c.difference, c.unit.as_str(), c.better),
            (1.2, "个百分点", Better::Ours)
        );
        // unemployment is to stay low: 2.6 against 2.9 is 0.3 below, ours better.
        let e = ind("unemployment");
        assert_eq!(e.direction, Direction::Lower);
        let c = compare(e, "全市", 2.6, 2.9);
        assert_eq!(
            (c.difference, c.above, c.better),
            (-0.3, false, Better::Ours)
        );
        let c = compare(e, "全市", 2.9, 2.9);
        assert_eq!(c.better, Better::Same);
        let c = compare(e, "全市", 3.2, 2.9);
        assert_eq!(
            (c.difference, c.above, c.better),
            (0.3, true, Better::Average)
        );
    }
}
