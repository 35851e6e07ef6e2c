//! Markdown → Typst conversion for the report body: it turns text into Typst markup that prints
//! exactly as written, and must never let any text (Markdown, HTML or plain) become Typst code.
//!
//! The converter walks pulldown-cmark's event stream once and emits Typst's function-call forms
//! (`#strong[..]`, `#list[..][..]`, `#table(..)`, …) instead of indentation-sensitive markup, so
//! the output does not depend on whitespace. Every piece of text goes through the escaper
//! ([`crate::escape::typst`]), whose rules follow the Typst 0.15 lexer (`typst-syntax`): see [`escape_markup`].
//! This module prepares the events (soft breaks, merged texts, footnotes) and maps lines; the
//! [`writer`] writes the markup.

mod columns;

mod title;
mod writer;

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use crate::escape::typst::{escape_markup, string_literal};
use writer::{Pending, Writer};

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
    let lines = LineIndex::new(markdown);
    // A document without `[^` has no footnotes: convert it in one streaming pass.
    if memchr::memmem::find(markdown.as_bytes(), b"[^").is_none() {
        return convert_streaming(markdown, &lines);
    }
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .collect();
    let mut footnotes: HashMap<String, Vec<Spanned<'_>>> = take_footnote_definitions(&mut events)
        .into_iter()
        .map(|(label, mut body)| {
            prepare_inline(&mut body, Neighbour::Stop);
            (label, body)
        })
        .collect();
    prepare_inline(&mut events, Neighbour::Stop);

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

/// Whether an image's destination is a local file that Typst's `image` reads. Other images (a
/// remote URL, or none) print as links or text, since Typst reads only local files.
pub fn is_local_image(url: &str) -> bool {
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

/// Rewrites inline events into plain text where that is what they print as (inline HTML, task
/// list markers, soft breaks) and merges neighbouring text, so that each run of text is escaped
/// as a whole and the escaper sees every character's neighbours.
///
/// `before` is what precedes the events in their block, for a soft break at their start.
fn prepare_inline(events: &mut Vec<Spanned<'_>>, before: Neighbour) {
    for (event, _) in events.iter_mut() {
        let text = match event {
            Event::InlineHtml(html) => std::mem::replace(html, "".into()),
            Event::TaskListMarker(checked) => if *checked { "☑ " } else { "☐ " }.into(),
            // Math is not enabled, but should it ever appear it prints as written.
            Event::InlineMath(math) => format!("${math}$").into(),
            Event::DisplayMath(math) => format!("$${math}$$").into(),
            _ => continue,
        };
        *event = Event::Text(text);
    }

    for i in 0..events.len() {
        if matches!(events[i].0, Event::SoftBreak) {
            let before = neighbour_char(events[..i].iter().rev().map(|(e, _)| e), true)
                .unwrap_or(before)
                .char();
            let after = neighbour_char(events[i + 1..].iter().map(|(e, _)| e), false)
                .and_then(Neighbour::char);
            let joined = matches!((before, after), (Some(a), Some(b)) if joins_without_space(a, b));
            events[i].0 = Event::Text(if joined { "" } else { " " }.into());
        }
    }

    // Merge in place: `kept` events are kept so far; a run of texts is joined in `run` and
    // written to the run's first text once the run ends.
    let mut kept = 0;
    let mut run: Option<String> = None;
    for i in 0..events.len() {
        let is_text = matches!(events[i].0, Event::Text(_));
        if is_text && kept > 0 && matches!(events[kept - 1].0, Event::Text(_)) {
            let Event::Text(text) = std::mem::replace(&mut events[i].0, Event::SoftBreak) else {
                unreachable!()
            };
            if !text.is_empty() {
                let joined = run.get_or_insert_with(|| match &events[kept - 1].0 {
                    Event::Text(previous) => previous.to_string(),
                    _ => unreachable!(),
                });
                joined.push_str(&text);
            }
            continue;
        }
        if let Some(joined) = run.take() {
            events[kept - 1].0 = Event::Text(joined.into());
        }
        if matches!(&events[i].0, Event::Text(text) if text.is_empty()) {
            continue;
        }
        events.swap(kept, i);
        kept += 1;
    }
    if let Some(joined) = run.take() {
        events[kept - 1].0 = Event::Text(joined.into());
    }
    events.truncate(kept);
}

/// Converts a document without footnotes in one pass over the parser's events, writing each
/// event as it comes. Only text waits, for the event after it: a run of texts, a soft break or
/// anything else that [`prepare_inline`] rewrites starts collecting the rest of the top-level
/// block, which is prepared and written when the block ends. Soft breaks look no further than
/// their block, so this writes what the whole-document passes write.
fn convert_streaming(markdown: &str, lines: &LineIndex) -> (String, Vec<usize>) {
    let footnotes = HashMap::new();
    let capacity = markdown.len() + markdown.len() / 4;
    let mut writer = Writer::new(
        &footnotes,
        LineCursor::new(lines),
        String::new(),
        HashMap::new(),
        capacity,
    );
    let mut stack = writer.root();
    let mut pending: Pending = None;
    let mut depth = 0usize;
    // The events collected for preparing, up to the end of the top-level block.
    let mut chunk: Vec<Spanned<'_>> = Vec::new();
    let mut collecting = false;
    // A text not yet written, waiting for the event after it.
    let mut held: Option<Spanned<'_>> = None;
    // The last printed character of the events written so far, as a soft break sees it.
    let mut before = Neighbour::Stop;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !collecting {
            collecting = match &event {
                Event::Text(text) => held.is_some() || text.is_empty(),
                event => needs_preparing(event),
            };
            if collecting {
                chunk.extend(held.take());
            }
        }
        if collecting {
            chunk.push((event, range.start));
            if depth == 0 {
                prepare_inline(&mut chunk, before);
                for (event, offset) in &chunk {
                    writer.event(&mut stack, &mut pending, event, *offset);
                }
                chunk.clear();
                collecting = false;
                before = Neighbour::Stop;
            }
            continue;
        }
        if let Some((text, offset)) = held.take() {
            before = before.after(&text);
            writer.event(&mut stack, &mut pending, &text, offset);
        }
        if matches!(event, Event::Text(_)) && depth > 0 {
            held = Some((event, range.start));
        } else {
            before = before.after(&event);
            writer.event(&mut stack, &mut pending, &event, range.start);
        }
    }
    chunk.extend(held.take());
    if !chunk.is_empty() {
        prepare_inline(&mut chunk, before);
        for (event, offset) in &chunk {
            writer.event(&mut stack, &mut pending, event, *offset);
        }
    }
    writer.finish(stack, pending);
    let (markup, marks) = writer.into_parts();
    line_map(markup, &marks)
}

