//! Running the stages: one report (`pipeline`), many reports (`batch`), and a
//! new data folder (`init`). The only place that joins input, evaluation,
//! report, typesetting and archive.

pub mod batch;
pub mod init;
pub mod pipeline;
