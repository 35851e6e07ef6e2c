//! Text from the data files written so that it prints literally: in the
//! Markdown report (`markdown`) and in Typst markup and strings (`typst`).
//! A leaf: it uses nothing else of the crate.

pub(crate) mod markdown;
pub(crate) mod typst;

pub(crate) use markdown::escape_markdown;
pub use typst::{escape_markup, string_literal};
