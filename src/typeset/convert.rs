//! Markdown → Typst conversion for the report body: it turns text into Typst markup that prints
//! exactly as written, and must never let any text (Markdown, HTML or plain) become Typst code.
//!
//! The converter walks pulldown-cmark's event stream once and emits Typst's function-call forms
//! (`#strong[..]`, `#list[..][..]`, `#table(..)`, …) instead of indentation-sensitive markup, so
//! the output does not depend on whitespace. Every piece of text goes through the escaper below,
//! whose rules follow the Typst 0.15 lexer (`typst-syntax`): see [`escape_markup`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

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
    if !markdown.contains("[^") {
        return convert_streaming(markdown, &lines);
    }
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(markdown, parser_options())
        .into_offset_iter()
        .map(|(event, range)| (event, lines.line_of(range.start)))
        .collect();
    // A document without `[^` has no footnotes: skip that pass.
    let has_footnotes = markdown.contains("[^");
    let footnotes = if has_footnotes {
        take_footnote_definitions(&mut events)
    } else {
        HashMap::new()
    };
    let mut footnotes: HashMap<String, Vec<Spanned<'_>>> = footnotes
        .into_iter()
        .map(|(label, mut body)| {
            prepare_inline(&mut body);
            (label, body)
        })
        .collect();
    prepare_inline(&mut events);

    // Count references so that a footnote cited twice is printed once and referred to after.
    let mut references: HashMap<String, usize> = HashMap::new();
    for (event, _) in events.iter().chain(footnotes.values().flatten()) {
        if let Event::FootnoteReference(label) = event {
            *references.entry(footnote_key(label)).or_default() += 1;
        }
    }
    footnotes.retain(|label, _| references.contains_key(label));

    let mut writer = Writer {
        footnotes: &footnotes,
        label_prefix: if has_footnotes {
            format!("pe-fn-{:08x}", fnv1a(markdown) as u32)
        } else {
            String::new()
        },
        references,
        footnote_labels: HashMap::new(),
        rendering_footnotes: HashSet::new(),
        spare: Vec::new(),
        images: 0,
    };
    let body = writer.render_blocks(&events);
    resolve_marks(&body)
}

/// Whether an image's destination is a local file that Typst's `image` reads. Other images (a
/// remote URL, or none) print as links or text, since Typst reads only local files.
pub fn is_local_image(url: &str) -> bool {
    !url.is_empty() && !url.contains("://")
}

/// Escapes plain text so that Typst markup prints it literally.
///
/// The result is safe wherever a piece of markup may stand: at the start of a line or of a
/// content block, right after a function call such as `#strong[x]`, and before any other markup
/// or escaped text. Rules (from the Typst 0.15 lexer and parser):
///
/// - Always backslash-escaped: `` \ [ ] # $ ` * _ ~ < > @ " ' `` (markup delimiters, labels,
///   references, math, raw, smart quotes and the non-breaking-space shorthand).
/// - `/` before `/` or `*` (comments; this also breaks `https://` auto-links), `-` before `-`, `?`
///   or a digit (the `--`, `---`, `-?` and minus shorthands), `.` before `.` (the ellipsis).
/// - At the start of the text or of a line (where a list, enum, term or heading marker would
///   count): `-`, `+`, `/`, `=`, and the `.` of a leading number followed by a space or the end
///   (`1. x`, `01.`); `1.5` and `1.劳动` stay as they are.
/// - At the very start of the text: `(` and `;`, and `.` before a letter or `_`, which would
///   otherwise continue a preceding function call (`#strong[x](y)`) or access a field of it.
/// - At the very end of the text: `-`, `.` and `/`, which could combine with what follows.
/// - Control characters other than `\n`, `\r` and `\t`, and U+2028/U+2029, become `\u{..}`
///   escapes (Typst would treat VT, FF, NEL, U+2028 and U+2029 as line breaks, where a marker
///   could then start a line). `\n` and `\r` stay: they are newlines in the text as well.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text, Surroundings::UNKNOWN);
    out
}

/// Quotes text as a Typst string literal, including the surrounding double quotes.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string_literal(&mut out, text);
    out
}

