//! What the report's tables print of an indicator, worded by target kind and
//! direction: the target as the plan words it, the figure with the decimals
//! its decision needs, what the schedule asks, the grade (初步 where the
//! target year's figure is not yet published).

use serde::Serialize;

use crate::evaluate::{Evaluation, IndicatorResult};
use crate::model::numfmt::{fixed, plain, year_span};
use crate::plan::{QuotaTotal, Target, Way};

/// The printed cells of one indicator.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Cells {
    /// The plan's own wording of the target (without the indicator's name it
    /// opens with), or one made from its numbers.
    pub target: String,
    /// The short form of the target for narrow tables: 年均增长10.7%, 降至4‰.
    pub target_short: String,
    /// The figure of the year evaluated (or the latest) with its unit, its
    /// year when older, and for growth the realised average beside it.
    pub value: String,
    /// The same figure alone, without the average.
    pub latest: String,
    /// What the schedule asks by the reading's year (annual and mid-term).
    pub schedule: String,
    /// The base-year figure.
    pub base: String,
    /// Growth kinds: the realised average yearly rate.
    pub realised: String,
    /// The grade, with （初步） where it rests on an older figure.
    pub grade: String,
    /// The latest figure stated in a few words for running text:
    /// "2024年为59.3%", "2024年下降2.1%", "2021—2024年年均增长8.1%".
    pub stated: String,
}

/// Which columns of a table of indicators have something in some row: a
/// column that is "—" (or empty) in every row is left out of the table.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Shown {
    pub target: bool,
    pub value: bool,
    pub latest: bool,
    pub schedule: bool,
    pub base: bool,
    pub realised: bool,
    /// The annual table's 完成预判: some row has an outlook to print.
    pub outlook: bool,
}

impl Shown {
    pub(super) fn of<'a>(rows: impl Iterator<Item = (&'a IndicatorResult, &'a Cells)>) -> Self {
        let filled = |text: &str| !matches!(text.trim(), "" | "—");
        let mut shown = Shown {
            target: false,
            value: false,
            latest: false,
            schedule: false,
            base: false,
            realised: false,
            outlook: false,
        };
        for (i, c) in rows {
            shown.target |= filled(&c.target);
            shown.value |= filled(&c.value);
            shown.latest |= filled(&c.latest);
            shown.schedule |= filled(&c.schedule);
            shown.base |= filled(&c.base);
            shown.realised |= filled(&c.realised);
            shown.outlook |= i.grade() != crate::model::vocabulary::Grade::NoData
                && !matches!(
                    i.assessment.outlook,
                    crate::model::vocabulary::Outlook::Unknown
                );
        }
        shown
    }
}

/// The cells of every indicator, in the evaluation's order.
pub(super) fn cells(evaluation: &Evaluation) -> Vec<Cells> {
    evaluation
        .indicators
        .iter()
        .map(|i| of(i, evaluation.year, evaluation.base_year))
        .collect()
}

