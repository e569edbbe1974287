//! ASL113 `empty-error-equals`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a retrier or catcher whose `ErrorEquals` is empty.
    ///
    /// ## Why is this bad?
    /// The specification requires a non-empty array; an empty one could never match.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Retry": [{"ErrorEquals": []}]}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.TaskFailed"]}]}}}
    /// ```
    EmptyErrorEquals { code: "ASL113", name: "empty-error-equals", severity: Error }
}

impl Rule for EmptyErrorEquals {}