/// Appends [`string_literal`]`(text)` to `out`.
fn push_string_literal(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => push_unicode_escape(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The Markdown dialect: CommonMark with the GFM tables, strikethrough, footnotes and task lists.
/// Math, smart punctuation and heading attributes stay off so that such text prints as written.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// The layout directives: an HTML comment `<!-- pe:NAME -->` alone as an HTML block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
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

fn parse_directive(html: &str) -> Option<Directive> {
    let name = html.trim().strip_prefix("<!-- pe:")?.strip_suffix(" -->")?;
    match name {
        "pagebreak" => Some(Directive::PageBreak),
        "addressee" => Some(Directive::Wrap("addressee")),
        "signature" => Some(Directive::Wrap("signature")),
        "caption" => Some(Directive::Wrap("caption")),
        "subtitle" => Some(Directive::Wrap("subtitle")),
        "annex" => Some(Directive::Wrap("annex")),
        "attachments" => Some(Directive::Wrap("attachments")),
        "landscape" => Some(Directive::Landscape),
        "end-landscape" => Some(Directive::EndLandscape),
        _ => None,
    }
}

/// An event and the 1-based Markdown line where it starts.
type Spanned<'a> = (Event<'a>, usize);

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
fn footnote_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Rewrites inline events into plain text where that is what they print as (inline HTML, task
/// list markers, soft breaks) and merges neighbouring text, so that each run of text is escaped
/// as a whole and the escaper sees every character's neighbours.
fn prepare_inline(events: &mut Vec<Spanned<'_>>) {
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
            let before = neighbour_char(events[..i].iter().rev().map(|(e, _)| e), true);
            let after = neighbour_char(events[i + 1..].iter().map(|(e, _)| e), false);
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

/// Converts a document without footnotes in one pass over the parser's events: each top-level
/// block is collected, prepared (see [`prepare_inline`]) and written before the next is read.
/// Soft breaks look no further than their block, so this writes what the whole-document passes
/// write.
fn convert_streaming(markdown: &str, lines: &LineIndex) -> (String, Vec<usize>) {
    let footnotes = HashMap::new();
    let mut writer = Writer {
        footnotes: &footnotes,
        label_prefix: String::new(),
        references: HashMap::new(),
        footnote_labels: HashMap::new(),
        rendering_footnotes: HashSet::new(),
        spare: Vec::new(),
        images: 0,
    };
    let mut stack = vec![Open {
        frame: Frame::Root,
        buf: String::with_capacity(markdown.len() + markdown.len() / 4),
        line: 1,
    }];
    let mut pending: Pending = None;
    let mut first = true;
    let mut chunk: Vec<Spanned<'_>> = Vec::new();
    let mut depth = 0usize;
    let mut cursor = LineCursor {
        starts: &lines.starts,
        offset: 0,
        index: 0,
    };
    // Whether the block collected so far has anything for `prepare_inline` to do.
    let mut needs_preparing = false;
    let mut after_text = false;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let is_text = matches!(event, Event::Text(_));
        needs_preparing |= (is_text && after_text)
            || matches!(&event, Event::Text(text) if text.is_empty())
            || matches!(
                event,
                Event::SoftBreak
                    | Event::InlineHtml(_)
                    | Event::TaskListMarker(_)
                    | Event::InlineMath(_)
                    | Event::DisplayMath(_)
            );
        after_text = is_text;
        chunk.push((event, cursor.line_of(range.start)));
        if depth == 0 {
            if needs_preparing {
                prepare_inline(&mut chunk);
                needs_preparing = false;
            }
            after_text = false;
            if first && let Some((_, line)) = chunk.first() {
                stack[0].line = *line;
                first = false;
            }
            for (event, line) in chunk.drain(..) {
                writer.event(&mut stack, &mut pending, &event, line);
            }
        }
    }
    if !chunk.is_empty() {
        prepare_inline(&mut chunk);
        if first && let Some((_, line)) = chunk.first() {
            stack[0].line = *line;
        }
        for (event, line) in chunk.drain(..) {
            writer.event(&mut stack, &mut pending, &event, line);
        }
    }
    let body = writer.finish(stack, pending);
    resolve_marks(&body)
}

/// The nearest printed character next to a soft break, looking through inline formatting but not
/// past the enclosing block. `last` picks the last character of a text (looking backwards).
fn neighbour_char<'e, 'a: 'e>(
    events: impl Iterator<Item = &'e Event<'a>>,
    last: bool,
) -> Option<char> {
    for event in events {
        let text = match event {
            Event::Text(text) | Event::Code(text) => text,
            Event::Start(tag) if is_inline_tag(tag) => continue,
            Event::End(tag) if is_inline_tag_end(*tag) => continue,
            Event::SoftBreak => continue,
            _ => return None,
        };
        let c = if last {
            text.chars().next_back()
        } else {
            text.chars().next()
        };
        if c.is_some() {
            return c;
        }
    }
    None
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
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

/// Characters that are written as `\u{..}` escapes: control characters, and the characters that
/// Typst's lexer treats as line breaks besides `\n` and `\r`.
fn needs_unicode_escape(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn push_unicode_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// What stands around a piece of escaped text, as far as the escaper needs to know.
#[derive(Clone, Copy, Debug)]
struct Surroundings {
    /// The text may start a line or a content block, where list, enum, term and heading markers
    /// count.
    at_line_start: bool,
    /// The text may follow code such as `#strong[x]`, which `(`, `[`, `;` or `.name` continue.
    after_code: bool,
    /// What follows is generated markup (`#`, `]`, `)`, a newline or the end), not more text, so a
    /// final `-`, `.` or `/` cannot combine with it.
    before_markup: bool,
}

impl Surroundings {
    /// Anywhere: the assumptions of [`escape_markup`].
    const UNKNOWN: Self = Self {
        at_line_start: true,
        after_code: true,
        before_markup: false,
    };
}

/// Characters whose escaping depends on nothing around them, or on context (`/ - . + = ( ;`,
/// line breaks, a digit that may start an enum marker): text without any of these prints as is.
fn may_need_escape(c: char) -> bool {
    matches!(
        c,
        '\\' | '['
            | ']'
            | '#'
            | '$'
            | '`'
            | '*'
            | '_'
            | '~'
            | '<'
            | '>'
            | '@'
            | '"'
            | '\''
            | '/'
            | '-'
            | '.'
            | '+'
            | '='
            | '('
            | ';'
            | '\n'
            | '\r'
    ) || c.is_ascii_digit()
        || needs_unicode_escape(c)
}

/// The bytes that may start a character that [`may_need_escape`]: every ASCII character it
/// names (all ASCII control characters but the tab), and the lead bytes of U+0080–U+00BF (the C1
/// controls) and of U+2000–U+2FFF (U+2028 and U+2029). Other bytes, the spaces, the tab and
/// UTF-8 continuation bytes included, start or continue characters that print as they are.
const ESCAPE_CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != 0x09;
        b += 1;
    }
    table[0x7F] = true;
    let mut d = b'0';
    while d <= b'9' {
        table[d as usize] = true;
        d += 1;
    }
    let punctuation = b"\\[]#$`*_~<>@\"'/-.+=(;";
    let mut k = 0;
    while k < punctuation.len() {
        table[punctuation[k] as usize] = true;
        k += 1;
    }
    table[0xC2] = true;
    table[0xE2] = true;
    table
};

/// Escapes `text` into `out`, by the rules described at [`escape_markup`].
fn escape_into(out: &mut String, text: &str, around: Surroundings) {
    let bytes = text.as_bytes();
    let mut line_start = around.at_line_start;
    // Byte index of the `.` in a number at the start of a line that would form an enum marker.
    let mut enum_dot: Option<usize> = None;
    // Text up to here is written: characters that need no escape (most report text, Chinese
    // prose) are copied in runs.
    let mut written = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        let b = bytes[pos];
        if !ESCAPE_CANDIDATE[usize::from(b)] {
            if b != b' ' && b != b'\t' {
                line_start = false;
            }
            pos += 1;
            continue;
        }
        // Digits and the context-dependent punctuation print as they are away from the start of
        // a line when the byte after them settles it (the common case in report text: figures).
        if !line_start && plain_in_context(bytes, pos, enum_dot) {
            pos += 1;
            continue;
        }
        let i = pos;
        let mut rest = text[i..].chars();
        let Some(c) = rest.next() else { break };
        pos += c.len_utf8();
        if !may_need_escape(c) {
            line_start = false;
            continue;
        }
        out.push_str(&text[written..i]);
        written = pos;
        let next = rest.next();
        let at_end = next.is_none() && !around.before_markup;
        let at_line_start = line_start;
        if c == '\n' || c == '\r' {
            out.push(c);
            line_start = true;
            continue;
        }
        if c == ' ' || c == '\t' {
            out.push(c);
            continue;
        }
        line_start = false;
        if needs_unicode_escape(c) {
            push_unicode_escape(out, c);
            continue;
        }
        if at_line_start && c.is_ascii_digit() {
            let rest = &text[i..];
            let end = i + rest
                .find(|d: char| !d.is_ascii_digit())
                .unwrap_or(rest.len());
            if text[end..].starts_with('.') {
                let after = text[end + 1..].chars().next();
                if after.is_none_or(|d| d.is_whitespace() || d == '/') {
                    enum_dot = Some(end);
                }
            }
        }
        let escape = match c {
            '\\' | '[' | ']' | '#' | '$' | '`' | '*' | '_' | '~' | '<' | '>' | '@' | '"' | '\'' => {
                true
            }
            '/' => at_line_start || at_end || matches!(next, Some('/' | '*')),
            '-' => {
                at_line_start
                    || at_end
                    || matches!(next, Some('-' | '?'))
                    || next.is_some_and(char::is_numeric)
            }
            '.' => {
                at_end
                    || next == Some('.')
                    || enum_dot == Some(i)
                    || (i == 0
                        && around.after_code
                        && next.is_some_and(|n| n.is_alphabetic() || n == '_'))
            }
            '+' | '=' => at_line_start,
            '(' | ';' => i == 0 && around.after_code,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str(&text[written..]);
}

/// Whether the ASCII byte at `pos`, not at the start of a line, surely needs no escape by the
/// rules of [`escape_into`], judged from the next byte alone (`false` means: decide the long way).
fn plain_in_context(bytes: &[u8], pos: usize, enum_dot: Option<usize>) -> bool {
    let next = bytes.get(pos + 1).copied();
    match bytes[pos] {
        b'0'..=b'9' | b'+' | b'=' => true,
        b'.' => pos > 0 && enum_dot != Some(pos) && next.is_some_and(|n| n != b'.'),
        b'/' => next.is_some_and(|n| n != b'/' && n != b'*'),
        // A non-ASCII next character may be numeric (`-①`): the long way.
        b'-' => next.is_some_and(|n| n.is_ascii() && !matches!(n, b'-' | b'?' | b'0'..=b'9')),
        b'(' | b';' => pos > 0,
        _ => false,
    }
}

/// Text escaped for a place that generated markup follows, at the start of a block.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let around = Surroundings {
        at_line_start: true,
        after_code: false,
        before_markup: true,
    };
    escape_into(&mut out, text, around);
    out
}

