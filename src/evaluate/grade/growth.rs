//! Grading growth targets: an average rate over the plan period, and the
//! level a two-part target sets for the target year.

use crate::model::vocabulary::{Grade, Outlook};

use crate::model::numfmt::verdict_digits;

use super::*;

impl Grading<'_> {
    /// An average yearly rate `rate` (年均下降 when negative: every comparison
    /// is then made on the size of the fall), with the τ of 左右; `two_part`
    /// when the target also sets a level, whose part is stated after this one.
    // Long: the measured rate, its comparison, the final grade and the outlook with what is needed, in one reading.
    pub(super) fn growth(
        &self,
        a: &mut Assessment,
        rate: f64,
        tolerance: Option<f64>,
        strict: bool,
        two_part: bool,
    ) {
        let latest = self.latest();
        // Comparisons on the size of the change in the target's direction.
        let sign = if rate < 0.0 { -1.0 } else { 1.0 };
        let size = |x: f64| sign * x;
        let tau = tolerance.unwrap_or(0.0);
        let observed: f64 = self.points.iter().map(|p| 1.0 + p.value / 100.0).product();
        let n_obs = self.points.len() as f64;
        let realised = (observed.powf(1.0 / n_obs) - 1.0) * 100.0;
        let goal = (1.0 + rate / 100.0).powf(self.period.length());
        a.expected = Some(rate);
        a.realised_rate = Some(realised);
        a.progress_ratio = (rate.abs() > EPS).then(|| realised / rate);
        let strict_compare = strict && tolerance.is_none();
        let met = if strict_compare {
            size(realised) > size(rate) + EPS
        } else {
            size(realised) >= size(rate) - tau - EPS
        };
        // One rate is a year's growth, not an average.
        let single = self.points.len() == 1 && a.gap_years.is_empty();
        let span = if single {
            self.words.year(latest.year)
        } else {
            self.words.span(self.period.base + 1, latest.year)
        };
        // The indicator's one decimal, more only where rounding would change the verdict.
        a.realised_digits =
            verdict_digits(realised, rate - sign * tau, 1, sign > 0.0, strict_compare);
        let shown = fixed(realised.abs(), a.realised_digits);
        let verb = match (single, realised < 0.0) {
            (true, false) => "增长",
            (true, true) => "下降",
            (false, false) => "年均增长",
            (false, true) => "年均下降",
        };
        let measured = format!("{span}{verb}{shown}%{}", gap_note(a));
        let target_words = growth_target_words(rate, tolerance, strict);
        // The final and a two-part target name the target; a year within the
        // plan says 目标. For a fall, 大于/小于 compare the sizes of the fall.
        let named = self.period.is_final() || two_part;
        let versus_size = |gap: f64| {
            let target = if named {
                format!("{target_words}的目标")
            } else {
                "目标".to_string()
            };
            let (more, less, what) = if sign > 0.0 {
                ("高于", "低于", "")
            } else {
                ("大于", "小于", "降幅")
            };
            if met && fixed(gap.abs(), 1) == "0.0" {
                // Printed at one decimal the rate is the target's: 达到, not 高于…0.05个百分点.
                format!("达到{target}")
            } else if gap.abs() < EPS {
                format!("与{target}持平")
            } else if met && gap < 0.0 {
                // Short of X but within its 左右.
                format!(
                    "{what}{less}{target}{}个百分点，在目标范围内",
                    decisive(gap.abs(), 0.0, 1)
                )
            } else {
                format!(
                    "{what}{}{target}{}个百分点",
                    if gap > 0.0 { more } else { less },
                    decisive(gap.abs(), 0.0, 1)
                )
            }
        };
        let gap = size(realised) - size(rate);
        if self.period.is_final() {
            let unit = 0.1;
            let t = self.thresholds;
            a.grade = if !met {
                if size(realised) >= t.on_track * (size(rate) - tau) - EPS {
                    Grade::BasicallyCompleted
                } else {
                    Grade::NotCompleted
                }
            } else if tolerance.is_some() {
                if size(realised) > size(rate) + tau + unit + EPS {
                    Grade::Exceeded
                } else {
                    Grade::Completed
                }
            } else if a.progress_ratio.is_some_and(|r| r >= t.ahead) && gap > unit + EPS {
                Grade::Exceeded
            } else {
                Grade::Completed
            };
            if tolerance.is_some() && (rate - sign * tau).abs() > EPS {
                // Drawn as graded: the rate against X − τ of a 左右 target.
                a.progress_ratio = Some(realised / (rate - sign * tau));
            }
            a.reason = format!("{measured}，{}", versus_size(gap));
            if let Some(t) = tolerance {
                a.reason.push_str(&bound_words(rate, t));
            }
            return;
        }
        // Early achievement is judged on the years that have a figure only:
        // a missing year is never taken to have grown; never in the first year.
        let reached = self.points.len() > 1 && {
            let beyond = sign * (observed - goal);
            if strict { beyond > EPS } else { beyond >= -EPS }
        };
        if reached {
            a.grade = Grade::AchievedEarly;
            a.outlook = Outlook::Achieved;
            a.reason = format!(
                "{measured}，累计{}{}%，已达到规划期{target_words}的累计要求",
                if observed >= 1.0 { "增长" } else { "下降" },
                fixed((observed - 1.0).abs() * 100.0, 1)
            );
            return;
        }
        a.grade = match a.progress_ratio {
            Some(ratio) => self.ratio_grade(ratio),
            None => Grade::FarBehind,
        };
        if tolerance.is_some() && met && a.grade > Grade::OnTrack {
            // Within 左右 of the target: at least 基本符合预期, never lowered.
            a.grade = Grade::OnTrack;
        }
        let bound = if let Some(t) = tolerance {
            bound_words(rate, t)
        } else {
            String::new()
        };
        let (rest, remaining) = self.rest(latest.year);
        if remaining <= 0 {
            a.outlook = if met {
                Outlook::Achieved
            } else {
                Outlook::Missed
            };
            a.reason = format!("{measured}，{}{bound}", versus_size(gap));
            return;
        }
        // A missing year is taken to have grown at the realised average, and said so.
        let filled = observed * (1.0 + realised / 100.0).powi(a.gap_years.len() as i32);
        let needed_to = |r: f64| {
            let aim = (1.0 + r / 100.0).powf(self.period.length());
            ((aim / filled).powf(1.0 / f64::from(remaining)) - 1.0) * 100.0
        };
        // To X itself, and (with τ) to the bound X − τ the outlook is judged by.
        let need = needed_to(rate);
        let need_bound = needed_to(rate - sign * tau);
        a.needed_rate = Some(need);
        a.needed_rate_bound = tolerance.map(|_| need_bound);
        a.outlook = if size(need_bound) <= size(realised).max(size(latest.value)) + EPS {
            Outlook::Likely
        } else if size(need_bound) <= 1.5 * size(rate) + EPS {
            Outlook::Hard
        } else {
            Outlook::VeryHard
        };
        if two_part && met {
            // The growth part is met: what it still needs is no finding; the level part follows.
            a.reason = format!("{measured}，{}{bound}", versus_size(gap));
            return;
        }
        let each = if remaining == 1 { "需" } else { "需年均" };
        let change = |r: f64| if r < 0.0 { "下降" } else { "增长" };
        let assumed = if a.gap_years.is_empty() {
            ""
        } else {
            "（缺失年份按已实现增速计）"
        };
        let to_bound = tolerance
            .map(|t| bound_need_words(rate, t, need, need_bound))
            .unwrap_or_default();
        a.reason = format!(
            "{measured}，{}{bound}；要实现{target_words}的目标，{rest}{each}{}{}%{to_bound}{assumed}",
            versus_size(gap),
            change(need),
            fixed(need.abs(), 1)
        );
    }

    /// The level part of a two-part growth target, graded as a level from
    /// the base-year level; the indicator takes the worse grade.
    pub(super) fn level_part(&self, a: &mut Assessment, part: LevelPart) {
        let points = in_period(part.points, self.period);
        let words = Words {
            unit: part.unit,
            digits: if part.target >= 1000.0 { 0 } else { 1 },
            verb: None,
            estimated: self.words.estimated,
        };
        let mut level = match points.last() {
            None => Assessment {
                grade: Grade::NoData,
                reason: "总量无数据".to_string(),
                ..Assessment::default()
            },
            Some(latest) => {
                let mut level = Assessment {
                    reading_year: Some(latest.year),
                    value: Some(latest.value),
                    value_digits: words.digits,
                    observed_years: points.len(),
                    preliminary: self.period.is_final() && latest.year < self.period.target,
                    ..Assessment::default()
                };
                Grading {
                    points: &points,
                    words: &words,
                    ..*self
                }
                .level(
                    &mut level,
                    part.target,
                    part.base,
                    None,
                    Direction::Higher,
                    false,
                );
                level
            }
        };
        level.reason = self.level_part_words(&mut level, part, &words);
        a.reason = format!("{}；{}", a.reason, level.reason);
        // Which part falls short, for the rules and the problems' wording.
        let short = |g: Grade| g.is_lagging() || g == Grade::BasicallyCompleted;
        a.lagging_part = match (short(a.grade), short(level.grade)) {
            (true, true) => Some("both".to_string()),
            (true, false) => Some("growth".to_string()),
            (false, true) => Some("level".to_string()),
            (false, false) => None,
        };
        a.grade = a.grade.worse(level.grade);
        if self.period.is_final() {
            a.outlook = Outlook::Closed;
        } else if level.grade != Grade::NoData && level.outlook.doubt() > a.outlook.doubt() {
            // The indicator is as likely to be met as its harder part.
            a.outlook = level.outlook;
        }
        level.outlook = a.outlook;
        a.level_part = Some(Box::new(level));
    }

    /// The level part's sentence with its own verdict: against the schedule
    /// within the plan ("总量2026年为390.0亿元，低于按进度要求测算的394.4亿元"),
    /// with the compound yearly growth the target level still needs; the
    /// final's reason as the level grading gives it, 提高幅度 read as 增量.
    fn level_part_words(&self, level: &mut Assessment, part: LevelPart, words: &Words) -> String {
        let (Some(value), Some(year), Some(expected)) =
            (level.value, level.reading_year, level.expected)
        else {
            return level.reason.clone();
        };
        let (rest, remaining) = self.rest(year);
        if self.period.is_final() || level.grade == Grade::AchievedEarly || remaining <= 0 {
            return format!("总量{}", level.reason.replace("提高幅度", "增量"));
        }
        let shown = words.d(value, expected);
        let side = if value > expected + EPS {
            "高于"
        } else if value < expected - EPS {
            "低于"
        } else {
            "达到"
        };
        // A total compounds: the yearly growth it needs, not a straight line.
        let need = ((part.target / value).powf(1.0 / f64::from(remaining)) - 1.0) * 100.0;
        level.needed_rate = Some(need);
        let each = if remaining == 1 { "需" } else { "需年均" };
        format!(
            "总量{}，{side}按{}测算的{}（已完成规划期增量的{}）；实现总量{}的目标，{rest}{each}增长{}%",
            words.is(year, &shown),
            self.period.words.schedule(),
            words.f(expected),
            share_percent(level.progress_share.unwrap_or(0.0)),
            words.p(part.target),
            fixed(need, 1)
        )
    }
}

