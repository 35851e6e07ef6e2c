//! `plan-eval serve`: the yearly job in a browser (the 工作台). A small HTTP server on
//! axum and tokio that serves Chinese pages over the same stages as the command line:
//! the forms and their collection ([`crate::forms`]), the check ([`crate::input::check`]),
//! the one report path ([`crate::run::pipeline::build`], through
//! [`crate::run::batch::build_from`]), the archive ([`crate::archive`]) and the re-typesetting
//! of an edited report ([`crate::typeset::retypeset`]).
//!
//! It must not make a report, write a data file or store a version any other way than the
//! command line does: no second copy of a writer, a lock or a pipeline lives here. Folders
//! are addressed by their index in the command line's `--data` list, never by a path from
//! the request; an uploaded file's name is shown, never used as a path.

mod app;
mod archive_pages;
mod files_out;
mod forms_pages;
mod guard;
mod pages;
mod report_pages;
mod serve;
mod typeset_pages;
mod uploads;
mod view;

pub use serve::{Options, serve};
