//! Column widths for a table, from its cells' text, so that short cells (评价, 完成预判,
//! 2020年基期, 序号, numbers) never break inside a word and the long text columns share the rest.
//!
//! Like a browser's automatic table layout: each column has a natural width (its longest cell on
//! one line) and a minimum width (its longest unbreakable piece: a short cell as a whole, a run
//! of digits or Latin letters, or a few characters of long text). When the natural widths fit
//! the type area, Typst's `auto` columns are right as they are. Otherwise the columns whose cells
//! are all short keep their natural width (`auto`), and the others share the remaining width in
//! proportion to what they lack (`fr`).
//!
//! A breaking column is never narrower than the cells it keeps whole: a word (未达到预期), a
//! figure with its unit or note (5.3%（年均6.8%）, 年均增长10.7%), and in an upright table every
//! cell of a column of short cells (评价); only when that cannot fit do figures break before
//! their number, then like any text. An upright table whose words and figures do not fit whole
//! in 五号 is set in 小五 ([`table_area`]); the Word file takes the same type and widths.
//! It measures text only: it writes no markup and knows nothing of pages.

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
/// A cell with a figure up to this wide (in whole and half em) is a figure with its unit or its
/// note (5.3%（年均6.8%）, 81.8万吨标准煤, 年均增长10.7%): its column never breaks it while the
/// table can fit otherwise.
const FIGURE_CELL_EM: f64 = 10.0;
/// How narrow a column of long text may become, in em: four characters, or three when a
/// wide table cannot fit otherwise.
const LONG_TEXT_MIN_EM: [f64; 2] = [4.0, 3.0];
/// The steps in which a breaking column's width is tried, in em.
const STEP_EM: f64 = 0.5;

/// What a breaking column keeps on one line, from the strictest to none: every word and figure
/// cell whole; a figure cell that begins with text (年均增长大于5.5%) broken only before its
/// figure; nothing but the pieces between break opportunities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Keep {
    Whole,
    TextThenFigure,
    /// Only the cells of a word (up to [`ATOMIC_CELL_EM`]: 达到10.7年, 基本完成).
    Words,
    Nothing,
}

/// The least width of a breaking column in a trial: `text` em for long text, and the cells it
/// keeps on one line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Least {
    pub(crate) text: f64,
    pub(crate) keep: Keep,
    /// Whether every column of short cells is kept whole, or only those of repeated labels
    /// (评价, 属性): where phrases may break ([`TypeArea::phrases_break`]).
    pub(crate) short_whole: bool,
}

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
/// An upright table too crowded for 五号: its words and figures do not fit whole at 10.5 pt,
/// so it is set in 小五 as the landscape tables are.
pub(crate) const PORTRAIT_SMALL: TypeArea = TypeArea {
    width_pt: PORTRAIT_WIDTH_PT,
    type_pt: LANDSCAPE_TYPE_PT,
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
    /// The widths of every cell's pieces, cell after cell (one vector for the column, not one
    /// per cell), and where each cell's pieces end.
    pieces: Vec<f64>,
    ends: Vec<usize>,
    /// Each cell's pieces added up, in their order: a cell no wider than its column takes one
    /// line (see [`ColumnWidth::lines_at`]).
    totals: Vec<f64>,
    /// The widest piece of any cell, or the longest unbreakable run if wider.
    widest_piece: f64,
    /// A hash of each cell's text, to tell repeated labels from varied text.
    texts: Vec<u64>,
    /// The widest cell kept on one line ([`Keep::Whole`]) and the widest part kept when a
    /// figure cell that begins with text may break before its figure ([`Keep::TextThenFigure`]).
    /// Then the widest cell of a word ([`Keep::Words`]).
    kept: [f64; 3],
}

impl ColumnWidth {
    /// Takes a cell's text into account.
    pub(crate) fn add_cell(&mut self, text: &str) {
        let text = text.trim();
        let mut natural = 0.0;
        let mut run: f64 = 0.0;
        let start = self.pieces.len();
        // One pass: the width in em, the longest unbreakable run (as in [`longest_run`]), and
        // the pieces between break opportunities (as in [`pieces`]).
        let mut ascii_run = 0.0;
        let mut join = false;
        let mut latin = false;
        // The pieces before the first digit, once one is seen.
        let mut before_digit: Option<usize> = None;
        for c in text.chars() {
            if is_ideograph(c) {
                // What the general case below makes of an ideograph: one em, wide, a piece of
                // its own unless it follows an opening mark.
                natural += 1.0;
                ascii_run = 0.0;
                let joins = join && self.pieces.len() > start;
                match self.pieces.last_mut() {
                    Some(last) if joins => *last += 1.0,
                    _ => self.pieces.push(1.0),
                }
                join = false;
                latin = false;
                continue;
            }
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
            let joins = self.pieces.len() > start && (join || closes(c) || (ascii && latin));
            if c.is_ascii_digit() && before_digit.is_none() {
                before_digit = Some(self.pieces.len() - start - usize::from(joins));
            }
            match self.pieces.last_mut() {
                Some(last) if joins => *last += w,
                _ => self.pieces.push(w),
            }
            join = opens(c);
            latin = ascii;
        }
        self.natural = self.natural.max(natural);
        self.run = self.run.max(run);
        let pieces = &self.pieces[start..];
        let total: f64 = pieces.iter().sum();
        let prefix = before_digit.map(|n| pieces[..n].iter().sum::<f64>());
        self.widest_piece = pieces
            .iter()
            .fold(self.widest_piece.max(self.run), |a, &b| a.max(b));
        self.totals.push(total);
        self.keep_cell(natural, total, prefix);
        self.printed = self.printed.max(self.natural).max(total);
        self.ends.push(self.pieces.len());
        self.texts.push(text_hash(text));
    }

