//! The writer behind the converter: turns prepared pulldown-cmark events into Typst markup,
//! written once into one output string, and records which Markdown line each block came from.
//!
//! Containers write their opening markup (`#emph[`, `= `, `#table(…`) when they open and their
//! closing when they close, so that the markup of nested containers is never copied upwards. The
//! content of the innermost open container is always the tail of the output. Line marks are kept
//! beside the output as (offset, line) pairs in the order of their offsets.

mod edits;
mod end;
mod events;
mod note;
mod start;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Tag};

use super::columns::{ColumnWidth, PORTRAIT_SMALL, TypeArea, column_spec, table_area};
use super::title;
use super::{
    Directive, LineCursor, Spanned, footnote_key, is_inline_tag, is_local_image, is_markup_space,
    parse_directive,
};
use crate::escape::typst::{Surroundings, escape_into, escaped, push_string_literal};

/// The keeper column: a first column of no width whose cells span the first three and the last
/// three body rows of a table and may not break, so that no page holds fewer than three rows of
/// a table that goes on, or that ends there. Its cells are written as `[], ` and its alignment as
/// `left, `, replaced when the table ends.
const KEEPER_CELL: &str = "[], ";
const KEEPER_ALIGN: &str = "left, ";
/// Rows kept together at each end of a table (the first ones under its caption).
const KEPT_ROWS: usize = 3;
/// A table's markup up to its column widths.
const TABLE_OPENING: &str = "#table(\n  columns: ";
/// What opens a crowded upright table set in 9 pt (closed by `]` after the table).
const SMALL_TABLE: &str = "#[#show table: set text(size: 9pt)\n";

/// The longest paragraph (in characters of markup, five lines of body text) that the closing
/// words take along to a new page.
const KEPT_PARAGRAPH_CHARS: usize = 140;

/// How deep footnotes may cite footnotes before a citation prints as written.
const MAX_FOOTNOTE_NESTING: usize = 8;

/// An open container while walking the events.
pub(super) enum Frame {
    /// The document, or the body of a footnote.
    Root,
    /// A container printed as its blocks (definition lists, which are not enabled).
    Group,
    Paragraph {
        /// Set for a paragraph wrapped by a directive, which has written `#pe-NAME[`.
        wrapped: bool,
        /// The image that the paragraph began with, as (inline markup, block markup): a
        /// paragraph of just an image shows it as a block.
        first_image: Option<(String, String)>,
        /// For an annex title: its text while it is plain text, and the width of its lines in
        /// half-width units (it is broken into lines like the document's title).
        title: Option<(Option<String>, u32)>,
    },
    Heading {
        /// The heading's text while it is plain text only (a title is broken into lines).
        text: Option<String>,
        level: usize,
    },
    BlockQuote,
    /// Its arguments go at the start of its content, right after `#list` or `#enum`:
    /// looseness is known only at the end.
    List {
        start: Option<u64>,
        loose: bool,
    },
    Item,
    Table {
        columns: usize,
        /// Where the `columns:` argument and the keeper column's alignment stand in the output,
        /// filled in when the table ends.
        spec: (usize, usize),
        align_keeper: (usize, usize),
        /// Where each row's keeper cell (`[], `) stands: the header's first, if any.
        keepers: Vec<(usize, usize, bool)>,
        /// The widths of each column's cells.
        widths: Vec<ColumnWidth>,
        landscape: bool,
    },
    /// The header row or a body row, with the number of cells written so far.
    TableRow {
        header: bool,
        cells: usize,
    },
    TableCell {
        /// The cell's text, for its column's width.
        text: String,
    },
    /// Emphasis, strong, strikethrough, links and the like: their opening is written, a closing
    /// bracket ends them.
    Inline,
    Image {
        url: String,
        alt: String,
    },
    CodeBlock {
        lang: Option<String>,
        code: String,
    },
    HtmlBlock {
        html: String,
    },
    /// A container whose output is dropped: metadata blocks (not enabled), and the formatting
    /// inside an image's description, which is read as plain text.
    Ignored,
    /// Top-level blocks between `<!-- pe:landscape -->` and `<!-- pe:end-landscape -->`, after
    /// an opening `#pe-landscape[`.
    Landscape,
}

