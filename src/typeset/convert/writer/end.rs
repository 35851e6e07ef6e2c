//! Closing a container: its closing markup written, and what only its end
//! can decide (a paragraph that is one image, a table's columns, a list's
//! looseness, a directive's effect).

use super::edits::table_edits;
use super::note::NOTE_ROW_OPENING;
use super::*;

impl Writer<'_, '_> {
    /// (Over 80 lines: one arm per Markdown element that closes; the arms are independent.)
    pub(super) fn end(&mut self, stack: &mut Vec<Open>, pending: &mut Pending) {
        if stack.len() < 2 {
            return;
        }
        let mut open = stack.pop().unwrap_or_else(|| unreachable!());
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
            } => self.end_paragraph(&open, wrapped, first_image, title),
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
            Frame::Table { .. } => {
                self.end_table(&open);
                if let Frame::Table { widths, .. } = &mut open.frame {
                    for mut width in widths.drain(..) {
                        width.clear();
                        self.spare_columns.push(width);
                    }
                }
            }
            Frame::TableRow { header, cells } => self.end_table_row(stack, header, cells),
            Frame::TableCell { ref mut text } => {
                let mut text = std::mem::take(text);
                self.end_table_cell(stack, &open, &text);
                text.clear();
                self.spare_text = text;
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

    pub(super) fn end_image(&mut self, stack: &mut [Open], url: String, alt: String) {
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

    pub(super) fn end_html_block(
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

    pub(super) fn end_literal_directive(&mut self, open: &Open, name: &str) {
        self.out.push_str(&directive_literal(name));
        self.end_block(open);
    }

    /// Closes a landscape block: its blocks inside `#pe-landscape[..]`, the closing bracket on the
    /// line of the closing directive when there is one. An empty one prints nothing.
    pub(super) fn close_landscape(&mut self, open: Open, end_line: Option<usize>) {
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

    /// A paragraph's end: a title's balanced lines, a paragraph that is one image made a figure.
    fn end_paragraph(
        &mut self,
        open: &Open,
        wrapped: bool,
        first_image: &Option<(String, String)>,
        title: &Option<(Option<String>, u32)>,
    ) {
        self.trim_from(open.content, open.marks);
        if !wrapped && self.write_table_note(open) {
            return;
        }
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
        self.end_block(open);
        if !wrapped {
            match image {
                Some(image) => self.last_image = Some((open.start, self.out.len(), image)),
                None if self.out.len() > open.start => {
                    self.last_paragraph = Some((open.start, self.out.len(), open.marks));
                }
                None => {}
            }
        }
    }

    /// A table's end: its column widths and kept rows written into its opening.
    fn end_table(&mut self, open: &Open) {
        let Frame::Table {
            spec,
            align_keeper,
            ref keepers,
            ref widths,
            landscape,
            ..
        } = open.frame
        else {
            return;
        };
        let close = self.out.len();
        self.out.push(')');
        let area = table_area(widths, landscape);
        let mut edits = table_edits(spec, align_keeper, keepers, widths, area, None);
        // The same edits should a note row follow the body rows (see [`note`]).
        let note_keeper = close + NOTE_ROW_OPENING.len();
        let note_keeper = (note_keeper, note_keeper + KEEPER_CELL.len());
        let mut noted = table_edits(spec, align_keeper, keepers, widths, area, Some(note_keeper));
        let small = area == PORTRAIT_SMALL;
        if small {
            // A crowded upright table in the landscape tables' 小五, as its widths were fitted.
            let start = spec.0 - TABLE_OPENING.len();
            self.out.push(']');
            edits.insert(0, (start, start, SMALL_TABLE.to_string()));
            noted.insert(0, (start, start, SMALL_TABLE.to_string()));
        }
        let ended = self.ended_table(open, close, noted, small);
        self.apply_edits(edits, open.marks);
        self.end_block(open);
        self.last_table = Some(ended.ending_at(self.out.len()));
    }

    /// A row's end: short rows padded with empty cells.
    fn end_table_row(&mut self, stack: &mut [Open], header: bool, cells: usize) {
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

    /// A cell's end: its text counted towards its column's width.
    fn end_table_cell(&mut self, stack: &mut [Open], open: &Open, text: &str) {
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
}
