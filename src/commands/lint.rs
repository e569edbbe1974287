//! `aslctl lint`.

use super::{ExitStatus, Globals};
use crate::cli::LintArgs;
use anyhow::Result;

/// Runs `aslctl lint`.
pub fn run(_args: &LintArgs, _globals: Globals) -> Result<ExitStatus> {
    anyhow::bail!("`aslctl lint` is not available in this build")
}
