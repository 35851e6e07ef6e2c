//! The line map: each Typst line is mapped to the Markdown line it comes from, and lines are
//! counted as Typst counts them.

use plan_eval::typeset::convert::{line_count, markdown_to_typst_mapped};

use super::*;

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
