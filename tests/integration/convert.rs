//! Tests of the Markdown → Typst converter: snapshots of its output for each construct, and
//! compilations with the real `typst` CLI showing that every piece of text prints verbatim.
//!
//! The snapshot tests stay in this file (not in a `convert/mod.rs`): insta keeps snapshots in
//! the `snapshots` folder beside the file that asserts and names them by module path, so here
//! they stay `snapshots/integration__convert__<name>.snap`. The other tests are split by
//! subject into `convert/`: `compile` (every construct and payload through the real typst),
//! `properties` (property tests over arbitrary text and Markdown) and `line_map` (the Markdown
//! line of each Typst line); this module also holds the payloads and the compilation helpers
//! they share.

use std::process::Command;

use plan_eval::escape::{escape_markup, string_literal};
use plan_eval::typeset::convert::markdown_to_typst;

use crate::common;

mod compile;
mod line_map;
mod properties;

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
// Shared with the parts: the payloads, and compilation with the real typst.

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
