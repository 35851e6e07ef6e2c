//! Typesetting: Markdown to Typst source, and the `typst` CLI that prints the PDF.

pub mod convert;