/// Whether [`prepare_inline`] rewrites the event (into text, which may then merge with its
/// neighbours).
fn needs_preparing(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::SoftBreak
            | Event::InlineHtml(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
    )
}

/// What a soft break finds looking past the events before it (or after it): a printed
/// character, or a stop at the edge of its block.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Neighbour {
    Char(char),
    Stop,
}

impl Neighbour {
    /// The neighbour before the next event, given this one before `event` (looking backwards).
    fn after(self, event: &Event<'_>) -> Neighbour {
        match event {
            Event::Text(text) | Event::Code(text) => {
                text.chars().next_back().map_or(self, Neighbour::Char)
            }
            Event::Start(tag) if is_inline_tag(tag) => self,
            Event::End(tag) if is_inline_tag_end(*tag) => self,
            Event::SoftBreak => self,
            _ => Neighbour::Stop,
        }
    }

    fn char(self) -> Option<char> {
        match self {
            Neighbour::Char(c) => Some(c),
            Neighbour::Stop => None,
        }
    }
}

/// The nearest printed character next to a soft break, looking through inline formatting but not
/// past the enclosing block. `last` picks the last character of a text (looking backwards).
/// `None` when the events run out first.
fn neighbour_char<'e, 'a: 'e>(
    events: impl Iterator<Item = &'e Event<'a>>,
    last: bool,
) -> Option<Neighbour> {
    for event in events {
        let text = match event {
            Event::Text(text) | Event::Code(text) => text,
            Event::Start(tag) if is_inline_tag(tag) => continue,
            Event::End(tag) if is_inline_tag_end(*tag) => continue,
            Event::SoftBreak => continue,
            _ => return Some(Neighbour::Stop),
        };
        let c = if last {
            text.chars().next_back()
        } else {
            text.chars().next()
        };
        if let Some(c) = c {
            return Some(Neighbour::Char(c));
        }
    }
    None
}

/// Inline formatting and links: containers within a line of text.
pub(super) fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

fn is_inline_tag_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// Whether a soft line break between `a` and `b` disappears: between CJK characters (including
/// CJK and full-width punctuation), and between CJK and the dashes, ellipses and curly quotes
/// that Chinese text shares with Western text.
fn joins_without_space(a: char, b: char) -> bool {
    (is_cjk(a) && (is_cjk(b) || is_shared_punctuation(b)))
        || (is_shared_punctuation(a) && is_cjk(b))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF        // Hangul Jamo
        | 0x2E80..=0x2FDF      // CJK radicals, Kangxi radicals
        | 0x2FF0..=0x303F      // ideographic description, CJK symbols and punctuation
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3100..=0x312F      // Bopomofo
        | 0x3130..=0x318F      // Hangul compatibility Jamo
        | 0x3190..=0x31FF      // Kanbun, Bopomofo ext., CJK strokes, Katakana ext.
        | 0x3200..=0x33FF      // enclosed CJK letters, CJK compatibility
        | 0x3400..=0x4DBF      // CJK ext. A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA960..=0xA97F      // Hangul Jamo ext. A
        | 0xAC00..=0xD7FF      // Hangul syllables, Jamo ext. B
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFE10..=0xFE1F      // vertical forms
        | 0xFE30..=0xFE4F      // CJK compatibility forms
        | 0xFF00..=0xFFEF      // half-width and full-width forms
        | 0x20000..=0x3FFFF    // CJK ext. B and later planes
    )
}

