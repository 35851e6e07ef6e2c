//! Tests of the Markdown → Typst converter: snapshots of its output for each construct, and
//! compilations with the real `typst` CLI showing that every piece of text prints verbatim.

use std::process::Command;

use plan_eval::escape::{escape_markup, string_literal};
use plan_eval::typeset::convert::{
    line_count, markdown_to_typst, markdown_to_typst_mapped, parser_options,
};
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::common;

// ---------------------------------------------------------------------------------------------
// Snapshots: one small input per construct.

fn check(name: &str, markdown: &str) {
    let typst = markdown_to_typst(markdown);
    insta::with_settings!({ description => markdown, omit_expression => true }, {
        insta::assert_snapshot!(name, typst);
    });
}

/// Defines a snapshot test per construct, and `CONSTRUCTS` listing them all.
macro_rules! constructs {
    ($($name:ident: $markdown:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name), $markdown);
            }
        )*

        /// Every construct's name and Markdown.
        const CONSTRUCTS: &[(&str, &str)] = &[$((stringify!($name), $markdown)),*];
    };
}

constructs! {
    paragraphs: "First paragraph.\n\nSecond paragraph, 10.7% up.\n\n(一)约束性指标。\n\n1.劳动年龄人口平均受教育年限达到10.7年。\n";
    headings: "# 一、总体要求\n\n## Level two\n\n###### Level six\n\nSetext\n===\n";
    emphasis_strong_strike: "*emph* and **strong** and ~~struck~~ and ***both***.\n";
    inline_code: "Run `cargo test \"a\\b\"` now.\n";
    code_blocks: "```rust ignore\nfn main() {\n    println!(\"hi\\n\");\n}\n```\n\n    indented\n    code\n";
    links_and_autolinks: "See [the *site*](https://example.org/a?b=c \"title\"), <https://example.org/x> and <someone@example.org>.\n";
    images: "![A *chart* of \"growth\"](figures/chart.png)\n\n![remote](https://example.org/x.png)\n";
    bullet_list_nested: "- one\n- two\n  - two a\n  - two b\n- three\n";
    ordered_list_start: "3. three\n4. four\n\nBetween.\n\n1. one\n2. two\n";
    loose_list: "- first\n\n  second paragraph\n\n- next\n";
    task_list: "- [ ] to do\n- [x] done\n";
    block_quote: "> quoted *text*\n>\n> second paragraph\n";
    table_alignment: "| 指标 | 目标 | 完成 | 备注 |\n| :--- | :---: | ---: | --- |\n| GDP | 10.7% | 9.8% | |\n| 森林覆盖率 | 60% | 61% | 达标 |\n";
    footnotes: "Claim[^a] and again[^a], another[^b].\n\n[^a]: Source *A*.\n[^b]: Source B.\n";
    hard_break_and_rule: "line one  \nline two\\\n(three)\n\n---\n\nafter\n";
    soft_breaks_cjk_joining: "各镇人民政府、街道办事处，\n市政府有关部门：\n现印发给你们，\nplease read\nthe plan\n并认真落实。\n“规划”\n实施\n";
    directive_pagebreak: "Before.\n\n<!-- pe:pagebreak -->\n\nAfter.\n\n- <!-- pe:pagebreak -->\n\n> <!-- pe:pagebreak -->\n\nNote[^n].\n\n[^n]: <!-- pe:pagebreak -->\n";
    directives_wrapping: "<!-- pe:subtitle -->\n（2021—2025年）\n\n<!-- pe:addressee -->\n各镇人民政府、街道办事处：\n\n正文。\n\n<!-- pe:signature -->\n丹江口市人民政府办公室  \n2022年3月4日\n\n<!-- pe:caption -->\n表1 主要指标\n\n<!-- pe:annex -->\n附件1\n";
    directives_unknown_and_misplaced: "<!-- pe:nonsense -->\n\n<!-- a comment -->\n\n<!--pe:pagebreak-->\n\n<!-- pe:signature -->\n\n# Heading after a directive\n\nInline <!-- pe:pagebreak --> comment.\n\n<!-- pe:annex -->\n";
    raw_html_is_text: "<div class=\"x\">\n*not emphasis*\n</div>\n\nInline <span>#strong[x]</span> and <script>alert(1)</script>.\n";
    footnote_in_heading: "# Title[^n] and more\n\nText[^n].\n\n[^n]: The note.\n";
    footnote_cycle_and_paragraphs: "A[^x].\n\n[^x]: See[^x] and[^y].\n\n    Second paragraph.\n\n[^y]: Y.\n";
    containers_nested: "> - item with `code`\n>\n>   ```\n>   block\n>   ```\n> 2. two\n>\n> > inner quote\n";
    table_inline_and_ragged: "| a | b |\n|---|---|\n| **x** \\| y | [link](https://example.org) |\n| only one |\n| - c | 1. d |\n";
    image_in_link: "[![alt *x* `y`](figures/chart.png)](https://example.org) and ![](figures/chart.png)\n";
    image_inline_in_emphasis: "***![](figures/chart.png)[r](https://example.org)***\\\nnext\n\n![alone](figures/chart.png)\n";
    landscape_block: "Before.\n\n<!-- pe:landscape -->\n\n<!-- pe:annex -->\n附件1\n\n<!-- pe:caption -->\n表3 宽表\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- pe:pagebreak -->\n\n# Heading on a landscape page\n\n<!-- pe:end-landscape -->\n\nAfter.\n";
    soft_breaks_after_formatting: "**加粗**\n之后换行。\n`代码`\n之后，\n*x*\ny 与\n[链接](https://example.org)\n中文\n<b>标签</b>\n续行\n- [ ] 任务\n  换行\n";
    ideographic_spaces_kept: "\u{3000}\u{3000}段落首行以两个全角空格缩进。\n\n\u{3000}\\/ not a term\n\n- \u{3000}项\n\n> \u{3000}引文\u{3000}\n\n正文[^n]。\n\n[^n]: \u{3000}注\n";
    figure_with_caption: "![增速](figures/chart.png)\n\n<!-- pe:caption -->\n图1 主要指标增速\n\n正文。\n\n![无题注](figures/chart.png)\n\n正文在前。\n\n<!-- pe:caption -->\n表1 不跟在图后的题注\n";
    annex_title: "<!-- pe:annex -->\n附件1\n\n<!-- pe:annex-title -->\n丹江口市“十四五”规划纲要主要指标监测表\n\n<!-- pe:annex -->\n附件2\n\n<!-- pe:annex-title -->\n丹江口市“十四五”规划纲要责任单位落实情况表\n\n<!-- pe:landscape -->\n\n<!-- pe:annex-title -->\n丹江口市“十四五”规划纲要责任单位落实情况表\n\n<!-- pe:end-landscape -->\n";
    title_on_balanced_lines: "# 青岚县国民经济和社会发展第十五个五年规划纲要2026年度实施情况评估报告\n\n# 短标题\n\n## 二级标题不分行：国民经济和社会发展第十五个五年规划纲要实施情况\n\n# 含*强调*的标题不分行：国民经济和社会发展第十五个五年规划纲要实施情况\n";
    table_columns_and_kept_rows: "| 序号 | 指标 | 规划目标 | 2020年基期 | 2021年 | 2022年 | 2023年 | 2024年 | 评价 |\n|:-:|:--|:--|--:|--:|--:|--:|--:|:-:|\n| 1 | 单位地区生产总值能源消耗降低 | 单位地区生产总值能源消耗降低完成省下达目标任务 | — | 100.0/100.0 | 100.0/100.0 | 100.0/100.0 | 100.0/100.0 | 滞后于序时进度 |\n| 2 | 森林覆盖率 | 森林覆盖率达到60%以上 | 65.5 | 65.6 | 65.6 | 65.8 | 65.9 | 符合序时进度 |\n| 3 | c | c | 1 | 1 | 1 | 1 | 1 | c |\n| 4 | d | d | 1 | 1 | 1 | 1 | 1 | d |\n| 5 | e | e | 1 | 1 | 1 | 1 | 1 | e |\n| 6 | f | f | 1 | 1 | 1 | 1 | 1 | f |\n| 7 | g | g | 1 | 1 | 1 | 1 | 1 | g |\n\n| 只有 | 一行 |\n|---|---|\n| 1 | 2 |\n";
    landscape_misplaced_and_unclosed: "<!-- pe:end-landscape -->\n\n<!-- pe:landscape -->\n<!-- pe:end-landscape -->\n\n- <!-- pe:landscape -->\n\n> <!-- pe:end-landscape -->\n\nNote[^n].\n\n[^n]: <!-- pe:landscape -->\n\n<!-- pe:landscape -->\n\nInside.\n\n<!-- pe:landscape -->\n\nUnclosed to the end.\n";
}

