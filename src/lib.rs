//! aslctl: lint, simulate and draw Amazon States Language workflows.
//!
//! The library holds everything but argument parsing's final step, so tests call it directly.
#![forbid(unsafe_code)]

pub mod cli;
pub mod commands;
pub mod definition;
pub mod graph;
pub mod lint;
pub mod report;
pub mod simulate;
pub mod testing;
