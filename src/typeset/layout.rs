//! The layout preamble: the house layout template (`layout.typ`) rendered
//! with the document's title, author and date, completed with what the converted body
//! calls and a user's older layout does not define. It must not change a layout that does.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;

use crate::error::Result;
use crate::templating::{LAYOUT_TEMPLATE, Templates};

/// Document metadata for the Typst layout.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub date: NaiveDate,
}

/// The note row of a table (注：… after it, see `convert::writer::note`), for a layout that
/// defines neither it nor the house layout's `fonts` and `gap`: the note in the table's type,
/// across the table's width.
const PLAIN_TABLE_NOTE: &str =
    "#let pe-table-note(columns, body) = table.cell(colspan: columns, align: left, body)\n";

/// Renders the Typst preamble that sets page, fonts and styles.
pub(crate) fn layout(templates: &Templates, info: &DocumentInfo) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("title", &info.title);
    ctx.insert("author", &info.author);
    ctx.insert("year", &info.date.year());
    ctx.insert("month", &info.date.month());
    ctx.insert("day", &info.date.day());
    let mut preamble = templates.render(LAYOUT_TEMPLATE, &ctx)?;
    complete(&mut preamble);
    Ok(preamble)
}

/// Adds `pe-table-note` to a layout written before it (a workspace's copy of an older
/// `layout.typ`), which would otherwise refuse every report with a table's note: the house
/// definition when the layout has the house's `fonts` and `gap`, a plain one otherwise.
fn complete(preamble: &mut String) {
    if preamble.contains("#let pe-table-note") {
        return;
    }
    if !preamble.ends_with('\n') {
        preamble.push('\n');
    }
    match house_table_note() {
        Some(definition) if preamble.contains("#let fonts") && preamble.contains("#let gap") => {
            preamble.push_str(definition);
        }
        _ => preamble.push_str(PLAIN_TABLE_NOTE),
    }
}

/// The built-in layout's definition of `pe-table-note`: from its `#let` to the line that
/// closes it.
fn house_table_note() -> Option<&'static str> {
    let house = crate::templating::builtin(LAYOUT_TEMPLATE)?;
    let start = house.find("#let pe-table-note")?;
    let end = start + house[start..].find("\n)\n")? + 3;
    Some(&house[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_layout_gets_the_house_note_row_and_the_house_layout_is_unchanged() {
        let definition = house_table_note().unwrap();
        assert!(definition.starts_with("#let pe-table-note(columns, body) = table.cell("));
        assert!(definition.ends_with("}),\n)\n"), "{definition}");
        // The house layout defines it: nothing is added.
        let builtin = crate::templating::builtin(LAYOUT_TEMPLATE).unwrap();
        let mut house = builtin.to_string();
        complete(&mut house);
        assert_eq!(house, builtin);
        // An older copy of it (without the definition) gets the house definition.
        let mut older = builtin.replace(definition, "");
        assert!(!older.contains("pe-table-note"));
        complete(&mut older);
        assert!(older.ends_with(definition));
        // A layout of the user's own, without the house's fonts and gap: the plain one.
        let mut own = String::from("#set page(paper: \"a4\")\n#let pe-caption(body) = body");
        complete(&mut own);
        assert_eq!(
            own,
            format!("#set page(paper: \"a4\")\n#let pe-caption(body) = body\n{PLAIN_TABLE_NOTE}")
        );
    }
}