#[test]
fn escaping_payloads() {
    let markdown = payloads()
        .iter()
        .map(|payload| markdown_escape(payload))
        .collect::<Vec<_>>()
        .join("\n\n");
    check("escaping_payloads", &markdown);
}

#[test]
fn escape_markup_rules() {
    let cases = [
        "10.7% 增长",
        "1. x",
        "1.5",
        "- a",
        "a -1 b",
        "a-b",
        "end.",
        "(x)",
        ".x and .5",
        "http://a.b/c",
        "a\nb\n= c\n+ d",
        "a\u{2028}b",
    ];
    let out = cases
        .iter()
        .map(|case| format!("{case:?} => {:?}", escape_markup(case)))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("escape_markup_rules", out);
}

#[test]
fn string_literals() {
    assert_eq!(string_literal("a\"b\\c\nd\te"), r#""a\"b\\c\nd\te""#);
    assert_eq!(string_literal("\u{1}\u{2028}"), r#""\u{1}\u{2028}""#);
    assert_eq!(string_literal("中文 #x"), "\"中文 #x\"");
}

// ---------------------------------------------------------------------------------------------
// Compilation with the real typst.

/// Text that must print verbatim wherever it stands.
fn payloads() -> Vec<&'static str> {
    vec![
        "#read(\"/etc/passwd\")",
        "#import \"x.typ\": *",
        "<label>",
        "@ref",
        "$x^2$",
        "// not a comment",
        "/* nor this */",
        "= not a heading",
        "- not a list",
        "+ x",
        "1. not a list",
        "01. not a list",
        "\\",
        "*not bold*",
        "_x_",
        "~",
        "---",
        "...",
        "\"quoted\" 'x'",
        "https://example.org",
        "{{ not tera }}",
        "{% raw %}",
        "| not | a | table |",
        "<script>alert(1)</script>",
        "各镇<办、处、区>",
        "#strong[x](y)",
        "-1 and -? and a--b",
        "\\u{41} and \\#",
        "(leading paren) and .field",
        "; semicolon",
        ".field",
        "]",
        "10.7% and 2020-2024 and 1.5",
        "/ term: description",
        "*/ closing",
        "`raw`",
        "<!-- pe:pagebreak -->",
    ]
}

/// Markdown for a paragraph of plain text: backslash-escapes every ASCII punctuation character,
/// as CommonMark allows, and drops leading spaces (four would start an indented code block, and a
/// paragraph loses them anyway).
fn markdown_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim_start_matches(' ').chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

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

// The fonts as the layout sets them: symbols the CJK fonts lack (☐ ☑) from typst's own
// DejaVu Sans Mono, whatever else the system has (LibreOffice's OpenSymbol reads back wrong).
const PREAMBLE: &str = r#"#set page(width: auto, height: auto, margin: 1cm)
#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Sans Mono"), lang: "zh", cjk-latin-spacing: none)
#let pe-addressee(body) = body
#let pe-signature(body) = body
#let pe-caption(body) = body
#let pe-subtitle(body) = body
#let pe-annex(body) = body
#let pe-annex-title(body) = body
#let pe-figure(image, caption) = { image; caption }
#let pe-landscape(body) = page(flipped: true, body)
"#;

/// Compiles a Typst body with the test preamble and returns the PDF's text, or typst's error.
fn compile_to_text(body: &str) -> Result<String, String> {
    compile_with_files(body, &[])
}

/// A 1×1 grey PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0,
    0, 0, 58, 126, 155, 85, 0, 0, 0, 10, 73, 68, 65, 84, 120, 156, 99, 96, 0, 0, 0, 2, 0, 1, 72,
    175, 164, 113, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Like [`compile_to_text`], with further files (path, bytes) beside the source.
fn compile_with_files(body: &str, files: &[(&str, &[u8])]) -> Result<String, String> {
    let dir = common::temp_dir();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| e.to_string())?;
    }
    let source = dir.path().join("in.typ");
    let pdf = dir.path().join("out.pdf");
    std::fs::write(&source, format!("{PREAMBLE}\n{body}")).map_err(|e| e.to_string())?;
    let output = Command::new(common::typst())
        .arg("compile")
        .arg("--root")
        .arg(dir.path())
        .arg(&source)
        .arg(&pdf)
        .output()
        .map_err(|e| format!("cannot run typst: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "typst failed:\n{}\n--- source ---\n{body}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // `-raw` keeps the content stream's order and spaces; the default reading-order mode drops
    // the space after a one-glyph word (`) a` comes out as `)a`).
    let text = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("cannot run pdftotext (poppler-utils): {e}"))?;
    if !text.status.success() {
        return Err(format!(
            "pdftotext failed: {}",
            String::from_utf8_lossy(&text.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&text.stdout).into_owned())
}

/// Collapses each run of whitespace into one space.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Like [`normalize`], and also drops the spaces that touch CJK or full-width punctuation: Typst
/// compresses such punctuation (`］，`), and pdftotext reads the gap that leaves as a space.
fn normalize_around_cjk_punctuation(text: &str) -> String {
    let punctuation = |c: char| {
        matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0xFE30..=0xFE4F)
            || "“”‘’—…·".contains(c)
    };
    let text = normalize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let touches = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|&n| punctuation(n))
        };
        if c == ' ' && (touches(i.checked_sub(1)) || touches(Some(i + 1))) {
            continue;
        }
        out.push(c);
    }
    out
}

