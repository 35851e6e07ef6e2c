//! One indicator's evaluation: its readings graded against its goal, with the
//! figures, units and words the report shows beside the grade.
//!
//! Pure, like the whole stage: it reads no file and writes no text beyond the
//! short phrases an indicator's row carries (its aim, why a figure is older).
//! Rolling up by section or unit is not done here.

use crate::input::readings::{Reading, Readings};
use crate::plan::{Accumulate, Aim, Category, Indicator, Plan, Target};

use super::{
    Assessment, Goal, IndicatorResult, LevelPart, Period, Point, assess, causes, standing,
};

// Long: one struct literal of every field of the result, each a short expression.
/// Evaluates `ind` in `period` from its readings.
pub(super) fn of(
    plan: &Plan,
    readings: &Readings,
    ind: &Indicator,
    period: Period,
) -> IndicatorResult {
    let year = period.year;
    let raw_series = readings.series(&ind.id, year);
    let raw_levels = readings.level_series(&ind.id, year);
    let series: Vec<Point> = raw_series.iter().copied().map(point).collect();
    let level_series: Vec<Point> = raw_levels.iter().copied().map(point).collect();
    let reference = reference_points(readings, ind, year);
    let mut assessment = assess(
        goal(ind, &reference, &level_series),
        &series,
        period,
        &plan.thresholds,
    );
    if let Target::Trend { .. } = ind.target {
        assessment.reason = trend_words(&assessment.reason, &ind.wording);
    }
    assessment.reason = untolerant_words(&assessment.reason, ind);
    if assessment.level_part.is_some() {
        assessment.reason = price_basis(&assessment.reason, &raw_series, &raw_levels);
    }
    let latest = assessment
        .reading_year
        .and_then(|y| readings.series(&ind.id, y).into_iter().last());
    let lead = &plan.units[plan.unit_in(ind.units[0], year)];
    // The unit's own latest figure in the period: a relative target's comparison rests on
    // an older year while its reference's figure of that year is not out.
    let own = series
        .iter()
        .rev()
        .find(|p| p.year > period.base && p.year <= year)
        .copied();
    let pending = pending_words(ind, own, assessment.reading_year, year);
    IndicatorResult {
        id: ind.id.clone(),
        name: ind.name.clone(),
        short_name: ind.short_name.clone(),
        verb: ind.verb.clone(),
        wording: ind.wording.clone(),
        category: ind.category.label(),
        binding: ind.category == Category::Binding,
        domain: ind.domain.clone(),
        goal: ind.target.clone(),
        kind: ind.target.kind_key(),
        kind_label: ind.target.kind_label(),
        unit: ind.unit.clone(),
        digits: ind.digits,
        target: ind.target.figure(),
        base: ind.target.base(),
        base_text: ind.base_text.clone(),
        published_late: ind.published_late,
        aim: ind
            .aim
            .as_ref()
            .map_or_else(String::new, |aim| aim_words(aim, ind, period)),
        band: match ind.target {
            Target::Band { min, max, .. } => Some([min, max]),
            _ => None,
        },
        accumulate: accumulate_of(&ind.target),
        level_target: ind.level.as_ref().and_then(|l| l.target),
        strict: ind.strict,
        lower_is_better: ind.direction == crate::plan::Direction::Lower,
        lead_unit: lead.short_name.clone(),
        lead_unit_full: lead.full_name.clone(),
        units: super::unit_names(plan, &ind.units, year),
        stale: assessment.reading_year.is_some_and(|y| y < year),
        reported_year: own.map(|p| p.year),
        reference_pending: pending.is_some(),
        stale_words: pending.unwrap_or_else(|| {
            assessment
                .reading_year
                .filter(|&r| r < year)
                .map(|r| stale_words(ind, latest.map_or("", |l| l.note.as_str()), r, year))
                .unwrap_or_default()
        }),
        source: latest.map(|r| r.source.clone()).unwrap_or_default(),
        note: latest
            .map(|r| plan.spell_units(&r.note))
            .unwrap_or_default(),
        cause: cause(plan, ind, &assessment, &raw_series, &raw_levels, period),
        series,
        level_series,
        level_unit: ind.level.as_ref().map(|l| l.unit.clone()),
        standing: standing::of(ind, latest),
        grade_label: grade_label(&assessment, period),
        assessment,
    }
}

