//! Compilation with the real typst: every construct's output together in one document, and
//! every payload in every context, through the converter and through `escape_markup`, prints
//! verbatim.

use plan_eval::typeset::convert::parser_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::*;

/// What Markdown makes of a snippet, as tags and text, with HTML counted as text: two snippets
/// with the same reading print the same.
fn markdown_reading(markdown: &str) -> Vec<String> {
    let mut reading = Vec::new();
    for event in Parser::new_ext(markdown, parser_options()) {
        let item = match event {
            // A layout directive is not text, whatever the other HTML blocks are.
            Event::Html(html) if html.starts_with("<!-- pe:") => format!("Directive({html})"),
            Event::Text(text) | Event::InlineHtml(text) | Event::Html(text) => {
                if let Some(last) = reading
                    .last_mut()
                    .filter(|l: &&mut String| l.starts_with('"'))
                {
                    last.push_str(&text);
                    continue;
                }
                format!("\"{text}")
            }
            Event::Start(Tag::HtmlBlock) => "Start(Paragraph)".to_string(),
            Event::End(TagEnd::HtmlBlock) => "End(Paragraph)".to_string(),
            other => format!("{other:?}"),
        };
        reading.push(item);
    }
    for item in &mut reading {
        if item.starts_with('"') {
            *item = item.trim_end().to_string();
        }
    }
    reading
}

/// Where a payload is placed, as Markdown around it, and what prints before it.
#[derive(Clone, Copy, Debug)]
enum Context {
    Paragraph,
    Heading,
    ListItem,
    TableCell,
    Strong,
    /// Right after generated code (`#strong[S]`), which a `(`, `[`, `;` or `.name` would continue.
    AfterStrong,
}

impl Context {
    const ALL: [Context; 6] = [
        Context::Paragraph,
        Context::Heading,
        Context::ListItem,
        Context::TableCell,
        Context::Strong,
        Context::AfterStrong,
    ];

    fn markdown(self, text: &str, start: &str) -> String {
        match self {
            Context::Paragraph => format!("{start}\n\n{text}\n"),
            Context::Heading => format!("{start}\n\n## {text}\n"),
            Context::ListItem => format!("{start}\n\n- {text}\n"),
            Context::TableCell => {
                format!("| {start} |\n| --- |\n| {} |\n", text.replace('|', "\\|"))
            }
            Context::Strong => format!("{start}\n\n**{text}**\n"),
            Context::AfterStrong => format!("{start}\n\n**S**{text}\n"),
        }
    }

    fn printed(self, payload: &str) -> String {
        match self {
            Context::ListItem => format!("• {payload}"),
            Context::AfterStrong => format!("S{payload}"),
            _ => payload.to_string(),
        }
    }
}

/// Every construct's output compiles, together in one document, and prints its text.
#[test]
fn every_construct_compiles() {
    let mut body = String::new();
    for (name, markdown) in CONSTRUCTS {
        body.push_str(&format!("// {name}\n{}\n", markdown_to_typst(markdown)));
    }
    let text =
        compile_with_files(&body, &[("figures/chart.png", PNG)]).unwrap_or_else(|e| panic!("{e}"));
    let text = normalize(&text);
    for expected in [
        "First paragraph.",
        "(一)约束性指标。",
        "1.劳动年龄人口平均受教育年限达到10.7年。",
        "fn main() {",
        "the site",
        "someone@example.org",
        "☐ to do",
        "☑ done",
        "森林覆盖率",
        "Source A.",
        "各镇人民政府、街道办事处，市政府有关部门：现印发给你们， please read the plan 并认真落实。",
        "<!-- pe:nonsense -->",
        "<div class=\"x\">",
        "*not emphasis*",
        "x | y",
        "- c",
        "1. d",
        "Second paragraph.",
        "inner quote",
        "Heading on a landscape page",
        "<!-- pe:end-landscape -->",
        "Unclosed to the end.",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the printed text:\n{text}\n--- typst ---\n{body}"
        );
    }
}

