//! The subcommands of the `yanglao` binary, one module each; `main.rs` parses arguments and calls
//! their `run` functions.

pub mod analyze;
pub mod extract;
pub mod index;
pub mod regions;
pub mod search;
pub mod serve;
