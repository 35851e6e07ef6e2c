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

/// Whether `unit` is a percentage (`%`, `％`, 百分点), the one kind of figure a cell shown
/// with a percent sign may hold.
pub(crate) fn is_percent_unit(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％" | "百分点" | "个百分点")
}

/// Why `cell` cannot be a figure in `unit`, when it is one shown as a percentage and `unit`
/// is not a percentage: a workbook number formatted `%` (`formatted`: 345 shown as 34500%,
/// which would be read as 34500), or a value written with a percent sign (as such a cell is
/// saved into a CSV file). `what` names the cell (指标“gdp.level”的数值). `None` when it fits.
pub(crate) fn percent_misfit(
    what: &str,
    cell: &str,
    formatted: bool,
    unit: &str,
) -> Option<String> {
    let signed = fold_width(cell).trim_end().ends_with('%');
    if is_percent_unit(unit) || !(formatted || signed) {
        return None;
    }
    let unit = match unit.trim() {
        "" => "但没有单位".to_string(),
        unit => format!("但单位是“{unit}”"),
    };
    let shown = shown(cell);
    Some(match parse_value(cell) {
        Value::Number(v) if formatted => format!(
            "{what}“{shown}”来自设成了百分比格式的单元格（单元格中的数是 {}，显示时乘了 100），{unit}，不是百分比；请在 Excel 或 WPS 中把该单元格设为“常规”或“数值”格式，核对数值后保存",
            crate::model::numfmt::plain(v / 100.0)
        ),
        _ => format!(
            "{what}“{shown}”带有百分号，{unit}，不是百分比；请去掉百分号并核对数值（Excel 中设成百分比格式的单元格另存为 CSV 时，数值会乘以 100 并带上百分号）"
        ),
    })
}

/// Why a cell was not understood: `what`, the cell and `why`, or, for an Excel error value
/// (`#DIV/0!`, `#N/A`, ...), that the formula behind it failed.
/// A number in scientific notation (`1e308`, `1.2E+5`) is told apart: out of range when
/// too large for any plan's figure, else to be written out in full. Control characters in the
/// cell are shown (`\u{0000}`), never echoed raw.
pub(crate) fn not_understood(what: &str, cell: &str, why: &str) -> String {
    if let Some(error) = super::excel_error(cell) {
        return format!(
            "{what}是 Excel 错误值“{error}”（公式出错），不是数值也不是“无数据”；请在 Excel 中修正公式或直接填写"
        );
    }
    let shown = shown(cell);
    match scientific(cell) {
        Some((value, exponent)) if !value.is_finite() || value.abs() >= 1e15 => format!(
            "{what}“{shown}”超出合理范围：这是科学计数法，即乘以 10 的 {exponent} 次方，远大于任何规划指标的实际数值，请核对"
        ),
        Some(_) => format!(
            "{what}“{shown}”是科学计数法（Excel 中数字过长时的显示方式，另存为 CSV 时可能已被四舍五入）；请在 Excel 中把该列设为“数值”格式后重新导出，或直接填写完整的数字"
        ),
        None => format!("{what}“{shown}”{why}"),
    }
}

/// A cell in scientific notation (`1e308`, `1.2E+5`, `-3e-2%`): its value (infinite beyond
/// the range of a float) and the power of ten written.
fn scientific(cell: &str) -> Option<(f64, i64)> {
    let text: String = fold_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = text.strip_suffix('%').unwrap_or(&text);
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let digits = |s: &str, dot: bool| {
        s.chars().any(|c| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || (dot && c == '.'))
    };
    let mantissa_digits = mantissa.trim_start_matches(['-', '+']);
    let exponent_digits = exponent.trim_start_matches(['-', '+']);
    if !digits(mantissa_digits, true) || !digits(exponent_digits, false) {
        return None;
    }
    let value = text.parse::<f64>().ok()?;
    let power = exponent
        .parse::<i64>()
        .unwrap_or(if exponent.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        });
    Some((value, power))
}

/// A cell as a message shows it: control characters (a NUL byte, an escape, never typed by
/// hand) written out as `\u{0000}`, `\u{001B}`, so the terminal shows them rather than acting on them.
pub(crate) fn shown(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:04X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
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
