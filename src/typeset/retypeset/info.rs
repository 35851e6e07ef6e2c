//! What an edited report's Markdown says about itself: its title, and the unit and date of
//! its signature.

use super::*;

/// What the Markdown says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FoundInfo {
    /// The text of the first level-1 heading.
    pub title: Option<String>,
    /// The first line of the signature paragraph.
    pub author: Option<String>,
    /// The last line of the signature paragraph, when it is a date like 2025年3月4日.
    pub date: Option<NaiveDate>,
}

/// Reads the title, author and date from a report's Markdown (see [`retypeset`]).
#[cfg(test)]
pub(crate) fn read_document_info(markdown: &str) -> FoundInfo {
    let mut reader = InfoReader::default();
    for event in pulldown_cmark::Parser::new_ext(markdown, convert::parser_options()) {
        reader.see(&event);
    }
    reader.found
}

/// Reads [`FoundInfo`] from the events of a Markdown parse, one at a time.
#[derive(Default)]
pub(super) struct InfoReader {
    pub(super) found: FoundInfo,
    heading: Option<String>,
    /// The lines of the signature paragraph: None before it, Some while reading it.
    signature: Option<Vec<String>>,
    signature_next: bool,
    /// The text of the HTML block being read, if at the top level.
    html_block: Option<String>,
    depth: usize,
}

impl InfoReader {
    pub(super) fn see(&mut self, event: &Event<'_>) {
        let at_top = self.depth == 0;
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        let found = &mut self.found;
        if let Some(lines) = &mut self.signature {
            match event {
                Event::Text(text) | Event::Code(text) => {
                    if let Some(last) = lines.last_mut() {
                        last.push_str(text);
                    }
                }
                Event::SoftBreak | Event::HardBreak => lines.push(String::new()),
                Event::End(TagEnd::Paragraph) if self.depth == 0 => {
                    let lines: Vec<&str> = lines
                        .iter()
                        .map(|l| l.trim())
                        .filter(|l| !l.is_empty())
                        .collect();
                    if found.author.is_none() {
                        found.author = lines.first().map(|l| l.to_string());
                        found.date = lines.last().and_then(|l| parse_chinese_date(l));
                    }
                    self.signature = None;
                }
                _ => {}
            }
            return;
        }
        if let Some(text) = &mut self.heading {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                    found.title = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                    self.heading = None;
                }
                _ => {}
            }
            return;
        }
        if self.signature_next {
            self.signature_next = false;
            if at_top && matches!(event, Event::Start(Tag::Paragraph)) {
                self.signature = Some(vec![String::new()]);
                return;
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if found.title.is_none() => self.heading = Some(String::new()),
            Event::Start(Tag::HtmlBlock) if at_top => self.html_block = Some(String::new()),
            Event::Html(html) => {
                if let Some(block) = &mut self.html_block {
                    block.push_str(html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.html_block.take().unwrap_or_default();
                self.signature_next =
                    found.author.is_none() && block.trim() == "<!-- pe:signature -->";
            }
            _ => {}
        }
    }
}

/// Reads a date written like 2025年3月4日.
pub(crate) fn parse_chinese_date(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.trim().split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?)
}
