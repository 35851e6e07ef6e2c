//! Grading targets without a number (part three): a direction judged on the
//! figures (明显提高, 持续缩小, 保持稳定), and the lead unit's own assessment
//! where there are no figures (营商环境持续优化). Never an invented number.

use crate::model::vocabulary::{Grade, Outlook};
use crate::plan::{Verdict, Way};

use super::*;

impl Grading<'_> {
    // Long: each year's direction, the reason's words and the grade of the two evaluations.
    pub(super) fn trend(
        &self,
        a: &mut Assessment,
        way: Way,
        threshold: Option<f64>,
        tolerance: Option<f64>,
        base: Option<f64>,
    ) {
        let w = self.words;
        let latest = self.latest();
        a.outlook = Outlook::NotForecast;
        let Some(base) = base.or(self.base_point.map(|p| p.value)) else {
            a.grade = Grade::NoData;
            a.reason = format!(
                "{}，但规划未给出基期值、数据中也没有{}年数值，无法判断变化方向",
                w.is(latest.year, &w.f(latest.value)),
                self.period.base
            );
            return;
        };
        let step = 10f64.powi(-(w.digits as i32));
        let sign = match way {
            Way::Lower => -1.0,
            Way::Higher | Way::Stable => 1.0,
        };
        // Each year against the figure before it (the base for the first).
        let mut before = base;
        let mut against: Vec<i32> = Vec::new();
        for p in self.points {
            let ok = match way {
                Way::Stable => (p.value - base).abs() <= tolerance.unwrap_or(0.0) + EPS,
                _ => sign * (p.value - before) >= step - EPS,
            };
            if !ok {
                against.push(p.year);
            }
            before = p.value;
        }
        a.missed_years = against.clone();
        let net = sign * (latest.value - base);
        let change = |from: f64, to: f64| {
            let d = to - from;
            let points = if w.unit == "%" {
                "个百分点".to_string()
            } else {
                w.unit.to_string()
            };
            // The same test as a year's: a change of less than one unit of the
            // printed digits is 持平 (and a year against), never "提高0.1".
            if d.abs() < step - EPS {
                "持平".to_string()
            } else if d > 0.0 {
                format!("提高{}{points}", fixed(d, w.digits))
            } else {
                format!("降低{}{points}", fixed(-d, w.digits))
            }
        };
        let previous = self.points.iter().rev().nth(1).map_or(base, |p| p.value);
        let amount = |m: f64| {
            if w.unit == "%" {
                format!("{}个百分点", plain(m))
            } else {
                w.p(m)
            }
        };
        let aim = match (way, threshold) {
            (Way::Stable, _) => format!(
                "目标为保持稳定，与{}年的{}相差不超过{}",
                self.period.base,
                w.f(base),
                amount(tolerance.unwrap_or(0.0))
            ),
            (Way::Higher, Some(m)) => format!(
                "目标为明显提高，即{}年较{}年提高{}",
                self.period.target,
                self.period.base,
                amount(m)
            ),
            (Way::Lower, Some(m)) => format!(
                "目标为明显降低，即{}年较{}年降低{}",
                self.period.target,
                self.period.base,
                amount(m)
            ),
            (Way::Higher, None) => "目标为持续提高".to_string(),
            (Way::Lower, None) => "目标为持续降低".to_string(),
        };
        let mut reason = if self.points.len() == 1 {
            // The year before is the base year: one comparison.
            format!(
                "{}，较{}年{}；{aim}",
                w.is(latest.year, &w.f(latest.value)),
                self.period.base,
                change(base, latest.value)
            )
        } else {
            format!(
                "{}，较上年{}，较{}年{}；{aim}",
                w.is(latest.year, &w.f(latest.value)),
                change(previous, latest.value),
                self.period.base,
                change(base, latest.value)
            )
        };
        if !against.is_empty() {
            let years: Vec<String> = against.iter().map(|y| format!("{y}年")).collect();
            let what = match way {
                Way::Stable => "超出稳定范围",
                Way::Higher => "较上年未提高",
                Way::Lower => "较上年未降低",
            };
            reason.push_str(&format!("；{}{what}", years.join("、")));
        }
        a.reason = reason;
        let latest_ok = !against.contains(&latest.year);
        let previous_ok = self
            .points
            .iter()
            .rev()
            .nth(1)
            .is_none_or(|p| !against.contains(&p.year));
        if self.period.is_final() {
            a.grade = match (way, threshold) {
                (Way::Stable, _) => kept(latest_ok, against.is_empty()),
                (_, Some(m)) if net >= m - EPS && against.len() <= 1 => Grade::Completed,
                (_, Some(_)) if net >= step - EPS => Grade::BasicallyCompleted,
                (_, None) if net >= step - EPS && against.len() <= 1 => Grade::Completed,
                (_, None) if net >= step - EPS => Grade::BasicallyCompleted,
                _ => Grade::NotCompleted,
            };
            return;
        }
        let share = f64::from(latest.year - self.period.base) / self.period.length();
        a.grade = match (latest_ok, previous_ok) {
            (true, _)
                if way != Way::Stable
                    && against.is_empty()
                    // Beyond the straight-line pace by the ahead band, as a level's R ≥ 1.05:
                    // exactly on pace is on track, not ahead.
                    && threshold.is_some_and(|m| net >= m * share * self.thresholds.ahead - EPS) =>
            {
                Grade::Ahead
            }
            (true, _) => Grade::OnTrack,
            (false, true) => Grade::Behind,
            (false, false) => Grade::FarBehind,
        };
    }

    /// The lead unit's own assessment (达到预期, 基本达到, 未达到预期); never
    /// 快于预期 or 提前实现 on a unit's own word.
    pub(super) fn assessed(&self, a: &mut Assessment) {
        let w = self.words;
        a.outlook = Outlook::NotForecast;
        let judged: Vec<(i32, Verdict)> = self
            .points
            .iter()
            .filter_map(|p| p.verdict.map(|v| (p.year, v)))
            .collect();
        let Some(&(year, verdict)) = judged.last() else {
            a.grade = Grade::NoData;
            a.reason = "牵头单位未报送评估意见".to_string();
            return;
        };
        a.value = None;
        a.reading_year = Some(year);
        a.missed_years = judged
            .iter()
            .filter(|(_, v)| *v == Verdict::NotMet)
            .map(|(y, _)| *y)
            .collect();
        a.reason = format!("据牵头单位评估，{}{}", w.year(year), verdict.label());
        let also = if verdict == Verdict::NotMet {
            "亦"
        } else {
            ""
        };
        let earlier = self.earlier_misses(a, year, &format!("{also}未达到预期"));
        a.reason.push_str(&earlier);
        let previous = judged.iter().rev().nth(1).map(|(_, v)| *v);
        a.grade = if self.period.is_final() {
            match verdict {
                Verdict::Met => Grade::Completed,
                Verdict::Basically => Grade::BasicallyCompleted,
                Verdict::NotMet => Grade::NotCompleted,
            }
        } else {
            match (verdict, previous) {
                (Verdict::Met | Verdict::Basically, _) => Grade::OnTrack,
                (Verdict::NotMet, Some(Verdict::NotMet)) => Grade::FarBehind,
                (Verdict::NotMet, _) => Grade::Behind,
            }
        };
    }
}
