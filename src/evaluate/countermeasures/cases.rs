//! The values of a measure's case, preformatted for a rule's text: an
//! indicator's numbers and names, a task's status and period, and the next
//! plan by name. It formats; it chooses no rule.

use crate::evaluate::case::Case;
use crate::evaluate::{IndicatorResult, Period};
use crate::model::numfmt::{fixed, plain, year_span};
use crate::model::vocabulary::Status;
use crate::plan::{Plan, Unit};

use super::{Speaker, facts};

/// The variables every task measure's text may read: the status, the period and who speaks to
/// whom.
pub(super) fn task_case(status: Status, period: Period, speaker: &Speaker, plan: &Plan) -> Case {
    let mut ctx = Case::default();
    ctx.insert("status", status.label());
    ctx.insert("year", &period.year);
    ctx.insert("base_year", &period.base);
    ctx.insert("target_year", &period.target);
    ctx.insert("evaluation", period.kind.label());
    ctx.insert("remaining_years", &(period.target - period.year).max(0));
    ctx.insert("self", &speaker.self_name);
    ctx.insert("addressee", &plan.meta.addressee);
    ctx.insert("next_plan", &speaker.next_plan);
    ctx
}

/// The next five-year plan as a report names it, with 规划: "“十五五”规划" after a plan
/// named 第十四个五年规划, "“十六五”规划" after a 15th; from the target year when the
/// name gives no ordinal (a 5-year plan ending 1955 + 5N is the Nth); otherwise
/// "下一个五年规划". A report uses this one name throughout, never 新一轮 beside it.
pub fn next_plan(plan_name: &str, target_year: i32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let ordinal = |n: i32| -> String {
        match n {
            1..=9 => DIGITS[n as usize].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
            20..=99 => format!(
                "{}十{}",
                DIGITS[(n / 10) as usize],
                DIGITS[(n % 10) as usize]
            ),
            _ => String::new(),
        }
    };
    let from_name = (1..=99).rev().find(|&n| {
        let o = ordinal(n);
        plan_name.contains(&format!("第{o}个五年")) || plan_name.contains(&format!("“{o}五”"))
    });
    let from_year =
        (target_year % 5 == 0 && target_year > 1955).then_some((target_year - 1955) / 5);
    match from_name.or(from_year) {
        Some(n) if n < 99 => format!("“{}五”规划", ordinal(n + 1)),
        _ => "下一个五年规划".to_string(),
    }
}

