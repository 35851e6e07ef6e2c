//! The markup of a table's note: written into the table right before it, and nothing else.

use super::is_table_note;
use crate::typeset::convert::{markdown_to_typst, markdown_to_typst_mapped};

#[test]
fn a_note_begins_with_its_word_and_a_colon() {
    for note in [
        "注：数据为预计数。",
        "注:数据",
        "说明：见正文",
        "#strong[注：]数据",
        "#emph[#strong[说明:]]x",
    ] {
        assert!(is_table_note(note), "{note}");
    }
    for text in [
        "注意：数据",
        "备注：数据",
        "注",
        "数据注：",
        "#strong[数据]注：",
        "附注：",
        "说明数据",
    ] {
        assert!(!is_table_note(text), "{text}");
    }
}

/// A table of two rows and what follows it, converted.
fn after_table(rest: &str) -> String {
    markdown_to_typst(&format!(
        "| 指标 | 值 |\n|---|--:|\n| 甲 | 1 |\n| 乙 | 2 |\n\n{rest}"
    ))
}

const TABLE_HEAD: &str = "#table(\n  columns: (0pt, auto, auto),\n  align: (left, auto, right),\n  \
                          table.header([], [指标], [值]),\n";

#[test]
fn a_note_right_after_a_table_is_its_last_row_kept_with_the_last_rows() {
    assert_eq!(
        after_table("注：数据为预计数。\n\n正文。\n"),
        format!(
            "{TABLE_HEAD}  table.cell(rowspan: 3, breakable: false)[], [甲], [1],\n  [乙], [2],\n  \
             pe-table-note(2)[注：数据为预计数。],\n)\n\n正文。\n"
        )
    );
    // Either colon, 说明, and in bold.
    for (note, markup) in [
        ("注:数据。", "注:数据。"),
        ("说明：数据。", "说明：数据。"),
        ("**注:** 数据。", "#strong[注:] 数据。"),
    ] {
        let typst = after_table(&format!("{note}\n"));
        assert!(
            typst.ends_with(&format!("  pe-table-note(2)[{markup}],\n)\n")),
            "{typst}"
        );
    }
}

#[test]
fn a_table_without_a_note_and_a_note_after_anything_else_are_as_before() {
    let table = format!(
        "{TABLE_HEAD}  table.cell(rowspan: 2, breakable: false)[], [甲], [1],\n  [乙], [2],\n)\n"
    );
    assert_eq!(after_table(""), table);
    assert_eq!(after_table("正文。\n"), format!("{table}\n正文。\n"));
    // A paragraph between, a heading, a caption: the note stays a paragraph.
    assert_eq!(
        after_table("正文。\n\n注：数据为预计数。\n"),
        format!("{table}\n正文。\n\n注：数据为预计数。\n")
    );
    assert_eq!(
        after_table("## 二、标题\n\n注：数据。\n"),
        format!("{table}\n== 二、标题\n\n注：数据。\n")
    );
    assert_eq!(
        after_table("<!-- pe:caption -->\n注：题注。\n"),
        format!("{table}\n#pe-caption[注：题注。]\n")
    );
    // Words that are not a note's opening, and a second note: paragraphs.
    assert_eq!(
        after_table("注意：数据。\n"),
        format!("{table}\n注意：数据。\n")
    );
    let two = after_table("注：一。\n\n注：二。\n");
    assert!(
        two.ends_with("  pe-table-note(2)[注：一。],\n)\n\n注：二。\n"),
        "{two}"
    );
    // A note with no table before it.
    assert_eq!(markdown_to_typst("注：数据。\n"), "注：数据。\n");
}

#[test]
fn a_note_too_long_to_keep_whole_stays_a_paragraph() {
    let long = format!("注：{}", "数据为预计数。".repeat(43));
    assert!(long.chars().count() > 300);
    let typst = after_table(&format!("{long}\n"));
    assert!(typst.ends_with(&format!(")\n\n{long}\n")), "{typst}");
    let kept = format!("注：{}", "数据为预计数。".repeat(42));
    assert!(kept.chars().count() <= 300);
    let typst = after_table(&format!("{kept}\n"));
    assert!(typst.ends_with(&format!("[{kept}],\n)\n")), "{typst}");
}

