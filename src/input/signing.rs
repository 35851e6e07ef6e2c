//! The signing date (落款日期) asked for a report, against the year it evaluates: the one rule
//! the command line (`report --date`, `check --date`) and the workbench's 落款日期 both apply
//! before a report is made. An annual report judges a whole year, so it cannot be signed before
//! that year has ended; a mid-term review (written within its year, as the national one of
//! December 2023 was) and a final review (written during or just after the last year, on 预计
//! figures: docs/methodology.md) cannot be signed before their year has begun. A date far
//! after the year is only warned about (`model::report_date::misfit`), never refused here.
//! It reads the plan only to know which kind of evaluation the year calls for; it writes nothing.

use chrono::{Datelike, NaiveDate};

use super::Dataset;
use crate::error::Problems;
use crate::model::numfmt::date_cn;
use crate::model::report_date;
use crate::model::vocabulary::EvaluationKind;
use crate::plan::Plan;

/// Why a report of `kind` on `year` cannot be signed on `date`, in Chinese, naming both;
/// `None` when it can.
pub fn refusal(year: i32, kind: EvaluationKind, date: NaiveDate) -> Option<String> {
    let day = date_cn(date);
    match kind {
        EvaluationKind::Annual if date.year() <= year => Some(format!(
            "落款日期 {day} 早于 {year} 年度结束：年度评估报告评价的是 {year} 年全年的情况，落款日期应在 {} 年 1 月 1 日或以后；请核对落款日期",
            year + 1
        )),
        EvaluationKind::Midterm | EvaluationKind::Final if date.year() < year => {
            let what = if kind.is_final() {
                format!("总结评估报告评价的是到规划期末 {year} 年的实施情况")
            } else {
                format!("中期评估报告评价的是到 {year} 年的实施情况")
            };
            Some(format!(
                "落款日期 {day} 早于 {year} 年开始：{what}，落款日期应在 {year} 年 1 月 1 日或以后；请核对落款日期"
            ))
        }
        _ => None,
    }
}

/// [`refusal`] for the report of `year` of `plan`, the kind being `kind` or, when `None`,
/// the one the plan's years call for. A kind the year cannot take is left to the report to
/// tell (`None` here).
pub fn refusal_for(
    plan: &Plan,
    year: i32,
    kind: Option<EvaluationKind>,
    date: NaiveDate,
) -> Option<String> {
    let meta = &plan.meta;
    let kind = EvaluationKind::resolve(kind, year, meta.target_year, meta.midterm_year).ok()?;
    refusal(year, kind, date)
}

/// `check --date`: the date the report of `year` would refuse is an error, one that only
/// reads oddly with the year (`report_date::misfit`) a warning, both on `data`'s plan file.
pub fn check(data: &Dataset, year: i32, date: NaiveDate, problems: &mut Problems) {
    let meta = &data.plan.meta;
    let refused = EvaluationKind::resolve(None, year, meta.target_year, meta.midterm_year)
        .ok()
        .and_then(|kind| refusal(year, kind, date));
    if let Some(why) = refused {
        problems.report(&data.plan_path, None, "date", why);
    } else if let Some(misfit) = report_date::misfit(year, date, meta.report_due) {
        problems.warn(&data.plan_path, None, "date", misfit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_annual_report_is_signed_after_its_year_a_final_one_within_it() {
        assert_eq!(
            refusal(2027, EvaluationKind::Annual, d(2027, 12, 31)).as_deref(),
            Some(
                "落款日期 2027年12月31日 早于 2027 年度结束：年度评估报告评价的是 2027 年全年的情况，落款日期应在 2028 年 1 月 1 日或以后；请核对落款日期"
            )
        );
        assert_eq!(refusal(2027, EvaluationKind::Annual, d(2028, 1, 1)), None);
        // A final review may be written during its last year, on estimated figures.
        assert_eq!(refusal(2030, EvaluationKind::Final, d(2030, 6, 1)), None);
        assert_eq!(
            refusal(2030, EvaluationKind::Final, d(2029, 12, 31)).as_deref(),
            Some(
                "落款日期 2029年12月31日 早于 2030 年开始：总结评估报告评价的是到规划期末 2030 年的实施情况，落款日期应在 2030 年 1 月 1 日或以后；请核对落款日期"
            )
        );
        // Far ahead is warned elsewhere, not refused.
        assert_eq!(refusal(2027, EvaluationKind::Annual, d(2082, 2, 20)), None);
    }

    #[test]
    fn a_midterm_review_may_be_signed_within_its_year() {
        assert_eq!(refusal(2028, EvaluationKind::Midterm, d(2028, 1, 1)), None);
        assert_eq!(
            refusal(2028, EvaluationKind::Midterm, d(2027, 12, 31)).as_deref(),
            Some(
                "落款日期 2027年12月31日 早于 2028 年开始：中期评估报告评价的是到 2028 年的实施情况，落款日期应在 2028 年 1 月 1 日或以后；请核对落款日期"
            )
        );
    }
}
