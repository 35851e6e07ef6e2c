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

/// Table type: 10.5 pt (五号) upright, 9 pt (小五) on landscape pages, as the layout sets tables.
pub(crate) const TABLE_TYPE_PT: f64 = 10.5;
pub(crate) const LANDSCAPE_TYPE_PT: f64 = 9.0;
/// The type area's width in points: 156 mm upright, 225 mm on a landscape page.
pub(crate) const PORTRAIT_WIDTH_PT: f64 = 156.0 * 72.0 / 25.4;
pub(crate) const LANDSCAPE_WIDTH_PT: f64 = 225.0 * 72.0 / 25.4;
/// A cell's horizontal inset on both sides (3 pt each), in em of table type.
#[cfg(test)]
const INSET_EM: f64 = 6.0 / TABLE_TYPE_PT;
/// A cell up to this wide (in em) is a label or a number that must stay on one line.
const SHORT_CELL_EM: f64 = 8.0;
/// A cell up to this wide (in em) is one word or phrase (基本完成, 约束性, 2020年基期): its
/// column never breaks it, even when the long text around has to become narrow.
const ATOMIC_CELL_EM: f64 = 5.0;
/// How narrow a column of long text may become, in em: four characters, or three when a
/// wide table cannot fit otherwise.
const LONG_TEXT_MIN_EM: [f64; 2] = [4.0, 3.0];
/// The steps in which a breaking column's width is tried, in em.
const STEP_EM: f64 = 0.5;

/// Where a table is set: the type area's width and the table type's size, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TypeArea {
    pub(crate) width_pt: f64,
    pub(crate) type_pt: f64,
    /// Whether columns of short phrases (up to [`SHORT_CELL_EM`]) may break where that keeps the
    /// rows lower: in the many columns of a landscape table, not in an upright one.
    pub(crate) phrases_break: bool,
}

pub(crate) const PORTRAIT: TypeArea = TypeArea {
    width_pt: PORTRAIT_WIDTH_PT,
    type_pt: TABLE_TYPE_PT,
    phrases_break: false,
};
pub(crate) const LANDSCAPE: TypeArea = TypeArea {
    width_pt: LANDSCAPE_WIDTH_PT,
    type_pt: LANDSCAPE_TYPE_PT,
    phrases_break: true,
};

/// One column's cells so far, in order (the header's first): the widths of their pieces that
/// do not break (in em), their natural width (the longest cell on one line), and the longest
/// run of text without a break opportunity.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ColumnWidth {
    natural: f64,
    run: f64,
    /// The natural width as printed, Latin letters and marks at their own widths.
    printed: f64,
    cells: Vec<Vec<f64>>,
    /// The widest piece of any cell, or the longest unbreakable run if wider.
    widest_piece: f64,
    /// A hash of each cell's text, to tell repeated labels from varied text.
    texts: Vec<u64>,
}

impl ColumnWidth {
    /// Takes a cell's text into account.
    pub(crate) fn add_cell(&mut self, text: &str) {
        let text = text.trim();
        let mut natural = 0.0;
        let mut run: f64 = 0.0;
        let mut pieces: Vec<f64> = Vec::new();
        // One pass: the width in em, the longest unbreakable run (as in [`longest_run`]), and
        // the pieces between break opportunities (as in [`pieces`]).
        let mut ascii_run = 0.0;
        let mut join = false;
        let mut latin = false;
        for c in text.chars() {
            let ascii = c.is_ascii_graphic();
            let half = if ascii {
                0.5
            } else {
                c.width().unwrap_or(0) as f64 / 2.0
            };
            natural += half;
            if ascii {
                ascii_run += 0.5;
                run = run.max(ascii_run);
            } else {
                ascii_run = 0.0;
            }
            if c.is_whitespace() {
                join = false;
                latin = false;
                continue;
            }
            let w = if ascii { glyph_em(c) } else { half };
            match pieces.last_mut() {
                Some(last) if join || closes(c) || (ascii && latin) => *last += w,
                _ => pieces.push(w),
            }
            join = opens(c);
            latin = ascii;
        }
        self.natural = self.natural.max(natural);
        self.run = self.run.max(run);
        self.printed = self.printed.max(self.natural).max(pieces.iter().sum());
        self.widest_piece = pieces
            .iter()
            .fold(self.widest_piece.max(self.run), |a, &b| a.max(b));
        self.cells.push(pieces);
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(text, &mut hasher);
        self.texts.push(std::hash::Hasher::finish(&hasher));
    }

