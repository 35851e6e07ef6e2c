//! Markdown → Typst conversion for the report body: it turns text into Typst markup that prints
//! exactly as written, and must never let any text (Markdown, HTML or plain) become Typst code.
//!
//! The converter walks pulldown-cmark's event stream once and emits Typst's function-call forms
//! (`#strong[..]`, `#list[..][..]`, `#table(..)`, …) instead of indentation-sensitive markup, so
//! the output does not depend on whitespace. Every piece of text goes through the escaper
//! (`crate::escape::typst`), whose rules follow the Typst 0.15 lexer (`typst-syntax`): see [`crate::escape::escape_markup`].
//! This module prepares the events (soft breaks, merged texts, footnotes) and maps lines; the
//! `writer` writes the markup.

mod columns;
mod inline;
mod lines;
mod stream;

pub(crate) mod title;
mod title_dictionary;
mod writer;

pub(crate) use columns::table_layout;
use inline::is_inline_tag;
use inline::{Neighbour, prepare_inline};
pub(crate) use lines::LineIndex;
pub use lines::line_count;
use lines::{LineCursor, line_map};
use stream::convert_streaming;

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use writer::Writer;

/// Converts a Markdown document (CommonMark + GFM) to Typst markup for the body of the document.
pub fn markdown_to_typst(markdown: &str) -> String {
    markdown_to_typst_mapped(markdown).0
}

/// Converts like [`markdown_to_typst`] (the same text), and also returns, for each line of the
/// Typst text (0-based index), the 1-based Markdown line it came from.
///
/// Lines are counted as Typst counts them (a line ends at `\n`, `\r\n` or a lone `\r`), so that a
/// line number in a Typst diagnostic indexes the map. The map is exact to the block (paragraph,
/// heading, list item, table row, line of an HTML block, …): a line that starts no block of its own
/// (a table's column settings, a closing bracket) belongs to the block before it.
pub fn markdown_to_typst_mapped(markdown: &str) -> (String, Vec<usize>) {
    markdown_to_typst_watched(markdown, &mut |_, _| {})
}

/// Converts like [`markdown_to_typst_mapped`], showing `watch` every event of the one parse of
/// `markdown` with its byte offset, in the parser's order, so that a caller learns what it
/// needs of the document (its title, its images) without parsing it again.
pub(crate) fn markdown_to_typst_watched(
    markdown: &str,
    watch: &mut dyn FnMut(&Event<'_>, usize),
) -> (String, Vec<usize>) {
    let lines = LineIndex::new(markdown);
    // A document without `[^` has no footnotes: convert it in one streaming pass.
    if memchr::memmem::find(markdown.as_bytes(), b"[^").is_none() {
        return convert_streaming(markdown, &lines, watch);
    }
    let events: Vec<Spanned<'_>> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .map(|(event, range)| {
            watch(&event, range.start);
            (event, range.start)
        })
        .collect();
    let (events, mut footnotes) = prepare(events);

    // Count references so that a footnote cited twice is printed once and referred to after.
    let mut references: HashMap<String, usize> = HashMap::new();
    for (event, _) in events.iter().chain(footnotes.values().flatten()) {
        if let Event::FootnoteReference(label) = event {
            *references.entry(footnote_key(label)).or_default() += 1;
        }
    }
    footnotes.retain(|label, _| references.contains_key(label));

    let label_prefix = format!("pe-fn-{:08x}", fnv1a(markdown) as u32);
    let mut writer = Writer::new(
        &footnotes,
        LineCursor::new(&lines),
        label_prefix,
        references,
        markdown.len(),
    );
    writer.render_blocks(&events);
    let (markup, marks) = writer.into_parts();
    line_map(markup, &marks)
}

/// The events of `markdown` as the converter writes them, for another renderer (the Word
/// document) that must print the same content: the footnote definitions taken out (by
/// [`footnote_key`]) and every run of inline text prepared as the Typst markup's is.
pub(super) fn prepared_events(
    markdown: &str,
) -> (Vec<Spanned<'_>>, HashMap<String, Vec<Spanned<'_>>>) {
    let events: Vec<Spanned<'_>> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .collect();
    prepare(events)
}

