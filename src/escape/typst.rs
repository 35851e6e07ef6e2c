//! Escaping for Typst: text that prints literally in markup, and string literals. The rules
//! follow the Typst 0.15 lexer (`typst-syntax`); see [`escape_markup`].

use std::fmt::Write as _;

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
pub(crate) fn push_string_literal(out: &mut String, text: &str) {
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
pub(crate) struct Surroundings {
    /// The text may start a line or a content block, where list, enum, term and heading markers
    /// count.
    pub(crate) at_line_start: bool,
    /// The text may follow code such as `#strong[x]`, which `(`, `[`, `;` or `.name` continue.
    pub(crate) after_code: bool,
    /// What follows is generated markup (`#`, `]`, `)`, a newline or the end), not more text, so a
    /// final `-`, `.` or `/` cannot combine with it.
    pub(crate) before_markup: bool,
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

/// Skips eight bytes at a time while they are all non-ASCII and none is a lead byte that
/// [`ESCAPE_CANDIDATE`] names (`0xC2`, `0xE2`): Chinese text, mostly. The position may end inside
/// a character; its continuation bytes are then read one by one, and are never candidates.
fn skip_plain_non_ascii(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_byte = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_else(|_| unreachable!()));
        if word & HIGH != HIGH || has_byte(word, 0xC2) || has_byte(word, 0xE2) {
            break;
        }
        pos += 8;
    }
    pos
}

/// The length of the UTF-8 character that starts with byte `lead`.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Escapes `text` into `out`, by the rules described at [`escape_markup`].
pub(crate) fn escape_into(out: &mut String, text: &str, around: Surroundings) {
    let bytes = text.as_bytes();
    let mut line_start = around.at_line_start;
    // Byte index of the `.` in a number at the start of a line that would form an enum marker.
    let mut enum_dot: Option<usize> = None;
    // Text up to here is written: characters that need no escape (most report text, Chinese
    // prose) are copied in runs.
    let mut written = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        if !line_start {
            pos = skip_plain_non_ascii(bytes, pos);
            if pos == bytes.len() {
                break;
            }
        }
        let b = bytes[pos];
        if !ESCAPE_CANDIDATE[usize::from(b)] {
            if line_start && b != b' ' && b != b'\t' {
                line_start = false;
            }
            // A whole character at once: `pos` stays on character boundaries.
            pos += utf8_width(b);
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
            enum_dot = enum_dot_after(text, i).or(enum_dot);
        }
        let escape = needs_backslash(
            c,
            next,
            i,
            Context {
                at_line_start,
                at_end,
                enum_dot,
                around,
            },
        );
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str(&text[written..]);
}

/// Where a character stands, for [`needs_backslash`].
struct Context {
    at_line_start: bool,
    at_end: bool,
    enum_dot: Option<usize>,
    around: Surroundings,
}

/// Whether `c` at byte `i` (followed by `next`) is written with a backslash.
fn needs_backslash(c: char, next: Option<char>, i: usize, cx: Context) -> bool {
    match c {
        '\\' | '[' | ']' | '#' | '$' | '`' | '*' | '_' | '~' | '<' | '>' | '@' | '"' | '\'' => true,
        '/' => cx.at_line_start || cx.at_end || matches!(next, Some('/' | '*')),
        '-' => {
            cx.at_line_start
                || cx.at_end
                || matches!(next, Some('-' | '?'))
                || next.is_some_and(char::is_numeric)
        }
        '.' => {
            cx.at_end
                || next == Some('.')
                || cx.enum_dot == Some(i)
                || (i == 0
                    && cx.around.after_code
                    && next.is_some_and(|n| n.is_alphabetic() || n == '_'))
        }
        '+' | '=' => cx.at_line_start,
        '(' | ';' => i == 0 && cx.around.after_code,
        _ => false,
    }
}

/// The byte index of the `.` after the number starting at byte `i` of `text` at the start
/// of a line, when the two would read as an enum marker (`1. `), else `None`.
fn enum_dot_after(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let end = i + rest
        .find(|d: char| !d.is_ascii_digit())
        .unwrap_or(rest.len());
    if text[end..].starts_with('.') {
        let after = text[end + 1..].chars().next();
        if after.is_none_or(|d| d.is_whitespace() || d == '/') {
            return Some(end);
        }
    }
    None
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
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let around = Surroundings {
        at_line_start: true,
        after_code: false,
        before_markup: true,
    };
    escape_into(&mut out, text, around);
    out
}
