//! The body of the Word document: the report's Markdown events, prepared as the Typst converter
//! prepares them, turned into paragraphs in named styles, tables and sections. The directives
//! (`<!-- pe:... -->`) mean what they mean to the converter; one that applies to nothing prints
//! as written, as in the PDF.

mod directives;

use std::collections::HashMap;

use docx_rs::{BreakType, Footnote, Paragraph, Pic, Run, Table};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::table::{Cell, TableBuilder};
use super::{Picture, text_run};
use crate::typeset::convert::{Spanned, footnote_key, title};
use directives::directive_style;

/// A top-level piece of the body.
pub(super) enum Block {
    Paragraph(Box<Paragraph>),
    /// A table and its number of header rows.
    Table(Box<Table>, usize),
    /// The end of a section: portrait (`false`) or landscape (`true`).
    SectionEnd {
        landscape: bool,
    },
}

/// The inline formatting in force.
#[derive(Default, Clone, Copy)]
struct Format {
    bold: usize,
    italic: usize,
    strike: usize,
}

/// The paragraph being written.
struct Para {
    style: &'static str,
    runs: Vec<Run>,
    /// Whether anything other than a picture was written into it.
    text: bool,
    pictures: usize,
    /// The texts of its lines (split at hard breaks) and where each line's runs start.
    lines: Vec<(usize, String)>,
    /// Whether it holds plain text only (a title is then broken into balanced lines).
    plain: bool,
}

/// Walks the events of a document (or of a footnote's body) into blocks.
pub(super) struct Walker<'w, 'a> {
    footnotes: &'w HashMap<String, Vec<Spanned<'a>>>,
    pictures: &'w HashMap<String, Picture>,
    /// Footnotes printed so far by label, with their numbers; shared with nested walkers.
    numbers: &'w mut HashMap<String, usize>,
    /// Pictures placed so far (their relationship ids must differ).
    placed: &'w mut usize,
    in_footnote: bool,
    pub blocks: Vec<Block>,
    para: Option<Para>,
    format: Format,
    /// Each open list's next number (`None` for a bullet list).
    lists: Vec<Option<u64>>,
    /// A list item's marker, waiting for the item's first paragraph.
    marker: Option<String>,
    /// A wrapping directive waiting for its paragraph.
    pending: Option<&'static str>,
    html: Option<String>,
    code: Option<String>,
    /// The destination and description of the image being read, and how deep images nest.
    image: Option<(String, String)>,
    image_depth: usize,
    table: Option<TableBuilder>,
    landscape: bool,
    quotes: usize,
}

impl<'w, 'a> Walker<'w, 'a> {
    pub(super) fn new(
        footnotes: &'w HashMap<String, Vec<Spanned<'a>>>,
        pictures: &'w HashMap<String, Picture>,
        numbers: &'w mut HashMap<String, usize>,
        placed: &'w mut usize,
    ) -> Self {
        Walker {
            footnotes,
            pictures,
            numbers,
            placed,
            in_footnote: false,
            blocks: Vec::new(),
            para: None,
            format: Format::default(),
            lists: Vec::new(),
            marker: None,
            pending: None,
            html: None,
            code: None,
            image: None,
            image_depth: 0,
            table: None,
            landscape: false,
            quotes: 0,
        }
    }

