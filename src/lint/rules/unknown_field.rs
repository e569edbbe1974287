//! ASL101 `unknown-field`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a field that the state type (or the enclosing object) does not define, such as `Catch` on a Pass state or a misspelt `ResultPaht`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition ("Field 'X' is not supported"); a misspelt field would otherwise be silently ignored.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPaht": "$.x", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.x", "End": true}}}
    /// ```
    UnknownField { code: "ASL101", name: "unknown-field", severity: Error }
}

impl Rule for UnknownField {}
