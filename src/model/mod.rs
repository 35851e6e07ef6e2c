//! The shared vocabulary of every stage: grades, outlooks, evaluation kinds
//! and task statuses, and how numbers, dates and names are written. A leaf:
//! it uses nothing else of the crate.

pub mod cycle;
pub mod kinds;
pub mod names;
pub mod numfmt;
pub(crate) mod report_date;
pub mod vocabulary;
