//! Whether a reading's note names another indicator than its row's: the
//! row may be the wrong one. Finds names; decides nothing.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::model::names::normalize;
use crate::plan::{Indicator, Plan};

/// The plan's indicator names of four or more characters, in the form notes
/// are compared in, made when the first note is read: by name, the positions
/// of the indicators that bear it, and every length (in bytes) they come in,
/// so that a note is searched for all of them at once.
#[derive(Default)]
pub(super) struct NoteIndex {
    by_name: HashMap<String, Vec<usize>>,
    lengths: Vec<usize>,
}

pub(super) type NoteNames = OnceCell<NoteIndex>;

impl NoteIndex {
    fn new(plan: &Plan) -> Self {
        let mut index = NoteIndex::default();
        for (i, ind) in plan.indicators.iter().enumerate() {
            let name = normalize(&ind.name);
            if name.chars().count() >= 4 {
                index.lengths.push(name.len());
                index.by_name.entry(name).or_default().push(i);
            }
        }
        index.lengths.sort_unstable();
        index.lengths.dedup();
        index
    }
}

/// Another indicator whose name the note of `own`'s row mentions, when the
/// note does not mention `own` itself: the row may be the wrong one. Of
/// several, the first in the plan.
pub(super) fn foreign_note<'p>(
    plan: &'p Plan,
    names: &NoteNames,
    own: &Indicator,
    note: &str,
) -> Option<&'p Indicator> {
    let note = normalize(note);
    let own_name = normalize(&own.name);
    if note.is_empty() || note.contains(&own_name) {
        return None;
    }
    let index = names.get_or_init(|| NoteIndex::new(plan));
    let mut first: Option<usize> = None;
    // Every piece of the note as long as some name, from every character on.
    for (start, _) in note.char_indices() {
        for &len in &index.lengths {
            let Some(piece) = note.get(start..start + len) else {
                if start + len > note.len() {
                    break;
                }
                continue;
            };
            let Some(at) = index.by_name.get(piece) else {
                continue;
            };
            if own_name.contains(piece) {
                continue;
            }
            if let Some(&i) = at
                .iter()
                .find(|&&i| plan.indicators[i].id != own.id)
                .filter(|&&i| first.is_none_or(|f| i < f))
            {
                first = Some(i);
            }
        }
    }
    first.map(|i| &plan.indicators[i])
}
