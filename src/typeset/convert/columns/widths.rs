//! The fitted columns as lengths, for a renderer that needs each column's width rather than
//! Typst's `auto` and `fr` (the Word document's table grid): the same widths the PDF's table
//! gets from the same cells.

use super::{ColumnWidth, TypeArea, column_spec, table_area};

/// Each column's width in points, cell insets included, for a table of these rows (the header
/// first; a short row counts as padded with empty cells) on an upright or a landscape page.
/// Columns that fit on one line keep their natural width; otherwise the columns Typst is given
/// as `auto` keep theirs and the `fr` columns share the rest of the type area.
#[cfg(test)]
pub(crate) fn column_widths_pt(rows: &[Vec<&str>], landscape: bool) -> Vec<f64> {
    table_layout(rows, landscape).1
}

/// The table type's size in points (10.5, or 9 for a landscape or crowded table, see
/// [`table_area`]) and each column's width in points, as [`column_widths_pt`].
pub(crate) fn table_layout(rows: &[Vec<&str>], landscape: bool) -> (f64, Vec<f64>) {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut columns = vec![ColumnWidth::default(); count];
    for row in rows {
        for (i, column) in columns.iter_mut().enumerate() {
            column.add_cell(row.get(i).copied().unwrap_or(""));
        }
    }
    let area = table_area(&columns, landscape);
    (area.type_pt, widths_in(&columns, area))
}

/// The columns' widths in points in `area`.
fn widths_in(columns: &[ColumnWidth], area: TypeArea) -> Vec<f64> {
    let inset_pt = 6.0;
    // As printed (digits, capitals and % at their widths), so that Word never wraps them.
    let natural = |c: &ColumnWidth| c.printed * area.type_pt + inset_pt;
    let Some(spec) = column_spec(columns, area) else {
        return columns.iter().map(natural).collect();
    };
    let fraction = |s: &str| s.strip_suffix("fr").and_then(|f| f.parse::<f64>().ok());
    let fixed: f64 = columns
        .iter()
        .zip(&spec)
        .filter(|(_, s)| fraction(s).is_none())
        .map(|(c, _)| natural(c))
        .sum();
    let fractions: f64 = spec.iter().filter_map(|s| fraction(s)).sum();
    let room = (area.width_pt - fixed).max(0.0);
    columns
        .iter()
        .zip(&spec)
        .map(|(c, s)| match fraction(s) {
            Some(f) if fractions > 0.0 => room * f / fractions,
            _ => natural(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{LANDSCAPE, PORTRAIT};
    use super::*;

    #[test]
    fn short_columns_keep_their_natural_width_and_long_text_takes_the_rest() {
        let long = "完成库区入河排污口排查整治，整治销号126个；浪河、官山河等入库支流水质稳定达到Ⅱ类，禁捕水域未发现规模性非法捕捞。";
        let rows = vec![vec!["序号", "任务", "完成情况"], vec!["1", "生态", long]];
        let widths = column_widths_pt(&rows, false);
        assert_eq!(widths.len(), 3);
        // 序号: two characters of 10.5 pt and the insets.
        assert!((widths[0] - (2.0 * 10.5 + 6.0)).abs() < 0.01, "{widths:?}");
        let total: f64 = widths.iter().sum();
        assert!((total - PORTRAIT.width_pt).abs() < 0.01, "{total}");
    }

    #[test]
    fn a_table_that_fits_keeps_every_natural_width() {
        let rows = vec![vec!["指标", "2024年"], vec!["人均GDP", "10.5"]];
        let widths = column_widths_pt(&rows, true);
        // 人均GDP as printed: two CJK characters and three capitals of 0.72 em, 9 pt type.
        assert!((widths[0] - (4.16 * 9.0 + 6.0)).abs() < 0.01, "{widths:?}");
        assert!(widths.iter().sum::<f64>() < LANDSCAPE.width_pt);
    }
}