    /// Takes a cell `total` em wide into what the column keeps on one line: a word, or a figure
    /// (`prefix`: the width of the text before its first digit, `None` without a digit).
    /// (A cell is a word or a figure by its width in whole and half em, `natural`, as the
    /// column's short cells are; it is kept at its width as printed, `total`.)
    fn keep_cell(&mut self, natural: f64, total: f64, prefix: Option<f64>) {
        if natural <= ATOMIC_CELL_EM {
            self.kept[2] = self.kept[2].max(total);
        }
        let (whole, part) = match prefix {
            _ if natural <= ATOMIC_CELL_EM => (total, total),
            Some(prefix) if natural <= FIGURE_CELL_EM => {
                if prefix > 0.0 {
                    (total, prefix.max(total - prefix))
                } else {
                    (total, total)
                }
            }
            _ => (0.0, 0.0),
        };
        self.kept[0] = self.kept[0].max(whole);
        self.kept[1] = self.kept[1].max(part);
    }

    /// Forgets the cells, keeping the buffers: the column is as new.
    pub(crate) fn clear(&mut self) {
        let ColumnWidth {
            natural,
            run,
            printed,
            pieces,
            ends,
            totals,
            widest_piece,
            texts,
            kept,
        } = self;
        (*natural, *run, *printed, *widest_piece) = (0.0, 0.0, 0.0, 0.0);
        *kept = [0.0; 3];
        pieces.clear();
        ends.clear();
        totals.clear();
        texts.clear();
    }

    /// Whether the column holds text that differs from row to row (规划目标), not a few labels
    /// repeated (评价, 属性): only such a column of short phrases may break.
    fn varied(&self) -> bool {
        let mut distinct: Vec<u64> = self.texts.iter().skip(1).copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        2 * distinct.len() > self.texts.len().saturating_sub(1)
    }

    /// The narrowest the column may be when its text breaks into lines: no narrower than its
    /// widest piece, `least.text` and the cells it keeps on one line, nor wider than its text.
    fn breakable_min(&self, least: Least) -> f64 {
        let kept = match least.keep {
            Keep::Nothing => 0.0,
            // A column of short cells only (评价: 明显滞后于预期) keeps them all whole; where
            // phrases may break, only one of labels repeated.
            _ if self.natural <= SHORT_CELL_EM && (least.short_whole || !self.varied()) => {
                self.printed
            }
            Keep::Whole => self.kept[0],
            Keep::TextThenFigure => self.kept[1],
            Keep::Words => self.kept[2],
        };
        self.widest_piece
            .max(least.text)
            .max(kept)
            .min(self.printed)
    }

    /// How many cells the column has.
    fn cell_count(&self) -> usize {
        self.ends.len()
    }

    /// The widths of each cell's pieces, in the order of the rows.
    fn cells(&self) -> impl Iterator<Item = &[f64]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.pieces[start..end])
    }

    /// How many lines each cell takes in a column `width` em wide, as [`lines`] counts them: a
    /// cell whose pieces add up to no more than the width takes one line without counting (the
    /// running sum [`lines`] compares with the width never exceeds the whole sum, which is the
    /// same sum of the same numbers in the same order).
    fn lines_at(&self, width: f64) -> impl Iterator<Item = usize> + '_ {
        self.cells().zip(&self.totals).map(move |(cell, &total)| {
            if total <= width + 1e-6 {
                1
            } else {
                lines(cell, width)
            }
        })
    }

    /// How many lines each cell takes in a column `width` em wide.
    #[cfg(test)]
    fn lines(&self, width: f64) -> impl Iterator<Item = usize> + '_ {
        self.cells().map(move |cell| lines(cell, width))
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

/// A CJK unified ideograph of the basic block, the bulk of a Chinese table's text: two columns
/// wide (as `unicode-width` has it), neither a mark nor a space.
fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A hash of a cell's text, to tell texts apart (eight bytes at a time: a cell's text is
/// hashed once, the default hasher's protection against chosen keys is not needed).
fn text_hash(text: &str) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(K);
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = mix(0, bytes.len() as u64);
    for chunk in &mut chunks {
        hash = mix(
            hash,
            u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
        );
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(hash, u64::from_le_bytes(last))
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

mod counts;
mod fit;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
mod widths;

pub(crate) use fit::{column_spec, table_area};
#[cfg(test)]
pub(crate) use widths::column_widths_pt;
pub(crate) use widths::table_layout;
