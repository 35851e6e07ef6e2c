//! Column widths for a table, from its cells' text, so that short cells (评价, 完成预判,
//! 2020年基期, 序号, numbers) never break inside a word and the long text columns share the rest.
//!
//! Like a browser's automatic table layout: each column has a natural width (its longest cell on
//! one line) and a minimum width (its longest unbreakable piece: a short cell as a whole, a run
//! of digits or Latin letters, or a few characters of long text). When the natural widths fit
//! the type area, Typst's `auto` columns are right as they are. Otherwise the columns whose cells
//! are all short keep their natural width (`auto`), and the others share the remaining width in
//! proportion to what they lack (`fr`).

use unicode_width::UnicodeWidthChar;

/// Table type: 10.5 pt (五号), as the layout sets tables.
pub(crate) const TABLE_TYPE_PT: f64 = 10.5;
/// The type area's width in points: 156 mm upright, 225 mm on a landscape page.
pub(crate) const PORTRAIT_WIDTH_PT: f64 = 156.0 * 72.0 / 25.4;
pub(crate) const LANDSCAPE_WIDTH_PT: f64 = 225.0 * 72.0 / 25.4;
/// A cell's horizontal inset on both sides (3 pt each), in em of table type.
const INSET_EM: f64 = 6.0 / TABLE_TYPE_PT;
/// A cell up to this wide (in em) is a label or a number that must stay on one line.
const SHORT_CELL_EM: f64 = 8.0;
/// A cell up to this wide (in em) is one word or phrase (基本完成, 约束性, 2020年基期): its
/// column never breaks it, even when the long text around has to become narrow.
const ATOMIC_CELL_EM: f64 = 5.0;
/// How narrow a column of long text may become, in em: four characters, or three when a
/// wide table cannot fit otherwise.
const LONG_TEXT_MIN_EM: [f64; 2] = [4.0, 3.0];

/// The natural width of one column's cells so far (its longest cell), and its longest run of
/// text without a break opportunity, in em.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ColumnWidth {
    natural: f64,
    run: f64,
}

impl ColumnWidth {
    /// Takes a cell's text into account.
    pub(crate) fn add_cell(&mut self, text: &str) {
        self.natural = self.natural.max(em(text));
        self.run = self.run.max(longest_run(text));
    }

    /// The narrowest the column may be when its text breaks into lines.
    fn breakable_min(&self, text_min: f64) -> f64 {
        self.run.max(text_min).min(self.natural)
    }
}

/// The width of text in em: an ideograph or full-width mark is 1, a digit or Latin letter ½.
fn em(text: &str) -> f64 {
    text.trim()
        .chars()
        .map(|c| c.width().unwrap_or(0) as f64 / 2.0)
        .sum()
}

/// The widest run of text without a break opportunity: digits, Latin letters and the marks
/// between them (12.5%, 100.0/100.0, GDP).
fn longest_run(text: &str) -> f64 {
    let mut best: f64 = 0.0;
    let mut run = 0.0;
    for c in text.chars() {
        if c.is_ascii_graphic() {
            run += 0.5;
            best = best.max(run);
        } else {
            run = 0.0;
        }
    }
    best
}

/// The `columns:` argument of a table with these columns on a type area `width_pt` wide:
/// `None` when Typst's automatic columns fit every cell on one line.
pub(crate) fn column_spec(columns: &[ColumnWidth], width_pt: f64) -> Option<Vec<String>> {
    let available = width_pt / TABLE_TYPE_PT;
    let natural: f64 = columns.iter().map(|c| c.natural + INSET_EM).sum();
    if natural <= available || columns.is_empty() {
        return None;
    }
    // Columns of short cells keep their natural width, the widest of them (but never one of
    // single words) giving that up first while the others cannot fit; the rest break their text
    // into lines.
    // Single words break only when nothing else makes the table fit.
    let stages = LONG_TEXT_MIN_EM
        .iter()
        .map(|&text_min| (text_min, ATOMIC_CELL_EM))
        .chain([(LONG_TEXT_MIN_EM[LONG_TEXT_MIN_EM.len() - 1], 0.0)]);
    for (text_min, atomic) in stages {
        if let Some(spec) = fit(columns, available, text_min, atomic) {
            return Some(spec);
        }
    }
    // Not even the minimum widths fit: every column in proportion to its minimum.
    let text_min = LONG_TEXT_MIN_EM[LONG_TEXT_MIN_EM.len() - 1];
    Some(
        columns
            .iter()
            .map(|c| fr(c.breakable_min(text_min) + INSET_EM))
            .collect(),
    )
}

/// The columns' widths when long text may break down to `text_min` em and columns of cells up to
/// `atomic` em wide stay whole, if they fit.
fn fit(columns: &[ColumnWidth], available: f64, text_min: f64, atomic: f64) -> Option<Vec<String>> {
    let mut whole: Vec<bool> = columns.iter().map(|c| c.natural <= SHORT_CELL_EM).collect();
    loop {
        let fixed: f64 = columns
            .iter()
            .zip(&whole)
            .filter(|(_, whole)| **whole)
            .map(|(c, _)| c.natural + INSET_EM)
            .sum();
        let broken: Vec<&ColumnWidth> = columns
            .iter()
            .zip(&whole)
            .filter(|(_, whole)| !**whole)
            .map(|(c, _)| c)
            .collect();
        let broken_min: f64 = broken
            .iter()
            .map(|c| c.breakable_min(text_min) + INSET_EM)
            .sum();
        if fixed + broken_min <= available && !broken.is_empty() {
            // Each breaking column gets its minimum and a share of what is left in proportion
            // to how much wider it would be on one line.
            let spare = available - fixed - broken_min;
            let wanted: f64 = broken
                .iter()
                .map(|c| c.natural - c.breakable_min(text_min))
                .sum();
            let spec = columns
                .iter()
                .zip(&whole)
                .map(|(c, whole)| {
                    if *whole {
                        "auto".to_string()
                    } else {
                        let share = if wanted > 0.0 {
                            spare * (c.natural - c.breakable_min(text_min)) / wanted
                        } else {
                            0.0
                        };
                        fr(c.breakable_min(text_min) + INSET_EM + share)
                    }
                })
                .collect();
            return Some(spec);
        }
        let widest = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                whole[*i] && c.natural > atomic && c.breakable_min(text_min) < c.natural
            })
            .max_by(|(_, a), (_, b)| a.natural.total_cmp(&b.natural))
            .map(|(i, _)| i);
        whole[widest?] = false;
    }
}

