//! The column fitter as it was before it counted each column's lines once per width
//! ([`super::counts`]): every trial recounts its cells. Kept for the tests, which check that
//! the fitter gives the same columns as this one on random tables.

use super::fit::Fitting;
use super::*;

/// The narrowest width from `from` on, in steps, at which no cell takes more than `most`
/// lines.
fn width_for(c: &ColumnWidth, from: f64, most: usize) -> f64 {
    let mut width = from;
    while width < c.printed && c.lines(width).any(|n| n > most) {
        width = (width + STEP_EM).min(c.printed);
    }
    width
}

/// The `columns:` argument of a table with these columns set in `area`: `None` when Typst's
/// automatic columns fit every cell on one line.
pub(super) fn column_spec(columns: &[ColumnWidth], area: TypeArea) -> Option<Vec<String>> {
    let fitting = Fitting::of(columns, area)?;
    for &(text_min, atomic) in &fitting.stages {
        let best = fitting
            .phrases
            .iter()
            .filter_map(|&broken| {
                fit(
                    columns,
                    fitting.available,
                    fitting.inset,
                    text_min,
                    atomic,
                    broken,
                )
            })
            .min_by_key(|(_, lines)| *lines);
        if let Some((spec, _)) = best {
            return Some(spec);
        }
    }
    Some(fitting.proportional(columns))
}

/// The lines of each row of the table when the breaking columns have these widths (`None` for a
/// column kept whole, on one line).
fn row_lines(columns: &[ColumnWidth], widths: &[Option<f64>]) -> Vec<usize> {
    let rows = columns.iter().map(|c| c.cell_count()).max().unwrap_or(0);
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
/// (Over 80 lines: the reference algorithm kept whole, as the property tests compare it.)
fn share(columns: &[ColumnWidth], whole: &[bool], room: f64, text_min: Least) -> Vec<Option<f64>> {
    let mins: Vec<Option<f64>> = columns
        .iter()
        .zip(whole)
        .map(|(c, whole)| (!whole).then(|| c.breakable_min(text_min)))
        .collect();
    let most_lines = columns
        .iter()
        .flat_map(|c| c.cells().map(|cell| cell.len()))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut widths = mins.clone();
    for most in 1..=most_lines {
        let capped: Vec<Option<f64>> = columns
            .iter()
            .zip(&mins)
            .map(|(c, min)| min.map(|min| width_for(c, min, most)))
            .collect();
        if capped.iter().flatten().sum::<f64>() <= room + 1e-6 {
            widths = capped;
            break;
        }
    }
    let mut spare = room - widths.iter().flatten().sum::<f64>();
    let rows = columns.iter().map(|c| c.cell_count()).max().unwrap_or(0);
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
                    .chain(others.iter().skip(c.cell_count()).copied())
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
    text_min: Least,
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
            .map(|(c, _)| c.printed + inset)
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
