//! ASL105 `terminal-state-transition`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `Next` or `End` on a Succeed, Fail or Choice state.
    ///
    /// ## Why is this bad?
    /// Succeed and Fail always stop, and a Choice moves on through its rules and `Default`; AWS rejects the field.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Succeed", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
    /// ```
    TerminalStateTransition { code: "ASL105", name: "terminal-state-transition", severity: Error }
}

impl Rule for TerminalStateTransition {}
