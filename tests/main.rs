//! Integration tests, one binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::print_stdout
)]

mod bad_input;
mod cli;
mod common;
mod determinism;
mod graph;
mod lint_corpus;
mod lint_fixtures;
mod lint_output;
mod lint_templates;
mod load;
mod output_safety;
mod schema;
mod simulate;
mod templates;
mod templates_cli;
mod testing;