// Long: every printed cell of a row, each a match on the target kind, worded side by side.
fn of(i: &IndicatorResult, year: i32, base_year: i32) -> Cells {
    let a = &i.assessment;
    let short = target_short(i);
    // The plan's own words, without the indicator's name the row already shows.
    let target = match i.wording.trim() {
        "" => short.clone(),
        wording => [&i.name, &i.short_name]
            .iter()
            .filter_map(|name| {
                // The name may follow a short 全市 / 全县 the row needs no more than it.
                let at = wording.find(name.as_str())?;
                (wording[..at].chars().count() <= 2).then(|| &wording[at + name.len()..])
            })
            .map(|rest| rest.trim_start_matches(['：', ':', '，', ' ']))
            .find(|rest| !rest.is_empty())
            .unwrap_or(wording)
            .to_string(),
    };
    let older = a.reading_year.filter(|&y| y < year);
    let stale = older.map(|y| format!("（{y}年）")).unwrap_or_default();
    let unit = i.unit.as_str();
    // The year's figure alone, then with its asides.
    let figure = match (a.value, &i.goal) {
        (None, Target::Assessed) => a
            .reading_year
            .and_then(|y| i.series.iter().find(|p| p.year == y))
            .and_then(|p| p.verdict)
            .map(|v| v.label().to_string()),
        (None, _) => None,
        (Some(_), Target::Cumulative { .. }) => a
            .cumulative
            .map(|c| format!("累计{}{unit}", fixed(c, i.digits.max(1)))),
        // A quota judged on its five-year 考核目标 alone: the total so far.
        (Some(_), Target::Quota { .. })
            if i.series.iter().all(|p| p.quota.is_none()) && a.cumulative.is_some() =>
        {
            a.cumulative
                .map(|c| format!("累计{}{unit}", fixed(c, i.digits)))
        }
        (Some(v), Target::Growth { rate, .. }) if *rate < 0.0 && v < 0.0 => {
            Some(format!("下降{}%", fixed(-v, 1)))
        }
        (Some(v), Target::Growth { .. }) => Some(format!("{}%", fixed(v, 1))),
        (Some(v), Target::Rank { .. }) => Some(format!("第{}位", fixed(v, 0))),
        // A reading that is a change says which way (下降3.4%), as the text does.
        (
            Some(v),
            Target::Level { .. }
            | Target::Floor { .. }
            | Target::Ceiling { .. }
            | Target::Band { .. }
            | Target::Quota { .. }
            | Target::Yearly { .. }
            | Target::Relative { .. }
            | Target::Trend { .. }
            | Target::Assessed,
        ) => Some(format!(
            "{}{}{unit}",
            i.verb.as_deref().unwrap_or(""),
            fixed(v, a.value_digits.max(i.digits))
        )),
    };
    let estimated = a
        .reading_year
        .and_then(|y| i.series.iter().find(|p| p.year == y))
        .is_some_and(|p| p.estimated);
    let figure = figure.map(|f| {
        if estimated {
            format!("{f}（预计）")
        } else {
            f
        }
    });
    let latest = figure
        .as_ref()
        .map_or_else(|| "—".to_string(), |f| format!("{f}{stale}"));
    // A single year's rate beside the average the target is set in, one
    // bracket for both asides: "5.3%（2023年，年均6.8%）".
    let value = match (&figure, a.realised_rate, &i.goal) {
        (Some(f), Some(r), Target::Growth { .. } | Target::Relative { .. })
            if a.observed_years > 1 =>
        {
            // A figure written with a verb (下降3.6%) has its average written so too.
            let average = if matches!(i.goal, Target::Growth { rate, .. } if rate < 0.0) {
                let verb = if r < 0.0 { "下降" } else { "增长" };
                format!("年均{verb}{}%", fixed(r.abs(), a.realised_digits.max(1)))
            } else {
                format!("年均{}%", fixed(r, a.realised_digits.max(1)))
            };
            format!(
                "{f}（{}{average}）",
                older.map(|y| format!("{y}年，")).unwrap_or_default(),
            )
        }
        _ => latest.clone(),
    };
    let limit_words = |limit: f64| {
        let limit = format!("{}{unit}", plain(limit));
        match (i.lower_is_better, i.strict) {
            (false, false) => format!("不低于{limit}"),
            (false, true) => format!("高于{limit}"),
            (true, false) => format!("不高于{limit}"),
            (true, true) => format!("低于{limit}"),
        }
    };
    let schedule = match &i.goal {
        _ if a.value.is_none() && a.reading_year.is_none() => "—".to_string(),
        Target::Growth {
            rate,
            tolerance: None,
        } if *rate < 0.0 => format!("年均下降{}%", plain(-rate)),
        Target::Growth { rate, tolerance } => match tolerance {
            Some(t) => format!(
                "年均{}%左右（不{}于{}%）",
                plain(*rate),
                if *rate < 0.0 { "高" } else { "低" },
                plain(rate - rate.signum() * t)
            ),
            None => format!("年均{}%", plain(*rate)),
        },
        Target::Floor { .. } | Target::Ceiling { .. } | Target::Level { .. }
            if a.progress_share.is_none() =>
        {
            a.expected.or(i.target).map(limit_words).unwrap_or_default()
        }
        Target::Band { min, max, .. } => format!("{}～{}{unit}", plain(*min), plain(*max)),
        Target::Cumulative { .. } => a
            .cumulative_expected
            .map(|e| format!("累计{}{unit}", fixed(e, i.digits.max(1))))
            .unwrap_or_else(|| "—".to_string()),
        Target::Yearly { .. } => a
            .reading_year
            .and_then(|y| i.series.iter().find(|p| p.year == y))
            .and_then(|p| {
                p.target
                    .map(|t| t.words(unit))
                    .or(p.quota.map(|q| format!("{}{unit}", plain(q))))
            })
            .unwrap_or_else(|| "未定".to_string()),
        Target::Relative {
            relation,
            reference,
            ..
        } => match a.expected {
            Some(r) => format!(
                "{}（{}{unit}）",
                relation.phrase(&reference.name),
                fixed(r, i.digits.max(1))
            ),
            None => relation.phrase(&reference.name),
        },
        Target::Trend { .. } | Target::Assessed => "—".to_string(),
        Target::Rank { .. } => a
            .expected
            .map(|e| format!("第{}位以内", fixed(e, 0)))
            .unwrap_or_else(|| "—".to_string()),
        Target::Level { .. }
        | Target::Floor { .. }
        | Target::Ceiling { .. }
        | Target::Quota { .. } => a
            .expected
            .map(|e| format!("{}{unit}", fixed(e, i.digits)))
            .unwrap_or_else(|| "—".to_string()),
    };
    let base = match (&i.base_text, i.base) {
        (Some(text), _) => with_unit(text, unit),
        (None, Some(b)) => format!("{}{unit}", fixed(b, i.digits)),
        _ => "—".to_string(),
    };
    let realised = match (a.realised_rate, i.target) {
        // At the decimals the grading chose, as the text prints it (8.0%, not 8.05%).
        (Some(r), Some(_)) => format!("{}%", fixed(r, a.realised_digits.max(1))),
        (Some(r), None) => format!("{}%", fixed(r, 1)),
        _ => "—".to_string(),
    };
    let grade = if a.preliminary {
        format!("{}（初步）", i.grade_label)
    } else {
        i.grade_label.clone()
    };
    let stated = stated(i, base_year);
    Cells {
        stated,
        latest,
        target,
        target_short: short,
        value,
        schedule,
        base,
        realised,
        grade,
    }
}

