//! Markdown tables as Word tables in the three-line style: a heavy rule above and below, a thin
//! one under the header row, which repeats on every page; no row splits across pages.

use docx_rs::{
    AlignmentType, BorderType, Paragraph, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};
use pulldown_cmark::Alignment;

use crate::typeset::convert::table_layout;

/// A cell's inset on either side, as the PDF's tables: 3 pt (Word's default is 5.4 pt).
const CELL_INSET: usize = 60;

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
        // The PDF's column widths, fitted to the same cells' text (in points, insets included).
        let texts: Vec<Vec<&str>> = std::iter::once(&self.header)
            .chain(&self.rows)
            .map(|row| row.iter().map(|cell| cell.text.as_str()).collect())
            .collect();
        let (type_pt, widths) = table_layout(&texts, self.landscape);
        // A crowded upright table is set in the wide tables' 小五, as in the PDF.
        let small = !self.landscape && type_pt < 10.0;
        let widths: Vec<usize> = widths
            .iter()
            .map(|pt| (pt * 20.0).round() as usize)
            .collect();
        let table_width: usize = widths.iter().sum();
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
        let restyle = |cells: Vec<Cell>, style: &str| -> Vec<Cell> {
            if !small {
                return cells;
            }
            cells
                .into_iter()
                .map(|cell| Cell {
                    paragraph: cell.paragraph.style(style),
                    text: cell.text,
                })
                .collect()
        };
        if has_header {
            let header = restyle(self.header, "TableHeadWide");
            rows.push(Self::row(&self.alignments, header, &widths, true));
        }
        for row in self.rows {
            let row = restyle(row, "TableTextWide");
            rows.push(Self::row(&self.alignments, row, &widths, false));
        }
        let table = Table::new(rows)
            .set_grid(widths)
            .width(table_width, WidthType::Dxa)
            .margins(
                TableCellMargins::new()
                    .margin_left(CELL_INSET, WidthType::Dxa)
                    .margin_right(CELL_INSET, WidthType::Dxa),
            )
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
