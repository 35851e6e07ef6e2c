//! Numbers and dates in the conventions of Chinese official writing:
//! 10.7%, 301.5亿元, 2025年3月4日.

use chrono::{Datelike, NaiveDate};

/// `value` with `digits` decimals, rounded half away from zero (四舍五入) as the figure is
/// written — its shortest decimal form — not as the nearest double happens to lie: 79.35
/// prints 79.4 at one decimal, though the double nearest 79.35 is just below it. Never
/// prints "-0.0".
pub fn fixed(value: f64, digits: usize) -> String {
    let written = format!("{value}");
    let decimals = written.split_once('.').map_or(0, |(_, d)| d.len());
    let value = if decimals == digits + 1 && written.ends_with('5') && value.is_finite() {
        // A written tie: the next double away from zero is past it, so it rounds up.
        f64::from_bits(value.to_bits() + 1)
    } else {
        value
    };
    let text = format!("{value:.digits$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// A figure as a plan writes it: 60, 10.7, 3.5 (no padding, no float noise).
pub(crate) fn plain(value: f64) -> String {
    let text = fixed(value, 6);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// Decimals to print `value` with, at least `digits`, so that the printed
/// figure compares with `limit` as the figure itself does: 31.96 against 32
/// prints 31.96, not 32.0, which would read as met.
pub(crate) fn decisive_digits(value: f64, limit: f64, digits: usize) -> usize {
    let side = |v: f64| {
        let d = v - limit;
        if d.abs() < 1e-9 { 0 } else { d.signum() as i8 }
    };
    let truth = side(value);
    (digits..=6)
        .find(|&d| {
            fixed(value, d)
                .parse::<f64>()
                .is_ok_and(|printed| side(printed) == truth)
        })
        .unwrap_or(6.max(digits))
}

/// Decimals to print `value` with, at least `digits`, so that the printed
/// figure meets `limit` exactly when the figure does (methodology: extra
/// digits only where rounding would turn a miss into a hit, or a hit into a
/// miss). `higher`: the limit is met from above; `strict`: equality misses.
/// 8.048 against a floor of 8 prints 8.0 (met either way); 7.96 prints 7.96.
pub(crate) fn verdict_digits(
    value: f64,
    limit: f64,
    digits: usize,
    higher: bool,
    strict: bool,
) -> usize {
    let meets = |v: f64| {
        let d = if higher { v - limit } else { limit - v };
        if strict { d > 1e-9 } else { d > -1e-9 }
    };
    let truth = meets(value);
    (digits..=6)
        .find(|&d| {
            fixed(value, d)
                .parse::<f64>()
                .is_ok_and(|printed| meets(printed) == truth)
        })
        .unwrap_or(6.max(digits))
}

/// `value` printed with the decimals that keep its comparison with `limit` visible.
pub(crate) fn decisive(value: f64, limit: f64, digits: usize) -> String {
    fixed(value, decisive_digits(value, limit, digits))
}

/// A date as 2025年3月4日 (full year, no zero padding).
pub(crate) fn date_cn(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A span of years as 2021—2024年, or 2024年 when it is one year.
pub(crate) fn year_span(from: i32, to: i32) -> String {
    if from == to {
        format!("{to}年")
    } else {
        format!("{from}—{to}年")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_ties_round_half_away_from_zero() {
        // The doubles nearest 79.35, 2.675 and 1.005 all lie just below them.
        assert_eq!(fixed(79.35, 1), "79.4");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(1.005, 2), "1.01");
        assert_eq!(fixed(-79.35, 1), "-79.4");
        assert_eq!(fixed(0.125, 2), "0.13");
        assert_eq!(fixed(10.25, 1), "10.3");
        // Not a tie as written: as before.
        assert_eq!(fixed(79.34, 1), "79.3");
        assert_eq!(fixed(79.349, 1), "79.3");
        assert_eq!(fixed(79.36, 1), "79.4");
        assert_eq!(fixed(5.0, 1), "5.0");
        assert_eq!(fixed(79.35, 2), "79.35");
        assert_eq!(fixed(-0.04, 1), "0.0");
    }

    #[test]
    fn decisive_figures_keep_the_comparison() {
        assert_eq!(decisive(31.96, 32.0, 1), "31.96");
        assert_eq!(decisive(32.04, 32.0, 1), "32.04");
        assert_eq!(decisive(32.0, 32.0, 1), "32.0");
        assert_eq!(decisive(31.5, 32.0, 1), "31.5");
        assert_eq!(decisive(3.8004, 3.8, 1), "3.8004");
        assert_eq!(plain(60.0), "60");
        assert_eq!(plain(5.5 - 0.3), "5.2");
        assert_eq!(plain(-2.5), "-2.5");
    }

    #[test]
    fn verdict_digits_only_where_rounding_changes_the_verdict() {
        // 8.048 meets a floor of 8, and so does the printed 8.0.
        assert_eq!(verdict_digits(8.048, 8.0, 1, true, false), 1);
        // Under 大于8%, 8.0 would read as a miss: the digits stay.
        assert_eq!(verdict_digits(8.048, 8.0, 1, true, true), 2);
        // 7.96 misses; 8.0 would read as met.
        assert_eq!(verdict_digits(7.96, 8.0, 1, true, false), 2);
        // A ceiling of 3: 3.04 misses, 3.0 would read as met.
        assert_eq!(verdict_digits(3.04, 3.0, 1, false, false), 2);
        assert_eq!(verdict_digits(2.96, 3.0, 1, false, false), 1);
    }

    #[test]
    fn formats_like_official_writing() {
        assert_eq!(fixed(10.66, 1), "10.7");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.35, 1), "-2.4");
        assert_eq!(fixed(3.5, 2), "3.50");
        assert_eq!(
            date_cn(NaiveDate::from_ymd_opt(2025, 3, 4).unwrap()),
            "2025年3月4日"
        );
        assert_eq!(year_span(2021, 2024), "2021—2024年");
        assert_eq!(year_span(2021, 2021), "2021年");
    }
}
