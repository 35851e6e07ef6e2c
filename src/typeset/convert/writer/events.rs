//! One event at a time: text, breaks, rules, footnote references and HTML
//! handed to the open container; containers to [`super::start`] and [`super::end`].

use super::*;

impl Writer<'_, '_> {
    pub(in crate::typeset::convert) fn event(
        &mut self,
        stack: &mut Vec<Open>,
        pending: &mut Pending,
        event: &Event<'_>,
        offset: usize,
    ) {
        // A wrapping directive applies to the very next block, which must be a paragraph;
        // otherwise the directive is printed as written, so that the mistake shows.
        if let Some((name, directive_line)) = pending.take() {
            if let Event::Start(Tag::Paragraph) = event {
                self.open_wrapped(stack, name, offset);
                return;
            }
            self.push_block(stack, directive_line, &directive_literal(name));
        }
        if collect_text(stack, self.images, event) {
            return;
        }

        match event {
            Event::Start(tag) => self.start(stack, tag, offset),
            Event::End(_) => self.end(stack, pending),
            _ if matches!(top(stack).frame, Frame::Ignored) => {}
            Event::Text(text) => match &mut top(stack).frame {
                Frame::CodeBlock { code, .. } => code.push_str(text),
                Frame::HtmlBlock { html } => html.push_str(text),
                _ => self.push_text(stack, text),
            },
            Event::Html(html) => match &mut top(stack).frame {
                Frame::HtmlBlock { html: collected } => collected.push_str(html),
                _ => self.push_text(stack, html),
            },
            Event::Code(code) => {
                self.out.push_str("#raw(");
                push_string_literal(&mut self.out, code);
                self.out.push(')');
            }
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => {
                let line = self.lines.line_of(offset);
                self.push_block(stack, line, "#line(length: 100%)");
            }
            Event::FootnoteReference(label) => self.footnote(label),
            // Rewritten by `prepare_inline`; kept for completeness.
            Event::SoftBreak => self.out.push(' '),
            Event::InlineHtml(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.push_text(stack, text);
            }
            Event::TaskListMarker(checked) => {
                self.out.push_str(if *checked { "☑ " } else { "☐ " });
            }
        }
    }

    /// Opens the paragraph a wrapping directive `name` applies to (a caption right after an
    /// image makes a figure with it).
    fn open_wrapped(&mut self, stack: &mut Vec<Open>, name: &'static str, offset: usize) {
        if name == "closing" {
            self.keep_last_paragraph();
        }
        self.separate(stack);
        let line = self.lines.line_of(offset);
        // A caption right after an image: the two make a figure, which keeps them
        // together.
        if name == "caption"
            && let Some((start, end, image)) = self.last_image.take()
            && end == self.out.len()
        {
            self.out.truncate(start);
            let mut open = self.open(
                Frame::Paragraph {
                    wrapped: true,
                    first_image: None,
                    title: None,
                },
                line,
            );
            let _ = write!(self.out, "#pe-figure({image})[");
            open.content = self.out.len();
            stack.push(open);
            return;
        }
        let mut open = self.open(
            Frame::Paragraph {
                wrapped: true,
                first_image: None,
                title: (name == "annex-title").then(|| {
                    let landscape = stack
                        .iter()
                        .any(|open| matches!(open.frame, Frame::Landscape));
                    let units = if landscape {
                        title::TITLE_LINE_UNITS_LANDSCAPE
                    } else {
                        title::TITLE_LINE_UNITS
                    };
                    (Some(String::new()), units)
                }),
            },
            line,
        );
        let _ = write!(self.out, "#pe-{name}[");
        open.content = self.out.len();
        stack.push(open);
    }

    /// Wraps the paragraph right before the closing words in `#pe-keep[..]`, which keeps it on
    /// their page, when it is short (up to [`KEPT_PARAGRAPH_CHARS`]): a longer one would leave
    /// too much of its page empty.
    fn keep_last_paragraph(&mut self) {
        let Some((start, end, marks)) = self.last_paragraph.take() else {
            return;
        };
        if end != self.out.len() || !self.out[start..end].ends_with("\n\n") {
            return;
        }
        let text = &self.out[start..end - 2];
        if text.chars().count() > KEPT_PARAGRAPH_CHARS {
            return;
        }
        self.apply_edits(
            vec![
                (start, start, "#pe-keep[".to_string()),
                (end - 2, end - 2, "]".to_string()),
            ],
            marks,
        );
    }

    /// Writes the markup for a footnote reference: the footnote itself at its first citation,
    /// and a reference to it at later ones.
    pub(super) fn footnote(&mut self, label: &str) {
        let key = footnote_key(label);
        let footnotes = self.footnotes;
        let Some(body) = footnotes.get(&key) else {
            return self.footnote_literal(label);
        };
        if let Some(typst_label) = self.footnote_labels.get(&key) {
            let _ = write!(self.out, "#footnote(<{typst_label}>)");
            return;
        }
        // A footnote citing itself, or footnotes nested absurdly deep, print as written.
        if self.rendering_footnotes.len() >= MAX_FOOTNOTE_NESTING
            || !self.rendering_footnotes.insert(key.clone())
        {
            return self.footnote_literal(label);
        }
        let repeated = self.references.get(&key).copied().unwrap_or(0) > 1;
        // The label sits inside its own content block so that it cannot end a heading.
        self.out.push_str(if repeated {
            "#[#footnote["
        } else {
            "#footnote["
        });
        let content = self.out.len();
        let marks = self.marks.len();
        self.render_blocks(body);
        self.rendering_footnotes.remove(&key);
        self.trim_from(content, marks);
        if repeated {
            let number = self.footnote_labels.len() + 1;
            let typst_label = format!("{}-{number}", self.label_prefix);
            let _ = write!(self.out, "]<{typst_label}>]");
            self.footnote_labels.insert(key, typst_label);
        } else {
            self.out.push(']');
        }
    }

    pub(super) fn footnote_literal(&mut self, label: &str) {
        let _ = write!(self.out, "#[{}]", escaped(&format!("[^{label}]")));
    }
}

/// Collects an event's text where it is kept apart: an image's description, a table cell's
/// text (for its column's width), a heading's or an annex title's plain text. True when the
/// event is consumed (printable text inside an image).
fn collect_text(stack: &mut [Open], images: usize, event: &Event<'_>) -> bool {
    // Inside an image, everything printable is part of its description.
    if let Some(alt) = image_alt(stack, images) {
        match event {
            Event::Text(text) | Event::Code(text) => alt.push_str(text),
            Event::HardBreak | Event::SoftBreak => alt.push(' '),
            Event::FootnoteReference(label) => {
                let _ = write!(alt, "[^{label}]");
            }
            _ => {}
        }
        if !matches!(event, Event::Start(_) | Event::End(_)) {
            return true;
        }
    }

    // A table cell collects its text, for its column's width.
    if let Event::Text(t) | Event::Code(t) = event
        && let Some(Frame::TableCell { text }) = stack
            .iter_mut()
            .rev()
            .map(|open| &mut open.frame)
            .find(|frame| matches!(frame, Frame::TableCell { .. } | Frame::Root))
    {
        text.push_str(t);
    }

    // A heading or an annex title keeps its text while it is plain text.
    if let Frame::Heading { text, .. }
    | Frame::Paragraph {
        title: Some((text, _)),
        ..
    } = &mut top(stack).frame
    {
        match event {
            Event::Text(t) => {
                if let Some(text) = text {
                    text.push_str(t);
                }
            }
            Event::End(_) => {}
            _ => *text = None,
        }
    }
    false
}