    /// Whether the column holds text that differs from row to row (规划目标), not a few labels
    /// repeated (评价, 属性): only such a column of short phrases may break.
    fn varied(&self) -> bool {
        let mut distinct: Vec<u64> = self.texts.iter().skip(1).copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        2 * distinct.len() > self.texts.len().saturating_sub(1)
    }

    /// The narrowest the column may be when its text breaks into lines.
    fn breakable_min(&self, text_min: f64) -> f64 {
        self.widest_piece.max(text_min).min(self.printed)
    }

    /// How many lines each cell takes in a column `width` em wide.
    fn lines(&self, width: f64) -> impl Iterator<Item = usize> + '_ {
        self.cells.iter().map(move |cell| lines(cell, width))
    }

    /// The narrowest width from `from` on, in steps, at which no cell takes more than `most`
    /// lines.
    fn width_for(&self, from: f64, most: usize) -> f64 {
        let mut width = from;
        while width < self.printed && self.lines(width).any(|n| n > most) {
            width = (width + STEP_EM).min(self.printed);
        }
        width
    }
}

#[cfg(test)]
/// The width of text in em: an ideograph or full-width mark is 1, a digit or Latin letter ½.
fn em(text: &str) -> f64 {
    text.trim()
        .chars()
        .map(|c| c.width().unwrap_or(0) as f64 / 2.0)
        .sum()
}

#[cfg(test)]
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

/// Marks that never begin a line (they stay with what goes before) or never end one.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '％'
            | '·'
            | '…'
            | '—'
    )
}
fn opens(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '“' | '‘')
}

#[cfg(test)]
/// The widths of a cell's pieces between break opportunities, in em: each ideograph, a run of
/// digits and Latin letters, with the marks that keep to them.
fn pieces(text: &str) -> Vec<f64> {
    let mut pieces: Vec<f64> = Vec::new();
    // Whether the next character joins the last piece.
    let mut join = false;
    let mut latin = false;
    for c in text.trim().chars() {
        let w = glyph_em(c);
        if c.is_whitespace() {
            join = false;
            latin = false;
            continue;
        }
        let ascii = c.is_ascii_graphic();
        match pieces.last_mut() {
            Some(last) if join || closes(c) || (ascii && latin) => *last += w,
            _ => pieces.push(w),
        }
        join = opens(c);
        latin = ascii;
    }
    pieces
}

/// A character's width in em as the table fonts print it, a little on the wide side: an
/// ideograph or full-width mark 1, digits and Latin letters at their widths in a proportional
/// serif.
fn glyph_em(c: char) -> f64 {
    match c {
        '0'..='9' => 0.56,
        '.' | ',' => 0.33,
        '/' => 0.35,
        ':' | ';' | '-' | '(' | ')' => 0.36,
        '%' => 0.93,
        'A'..='Z' => 0.72,
        c if c.is_ascii_graphic() => 0.5,
        c => c.width().unwrap_or(0) as f64 / 2.0,
    }
}

/// The lines a cell of these pieces takes in a column `width` em wide, filled greedily.
fn lines(pieces: &[f64], width: f64) -> usize {
    let mut lines = usize::from(!pieces.is_empty());
    let mut used = 0.0;
    for &w in pieces {
        if used > 0.0 && used + w > width + 1e-6 {
            lines += 1;
            used = 0.0;
        }
        used += w;
    }
    lines.max(1)
}