/// A document's events prepared for writing: the footnote definitions taken out (by
/// [`footnote_key`]) and every run of inline text, theirs too, prepared.
fn prepare(mut events: Vec<Spanned<'_>>) -> (Vec<Spanned<'_>>, HashMap<String, Vec<Spanned<'_>>>) {
    let footnotes = take_footnote_definitions(&mut events)
        .into_iter()
        .map(|(label, mut body)| {
            prepare_inline(&mut body, Neighbour::Stop);
            (label, body)
        })
        .collect();
    prepare_inline(&mut events, Neighbour::Stop);
    (events, footnotes)
}

/// Whether an image's destination is a local file that Typst's `image` reads. Other images (a
/// remote URL, or none) print as links or text, since Typst reads only local files.
pub(crate) fn is_local_image(url: &str) -> bool {
    !url.is_empty() && !url.contains("://")
}

/// The Markdown dialect: CommonMark with the GFM tables, strikethrough, footnotes and task lists.
/// Math, smart punctuation and heading attributes stay off so that such text prints as written.
/// Every parse of report Markdown, in production and in the tests, uses these.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// The layout directives: an HTML comment `<!-- pe:NAME -->` alone as an HTML block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Directive {
    /// `#pagebreak()` in place.
    PageBreak,
    /// The next paragraph becomes `#pe-NAME[..]`.
    Wrap(&'static str),
    /// The top-level blocks up to `<!-- pe:end-landscape -->` (or the end of the document) go
    /// into `#pe-landscape[..]`.
    Landscape,
    /// Closes [`Directive::Landscape`].
    EndLandscape,
}

pub(super) fn parse_directive(html: &str) -> Option<Directive> {
    let name = html.trim().strip_prefix("<!-- pe:")?.strip_suffix(" -->")?;
    match name {
        "pagebreak" => Some(Directive::PageBreak),
        "addressee" => Some(Directive::Wrap("addressee")),
        "signature" => Some(Directive::Wrap("signature")),
        "caption" => Some(Directive::Wrap("caption")),
        "subtitle" => Some(Directive::Wrap("subtitle")),
        "annex" => Some(Directive::Wrap("annex")),
        "annex-title" => Some(Directive::Wrap("annex-title")),
        "attachments" => Some(Directive::Wrap("attachments")),
        "closing" => Some(Directive::Wrap("closing")),
        "landscape" => Some(Directive::Landscape),
        "end-landscape" => Some(Directive::EndLandscape),
        _ => None,
    }
}

/// An event and the byte offset in the Markdown where it starts.
pub(super) type Spanned<'a> = (Event<'a>, usize);

/// Removes every footnote definition from the event stream and returns them by label.
fn take_footnote_definitions<'a>(
    events: &mut Vec<Spanned<'a>>,
) -> HashMap<String, Vec<Spanned<'a>>> {
    let mut definitions = HashMap::new();
    let mut kept = Vec::with_capacity(events.len());
    let mut current: Option<(String, Vec<Spanned<'a>>, usize)> = None;
    for event in events.drain(..) {
        if let Some((label, mut body, depth)) = current.take() {
            let depth = match &event.0 {
                Event::Start(Tag::FootnoteDefinition(_)) => depth + 1,
                Event::End(TagEnd::FootnoteDefinition) => depth - 1,
                _ => depth,
            };
            if depth == 0 {
                definitions.entry(label).or_insert(body);
            } else {
                body.push(event);
                current = Some((label, body, depth));
            }
        } else if let Event::Start(Tag::FootnoteDefinition(label)) = &event.0 {
            current = Some((footnote_key(label), Vec::new(), 1));
        } else {
            kept.push(event);
        }
    }
    *events = kept;
    definitions
}

/// Footnote labels match case-insensitively, with runs of whitespace collapsed.
pub(super) fn footnote_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Trims the whitespace that Typst markup ignores anyway (not, say, the ideographic spaces that
/// indent Chinese paragraphs).
fn trim(markup: &str) -> &str {
    markup.trim_matches(is_markup_space)
}

/// Whitespace as Typst markup counts it: ASCII spaces, tabs and line ends only.
pub(super) fn is_markup_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The 64-bit FNV-1a hash: small, and stable across Rust releases (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
