//! Typesetting: the Markdown report converted to Typst under the house layout,
//! and printed to PDF by the `typst` CLI. It reads Markdown and templates,
//! never the evaluation.

pub mod compile;
pub mod convert;
pub mod docx;
pub mod layout;
pub mod retypeset;

use std::path::Path;

use crate::error::{Error, Result};
use crate::templating::Templates;

pub use layout::{DocumentInfo, layout};

/// The complete Typst source: the layout preamble, then the converted body.
pub fn document(templates: &Templates, info: &DocumentInfo, markdown: &str) -> Result<String> {
    document_parts(templates, info, markdown).map(|(source, _)| source)
}

/// The complete Typst source, as [`document`], and how many of its lines are the layout's.
pub fn document_parts(
    templates: &Templates,
    info: &DocumentInfo,
    markdown: &str,
) -> Result<(String, usize)> {
    let mut source = layout(templates, info)?;
    source.push('\n');
    let preamble = convert::line_count(&source);
    source.push_str(&convert::markdown_to_typst(markdown));
    Ok((source, preamble))
}

/// A compile that failed in the layout preamble only, told as an error of the layout template
/// `layout` (a user's `layout.typ`) at its own lines, without typst's warnings; any other
/// failure as it was.
pub fn in_layout(error: Error, preamble_lines: usize, layout: &Path) -> Error {
    let Error::TypstFailed { message } = &error else {
        return error;
    };
    let errors = compile::parse_errors(message);
    let in_preamble = |e: &compile::Diagnostic| {
        e.file == compile::SOURCE_NAME && e.line > 0 && e.line < preamble_lines
    };
    if errors.is_empty() || !errors.iter().all(in_preamble) {
        return error;
    }
    let message = errors
        .iter()
        .map(|e| format!("第 {} 行第 {} 列：{}", e.line, e.column, e.message))
        .collect::<Vec<_>>()
        .join("；");
    Error::Template {
        name: layout.display().to_string(),
        message: format!("typst 排版错误：{message}"),
    }
}
