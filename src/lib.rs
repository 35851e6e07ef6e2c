//! plan-eval: the yearly evaluation report of a city's five-year plan, as a
//! library of pipeline stages that the `plan-eval` binary drives.
//!
//! Stages, in order, each a folder with one front door; a stage uses only the
//! stages before it and the leaves below them:
//!
//! - [`input`] reads and validates the data folder (tables, readings, task
//!   reports, rules) and checks it;
//! - [`forms`] writes each lead unit's yearly form and merges the returns
//!   into the data folder (after `input`, before the report);
//! - [`evaluate`] grades it: pure data in, data out;
//! - [`report`] writes the Markdown report, its charts and its measures' texts;
//! - [`typeset`] converts the Markdown to Typst and prints the PDF;
//! - [`archive`] stores and verifies versions;
//! - [`run`] strings the stages together (one report, a batch, a new folder):
//!   every report (`report`, a batch, `archive reproduce`, the tests) is made by
//!   one function, `run::pipeline::build`, from one in-memory snapshot of its
//!   inputs, and those same bytes are what the archive stores;
//! - [`cli`] is the command line over them, and [`web`] the same stages as local
//!   web pages (`plan-eval serve`), making reports only through `run::pipeline::build`.
//!
//! Leaves every stage may use: [`model`] (the shared vocabulary, number and
//! name formatting), [`plan`] (the plan and its loader), [`files`] (the only
//! writer of files), [`templating`] (Tera helpers) and [`error`].
//!
//! No `unsafe` anywhere in the crate.

#![forbid(unsafe_code)]
#![warn(unreachable_pub)]

pub mod archive;
pub mod cli;
pub mod error;
pub mod escape;
pub mod evaluate;
pub mod files;
pub mod forms;
pub mod input;
pub mod model;
pub mod plan;
pub mod report;
pub mod run;
pub mod templating;
pub mod typeset;
pub mod web;
