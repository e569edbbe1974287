//! ASL115 `invalid-state-name`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a state name that is empty or longer than 80 characters.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (`INVALID_STATE_NAME`); execution history events carry names of 1-80 characters.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "States": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    /// ```
    InvalidStateName { code: "ASL115", name: "invalid-state-name", severity: Error }
}

impl Rule for InvalidStateName {}