/// The numbers of an indicator's case, preformatted, for a rule's text:
/// every variable of [`crate::input::rules::indicator_variables`] (more than a
/// case has is harmless: rules are only chosen where theirs all exist).
// Long: one insert per variable of the rule vocabulary, in the documented order.
pub(super) fn indicator_case(
    lead: Option<&Unit>,
    ind: &IndicatorResult,
    period: Period,
    speaker: &Speaker,
) -> Case {
    let a = &ind.assessment;
    let num = |v: Option<f64>, digits: usize| v.map(|v| fixed(v, digits)).unwrap_or_default();
    let mut ctx = Case::default();
    ctx.insert("name", &ind.name);
    ctx.insert("short_name", &ind.short_name);
    ctx.insert("id", &ind.id);
    ctx.insert("self", &speaker.self_name);
    // A statistics bureau counts the outcome: the measure goes to the first unit that delivers it.
    let (addressee, supporting) = facts::addressed(ind, &speaker.name);
    ctx.insert("lead_is_self", &speaker.is(addressee));
    ctx.insert("lead", speaker.name(addressee));
    ctx.insert(
        "lead_full",
        &lead
            .filter(|u| u.short_name == addressee)
            .map(|u| u.full_name.as_str())
            .unwrap_or(addressee),
    );
    ctx.insert("units", &ind.units);
    ctx.insert("supporting", &speaker.list(&supporting));
    ctx.insert("category", ind.category);
    ctx.insert("grade", &ind.grade_label);
    ctx.insert("grade_key", a.grade.key());
    ctx.insert("outlook", a.outlook.label());
    ctx.insert("unit", &ind.unit);
    // Targets print as the plan words them: 10.7, 60, 3.5.
    ctx.insert("target", &ind.target.map(plain).unwrap_or_default());
    ctx.insert("base", &ind.base.map(plain).unwrap_or_default());
    ctx.insert("value", &num(a.value, a.value_digits.max(ind.digits)));
    ctx.insert("expected", &num(a.expected, ind.digits));
    ctx.insert("realised", &num(a.realised_rate, a.realised_digits.max(1)));
    ctx.insert("needed", &num(a.needed_rate, 1));
    ctx.insert("cumulative", &num(a.cumulative, ind.digits.max(1)));
    ctx.insert(
        "cumulative_expected",
        &num(a.cumulative_expected, ind.digits.max(1)),
    );
    ctx.insert(
        "cumulative_needed",
        &num(a.cumulative_needed, ind.digits.max(1)),
    );
    ctx.insert(
        "band",
        &ind.band
            .map(|[lo, hi]| format!("{}～{}", plain(lo), plain(hi)))
            .unwrap_or_default(),
    );
    ctx.insert(
        "level_target",
        &ind.level_target.map(plain).unwrap_or_default(),
    );
    ctx.insert(
        "level_value",
        &a.level_part
            .as_ref()
            .and_then(|l| l.value)
            .map(|v| fixed(v, 1))
            .unwrap_or_default(),
    );
    ctx.insert("level_unit", ind.level_unit.as_deref().unwrap_or(""));
    ctx.insert("realised_text", &ind.realised_words(period.base));
    ctx.insert("needed_text", &ind.need_words(period.target));
    match &ind.goal {
        crate::plan::Target::Relative {
            relation,
            reference,
            ..
        } => {
            ctx.insert("reference", &reference.name);
            ctx.insert("relation", relation.words());
        }
        crate::plan::Target::Rank { group, .. } => ctx.insert("group", group),
        crate::plan::Target::Yearly { .. } => {
            let year_target = a
                .reading_year
                .and_then(|y| ind.series.iter().find(|p| p.year == y))
                .and_then(|p| p.target)
                .map(|t| t.words(&ind.unit))
                .unwrap_or_default();
            ctx.insert("year_target", &year_target);
        }
        crate::plan::Target::Assessed => {
            let verdict = a
                .reading_year
                .and_then(|y| ind.series.iter().find(|p| p.year == y))
                .and_then(|p| p.verdict)
                .map(|v| v.label())
                .unwrap_or_default();
            ctx.insert("verdict", verdict);
        }
        crate::plan::Target::Growth { .. }
        | crate::plan::Target::Level { .. }
        | crate::plan::Target::Floor { .. }
        | crate::plan::Target::Ceiling { .. }
        | crate::plan::Target::Band { .. }
        | crate::plan::Target::Cumulative { .. }
        | crate::plan::Target::Quota { .. }
        | crate::plan::Target::Trend { .. } => {}
    }
    ctx.insert("wording", &ind.wording);
    ctx.insert(
        "falling",
        &matches!(ind.goal, crate::plan::Target::Growth { rate, .. } if rate < 0.0),
    );
    ctx.insert("year", &period.year);
    ctx.insert("reading_year", &a.reading_year.unwrap_or(period.year));
    ctx.insert("base_year", &period.base);
    ctx.insert("target_year", &period.target);
    let remaining = period.target - a.reading_year.unwrap_or(period.year);
    ctx.insert("remaining_years", &remaining);
    ctx.insert("missed_years", &a.missed_years);
    ctx.insert("gap_years", &a.gap_years);
    ctx.insert("reason", &a.reason);
    ctx.insert("cause", &ind.cause);
    ctx.insert("note", &ind.note);
    ctx.insert("evaluation", period.kind.label());
    ctx.insert("next_plan", &speaker.next_plan);
    ctx.insert("preliminary", &a.preliminary);
    ctx.insert(
        "span",
        &year_span(period.base + 1, a.reading_year.unwrap_or(period.year)),
    );
    insert_facts(&mut ctx, ind, period);
    ctx
}

/// The facts that decide which words of a rule are true ([`facts`]): past the
/// upper end, the rate met, a policy cause, where a direction is to go.
fn insert_facts(ctx: &mut Case, ind: &IndicatorResult, period: Period) {
    let (beyond_years, short_years) = facts::missed_split(ind);
    ctx.insert("beyond_upper", &facts::beyond_upper(ind));
    ctx.insert("beyond_upper_years", &beyond_years);
    let (upper_is_limit, upper_phrase) = facts::upper_phrase(ind);
    ctx.insert("upper_is_limit", &upper_is_limit);
    ctx.insert("upper_phrase", &upper_phrase);
    ctx.insert("short_years", &short_years);
    ctx.insert("lower_is_better", &ind.lower_is_better);
    ctx.insert("policy_cause", &facts::policy_cause(&ind.cause));
    // The cause the report prints (not for a preliminary grade): the measure answers it.
    let printed = if ind.assessment.preliminary || ind.stale {
        ""
    } else {
        ind.cause.as_str()
    };
    ctx.insert("cause_gist", &facts::cause_gist(printed));
    ctx.insert("price", &crate::model::kinds::is_price_index(&ind.name));
    ctx.insert("binding", &ind.binding);
    ctx.insert("rate_met", &facts::rate_met(ind));
    let (level_expected, level_needed_text) = facts::level_schedule(ind, period.target);
    ctx.insert("level_expected", &level_expected);
    ctx.insert("level_needed_text", &level_needed_text);
    ctx.insert("trend_aim", facts::trend_aim(ind));
    ctx.insert(
        "quota_period_text",
        &facts::quota_period_words(ind, period.base),
    );
}
