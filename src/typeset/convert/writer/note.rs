//! A table's note: a paragraph that begins 注： (or 说明：) right after a table is written into
//! the table as its last row, `pe-table-note(N)[…]`, which the layout prints as the paragraph it
//! was, under the table's bottom rule. Typst cannot keep a paragraph with the block before it;
//! inside the table, the note goes with the table's last rows (the keeper column's last group
//! spans it), so that it never stands alone at the top of a page. Any other paragraph, and a
//! note after anything but a table, stays a paragraph; this module must not touch them.

use super::*;

/// What opens a note row: its indent, then the keeper column's cell ([`KEEPER_CELL`]).
pub(super) const NOTE_ROW_OPENING: &str = "  ";

/// How a table's note begins (its markup, after any `#strong[` or `#emph[`).
const NOTE_OPENINGS: [&str; 4] = ["注：", "注:", "说明：", "说明:"];

/// The longest note (in characters of markup) taken into its table: about ten lines of body
/// text. The note is kept whole with the table's last rows, so a longer one would leave too
/// much of a page empty; it stays a paragraph.
const NOTE_MAX_CHARS: usize = 300;

/// A table just written, as it was before its column widths and keeper column were: what is
/// needed to write it again with a note row at its end.
pub(in crate::typeset::convert) struct EndedTable {
    /// Where its markup starts and ends (after its blank line) in the output.
    start: usize,
    end: usize,
    /// Its markup from `start` up to its closing parenthesis, unedited.
    raw: String,
    /// Its rows' line marks, unedited, and the index of its own mark.
    row_marks: Vec<(usize, usize)>,
    marks: usize,
    line: usize,
    columns: usize,
    /// Set in 小五 (closed by `]` after the table).
    small: bool,
    /// The edits that finish it with a note row (see [`table_edits`]).
    edits: Vec<(usize, usize, String)>,
}

impl EndedTable {
    pub(super) fn ending_at(mut self, end: usize) -> Self {
        self.end = end;
        self
    }
}

impl Writer<'_, '_> {
    /// Keeps what is needed to write the table `open` again with a note row: called when its
    /// rows are written, up to `close` (its closing parenthesis), before its edits.
    pub(super) fn ended_table(
        &self,
        open: &Open,
        close: usize,
        edits: Vec<(usize, usize, String)>,
        small: bool,
    ) -> EndedTable {
        let columns = match open.frame {
            Frame::Table { columns, .. } => columns,
            _ => 1,
        };
        EndedTable {
            start: open.start,
            end: open.start,
            raw: self.out[open.start..close].to_string(),
            row_marks: self.marks[open.marks..].to_vec(),
            marks: open.marks,
            line: open.line,
            columns,
            small,
            edits,
        }
    }

    /// Writes the paragraph `open`, whose markup is written, into the table right before it
    /// as its note row, when it is a note (see [`is_table_note`]) that follows the table
    /// directly. True when it did.
    pub(super) fn write_table_note(&mut self, open: &Open) -> bool {
        let Some(table) = &self.last_table else {
            return false;
        };
        let note = &self.out[open.content..];
        if table.end != open.start
            || open.content != open.start
            || !is_table_note(note)
            || note.chars().count() > NOTE_MAX_CHARS
        {
            return false;
        }
        let note = note.to_string();
        let Some(table) = self.last_table.take() else {
            return false;
        };
        // The marks of its footnotes' blocks, from where the note's text stood.
        let inner = self.marks.split_off(open.marks);
        self.out.truncate(table.start);
        self.marks.truncate(table.marks);
        self.out.push_str(&table.raw);
        self.marks.extend(table.row_marks);
        self.out.push_str(NOTE_ROW_OPENING);
        // The note row carries the paragraph's line, at its keeper cell as a body row does.
        self.marks.push((self.out.len(), open.line));
        let _ = write!(self.out, "{KEEPER_CELL}pe-table-note({})[", table.columns);
        let at = self.out.len();
        self.marks.extend(
            inner
                .into_iter()
                .map(|(offset, line)| (offset - open.content + at, line)),
        );
        let _ = writeln!(self.out, "{note}],");
        self.out.push(')');
        if table.small {
            self.out.push(']');
        }
        self.apply_edits(table.edits, table.marks);
        self.marks.insert(table.marks, (table.start, table.line));
        self.out.push_str("\n\n");
        self.last_paragraph = None;
        true
    }
}

/// Whether a paragraph's markup is a table's note: it begins 注： or 说明： (a colon of either
/// width), perhaps in bold or italics.
fn is_table_note(markup: &str) -> bool {
    let mut text = markup;
    while let Some(rest) = text
        .strip_prefix("#strong[")
        .or_else(|| text.strip_prefix("#emph["))
    {
        text = rest;
    }
    NOTE_OPENINGS
        .iter()
        .any(|opening| text.starts_with(opening))
}

#[cfg(test)]
#[path = "note_tests.rs"]
mod tests;