/// A frame and where its markup stands in the output.
pub(super) struct Open {
    frame: Frame,
    /// Where the frame's markup starts.
    start: usize,
    /// Where its content starts, after the opening written at once.
    content: usize,
    /// How many line marks were recorded before it opened: the marks from there on lie in its
    /// content.
    marks: usize,
    /// The Markdown line where the frame starts (blocks, list items and table rows; 0 for the
    /// others, which need none).
    line: usize,
}

/// A directive waiting for its paragraph: its name and its Markdown line.
pub(super) type Pending = Option<(&'static str, usize)>;

/// Writes the markup of one document: its events, and its footnotes where they are cited.
pub(super) struct Writer<'f, 'a> {
    /// Footnote bodies by label (see [`footnote_key`]).
    footnotes: &'f HashMap<String, Vec<Spanned<'a>>>,
    /// The Markdown lines of source offsets, looked up only where a line is recorded.
    lines: LineCursor<'f>,
    /// Starts the Typst labels of footnotes; it differs between documents, so that converted
    /// documents can be joined into one Typst file without their labels clashing.
    label_prefix: String,
    /// How often each footnote is cited.
    references: HashMap<String, usize>,
    /// Labels of the footnotes already printed that are cited more than once.
    footnote_labels: HashMap<String, String>,
    /// Footnotes being rendered (guards against a footnote citing itself).
    rendering_footnotes: HashSet<String>,
    /// How many image frames are open.
    images: usize,
    /// The last block when it is an image alone in its paragraph: where it starts and ends in
    /// the output, and its `image(..)` call. A caption right after it makes them a figure.
    last_image: Option<(usize, usize, String)>,
    /// The last block when it is a plain paragraph: where it starts and ends in the output, and
    /// the index of its line mark. The closing words (特此报告。) pull a short one along with
    /// them, so that they never begin a page without body text above them.
    last_paragraph: Option<(usize, usize, usize)>,
    /// The last table, as it was before its widths and keeper column were written: a note
    /// paragraph right after it (注：…) is written into it as its last row.
    last_table: Option<note::EndedTable>,
    /// The markup written so far.
    out: String,
    /// Line marks: from `offset` on, the markup comes from Markdown line `line`; in the order of
    /// their offsets. A mark also stops trimming, as the text it marks is kept whole.
    marks: Vec<(usize, usize)>,
    /// The buffers of ended tables' column measures and of the last cell's text, emptied, for
    /// the next table and cell (so that a long document does not allocate them anew for each).
    spare_columns: Vec<ColumnWidth>,
    spare_text: String,
}

impl<'f, 'a> Writer<'f, 'a> {
    pub(super) fn new(
        footnotes: &'f HashMap<String, Vec<Spanned<'a>>>,
        lines: LineCursor<'f>,
        label_prefix: String,
        references: HashMap<String, usize>,
        capacity: usize,
    ) -> Self {
        Writer {
            footnotes,
            lines,
            label_prefix,
            references,
            footnote_labels: HashMap::new(),
            rendering_footnotes: HashSet::new(),
            images: 0,
            last_image: None,
            last_paragraph: None,
            last_table: None,
            out: String::with_capacity(capacity),
            marks: Vec::new(),
            spare_columns: Vec::new(),
            spare_text: String::new(),
        }
    }

    /// The stack of a document or footnote body that starts here.
    pub(super) fn root(&self) -> Vec<Open> {
        vec![self.open(Frame::Root, 0)]
    }

    /// The markup and its line marks (offsets into the markup).
    pub(super) fn into_parts(self) -> (String, Vec<(usize, usize)>) {
        (self.out, self.marks)
    }

    fn open(&self, frame: Frame, line: usize) -> Open {
        Open {
            frame,
            start: self.out.len(),
            content: self.out.len(),
            marks: self.marks.len(),
            line,
        }
    }

    /// Renders a sequence of block-level events (a document or a footnote body, each event with
    /// its offset in the Markdown) at the end of
    /// the output.
    pub(super) fn render_blocks(&mut self, events: &[Spanned<'_>]) {
        let mut stack = self.root();
        let mut pending: Pending = None;
        for (event, offset) in events {
            self.event(&mut stack, &mut pending, event, *offset);
        }
        self.finish(stack, pending);
    }

    /// Closes what is left open after the last event.
    pub(super) fn finish(&mut self, mut stack: Vec<Open>, pending: Pending) {
        if let Some((name, line)) = pending {
            self.push_block(&stack, line, &directive_literal(name));
        }
        // A landscape block left open ends with the document. A well-formed stream closes
        // everything else; should it not, what was written stays.
        while stack.len() > 1 {
            let open = stack.pop().unwrap_or_else(|| unreachable!());
            if let Frame::Landscape = open.frame {
                self.close_landscape(open, None);
            }
        }
    }

    /// Appends escaped text to the innermost container. Neighbouring texts were merged
    /// beforehand, so whatever precedes the text there is generated markup and whatever follows
    /// will be too.
    fn push_text(&mut self, stack: &[Open], text: &str) {
        let content = stack.last().map_or(0, |open| open.content);
        let empty = self.out.len() == content;
        let around = Surroundings {
            at_line_start: empty || self.out.ends_with('\n'),
            after_code: !empty,
            before_markup: true,
        };
        escape_into(&mut self.out, text, around);
    }

    /// Starts a block on a line of its own after inline text (in a tight list item).
    fn separate(&mut self, stack: &[Open]) {
        let content = stack.last().map_or(0, |open| open.content);
        if self.out.len() > content && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Appends a whole block that starts on Markdown line `line`. Blocks end with a blank line.
    fn push_block(&mut self, stack: &[Open], line: usize, block: &str) {
        if block.is_empty() {
            return;
        }
        self.separate(stack);
        self.marks.push((self.out.len(), line));
        self.out.push_str(block);
        self.out.push_str("\n\n");
    }

    fn inline(&mut self, opening: &str) -> Frame {
        self.out.push_str(opening);
        Frame::Inline
    }

    /// Ends a block whose markup is written: the blank line after it, and its line mark; an
    /// empty block prints nothing.
    fn end_block(&mut self, open: &Open) {
        if self.out.len() == open.start {
            return;
        }
        self.out.push_str("\n\n");
        self.marks.insert(open.marks, (open.start, open.line));
    }

    /// Trims the whitespace that Typst ignores from the output from `at` on, in place. Line
    /// marks stop the trimming (the text they mark is kept whole): `marks` is the index of the
    /// first mark that may lie in that part.
    fn trim_from(&mut self, at: usize, marks: usize) {
        let region = &self.out.as_bytes()[at..];
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        if !region.first().is_some_and(space) && !region.last().is_some_and(space) {
            return;
        }
        let (first_mark, last_mark) = match self.marks[marks.min(self.marks.len())..] {
            [] => (self.out.len(), at),
            [(first, _), ..] => (first, self.marks[self.marks.len() - 1].0),
        };
        let kept = self.out[at..].trim_end_matches(is_markup_space).len();
        self.out.truncate((at + kept).max(last_mark));
        let lead = self.out.len() - at - self.out[at..].trim_start_matches(is_markup_space).len();
        let lead = lead.min(first_mark.saturating_sub(at));
        if lead > 0 {
            self.out.drain(at..at + lead);
            for mark in &mut self.marks[marks..] {
                mark.0 -= lead;
            }
        }
    }

    /// Replaces ranges of the output (in the order of their positions, not overlapping), moving
    /// the marks from index `marks` on that lie after each range's start.
    fn apply_edits(&mut self, edits: Vec<(usize, usize, String)>, marks: usize) {
        for (start, end, text) in edits.into_iter().rev() {
            if self.out[start..end] == text {
                continue;
            }
            self.out.replace_range(start..end, &text);
            for mark in &mut self.marks[marks..] {
                if mark.0 > start {
                    mark.0 = mark.0 + text.len() - (end - start);
                }
            }
        }
    }

    /// Inserts `text` at `at`, moving the marks from index `marks` on that lie at or after it.
    fn insert(&mut self, at: usize, marks: usize, text: &str) {
        self.out.insert_str(at, text);
        for mark in &mut self.marks[marks..] {
            if mark.0 >= at {
                mark.0 += text.len();
            }
        }
    }
}

fn top(stack: &mut [Open]) -> &mut Open {
    stack
        .last_mut()
        .unwrap_or_else(|| unreachable!("the root frame is never popped"))
}

/// A directive that applies to nothing, printed as written.
fn directive_literal(name: &str) -> String {
    escaped(&format!("<!-- pe:{name} -->"))
}

/// The description of the image being read, if inside one. `images` counts the image frames
/// open (no search without one).
fn image_alt(stack: &mut [Open], images: usize) -> Option<&mut String> {
    if images == 0 {
        return None;
    }
    stack
        .iter_mut()
        .rev()
        .find_map(|open| match &mut open.frame {
            Frame::Image { alt, .. } => Some(alt),
            _ => None,
        })
}