/// Appends escaped text to a container's markup. Neighbouring texts were merged beforehand, so
/// whatever precedes the text in `buf` is generated markup and whatever follows will be too.
fn push_text(buf: &mut String, text: &str) {
    let around = Surroundings {
        at_line_start: buf.is_empty() || buf.ends_with('\n'),
        after_code: !buf.is_empty(),
        before_markup: true,
    };
    escape_into(buf, text, around);
}

/// How deep footnotes may cite footnotes before a citation prints as written.
const MAX_FOOTNOTE_NESTING: usize = 8;

/// An open container while walking the events.
enum Frame {
    /// The document, or the body of a footnote.
    Root,
    /// A container printed as its blocks (definition lists, which are not enabled).
    Group,
    Paragraph {
        wrapper: Option<&'static str>,
        /// The image that the paragraph began with, as (inline markup, block markup): a
        /// paragraph of just an image shows it as a block.
        first_image: Option<(String, String)>,
    },
    Heading {
        level: usize,
    },
    BlockQuote,
    List {
        start: Option<u64>,
        items: Vec<String>,
        loose: bool,
    },
    Item,
    Table {
        alignments: Vec<Alignment>,
        header: Cells,
        rows: Vec<Cells>,
    },
    TableHead {
        cells: Cells,
    },
    TableRow {
        cells: Cells,
    },
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    /// Superscript and subscript are not enabled; printed as their text should they appear.
    Plain,
    Link {
        url: String,
    },
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
    /// A container whose output is dropped (metadata blocks, which are not enabled).
    Ignored,
    /// Top-level blocks between `<!-- pe:landscape -->` and `<!-- pe:end-landscape -->`.
    Landscape,
}

