//! Markdown tables as Word tables in the three-line style: a heavy rule above and below, a thin
//! one under the header row, which repeats on every page; no row splits across pages.

use docx_rs::{
    AlignmentType, BorderType, Paragraph, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableLayoutType, TableRow, VAlignType, WidthType,
};
use pulldown_cmark::Alignment;
use unicode_width::UnicodeWidthStr;

/// The width of the type area in twips: portrait 156 mm, landscape 225 mm.
const PORTRAIT_WIDTH: usize = 8845;
const LANDSCAPE_WIDTH: usize = 12756;
/// The narrowest and widest share a column's text may claim, in half-width characters.
const MIN_UNITS: usize = 4;
const MAX_UNITS: usize = 30;

/// One cell: its paragraph (runs in the cell's style) and its text, for its column's width.
pub(super) struct Cell {
    pub paragraph: Paragraph,
    pub text: String,
}

/// A table being read: its columns' alignments, its header row and body rows.
#[derive(Default)]
pub(super) struct TableBuilder {
    pub alignments: Vec<Alignment>,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    pub row: Vec<Cell>,
    pub in_head: bool,
    pub landscape: bool,
}

impl TableBuilder {
    pub(super) fn new(alignments: &[Alignment], landscape: bool) -> Self {
        TableBuilder {
            alignments: alignments.to_vec(),
            landscape,
            ..Default::default()
        }
    }

    /// The style of the cell that starts now.
    pub(super) fn cell_style(&self) -> &'static str {
        match (self.in_head, self.landscape) {
            (true, false) => "TableHead",
            (true, true) => "TableHeadWide",
            (false, false) => "TableText",
            (false, true) => "TableTextWide",
        }
    }

    /// The finished table and its number of header rows.
    pub(super) fn build(self) -> (Table, usize) {
        let columns = self
            .alignments
            .len()
            .max(self.header.len())
            .max(self.rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let mut units = vec![MIN_UNITS; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                units[i] = units[i].max(cell.text.width().min(MAX_UNITS));
            }
        }
        let total: usize = units.iter().sum();
        let area = if self.landscape {
            LANDSCAPE_WIDTH
        } else {
            PORTRAIT_WIDTH
        };
        let widths: Vec<usize> = units.iter().map(|u| area * u / total).collect();
        let heavy = |position| {
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(12)
        };
        let borders = TableBorders::with_empty()
            .set(heavy(TableBorderPosition::Top))
            .set(heavy(TableBorderPosition::Bottom))
            .clear(TableBorderPosition::Left)
            .clear(TableBorderPosition::Right)
            .clear(TableBorderPosition::InsideH)
            .clear(TableBorderPosition::InsideV);
        let has_header = !self.header.is_empty();
        let mut rows = Vec::with_capacity(self.rows.len() + 1);
        if has_header {
            rows.push(Self::row(&self.alignments, self.header, &widths, true));
        }
        for row in self.rows {
            rows.push(Self::row(&self.alignments, row, &widths, false));
        }
        let table = Table::new(rows)
            .set_grid(widths)
            .width(5000, WidthType::Pct)
            .layout(TableLayoutType::Fixed)
            .align(TableAlignmentType::Center)
            .set_borders(borders);
        (table, usize::from(has_header))
    }

    fn row(alignments: &[Alignment], cells: Vec<Cell>, widths: &[usize], header: bool) -> TableRow {
        let mut cells: Vec<Option<Cell>> = cells.into_iter().map(Some).collect();
        cells.resize_with(widths.len(), || None);
        let cells = cells
            .into_iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, &width))| {
                let paragraph = cell.map_or_else(Paragraph::new, |cell| cell.paragraph);
                let align = match alignments.get(i) {
                    Some(Alignment::Left) => AlignmentType::Left,
                    Some(Alignment::Right) => AlignmentType::Right,
                    _ => AlignmentType::Center,
                };
                let paragraph = if header {
                    paragraph
                } else {
                    paragraph.align(align)
                };
                let cell = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(paragraph);
                if header {
                    // with_empty(), not set_border(): that starts from four single borders.
                    cell.set_borders(
                        TableCellBorders::with_empty().set(
                            TableCellBorder::new(TableCellBorderPosition::Bottom)
                                .border_type(BorderType::Single)
                                .size(6),
                        ),
                    )
                } else {
                    cell
                }
            })
            .collect();
        // tblHeader is added when the package is finished (docx-rs has no way to say it).
        TableRow::new(cells).cant_split()
    }
}
