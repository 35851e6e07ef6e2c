//! The date a report is signed: a default that fits the year evaluated, and
//! the warning when a date given does not (the text's tense follows the year).

use chrono::NaiveDate;

/// The day the report of `year` is due: `due` (month, day) of the next year.
pub(crate) fn due_date(year: i32, due: (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, due.0, due.1)
        // 29 February in a common year: the day before.
        .or_else(|| NaiveDate::from_ymd_opt(year + 1, due.0, due.1 - 1))
        .expect("the plan's due date is a valid month and day")
}

/// The default date of the report of `year`: today while today fits the
/// year (after it ended, before the next year's report is due), otherwise
/// the day the report was due, so that a report of an earlier year made now
/// reads as of its own time ("2024年数据尚未发布" dated in 2025, not 2026).
pub(crate) fn default_date(year: i32, today: NaiveDate, due: (u32, u32)) -> NaiveDate {
    if misfit(year, today, due).is_none() || today < first_day_after(year) {
        today
    } else {
        due_date(year, due)
    }
}

fn first_day_after(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("1 January exists")
}

/// Why `date` does not fit the report of `year`, in Chinese: signed before
/// the year ended, or after the next year's report was due.
pub(crate) fn misfit(year: i32, date: NaiveDate, due: (u32, u32)) -> Option<String> {
    let day = crate::model::numfmt::date_cn(date);
    if date < first_day_after(year) {
        return Some(format!(
            "落款日期 {day} 早于 {year} 年度结束，报告中的全年数据和“{}年”的表述与日期不符；请确认 --date",
            year + 1
        ));
    }
    let next_due = due_date(year + 1, due);
    if date > next_due {
        return Some(format!(
            "落款日期 {day} 晚于 {} 年度报告的报送期限（{}），{year} 年度报告中“数据尚未发布”“确保……完成”等表述可能已不符合实际；请确认 --date",
            year + 1,
            crate::model::numfmt::date_cn(next_due)
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn today_is_the_default_while_it_fits() {
        assert_eq!(default_date(2025, d(2026, 12, 1), (3, 31)), d(2026, 12, 1));
        assert_eq!(default_date(2025, d(2027, 3, 31), (3, 31)), d(2027, 3, 31));
    }

    #[test]
    fn an_earlier_year_made_now_is_dated_when_it_was_due() {
        assert_eq!(default_date(2024, d(2026, 12, 1), (3, 31)), d(2025, 3, 31));
        assert_eq!(default_date(2021, d(2026, 12, 1), (6, 30)), d(2022, 6, 30));
    }

    #[test]
    fn a_year_not_yet_ended_keeps_today_and_is_warned() {
        assert_eq!(default_date(2026, d(2026, 12, 1), (3, 31)), d(2026, 12, 1));
        let warning = misfit(2026, d(2026, 12, 1), (3, 31)).unwrap();
        assert_eq!(
            warning,
            "落款日期 2026年12月1日 早于 2026 年度结束，报告中的全年数据和“2027年”的表述与日期不符；请确认 --date"
        );
    }

    #[test]
    fn a_date_after_the_next_report_was_due_is_warned() {
        assert!(misfit(2024, d(2026, 3, 31), (3, 31)).is_none());
        let warning = misfit(2024, d(2026, 4, 1), (3, 31)).unwrap();
        assert!(
            warning
                .starts_with("落款日期 2026年4月1日 晚于 2025 年度报告的报送期限（2026年3月31日）"),
            "{warning}"
        );
    }

    #[test]
    fn leap_day_due_in_a_common_year_is_the_day_before() {
        assert_eq!(due_date(2024, (2, 29)), d(2025, 2, 28));
    }
}
