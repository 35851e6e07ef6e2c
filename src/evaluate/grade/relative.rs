//! Grading a relative target (与经济增长同步, 高于GDP增长, 不低于全省平均): the
//! indicator's yearly figures against a reference series, over the years
//! both have a figure. Nothing is forecast beyond the grade.

use crate::model::vocabulary::Grade;
use crate::plan::Relation;

use super::*;

/// What a relative target compares with, for one evaluation.
pub(super) struct Relating<'a> {
    pub relation: Relation,
    /// The reference as printed (地区生产总值增长, 全省平均).
    pub name: &'a str,
    /// The reference's figures in the period, oldest first.
    pub reference: &'a [Point],
    /// δ of 同步 / 基本同步.
    pub delta: f64,
    pub on_levels: bool,
    pub every_year: bool,
    /// The reference's base-year figure (缩小差距 measures the gap from it).
    pub reference_base: Option<Point>,
}

/// How far `value` falls short of `reference` in the relation's direction
/// (negative when it is beyond it): r − v, or v − r for 低于.
fn shortfall(relation: Relation, value: f64, reference: f64) -> f64 {
    match relation {
        Relation::Below => value - reference,
        Relation::InStep
        | Relation::NearlyInStep
        | Relation::Above
        | Relation::NotBelow
        | Relation::NarrowGap => reference - value,
    }
}

/// The compound average yearly rate of `rates` (in %).
fn average(rates: &[f64]) -> f64 {
    let product: f64 = rates.iter().map(|r| 1.0 + r / 100.0).product();
    (product.powf(1.0 / rates.len() as f64) - 1.0) * 100.0
}

impl Relating<'_> {
    /// Whether `value` keeps the relation to the reference figure `reference`.
    fn holds(&self, value: f64, reference: f64) -> bool {
        self.relation.holds(value, reference, self.delta)
    }

    /// The target in words, with the allowance of 基本同步: "与经济增长同步的目标（允许低于1个百分点）".
    /// Unquoted: the relation is said in the program's words, not the plan's wording.
    fn goal(&self) -> String {
        let relation = self.relation.phrase(self.name);
        format!(
            "{relation}的目标{}",
            if self.delta > 0.0 {
                format!("（允许低于{}个百分点）", plain(self.delta))
            } else {
                String::new()
            }
        )
    }
}

/// The two figures with enough decimals that the comparison printed is the one made.
fn shown(w: &Words, v: f64, q: f64) -> (String, String) {
    let d = crate::model::numfmt::decisive_digits(v, q, w.digits.max(1));
    (fixed(v, d), fixed(q, d))
}

/// The figure as shown, and how it compares with the reference: "高于全省平均3.2%".
fn compared(w: &Words, r: &Relating, v: f64, q: f64) -> (String, String) {
    let (vs, qs) = shown(w, v, q);
    let word = if (v - q).abs() < EPS {
        "等于"
    } else if v > q {
        "高于"
    } else {
        "低于"
    };
    (vs, format!("{word}{}{qs}{}", r.name, w.unit))
}

/// Whether the target is kept, in words.
fn kept_words(ok: bool) -> &'static str {
    if ok { "符合" } else { "未达到" }
}

/// A year's figure and the reference's beside it, oldest first.
type Common = Vec<(i32, f64, f64)>;

