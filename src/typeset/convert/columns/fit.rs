//! Fitting a table's columns to the type area: the widths that keep short cells whole and
//! break long text into the fewest lines.

use super::counts::{LineCounts, steps};
use super::*;

/// The `columns:` argument of a table with these columns set in `area`: `None` when Typst's
/// automatic columns fit every cell on one line.
pub(crate) fn column_spec(columns: &[ColumnWidth], area: TypeArea) -> Option<Vec<String>> {
    let fitting = Fitting::of(columns, area)?;
    let mut counts = LineCounts::new(columns);
    for &(text_min, atomic) in &fitting.stages {
        let best = fitting
            .phrases
            .iter()
            .filter_map(|&broken| {
                fit(
                    &mut counts,
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

/// Where a table of these columns is set: on a landscape page in its 9 pt; upright in 10.5 pt
/// when its words and figures fit whole with long text no narrower than four characters,
/// otherwise in 9 pt ([`PORTRAIT_SMALL`]). The PDF and the Word file decide alike.
pub(crate) fn table_area(columns: &[ColumnWidth], landscape: bool) -> TypeArea {
    if landscape {
        return LANDSCAPE;
    }
    let Some(fitting) = Fitting::of(columns, PORTRAIT) else {
        return PORTRAIT;
    };
    let (least, atomic) = fitting.stages[0];
    let mut counts = LineCounts::new(columns);
    let whole = fit(
        &mut counts,
        columns,
        fitting.available,
        fitting.inset,
        least,
        atomic,
        None,
    );
    if whole.is_some() {
        PORTRAIT
    } else {
        PORTRAIT_SMALL
    }
}

/// What a table that does not fit on one line is tried with: the room and a cell's inset in
/// em, the stages of minimum widths, and the columns of phrases that may break.
pub(super) struct Fitting {
    pub(super) available: f64,
    pub(super) inset: f64,
    /// `(text_min, atomic)`: the least width of a breaking column (long text, the cells it keeps
    /// on one line), the widest cell whose column is kept whole.
    pub(super) stages: Vec<(Least, f64)>,
    /// No column of phrases broken (`None`), then each one that may be, in turn.
    pub(super) phrases: Vec<Option<usize>>,
}

impl Fitting {
    /// The trials for these columns in `area`, or `None` when Typst's automatic columns fit
    /// every cell on one line.
    pub(super) fn of(columns: &[ColumnWidth], area: TypeArea) -> Option<Fitting> {
        let available = area.width_pt / area.type_pt;
        let inset = 6.0 / area.type_pt;
        let natural: f64 = columns.iter().map(|c| c.natural + inset).sum();
        if natural <= available || columns.is_empty() {
            return None;
        }
        // Columns of short cells keep their natural width, the widest of them (but never one
        // of single words) giving that up first while the others cannot fit; the rest break
        // their text into lines. Single words break only when nothing else makes the table fit.
        // Words and figures are kept whole first, then a figure after its text may go to the
        // next line, and only when nothing else fits do they break like any text.
        let last = LONG_TEXT_MIN_EM[LONG_TEXT_MIN_EM.len() - 1];
        let short_whole = !area.phrases_break;
        let least = |text, keep| Least {
            text,
            keep,
            short_whole,
        };
        // (On a landscape page, where many columns share the width and its phrases may break,
        // the fewest lines matter more: only its words are kept whole, its figures break at
        // the text's breaks, never inside a number.)
        let kept: &[(f64, Keep)] = if area.phrases_break {
            &[(LONG_TEXT_MIN_EM[0], Keep::Words), (last, Keep::Words)]
        } else {
            &[
                (LONG_TEXT_MIN_EM[0], Keep::Whole),
                (LONG_TEXT_MIN_EM[0], Keep::TextThenFigure),
                (last, Keep::TextThenFigure),
            ]
        };
        let stages = kept
            .iter()
            .copied()
            .chain(LONG_TEXT_MIN_EM.iter().map(|&text| (text, Keep::Nothing)))
            .map(|(text, keep)| (least(text, keep), ATOMIC_CELL_EM))
            .chain([(least(last, Keep::Nothing), 0.0)])
            .collect();
        // Where phrases may break, also each column of varied short phrases broken in turn:
        // the table whose tallest row, and then whose rows together, take the fewest lines.
        let phrases = std::iter::once(None)
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
        Some(Fitting {
            available,
            inset,
            stages,
            phrases,
        })
    }

    /// When not even the minimum widths fit: every column in proportion to its minimum.
    pub(super) fn proportional(&self, columns: &[ColumnWidth]) -> Vec<String> {
        let least = Least {
            text: LONG_TEXT_MIN_EM[LONG_TEXT_MIN_EM.len() - 1],
            keep: Keep::Nothing,
            short_whole: false,
        };
        columns
            .iter()
            .map(|c| fr(c.breakable_min(least) + self.inset))
            .collect()
    }
}

/// The lines of each row of the table when the breaking columns have these widths (`None` for a
/// column kept whole, on one line).
pub(super) fn row_lines(
    counts: &mut LineCounts,
    columns: &[ColumnWidth],
    widths: &[Option<f64>],
) -> Vec<usize> {
    let rows = columns.iter().map(|c| c.cell_count()).max().unwrap_or(0);
    let mut tallest = vec![1; rows];
    for (i, width) in widths.iter().enumerate().take(columns.len()) {
        if let Some(width) = width {
            for (row, &n) in counts.get(i, *width).per_cell.iter().enumerate() {
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
/// (Over 80 lines: one algorithm in its steps, kept together to read against `reference.rs`.)
pub(super) fn share(
    counts: &mut LineCounts,
    columns: &[ColumnWidth],
    whole: &[bool],
    room: f64,
    text_min: Least,
) -> Vec<Option<f64>> {
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
    // The fewest lines for the tallest cell that fit, tried from one line on only where a
    // column's narrowest width for them changes, as trying every number in turn would find.
    let steps: Vec<Option<Vec<f64>>> = columns
        .iter()
        .zip(&mins)
        .map(|(c, min)| min.map(|min| steps(min, c.printed)))
        .collect();
    let mut most = 1;
    while most <= most_lines {
        let at: Vec<Option<usize>> = steps
            .iter()
            .enumerate()
            .map(|(i, steps)| steps.as_ref().map(|steps| counts.step_for(i, steps, most)))
            .collect();
        let capped: Vec<Option<f64>> = steps
            .iter()
            .zip(&at)
            .map(|(steps, at)| steps.as_ref().zip(*at).map(|(steps, at)| steps[at]))
            .collect();
        if capped.iter().flatten().sum::<f64>() <= room + 1e-6 {
            widths = capped;
            break;
        }
        // A column's width changes when its tallest cell at the step before fits.
        let next = at
            .iter()
            .enumerate()
            .filter_map(|(i, at)| match (at, &steps[i]) {
                (Some(at), Some(steps)) if *at > 0 => Some(counts.get(i, steps[at - 1]).most),
                _ => None,
            })
            .min();
        match next {
            Some(next) if next > most => most = next,
            _ => break,
        }
    }
    let mut spare = room - widths.iter().flatten().sum::<f64>();
    let rows = columns.iter().map(|c| c.cell_count()).max().unwrap_or(0);
    // Each column's lines per row at its width (1 for a whole column), kept as widths change,
    // so that trying one column wider looks up that column only.
    let column_lines = |counts: &mut LineCounts, i: usize, width: Option<f64>| -> Vec<usize> {
        let mut lines = vec![1; rows];
        if let Some(width) = width {
            for (row, &n) in counts.get(i, width).per_cell.iter().enumerate() {
                lines[row] = n;
            }
        }
        lines
    };
    let mut current: Vec<Vec<usize>> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| column_lines(counts, i, *w))
        .collect();
    // Each breaking column's trials, kept while its width and the other columns' tallest lines
    // stay as they were: the table's height at each wider width tried.
    let mut trials: Vec<Trials> = columns.iter().map(|_| Trials::default()).collect();
    let mut top = vec![Top::default(); rows];
    let mut others = vec![1; rows];
    loop {
        // Each row's tallest and second tallest cell over all columns, and the tallest's column:
        // the tallest without one column in constant time.
        top.fill(Top::default());
        for (j, lines) in current.iter().enumerate() {
            for (top, &n) in top.iter_mut().zip(lines) {
                top.add(j, n);
            }
        }
        let now: usize = top.iter().map(|top| top.first).sum();
        let mut best: Option<(f64, usize, f64)> = None;
        for (i, c) in columns.iter().enumerate() {
            let Some(width) = widths[i] else { continue };
            for (other, top) in others.iter_mut().zip(&top) {
                *other = top.without(i);
            }
            let trials = &mut trials[i];
            if trials.width.to_bits() != width.to_bits() || trials.others != others {
                trials.width = width;
                trials.others.clone_from(&others);
                trials.heights.clear();
            }
            let mut wider = width;
            let mut step = 0;
            while wider < c.printed && wider - width < spare - 1e-6 {
                wider = (wider + STEP_EM).min(c.printed).min(width + spare);
                let height = match trials.heights.get(step) {
                    Some(&(bits, height)) if bits == wider.to_bits() => height,
                    _ => {
                        let height: usize = counts
                            .get(i, wider)
                            .per_cell
                            .iter()
                            .zip(&others)
                            .map(|(&n, &other)| n.max(other))
                            .chain(others.iter().skip(c.cell_count()).copied())
                            .sum();
                        trials.heights.truncate(step);
                        trials.heights.push((wider.to_bits(), height));
                        height
                    }
                };
                step += 1;
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
        current[i] = column_lines(counts, i, widths[i]);
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

/// One row's tallest and second tallest cell, in lines, and the column of the tallest (1, 1 and
/// none without cells: a row is at least one line).
#[derive(Clone, Copy)]
struct Top {
    first: usize,
    column: usize,
    second: usize,
}

impl Default for Top {
    fn default() -> Self {
        Top {
            first: 1,
            column: usize::MAX,
            second: 1,
        }
    }
}

impl Top {
    fn add(&mut self, column: usize, lines: usize) {
        if lines > self.first {
            self.second = self.first;
            self.first = lines;
            self.column = column;
        } else if lines > self.second {
            self.second = lines;
        }
    }

    /// The tallest cell of the row in the other columns than `column`.
    fn without(&self, column: usize) -> usize {
        if self.column == column {
            self.second
        } else {
            self.first
        }
    }
}

/// The heights of the table tried for one column, at each step from its width, while the other
/// columns' tallest lines per row are `others`: (the bits of the width tried, the height).
#[derive(Default)]
struct Trials {
    width: f64,
    others: Vec<usize>,
    heights: Vec<(u64, usize)>,
}

/// The columns' widths when long text may break down to `text_min` em, columns of short cells
/// stay whole while the rest fits (but the column `broken`), and those of cells up to `atomic`
/// em always, if they fit; with the lines of the tallest row and of the whole table.
pub(super) fn fit(
    counts: &mut LineCounts,
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
            let widths = share(counts, columns, &whole, room, text_min);
            let rows = row_lines(counts, columns, &widths);
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

pub(super) fn fr(weight: f64) -> String {
    format!("{:.1}fr", (weight * 10.0).round().max(1.0) / 10.0)
}
