//! Typesetting: the Markdown report converted to Typst under the house layout,
//! and printed to PDF by the `typst` CLI. It reads Markdown and templates,
//! never the evaluation.
//!
//! Outside the crate (tests, benches) it shows [`document`] and [`DocumentInfo`], the
//! converter ([`convert::markdown_to_typst`]), the Word document
//! ([`docx::markdown_to_docx`]), typst found ([`compile::find_typst`]) and the re-typesetting
//! of an edited report ([`retypeset`]); the rest is the crate's own.

pub mod compile;
pub mod convert;
pub mod docx;
pub(crate) mod layout;
pub mod retypeset;

use std::path::Path;

use crate::error::{Error, Result};
use crate::templating::Templates;

pub use layout::DocumentInfo;
pub(crate) use layout::layout;

/// The complete Typst source: the layout preamble, then the converted body.
pub fn document(templates: &Templates, info: &DocumentInfo, markdown: &str) -> Result<String> {
    document_parts(templates, info, markdown).map(|(source, _)| source)
}

/// The complete Typst source, as [`document`], and how many of its lines are the layout's.
pub(crate) fn document_parts(
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

/// How many of a layout's typst errors are told: after an unclosed bracket typst finds an
/// error on almost every later line, and only the first is the user's to fix.
const LAYOUT_ERRORS_SHOWN: usize = 3;

/// A compile of `source` (dated `date`, its first `preamble_lines` lines the layout's) that
/// failed, told as an error of the user's layout template `layout` when the layout is to
/// blame; any other failure as it was. The layout is compiled on its own (only now, when the
/// document failed: a report that prints costs nothing more), so that a layout which breaks
/// the document after it (an unclosed bracket swallowing the body) is named at its own line
/// and column, not as dozens of errors in the generated `report.typ`.
pub(crate) fn in_layout(
    error: Error,
    source: &str,
    preamble_lines: usize,
    layout: &Path,
    date: chrono::NaiveDate,
) -> Error {
    let Error::TypstFailed { message } = &error else {
        return error;
    };
    let in_preamble = |e: &compile::Diagnostic| {
        e.file == compile::SOURCE_NAME && e.line > 0 && e.line < preamble_lines
    };
    let errors = compile::parse_errors(message);
    let errors = if !errors.is_empty() && errors.iter().all(in_preamble) {
        errors
    } else {
        let preamble: String = source
            .split_inclusive('\n')
            .take(preamble_lines.saturating_sub(1))
            .collect();
        match compile::print(&preamble, &[], date) {
            Err(Error::TypstFailed { message }) => compile::parse_errors(&message)
                .into_iter()
                .filter(in_preamble)
                .collect(),
            _ => Vec::new(),
        }
    };
    if errors.is_empty() {
        return error;
    }
    let mut message = errors
        .iter()
        .take(LAYOUT_ERRORS_SHOWN)
        .map(|e| format!("第 {} 行第 {} 列：{}", e.line, e.column + 1, e.message))
        .collect::<Vec<_>>()
        .join("；");
    if errors.len() > LAYOUT_ERRORS_SHOWN {
        message.push_str(&format!(
            "；……共 {} 处，其后各处多由第一处引起（如括号未闭合），请先改正第一处",
            errors.len()
        ));
    }
    Error::Template {
        name: layout.display().to_string(),
        message: format!("typst 排版错误：{message}"),
    }
}
