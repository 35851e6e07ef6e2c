//! The whole pipeline through the real `typst` CLI and real fonts: the PDF's
//! text (pdftotext) names every indicator, task, section and countermeasure,
//! and its CJK fonts are embedded (pdffonts). The command line is run as a
//! user runs it.
//!
//! The tests are split by subject: `pdf` (the printed PDF's text and fonts), `drafts` (what
//! `report` writes, and how a draft folder is replaced or left alone), `evaluate` (the
//! `evaluate` command's JSON and table) and `missing_tools` (typst or the CJK fonts missing).

mod drafts;
mod evaluate;
mod missing_tools;
mod pdf;
