//! Text metrics for chart labels: estimated widths, two-line wrapping and
//! truncation with an ellipsis.

use unicode_width::UnicodeWidthChar;

/// Estimated advance of `text` at `size`: CJK characters one em, others
/// (digits, Latin, ASCII punctuation) a little over half an em.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c.width() {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.55,
        })
        .sum::<f64>()
        * size
}

/// Breaks `text` into at most two lines of `max` width, preferring a break
/// after Chinese punctuation near the end of the first line; a second line
/// that is still too long ends in "…".
pub(super) fn wrap_two(text: &str, size: f64, max: f64) -> Vec<String> {
    if text_width(text, size) <= max {
        return vec![text.to_string()];
    }
    let chars: Vec<char> = text.chars().collect();
    let mut fit: usize = 0;
    let mut width = 0.0;
    for c in &chars {
        width += text_width(&c.to_string(), size);
        if width > max {
            break;
        }
        fit += 1;
    }
    let fit = fit.max(1);
    let lookback = fit.saturating_sub(6);
    let split = (lookback..fit)
        .rev()
        .find(|&i| "、，,）)》".contains(chars[i]) && i + 1 < chars.len())
        .map_or(fit, |i| i + 1);
    let first: String = chars[..split].iter().collect();
    let rest: String = chars[split..].iter().collect();
    vec![first, truncate(&rest, size, max)]
}

pub(super) fn truncate(text: &str, size: f64, max: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let budget = max - text_width("…", size);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        width += text_width(&c.to_string(), size);
        if width > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
