//! Property tests: arbitrary text prints verbatim through typst, arbitrary Markdown converts to
//! Typst that compiles, the converter never panics, the line map has one entry per line, and a
//! string literal decodes back to its text.

use plan_eval::typeset::convert::{line_count, markdown_to_typst_mapped};
use proptest::prelude::*;

use super::*;

/// 16 cases for the properties that run typst, or `PLAN_EVAL_PROPTEST_CASES` for a longer hunt.
fn typst_proptest_config() -> ProptestConfig {
    let cases = std::env::var("PLAN_EVAL_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Text mixing ASCII printable characters (all punctuation included), CJK ideographs, full-width
/// punctuation and spaces.
fn mixed_text() -> impl Strategy<Value = String> {
    let ascii = proptest::char::range(' ', '~');
    let ideograph = proptest::char::range('\u{4e00}', '\u{9fa5}');
    let full_width = proptest::sample::select(
        "，。、；：？！“”‘’（）【】《》〈〉「」『』—…～·　％＃＠＊＿｛｝［］"
            .chars()
            .collect::<Vec<_>>(),
    );
    let special = proptest::sample::select(
        r##"\#[]*_`$<>@~'"/-=+.;(){}|%&!:,?^"##
            .chars()
            .collect::<Vec<_>>(),
    );
    let c = prop_oneof![4 => ascii, 2 => ideograph, 1 => full_width, 3 => special, 1 => Just(' ')];
    proptest::collection::vec(c, 0..40).prop_map(|chars| chars.into_iter().collect())
}

/// Escaped text, and Markdown-escaped text through the converter, prints unchanged: 16 cases of
/// 20 texts each, every case compiled as one Typst document.
#[test]
fn arbitrary_text_prints_verbatim() {
    // Fail at once, with the message, rather than once per shrinking step.
    common::typst();
    let mut runner = proptest::test_runner::TestRunner::new(typst_proptest_config());
    let strategy = proptest::collection::vec(mixed_text(), 20);
    let result = runner.run(&strategy, |texts| {
        let mut body = String::new();
        for (i, text) in texts.iter().enumerate() {
            body.push_str(&format!("{}\n\n{}\n\n", marker(2 * i), escape_markup(text)));
            body.push_str(&format!(
                "{}\n\n{}\n\n",
                marker(2 * i + 1),
                markdown_to_typst(&markdown_escape(text))
            ));
        }
        body.push_str(&marker(2 * texts.len()));
        let text = compile_to_text(&body).map_err(TestCaseError::fail)?;
        let printed = between_markers(&text, 2 * texts.len()).map_err(TestCaseError::fail)?;
        for (i, text) in texts.iter().enumerate() {
            let expected = normalize_around_cjk_punctuation(text);
            let via_escape = normalize_around_cjk_punctuation(&printed[2 * i]);
            let via_markdown = normalize_around_cjk_punctuation(&printed[2 * i + 1]);
            prop_assert_eq!(via_escape, expected.clone(), "escape_markup({:?})", text);
            prop_assert_eq!(via_markdown, expected, "markdown_to_typst({:?})", text);
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// Decodes a Typst string literal (the escapes `\\ \" \n \r \t \u{..}`).
fn decode_string_literal(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next()? {
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    if chars.next()? != '{' {
                        return None;
                    }
                    let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

/// Markdown made of syntax fragments, with text between them.
fn markdown_syntax() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        4 => proptest::sample::select(vec![
            "\n", "\n\n", "- ", "1. ", "7) ", "> ", "# ", "### ", "*", "**", "_", "~~", "`",
            "```\n", "```rust\n", "[x](b.png)", "![a](b.png)", "![r](https://e.org/r.png)",
            "<https://e.org>", "[^1]", "[^1]: note\n", "[^2]: two\n", "| a | b |\n|---|:-:|\n",
            "|", "<!-- pe:signature -->\n", "<!-- pe:pagebreak -->\n", "<!-- pe:caption -->\n",
            "<!-- pe:landscape -->\n", "<!-- pe:end-landscape -->\n",
            "<b>", "<div>\n", "  \n", "\\", "中文", "。", "text", "    ", "- [ ] ", "- [x] ",
            "---\n", "===\n", "&amp;", "&#35;", "(", ")", ".", ";", "#", "$", "@", "<x>", "\"",
        ]).prop_map(str::to_string),
        1 => mixed_text(),
    ];
    proptest::collection::vec(fragment, 0..60).prop_map(|parts| parts.concat())
}

/// Whatever the Markdown, the converter's output compiles: 16 cases of 10 documents each, every
/// case compiled as one Typst document.
#[test]
fn arbitrary_markdown_compiles() {
    common::typst();
    let mut runner = proptest::test_runner::TestRunner::new(typst_proptest_config());
    let strategy = proptest::collection::vec(markdown_syntax(), 10);
    let result = runner.run(&strategy, |documents| {
        let body: String = documents
            .iter()
            .map(|markdown| markdown_to_typst(markdown) + "\n")
            .collect();
        compile_with_files(&body, &[("b.png", PNG)]).map_err(TestCaseError::fail)?;
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

proptest! {
    #[test]
    fn converter_never_panics(markdown in "(?s).{0,300}") {
        let _ = markdown_to_typst(&markdown);
    }

    #[test]
    fn converter_never_panics_on_markdown_syntax(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("\n"), Just("\n\n"), Just("- "), Just("1. "), Just("> "), Just("# "),
                Just("*"), Just("**"), Just("_"), Just("~~"), Just("`"), Just("```\n"),
                Just("[x](y)"), Just("![a](b.png)"), Just("[^1]"), Just("[^1]: note\n"),
                Just("| a | b |\n|---|:-:|\n"), Just("|"), Just("<!-- pe:signature -->\n"),
                Just("<!-- pe:pagebreak -->\n"), Just("<b>"), Just("  \n"), Just("\\"),
                Just("中文"), Just("text"), Just("    "), Just("- [ ] "), Just("---\n"),
            ],
            0..60,
        )
    ) {
        let markdown: String = parts.concat();
        let _ = markdown_to_typst(&markdown);
    }

    #[test]
    fn line_map_has_one_entry_per_line(markdown in markdown_syntax()) {
        let (typst, map) = markdown_to_typst_mapped(&markdown);
        prop_assert_eq!(&typst, &markdown_to_typst(&markdown));
        prop_assert_eq!(map.len(), line_count(&typst));
        let lines = line_count(&markdown).max(1);
        prop_assert!(map.iter().all(|line| (1..=lines).contains(line)), "{:?}", map);
    }

    #[test]
    fn string_literal_round_trips(text in "(?s).{0,100}") {
        let literal = string_literal(&text);
        prop_assert_eq!(decode_string_literal(&literal), Some(text));
    }
}
