//! plan-eval: the yearly evaluation report of a city's five-year plan, as a
//! library of pipeline stages that the `plan-eval` binary drives.
//!
//! Stages, in order: [`plan`] and [`dataset`] load and validate the inputs,
//! [`evaluate`] grades them (pure), [`render`] writes the Markdown report,
//! [`typeset`] converts it to Typst and prints the PDF.

pub mod archive;
pub mod batch;
pub mod charts;
pub mod check;
pub mod dataset;
pub mod error;
pub mod evaluate;
pub mod fsio;
pub mod init;
pub mod names;
pub mod numfmt;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod readings;
pub mod render;
pub mod report_date;
pub mod row_index;
pub mod rules;
pub mod table;
pub mod table_view;
pub mod template_vars;
pub mod typeset;
pub mod yaml;