/// A figure as the plan publishes it with its unit, the unit before any
/// bracket: "6.2%（预计）", "≥32.6万吨"; as written when it has the unit.
fn with_unit(text: &str, unit: &str) -> String {
    let (figure, aside) = text.split_at(text.find('（').unwrap_or(text.len()));
    if figure.ends_with(unit) || text.ends_with(unit) {
        text.to_string()
    } else {
        format!("{figure}{unit}{aside}")
    }
}

/// The latest figure in a few words, by what the indicator measures.
fn stated(i: &IndicatorResult, base_year: i32) -> String {
    let a = &i.assessment;
    // A unit's own assessment has no figure: its verdict is what is stated.
    if let (Target::Assessed, Some(year)) = (&i.goal, a.reading_year) {
        return i
            .series
            .iter()
            .find(|p| p.year == year)
            .and_then(|p| p.verdict)
            .map_or_else(String::new, |v| {
                format!("据牵头单位评估{year}年{}", v.label())
            });
    }
    // A relation of rates over several years is judged on the period's average.
    if let (Target::Relative { .. }, Some(_)) = (&i.goal, a.realised_rate)
        && a.observed_years > 1
    {
        return i.realised_words(base_year);
    }
    let (Some(v), Some(year)) = (a.value, a.reading_year) else {
        return String::new();
    };
    let unit = &i.unit;
    let year_words = if i.series.iter().any(|p| p.year == year && p.estimated) {
        format!("预计{year}年")
    } else {
        format!("{year}年")
    };
    match &i.goal {
        Target::Growth { .. } => i.realised_words(base_year),
        Target::Cumulative { .. } => match (a.cumulative, i.accumulate) {
            (Some(c), Some(how)) => format!(
                "{}{}{}{}{unit}",
                year_span(base_year + 1, year),
                if year_words.starts_with("预计") {
                    "预计"
                } else {
                    ""
                },
                how.verb(),
                fixed(c, i.digits.max(1))
            ),
            _ => String::new(),
        },
        // A quota with a period total is stated as the period's total, not one year's figure.
        Target::Quota {
            cumulative: Some(_),
            accumulate,
        } if a.cumulative.is_some() => format!(
            "{}{}{}{}{unit}",
            year_span(base_year + 1, year),
            if year_words.starts_with("预计") {
                "预计"
            } else {
                ""
            },
            accumulate.verb(),
            fixed(a.cumulative.unwrap_or_default(), i.digits.max(1))
        ),
        Target::Rank { group, .. } => format!("{year_words}居{group}第{}位", fixed(v, 0)),
        Target::Assessed => String::new(),
        Target::Level { .. }
        | Target::Floor { .. }
        | Target::Ceiling { .. }
        | Target::Band { .. }
        | Target::Quota { .. }
        | Target::Yearly { .. }
        | Target::Relative { .. }
        | Target::Trend { .. } => {
            let figure = format!("{}{unit}", fixed(v, a.value_digits.max(i.digits)));
            match &i.verb {
                Some(verb) => format!("{year_words}{verb}{figure}"),
                None => format!("{year_words}为{figure}"),
            }
        }
    }
}

