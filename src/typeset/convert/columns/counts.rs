//! Each column's lines per cell at each width the fitter tries, counted once per table: the
//! fitter tries the same widths many times over (every stage, every column it may break, every
//! widening step), and counting a column's lines is the costly part of a trial.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::ColumnWidth;

/// The lines each cell of a column takes at one width, and the most of them (0 without cells).
pub(super) struct Counted {
    pub(super) per_cell: Vec<usize>,
    pub(super) most: usize,
}

/// The line counts of a table's columns, by column and width (its bits: a width is only ever
/// looked up as the same computed value, and the count is a function of that value).
pub(super) struct LineCounts<'c> {
    columns: &'c [ColumnWidth],
    counted: Vec<HashMap<u64, Counted, BuildHasherDefault<WidthHasher>>>,
}

/// Hashes a width's bits with one folded multiplication (the default hasher is made for keys
/// an adversary may choose; these are the fitter's own widths).
#[derive(Default)]
pub(super) struct WidthHasher(u64);

impl Hasher for WidthHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(self.0 ^ n) * 0x9E37_79B9_7F4A_7C15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl<'c> LineCounts<'c> {
    pub(super) fn new(columns: &'c [ColumnWidth]) -> Self {
        LineCounts {
            columns,
            counted: columns.iter().map(|_| HashMap::default()).collect(),
        }
    }

    /// The lines of column `column`'s cells in a column `width` em wide.
    pub(super) fn get(&mut self, column: usize, width: f64) -> &Counted {
        let cells = &self.columns[column];
        self.counted[column]
            .entry(width.to_bits())
            .or_insert_with(|| {
                let per_cell: Vec<usize> = cells.lines_at(width).collect();
                let most = per_cell.iter().copied().max().unwrap_or(0);
                Counted { per_cell, most }
            })
    }

    /// The first of a column's `steps` (see [`steps`]) at which none of its cells takes more
    /// than `most` lines, or the last step (at its printed width): where stepping from the first
    /// stops. A binary search: a cell filled greedily takes no more lines in a wider column
    /// (each line ends no earlier than it did), so the tallest cell gets no taller step by step.
    pub(super) fn step_for(&mut self, column: usize, steps: &[f64], most: usize) -> usize {
        let (mut lo, mut hi) = (0, steps.len().saturating_sub(1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(column, steps[mid]).most <= most {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }
}

/// The widths a breaking column is tried at from `from` on, a step wider each, up to the first at
/// its printed width or wider.
pub(super) fn steps(from: f64, printed: f64) -> Vec<f64> {
    let mut steps = vec![from];
    let mut width = from;
    while width < printed {
        width = (width + super::STEP_EM).min(printed);
        steps.push(width);
    }
    steps
}
