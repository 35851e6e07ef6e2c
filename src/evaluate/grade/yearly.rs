//! Grading a target the government sets year by year (保持在合理区间、各年度视情提出):
//! each year against its own year's target, read from the readings. No outlook
//! is forecast, since the later years' targets are not set yet.

use crate::model::vocabulary::{Grade, Outlook};

use super::*;

impl Grading<'_> {
    // Long: each year judged against its own target, the words for a shortfall and an overshoot, the final's rule and the annual's.
    pub(super) fn yearly(&self, a: &mut Assessment, two_sided: bool, direction: Direction) {
        let w = self.words;
        let judged: Vec<Point> = self
            .points
            .iter()
            .copied()
            .filter(|p| p.quota.is_some())
            .collect();
        let latest_reading = self.latest();
        let Some(latest) = judged.last().copied() else {
            a.grade = Grade::NoData;
            a.outlook = Outlook::NotForecast;
            a.reason = format!(
                "{}，但未填写年度目标，无法评价（请在数据文件的“下达目标（年度目标）”列填写各年度目标）",
                w.is(latest_reading.year, &w.f(latest_reading.value))
            );
            return;
        };
        // The year's threshold, and an upper end when the target has one.
        let stand = |p: &Point| -> (bool, bool) {
            let low = p.quota.unwrap_or(f64::NAN);
            let met_low = direction.satisfies(p.value, low, false);
            let high = p.target.and_then(|t| t.high);
            let over = high.is_some_and(|h| direction.gain(h, p.value) > EPS);
            let met = met_low && !(two_sided && over);
            // Beyond the upper end, or a single figure by at least one point.
            let ahead = !two_sided
                && match (high, p.target) {
                    (Some(_), _) => over,
                    (None, _) => direction.gain(low, p.value) >= 1.0 - EPS,
                };
            (met, met && ahead)
        };
        a.value = Some(latest.value);
        a.reading_year = Some(latest.year);
        a.expected = latest.quota;
        a.missed_years = judged
            .iter()
            .filter(|p| !stand(p).0)
            .map(|p| p.year)
            .collect();
        let target_words = |p: &Point| match p.target {
            Some(t) => t.words(w.unit),
            None => w.p(p.quota.unwrap_or_default()),
        };
        let beyond_words = match direction {
            Direction::Higher => ("高于", "上限"),
            Direction::Lower => ("低于", "下限"),
        };
        // Two-sided and past the far end in the good direction.
        let beyond = |p: &Point| {
            two_sided
                && p.target
                    .and_then(|t| t.high)
                    .is_some_and(|h| direction.gain(h, p.value) > EPS)
        };
        let compare = |p: &Point| {
            let (met, ahead) = stand(p);
            let high = p.target.and_then(|t| t.high);
            let above_range =
                !met && two_sided && high.is_some_and(|h| direction.gain(h, p.value) > EPS);
            let against = if above_range || ahead {
                high.unwrap_or(p.quota.unwrap_or_default())
            } else {
                p.quota.unwrap_or_default()
            };
            let value = w.is(p.year, &w.d(p.value, against));
            match (above_range, met, ahead) {
                // Beyond the far end of a two-sided target: an overshoot, said so.
                (true, _, _) => format!(
                    "{value}，{}年度目标{}的{}{}，未保持在目标区间内",
                    beyond_words.0,
                    target_words(p),
                    beyond_words.1,
                    w.p(against)
                ),
                (false, false, _) => format!("{value}，低于年度目标{}", target_words(p)),
                (false, true, true) => format!("{value}，高于年度目标{}", target_words(p)),
                (false, true, false) => format!("{value}，达到年度目标{}", target_words(p)),
            }
        };
        let unset: Vec<String> = self
            .points
            .iter()
            .filter(|p| p.quota.is_none())
            .map(|p| format!("{}年", p.year))
            .collect();
        let unset_note = if unset.is_empty() {
            String::new()
        } else {
            format!("；{}未填写年度目标", unset.join("、"))
        };
        a.beyond_upper = beyond(&latest);
        // Earlier misses, the years beyond the far end said apart from those short of the target.
        let earlier = {
            let years = |over: bool| -> Vec<String> {
                judged
                    .iter()
                    .filter(|p| p.year != latest.year && !stand(p).0 && beyond(p) == over)
                    .map(|p| format!("{}年", p.year))
                    .collect()
            };
            let (short, over) = (years(false), years(true));
            let mut text = String::new();
            if !over.is_empty() {
                text.push_str(&format!(
                    "；{}{}年度目标区间{}",
                    over.join("、"),
                    beyond_words.0,
                    beyond_words.1
                ));
            }
            if !short.is_empty() {
                text.push_str(&format!("；{}未达到年度目标", short.join("、")));
            }
            text
        };
        if self.period.is_final() {
            let n = self.period.target - self.period.base;
            let met_years = judged.iter().filter(|p| stand(p).0).count() as i32;
            let all_years = (self.period.base + 1..=self.period.target)
                .all(|y| judged.iter().any(|p| p.year == y && stand(p).0));
            let average = {
                let product: f64 = judged.iter().map(|p| 1.0 + p.value / 100.0).product();
                (product.powf(1.0 / judged.len() as f64) - 1.0) * 100.0
            };
            let mean_threshold =
                judged.iter().filter_map(|p| p.quota).sum::<f64>() / judged.len() as f64;
            // A two-sided target's average must also stay below the mean of the upper ends.
            let highs: Vec<f64> = judged
                .iter()
                .filter_map(|p| p.target.and_then(|t| t.high))
                .collect();
            let below_highs = !two_sided
                || highs.len() < judged.len()
                || direction.satisfies(
                    highs.iter().sum::<f64>() / highs.len() as f64,
                    average,
                    false,
                );
            // At least ⌈N/2⌉ + 1 of the N years met.
            let majority = met_years > (n + 1) / 2;
            a.grade = if all_years {
                Grade::Completed
            } else if majority
                || (direction.satisfies(average, mean_threshold, false) && below_highs)
            {
                Grade::BasicallyCompleted
            } else {
                Grade::NotCompleted
            };
            let missing: Vec<String> = (self.period.base + 1..=self.period.target)
                .filter(|y| !judged.iter().any(|p| p.year == *y))
                .map(|y| format!("{y}年"))
                .collect();
            let missing_note = if missing.is_empty() {
                String::new()
            } else {
                format!("；{}无数据或未填写年度目标，按未达到计", missing.join("、"))
            };
            a.reason = format!(
                "规划期{n}年中{met_years}年达到当年目标；{}{earlier}{missing_note}",
                compare(&latest)
            );
            return;
        }
        let (met, ahead) = stand(&latest);
        let previous_met = judged.iter().rev().nth(1).is_none_or(|p| stand(p).0);
        a.grade = match (met, ahead, previous_met) {
            (true, true, _) => Grade::Ahead,
            (true, false, _) => Grade::OnTrack,
            (false, _, true) => Grade::Behind,
            (false, _, false) => Grade::FarBehind,
        };
        a.outlook = Outlook::NotForecast;
        a.reason = format!("{}{earlier}{unset_note}", compare(&latest));
    }
}
