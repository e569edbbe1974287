//! ASL108 `value-out-of-range`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a number outside its range or a value outside its enum: `TimeoutSeconds`/`HeartbeatSeconds` 1-99999999, `MaxAttempts` >= 0, `BackoffRate` >= 1, `IntervalSeconds` >= 1, `MaxDelaySeconds`, `JitterStrategy`, `ToleratedFailurePercentage` 0-100, `Version`, and so on.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition at create time.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true, "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}]}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true, "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 2}]}}}
    /// ```
    ValueOutOfRange { code: "ASL108", name: "value-out-of-range", severity: Error }
}

impl Rule for ValueOutOfRange {}