/// The cause the notes give for a miss (see `causes`), units spelt as the report writes them.
fn cause(
    plan: &Plan,
    ind: &Indicator,
    assessment: &Assessment,
    series: &[&Reading],
    levels: &[&Reading],
    period: Period,
) -> String {
    causes::cause_of(
        ind,
        assessment,
        &causes::Notes {
            series,
            levels,
            spell: &|note: &str| plan.spell_units(note),
        },
        period,
    )
}

/// A relative target's reference figures up to `year`, oldest first; none for other kinds.
fn reference_points(readings: &Readings, ind: &Indicator, year: i32) -> Vec<Point> {
    match &ind.target {
        Target::Relative { reference, .. } => readings
            .series(&reference.id, year)
            .into_iter()
            .map(point)
            .collect(),
        _ => Vec::new(),
    }
}

/// What `ind` is graded against: its target, direction and wording, with the
/// level part's figures and a relative target's reference.
fn goal<'a>(ind: &'a Indicator, reference: &'a [Point], level_points: &'a [Point]) -> Goal<'a> {
    let level_part = ind.level.as_ref().and_then(|l| {
        Some(LevelPart {
            target: l.target?,
            base: l.base?,
            unit: &l.unit,
            points: level_points,
        })
    });
    Goal {
        target: &ind.target,
        direction: ind.direction,
        strict: ind.strict,
        unit: &ind.unit,
        digits: ind.digits,
        level: level_part,
        verb: ind.verb.as_deref(),
        reference,
        milestones: &ind.milestones,
    }
}

/// An aim beyond the plan in words: "按到2035年人均地区生产总值比2020年翻一番测算，2026—2035年年均需增长3.9%".
fn aim_words(aim: &Aim, ind: &Indicator, period: Period) -> String {
    let multiple = match aim.multiple {
        m if (m - 2.0).abs() < 1e-9 => "翻一番".to_string(),
        m => format!("增长到{}倍", crate::model::numfmt::plain(m)),
    };
    let quantity = if aim.quantity.is_empty() {
        &ind.name
    } else {
        &aim.quantity
    };
    format!(
        "按到{}年{quantity}比{}年{multiple}测算，{}—{}年年均需增长{}%",
        aim.year,
        aim.from,
        period.base + 1,
        aim.year,
        crate::model::numfmt::fixed(aim.needed_rate(period.base), 1)
    )
}

/// How the yearly figures of a cumulative target or a quota with a plan-period total add up.
fn accumulate_of(target: &Target) -> Option<Accumulate> {
    match *target {
        Target::Cumulative { accumulate, .. } => Some(accumulate),
        Target::Quota {
            cumulative: Some(_),
            accumulate,
        } => Some(accumulate),
        Target::Growth { .. }
        | Target::Level { .. }
        | Target::Floor { .. }
        | Target::Ceiling { .. }
        | Target::Band { .. }
        | Target::Quota {
            cumulative: None, ..
        }
        | Target::Yearly { .. }
        | Target::Relative { .. }
        | Target::Trend { .. }
        | Target::Assessed
        | Target::Rank { .. } => None,
    }
}

/// The grade in the plan's words, "预计" before it when the figure is an estimate.
fn grade_label(assessment: &Assessment, period: Period) -> String {
    if assessment.estimated {
        format!("预计{}", assessment.grade.word(period.words))
    } else {
        assessment.grade.word(period.words).to_string()
    }
}

/// A two-part target's sentence with the price basis its notes give: the
/// growth part "按可比价计算" where a growth note says 可比价, the level part
/// "现价总量" where a level note says 现价, so a reader sees why the two parts
/// can differ. Nothing is added that the notes do not say.
fn price_basis(reason: &str, series: &[&Reading], levels: &[&Reading]) -> String {
    let says = |list: &[&Reading], word: &str| list.iter().any(|r| r.note.contains(word));
    let mut text = reason.to_string();
    if says(levels, "现价") {
        text = text.replacen("；总量", "；现价总量", 1);
    }
    if says(series, "可比价") {
        // Before the growth part's verb: "2026年按可比价计算增长7.2%".
        let first = text.split('；').next().unwrap_or_default();
        if let Some(at) = ["年均", "增长", "下降"]
            .iter()
            .filter_map(|verb| first.find(verb))
            .min()
        {
            text.insert_str(at, "按可比价计算");
        }
    }
    text
}

