//! Typesetting: the Markdown report converted to Typst under the house layout,
//! and printed to PDF by the `typst` CLI. It reads Markdown and templates,
//! never the evaluation.

pub mod compile;
pub mod convert;
pub mod docx;
pub mod layout;
pub mod retypeset;

use crate::error::Result;
use crate::templating::Templates;

pub use layout::{DocumentInfo, layout};

/// The complete Typst source: the layout preamble, then the converted body.
pub fn document(templates: &Templates, info: &DocumentInfo, markdown: &str) -> Result<String> {
    let mut source = layout(templates, info)?;
    source.push('\n');
    source.push_str(&convert::markdown_to_typst(markdown));
    Ok(source)
}
