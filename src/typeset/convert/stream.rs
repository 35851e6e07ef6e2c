//! The one-pass conversion of a document without footnotes: each event is written as it comes
//! ([`Stream`]). A long document is converted in two parts on two threads, when the parse shows
//! that the second part starts with a top-level heading that nothing before it reaches into; the
//! markup is the same, byte for byte, as one thread's.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use pulldown_cmark::{Event, Parser, Tag};

use super::Spanned;
use super::inline::{Neighbour, needs_preparing, prepare_inline};
use super::lines::{LineCursor, LineIndex, line_map};
use super::parser_options;
use super::writer::{Open, Pending, Writer};

/// Documents from this many bytes on are converted in two parts on two threads (when the
/// machine has two cores): below it the second thread would cost more than it saves.
pub(super) const TWO_PARTS_FROM: usize = 256 * 1024;

/// Where the second part should start, as a share of the document: the first thread also
/// parses the whole document (its events go to the caller's watcher, in order), so it converts
/// less than half.
const SECOND_PART_FROM: (usize, usize) = (9, 20);

/// Converts a document without footnotes in one pass over the parser's events, on two threads
/// when it is long (see [`TWO_PARTS_FROM`]); `watch` sees every event, in order, on this thread.
pub(super) fn convert_streaming(
    markdown: &str,
    lines: &LineIndex,
    watch: &mut dyn FnMut(&Event<'_>, usize),
) -> (String, Vec<usize>) {
    let two_cores = markdown.len() >= TWO_PARTS_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    let (markup, marks) = match two_cores.then(|| second_part_candidate(markdown)).flatten() {
        Some(split) => convert_in_two_parts(markdown, lines, watch, split).0,
        None => convert_in_one_part(markdown, lines, watch),
    };
    line_map(markup, &marks)
}

/// Converts `markdown` on this thread, showing `watch` every event: the markup and its line
/// marks.
fn convert_in_one_part(
    markdown: &str,
    lines: &LineIndex,
    watch: &mut dyn FnMut(&Event<'_>, usize),
) -> (String, Vec<(usize, usize)>) {
    let footnotes = HashMap::new();
    let mut stream = Stream::new(&footnotes, lines, markdown.len());
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        watch(&event, range.start);
        stream.feed(event, range.start);
    }
    stream.finish()
}

/// Where a second part could start: the first line from [`SECOND_PART_FROM`] of the document on
/// that reads as a level 1–6 ATX heading at the start of the line. Only the parse can tell whether
/// it is one (it may be inside a fenced code block, say); [`convert_in_two_parts`] asks it.
fn second_part_candidate(markdown: &str) -> Option<usize> {
    let bytes = markdown.as_bytes();
    let from = markdown.len() / SECOND_PART_FROM.1 * SECOND_PART_FROM.0;
    memchr::memmem::find_iter(&bytes[from..], b"\n#")
        .map(|at| from + at + 1)
        .find(|&start| {
            let hashes = bytes[start..].iter().take_while(|&&b| b == b'#').count();
            hashes <= 6
                && matches!(
                    bytes.get(start + hashes),
                    None | Some(b' ' | b'\t' | b'\n' | b'\r')
                )
        })
}

/// Converts `markdown` as one thread would, the part from `split` on on a second thread. This
/// thread parses the whole document, shows `watch` every event and converts them up to `split`.
/// The parts are joined when the whole parse starts a top-level heading exactly at `split`, with
/// nothing of the first part left open or waiting (a directive, a landscape block), and the
/// document defines no link references (the only thing a block may take from an earlier one):
/// then the second part parses to the same events as the tail of the whole. Otherwise this
/// thread converts the rest itself and the second thread's work is dropped. Returns the markup
/// and its line marks, and whether the parts were joined.
fn convert_in_two_parts(
    markdown: &str,
    lines: &LineIndex,
    watch: &mut dyn FnMut(&Event<'_>, usize),
    split: usize,
) -> ((String, Vec<(usize, usize)>), bool) {
    let give_up = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let footnotes = HashMap::new();
            let mut stream = Stream::new(&footnotes, lines, markdown.len() - split);
            for (event, range) in
                Parser::new_ext(&markdown[split..], parser_options()).into_offset_iter()
            {
                if give_up.load(Ordering::Relaxed) {
                    break;
                }
                stream.feed(event, split + range.start);
            }
            stream.finish()
        });
        let footnotes = HashMap::new();
        let mut first = Stream::new(&footnotes, lines, markdown.len());
        let parser = Parser::new_ext(markdown, parser_options()).into_offset_iter();
        let defines_links = parser.reference_definitions().iter().next().is_some();
        // Whether the parts join: unknown until the parse reaches `split`.
        let mut joined: Option<bool> = None;
        for (event, range) in parser {
            watch(&event, range.start);
            match joined {
                Some(true) => continue,
                Some(false) => {}
                None if range.start < split => {}
                None => {
                    let joins = !defines_links
                        && range.start == split
                        && matches!(event, Event::Start(Tag::Heading { .. }))
                        && first.at_top_level();
                    joined = Some(joins);
                    if joins {
                        continue;
                    }
                    give_up.store(true, Ordering::Relaxed);
                }
            }
            first.feed(event, range.start);
        }
        if joined != Some(true) {
            give_up.store(true, Ordering::Relaxed);
        }
        let (mut markup, mut marks) = first.finish();
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let joined = joined == Some(true);
        if joined {
            let (tail, tail_marks) = second;
            let shift = markup.len();
            markup.push_str(&tail);
            marks.extend(tail_marks.into_iter().map(|(at, line)| (at + shift, line)));
        }
        ((markup, marks), joined)
    })
}