fn fr(weight: f64) -> String {
    format!("{:.1}fr", (weight * 10.0).round().max(1.0) / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(cells: &[&str]) -> ColumnWidth {
        let mut c = ColumnWidth::default();
        for cell in cells {
            c.add_cell(cell);
        }
        c
    }

    #[test]
    fn widths_count_ideographs_as_one_em_and_digits_as_half() {
        assert_eq!(em("2020年基期"), 5.0);
        assert_eq!(longest_run("完成100.0/100.0"), 5.5);
        let c = column(&["评价", "滞后于序时进度"]);
        assert_eq!(
            (c.natural, c.breakable_min(LONG_TEXT_MIN_EM[0])),
            (7.0, LONG_TEXT_MIN_EM[0])
        );
        let c = column(&[
            "指标",
            "城镇居民人均可支配收入年均增长7%",
            "GDP",
            "100.0/100.0",
        ]);
        assert_eq!(
            (c.natural, c.breakable_min(LONG_TEXT_MIN_EM[0])),
            (16.0, 5.5)
        );
    }

    #[test]
    fn a_table_that_fits_keeps_automatic_columns() {
        let columns = [column(&["序号", "1"]), column(&["指标", "地区生产总值"])];
        assert_eq!(column_spec(&columns, PORTRAIT_WIDTH_PT), None);
    }

    #[test]
    fn short_columns_stay_whole_and_long_ones_share_the_rest() {
        let long = "主要污染物（化学需氧量、氨氮、二氧化硫、氮氧化物）排放总量减少完成省下达指标";
        let columns = [
            column(&["序号", "12"]),
            column(&["指标", "单位地区生产总值能源消耗降低"]),
            column(&["2020年基期", "100.0"]),
            column(&["规划目标", long]),
            column(&["评价", "滞后于序时进度"]),
        ];
        let spec = column_spec(&columns, PORTRAIT_WIDTH_PT).unwrap();
        assert_eq!(spec[0], "auto");
        assert_eq!(spec[2], "auto");
        assert_eq!(spec[4], "auto");
        let weight = |s: &str| s.trim_end_matches("fr").parse::<f64>().unwrap();
        let (indicator, target) = (weight(&spec[1]), weight(&spec[3]));
        // The long target text gets the wider column, and both together take what the short
        // columns leave.
        assert!(target > indicator, "{spec:?}");
        let short = 2.0 + 5.0 + 7.0 + 3.0 * INSET_EM;
        let available = PORTRAIT_WIDTH_PT / TABLE_TYPE_PT;
        assert!(
            (indicator + target - (available - short)).abs() < 0.2,
            "{spec:?}"
        );
    }

    #[test]
    fn columns_that_cannot_fit_share_by_their_minimum() {
        let columns: Vec<ColumnWidth> = (0..20).map(|_| column(&["完成程度评价"])).collect();
        let spec = column_spec(&columns, PORTRAIT_WIDTH_PT).unwrap();
        assert!(spec.iter().all(|s| s == "3.6fr"), "{spec:?}");
    }

    #[test]
    fn single_words_never_break_even_in_a_crowded_table() {
        let mut columns = vec![
            column(&["序号", "20"]),
            column(&["指标", "劳动年龄人口平均受教育年限"]),
            column(&["属性", "约束性"]),
            column(&["单位", "%"]),
            column(&["2020年基期", "10.30"]),
            column(&["规划目标", "劳动年龄人口平均受教育年限达到10.7年"]),
        ];
        for year in 2021..=2025 {
            columns.push(column(&[&format!("{year}年"), "100.0/100.0"]));
        }
        columns.push(column(&["评价", "基本完成"]));
        columns.push(column(&["牵头单位", "十堰市生态环境局丹江口分局"]));
        let spec = column_spec(&columns, LANDSCAPE_WIDTH_PT).unwrap();
        for (i, s) in spec.iter().enumerate() {
            if ![1, 5, 12].contains(&i) {
                assert_eq!(s, "auto", "column {i}: {spec:?}");
            }
        }
    }

    #[test]
    fn the_widest_short_column_breaks_first_when_all_cannot_fit() {
        let columns = [
            column(&["序号", "12"]),
            column(&["指标", "单位地区生产总值能源消耗降低率"]),
            column(&["滞后于序时进度"]),
            column(&["2020年基期"]),
            column(&["2021年", "100.0/100.0"]),
            column(&["2022年", "100.0/100.0"]),
            column(&["2023年", "100.0/100.0"]),
            column(&["2024年", "100.0/100.0"]),
        ];
        let spec = column_spec(&columns, PORTRAIT_WIDTH_PT).unwrap();
        assert!(
            spec[1].ends_with("fr") && spec[2].ends_with("fr"),
            "{spec:?}"
        );
        for i in [0, 3, 4, 5, 6, 7] {
            assert_eq!(spec[i], "auto", "{spec:?}");
        }
    }
}
