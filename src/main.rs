//! The `aslctl` binary: parse arguments, run one command, turn the outcome into an exit code.

use aslctl::cli::Cli;
use aslctl::commands::{self, ExitStatus};
use clap::Parser;
use std::process::ExitCode;

// The spanned parser, the model and the simulator allocate many small, short-lived objects; the
// system allocator spends a third of a batch lint in malloc/free and keeps mapping and unmapping
// its per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`aslctl lint | head`) is not an error.
            if commands::is_broken_pipe(&err) {
                return ExitStatus::Success.into();
            }
            commands::print_error(&err);
            if commands::is_limit(&err) {
                ExitStatus::Limit.into()
            } else {
                ExitStatus::Error.into()
            }
        }
    }
}
