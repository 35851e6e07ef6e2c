//! How the evaluation was done (评估方法), from what the program knows: the
//! forms' due date, where each indicator's latest figure comes from, the
//! data's latest year, the figures older than the year and the estimated
//! ones, how many lead units have not reported all. It states facts only;
//! a cut-off date and third-party input come from the `method` hook when
//! the data give them.

use serde::Serialize;

use crate::evaluate::Evaluation;
use crate::plan::Plan;

/// The facts of the 评估方法 paragraph.
#[derive(Debug, Serialize)]
pub(super) struct Approach {
    /// When the units' yearly forms are due: "2025年1月31日".
    forms_due: String,
    /// Whether that day is on or before the report's date: a report signed
    /// before it (a final written in December) does not cite a due date to come.
    forms_due_passed: bool,
    /// Indicators whose latest figure the statistics bureau published
    /// (统计公报, 统计年鉴, 统计局, 调查队), and those the units reported.
    statistical: usize,
    reported: usize,
    /// The latest year any figure is for.
    latest_year: Option<i32>,
    /// Indicators whose figure is older than the year, and the estimated (预计) ones.
    stale: usize,
    estimated: usize,
    /// Lead units that have not returned everything they lead.
    units_short: usize,
}

/// Whether a source names a publication of the statistics system.
fn statistical(source: &str) -> bool {
    ["统计公报", "统计年鉴", "统计局", "调查队", "统计月报"]
        .iter()
        .any(|w| source.contains(w))
}

impl Approach {
    pub(super) fn of(
        plan: &Plan,
        evaluation: &Evaluation,
        units_short: usize,
        date: chrono::NaiveDate,
    ) -> Self {
        let (month, day) = plan.meta.forms_due;
        let due = chrono::NaiveDate::from_ymd_opt(evaluation.year + 1, month, day);
        let with_figure = evaluation
            .indicators
            .iter()
            .filter(|i| i.assessment.reading_year.is_some() && !i.source.trim().is_empty());
        let statistical_count = with_figure
            .clone()
            .filter(|i| statistical(&i.source))
            .count();
        Approach {
            forms_due: format!("{}年{month}月{day}日", evaluation.year + 1),
            forms_due_passed: due.is_none_or(|due| due <= date),
            statistical: statistical_count,
            reported: with_figure.count() - statistical_count,
            latest_year: evaluation
                .indicators
                .iter()
                .filter_map(|i| i.assessment.reading_year)
                .max(),
            stale: evaluation
                .indicators
                .iter()
                .filter(|i| {
                    i.assessment
                        .reading_year
                        .is_some_and(|y| y < evaluation.year)
                })
                .count(),
            estimated: evaluation
                .indicators
                .iter()
                .filter(|i| {
                    i.assessment
                        .reading_year
                        .is_some_and(|y| i.series.iter().any(|p| p.year == y && p.estimated))
                })
                .count(),
            units_short,
        }
    }
}