impl Grading<'_> {
    /// Grades a relative target on the years both sides have a figure: the
    /// latest year's figures (levels, or one common year), else the averages.
    pub(super) fn relative(&self, a: &mut Assessment, r: Relating) {
        if r.relation == Relation::NarrowGap {
            return self.narrow_gap(a, &r);
        }
        // The years both sides have a figure.
        let common: Common = self
            .points
            .iter()
            .filter_map(|p| {
                r.reference
                    .iter()
                    .find(|q| q.year == p.year)
                    .map(|q| (p.year, p.value, q.value))
            })
            .collect();
        // Years after the last common one wait for the reference's figure: the
        // indicator's evaluation says so (`pending_words`), not left out.
        let last_common = common.last().map_or(i32::MIN, |c| c.0);
        let left_out: Vec<String> = self
            .points
            .iter()
            .filter(|p| p.year < last_common && !common.iter().any(|c| c.0 == p.year))
            .map(|p| format!("{}年", p.year))
            .collect();
        let left_note = if left_out.is_empty() {
            String::new()
        } else {
            format!("（{}缺少{}数据，未计入对比）", left_out.join("、"), r.name)
        };
        let Some(&(year, value, reference)) = common.last() else {
            // No year is compared: the unit's figures wait for the reference's.
            a.reading_year = None;
            a.grade = Grade::NoData;
            a.reason = format!("{}尚无与本指标同年的数据，无法对比", r.name);
            return;
        };
        a.reading_year = Some(year);
        a.value = Some(value);
        a.expected = Some(reference);
        a.missed_years = common
            .iter()
            .filter(|c| !r.holds(c.1, c.2))
            .map(|c| c.0)
            .collect();
        if r.on_levels || common.len() == 1 {
            self.relative_latest(a, &r, &common, &left_note);
        } else {
            self.relative_average(a, &r, &common, &left_note);
        }
    }

    /// A relation on levels, or on rates with one common year: the latest
    /// year's figure against the reference's.
    fn relative_latest(&self, a: &mut Assessment, r: &Relating, common: &Common, left_note: &str) {
        let w = self.words;
        let &(year, value, reference) = common.last().expect("caller checked");
        let ok = r.holds(value, reference);
        let previous_ok = common.iter().rev().nth(1).is_none_or(|c| r.holds(c.1, c.2));
        let (vs, cmp) = compared(w, r, value, reference);
        a.reason = format!(
            "{}，{cmp}，{}{}{left_note}",
            w.is(year, &format!("{vs}{}", w.unit)),
            kept_words(ok),
            r.goal()
        );
        let gap = shortfall(r.relation, value, reference);
        a.grade = match (r.on_levels, self.period.is_final()) {
            // A level relation is kept like a floor whose limit is the benchmark.
            (true, true) => kept(ok, a.missed_years.is_empty()),
            (true, false) => match (ok, previous_ok) {
                (true, _) => Grade::OnTrack,
                (false, true) => Grade::Behind,
                (false, false) => Grade::FarBehind,
            },
            // One common year of rates: its figures are the averages.
            (false, true) if ok => Grade::Completed,
            (false, true) if gap <= r.delta + 0.5 + EPS && !r.every_year => {
                Grade::BasicallyCompleted
            }
            (false, true) => Grade::NotCompleted,
            (false, false) if ok && -gap >= 1.0 - EPS => Grade::Ahead,
            (false, false) if ok => Grade::OnTrack,
            (false, false) => Grade::Behind,
        };
    }

    /// Rates over several common years: the average rates compared, the
    /// years that missed named.
    fn relative_average(&self, a: &mut Assessment, r: &Relating, common: &Common, left_note: &str) {
        let w = self.words;
        let &(year, value, reference) = common.last().expect("caller checked");
        let v_bar = average(&common.iter().map(|c| c.1).collect::<Vec<_>>());
        let r_bar = average(&common.iter().map(|c| c.2).collect::<Vec<_>>());
        let on_average = r.holds(v_bar, r_bar);
        a.realised_rate = Some(v_bar);
        let first = common[0].0;
        let span = w.span(first, year);
        let (vs, rs) = shown(w, v_bar, r_bar);
        let verdict_years = common.len() - a.missed_years.len();
        let rate = |v: f64, shown: &str| {
            if v < 0.0 {
                format!("年均下降{}", shown.trim_start_matches('-'))
            } else {
                format!("年均增长{shown}")
            }
        };
        let mut reason = format!(
            "{span}{}%，同期{}{}{}，{}{}",
            rate(v_bar, &vs),
            // "同期地区生产总值年均增长5.5%", not "…增长年均增长".
            r.name
                .strip_suffix("增长")
                .or_else(|| r.name.strip_suffix("增速"))
                .unwrap_or(r.name),
            rate(r_bar, &rs),
            w.unit,
            kept_words(on_average),
            r.goal()
        );
        if !a.missed_years.is_empty() {
            let years: Vec<String> = a.missed_years.iter().map(|y| format!("{y}年")).collect();
            reason.push_str(&format!("；其中{}未达到", years.join("、")));
        }
        reason.push_str(left_note);
        a.reason = reason;
        let gap = shortfall(r.relation, v_bar, r_bar);
        if self.period.is_final() {
            let majority = verdict_years * 2 > common.len();
            a.grade = if r.every_year {
                if a.missed_years.is_empty() {
                    Grade::Completed
                } else if majority {
                    Grade::BasicallyCompleted
                } else {
                    Grade::NotCompleted
                }
            } else if on_average {
                Grade::Completed
            } else if gap <= r.delta + 0.5 + EPS || majority {
                Grade::BasicallyCompleted
            } else {
                Grade::NotCompleted
            };
            return;
        }
        let latest_ok = r.holds(value, reference);
        let previous_ok = common.iter().rev().nth(1).is_none_or(|c| r.holds(c.1, c.2));
        a.grade = if on_average {
            if -gap >= 1.0 - EPS {
                Grade::Ahead
            } else {
                Grade::OnTrack
            }
        } else if !latest_ok && !previous_ok {
            Grade::FarBehind
        } else {
            Grade::Behind
        };
    }

    /// 缩小与全省平均水平的差距: the gap (reference − value, the base year's
    /// first) judged as a target without a number that is to fall, each year's
    /// gap printed.
    fn narrow_gap(&self, a: &mut Assessment, r: &Relating) {
        let w = self.words;
        let at = |list: &[Point], year: i32| list.iter().find(|p| p.year == year).map(|p| p.value);
        let base_gap = r
            .reference_base
            .zip(self.base_point)
            .map(|(reference, own)| reference.value - own.value);
        let gaps: Vec<Point> = self
            .points
            .iter()
            .filter_map(|p| at(r.reference, p.year).map(|q| Point::new(p.year, q - p.value)))
            .collect();
        let Some(latest) = gaps.last().copied() else {
            // No year is compared: the unit's figures wait for the reference's.
            a.reading_year = None;
            a.grade = Grade::NoData;
            a.reason = format!("{}尚无与本指标同年的数据，无法计算差距", r.name);
            return;
        };
        let (base, judged) = match base_gap {
            Some(b) => (b, &gaps[..]),
            None if gaps.len() > 1 => (gaps[0].value, &gaps[1..]),
            None => {
                a.grade = Grade::NoData;
                a.reason = format!(
                    "{}年差距为{}，尚无基期或上年的差距可比，无法判断是否缩小",
                    latest.year,
                    w.f(latest.value)
                );
                return;
            }
        };
        Grading {
            points: judged,
            ..*self
        }
        .trend(a, crate::plan::Way::Lower, None, None, Some(base));
        let own = at(self.points, latest.year).unwrap_or_default();
        let reference = at(r.reference, latest.year).unwrap_or_default();
        let before = judged.iter().rev().nth(1).map_or(base, |p| p.value);
        let change = latest.value - before;
        let moved = if change.abs() < 10f64.powi(-(w.digits as i32)) / 2.0 {
            "持平".to_string()
        } else if change < 0.0 {
            format!("缩小{}", w.f(-change))
        } else {
            format!("扩大{}", w.f(change))
        };
        let mut reason = format!(
            "{}，{}为{}，差距{}，较{}{moved}",
            w.is(latest.year, &w.f(own)),
            r.name,
            w.f(reference),
            w.f(latest.value),
            match (judged.len(), base_gap) {
                (n, _) if n > 1 => "上年".to_string(),
                (_, Some(_)) => format!("{}年", self.period.base),
                (_, None) => format!("{}年", gaps[0].year),
            }
        );
        if !a.missed_years.is_empty() {
            let years: Vec<String> = a.missed_years.iter().map(|y| format!("{y}年")).collect();
            reason.push_str(&format!("；{}差距未缩小", years.join("、")));
        }
        a.reason = reason;
        a.reading_year = Some(latest.year);
        a.value = Some(own);
        a.expected = Some(reference);
    }
}
