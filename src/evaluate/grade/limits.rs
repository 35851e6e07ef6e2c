//! Grading limits and bands: a value to stay above or below, or inside a
//! band, every year.

use crate::model::vocabulary::{Grade, Outlook};

use crate::model::numfmt::decisive_digits;

use super::*;

impl Grading<'_> {
    /// A floor or ceiling whose base year was on the wrong side: a level to
    /// reach until the first year the limit is met, a limit from then on.
    pub(super) fn wrong_side_limit(
        &self,
        a: &mut Assessment,
        limit: f64,
        tolerance: Option<f64>,
        base: f64,
        direction: Direction,
        strict: bool,
    ) {
        let w = self.words;
        let bound = direction.loosen(limit, tolerance);
        let first_met = self
            .points
            .iter()
            .position(|p| direction.satisfies(p.value, bound, strict));
        let (verb, within) = reach_words(direction);
        let path = format!("由{}年的{}", self.period.base, w.f(base));
        match first_met {
            None => {
                self.level(a, bound, base, None, direction, strict);
                a.reason = self.unreached_limit(a, limit, base, direction);
            }
            Some(i) if self.period.is_final() && self.points[i].year == self.period.target => {
                // First reached in the target year: graded as a level (part three).
                self.level(a, bound, base, None, direction, strict);
                a.reason = format!("{path}起步，{}", a.reason);
            }
            Some(i) => {
                let since = &self.points[i..];
                let first_year = since[0].year;
                Grading {
                    points: since,
                    ..*self
                }
                .limit(a, limit, tolerance, direction, strict);
                let every = "规划期内各年均达到要求";
                if a.reason.contains(every) {
                    // The years before it was first reached were on the wrong side.
                    a.reason = a
                        .reason
                        .replace(every, &format!("{first_year}年达到以来各年均达到要求"));
                }
                a.reason = if since.len() == 1 {
                    // The latest year is the first on the good side: said once.
                    format!("{path}起步，{}", a.reason)
                } else {
                    format!(
                        "{path}起步，{}{verb}{}（{}{within}）；{}",
                        w.year(first_year),
                        w.d(since[0].value, bound),
                        w.p(limit),
                        a.reason
                    )
                };
            }
        }
    }

    /// The reason of a floor or ceiling not yet reached since a base year on
    /// the wrong side: where the figure moved, and what it still lacks.
    fn unreached_limit(
        &self,
        a: &Assessment,
        limit: f64,
        base: f64,
        direction: Direction,
    ) -> String {
        let w = self.words;
        let (verb, within) = reach_words(direction);
        let path = format!("由{}年的{}", self.period.base, w.f(base));
        let latest = self.latest();
        let moved = if (latest.value - base).abs() < EPS {
            "持平于"
        } else if latest.value < base {
            "降至"
        } else {
            "升至"
        };
        let value = w.d(latest.value, limit);
        if self.period.is_final() {
            format!(
                "{path}{moved}{}年的{value}，未{verb}{}{within}，完成规划期{}幅度的{}",
                latest.year,
                w.p(limit),
                direction.change_noun(),
                share_percent(a.progress_share.unwrap_or(0.0))
            )
        } else {
            format!(
                "{path}{moved}{}年的{value}，按{}应{verb}{}，尚未{verb}{}{within}",
                latest.year,
                self.period.words.schedule(),
                w.f(a.expected.unwrap_or(limit)),
                w.p(limit)
            )
        }
    }

    /// A floor or ceiling kept every year; with τ (控制在3%左右) the limit is
    /// L ± τ on its lenient side, and the report prints both.
    pub(super) fn limit(
        &self,
        a: &mut Assessment,
        stated: f64,
        tolerance: Option<f64>,
        direction: Direction,
        strict: bool,
    ) {
        let w = self.words;
        let latest = self.latest();
        let previous = self.points.iter().rev().nth(1).copied();
        let limit = direction.loosen(stated, tolerance);
        let strict = strict && tolerance.is_none();
        a.expected = Some(limit);
        a.missed_years = self
            .points
            .iter()
            .filter(|p| !direction.satisfies(p.value, limit, strict))
            .map(|p| p.year)
            .collect();
        let ok = direction.satisfies(latest.value, limit, strict);
        // Above a ceiling: the reading overshoots the upper end.
        a.beyond_upper = !ok && matches!(direction, Direction::Lower);
        let change = previous.map(|p| direction.gain(p.value, latest.value));
        a.value_digits = decisive_digits(latest.value, limit, w.digits);
        let stand = match tolerance {
            // 控制在3%左右: read as a limit of L ± τ, both printed.
            Some(_) => about_words(w, direction, ok, stated, limit),
            None => limit_words(direction, strict, ok, &w.p(limit)),
        };
        let measured = format!("{}，{stand}", w.is(latest.year, &w.d(latest.value, limit)));
        let missed_words = match direction {
            Direction::Higher => "低于下限",
            Direction::Lower => "超过上限",
        };
        let also = if ok { "" } else { "亦" };
        let earlier = self.earlier_misses(a, latest.year, &format!("{also}{missed_words}"));
        if self.period.is_final() {
            a.grade = kept(ok, a.missed_years.is_empty());
            a.reason = if ok && a.missed_years.is_empty() && a.gap_years.is_empty() {
                format!("{measured}，规划期内各年均达到要求")
            } else if ok && a.missed_years.is_empty() {
                let gaps: Vec<String> = a.gap_years.iter().map(|y| format!("{y}年")).collect();
                format!(
                    "{measured}，规划期内有数据的各年均达到要求（{}数据缺失）",
                    gaps.join("、")
                )
            } else {
                format!("{measured}{earlier}")
            };
            return;
        }
        if ok {
            a.grade = Grade::OnTrack;
            let worsening = change.is_some_and(|c| c < -EPS);
            // A limit is not forecast: the grade says all (methodology, the outlook per kind).
            a.outlook = Outlook::NotForecast;
            a.reason = format!(
                "{measured}{}{earlier}",
                match (worsening, direction) {
                    (false, _) => "",
                    (true, Direction::Higher) => "，但较上年有所回落",
                    (true, Direction::Lower) => "，但较上年有所上升",
                }
            );
        } else {
            let previous_missed =
                previous.is_some_and(|p| !direction.satisfies(p.value, limit, strict));
            a.grade = if previous_missed {
                Grade::FarBehind
            } else {
                Grade::Behind
            };
            a.outlook = Outlook::NotForecast;
            a.reason = format!("{measured}{earlier}");
        }
    }

    // Long: the band's words on each side (short, beyond), earlier years by side, then the grade.
    /// A band to stay inside every year. A reading past its far end in the
    /// good direction (above the upper end; below the lower end for a
    /// lower-is-better indicator) misses it too, and is said to lie beyond
    /// it, never to fall short.
    pub(super) fn band(
        &self,
        a: &mut Assessment,
        [min, max]: [f64; 2],
        centre: Option<f64>,
        direction: Direction,
    ) {
        let w = self.words;
        let latest = self.latest();
        let inside = |v: f64| v >= min - EPS && v <= max + EPS;
        a.expected = centre;
        a.missed_years = self
            .points
            .iter()
            .filter(|p| !inside(p.value))
            .map(|p| p.year)
            .collect();
        let band = match centre {
            Some(c) => format!("{}左右（{}～{}）", w.p(c), plain(min), w.p(max)),
            None => format!("{}～{}", plain(min), w.p(max)),
        };
        let ok = inside(latest.value);
        let nearest = if latest.value < min { min } else { max };
        a.value_digits = decisive_digits(latest.value, nearest, w.digits);
        let value = w.d(latest.value, nearest);
        // Past the far end in the good direction: an overshoot.
        a.beyond_upper = match direction {
            Direction::Higher => latest.value > max + EPS,
            Direction::Lower => latest.value < min - EPS,
        };
        let measured = if ok {
            format!("{}为{value}，保持在目标区间{band}内", w.year(latest.year))
        } else if latest.value < min && a.beyond_upper {
            format!(
                "{}为{value}，低于目标区间{band}的下限{}，未保持在目标区间内",
                w.year(latest.year),
                w.p(min)
            )
        } else if latest.value < min {
            format!("{}为{value}，低于目标区间{band}的下限", w.year(latest.year))
        } else if a.beyond_upper {
            format!(
                "{}为{value}，高于目标区间{band}的上限{}，未保持在目标区间内",
                w.year(latest.year),
                w.p(max)
            )
        } else {
            format!("{}为{value}，高于目标区间{band}的上限", w.year(latest.year))
        };
        // Earlier years outside, each said on its side: 高于上限 / 低于下限.
        // 亦 only for earlier years on the latest year's side ("低于下限；2027年高于上限").
        let latest_above = latest.value > max + EPS;
        let side_of = |above: bool| {
            let also = if !ok && above == latest_above {
                "亦"
            } else {
                ""
            };
            let years: Vec<String> = a
                .missed_years
                .iter()
                .filter(|&&y| y != latest.year)
                .filter(|&&y| {
                    self.points
                        .iter()
                        .any(|p| p.year == y && (p.value > max + EPS) == above)
                })
                .map(|y| format!("{y}年"))
                .collect();
            match (years.is_empty(), above) {
                (true, _) => String::new(),
                (false, true) => format!("；{}{also}高于目标区间上限", years.join("、")),
                (false, false) => format!("；{}{also}低于目标区间下限", years.join("、")),
            }
        };
        a.reason = format!("{measured}{}{}", side_of(false), side_of(true));
        if self.period.is_final() {
            a.grade = kept(ok, a.missed_years.is_empty());
            return;
        }
        let previous = self.points.iter().rev().nth(1).copied();
        // A band is not forecast: the grade says all (methodology, the outlook per kind).
        a.outlook = Outlook::NotForecast;
        a.grade = if ok {
            Grade::OnTrack
        } else if previous.is_some_and(|p| !inside(p.value)) {
            // Missed this year and last is 明显滞后; a first miss is 滞后 however far (part three).
            Grade::FarBehind
        } else {
            Grade::Behind
        };
    }
}

