//! Edits made when a block ends: a title's balanced lines, and a table's
//! column widths and kept rows written into its opening.

use super::*;

impl Writer<'_, '_> {
    /// Rewrites the text of a title written from `content` on as balanced lines that end
    /// between words, when it is too long for one line.
    pub(super) fn write_title_lines(&mut self, content: usize, text: &str, units: u32) {
        let Some(lines) = title::title_lines(text.trim(), units) else {
            return;
        };
        self.out.truncate(content);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.push_str("#linebreak()");
            }
            let around = Surroundings {
                at_line_start: i == 0,
                after_code: i > 0,
                before_markup: true,
            };
            escape_into(&mut self.out, line, around);
        }
    }
}

/// The replacements that finish a table's markup once all its rows are known, as (start, end,
/// text) in the order of their positions: the columns' widths, and the keeper column (see
/// [`KEEPER_CELL`]) when the table has two body rows or more, or nothing of it otherwise.
/// A table of a few tall rows is thus never pushed whole to the next page, leaving a gap.
/// `note` is the keeper cell of a note row (注：…) after the body rows, which the last kept
/// rows take along (one body row and its note are kept too); it counts as no body row, so that
/// the table breaks where it would without it.
pub(super) fn table_edits(
    spec: (usize, usize),
    align_keeper: (usize, usize),
    keepers: &[(usize, usize, bool)],
    widths: &[ColumnWidth],
    area: TypeArea,
    note: Option<(usize, usize)>,
) -> Vec<(usize, usize, String)> {
    let body: Vec<(usize, usize)> = keepers
        .iter()
        .filter(|(_, _, header)| !header)
        .map(|&(a, b, _)| (a, b))
        .collect();
    let n = body.len();
    let keep = n >= 2 || (n == 1 && note.is_some());
    let columns =
        column_spec(widths, area).unwrap_or_else(|| vec!["auto".to_string(); widths.len().max(1)]);
    let spec_text = if keep {
        format!("(0pt, {})", columns.join(", "))
    } else if columns.iter().all(|c| c == "auto") {
        columns.len().to_string()
    } else if columns.len() == 1 {
        format!("({},)", columns[0])
    } else {
        format!("({})", columns.join(", "))
    };
    let mut edits = vec![
        (spec.0, spec.1, spec_text),
        (
            align_keeper.0,
            align_keeper.1,
            if keep { KEEPER_ALIGN } else { "" }.to_string(),
        ),
    ];
    // A table of fewer than twice the kept rows is kept whole; a longer one keeps its first
    // rows (under its caption) and its last ones together, and may break between them (a
    // table of six tall rows is not pushed whole to the next page).
    let (head, tail) = if n < 2 * KEPT_ROWS {
        (n, 0)
    } else {
        (KEPT_ROWS, KEPT_ROWS)
    };
    // The note goes with the last group: the whole table's, or its last rows'.
    let with_note = usize::from(note.is_some());
    for &(a, b, header) in keepers {
        let text = if !keep {
            String::new()
        } else if header {
            KEEPER_CELL.to_string()
        } else {
            let row = body.iter().position(|&(x, _)| x == a).unwrap_or(0);
            let span = if row == 0 {
                head + if tail == 0 { with_note } else { 0 }
            } else if tail > 0 && row == n - tail {
                tail + with_note
            } else {
                0
            };
            let covered = (1..head).contains(&row) || (tail > 0 && row > n - tail);
            if span > 0 {
                format!("table.cell(rowspan: {span}, breakable: false)[], ")
            } else if covered {
                String::new()
            } else {
                KEEPER_CELL.to_string()
            }
        };
        edits.push((a, b, text));
    }
    // The note row's keeper cell is covered by its group's, or there is no keeper column.
    edits.extend(note.map(|(a, b)| (a, b, String::new())));
    edits.sort_by_key(|&(a, _, _)| a);
    edits
}
