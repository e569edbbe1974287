//! ASL103 `invalid-state-type`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `Type` that is not one of `Pass`, `Task`, `Choice`, `Wait`, `Succeed`, `Fail`, `Parallel`, `Map`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition; names are case-sensitive.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}
    /// ```
    InvalidStateType { code: "ASL103", name: "invalid-state-type", severity: Error }
}

impl Rule for InvalidStateType {}