    /// Walks all of `events` and closes what is left open.
    pub(super) fn walk(&mut self, events: &[Spanned<'a>]) {
        for (event, _) in events {
            self.event(event);
        }
        if let Some(name) = self.pending.take() {
            self.literal_directive(name);
        }
        self.end_paragraph();
        if self.landscape {
            self.landscape = false;
            self.blocks.push(Block::SectionEnd { landscape: true });
        }
    }

    fn event(&mut self, event: &Event<'a>) {
        // As the Typst converter: a title keeps its balanced lines while it is plain text.
        if let Some(para) = &mut self.para
            && !matches!(event, Event::Text(_) | Event::End(_))
        {
            para.plain = false;
        }
        if let Some(name) = self.pending
            && let Event::Start(tag) = event
            && !matches!(tag, Tag::Paragraph)
        {
            self.pending = None;
            self.literal_directive(name);
        }
        // Inside an image, everything printable is its description.
        if let Some((_, alt)) = &mut self.image {
            match event {
                Event::Text(text) | Event::Code(text) => alt.push_str(text),
                Event::HardBreak | Event::SoftBreak => alt.push(' '),
                Event::FootnoteReference(label) => alt.push_str(&format!("[^{label}]")),
                Event::Start(Tag::Image { .. }) => self.image_depth += 1,
                Event::End(TagEnd::Image) => {
                    self.image_depth -= 1;
                    if self.image_depth == 0 {
                        self.end_image();
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(text);
                } else if let Some(html) = &mut self.html {
                    html.push_str(text);
                } else {
                    self.text(text);
                }
            }
            Event::Html(html) => match &mut self.html {
                Some(collected) => collected.push_str(html),
                None => self.text(html),
            },
            Event::Code(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.text(text),
            Event::HardBreak => {
                let run = Run::new().add_break(BreakType::TextWrapping);
                let para = self.paragraph();
                para.runs.push(run);
                para.lines.push((para.runs.len(), String::new()));
            }
            Event::SoftBreak => self.text(" "),
            Event::Rule => {
                self.end_paragraph();
                self.push(Paragraph::new().style("Plain"));
            }
            Event::TaskListMarker(checked) => self.text(if *checked { "☑ " } else { "☐ " }),
            Event::FootnoteReference(label) => self.footnote(label),
        }
    }

    /// (Over 80 lines: one arm per Markdown element that opens; the arms are independent.)
    fn start(&mut self, tag: &Tag<'a>) {
        match tag {
            Tag::Paragraph => {
                if self.table.is_some() {
                    return;
                }
                self.end_paragraph();
                let style = match self.pending.take() {
                    Some(name) => directive_style(name),
                    None if self.in_footnote => "FootnoteText",
                    None => "BodyText",
                };
                if style == "Closing" {
                    self.keep_last_paragraph();
                }
                self.open(style);
            }
            Tag::Heading { level, .. } => {
                self.end_paragraph();
                self.open(match level {
                    HeadingLevel::H1 => "Title",
                    HeadingLevel::H2 => "Heading1",
                    HeadingLevel::H3 => "Heading2",
                    _ => "Heading3",
                });
            }
            Tag::BlockQuote(_) => {
                self.end_paragraph();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.end_paragraph();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.end_paragraph();
                self.html = Some(String::new());
            }
            Tag::List(first) => {
                self.end_paragraph();
                self.lists.push(*first);
            }
            Tag::Item => {
                self.end_paragraph();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}. ");
                        *number += 1;
                        marker
                    }
                    _ => "• ".to_string(),
                };
                self.marker = Some(marker);
            }
            Tag::Table(alignments) => {
                self.end_paragraph();
                self.table = Some(TableBuilder::new(alignments, self.landscape));
            }
            Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = true;
                }
            }
            Tag::TableCell => {
                let style = self.table.as_ref().map_or("TableText", |t| t.cell_style());
                self.para = Some(Para {
                    style,
                    runs: Vec::new(),
                    text: false,
                    pictures: 0,
                    lines: vec![(0, String::new())],
                    plain: false,
                });
            }
            Tag::Emphasis => self.format.italic += 1,
            Tag::Strong => self.format.bold += 1,
            Tag::Strikethrough => self.format.strike += 1,
            Tag::Image { dest_url, .. } => {
                self.image = Some((dest_url.to_string(), String::new()));
                self.image_depth = 1;
            }
            // Links print as their text; the rest are not enabled or were taken out.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.table.is_none() => self.end_paragraph(),
            TagEnd::Heading(_) | TagEnd::Item => self.end_paragraph(),
            TagEnd::BlockQuote(_) => {
                self.end_paragraph();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.end_paragraph();
                self.lists.pop();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                for line in code.strip_suffix('\n').unwrap_or(&code).split('\n') {
                    let run = text_run(line.trim_end_matches('\r'), false, false, false);
                    self.push(Paragraph::new().style("Plain").add_run(run));
                }
            }
            TagEnd::HtmlBlock => {
                let html = self.html.take().unwrap_or_default();
                self.html_block(&html);
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header = std::mem::take(&mut table.row);
                    table.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    let row = std::mem::take(&mut table.row);
                    table.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                let para = self.para.take();
                if let (Some(table), Some(para)) = (&mut self.table, para) {
                    let mut text = String::new();
                    let paragraph =
                        para.runs
                            .into_iter()
                            .fold(Paragraph::new().style(para.style), |p, run| {
                                text.push_str(&run_text(&run));
                                p.add_run(run)
                            });
                    table.row.push(Cell { paragraph, text });
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let (table, header_rows) = table.build();
                    self.blocks.push(Block::Table(Box::new(table), header_rows));
                }
            }
            TagEnd::Emphasis => self.format.italic = self.format.italic.saturating_sub(1),
            TagEnd::Strong => self.format.bold = self.format.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.format.strike = self.format.strike.saturating_sub(1),
            _ => {}
        }
    }

    fn end_image(&mut self) {
        let Some((url, alt)) = self.image.take() else {
            return;
        };
        match self.pictures.get(&url) {
            Some(picture) => {
                *self.placed += 1;
                let pic =
                    Pic::new_with_dimensions(picture.png.clone(), picture.width, picture.height)
                        .id(format!("rIdImage{}", self.placed))
                        .size(picture.emu.0, picture.emu.1);
                let para = self.paragraph();
                para.pictures += 1;
                para.runs.push(Run::new().add_image(pic));
            }
            None => self.text(&alt),
        }
    }

    fn footnote(&mut self, label: &str) {
        let key = footnote_key(label);
        let footnotes = self.footnotes;
        let body = match footnotes.get(&key) {
            Some(body) if !self.in_footnote => body,
            // Unknown footnotes, and footnotes cited inside footnotes (Word has none), print as
            // written.
            _ => return self.text(&format!("[^{label}]")),
        };
        if let Some(number) = self.numbers.get(&key) {
            let number = number.to_string();
            let run = Run::new().style("FootnoteReference").add_text(number);
            self.paragraph().runs.push(run);
            return;
        }
        let number = self.numbers.len() + 1;
        self.numbers.insert(key, number);
        let mut inner = Walker::new(footnotes, self.pictures, self.numbers, self.placed);
        inner.in_footnote = true;
        inner.walk(body);
        let content: Vec<Paragraph> = inner
            .blocks
            .into_iter()
            .filter_map(|block| match block {
                Block::Paragraph(p) => Some(*p),
                _ => None,
            })
            .collect();
        let footnote = Footnote {
            id: number,
            content,
        };
        let run = Run::new().add_footnote_reference(footnote);
        self.paragraph().runs.push(run);
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let Format {
            bold,
            italic,
            strike,
        } = self.format;
        let run = text_run(text, bold > 0, italic > 0, strike > 0);
        let para = self.paragraph();
        para.text = true;
        para.runs.push(run);
        if let Some((_, line)) = para.lines.last_mut() {
            line.push_str(text);
        }
    }

    /// The paragraph being written; one in the context's style when none is.
    fn paragraph(&mut self) -> &mut Para {
        if self.para.is_none() {
            let style = if self.in_footnote {
                "FootnoteText"
            } else {
                "BodyText"
            };
            self.open(style);
        }
        self.para.get_or_insert_with(|| unreachable!())
    }

    fn open(&mut self, style: &'static str) {
        let mut runs = Vec::new();
        if let Some(marker) = self.marker.take() {
            runs.push(text_run(&marker, false, false, false));
        }
        self.para = Some(Para {
            style,
            runs,
            text: false,
            pictures: 0,
            lines: vec![(0, String::new())],
            plain: true,
        });
    }

    fn push(&mut self, paragraph: Paragraph) {
        self.blocks.push(Block::Paragraph(Box::new(paragraph)));
    }

    fn end_paragraph(&mut self) {
        let Some(para) = self.para.take() else {
            return;
        };
        if para.style == "Signature" {
            return self.push_signature(para);
        }
        // A paragraph of pictures alone shows them as a figure.
        let style = if para.pictures > 0 && !para.text {
            "Figure"
        } else {
            para.style
        };
        let mut paragraph = Paragraph::new().style(style);
        for run in self.title_lines(&para).unwrap_or(para.runs) {
            paragraph = paragraph.add_run(run);
        }
        self.push(paragraph);
    }

    /// A long title of plain text as the PDF prints it: in balanced lines that end between words
    /// (`None` for any other paragraph, or a title that fits on one line).
    fn title_lines(&self, para: &Para) -> Option<Vec<Run>> {
        if !matches!(para.style, "Title" | "AnnexTitle") || !para.plain || para.lines.len() != 1 {
            return None;
        }
        let units = if self.landscape {
            title::TITLE_LINE_UNITS_LANDSCAPE
        } else {
            title::TITLE_LINE_UNITS
        };
        let lines = title::title_lines(para.lines[0].1.trim(), units)?;
        Some(vec![text_run(&lines.join("\n"), false, false, false)])
    }
}

/// The text of a run (for a table column's width).
fn run_text(run: &Run) -> String {
    run.children
        .iter()
        .filter_map(|child| match child {
            docx_rs::RunChild::Text(text) => Some(text.text.as_str()),
            _ => None,
        })
        .collect()
}
