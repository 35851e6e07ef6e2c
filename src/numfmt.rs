//! Numbers and dates in the conventions of Chinese official writing:
//! 10.7%, 301.5亿元, 2025年3月4日.

use chrono::{Datelike, NaiveDate};

/// `value` with `digits` decimals; never prints "-0.0".
pub fn fixed(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// A date as 2025年3月4日 (full year, no zero padding).
pub fn date_cn(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A span of years as 2021—2024年, or 2024年 when it is one year.
pub fn year_span(from: i32, to: i32) -> String {
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
