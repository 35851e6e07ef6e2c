//! Escaping for Markdown: text from the data files that prints literally, on
//! one line, wherever a report template places it.

/// Escapes text so that Markdown prints it literally, on one line.
///
/// Inline markup characters are backslash-escaped everywhere; characters that
/// only matter at the start of a line (list, heading and block markers) are
/// escaped at the start of the value, since a template may place it there.
pub(crate) fn escape_markdown(text: &str) -> String {
    let text = &printable(text);
    // Line breaks and tabs print as spaces.
    let flat = |c: char| {
        if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        }
    };
    // Leading ASCII digits are as many bytes as characters.
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let starts_block = {
        let mut start = text.chars().map(flat);
        let (first, second) = (start.next(), start.next());
        let mut after = text[digits..].chars().map(flat);
        let (after_digits, after_marker) = (after.next(), after.next());
        let marker_end = |c: Option<char>| c.is_none_or(|c| c == ' ');
        (matches!(first, Some('-' | '+' | '=')) && marker_end(second))
            || (!text.is_empty() && text.chars().all(|c| c == '=' || c == '-'))
            || (digits > 0 && matches!(after_digits, Some('.' | ')')) && marker_end(after_marker))
    };
    let special = |c: char| {
        matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        )
    };
    // Most text from the data files needs no change at all.
    if !starts_block && !text.contains(|c: char| special(c) || flat(c) != c) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().map(flat).enumerate() {
        let block_marker = starts_block && ((i == 0 && digits == 0) || (digits > 0 && i == digits));
        if block_marker || special(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Invisible characters that reorder or hide text (bidi embeddings, overrides and isolates,
/// directional marks), which a reader of the PDF would not see but its text would keep.
pub(crate) fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// The longest run of characters without a break opportunity that data text prints as it is;
/// a longer one (a pasted URL, a row of digits) gets a zero-width space after every so many
/// characters, so that it wraps inside the type area instead of running off the page.
pub(crate) const LONGEST_UNBROKEN: usize = 40;

/// Text from a data file made safe to print: hidden format characters dropped, very long
/// unbroken runs given break opportunities.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let breaks = |c: char| c.is_whitespace() || !c.is_ascii();
    let mut run = 0;
    let long = text.chars().any(|c| {
        run = if breaks(c) { 0 } else { run + 1 };
        run > LONGEST_UNBROKEN
    });
    if !long && !text.contains(is_hidden_format) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / LONGEST_UNBROKEN * 3);
    let mut run = 0;
    for c in text.chars().filter(|&c| !is_hidden_format(c)) {
        if breaks(c) {
            run = 0;
        } else {
            if run == LONGEST_UNBROKEN {
                out.push('\u{200B}');
                run = 0;
            }
            run += 1;
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hidden_format_characters_are_dropped_and_long_runs_broken() {
        assert_eq!(printable("a\u{202E}cba\u{2066}x\u{2069}"), "acbax");
        let long = "a".repeat(100);
        let broken = printable(&long);
        assert_eq!(broken.replace('\u{200B}', ""), long);
        assert_eq!(broken.matches('\u{200B}').count(), 2);
        assert!(
            broken
                .split('\u{200B}')
                .all(|run| run.len() <= LONGEST_UNBROKEN)
        );
        let fine = format!("{} {}", "a".repeat(40), "b".repeat(40));
        assert_eq!(printable(&fine), fine);
        assert_eq!(printable("丹江口".repeat(50).as_str()), "丹江口".repeat(50));
    }

    use super::*;

    #[test]
    fn escapes_inline_markup_and_block_starts() {
        assert_eq!(escape_markdown("a|b"), "a\\|b");
        assert_eq!(escape_markdown("*x* _y_"), "\\*x\\* \\_y\\_");
        assert_eq!(escape_markdown("- item"), "\\- item");
        assert_eq!(escape_markdown("1. item"), "1\\. item");
        assert_eq!(escape_markdown("-3.2"), "-3.2");
        assert_eq!(escape_markdown("10.7"), "10.7");
        assert_eq!(escape_markdown("# h"), "\\# h");
        assert_eq!(escape_markdown("---"), "\\---");
        assert_eq!(escape_markdown("各镇<办、处、区>"), "各镇\\<办、处、区\\>");
        assert_eq!(escape_markdown("a\nb"), "a b");
    }

    /// The escaper as first written, which the fast one must match.
    fn escape_markdown_reference(text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let flat: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let starts_block = {
            let first = flat.chars().next();
            let second = flat.chars().nth(1);
            let digits = flat.chars().take_while(char::is_ascii_digit).count();
            let after_digits = flat.chars().nth(digits);
            let marker_end = |c: Option<char>| c.is_none_or(|c| c == ' ');
            (matches!(first, Some('-' | '+' | '=')) && marker_end(second))
                || (!flat.is_empty() && flat.chars().all(|c| c == '=' || c == '-'))
                || (digits > 0
                    && matches!(after_digits, Some('.' | ')'))
                    && marker_end(flat.chars().nth(digits + 1)))
        };
        let digits = flat.chars().take_while(char::is_ascii_digit).count();
        for (i, c) in flat.chars().enumerate() {
            let block_marker =
                starts_block && ((i == 0 && digits == 0) || (digits > 0 && i == digits));
            if block_marker
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn fast_escaper_matches_the_reference() {
        let pieces = [
            "", "-", "+", "=", "-a", "- ", "=-", "--", "1", "12", "1.", "1)", "1. ", "1.5", "12)x",
            "\n", "\r", "\t", " ", "a", "中", "（", "*", "_", "\\", "|", "#", "!", "&", "<", ">",
            "`", "~", "[", "]", "，", "0", "9",
        ];
        let mut cases = Vec::new();
        for a in pieces {
            for b in pieces {
                cases.push(format!("{a}{b}"));
                for c in ["", " x", "\n-", "1.", "="] {
                    cases.push(format!("{a}{b}{c}"));
                }
            }
        }
        for case in &cases {
            assert_eq!(
                escape_markdown(case),
                escape_markdown_reference(case),
                "{case:?}"
            );
        }
    }
}
