//! The integration tests, one binary: each module is one area of the
//! program as a user or a reader meets it, `common` and `inputs_support`
//! the helpers they share.

mod common;
mod inputs_support;

mod archive;
mod bad_input;
mod batch;
mod charts;
mod check;
mod cli_refusals;
mod convert;
mod docx;
mod docx_office;
mod end_to_end;
mod eval_words;
mod evaluation;
mod fifteenth;
mod forms;
mod genre;
mod genre_data;
mod grading;
mod init;
mod inputs_roundtrip;
mod layout;
mod layout_rules;
mod lifecycle;
mod pages;
mod percent_cells;
mod plan_encodings;
mod plan_matches_notice;
mod report_lists;
mod report_markdown;
mod report_truth;
mod report_truth_owed;
mod rules_truth;
mod rules_truth_owed;
mod rules_truth_unseen;
mod seal;
mod summary_roundtrip;
mod table_audit;
mod table_note;
mod template_errors;
mod template_wording;
mod typeset;
mod unseen_plans;
mod usage_errors;
mod web;
mod writing;