/// The `columns:` argument of a table with these columns set in `area`: `None` when Typst's
/// automatic columns fit every cell on one line.
pub(crate) fn column_spec(columns: &[ColumnWidth], area: TypeArea) -> Option<Vec<String>> {
    let available = area.width_pt / area.type_pt;
    let inset = 6.0 / area.type_pt;
    let natural: f64 = columns.iter().map(|c| c.natural + inset).sum();
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
    // Where phrases may break, also each column of varied short phrases broken in turn: the
    // table whose tallest row, and then whose rows together, take the fewest lines.
    let phrases: Vec<Option<usize>> = std::iter::once(None)
        .chain(
            columns
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    area.phrases_break
                        && c.natural > ATOMIC_CELL_EM
                        && c.natural <= SHORT_CELL_EM
                        && c.varied()
                })
                .map(|(i, _)| Some(i)),
        )
        .collect();
    for (text_min, atomic) in stages {
        let best = phrases
            .iter()
            .filter_map(|&broken| fit(columns, available, inset, text_min, atomic, broken))
            .min_by_key(|(_, lines)| *lines);
        if let Some((spec, _)) = best {
            return Some(spec);
        }
    }
    // Not even the minimum widths fit: every column in proportion to its minimum.
    let text_min = LONG_TEXT_MIN_EM[LONG_TEXT_MIN_EM.len() - 1];
    Some(
        columns
            .iter()
            .map(|c| fr(c.breakable_min(text_min) + inset))
            .collect(),
    )
}

/// The lines of each row of the table when the breaking columns have these widths (`None` for a
/// column kept whole, on one line).
fn row_lines(columns: &[ColumnWidth], widths: &[Option<f64>]) -> Vec<usize> {
    let rows = columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
    let mut tallest = vec![1; rows];
    for (c, width) in columns.iter().zip(widths) {
        if let Some(width) = width {
            for (row, n) in c.lines(*width).enumerate() {
                tallest[row] = tallest[row].max(n);
            }
        }
    }
    tallest
}

/// The widths of the breaking columns (`None` for whole ones) in `room` em: first the fewest
/// lines the tallest cell may take, then, a step at a time, the widening that saves most lines
/// of the table for its width; what is left goes to each in proportion to what it lacks of its
/// natural width.
fn share(columns: &[ColumnWidth], whole: &[bool], room: f64, text_min: f64) -> Vec<Option<f64>> {
    let mins: Vec<Option<f64>> = columns
        .iter()
        .zip(whole)
        .map(|(c, whole)| (!whole).then(|| c.breakable_min(text_min)))
        .collect();
    let most_lines = columns
        .iter()
        .flat_map(|c| c.cells.iter().map(|cell| cell.len()))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut widths = mins.clone();
    for most in 1..=most_lines {
        let capped: Vec<Option<f64>> = columns
            .iter()
            .zip(&mins)
            .map(|(c, min)| min.map(|min| c.width_for(min, most)))
            .collect();
        if capped.iter().flatten().sum::<f64>() <= room + 1e-6 {
            widths = capped;
            break;
        }
    }
    let mut spare = room - widths.iter().flatten().sum::<f64>();
    let rows = columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
    // Each column's lines per row at its width (1 for a whole column), kept as widths change,
    // so that trying one column wider recounts that column only.
    let column_lines = |c: &ColumnWidth, width: Option<f64>| -> Vec<usize> {
        let mut lines = vec![1; rows];
        if let Some(width) = width {
            for (row, n) in c.lines(width).enumerate() {
                lines[row] = n;
            }
        }
        lines
    };
    let mut current: Vec<Vec<usize>> = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| column_lines(c, *w))
        .collect();
    loop {
        let tallest = |skip: usize, row: usize| {
            current
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != skip)
                .map(|(_, lines)| lines[row])
                .max()
                .unwrap_or(1)
        };
        let now: usize = (0..rows).map(|row| tallest(usize::MAX, row)).sum();
        let mut best: Option<(f64, usize, f64)> = None;
        for (i, c) in columns.iter().enumerate() {
            let Some(width) = widths[i] else { continue };
            let others: Vec<usize> = (0..rows).map(|row| tallest(i, row)).collect();
            let mut wider = width;
            while wider < c.printed && wider - width < spare - 1e-6 {
                wider = (wider + STEP_EM).min(c.printed).min(width + spare);
                let height: usize = c
                    .lines(wider)
                    .zip(&others)
                    .map(|(n, &other)| n.max(other))
                    .chain(others.iter().skip(c.cells.len()).copied())
                    .sum();
                let saved = now.saturating_sub(height) as f64;
                let gain = saved / (wider - width);
                if saved > 0.0 && best.is_none_or(|(g, _, _)| gain > g + 1e-9) {
                    best = Some((gain, i, wider));
                }
            }
        }
        let Some((_, i, wider)) = best else { break };
        spare -= wider - widths[i].unwrap_or(0.0);
        widths[i] = Some(wider);
        current[i] = column_lines(&columns[i], widths[i]);
    }
    let lacking: Vec<f64> = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| w.map_or(0.0, |w| (c.printed - w).max(0.0)))
        .collect();
    let wanted: f64 = lacking.iter().sum();
    let breaking = widths.iter().flatten().count().max(1) as f64;
    widths
        .iter()
        .zip(&lacking)
        .map(|(w, lack)| {
            w.map(|w| {
                w + if wanted > 0.0 {
                    spare * lack / wanted
                } else {
                    spare / breaking
                }
            })
        })
        .collect()
}