/// The target in a few words, from its numbers and direction.
fn target_short(i: &IndicatorResult) -> String {
    let unit = i.unit.as_str();
    let t = i.target.map(plain).unwrap_or_default();
    let about = if i.goal.tolerance().is_some() {
        "左右"
    } else {
        ""
    };
    match &i.goal {
        Target::Growth { rate, .. } => {
            let verb = if *rate < 0.0 {
                "年均下降"
            } else {
                "年均增长"
            };
            let mut text = format!(
                "{verb}{}{}%{about}",
                if i.strict { "高于" } else { "" },
                plain(rate.abs())
            );
            if let (Some(level), Some(level_unit)) = (i.level_target, &i.level_unit) {
                text = format!("总量{}{level_unit}，{text}", plain(level));
            }
            text
        }
        Target::Level { .. } if i.lower_is_better => format!("降至{t}{unit}{about}"),
        Target::Level { .. } => format!("达到{t}{unit}{about}"),
        Target::Floor { .. } if i.strict => format!("高于{t}{unit}"),
        Target::Floor {
            tolerance: Some(_), ..
        } => format!("{t}{unit}左右"),
        Target::Floor { .. } => format!("{t}{unit}以上"),
        Target::Ceiling { .. } if i.strict => format!("低于{t}{unit}"),
        Target::Ceiling {
            tolerance: Some(_), ..
        } => format!("控制在{t}{unit}左右"),
        Target::Ceiling { .. } => format!("控制在{t}{unit}以内"),
        Target::Band { min, max, centre } => match centre {
            Some(c) => format!("保持在{}{unit}左右", plain(*c)),
            None => format!("控制在{}—{}{unit}之间", plain(*min), plain(*max)),
        },
        Target::Cumulative { accumulate, .. } => format!("{}{t}{unit}{about}", accumulate.verb()),
        Target::Quota { cumulative, .. } => match cumulative {
            Some(QuotaTotal::Figure(_)) => format!("完成上级下达指标（规划期累计{t}{unit}）"),
            Some(QuotaTotal::Pending) => "完成上级考核目标（待下达）".to_string(),
            None => "完成上级下达指标".to_string(),
        },
        Target::Yearly { .. } => "各年度视情提出".to_string(),
        Target::Relative {
            relation,
            reference,
            ..
        } => relation.phrase(&reference.name),
        Target::Trend { way, .. } => match way {
            Way::Higher => "提高".to_string(),
            Way::Lower => "降低".to_string(),
            Way::Stable => "保持稳定".to_string(),
        },
        Target::Assessed => "由牵头单位评估".to_string(),
        Target::Rank { group, .. } => format!("进入{group}前{t}位"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_unit;

    #[test]
    fn the_unit_comes_before_the_bracket() {
        assert_eq!(with_unit("6.2（预计）", "%"), "6.2%（预计）");
        assert_eq!(with_unit("≥32.6", "万吨"), "≥32.6万吨");
        assert_eq!(with_unit("22位", "位"), "22位");
        assert_eq!(with_unit("6.2%（预计）", "%"), "6.2%（预计）");
    }
}
