//! A lazily made index of a list's rows by a key (an indicator or task id), so
//! that a query finds its rows without reading every row.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// The positions of each key's rows in a list, in list order.
///
/// Made on the first query and used only while the list is still where and
/// as long as it was then (a clone starts without one); otherwise
/// [`RowIndex::positions`] gives `None` and the caller reads every row, as it
/// would without an index.
#[derive(Default)]
pub(super) struct RowIndex(OnceLock<(MadeFor, HashMap<String, Vec<usize>>)>);

/// The address and length of the list an index was made for.
type MadeFor = (usize, usize);

impl RowIndex {
    /// The positions of each key's rows in `rows`, `key` giving a row's key;
    /// `None` when `rows` is not the list the index was made for.
    pub(super) fn positions<T>(
        &self,
        rows: &[T],
        key: impl Fn(&T) -> &str,
    ) -> Option<&HashMap<String, Vec<usize>>> {
        let made_for = (rows.as_ptr() as usize, rows.len());
        let (at, index) = self.0.get_or_init(|| {
            let mut map: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, row) in rows.iter().enumerate() {
                match map.get_mut(key(row)) {
                    Some(at) => at.push(i),
                    None => {
                        map.insert(key(row).to_string(), vec![i]);
                    }
                }
            }
            (made_for, map)
        });
        (*at == made_for).then_some(index)
    }
}

impl Clone for RowIndex {
    fn clone(&self) -> Self {
        RowIndex::default()
    }
}

impl fmt::Debug for RowIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RowIndex")
    }
}
