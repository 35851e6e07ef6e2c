//! Evening out the breaking columns after [`super::fit::share`]: its widening, one column at a
//! time, stops where no single column's widening saves a line, which can leave a column of
//! short names so narrow that they take three or four lines while a neighbour has room to give.
//! Here width moves from one breaking column to another, in steps, while the table gets lower
//! or, as low, its cells more even. It never makes the table taller.

use super::{ColumnWidth, STEP_EM};

/// The most steps of [`STEP_EM`] moved at once from one column to another.
const MOST_STEPS: usize = 8;
/// The most moves made (each lowers the cost, so the search ends anyway; this bounds its time).
const MOST_MOVES: usize = 64;

/// The least and the most width of each breaking column (`(0, 0)` for a whole one): its
/// narrowest breakable width, and its printed width (or more, if it already has more).
pub(super) fn bounds(
    columns: &[ColumnWidth],
    widths: &[Option<f64>],
    text_min: f64,
) -> Vec<(f64, f64)> {
    columns
        .iter()
        .zip(widths)
        .map(|(c, w)| {
            w.map_or((0.0, 0.0), |w| {
                (c.breakable_min(text_min), c.printed.max(w))
            })
        })
        .collect()
}

/// Moves width between the breaking columns (`Some` widths) within `bounds` while the cost of
/// the table falls. `lines(i, width)` is each cell's lines in column `i` at `width`; `rows` is
/// the number of rows.
pub(super) fn balance<F>(
    widths: &mut [Option<f64>],
    bounds: &[(f64, f64)],
    rows: usize,
    mut lines: F,
) where
    F: FnMut(usize, f64) -> Vec<usize>,
{
    let breaking: Vec<usize> = (0..widths.len()).filter(|&i| widths[i].is_some()).collect();
    if breaking.len() < 2 {
        return;
    }
    let mut current: Vec<Vec<usize>> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| w.map_or_else(Vec::new, |w| lines(i, w)))
        .collect();
    let mut cost = cost_of(&current, rows);
    for _ in 0..MOST_MOVES {
        let mut best: Option<(Cost, usize, usize, f64)> = None;
        for &i in &breaking {
            for &j in &breaking {
                let (Some(wi), Some(wj)) = (widths[i], widths[j]) else {
                    continue;
                };
                if i == j {
                    continue;
                }
                for k in 1..=MOST_STEPS {
                    let d = STEP_EM * k as f64;
                    if wj - d < bounds[j].0 - 1e-9 || wi + d > bounds[i].1 + 1e-9 {
                        break;
                    }
                    let kept_i = std::mem::replace(&mut current[i], lines(i, wi + d));
                    let kept_j = std::mem::replace(&mut current[j], lines(j, wj - d));
                    let trial = cost_of(&current, rows);
                    current[i] = kept_i;
                    current[j] = kept_j;
                    if trial < best.map_or(cost, |b| b.0) {
                        best = Some((trial, i, j, d));
                    }
                }
            }
        }
        let Some((trial, i, j, d)) = best else { break };
        let (wi, wj) = (widths[i].unwrap_or(0.0) + d, widths[j].unwrap_or(0.0) - d);
        widths[i] = Some(wi);
        widths[j] = Some(wj);
        current[i] = lines(i, wi);
        current[j] = lines(j, wj);
        cost = trial;
    }
}

/// A table's cost: first its rows' lines added up and its tallest row's again (a lower table,
/// without one very tall row), then the sum of its cells' lines squared (cells of two lines
/// rather than one of one and one of four).
type Cost = (usize, usize);

fn cost_of(current: &[Vec<usize>], rows: usize) -> Cost {
    let mut total = 0;
    let mut tallest = 1;
    for row in 0..rows {
        let height = current
            .iter()
            .filter_map(|lines| lines.get(row))
            .copied()
            .max()
            .unwrap_or(1)
            .max(1);
        total += height;
        tallest = tallest.max(height);
    }
    let squares = current.iter().flatten().map(|n| n * n).sum();
    (total + tallest, squares)
}