/// The columns' widths when long text may break down to `text_min` em, columns of short cells
/// stay whole while the rest fits (but the column `broken`), and those of cells up to `atomic`
/// em always, if they fit; with the lines of the tallest row and of the whole table.
fn fit(
    columns: &[ColumnWidth],
    available: f64,
    inset: f64,
    text_min: f64,
    atomic: f64,
    broken: Option<usize>,
) -> Option<(Vec<String>, (usize, usize))> {
    let mut whole: Vec<bool> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| c.natural <= SHORT_CELL_EM && Some(i) != broken)
        .collect();
    loop {
        let fixed: f64 = columns
            .iter()
            .zip(&whole)
            .filter(|(_, whole)| **whole)
            .map(|(c, _)| c.natural + inset)
            .sum();
        let broken: Vec<&ColumnWidth> = columns
            .iter()
            .zip(&whole)
            .filter(|(_, whole)| !**whole)
            .map(|(c, _)| c)
            .collect();
        let broken_min: f64 = broken
            .iter()
            .map(|c| c.breakable_min(text_min) + inset)
            .sum();
        if fixed + broken_min <= available && !broken.is_empty() {
            let room = available - fixed - inset * broken.len() as f64;
            let widths = share(columns, &whole, room, text_min);
            let rows = row_lines(columns, &widths);
            let lines = (
                rows.iter().copied().max().unwrap_or(0),
                rows.iter().sum::<usize>(),
            );
            let spec = widths
                .iter()
                .map(|w| match w {
                    None => "auto".to_string(),
                    Some(w) => fr(w + inset),
                })
                .collect();
            return Some((spec, lines));
        }
        let widest = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                whole[*i] && c.natural > atomic && c.breakable_min(text_min) < c.printed
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

    #[test]
    fn one_pass_over_a_cell_measures_as_the_three_passes_did() {
        let texts = [
            "",
            " ",
            "地区生产总值（GDP）",
            "12.5%",
            "100.0/100.0",
            "GDP 增速",
            "《纲要》，",
            "“两山”实践",
            "a b",
            "\u{3000}全角空格",
            "7.3%（年均6.8%）",
            "——",
            "A-1,2",
            "第十四个",
        ];
        for text in texts {
            let mut column = ColumnWidth::default();
            column.add_cell(text);
            assert_eq!(column.natural, em(text), "{text:?}");
            assert_eq!(column.run, longest_run(text), "{text:?}");
            assert_eq!(column.cells[0], pieces(text), "{text:?}");
        }
    }

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
        assert_eq!(column_spec(&columns, PORTRAIT), None);
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
        let spec = column_spec(&columns, PORTRAIT).unwrap();
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
        let spec = column_spec(&columns, PORTRAIT).unwrap();
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
        let spec = column_spec(&columns, LANDSCAPE).unwrap();
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
        let spec = column_spec(&columns, PORTRAIT).unwrap();
        assert!(
            spec[1].ends_with("fr") && spec[2].ends_with("fr"),
            "{spec:?}"
        );
        for i in [0, 3, 4, 5, 6, 7] {
            assert_eq!(spec[i], "auto", "{spec:?}");
        }
    }
}