/// A frame with the markup written into it so far.
struct Open {
    frame: Frame,
    buf: String,
    /// The Markdown line where the frame starts.
    line: usize,
}

/// A directive waiting for its paragraph: its name and its Markdown line.
type Pending = Option<(&'static str, usize)>;

struct Writer<'f, 'a> {
    footnotes: &'f HashMap<String, Vec<Spanned<'a>>>,
    /// Starts the Typst labels of footnotes; it differs between documents, so that converted
    /// documents can be joined into one Typst file without their labels clashing.
    label_prefix: String,
    /// How often each footnote is cited.
    references: HashMap<String, usize>,
    /// Labels of the footnotes already printed that are cited more than once.
    footnote_labels: HashMap<String, String>,
    /// Footnotes being rendered (guards against a footnote citing itself).
    rendering_footnotes: HashSet<String>,
    /// Emptied buffers of closed frames, reused by the next frames opened.
    spare: Vec<String>,
    /// How many image frames are open.
    images: usize,
}

impl Writer<'_, '_> {
    /// Renders a sequence of block-level events (a document or a footnote body).
    ///
    /// The markup carries a line mark (see [`mark`]) before each block; [`resolve_marks`] turns
    /// them into the line map.
    fn render_blocks(&mut self, events: &[Spanned<'_>]) -> String {
        let mut stack = vec![Open {
            frame: Frame::Root,
            buf: String::new(),
            line: events.first().map_or(1, |(_, line)| *line),
        }];
        let mut pending: Pending = None;
        for (event, line) in events {
            self.event(&mut stack, &mut pending, event, *line);
        }
        self.finish(stack, pending)
    }

    /// Closes what is left open after the last event and returns the markup.
    fn finish(&mut self, mut stack: Vec<Open>, pending: Pending) -> String {
        if let Some((name, line)) = pending {
            push_block(&mut top(&mut stack).buf, line, &directive_literal(name));
        }
        // A landscape block left open ends with the document. A well-formed stream closes
        // everything else; should it not, keep what was written.
        while stack.len() > 1 {
            let open = stack.pop().unwrap_or_else(|| unreachable!());
            let parent = top(&mut stack);
            match open.frame {
                Frame::Landscape => push_landscape(&mut parent.buf, open, None),
                _ => parent.buf.push_str(&open.buf),
            }
        }
        stack.pop().map(|open| open.buf).unwrap_or_default()
    }

    fn event(
        &mut self,
        stack: &mut Vec<Open>,
        pending: &mut Pending,
        event: &Event<'_>,
        line: usize,
    ) {
        // A wrapping directive applies to the very next block, which must be a paragraph;
        // otherwise the directive is printed as written, so that the mistake shows.
        if let Some((name, directive_line)) = pending.take() {
            if let Event::Start(Tag::Paragraph) = event {
                stack.push(Open {
                    frame: Frame::Paragraph {
                        wrapper: Some(name),
                        first_image: None,
                    },
                    buf: self.spare.pop().unwrap_or_default(),
                    line,
                });
                return;
            }
            push_block(
                &mut top(stack).buf,
                directive_line,
                &directive_literal(name),
            );
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

        match event {
            Event::Start(tag) => self.start(stack, tag, line),
            Event::End(_) => self.end(stack, pending),
            Event::Text(text) => match &mut top(stack).frame {
                Frame::CodeBlock { code, .. } => code.push_str(text),
                Frame::HtmlBlock { html } => html.push_str(text),
                Frame::Ignored => {}
                _ => push_text(&mut top(stack).buf, text),
            },
            Event::Html(html) => match &mut top(stack).frame {
                Frame::HtmlBlock { html: collected } => collected.push_str(html),
                _ => push_text(&mut top(stack).buf, html),
            },
            Event::Code(code) => {
                let buf = &mut top(stack).buf;
                buf.push_str("#raw(");
                push_string_literal(buf, code);
                buf.push(')');
            }
            Event::HardBreak => top(stack).buf.push_str("#linebreak()"),
            Event::Rule => push_block(&mut top(stack).buf, line, "#line(length: 100%)"),
            Event::FootnoteReference(label) => {
                let markup = self.footnote(label);
                top(stack).buf.push_str(&markup);
            }
            // Rewritten by `prepare_inline`; kept for completeness.
            Event::SoftBreak => top(stack).buf.push(' '),
            Event::InlineHtml(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                push_text(&mut top(stack).buf, text);
            }
            Event::TaskListMarker(checked) => {
                top(stack).buf.push_str(if *checked { "☑ " } else { "☐ " });
            }
        }
    }

    fn start(&mut self, stack: &mut Vec<Open>, tag: &Tag<'_>, line: usize) {
        let frame = match tag {
            Tag::Paragraph => Frame::Paragraph {
                wrapper: None,
                first_image: None,
            },
            Tag::Heading { level, .. } => Frame::Heading {
                level: *level as usize,
            },
            Tag::BlockQuote(_) => Frame::BlockQuote,
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
            Tag::List(start) => Frame::List {
                start: *start,
                items: Vec::new(),
                loose: false,
            },
            Tag::Item => Frame::Item,
            Tag::Table(alignments) => Frame::Table {
                alignments: alignments.clone(),
                header: Cells::default(),
                rows: Vec::new(),
            },
            Tag::TableHead => Frame::TableHead {
                cells: Cells::default(),
            },
            Tag::TableRow => Frame::TableRow {
                cells: Cells::default(),
            },
            Tag::TableCell => Frame::TableCell,
            Tag::Emphasis => Frame::Emphasis,
            Tag::Strong => Frame::Strong,
            Tag::Strikethrough => Frame::Strikethrough,
            Tag::Superscript | Tag::Subscript => Frame::Plain,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => Frame::Link {
                url: match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                },
            },
            Tag::Image { dest_url, .. } => Frame::Image {
                url: dest_url.to_string(),
                alt: String::new(),
            },
            // Removed beforehand; definition lists and metadata are not enabled.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => Frame::Group,
            Tag::MetadataBlock(_) => Frame::Ignored,
        };
        let in_item = matches!(
            stack.last(),
            Some(Open {
                frame: Frame::Item,
                ..
            })
        );
        if in_item
            && matches!(frame, Frame::Paragraph { .. })
            && let Some(Open {
                frame: Frame::List { loose, .. },
                ..
            }) = stack.iter_mut().rev().nth(1)
        {
            // Items of a tight list hold their text directly; a paragraph means a loose list.
            *loose = true;
        }
        let is_block = !matches!(
            frame,
            Frame::Emphasis
                | Frame::Strong
                | Frame::Strikethrough
                | Frame::Plain
                | Frame::Link { .. }
                | Frame::Image { .. }
                | Frame::TableHead { .. }
                | Frame::TableRow { .. }
                | Frame::TableCell
                | Frame::Item
        );
        // A block after the text of a tight list item starts on its own line.
        let parent = &mut top(stack).buf;
        if is_block && !parent.is_empty() && !parent.ends_with('\n') {
            parent.push('\n');
        }
        if matches!(frame, Frame::Image { .. }) {
            self.images += 1;
        }
        stack.push(Open {
            frame,
            buf: self.spare.pop().unwrap_or_default(),
            line,
        });
    }

    fn end(&mut self, stack: &mut Vec<Open>, pending: &mut Pending) {
        if stack.len() < 2 {
            return;
        }
        let Open {
            frame,
            mut buf,
            line,
        } = stack.pop().unwrap_or_else(|| unreachable!());
        if matches!(frame, Frame::Image { .. }) {
            self.images = self.images.saturating_sub(1);
        }
        // Directly in the document: in no container other than a landscape block.
        // (Only HTML blocks ask.)
        let at_top_level = matches!(frame, Frame::HtmlBlock { .. })
            && self.rendering_footnotes.is_empty()
            && stack
                .iter()
                .all(|open| matches!(open.frame, Frame::Root | Frame::Landscape));
        if let Frame::HtmlBlock { html } = &frame {
            let in_landscape = stack
                .iter()
                .any(|open| matches!(open.frame, Frame::Landscape));
            match parse_directive(html) {
                Some(Directive::Landscape) if at_top_level && !in_landscape => {
                    stack.push(Open {
                        frame: Frame::Landscape,
                        buf: String::new(),
                        line,
                    });
                    return;
                }
                Some(Directive::EndLandscape) if at_top_level && in_landscape => {
                    let landscape = stack.pop().unwrap_or_else(|| unreachable!());
                    push_landscape(&mut top(stack).buf, landscape, Some(line));
                    return;
                }
                _ => {}
            }
        }
        let parent = top(stack);
        match frame {
            Frame::Root | Frame::Group | Frame::Landscape => {
                push_block(&mut parent.buf, line, trim(&buf));
            }
            Frame::Paragraph {
                wrapper,
                first_image,
            } => {
                let body: std::borrow::Cow<'_, str> = match first_image {
                    Some((inline, block)) if trim(&buf) == inline => block.into(),
                    _ => trim(&buf).into(),
                };
                match wrapper {
                    Some(name) => {
                        push_block(&mut parent.buf, line, &format!("#pe-{name}[{body}]"));
                    }
                    None => push_block(&mut parent.buf, line, &body),
                }
            }
            Frame::Heading { level } => {
                let heading = format!("{} {}", "=".repeat(level.max(1)), trim(&buf));
                push_block(&mut parent.buf, line, &heading);
            }
            Frame::BlockQuote => {
                push_block(
                    &mut parent.buf,
                    line,
                    &format!("#quote(block: true)[{}]", trim(&buf)),
                );
            }
            Frame::List {
                start,
                items,
                loose,
            } => {
                let mut args = Vec::new();
                if loose {
                    args.push("tight: false".to_string());
                }
                let function = match start {
                    Some(start) => {
                        if start != 1 {
                            args.push(format!("start: {start}"));
                        }
                        "enum"
                    }
                    None => "list",
                };
                let mut list = format!("#{function}");
                if !args.is_empty() {
                    let _ = write!(list, "({})", args.join(", "));
                }
                for item in items {
                    let _ = write!(list, "[{item}]");
                }
                push_block(&mut parent.buf, line, &list);
            }
            Frame::Item => {
                if let Frame::List { items, .. } = &mut parent.frame {
                    let item = trim(&buf);
                    items.push(if item.is_empty() {
                        String::new()
                    } else {
                        let mut marked = String::with_capacity(item.len() + 8);
                        push_mark(&mut marked, line);
                        marked.push_str(item);
                        marked
                    });
                }
            }
            Frame::Table {
                alignments,
                header,
                rows,
            } => {
                let columns = alignments
                    .len()
                    .max(header.count)
                    .max(rows.iter().map(|row| row.count).max().unwrap_or(0))
                    .max(1);
                let align: Vec<&str> = (0..columns)
                    .map(|i| match alignments.get(i) {
                        Some(Alignment::Left) => "left",
                        Some(Alignment::Center) => "center",
                        Some(Alignment::Right) => "right",
                        Some(Alignment::None) | None => "auto",
                    })
                    .collect();
                let mut table = format!("#table(\n  columns: {columns},\n  align: (");
                table.push_str(&align.join(", "));
                if columns == 1 {
                    table.push(',');
                }
                table.push_str("),\n");
                if header.count > 0 {
                    table.push_str("  table.header(");
                    header.push_padded(&mut table, columns);
                    table.push_str("),\n");
                }
                for row in rows {
                    table.push_str("  ");
                    row.push_padded(&mut table, columns);
                    table.push_str(",\n");
                }
                table.push(')');
                push_block(&mut parent.buf, line, &table);
            }
            Frame::TableHead { cells } => {
                if let Frame::Table { header, .. } = &mut parent.frame {
                    *header = cells;
                }
            }
            Frame::TableRow { mut cells } => {
                if let Frame::Table { rows, .. } = &mut parent.frame {
                    // The row's first cell carries the row's line.
                    if cells.count > 0 {
                        cells.markup.insert_str(0, &mark(line));
                    }
                    rows.push(cells);
                }
            }
            Frame::TableCell => {
                if let Frame::TableHead { cells } | Frame::TableRow { cells } = &mut parent.frame {
                    cells.push(trim(&buf));
                }
            }
            Frame::Emphasis => {
                push_wrapped(&mut parent.buf, "#emph[", &buf);
            }
            Frame::Strong => {
                push_wrapped(&mut parent.buf, "#strong[", &buf);
            }
            Frame::Strikethrough => {
                push_wrapped(&mut parent.buf, "#strike[", &buf);
            }
            // Content blocks keep the escaped text apart from the text around it.
            Frame::Plain => {
                push_wrapped(&mut parent.buf, "#[", &buf);
            }
            Frame::Link { url } => {
                if url.is_empty() {
                    push_wrapped(&mut parent.buf, "#[", &buf);
                } else {
                    parent.buf.push_str("#link(");
                    push_string_literal(&mut parent.buf, &url);
                    push_wrapped(&mut parent.buf, ")[", &buf);
                }
            }
            Frame::Image { url, alt } => {
                if let Some(outer) = image_alt(stack, self.images) {
                    // An image inside an image's description contributes its description.
                    outer.push_str(&alt);
                } else if !is_local_image(&url) {
                    // Typst reads only local files: a remote image is printed as a link.
                    let text = if alt.is_empty() { url.clone() } else { alt };
                    let parent = top(stack);
                    if url.is_empty() {
                        let _ = write!(parent.buf, "#[{}]", escaped(&text));
                    } else {
                        let _ = write!(
                            parent.buf,
                            "#link({})[{}]",
                            string_literal(&url),
                            escaped(&text)
                        );
                    }
                } else {
                    // Typst's `image` is a block: within text it goes in a box, as Markdown's
                    // images are inline. (An unboxed image inside nested emphasis with a link
                    // also makes typst 0.15.1 panic while writing PDF tags.)
                    let mut image = format!("image({}", string_literal(&url));
                    if !alt.is_empty() {
                        let _ = write!(image, ", alt: {}", string_literal(&alt));
                    }
                    image.push(')');
                    let inline = format!("#box({image})");
                    let parent = top(stack);
                    if let Frame::Paragraph { first_image, .. } = &mut parent.frame
                        && trim(&parent.buf).is_empty()
                    {
                        *first_image = Some((inline.clone(), format!("#{image}")));
                    }
                    parent.buf.push_str(&inline);
                }
            }
            Frame::CodeBlock { lang, code } => {
                let code = code.strip_suffix('\n').unwrap_or(&code);
                let mut raw = String::from("#raw(block: true, ");
                if let Some(lang) = lang {
                    let _ = write!(raw, "lang: {}, ", string_literal(&lang));
                }
                raw.push_str(&string_literal(code));
                raw.push(')');
                push_block(&mut parent.buf, line, &raw);
            }
            Frame::HtmlBlock { html } => match parse_directive(&html) {
                // Typst allows page breaks only at the top level, not inside containers.
                Some(Directive::PageBreak) if at_top_level => {
                    push_block(&mut parent.buf, line, "#pagebreak()");
                }
                Some(Directive::PageBreak) => {
                    push_block(&mut parent.buf, line, &directive_literal("pagebreak"));
                }
                Some(Directive::Wrap(name)) => *pending = Some((name, line)),
                // Handled above when in place; elsewhere printed as written.
                Some(Directive::Landscape) => {
                    push_block(&mut parent.buf, line, &directive_literal("landscape"));
                }
                Some(Directive::EndLandscape) => {
                    push_block(&mut parent.buf, line, &directive_literal("end-landscape"));
                }
                None => {
                    // Each line carries its own Markdown line; the first one the block's.
                    let lines: Vec<String> = html
                        .trim_end_matches(is_markup_space)
                        .lines()
                        .enumerate()
                        .map(|(i, text)| {
                            let text = escaped(text.trim_end_matches(is_markup_space));
                            match i {
                                0 => text,
                                _ => format!("{}{text}", mark(line + i)),
                            }
                        })
                        .collect();
                    push_block(&mut parent.buf, line, &lines.join("#linebreak()\n"));
                }
            },
            Frame::Ignored => {}
        }
        buf.clear();
        self.spare.push(buf);
    }

    /// The markup for a footnote reference: the footnote itself at its first citation, and a
    /// reference to it at later ones.
    fn footnote(&mut self, label: &str) -> String {
        let key = footnote_key(label);
        let literal = || format!("#[{}]", escaped(&format!("[^{label}]")));
        let Some(body) = self.footnotes.get(&key) else {
            return literal();
        };
        if let Some(typst_label) = self.footnote_labels.get(&key) {
            return format!("#footnote(<{typst_label}>)");
        }
        // A footnote citing itself, or footnotes nested absurdly deep, print as written.
        if self.rendering_footnotes.len() >= MAX_FOOTNOTE_NESTING
            || !self.rendering_footnotes.insert(key.clone())
        {
            return literal();
        }
        let content = self.render_blocks(body);
        self.rendering_footnotes.remove(&key);
        let content = trim(&content);
        if self.references.get(&key).copied().unwrap_or(0) > 1 {
            let number = self.footnote_labels.len() + 1;
            let typst_label = format!("{}-{number}", self.label_prefix);
            // The label sits inside its own content block so that it cannot end a heading.
            let markup = format!("#[#footnote[{content}]<{typst_label}>]");
            self.footnote_labels.insert(key, typst_label);
            markup
        } else {
            format!("#footnote[{content}]")
        }
    }
}

fn top(stack: &mut [Open]) -> &mut Open {
    stack
        .last_mut()
        .unwrap_or_else(|| unreachable!("the root frame is never popped"))
}

/// Appends `open`, `body` and a closing bracket.
fn push_wrapped(buf: &mut String, open: &str, body: &str) {
    buf.push_str(open);
    buf.push_str(body);
    buf.push(']');
}

/// Appends a block that starts on Markdown line `line`. Blocks end with a blank line; a block
/// after inline text (in a tight list item) starts on a new line.
fn push_block(buf: &mut String, line: usize, block: &str) {
    if block.is_empty() {
        return;
    }
    if !buf.is_empty() && !buf.ends_with('\n') {
        buf.push('\n');
    }
    push_mark(buf, line);
    buf.push_str(block);
    buf.push_str("\n\n");
}

/// Appends a closed landscape block: its blocks inside `#pe-landscape[..]`, the closing bracket
/// on the line of the closing directive when there is one. An empty one prints nothing.
fn push_landscape(buf: &mut String, landscape: Open, end_line: Option<usize>) {
    let body = trim(&landscape.buf);
    if body.is_empty() {
        return;
    }
    let end = end_line.map(mark).unwrap_or_default();
    push_block(
        buf,
        landscape.line,
        &format!("#pe-landscape[\n{body}\n{end}]"),
    );
}

/// Starts and ends a line mark: `MARK_START`, the decimal Markdown line, `MARK_END`. The
/// escaper writes every control character of the text as a `\u{..}` escape, so these never occur
/// in the markup otherwise.
const MARK_START: char = '\u{1}';
const MARK_END: char = '\u{2}';

/// Appends [`mark`]`(line)` to `buf`.
fn push_mark(buf: &mut String, line: usize) {
    buf.push(MARK_START);
    let _ = write!(buf, "{line}");
    buf.push(MARK_END);
}

/// The mark saying that what follows comes from Markdown line `line`.
fn mark(line: usize) -> String {
    format!("{MARK_START}{line}{MARK_END}")
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

/// Removes the line marks from rendered markup, trims it like a finished document, and maps each
/// line of the result to the Markdown line of its first mark, or of the last mark before it.
fn resolve_marks(rendered: &str) -> (String, Vec<usize>) {
    // The markup without marks, and where each mark stood in it.
    let mut text = String::with_capacity(rendered.len());
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut rest = rendered;
    while let Some(start) = rest.find(MARK_START) {
        text.push_str(&rest[..start]);
        let after = &rest[start + MARK_START.len_utf8()..];
        let end = after.find(MARK_END).unwrap_or(after.len());
        let line = after[..end].parse().unwrap_or(1);
        marks.push((text.len(), line));
        rest = after.get(end + MARK_END.len_utf8()..).unwrap_or("");
    }
    text.push_str(rest);

    // Trim in place, like a finished document.
    let offset = text.len() - text.trim_start_matches(is_markup_space).len();
    let end = offset + trim(&text).len();
    text.truncate(end);
    text.drain(..offset);
    let mut out = text;
    if !out.is_empty() {
        out.push('\n');
    }

    // Where the lines end, as Typst counts them.
    let ends: Vec<usize> = if out.contains('\r') {
        let bytes = out.as_bytes();
        (0..bytes.len()).filter(|&i| ends_line(bytes, i)).collect()
    } else {
        out.match_indices('\n').map(|(i, _)| i).collect()
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
    (out, map)
}

/// Finds the 1-based line of a byte offset in a Markdown text. Lines end at `\n`, `\r\n` or `\r`,
/// as in CommonMark.
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line after the first.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        if !text.contains('\r') {
            let starts = text.match_indices('\n').map(|(i, _)| i + 1).collect();
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
struct LineCursor<'s> {
    starts: &'s [usize],
    /// The last offset looked up, and the number of line starts at or before it.
    offset: usize,
    index: usize,
}

impl LineCursor<'_> {
    fn line_of(&mut self, offset: usize) -> usize {
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
fn is_markup_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
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

/// The 64-bit FNV-1a hash: small, and stable across Rust releases (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cells of a table row as markup, `[..]` each, separated by `, `.
#[derive(Default)]
struct Cells {
    markup: String,
    count: usize,
}

impl Cells {
    /// Appends a cell of the given markup.
    fn push(&mut self, cell: &str) {
        if self.count > 0 {
            self.markup.push_str(", ");
        }
        push_wrapped(&mut self.markup, "[", cell);
        self.count += 1;
    }

    /// Appends the cells to `out`, padded with empty cells to the number of columns.
    fn push_padded(&self, out: &mut String, columns: usize) {
        out.push_str(&self.markup);
        for k in self.count..columns {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str("[]");
        }
    }
}
