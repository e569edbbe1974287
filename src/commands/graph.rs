//! `aslctl graph`.

use super::{ExitStatus, Globals};
use crate::cli::GraphArgs;
use anyhow::Result;

/// Runs `aslctl graph`.
pub fn run(_args: &GraphArgs, _globals: Globals) -> Result<ExitStatus> {
    anyhow::bail!("`aslctl graph` is not available in this build")
}
