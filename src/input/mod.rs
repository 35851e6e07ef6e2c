//! Input: the data folder read and validated — the plan's readings and task
//! reports from CSV or Excel, the countermeasure rules — and `plan-eval check`.
//! It reads files and reports problems; it grades nothing and writes nothing.

pub mod check;
pub mod dataset;
pub mod progress;
pub mod projects;
pub mod readings;
mod row_index;
mod rows;
pub mod rules;
pub mod signing;
pub mod table;

pub use dataset::{Dataset, Snapshot, gather, load};