#[test]
fn payloads_print_verbatim_through_typst() {
    // (label, context, Markdown text, what prints)
    let mut cases: Vec<(String, Context, String, String)> = Vec::new();
    for payload in payloads() {
        let escaped = markdown_escape(payload);
        for context in Context::ALL {
            cases.push((
                format!("{context:?} escaped {payload:?}"),
                context,
                escaped.clone(),
                context.printed(payload),
            ));
            // The payload as written too, wherever Markdown itself reads it as plain text.
            let start = "START";
            if markdown_reading(&context.markdown(payload, start))
                == markdown_reading(&context.markdown(&escaped, start))
            {
                cases.push((
                    format!("{context:?} as written {payload:?}"),
                    context,
                    payload.to_string(),
                    context.printed(payload),
                ));
            }
        }
    }
    let mut markdown = String::new();
    for (i, (_, context, text, _)) in cases.iter().enumerate() {
        markdown.push_str(&context.markdown(text, &marker(i)));
        markdown.push('\n');
    }
    markdown.push_str(&format!("{}\n", marker(cases.len())));

    let body = markdown_to_typst(&markdown);
    let text = compile_to_text(&body).unwrap_or_else(|e| panic!("{e}"));
    let printed = between_markers(&text, cases.len()).unwrap_or_else(|e| panic!("{e}"));
    let failures: Vec<String> = cases
        .iter()
        .zip(&printed)
        .filter(|((_, _, _, expected), got)| normalize(expected) != **got)
        .map(|((label, _, _, expected), got)| {
            format!("{label}: expected {expected:?}, printed {got:?}")
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases did not print verbatim:\n{}\n--- typst ---\n{body}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Markdown read some payloads as syntax; the others were also tested as written.
    assert!(cases.len() > payloads().len() * Context::ALL.len());
}

#[test]
fn payloads_print_verbatim_through_escape_markup() {
    let payloads = payloads();
    let mut body = String::new();
    for (i, payload) in payloads.iter().enumerate() {
        body.push_str(&format!("{}\n\n{}\n\n", marker(i), escape_markup(payload)));
        // Right after a function call, and inside one.
        body.push_str(&format!(
            "#strong[x]{}\n\n#emph[{}]\n\n",
            escape_markup(payload),
            escape_markup(payload)
        ));
    }
    body.push_str(&marker(payloads.len()));
    let text = compile_to_text(&body).unwrap_or_else(|e| panic!("{e}"));
    let printed = between_markers(&text, payloads.len()).unwrap_or_else(|e| panic!("{e}"));
    for (payload, got) in payloads.iter().zip(&printed) {
        let payload = normalize(payload);
        let expected = format!("{payload} x{payload} {payload}");
        assert_eq!(
            got, &expected,
            "escape_markup({payload:?})\n--- typst ---\n{body}"
        );
    }
}

/// An ideographic space is text to Typst, not whitespace: a marker after it is no marker, and
/// the space itself is kept (a Unicode-aware trim once dropped it and exposed a `/` at the start
/// of a line, which Typst read as a term list and rejected).
#[test]
fn ideographic_space_before_markers_prints_verbatim() {
    let texts = [
        "\u{3000}/ term: x",
        "\u{3000}\u{3000}- item",
        "\u{3000}= heading",
        "\u{3000}1. one",
    ];
    let mut body = String::new();
    for (i, text) in texts.iter().enumerate() {
        let markdown = markdown_escape(text);
        let typst = markdown_to_typst(&markdown);
        assert!(typst.starts_with('\u{3000}'), "{markdown:?} gave {typst:?}");
        body.push_str(&format!("{}\n\n{typst}\n", marker(i)));
    }
    body.push_str(&marker(texts.len()));
    let text = compile_to_text(&body).unwrap_or_else(|e| panic!("{e}"));
    let printed = between_markers(&text, texts.len()).unwrap_or_else(|e| panic!("{e}"));
    for (text, got) in texts.iter().zip(&printed) {
        assert_eq!(got, &normalize(text), "{text:?}\n--- typst ---\n{body}");
    }
}
