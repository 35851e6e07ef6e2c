//! Line numbers: which Markdown line each piece of Typst came from, so a
//! typst error can name the line of the Markdown file.

use super::*;

/// Whether the character at `i` of `text` ends a line, as Typst counts lines: `\n`, or `\r` not
/// followed by `\n`.
pub(super) fn ends_line(text: &[u8], i: usize) -> bool {
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
pub(super) fn line_map(mut markup: String, marks: &[(usize, usize)]) -> (String, Vec<usize>) {
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
    pub(super) fn new(lines: &'s LineIndex) -> Self {
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