fn marker(i: usize) -> String {
    format!("PEMARK{i:04}Z")
}

/// Splits the printed text at the markers 0..count and returns what printed after each marker.
fn between_markers(text: &str, count: usize) -> Result<Vec<String>, String> {
    let text = normalize(text);
    let mut pieces = Vec::with_capacity(count);
    let mut rest = text.as_str();
    let first = marker(0);
    let start = rest
        .find(&first)
        .ok_or_else(|| format!("marker {first} missing from:\n{text}"))?;
    rest = &rest[start + first.len()..];
    for i in 1..=count {
        let next = marker(i);
        let end = rest
            .find(&next)
            .ok_or_else(|| format!("marker {next} missing from:\n{text}"))?;
        pieces.push(rest[..end].trim().to_string());
        rest = &rest[end + next.len()..];
    }
    Ok(pieces)
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

// ---------------------------------------------------------------------------------------------
// Properties.

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

// ---------------------------------------------------------------------------------------------
// The line map.

/// Each Typst line beside the Markdown line it is mapped to.
fn mapped_lines(markdown: &str) -> Vec<(usize, String)> {
    let (typst, map) = markdown_to_typst_mapped(markdown);
    assert_eq!(
        typst,
        markdown_to_typst(markdown),
        "the same text either way"
    );
    assert_eq!(
        map.len(),
        line_count(&typst),
        "one entry per line:\n{typst}"
    );
    map.into_iter()
        .zip(typst.lines().map(str::to_string))
        .collect()
}
/// Blocks map to the line they start on; lines within a block to the block, table rows and the
/// lines of an HTML block to their own lines; a landscape block's closing bracket to its directive.
#[test]
fn line_map_follows_blocks() {
    let markdown = "# 标题\n\n第一段，\n接续。\n\n- 甲\n- 乙\n  - 乙一\n\n| 指标 | 值 |\n|---|---|\n| GDP | 5 |\n| 人口 | 6 |\n\n<div>\n*文字*\n</div>\n\n<!-- pe:landscape -->\n\n```\ncode\n```\n\n<!-- pe:end-landscape -->\n\n脚注[^a]。\n\n[^a]: 注文。\n";
    let expected: Vec<(usize, &str)> = vec![
        (1, "= 标题"),
        (1, ""),
        (3, "第一段，接续。"),
        (3, ""),
        (6, "#list[甲][乙"),
        (8, "#list[乙一]]"),
        (8, ""),
        (10, "#table("),
        (10, "  columns: (0pt, auto, auto),"),
        (10, "  align: (left, auto, auto),"),
        (10, "  table.header([], [指标], [值]),"),
        (
            12,
            "  table.cell(rowspan: 2, breakable: false)[], [GDP], [5],",
        ),
        (13, "  [人口], [6],"),
        (13, ")"),
        (13, ""),
        (15, "\\<div\\>#linebreak()"),
        (16, "\\*文字\\*#linebreak()"),
        (17, "\\</div\\>"),
        (17, ""),
        (19, "#pe-landscape["),
        (21, "#raw(block: true, \"code\")"),
        (25, "]"),
        (25, ""),
        (27, "脚注#footnote[注文。]。"),
    ];
    let expected: Vec<(usize, String)> = expected
        .into_iter()
        .map(|(line, text)| (line, text.to_string()))
        .collect();
    assert_eq!(mapped_lines(markdown), expected);
}

/// Lines are counted as Typst counts them: a lone `\r` ends a line too, in the Markdown and in
/// the Typst text; an empty document has no lines.
#[test]
fn line_map_counts_lines_like_typst() {
    let (typst, map) = markdown_to_typst_mapped("a\r\rb\r\n\r\n```\nx\ry\n```\n");
    assert_eq!(typst, "a\n\nb\n\n#raw(block: true, \"x\\ry\")\n");
    assert_eq!(map, vec![1, 1, 3, 3, 5]);
    assert_eq!(markdown_to_typst_mapped(""), (String::new(), vec![]));
    assert_eq!(markdown_to_typst_mapped(" \n\n"), (String::new(), vec![]));
}
