//! ASL100 `missing-required-field`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a missing required field: `StartAt`, `States`, `Type`, a Task's `Resource`, a Choice's `Choices`, a Parallel's `Branches`, a Map's `ItemProcessor`, `ErrorEquals`, a catcher's `Next`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition at create time (`SCHEMA_VALIDATION_FAILED`).
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}}
    /// ```
    MissingRequiredField { code: "ASL100", name: "missing-required-field", severity: Error }
}

impl Rule for MissingRequiredField {}