/// How a figure stands to a floor or ceiling, in the words a reader expects:
/// 保持在60%以上, 控制在3.8%以内, 低于60%的下限, 超过3.8%的上限.
fn limit_words(direction: Direction, strict: bool, ok: bool, limit: &str) -> String {
    match (direction, strict, ok) {
        (Direction::Higher, false, true) => format!("保持在{limit}以上"),
        (Direction::Higher, true, true) => format!("高于{limit}"),
        (Direction::Higher, false, false) => format!("低于{limit}的下限"),
        (Direction::Higher, true, false) => format!("未高于{limit}的下限"),
        (Direction::Lower, false, true) => format!("控制在{limit}以内"),
        (Direction::Lower, true, true) => format!("低于{limit}"),
        (Direction::Lower, false, false) => format!("超过{limit}的上限"),
        (Direction::Lower, true, false) => format!("未低于{limit}的上限"),
    }
}

/// The verb and the side a floor or ceiling is reached with: 提高至…以上, 降至…以内.
fn reach_words(direction: Direction) -> (&'static str, &'static str) {
    match direction {
        Direction::Higher => ("提高至", "以上"),
        Direction::Lower => ("降至", "以内"),
    }
}

/// A limit of about `stated` (控制在3%左右) kept or not, the lenient `limit` beside it.
fn about_words(w: &Words, direction: Direction, ok: bool, stated: f64, limit: f64) -> String {
    match (direction, ok) {
        (Direction::Higher, true) => {
            format!("符合{}左右的要求（不低于{}）", w.p(stated), w.p(limit))
        }
        (Direction::Lower, true) => format!(
            "符合控制在{}左右的要求（不高于{}）",
            w.p(stated),
            w.p(limit)
        ),
        (Direction::Higher, false) => {
            format!("低于{}左右的下限{}", w.p(stated), w.p(limit))
        }
        (Direction::Lower, false) => format!("高于{}左右的上限{}", w.p(stated), w.p(limit)),
    }
}
