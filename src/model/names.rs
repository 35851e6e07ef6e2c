//! Names and numbers as staff type them: full-width and half-width forms,
//! stray spaces, ids or names, and a "did you mean" when nothing matches.

use std::collections::HashMap;

/// Folds full-width ASCII forms (`１０．７`, `（`, `％`) and the ideographic
/// space to their half-width forms; other characters are kept.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => {
                char::from_u32(c as u32 - 0xFF01 + 0x21).expect("full-width ASCII folds")
            }
            '\u{3000}' | '\u{00A0}' => ' ',
            '\u{2014}' | '\u{2013}' | '\u{2212}' | '\u{FE63}' => '-',
            '\u{201C}' | '\u{201D}' | '\u{300C}' | '\u{300D}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{3008}' => '<',
            '\u{3009}' => '>',
            other => other,
        })
        .collect()
}

/// The form names are compared in: width folded, every space removed, ASCII
/// letters lower-cased. `地区生产总值（GDP）` and `地区生产总值(gdp) ` compare equal.
pub(crate) fn normalize(text: &str) -> String {
    fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FEFF}')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What a cell resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// The id of the thing.
    Id(String),
    /// Nothing matched; the closest id and name, if any is close enough.
    Unknown(Option<(String, String)>),
}

/// Things of the plan (indicators or tasks) found by id or by name: an exact
/// id first, then an id or name in [`normalize`]d form, the first in the
/// plan's order. Found by hashing, not by a pass over the plan for every row.
pub(crate) struct Names<'a> {
    items: Vec<(&'a str, &'a str)>,
    exact: HashMap<&'a str, usize>,
    normalized: HashMap<String, usize>,
}

impl<'a> Names<'a> {
    /// Indexes `(id, name)` pairs; a match is given as its position among them.
    pub(crate) fn new(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let items: Vec<(&str, &str)> = items.into_iter().collect();
        let mut exact = HashMap::with_capacity(items.len());
        let mut normalized = HashMap::with_capacity(items.len() * 2);
        for (i, &(id, name)) in items.iter().enumerate() {
            exact.entry(id).or_insert(i);
            normalized.entry(normalize(id)).or_insert(i);
            normalized.entry(normalize(name)).or_insert(i);
        }
        Names {
            items,
            exact,
            normalized,
        }
    }

    /// The position of the item `cell` names.
    pub(crate) fn position(&self, cell: &str) -> Option<usize> {
        let cell = cell.trim();
        self.exact
            .get(cell)
            .or_else(|| self.normalized.get(&normalize(cell)))
            .copied()
    }

    /// The id of the item at `position`.
    pub(crate) fn id(&self, position: usize) -> &'a str {
        self.items[position].0
    }

    /// The id `cell` names, or the closest suggestion when it names nothing.
    pub(crate) fn find(&self, cell: &str) -> Found {
        match self.position(cell) {
            Some(i) => Found::Id(self.items[i].0.to_string()),
            None => Found::Unknown(self.suggest(&normalize(cell))),
        }
    }

    /// The closest id or name to `key`, when it is close enough to be a typo.
    fn suggest(&self, key: &str) -> Option<(String, String)> {
        if key.is_empty() {
            return None;
        }
        let mut best: Option<(f64, (&str, &str))> = None;
        for &(id, name) in &self.items {
            for candidate in [id, name] {
                let score = similarity(key, &normalize(candidate));
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, (id, name)));
                }
            }
        }
        best.filter(|(score, _)| *score >= 0.5)
            .map(|(_, (id, name))| (id.to_string(), name.to_string()))
    }
}

/// How alike two normalized names are, from 0 to 1: edit distance (with
/// transpositions), or 0.8 when one contains the other.
fn similarity(a: &str, b: &str) -> f64 {
    let edit = strsim::normalized_damerau_levenshtein(a, b);
    let short = a.chars().count().min(b.chars().count());
    if short >= 2 && (a.contains(b) || b.contains(a)) {
        edit.max(0.8)
    } else {
        edit
    }
}

/// The "did you mean" tail of an unknown-name message, or nothing.
pub(crate) fn did_you_mean(found: &Found) -> String {
    match found {
        Found::Unknown(Some((id, name))) => format!("，是否应为“{id}”（{name}）？"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_forms() {
        assert_eq!(fold_width("１０．７％"), "10.7%");
        assert_eq!(fold_width("地区生产总值（GDP）"), "地区生产总值(GDP)");
        assert_eq!(
            normalize(" 地区生产总值 ( gdp )\u{3000}"),
            "地区生产总值(gdp)"
        );
    }

    #[test]
    fn finds_by_id_or_name_and_suggests() {
        let lookup = Names::new([("gdp", "地区生产总值（GDP）"), ("edu", "平均受教育年限")]);
        assert_eq!(lookup.find("gdp"), Found::Id("gdp".into()));
        assert_eq!(lookup.find("地区生产总值(GDP)"), Found::Id("gdp".into()));
        assert_eq!(lookup.find("平均受教育 年限"), Found::Id("edu".into()));
        assert_eq!(
            lookup.find("gpd"),
            Found::Unknown(Some(("gdp".into(), "地区生产总值（GDP）".into())))
        );
        assert_eq!(
            lookup.find("平均受教肓年限"),
            Found::Unknown(Some(("edu".into(), "平均受教育年限".into())))
        );
        assert_eq!(lookup.find("人口"), Found::Unknown(None));
    }
}
