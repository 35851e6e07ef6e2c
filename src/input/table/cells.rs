//! Cells as staff write them: years (2024, 2024年, ２０２４) and values
//! (numbers, percentages, full-width forms, blanks, comments).

use crate::model::names::fold_width;

/// A year as staff write it: `2024`, `2024年`, `2024年度`, `２０２４`.
pub(crate) fn parse_year(cell: &str) -> Option<i32> {
    let text: String = fold_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(&text);
    if text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A numeric cell as staff write it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    /// Empty, or a dash or slash statistics tables use for "no figure".
    Empty,
    Number(f64),
    /// Not a number.
    Invalid,
}

/// Parses `10.7`, `10.7%`, `１０．７`, `1,234.5`, ` -3 `; `—`, `-`, `/` mean no figure.
pub(crate) fn parse_value(cell: &str) -> Value {
    let text: String = fold_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() || ["-", "--", "---", "/", "…", "……", "...", "－"].contains(&text.as_str())
    {
        return Value::Empty;
    }
    let text = text.strip_suffix('%').unwrap_or(&text);
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
        || !text.chars().any(|c| c.is_ascii_digit())
    {
        return Value::Invalid;
    }
    let plain = if text.contains(',') {
        // Thousands separators only: 1,234,567.8; never a decimal comma.
        let unsigned = text.trim_start_matches(['-', '+']);
        let int = unsigned.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Value::Invalid;
        }
        text.replace(',', "")
    } else {
        text.to_string()
    };
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Value::Number(v),
        _ => Value::Invalid,
    }
}

/// Why a cell was not understood: `what`, the cell and `why`, or, for an Excel error value
/// (`#DIV/0!`, `#N/A`, ...), that the formula behind it failed.
pub(crate) fn not_understood(what: &str, cell: &str, why: &str) -> String {
    match super::excel_error(cell) {
        Some(error) => format!(
            "{what}是 Excel 错误值“{error}”（公式出错），不是数值也不是“无数据”；请在 Excel 中修正公式或直接填写"
        ),
        None => format!("{what}“{cell}”{why}"),
    }
}

/// Whether a year cell holds a date rather than a year: an Excel date serial (a five-digit
/// number, as a date-formatted cell reads: 45292 is 2024-01-01) or a whole date (2024-01-01,
/// 2024/1/1, 2024.1.1, 2024年1月1日).
pub(crate) fn looks_like_date(cell: &str) -> bool {
    let text: String = fold_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.len() == 5 && text.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let parts: Vec<&str> = text
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// A row's year: the year in `cell`, or what to tell of it. Years that are dates (see
/// [`looks_like_date`]) are told once a table, at the first (`dates_told` keeps count); the
/// rows after it are skipped with nothing to tell (`None`).
pub(crate) fn row_year(cell: &str, dates_told: &mut bool) -> Result<i32, Option<String>> {
    if let Some(year) = parse_year(cell) {
        return Ok(year);
    }
    if !looks_like_date(cell) {
        return Err(Some(not_understood("年份", cell, "不是有效的年份")));
    }
    if std::mem::replace(dates_told, true) {
        return Err(None);
    }
    Err(Some(date_for_year(cell)))
}

/// The one error a table gets for years that are dates (see [`looks_like_date`]), at the first.
fn date_for_year(cell: &str) -> String {
    format!(
        "年份“{cell}”是日期而不是年份（年份列被设成了“日期”格式，或填写了完整日期）；请把年份列设为“常规”或“文本”格式后填写四位年份（如 2024）。本表中同样的行不再逐一列出"
    )
}
