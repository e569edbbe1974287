//! `aslctl simulate`.

use super::{ExitStatus, Globals};
use crate::cli::SimulateArgs;
use anyhow::Result;

/// Runs `aslctl simulate`.
pub fn run(_args: &SimulateArgs, _globals: Globals) -> Result<ExitStatus> {
    anyhow::bail!("`aslctl simulate` is not available in this build")
}
