//! Escaping for Markdown: text from the data files that prints literally, on
//! one line, wherever a report template places it.

/// Escapes text so that Markdown prints it literally, on one line.
///
/// Inline markup characters are backslash-escaped everywhere; characters that
/// only matter at the start of a line (list, heading and block markers) are
/// escaped at the start of the value, since a template may place it there.
pub fn escape_markdown(text: &str) -> String {
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

#[cfg(test)]
mod tests {
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
