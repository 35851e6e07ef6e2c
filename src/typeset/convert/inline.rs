//! Inline text prepared before it is written: neighbouring text events
//! joined, and the space a line break leaves between CJK characters dropped.

use super::*;

/// Rewrites inline events into plain text where that is what they print as (inline HTML, task
/// list markers, soft breaks) and merges neighbouring text, so that each run of text is escaped
/// as a whole and the escaper sees every character's neighbours.
///
/// `before` is what precedes the events in their block, for a soft break at their start.
pub(super) fn prepare_inline(events: &mut Vec<Spanned<'_>>, before: Neighbour) {
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

/// Whether [`prepare_inline`] rewrites the event (into text, which may then merge with its
/// neighbours).
pub(super) fn needs_preparing(event: &Event<'_>) -> bool {
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
pub(super) enum Neighbour {
    Char(char),
    Stop,
}

impl Neighbour {
    /// The neighbour before the next event, given this one before `event` (looking backwards).
    pub(super) fn after(self, event: &Event<'_>) -> Neighbour {
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

    pub(super) fn char(self) -> Option<char> {
        match self {
            Neighbour::Char(c) => Some(c),
            Neighbour::Stop => None,
        }
    }
}

/// The nearest printed character next to a soft break, looking through inline formatting but not
/// past the enclosing block. `last` picks the last character of a text (looking backwards).
/// `None` when the events run out first.
pub(super) fn neighbour_char<'e, 'a: 'e>(
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

pub(super) fn is_inline_tag_end(tag: TagEnd) -> bool {
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
pub(super) fn joins_without_space(a: char, b: char) -> bool {
    (is_cjk(a) && (is_cjk(b) || is_shared_punctuation(b)))
        || (is_shared_punctuation(a) && is_cjk(b))
}

pub(super) fn is_cjk(c: char) -> bool {
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

pub(super) fn is_shared_punctuation(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '·')
}
