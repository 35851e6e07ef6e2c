//! The directives (`<!-- pe:... -->`) in the Word document: the HTML blocks that are
//! directives, the styles of the paragraphs they wrap, and the signature's lines.

use docx_rs::{AlignmentType, BreakType, LineSpacing, Paragraph, Run};
use unicode_width::UnicodeWidthStr;

use super::{Block, Para, Walker};
use crate::typeset::convert::{Directive, parse_directive};
use crate::typeset::docx::text_run;

impl Walker<'_, '_> {
    /// An HTML block: a directive, or text printed as written.
    pub(super) fn html_block(&mut self, html: &str) {
        match parse_directive(html) {
            Some(Directive::PageBreak) => {
                let run = Run::new().add_break(BreakType::Page);
                self.push(Paragraph::new().style("Plain").add_run(run));
            }
            Some(Directive::Wrap(name)) => self.pending = Some(name),
            Some(Directive::Landscape) if !self.landscape => {
                self.blocks.push(Block::SectionEnd { landscape: false });
                self.landscape = true;
            }
            Some(Directive::EndLandscape) if self.landscape => {
                self.blocks.push(Block::SectionEnd { landscape: true });
                self.landscape = false;
            }
            // A landscape block inside one, or an end without a start, is left alone as the
            // converter leaves it.
            Some(Directive::Landscape | Directive::EndLandscape) => {}
            None => {
                for line in html.trim_end_matches(['\n', '\r']).lines() {
                    let run = text_run(line, false, false, false);
                    self.push(Paragraph::new().style("Plain").add_run(run));
                }
            }
        }
    }

    /// A directive that applies to nothing, printed as written.
    pub(super) fn literal_directive(&mut self, name: &str) {
        self.end_paragraph();
        let run = text_run(&format!("<!-- pe:{name} -->"), false, false, false);
        self.push(Paragraph::new().style("Plain").add_run(run));
    }

    /// Keeps the body paragraph right before the closing words (特此报告。) on their page, as
    /// the PDF does: Word moves its last lines along rather than start a page with them.
    pub(super) fn keep_last_paragraph(&mut self) {
        if let Some(Block::Paragraph(paragraph)) = self.blocks.last_mut()
            && paragraph
                .property
                .style
                .as_ref()
                .is_some_and(|s| s.val == "BodyText")
        {
            let taken = std::mem::replace(paragraph.as_mut(), Paragraph::new());
            **paragraph = taken.keep_next(true);
        }
    }

    /// The signature (落款) as the PDF sets it: its lines centred on one another in a block
    /// two characters in from the right margin; one paragraph a line, each indented from the
    /// right by half of what it is shorter than the longest, kept together.
    pub(super) fn push_signature(&mut self, para: Para) {
        let widths: Vec<usize> = para.lines.iter().map(|(_, text)| text.width()).collect();
        let widest = widths.iter().copied().max().unwrap_or(0);
        let mut runs = para.runs.into_iter().enumerate().peekable();
        let count = para.lines.len();
        for (i, (_, width)) in para.lines.iter().zip(&widths).enumerate() {
            let end = para
                .lines
                .get(i + 1)
                .map_or(usize::MAX, |(start, _)| *start);
            let right = SIGNATURE_RIGHT + (widest - width) as i32 * HALF_WIDTH_TWIPS / 2;
            let mut paragraph = Paragraph::new()
                .style("Signature")
                .align(AlignmentType::Right)
                .indent(None, None, Some(right), None)
                .keep_next(i + 1 < count);
            if i > 0 {
                paragraph = paragraph.line_spacing(LineSpacing::new().before(0));
            }
            while let Some((_, run)) = runs.next_if(|(index, _)| *index < end) {
                // The break that ended the line ends the paragraph instead.
                if !(i + 1 < count && runs.peek().is_none_or(|(index, _)| *index >= end)) {
                    paragraph = paragraph.add_run(run);
                }
            }
            self.push(paragraph);
        }
    }
}

/// The signature block's distance from the right margin: two characters of 16 pt.
const SIGNATURE_RIGHT: i32 = 640;
/// A half-width character's advance on the body's grid (16 pt less the grid's 0.2 pt), in twips.
const HALF_WIDTH_TWIPS: i32 = 158;

/// The style of a paragraph that a directive wraps.
pub(super) fn directive_style(name: &str) -> &'static str {
    match name {
        "addressee" => "Addressee",
        "signature" => "Signature",
        "caption" => "Caption",
        "subtitle" => "Subtitle",
        "annex" => "AnnexLabel",
        "annex-title" => "AnnexTitle",
        "attachments" => "Attachments",
        "closing" => "Closing",
        _ => "BodyText",
    }
}
