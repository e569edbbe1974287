//! `aslctl rules`.

use super::{ExitStatus, Globals};
use crate::cli::RulesArgs;
use anyhow::Result;

/// Runs `aslctl rules`.
pub fn run(_args: &RulesArgs, _globals: Globals) -> Result<ExitStatus> {
    anyhow::bail!("`aslctl rules` is not available in this build")
}