fn is_shared_punctuation(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '·')
}

/// Whether the character at `i` of `text` ends a line, as Typst counts lines: `\n`, or `\r` not
/// followed by `\n`.
fn ends_line(text: &[u8], i: usize) -> bool {
    match text[i] {
        b'\n' => true,
        b'\r' => text.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The number of lines of `text` as Typst counts them: line ends, plus one for a last line that
/// has no line end (none for empty text).
pub fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let ends = (0..bytes.len()).filter(|&i| ends_line(bytes, i)).count();
    ends + usize::from(!text.is_empty() && !ends_line(bytes, bytes.len() - 1))
}

/// Trims written markup like a finished document and maps each line of the result to the
/// Markdown line of its first mark, or of the last mark before it. `marks` are (offset in
/// `markup`, Markdown line) pairs in the order of their offsets.
fn line_map(mut markup: String, marks: &[(usize, usize)]) -> (String, Vec<usize>) {
    let offset = markup.len() - markup.trim_start_matches(is_markup_space).len();
    let end = offset + trim(&markup).len();
    markup.truncate(end);
    markup.drain(..offset);
    if !markup.is_empty() {
        markup.push('\n');
    }

    // Where the lines end, as Typst counts them.
    let ends: Vec<usize> = if memchr::memchr(b'\r', markup.as_bytes()).is_some() {
        let bytes = markup.as_bytes();
        (0..bytes.len()).filter(|&i| ends_line(bytes, i)).collect()
    } else {
        memchr::memchr_iter(b'\n', markup.as_bytes()).collect()
    };
    let mut map = Vec::with_capacity(ends.len());
    let mut next_mark = 0;
    let mut current = 1;
    // Marks before the kept text (in trimmed whitespace) still set the current line.
    while next_mark < marks.len() && marks[next_mark].0 < offset {
        current = marks[next_mark].1;
        next_mark += 1;
    }
    for i in ends {
        // The marks up to and including this line end belong to this line.
        let mut first = None;
        while next_mark < marks.len() && marks[next_mark].0 <= offset + i {
            first.get_or_insert(marks[next_mark].1);
            current = marks[next_mark].1;
            next_mark += 1;
        }
        map.push(first.unwrap_or(current));
    }
    (markup, map)
}

/// Finds the 1-based line of a byte offset in a Markdown text. Lines end at `\n`, `\r\n` or `\r`,
/// as in CommonMark.
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line after the first.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        if memchr::memchr(b'\r', text.as_bytes()).is_none() {
            let starts = memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| i + 1)
                .collect();
            return LineIndex { starts };
        }
        let bytes = text.as_bytes();
        let starts = (0..bytes.len())
            .filter(|&i| ends_line(bytes, i))
            .map(|i| i + 1)
            .collect();
        LineIndex { starts }
    }

    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) + 1
    }
}

/// Finds lines like [`LineIndex::line_of`], starting from the last offset looked up: the parser's
/// events mostly move forward through the text.
pub(super) struct LineCursor<'s> {
    starts: &'s [usize],
    /// The last offset looked up, and the number of line starts at or before it.
    offset: usize,
    index: usize,
}

impl<'s> LineCursor<'s> {
    fn new(lines: &'s LineIndex) -> Self {
        LineCursor {
            starts: &lines.starts,
            offset: 0,
            index: 0,
        }
    }

    pub(super) fn line_of(&mut self, offset: usize) -> usize {
        let starts = self.starts;
        let mut index = self.index;
        if offset >= self.offset {
            let mut steps = 0;
            while index < starts.len() && starts[index] <= offset {
                index += 1;
                steps += 1;
                if steps == 8 {
                    index += starts[index..].partition_point(|&start| start <= offset);
                    break;
                }
            }
        } else {
            let mut steps = 0;
            while index > 0 && starts[index - 1] > offset {
                index -= 1;
                steps += 1;
                if steps == 8 {
                    index = starts[..index].partition_point(|&start| start <= offset);
                    break;
                }
            }
        }
        self.offset = offset;
        self.index = index;
        index + 1
    }
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
