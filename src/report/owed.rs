//! What is owed: the lead units that have not reported the year's figures (and every earlier
//! year still owed), task reports and project reports, as the report lists them and `report`
//! warns of the evaluator's own — read from [`crate::evaluate::owed::returns`], the list the
//! method paragraph reads too. A figure published the following year, or in its off year of
//! a two-year cycle, is owed by nobody. It selects only; the words are the templates' (but the
//! years, [`crate::evaluate::figures_owed_words`], shared with the rules' `figures_owed`).

use serde::Serialize;

use super::*;

/// A lead unit's indicators without the year's figure, tasks without a
/// report and major projects without the year's report, as the 报送情况
/// table of `collect` lists them (that table also asks for figures published
/// the following year and for benchmarks, a chase list). An indicator
/// published the following year is 尚未发布, not unreported, and is never here.
#[derive(Serialize)]
pub(super) struct Unreported<'a> {
    unit: &'a str,
    indicators: Vec<&'a str>,
    /// Those indicators with every year each lacks: "“粮食综合生产能力”2027年、2028年数据"
    /// ([`crate::evaluate::figures_owed_words`], the words the rules' `figures_owed` use).
    figures: String,
    tasks: Vec<&'a str>,
    /// Names of the major projects it leads that have no report for the year
    /// (owed by then: [`crate::input::projects::owes_report`]).
    projects: Vec<&'a str>,
}

/// The years of the period up to the reading without a figure that should have one.
pub(super) fn missing_years(i: &IndicatorResult) -> Vec<i32> {
    i.assessment
        .gap_years
        .iter()
        .copied()
        .filter(|&y| !i.off_year(y))
        .collect()
}

/// The lead units that have not reported the year's figure of an indicator (or an earlier
/// year's still owed), a task's progress or a major project's progress, with what each lacks,
/// in the plan's order of units: those of [`crate::evaluate::owed::returns`] with something
/// missing, the list the method paragraph's 报送不全 / 未报送 reads too.
pub(super) fn unreported<'a>(
    evaluation: &'a Evaluation,
    plan: &Plan,
    tasks: &[&'a TaskResult],
) -> Vec<Unreported<'a>> {
    let (base, year) = (plan.meta.base_year, evaluation.year);
    crate::evaluate::owed::returns(
        plan,
        &evaluation.indicators,
        tasks,
        &evaluation.projects,
        year,
    )
    .into_iter()
    .filter(|u| u.missing() > 0)
    .map(|u| {
        let owed: Vec<(&str, Vec<i32>)> = u
            .indicators
            .iter()
            .map(|i| (i.short_name.as_str(), i.owed_years(base, year)))
            .collect();
        Unreported {
            unit: u.unit,
            indicators: u.indicators.iter().map(|i| i.short_name.as_str()).collect(),
            figures: crate::evaluate::figures_owed_words(&owed, true),
            tasks: u.tasks.iter().map(|t| t.title.as_str()).collect(),
            projects: u.projects.iter().map(|p| p.name.as_str()).collect(),
        }
    })
    .collect()
}

/// What the unit of short name `unit` has not reported for the evaluation's year, exactly as
/// the report's list of unreported items has it: "指标“…”", "任务“…”", "重大项目“…”".
pub(crate) fn owed_by(evaluation: &Evaluation, plan: &Plan, unit: &str) -> Vec<String> {
    let tasks: Vec<&TaskResult> = evaluation.sections.iter().flat_map(|s| &s.tasks).collect();
    unreported(evaluation, plan, &tasks)
        .into_iter()
        .filter(|u| u.unit == unit)
        .flat_map(|u| {
            let named = |kind: &str, names: Vec<&str>| -> Vec<String> {
                names.into_iter().map(|n| format!("{kind}“{n}”")).collect()
            };
            [
                named("指标", u.indicators),
                named("任务", u.tasks),
                named("重大项目", u.projects),
            ]
            .concat()
        })
        .collect()
}