/// The state of a one-pass conversion. Only text waits, for the event after it: a run of texts,
/// a soft break or anything else that [`prepare_inline`] rewrites starts collecting the rest of
/// the top-level block, which is prepared and written when the block ends. Soft breaks look no
/// further than their block, so this writes what the whole-document passes write.
struct Stream<'f, 'a> {
    writer: Writer<'f, 'a>,
    stack: Vec<Open>,
    pending: Pending,
    depth: usize,
    /// The events collected for preparing, up to the end of the top-level block.
    chunk: Vec<Spanned<'a>>,
    collecting: bool,
    /// A text not yet written, waiting for the event after it.
    held: Option<Spanned<'a>>,
    /// The last printed character of the events written so far, as a soft break sees it.
    before: Neighbour,
}

impl<'f, 'a> Stream<'f, 'a> {
    /// A conversion of about `size` bytes of Markdown (its output buffer is made a quarter
    /// larger).
    fn new(
        footnotes: &'f HashMap<String, Vec<Spanned<'a>>>,
        lines: &'f LineIndex,
        size: usize,
    ) -> Self {
        let writer = Writer::new(
            footnotes,
            LineCursor::new(lines),
            String::new(),
            HashMap::new(),
            size + size / 4,
        );
        let stack = writer.root();
        Stream {
            writer,
            stack,
            pending: None,
            depth: 0,
            chunk: Vec::new(),
            collecting: false,
            held: None,
            before: Neighbour::Stop,
        }
    }

    /// Whether the conversion stands between top-level blocks with nothing open or waiting, as a
    /// new conversion starts: the next event is written as it would be at a document's start
    /// (every top-level block ends its markup with a blank line, so what follows does not depend
    /// on the markup before it).
    fn at_top_level(&self) -> bool {
        self.depth == 0
            && self.stack.len() == 1
            && self.pending.is_none()
            && !self.collecting
            && self.chunk.is_empty()
            && self.held.is_none()
    }

