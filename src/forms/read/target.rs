//! The year's target as staff write it in a form's target cell, in the plan's own
//! words: "3", "5.5以上", "4.5～5" (a range), "5%左右（4.5%～5.5%）" (a figure with
//! 左右 and the range it allows; the form has no 允许偏差 column, so the range
//! gives it). Read back into the one cell text the readings file parses; it must
//! not read sheets or report problems itself (the caller names the cell).

use crate::model::numfmt::plain;
use crate::plan::YearTarget;

/// How the target cell asks to be written (the cell's input message and every error).
pub(crate) const HOW: &str = "3、5.5以上、4.5～5（区间）或 5%左右（4.5%～5.5%）";

/// The readings file's text for a filled target cell and the target it means:
/// "5%左右（4.5%～5.5%）" becomes "5±0.5" (5 左右, 允许偏差 0.5, the one form a
/// readings cell without its 允许偏差 column takes); other targets are kept as written.
/// The error is a sentence for the user, without the cell's address.
pub(crate) fn year_target(cell: &str) -> Result<(String, YearTarget), String> {
    let text = cell.trim();
    let Some((head, range)) = bracketed(text) else {
        if text.trim_end_matches('%').trim().ends_with("左右") {
            return Err(
                "写作“左右”的目标请在括号中写明允许的范围，如“5%左右（4.5%～5.5%）”".to_string(),
            );
        }
        let target = YearTarget::parse(text, None)?;
        return Ok((text.to_string(), target));
    };
    let figure = head.trim().trim_end_matches("左右").trim();
    if figure.len() == head.trim().len() {
        return Err(
            "括号中的范围只用于“左右”的目标，如“5%左右（4.5%～5.5%）”；区间请直接写作“4.5～5”"
                .to_string(),
        );
    }
    let figure = YearTarget::parse(figure, None)?;
    let span = YearTarget::parse(range, None)?;
    let (Some(high), true, false) = (span.high, span.range, figure.range || figure.at_least) else {
        return Err(format!(
            "括号中应写明“{head}”允许的范围，如“5%左右（4.5%～5.5%）”"
        ));
    };
    let (below, above) = (figure.figure - span.low, high - figure.figure);
    if below <= 0.0 || above <= 0.0 || (below - above).abs() > 1e-6 {
        return Err(format!(
            "括号中的范围“{range}”应以“{head}”的数值为中点，如“5%左右（4.5%～5.5%）”"
        ));
    }
    let written = format!("{}±{}", plain(figure.figure), plain(below));
    let target = YearTarget::parse(&written, None)?;
    Ok((written, target))
}

/// "5%左右（4.5%～5.5%）" split into "5%左右" and "4.5%～5.5%" (full or half-width brackets);
/// `None` without a closing bracket at the end.
fn bracketed(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_suffix('）').or_else(|| text.strip_suffix(')'))?;
    let open = inner.rfind(['（', '('])?;
    let bracket = inner[open..].chars().next().map_or(1, char::len_utf8);
    Some((&inner[..open], inner[open + bracket..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_read_as_the_plan_words_it() {
        for (cell, written, low, high) in [
            ("5%左右（4.5%～5.5%）", "5±0.5", 4.5, Some(5.5)),
            ("5左右(4.5~5.5)", "5±0.5", 4.5, Some(5.5)),
            ("6.2%左右（5.7%—6.7%）", "6.2±0.5", 5.7, Some(6.7)),
            ("-3左右（-3.5～-2.5）", "-3±0.5", -3.5, Some(-2.5)),
            ("5±0.5", "5±0.5", 4.5, Some(5.5)),
            ("4.5～5", "4.5～5", 4.5, Some(5.0)),
            ("5.5以上", "5.5以上", 5.5, None),
            ("3", "3", 3.0, None),
        ] {
            let (text, target) = year_target(cell).unwrap_or_else(|e| panic!("{cell}: {e}"));
            assert_eq!(text, written, "{cell}");
            assert_eq!((target.low, target.high), (low, high), "{cell}");
            // What the readings file reads back is the same target.
            assert_eq!(YearTarget::parse(&text, None), Ok(target), "{cell}");
        }
        for (cell, message) in [
            (
                "5%左右",
                "写作“左右”的目标请在括号中写明允许的范围，如“5%左右（4.5%～5.5%）”",
            ),
            (
                "5%左右（4%～5.5%）",
                "括号中的范围“4%～5.5%”应以“5%左右”的数值为中点，如“5%左右（4.5%～5.5%）”",
            ),
            (
                "5%左右（5.5%）",
                "括号中应写明“5%左右”允许的范围，如“5%左右（4.5%～5.5%）”",
            ),
            (
                "5%（4.5%～5.5%）",
                "括号中的范围只用于“左右”的目标，如“5%左右（4.5%～5.5%）”；区间请直接写作“4.5～5”",
            ),
        ] {
            assert_eq!(
                year_target(cell).map(|t| t.0),
                Err(message.to_string()),
                "{cell}"
            );
        }
    }
}
