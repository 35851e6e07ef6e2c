//! The report as a Word document (.docx) laid out as a 公文 (GB/T 9704), from the same Markdown
//! event stream as the PDF: the events are prepared by the Typst converter
//! ([`crate::typeset::convert`]) and walked here (`body`) into named styles, real tables and
//! sections, so the two outputs never disagree in content. Text is always written as text: no
//! field codes or hyperlinks come from the Markdown; the only field is the footer's page number.
//! The same input gives the same bytes: the package is re-zipped in a fixed order with the
//! document's date as every entry's time (`package`).

mod body;
mod package;
mod picture;
mod styles;
mod table;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Document, Docx, FieldCharType, Footer,
    InstrPAGE, InstrText, PageMargin, PageOrientationType, PageSize, Paragraph, Run,
    SectionProperty,
};

use crate::error::{Error, Result};
use crate::typeset::DocumentInfo;
use crate::typeset::convert::prepared_events;
use body::{Block, Walker};

/// A picture ready to place: PNG bytes, its size in pixels and on the page (EMU).
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub emu: (u32, u32),
}

/// Converts the report's Markdown to a Word document. `images` are the files the Markdown's
/// images name (as written in it), SVG or PNG; an image not among them, or that cannot be
/// read, prints as its description, as a remote image does in the PDF.
pub fn markdown_to_docx(
    markdown: &str,
    info: &DocumentInfo,
    images: &[(String, Vec<u8>)],
) -> Result<Vec<u8>> {
    // Each picture rasterised on a thread of its own: most of the document's cost, and made
    // while typst compiles the PDF, whose threads leave a core idle much of the time.
    let fonts = picture::ChartFonts::default();
    let pictures: HashMap<String, Picture> = std::thread::scope(|scope| {
        let fonts = &fonts;
        let threads: Vec<_> = images
            .iter()
            .map(|(name, bytes)| {
                scope.spawn(move || Some((name.clone(), picture::prepare(name, bytes, fonts)?)))
            })
            .collect();
        threads
            .into_iter()
            .filter_map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    drop(fonts);
    let (events, footnotes) = prepared_events(markdown);
    let mut numbers = HashMap::new();
    let mut placed = 0;
    let mut walker = Walker::new(&footnotes, &pictures, &mut numbers, &mut placed);
    walker.walk(&events);
    let blocks = std::mem::take(&mut walker.blocks);

    let mut docx = Docx::new()
        .document(Document::new().default_section_property(portrait()))
        // Page numbers on the outer side: right on odd pages, left on even ones.
        .footer(page_number_footer(AlignmentType::Right))
        .even_footer(page_number_footer(AlignmentType::Left));
    let mut header_rows = Vec::new();
    // The last paragraph of a section carries its properties; a section that ends in a table
    // (or holds nothing) gets an empty paragraph for them.
    let mut last: Option<Paragraph> = None;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if let Some(previous) = last.replace(*p) {
                    docx = docx.add_paragraph(previous);
                }
            }
            Block::Table(table, rows) => {
                if let Some(previous) = last.take() {
                    docx = docx.add_paragraph(previous);
                }
                header_rows.push(rows);
                docx = docx.add_table(*table);
            }
            Block::SectionEnd { landscape } => {
                let section = if landscape {
                    landscape_section()
                } else {
                    // Sections after it without footers of their own inherit these.
                    portrait()
                        .footer(Footer::new(), "rIdFooter1")
                        .even_footer(Footer::new(), "rIdFooter2")
                };
                let p = last
                    .take()
                    .unwrap_or_else(|| Paragraph::new().style("Plain"));
                docx = docx.add_paragraph(p.section_property(section));
            }
        }
    }
    if let Some(previous) = last.take() {
        docx = docx.add_paragraph(previous);
    }
    let mut raw = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut raw)
        .map_err(|e| Error::Docx(e.to_string()))?;
    package::finish(&raw.into_inner(), info, &header_rows)
}

/// Millimetres to twips (1/1440 inch).
fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// A4 in twips.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;

/// A portrait section: A4, margins top 37 mm, bottom 35 mm, binding side 28 mm, outer side
/// 26 mm (mirrored on even pages by the settings' `mirrorMargins`), the line grid of 22 lines:
/// linePitch = ⌊12756 / 22⌋ = 579; the 28 characters a line come from the styles' character
/// spacing ([`styles::CHAR_SPACING`]).
fn portrait() -> SectionProperty {
    SectionProperty::new()
        .page_size(PageSize::new().size(A4_WIDTH, A4_HEIGHT))
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                // The top of a 14 pt footer line about 7 mm below the type area.
                .footer(mm(23.0))
                .gutter(0),
        )
        .doc_grid(DocGrid::new().grid_type(DocGridType::Lines).line_pitch(579))
}

/// A landscape section, as the PDF's `pe-landscape`: the sheet turned, margins top 28 mm,
/// bottom 26 mm, left 37 mm, right 35 mm.
fn landscape_section() -> SectionProperty {
    SectionProperty::new()
        .page_size(
            PageSize::new()
                .size(A4_HEIGHT, A4_WIDTH)
                .orient(PageOrientationType::Landscape),
        )
        .page_margin(
            PageMargin::new()
                .top(mm(28.0))
                .bottom(mm(26.0))
                .left(mm(37.0))
                .right(mm(35.0))
                .header(mm(15.0))
                .footer(mm(14.0))
                .gutter(0),
        )
        .doc_grid(DocGrid::new().grid_type(DocGridType::Lines).line_pitch(579))
}

/// The footer "— N —", N a PAGE field; its font and size come from the Footer style.
fn page_number_footer(align: AlignmentType) -> Footer {
    let field = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(align)
            .add_run(Run::new().add_text("— "))
            .add_run(field)
            .add_run(Run::new().add_text(" —")),
    )
}

/// Text without the characters XML 1.0 forbids (docx-rs would write them raw, and the file
/// would not open).
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= '\u{20}' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

/// A run of plain text: tabs as `<w:tab/>`, line ends as breaks (docx-rs would drop them),
/// forbidden characters dropped.
fn text_run(text: &str, bold: bool, italic: bool, strike: bool) -> Run {
    let clean = xml_safe(text);
    let mut run = Run::new();
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.trim_end_matches('\r').split('\t').enumerate() {
            if j > 0 {
                run = run.add_tab();
            }
            if !part.is_empty() {
                run = run.add_text(part);
            }
        }
    }
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    if strike {
        run = run.strike();
    }
    run
}
