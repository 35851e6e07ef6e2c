//! What the report's tables print of an indicator, worded by target kind and
//! direction: the target as the plan words it, the figure with the decimals
//! its decision needs, what the schedule asks, the grade (初步 where the
//! target year's figure is not yet published).

use serde::Serialize;

use crate::evaluate::{Evaluation, IndicatorResult};
use crate::model::numfmt::{decisive, fixed, plain, year_span};

/// The printed cells of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Cells {
    /// The plan's own wording of the target, or one made from its numbers.
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

/// The cells of every indicator, in the evaluation's order.
pub fn cells(evaluation: &Evaluation) -> Vec<Cells> {
    evaluation
        .indicators
        .iter()
        .map(|i| of(i, evaluation.year, evaluation.base_year))
        .collect()
}

fn of(i: &IndicatorResult, year: i32, base_year: i32) -> Cells {
    let a = &i.assessment;
    let short = target_short(i);
    let target = if i.wording.trim().is_empty() {
        short.clone()
    } else {
        i.wording.trim().to_string()
    };
    let older = a.reading_year.filter(|&y| y < year);
    let stale = older.map(|y| format!("（{y}年）")).unwrap_or_default();
    let unit = i.unit.as_str();
    // The year's figure alone, then with its asides.
    let figure = match (a.value, i.kind) {
        (None, _) => None,
        (Some(_), "cumulative") => a
            .cumulative
            .map(|c| format!("累计{}{unit}", fixed(c, i.digits.max(1)))),
        (Some(v), "growth") => Some(format!("{}%", fixed(v, 1))),
        (Some(v), _) => Some(format!("{}{unit}", fixed(v, a.value_digits.max(i.digits)))),
    };
    let latest = figure
        .as_ref()
        .map_or_else(|| "—".to_string(), |f| format!("{f}{stale}"));
    // A single year's rate beside the average the target is set in, one
    // bracket for both asides: "5.3%（2023年，年均6.8%）".
    let value = match (&figure, a.realised_rate) {
        (Some(f), Some(r)) if i.kind == "growth" && a.observed_years > 1 => format!(
            "{f}（{}年均{}%）",
            older.map(|y| format!("{y}年，")).unwrap_or_default(),
            fixed(r, a.realised_digits.max(1))
        ),
        _ => latest.clone(),
    };
    let schedule = match i.kind {
        _ if a.value.is_none() => "—".to_string(),
        "growth" => format!("年均{}%", i.target.map(plain).unwrap_or_default()),
        "floor" | "ceiling" | "level" if a.progress_share.is_none() => {
            let limit = a
                .expected
                .or(i.target)
                .map(|l| format!("{}{unit}", plain(l)))
                .unwrap_or_default();
            match (i.lower_is_better, i.strict) {
                (false, false) => format!("不低于{limit}"),
                (false, true) => format!("高于{limit}"),
                (true, false) => format!("不高于{limit}"),
                (true, true) => format!("低于{limit}"),
            }
        }
        "band" => i
            .band
            .map(|[lo, hi]| format!("{}～{}{unit}", plain(lo), plain(hi)))
            .unwrap_or_default(),
        "cumulative" => a
            .cumulative_expected
            .map(|e| format!("累计{}{unit}", fixed(e, i.digits.max(1))))
            .unwrap_or_else(|| "—".to_string()),
        _ => a
            .expected
            .map(|e| format!("{}{unit}", fixed(e, i.digits)))
            .unwrap_or_else(|| "—".to_string()),
    };
    let base = match (i.kind, i.base) {
        (_, Some(b)) => format!("{}{unit}", fixed(b, i.digits)),
        _ => "—".to_string(),
    };
    let realised = match (a.realised_rate, i.target) {
        (Some(r), Some(g)) => format!("{}%", decisive(r, g, a.realised_digits.max(1))),
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

/// The latest figure in a few words, by what the indicator measures.
fn stated(i: &IndicatorResult, base_year: i32) -> String {
    let a = &i.assessment;
    let (Some(v), Some(year)) = (a.value, a.reading_year) else {
        return String::new();
    };
    let unit = &i.unit;
    match i.kind {
        "growth" => i.realised_words(base_year),
        "cumulative" => match (a.cumulative, i.accumulate) {
            (Some(c), Some(how)) => format!(
                "{}{}{}{unit}",
                year_span(base_year + 1, year),
                how.verb(),
                fixed(c, i.digits.max(1))
            ),
            _ => String::new(),
        },
        _ => {
            let figure = format!("{}{unit}", fixed(v, a.value_digits.max(i.digits)));
            match &i.verb {
                Some(verb) => format!("{year}年{verb}{figure}"),
                None => format!("{year}年为{figure}"),
            }
        }
    }
}

/// The target in a few words, from its numbers and direction.
fn target_short(i: &IndicatorResult) -> String {
    let unit = i.unit.as_str();
    let t = i.target.map(plain).unwrap_or_default();
    match i.kind {
        "growth" => {
            let mut text = format!("年均增长{}{t}%", if i.strict { "大于" } else { "" });
            if let (Some(level), Some(level_unit)) = (i.level_target, &i.level_unit) {
                text = format!("总量{}{level_unit}，{text}", plain(level));
            }
            text
        }
        "level" if i.lower_is_better => format!("降至{t}{unit}"),
        "level" => format!("达到{t}{unit}"),
        "floor" if i.strict => format!("大于{t}{unit}"),
        "floor" => format!("{t}{unit}以上"),
        "ceiling" if i.strict => format!("小于{t}{unit}"),
        "ceiling" => format!("控制在{t}{unit}以内"),
        "band" => match (i.target, i.band) {
            (Some(_), _) => format!("保持在{t}{unit}左右"),
            (None, Some([lo, hi])) => format!("控制在{}—{}{unit}之间", plain(lo), plain(hi)),
            _ => String::new(),
        },
        "cumulative" => {
            let verb = i.accumulate.map_or("累计", |a| a.verb());
            format!("{verb}{t}{unit}")
        }
        _ => match i.target {
            Some(_) => format!("完成上级下达指标（规划期累计{t}{unit}）"),
            None => "完成上级下达指标".to_string(),
        },
    }
}
