//! The layout preamble: the house layout template (`layout.typ`) rendered
//! with the document's title, author and date.

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

/// Renders the Typst preamble that sets page, fonts and styles.
pub(crate) fn layout(templates: &Templates, info: &DocumentInfo) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("title", &info.title);
    ctx.insert("author", &info.author);
    ctx.insert("year", &info.date.year());
    ctx.insert("month", &info.date.month());
    ctx.insert("day", &info.date.day());
    templates.render(LAYOUT_TEMPLATE, &ctx)
}
