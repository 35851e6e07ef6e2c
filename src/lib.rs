//! plan-eval: the yearly evaluation report of a city's five-year plan, as a
//! library of pipeline stages that the `plan-eval` binary drives.

pub mod typeset;