/// A trend's reason in the plan's own verbs: a ratio or a gap that is to 缩小 (or 扩大)
/// changes by 缩小 / 扩大, not 降低 / 提高 ("较上年扩大0.02", "目标为持续缩小").
fn trend_words(reason: &str, wording: &str) -> String {
    if wording.contains("缩小") || wording.contains("扩大") {
        reason.replace("提高", "扩大").replace("降低", "缩小")
    } else {
        reason.to_string()
    }
}

/// A limit the plan words 左右 whose `tolerance` was left out (check warns of it) is judged
/// at X itself, but it is no hard 上限 / 下限: "高于3%左右的目标（未填允许偏差，按3%评价）".
fn untolerant_words(reason: &str, ind: &Indicator) -> String {
    let (Target::Floor {
        limit,
        tolerance: None,
        ..
    }
    | Target::Ceiling {
        limit,
        tolerance: None,
        ..
    }) = ind.target
    else {
        return reason.to_string();
    };
    if !ind.wording.contains("左右") {
        return reason.to_string();
    }
    let x = format!("{}{}", crate::model::numfmt::plain(limit), ind.unit);
    let judged = format!("（未填允许偏差，按{x}评价）");
    reason
        .replace(
            &format!("超过{x}的上限"),
            &format!("高于{x}左右的目标{judged}"),
        )
        .replace(
            &format!("低于{x}的下限"),
            &format!("低于{x}左右的目标{judged}"),
        )
        .replace("超过上限", "高于目标")
        .replace("低于下限", "低于目标")
}

/// A reading as grading and the tables need it.
fn point(r: &Reading) -> Point {
    Point {
        year: r.year,
        value: r.value,
        quota: r.quota,
        target: r.target,
        estimated: r.estimated,
        verdict: r.verdict,
    }
}

/// A relative target whose unit has a figure later than the last year its reference has one
/// (`compared`): the comparison waits for the reference, the unit's figure is there.
/// "2027年为6.0%，待全省农村居民人均可支配收入增长2027年数据发布后对比"; `None` otherwise.
fn pending_words(
    ind: &Indicator,
    own: Option<Point>,
    compared: Option<i32>,
    year: i32,
) -> Option<String> {
    let Target::Relative { reference, .. } = &ind.target else {
        return None;
    };
    let own = own.filter(|p| compared.is_none_or(|c| c < p.year))?;
    // Every year since the unit's own figure is missing, not only the evaluated one.
    let missing = if own.year < year {
        format!("{}数据缺失；", years_words(own.year + 1, year, false))
    } else {
        String::new()
    };
    Some(format!(
        "{missing}{}年为{}{}，待{}{}年数据发布后对比",
        own.year,
        crate::model::numfmt::fixed(own.value, ind.digits),
        ind.unit,
        reference.name,
        own.year
    ))
}

/// Why the report uses the figure of `reading` in the evaluation of `year`:
/// not yet published (a figure published the next year), not measured that
/// year (a figure measured every two years, as its note says), or missing.
fn stale_words(ind: &Indicator, note: &str, reading: i32, year: i32) -> String {
    let biennial = ["每两年", "两年一次", "隔年"]
        .iter()
        .any(|w| note.contains(w));
    if biennial && (year - reading).rem_euclid(2) == 1 {
        // Not measured this year, but a year it is measured in since the reading may be missing.
        let missing = years_words(reading + 1, year, biennial);
        let missing = if missing.is_empty() {
            missing
        } else {
            format!("{missing}数据缺失，")
        };
        format!("该指标每两年统计一次，{missing}采用{reading}年数据")
    } else if ind.published_late {
        // Some such figures come out two years late: none since the reading is called missing.
        format!(
            "{}数据尚未发布，采用{reading}年数据",
            years_words(reading + 1, year, biennial)
        )
    } else {
        // Every year since the reading is missing, not only the evaluated one.
        format!(
            "{}数据缺失，采用{reading}年数据",
            years_words(reading + 1, year, biennial)
        )
    }
}

/// "2027年、2028年" for the years `from` to `to` (of a figure measured every two years,
/// only the years it is measured in, counted from `from − 1`); empty when there are none.
fn years_words(from: i32, to: i32, biennial: bool) -> String {
    (from..=to)
        .filter(|y| !biennial || (y - from).rem_euclid(2) == 1)
        .map(|y| format!("{y}年"))
        .collect::<Vec<_>>()
        .join("、")
}