#[test]
fn one_row_and_its_note_are_kept_and_a_long_tables_last_three_take_the_note() {
    assert_eq!(
        markdown_to_typst("| 指标 | 值 |\n|---|--:|\n| 甲 | 1 |\n\n注：数据。\n"),
        format!(
            "{TABLE_HEAD}  table.cell(rowspan: 2, breakable: false)[], [甲], [1],\n  \
             pe-table-note(2)[注：数据。],\n)\n"
        )
    );
    // Without a note, one row has no keeper column.
    assert_eq!(
        markdown_to_typst("| 指标 | 值 |\n|---|--:|\n| 甲 | 1 |\n"),
        "#table(\n  columns: 2,\n  align: (auto, right),\n  table.header([指标], [值]),\n  [甲], [1],\n)\n"
    );
    let rows: String = (1..=7).map(|i| format!("| {i} | {i} |\n")).collect();
    assert_eq!(
        markdown_to_typst(&format!("| 指标 | 值 |\n|---|--:|\n{rows}\n注：数据。\n")),
        format!(
            "{TABLE_HEAD}  table.cell(rowspan: 3, breakable: false)[], [1], [1],\n  [2], [2],\n  \
             [3], [3],\n  [], [4], [4],\n  table.cell(rowspan: 4, breakable: false)[], [5], [5],\n  \
             [6], [6],\n  [7], [7],\n  pe-table-note(2)[注：数据。],\n)\n"
        )
    );
    // A table of five rows is still kept whole, now with its note.
    let rows: String = (1..=5).map(|i| format!("| {i} | {i} |\n")).collect();
    let typst = markdown_to_typst(&format!("| 指标 | 值 |\n|---|--:|\n{rows}\n注：数据。\n"));
    assert!(
        typst.contains("table.cell(rowspan: 6, breakable: false)[], [1], [1],\n  [2], [2],\n"),
        "{typst}"
    );
}

#[test]
fn the_note_row_maps_to_the_notes_line_in_a_landscape_block_and_with_footnotes() {
    let markdown = "<!-- pe:landscape -->\n\n| 指标 | 值 |\n|---|--:|\n| 甲 | 1 |\n| 乙 | 2 |\n\n\
                    注：数据[^1]。\n\n<!-- pe:end-landscape -->\n\n正文。\n\n[^1]: 脚注。\n";
    let (typst, lines) = markdown_to_typst_mapped(markdown);
    let line_of = |text: &str| {
        let i = typst
            .lines()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text}: {typst}"));
        lines[i]
    };
    assert!(typst.starts_with("#pe-landscape[\n#table("), "{typst}");
    assert!(
        typst.contains("  pe-table-note(2)[注：数据#footnote[脚注。]。],\n)\n]\n"),
        "{typst}"
    );
    assert_eq!(line_of("#table("), 3);
    assert_eq!(line_of("[甲]"), 5);
    assert_eq!(line_of("[乙]"), 6);
    assert_eq!(line_of("pe-table-note"), 8);
    assert_eq!(line_of("正文。"), 12);
}

#[test]
fn a_crowded_upright_table_set_in_small_type_takes_its_note_inside() {
    let rows = [
        "| 2 | 全员劳动生产率 | 年均增长大于8% | 6.6%（年均8.1%） | 年均8% | 基本符合预期 | 预计能够完成 |",
        "| 6 | 固定资产投资 | 年均增长10% | -3.2%（年均2.2%） | 年均10% | 明显滞后于预期 | 完成难度很大 |",
    ];
    let markdown = format!(
        "| 序号 | 指标 | 目标 | 完成 | 进度 | 评价 | 预判 |\n|---|---|---|---|---|---|---|\n{}\n\n注：数据。\n",
        rows.join("\n")
    );
    let typst = markdown_to_typst(&markdown);
    assert!(
        typst.starts_with("#[#show table: set text(size: 9pt)\n#table("),
        "{typst}"
    );
    assert!(
        typst.ends_with("  pe-table-note(7)[注：数据。],\n)]\n"),
        "{typst}"
    );
}
