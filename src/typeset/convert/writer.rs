//! The writer behind the converter: turns prepared pulldown-cmark events into Typst markup,
//! written once into one output string, and records which Markdown line each block came from.
//!
//! Containers write their opening markup (`#emph[`, `= `, `#table(…`) when they open and their
//! closing when they close, so that the markup of nested containers is never copied upwards. The
//! content of the innermost open container is always the tail of the output. Line marks are kept
//! beside the output as (offset, line) pairs in the order of their offsets.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Tag};

use super::columns::{ColumnWidth, LANDSCAPE, PORTRAIT, TypeArea, column_spec};
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
/// Rows kept together at each end of a table.
const KEPT_ROWS: usize = 3;

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
    /// The markup written so far.
    out: String,
    /// Line marks: from `offset` on, the markup comes from Markdown line `line`; in the order of
    /// their offsets. A mark also stops trimming, as the text it marks is kept whole.
    marks: Vec<(usize, usize)>,
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
            out: String::with_capacity(capacity),
            marks: Vec::new(),
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

    pub(super) fn event(
        &mut self,
        stack: &mut Vec<Open>,
        pending: &mut Pending,
        event: &Event<'_>,
        offset: usize,
    ) {
        // A wrapping directive applies to the very next block, which must be a paragraph;
        // otherwise the directive is printed as written, so that the mistake shows.
        if let Some((name, directive_line)) = pending.take() {
            if let Event::Start(Tag::Paragraph) = event {
                self.separate(stack);
                let line = self.lines.line_of(offset);
                // A caption right after an image: the two make a figure, which keeps them
                // together.
                if name == "caption"
                    && let Some((start, end, image)) = self.last_image.take()
                    && end == self.out.len()
                {
                    self.out.truncate(start);
                    let mut open = self.open(
                        Frame::Paragraph {
                            wrapped: true,
                            first_image: None,
                            title: None,
                        },
                        line,
                    );
                    let _ = write!(self.out, "#pe-figure({image})[");
                    open.content = self.out.len();
                    stack.push(open);
                    return;
                }
                let mut open = self.open(
                    Frame::Paragraph {
                        wrapped: true,
                        first_image: None,
                        title: (name == "annex-title").then(|| {
                            let landscape = stack
                                .iter()
                                .any(|open| matches!(open.frame, Frame::Landscape));
                            let units = if landscape {
                                title::TITLE_LINE_UNITS_LANDSCAPE
                            } else {
                                title::TITLE_LINE_UNITS
                            };
                            (Some(String::new()), units)
                        }),
                    },
                    line,
                );
                let _ = write!(self.out, "#pe-{name}[");
                open.content = self.out.len();
                stack.push(open);
                return;
            }
            self.push_block(stack, directive_line, &directive_literal(name));
        }

        // Inside an image, everything printable is part of its description.
        if let Some(alt) = image_alt(stack, self.images) {
            match event {
                Event::Text(text) | Event::Code(text) => alt.push_str(text),
                Event::HardBreak | Event::SoftBreak => alt.push(' '),
                Event::FootnoteReference(label) => {
                    let _ = write!(alt, "[^{label}]");
                }
                _ => {}
            }
            if !matches!(event, Event::Start(_) | Event::End(_)) {
                return;
            }
        }

        // A table cell collects its text, for its column's width.
        if let Event::Text(t) | Event::Code(t) = event
            && let Some(Frame::TableCell { text }) = stack
                .iter_mut()
                .rev()
                .map(|open| &mut open.frame)
                .find(|frame| matches!(frame, Frame::TableCell { .. } | Frame::Root))
        {
            text.push_str(t);
        }

        // A heading or an annex title keeps its text while it is plain text.
        if let Frame::Heading { text, .. }
        | Frame::Paragraph {
            title: Some((text, _)),
            ..
        } = &mut top(stack).frame
        {
            match event {
                Event::Text(t) => {
                    if let Some(text) = text {
                        text.push_str(t);
                    }
                }
                Event::End(_) => {}
                _ => *text = None,
            }
        }

        match event {
            Event::Start(tag) => self.start(stack, tag, offset),
            Event::End(_) => self.end(stack, pending),
            _ if matches!(top(stack).frame, Frame::Ignored) => {}
            Event::Text(text) => match &mut top(stack).frame {
                Frame::CodeBlock { code, .. } => code.push_str(text),
                Frame::HtmlBlock { html } => html.push_str(text),
                _ => self.push_text(stack, text),
            },
            Event::Html(html) => match &mut top(stack).frame {
                Frame::HtmlBlock { html: collected } => collected.push_str(html),
                _ => self.push_text(stack, html),
            },
            Event::Code(code) => {
                self.out.push_str("#raw(");
                push_string_literal(&mut self.out, code);
                self.out.push(')');
            }
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => {
                let line = self.lines.line_of(offset);
                self.push_block(stack, line, "#line(length: 100%)");
            }
            Event::FootnoteReference(label) => self.footnote(label),
            // Rewritten by `prepare_inline`; kept for completeness.
            Event::SoftBreak => self.out.push(' '),
            Event::InlineHtml(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.push_text(stack, text);
            }
            Event::TaskListMarker(checked) => {
                self.out.push_str(if *checked { "☑ " } else { "☐ " });
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

    fn start(&mut self, stack: &mut Vec<Open>, tag: &Tag<'_>, offset: usize) {
        // Formatting inside an image's description (the text goes to the description), and
        // anything inside an ignored container, writes nothing. Images inside images still
        // collect their descriptions.
        let in_image = self.images > 0;
        if (in_image && !matches!(tag, Tag::Image { .. }))
            || (!in_image && matches!(top(stack).frame, Frame::Ignored))
        {
            stack.push(self.open(Frame::Ignored, 0));
            return;
        }
        // Inline containers and table cells record no line.
        let line = if is_inline_tag(tag) || matches!(tag, Tag::Image { .. } | Tag::TableCell) {
            0
        } else {
            self.lines.line_of(offset)
        };

        let in_item = matches!(top(stack).frame, Frame::Item);
        if in_item
            && matches!(tag, Tag::Paragraph)
            && let Some(Open {
                frame: Frame::List { loose, .. },
                ..
            }) = stack.iter_mut().rev().nth(1)
        {
            // Items of a tight list hold their text directly; a paragraph means a loose list.
            *loose = true;
        }
        let is_block = !is_inline_tag(tag)
            && !matches!(
                tag,
                Tag::Image { .. } | Tag::TableHead | Tag::TableRow | Tag::TableCell | Tag::Item
            );
        if is_block {
            self.separate(stack);
        }

        let start = self.out.len();
        let frame = match tag {
            Tag::Paragraph => Frame::Paragraph {
                wrapped: false,
                first_image: None,
                title: None,
            },
            Tag::Heading { level, .. } => {
                let level = (*level as usize).max(1);
                for _ in 0..level {
                    self.out.push('=');
                }
                self.out.push(' ');
                Frame::Heading {
                    text: Some(String::new()),
                    level,
                }
            }
            Tag::BlockQuote(_) => {
                self.out.push_str("#quote(block: true)[");
                Frame::BlockQuote
            }
            Tag::CodeBlock(kind) => Frame::CodeBlock {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(|lang| lang.to_string())
                    }
                    CodeBlockKind::Indented => None,
                },
                code: String::new(),
            },
            Tag::HtmlBlock => Frame::HtmlBlock {
                html: String::new(),
            },
            Tag::List(first) => {
                self.out
                    .push_str(if first.is_some() { "#enum" } else { "#list" });
                Frame::List {
                    start: *first,
                    loose: false,
                }
            }
            Tag::Item => {
                self.out.push('[');
                Frame::Item
            }
            Tag::Table(alignments) => {
                // pulldown-cmark gives every row as many cells as the header has columns
                // (padding short rows, dropping extra cells), as GFM says.
                let columns = alignments.len().max(1);
                let landscape = stack
                    .iter()
                    .any(|open| matches!(open.frame, Frame::Landscape));
                self.out.push_str("#table(\n  columns: ");
                let spec_start = self.out.len();
                let _ = write!(self.out, "{columns}");
                let spec = (spec_start, self.out.len());
                self.out.push_str(",\n  align: (");
                let align_keeper = (self.out.len(), self.out.len() + KEEPER_ALIGN.len());
                self.out.push_str(KEEPER_ALIGN);
                for i in 0..columns {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(match alignments.get(i) {
                        Some(Alignment::Left) => "left",
                        Some(Alignment::Center) => "center",
                        Some(Alignment::Right) => "right",
                        Some(Alignment::None) | None => "auto",
                    });
                }
                if columns == 1 {
                    self.out.push(',');
                }
                self.out.push_str("),\n");
                Frame::Table {
                    columns,
                    spec,
                    align_keeper,
                    keepers: Vec::new(),
                    widths: vec![ColumnWidth::default(); columns],
                    landscape,
                }
            }
            Tag::TableHead => {
                self.out.push_str("  table.header(");
                Frame::TableRow {
                    header: true,
                    cells: 0,
                }
            }
            Tag::TableRow => {
                self.out.push_str("  ");
                Frame::TableRow {
                    header: false,
                    cells: 0,
                }
            }
            Tag::TableCell => {
                let mut keeper = None;
                let row = top(stack);
                if let Frame::TableRow { header, cells } = &mut row.frame {
                    if *cells > 0 {
                        self.out.push_str(", ");
                    } else {
                        if !*header {
                            // A body row's first cell carries the row's line.
                            self.marks.push((self.out.len(), row.line));
                        }
                        // The keeper column's cell first.
                        keeper =
                            Some((self.out.len(), self.out.len() + KEEPER_CELL.len(), *header));
                        self.out.push_str(KEEPER_CELL);
                    }
                    *cells += 1;
                }
                if let Some(keeper) = keeper
                    && let Some(Open {
                        frame: Frame::Table { keepers, .. },
                        ..
                    }) = stack.iter_mut().rev().nth(1)
                {
                    keepers.push(keeper);
                }
                self.out.push('[');
                Frame::TableCell {
                    text: String::new(),
                }
            }
            Tag::Emphasis => self.inline("#emph["),
            Tag::Strong => self.inline("#strong["),
            Tag::Strikethrough => self.inline("#strike["),
            // Superscript and subscript are not enabled; printed as their text should they
            // appear. Content blocks keep the escaped text apart from the text around it.
            Tag::Superscript | Tag::Subscript => self.inline("#["),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}").into(),
                    _ => dest_url.clone(),
                };
                if url.is_empty() {
                    self.out.push_str("#[");
                } else {
                    self.out.push_str("#link(");
                    push_string_literal(&mut self.out, &url);
                    self.out.push_str(")[");
                }
                Frame::Inline
            }
            Tag::Image { dest_url, .. } => {
                self.images += 1;
                Frame::Image {
                    url: dest_url.to_string(),
                    alt: String::new(),
                }
            }
            // Removed beforehand; definition lists and metadata are not enabled.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => Frame::Group,
            Tag::MetadataBlock(_) => Frame::Ignored,
        };
        stack.push(Open {
            frame,
            start,
            content: self.out.len(),
            marks: self.marks.len(),
            line,
        });
    }

    fn inline(&mut self, opening: &str) -> Frame {
        self.out.push_str(opening);
        Frame::Inline
    }

    fn end(&mut self, stack: &mut Vec<Open>, pending: &mut Pending) {
        if stack.len() < 2 {
            return;
        }
        let open = stack.pop().unwrap_or_else(|| unreachable!());
        match open.frame {
            Frame::Root | Frame::Group => {
                self.trim_from(open.content, open.marks);
                self.end_block(&open);
            }
            Frame::Landscape => self.close_landscape(open, None),
            Frame::Paragraph {
                wrapped,
                ref first_image,
                ref title,
            } => {
                self.trim_from(open.content, open.marks);
                if let Some((Some(text), units)) = title
                    && self.marks.len() == open.marks
                {
                    self.write_title_lines(open.content, text, *units);
                }
                let mut image = None;
                if let Some((inline, block)) = first_image
                    && self.marks.len() == open.marks
                    && self.out[open.content..] == **inline
                {
                    self.out.truncate(open.content);
                    self.out.push_str(block);
                    image = Some(block[1..].to_string());
                }
                if wrapped {
                    self.out.push(']');
                }
                self.end_block(&open);
                if let Some(image) = image
                    && !wrapped
                {
                    self.last_image = Some((open.start, self.out.len(), image));
                }
            }
            Frame::Heading { ref text, level } => {
                self.trim_from(open.content, open.marks);
                if level == 1
                    && let Some(text) = text
                    && self.marks.len() == open.marks
                {
                    self.write_title_lines(open.content, text, title::TITLE_LINE_UNITS);
                }
                self.end_block(&open);
            }
            Frame::BlockQuote => {
                self.trim_from(open.content, open.marks);
                self.out.push(']');
                self.end_block(&open);
            }
            Frame::List { start, loose } => {
                let mut args = Vec::new();
                if loose {
                    args.push("tight: false".to_string());
                }
                if let Some(start) = start
                    && start != 1
                {
                    args.push(format!("start: {start}"));
                }
                if !args.is_empty() {
                    self.insert(open.content, open.marks, &format!("({})", args.join(", ")));
                }
                self.end_block(&open);
            }
            Frame::Item => {
                self.trim_from(open.content, open.marks);
                if self.out.len() > open.content {
                    self.marks.insert(open.marks, (open.content, open.line));
                }
                self.out.push(']');
            }
            Frame::Table {
                spec,
                align_keeper,
                ref keepers,
                ref widths,
                landscape,
                ..
            } => {
                self.out.push(')');
                let area = if landscape { LANDSCAPE } else { PORTRAIT };
                let edits = table_edits(spec, align_keeper, keepers, widths, area);
                self.apply_edits(edits, open.marks);
                self.end_block(&open);
            }
            Frame::TableRow { header, cells } => {
                let columns = stack.iter().rev().find_map(|open| match open.frame {
                    Frame::Table { columns, .. } => Some(columns),
                    _ => None,
                });
                debug_assert!(columns.is_none_or(|columns| cells <= columns));
                for k in cells..columns.unwrap_or(cells) {
                    if k > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str("[]");
                }
                // Padded cells are empty cells of their columns, so that each column's cells
                // stay in the order of the rows.
                if let Some(Open {
                    frame: Frame::Table { widths, .. },
                    ..
                }) = stack.last_mut()
                {
                    for width in widths.iter_mut().skip(cells) {
                        width.add_cell("");
                    }
                }
                self.out.push_str(if header { "),\n" } else { ",\n" });
            }
            Frame::TableCell { ref text } => {
                self.trim_from(open.content, open.marks);
                self.out.push(']');
                // The cell's column is the number of cells of its row so far, less one.
                let column = match stack.last() {
                    Some(Open {
                        frame: Frame::TableRow { cells, .. },
                        ..
                    }) => cells.saturating_sub(1),
                    _ => 0,
                };
                if let Some(Open {
                    frame: Frame::Table { widths, .. },
                    ..
                }) = stack.iter_mut().rev().nth(1)
                    && let Some(width) = widths.get_mut(column)
                {
                    width.add_cell(text);
                }
            }
            Frame::Inline => self.out.push(']'),
            Frame::Ignored => {}
            Frame::Image { url, alt } => {
                self.images = self.images.saturating_sub(1);
                self.end_image(stack, url, alt);
            }
            Frame::CodeBlock { ref lang, ref code } => {
                let code = code.strip_suffix('\n').unwrap_or(code);
                self.out.push_str("#raw(block: true, ");
                if let Some(lang) = lang {
                    self.out.push_str("lang: ");
                    push_string_literal(&mut self.out, lang);
                    self.out.push_str(", ");
                }
                push_string_literal(&mut self.out, code);
                self.out.push(')');
                self.end_block(&open);
            }
            Frame::HtmlBlock { ref html } => self.end_html_block(stack, pending, &open, html),
        }
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

    fn end_image(&mut self, stack: &mut [Open], url: String, alt: String) {
        if let Some(outer) = image_alt(stack, self.images) {
            // An image inside an image's description contributes its description.
            outer.push_str(&alt);
        } else if !is_local_image(&url) {
            // Typst reads only local files: a remote image is printed as a link.
            let text = if alt.is_empty() { url.clone() } else { alt };
            if url.is_empty() {
                let _ = write!(self.out, "#[{}]", escaped(&text));
            } else {
                self.out.push_str("#link(");
                push_string_literal(&mut self.out, &url);
                let _ = write!(self.out, ")[{}]", escaped(&text));
            }
        } else {
            // Typst's `image` is a block: within text it goes in a box, as Markdown's images
            // are inline. (An unboxed image inside nested emphasis with a link also makes typst
            // 0.15.1 panic while writing PDF tags.)
            let mut image = String::from("image(");
            push_string_literal(&mut image, &url);
            if !alt.is_empty() {
                image.push_str(", alt: ");
                push_string_literal(&mut image, &alt);
            }
            image.push(')');
            let inline = format!("#box({image})");
            let marks = self.marks.len();
            let out = &self.out;
            if let Some(parent) = stack.last_mut()
                && let Frame::Paragraph { first_image, .. } = &mut parent.frame
                && parent.marks == marks
                && out[parent.content..]
                    .trim_matches(is_markup_space)
                    .is_empty()
            {
                *first_image = Some((inline.clone(), format!("#{image}")));
            }
            self.out.push_str(&inline);
        }
    }

    fn end_html_block(
        &mut self,
        stack: &mut Vec<Open>,
        pending: &mut Pending,
        open: &Open,
        html: &str,
    ) {
        // Directly in the document: in no container other than a landscape block.
        let at_top_level = self.rendering_footnotes.is_empty()
            && stack
                .iter()
                .all(|open| matches!(open.frame, Frame::Root | Frame::Landscape));
        let in_landscape = stack
            .iter()
            .any(|open| matches!(open.frame, Frame::Landscape));
        match parse_directive(html) {
            Some(Directive::Landscape) if at_top_level && !in_landscape => {
                let mut landscape = self.open(Frame::Landscape, open.line);
                self.out.push_str("#pe-landscape[\n");
                landscape.content = self.out.len();
                stack.push(landscape);
            }
            Some(Directive::EndLandscape) if at_top_level && in_landscape => {
                let landscape = stack.pop().unwrap_or_else(|| unreachable!());
                self.close_landscape(landscape, Some(open.line));
            }
            // Typst allows page breaks only at the top level, not inside containers.
            Some(Directive::PageBreak) if at_top_level => {
                self.out.push_str("#pagebreak()");
                self.end_block(open);
            }
            Some(Directive::PageBreak) => self.end_literal_directive(open, "pagebreak"),
            Some(Directive::Wrap(name)) => *pending = Some((name, open.line)),
            // Handled above when in place; elsewhere printed as written.
            Some(Directive::Landscape) => self.end_literal_directive(open, "landscape"),
            Some(Directive::EndLandscape) => self.end_literal_directive(open, "end-landscape"),
            None => {
                // Each line carries its own Markdown line; the first one the block's.
                let text = html.trim_end_matches(is_markup_space);
                for (i, text) in text.lines().enumerate() {
                    if i > 0 {
                        self.out.push_str("#linebreak()\n");
                        self.marks.push((self.out.len(), open.line + i));
                    }
                    let around = Surroundings {
                        at_line_start: true,
                        after_code: false,
                        before_markup: true,
                    };
                    escape_into(
                        &mut self.out,
                        text.trim_end_matches(is_markup_space),
                        around,
                    );
                }
                self.end_block(open);
            }
        }
    }

    fn end_literal_directive(&mut self, open: &Open, name: &str) {
        self.out.push_str(&directive_literal(name));
        self.end_block(open);
    }

    /// Closes a landscape block: its blocks inside `#pe-landscape[..]`, the closing bracket on the
    /// line of the closing directive when there is one. An empty one prints nothing.
    fn close_landscape(&mut self, open: Open, end_line: Option<usize>) {
        self.trim_from(open.content, open.marks);
        if self.out.len() == open.content {
            self.out.truncate(open.start);
            return;
        }
        self.out.push('\n');
        if let Some(line) = end_line {
            self.marks.push((self.out.len(), line));
        }
        self.out.push(']');
        self.end_block(&open);
    }

    /// Writes the markup for a footnote reference: the footnote itself at its first citation,
    /// and a reference to it at later ones.
    fn footnote(&mut self, label: &str) {
        let key = footnote_key(label);
        let footnotes = self.footnotes;
        let Some(body) = footnotes.get(&key) else {
            return self.footnote_literal(label);
        };
        if let Some(typst_label) = self.footnote_labels.get(&key) {
            let _ = write!(self.out, "#footnote(<{typst_label}>)");
            return;
        }
        // A footnote citing itself, or footnotes nested absurdly deep, print as written.
        if self.rendering_footnotes.len() >= MAX_FOOTNOTE_NESTING
            || !self.rendering_footnotes.insert(key.clone())
        {
            return self.footnote_literal(label);
        }
        let repeated = self.references.get(&key).copied().unwrap_or(0) > 1;
        // The label sits inside its own content block so that it cannot end a heading.
        self.out.push_str(if repeated {
            "#[#footnote["
        } else {
            "#footnote["
        });
        let content = self.out.len();
        let marks = self.marks.len();
        self.render_blocks(body);
        self.rendering_footnotes.remove(&key);
        self.trim_from(content, marks);
        if repeated {
            let number = self.footnote_labels.len() + 1;
            let typst_label = format!("{}-{number}", self.label_prefix);
            let _ = write!(self.out, "]<{typst_label}>]");
            self.footnote_labels.insert(key, typst_label);
        } else {
            self.out.push(']');
        }
    }

    fn footnote_literal(&mut self, label: &str) {
        let _ = write!(self.out, "#[{}]", escaped(&format!("[^{label}]")));
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

    /// Rewrites the text of a title written from `content` on as balanced lines that end
    /// between words, when it is too long for one line.
    fn write_title_lines(&mut self, content: usize, text: &str, units: u32) {
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

/// The replacements that finish a table's markup once all its rows are known, as (start, end,
/// text) in the order of their positions: the columns' widths, and the keeper column (see
/// [`KEEPER_CELL`]) when the table has two body rows or more, or nothing of it otherwise.
fn table_edits(
    spec: (usize, usize),
    align_keeper: (usize, usize),
    keepers: &[(usize, usize, bool)],
    widths: &[ColumnWidth],
    area: TypeArea,
) -> Vec<(usize, usize, String)> {
    let body: Vec<(usize, usize)> = keepers
        .iter()
        .filter(|(_, _, header)| !header)
        .map(|&(a, b, _)| (a, b))
        .collect();
    let keep = body.len() >= 2;
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
    let n = body.len();
    for &(a, b, header) in keepers {
        let text = if !keep {
            String::new()
        } else if header {
            KEEPER_CELL.to_string()
        } else {
            let row = body.iter().position(|&(x, _)| x == a).unwrap_or(0);
            // A table of up to twice the kept rows is kept whole; a longer one keeps its first
            // and its last rows together.
            let (group, span) = if n <= 2 * KEPT_ROWS {
                (row == 0, n)
            } else {
                (row == 0 || row == n - KEPT_ROWS, KEPT_ROWS)
            };
            let covered = if n <= 2 * KEPT_ROWS {
                row > 0
            } else {
                (1..KEPT_ROWS).contains(&row) || row > n - KEPT_ROWS
            };
            if group {
                format!("table.cell(rowspan: {span}, breakable: false)[], ")
            } else if covered {
                String::new()
            } else {
                KEEPER_CELL.to_string()
            }
        };
        edits.push((a, b, text));
    }
    edits.sort_by_key(|&(a, _, _)| a);
    edits
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
