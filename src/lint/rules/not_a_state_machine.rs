//! ASL005 `not-a-state-machine`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a document that is not a state machine: not an object, or an object with neither `StartAt` nor `States`. Files found by walking a directory are skipped silently instead.
    ///
    /// ## Why is this bad?
    /// A file named on the command line is meant to be a definition; AWS would reject it.
    ///
    /// Reported while the file is read, before any rule hook runs.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"Comment": "a config file", "Version": "1.0"}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
    /// ```
    NotAStateMachine { code: "ASL005", name: "not-a-state-machine", severity: Error }
}

impl Rule for NotAStateMachine {}