    fn feed(&mut self, event: Event<'a>, offset: usize) {
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if !self.collecting {
            self.collecting = match &event {
                Event::Text(text) => self.held.is_some() || text.is_empty(),
                event => needs_preparing(event),
            };
            if self.collecting {
                self.chunk.extend(self.held.take());
            }
        }
        if self.collecting {
            self.chunk.push((event, offset));
            if self.depth == 0 {
                self.write_chunk();
                self.collecting = false;
                self.before = Neighbour::Stop;
            }
            return;
        }
        if let Some((text, offset)) = self.held.take() {
            self.before = self.before.after(&text);
            self.writer
                .event(&mut self.stack, &mut self.pending, &text, offset);
        }
        if matches!(event, Event::Text(_)) && self.depth > 0 {
            self.held = Some((event, offset));
        } else {
            self.before = self.before.after(&event);
            self.writer
                .event(&mut self.stack, &mut self.pending, &event, offset);
        }
    }

    fn write_chunk(&mut self) {
        prepare_inline(&mut self.chunk, self.before);
        for (event, offset) in &self.chunk {
            self.writer
                .event(&mut self.stack, &mut self.pending, event, *offset);
        }
        self.chunk.clear();
    }

    /// Writes what waits and closes what is open: the markup and its line marks.
    fn finish(mut self) -> (String, Vec<(usize, usize)>) {
        self.chunk.extend(self.held.take());
        if !self.chunk.is_empty() {
            self.write_chunk();
        }
        self.writer.finish(self.stack, self.pending);
        self.writer.into_parts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The conversion in one part and in two parts split at `split`: the markup, the line marks
    /// and the events the watcher saw (each with its offset), and whether the parts joined.
    #[allow(clippy::type_complexity)]
    fn both(
        markdown: &str,
        split: usize,
    ) -> (
        (String, Vec<(usize, usize)>, Vec<String>),
        (String, Vec<(usize, usize)>, Vec<String>),
        bool,
    ) {
        let lines = LineIndex::new(markdown);
        let mut seen = Vec::new();
        let (markup, marks) = convert_in_one_part(markdown, &lines, &mut |event, offset| {
            seen.push(format!("{offset} {event:?}"));
        });
        let one = (markup, marks, seen);
        let mut seen = Vec::new();
        let ((markup, marks), joined) = convert_in_two_parts(
            markdown,
            &lines,
            &mut |event, offset| {
                seen.push(format!("{offset} {event:?}"));
            },
            split,
        );
        ((one), (markup, marks, seen), joined)
    }

    /// Every line start that reads as an ATX heading.
    fn heading_lines(markdown: &str) -> Vec<usize> {
        let bytes = markdown.as_bytes();
        (1..bytes.len())
            .filter(|&i| bytes[i - 1] == b'\n' && bytes[i] == b'#')
            .collect()
    }

    #[test]
    fn a_document_split_before_a_heading_joins_as_one_part_writes_it() {
        let markdown = "# 标题\n\n正文第一段，\n接着写。\n\n| 表 | 头 |\n|---|---|\n| 一 | 二 |\n\n\
                        ## 第二部分\n\n- 一\n- 二\n\n<!-- pe:pagebreak -->\n\n### 三\n\n末段。\n";
        for split in heading_lines(markdown) {
            let (one, two, joined) = both(markdown, split);
            assert!(joined, "split at {split}");
            assert_eq!(one, two, "split at {split}");
        }
        assert_eq!(heading_lines(markdown).len(), 2);
    }

    #[test]
    fn parts_do_not_join_where_the_first_reaches_into_the_second() {
        let cases = [
            // The heading is code, HTML, or the end of a landscape block's first part.
            "```\ncode\n\n# not a heading\n```\n",
            "<!--\n\n# not a heading\n-->\n",
            "<pre>\n\n# not a heading\n</pre>\n",
            "<div>\n# in the HTML block\n",
            "<!-- pe:landscape -->\n\n表\n\n# inside the landscape block\n",
            // A directive waits for the paragraph after the heading (and is printed as written).
            "<!-- pe:signature -->\n# heading\n\n单位\n",
            // A link reference defined in one part and used in the other.
            "[链接][r]\n\n# heading\n\n[r]: https://example.org\n",
            "[r]: https://example.org\n\n# heading\n\n[链接][r]\n",
        ];
        for markdown in cases {
            let split = heading_lines(markdown)[0];
            let (one, two, joined) = both(markdown, split);
            assert!(!joined, "{markdown:?}");
            assert_eq!(one, two, "{markdown:?}");
        }
    }

    #[test]
    fn the_candidate_is_the_first_heading_line_from_nine_twentieths_on() {
        let markdown = format!(
            "{}\n# 一\n{}\n#不是\n\n####### 不是\n## 二\n",
            "段".repeat(20),
            "甲".repeat(200)
        );
        let from = markdown.len() * 9 / 20;
        let expected = markdown.find("## 二").unwrap();
        assert!(markdown.find("# 一").unwrap() < from);
        assert_eq!(second_part_candidate(&markdown), Some(expected));
        assert_eq!(second_part_candidate("没有标题\n\n正文\n"), None);
    }

    /// A long document goes the two-part way, and its markup and line map are one part's.
    #[test]
    fn a_long_document_is_converted_in_two_parts_as_in_one() {
        let section = "## 第一部分\n\n正文，\n接着写。**重点**与`代码`。\n\n\
                       | 指标 | 数值 |\n|---|--:|\n| 生产总值 | 6.5 |\n\n- 一\n- 二\n\n";
        let markdown = format!(
            "# 报告\n\n{}",
            section.repeat(TWO_PARTS_FROM / section.len() + 1)
        );
        assert!(markdown.len() >= TWO_PARTS_FROM);
        let lines = LineIndex::new(&markdown);
        let split = second_part_candidate(&markdown).expect("a heading after the middle");
        let (two, joined) = convert_in_two_parts(&markdown, &lines, &mut |_, _| {}, split);
        assert!(joined);
        let (markup, marks) = convert_in_one_part(&markdown, &lines, &mut |_, _| {});
        let one = line_map(markup, &marks);
        assert_eq!(line_map(two.0, &two.1), one);
        assert_eq!(convert_streaming(&markdown, &lines, &mut |_, _| {}), one);
    }

    /// Markdown of syntax fragments, among them what keeps the parts from joining.
    fn markdown_syntax() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "\n",
                "\n\n",
                "\n# 标题\n",
                "\n## 二\n\n",
                "\n#\n",
                "- ",
                "1. ",
                "> ",
                "    ",
                "*",
                "**",
                "_",
                "~~",
                "`",
                "```\n",
                "~~~\n",
                "[x](b.png)",
                "![a](b.png)",
                "[x][r]",
                "\n[r]: /u\n",
                "<https://e.org>",
                "| a | b |\n|---|:-:|\n",
                "|",
                "<!-- pe:signature -->\n",
                "<!-- pe:pagebreak -->\n",
                "<!-- pe:caption -->\n",
                "<!-- pe:landscape -->\n",
                "<!-- pe:end-landscape -->\n",
                "<!--\n",
                "-->\n",
                "<pre>\n",
                "</pre>\n",
                "<div>\n",
                "<b>",
                "  \n",
                "\\",
                "中文",
                "。",
                "text",
                "- [ ] ",
                "---\n",
                "===\n",
                "&amp;",
                "<?",
                "?>",
                "<![CDATA[",
                "]]>",
            ]),
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Split at every heading line, two parts write what one part writes, and show the watcher
    /// the same events in the same order: 400 documents, in which the parts join often and
    /// are kept from joining often.
    #[test]
    fn two_parts_write_what_one_part_writes() {
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(400));
        let (joins, refusals) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        let result = runner.run(&markdown_syntax(), |markdown| {
            for split in heading_lines(&markdown) {
                let (one, two, joined) = both(&markdown, split);
                prop_assert_eq!(one, two, "split at {}", split);
                let count = if joined { &joins } else { &refusals };
                count.set(count.get() + 1);
            }
            Ok(())
        });
        if let Err(error) = result {
            panic!("{error}");
        }
        let (joins, refusals) = (joins.get(), refusals.get());
        assert!(
            joins > 100 && refusals > 100,
            "{joins} joined, {refusals} did not"
        );
    }
}
