//! Opening a container: its opening markup written, its frame pushed.

use pulldown_cmark::CowStr;

use super::*;

impl Writer<'_, '_> {
    /// (Over 80 lines: one arm per Markdown element that opens; the arms are independent.)
    pub(super) fn start(&mut self, stack: &mut Vec<Open>, tag: &Tag<'_>, offset: usize) {
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
            Tag::Table(alignments) => self.start_table(stack, alignments),
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
            Tag::TableCell => self.start_table_cell(stack),
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
            } => self.start_link(*link_type, dest_url),
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

    /// A table's opening: its column count, alignments and a keeper column, completed when it ends.
    fn start_table(&mut self, stack: &[Open], alignments: &[Alignment]) -> Frame {
        // pulldown-cmark gives every row as many cells as the header has columns
        // (padding short rows, dropping extra cells), as GFM says.
        let columns = alignments.len().max(1);
        let landscape = stack
            .iter()
            .any(|open| matches!(open.frame, Frame::Landscape));
        self.out.push_str(TABLE_OPENING);
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
            widths: (0..columns)
                .map(|_| self.spare_columns.pop().unwrap_or_default())
                .collect(),
            landscape,
        }
    }

    /// A cell's opening; a row's first cell also writes the keeper column's cell.
    fn start_table_cell(&mut self, stack: &mut [Open]) -> Frame {
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
                keeper = Some((self.out.len(), self.out.len() + KEEPER_CELL.len(), *header));
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
            text: std::mem::take(&mut self.spare_text),
        }
    }

    /// A link's opening; a link to nothing is plain content.
    fn start_link(&mut self, link_type: LinkType, dest_url: &CowStr<'_>) -> Frame {
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
}