/// The target as the plan sets it: 年均增长7%, 年均增长大于5.5%, 年均下降3%, 年均增长6%左右.
fn growth_target_words(rate: f64, tolerance: Option<f64>, strict: bool) -> String {
    let verb = if rate < 0.0 {
        "年均下降"
    } else {
        "年均增长"
    };
    // 大于8% is written 8%以上, as plans and reports do.
    let more = if strict && tolerance.is_none() {
        "以上"
    } else {
        ""
    };
    let about = if tolerance.is_some() { "左右" } else { "" };
    format!("{verb}{}%{about}{more}", plain(rate.abs()))
}

/// "（目标6%左右，即不低于5.5%）": the bound a 左右 growth target is judged by.
fn bound_words(rate: f64, tolerance: f64) -> String {
    let sign = if rate < 0.0 { -1.0 } else { 1.0 };
    let bound = (rate - sign * tolerance).abs();
    let which = if rate < 0.0 {
        "降幅不小于"
    } else {
        "不低于"
    };
    format!("（{}%左右即{which}{}%）", plain(rate.abs()), plain(bound))
}

/// "（按不低于5.5%的下限计需5.5%）": what a growth target with τ still needs
/// to reach its bound X − τ, printed beside the rate to X itself; the verb
/// only where the two needs go different ways ("计需下降0.3%").
pub(crate) fn bound_need_words(rate: f64, tolerance: f64, need: f64, need_bound: f64) -> String {
    let bound = (rate - rate.signum() * tolerance).abs();
    let which = if rate < 0.0 {
        "降幅不小于"
    } else {
        "不低于"
    };
    let verb = match (need < 0.0, need_bound < 0.0) {
        (a, b) if a == b => "",
        (_, true) => "下降",
        (_, false) => "增长",
    };
    format!(
        "（按{which}{}%的下限计需{verb}{}%）",
        plain(bound),
        fixed(need_bound.abs(), 1)
    )
}
