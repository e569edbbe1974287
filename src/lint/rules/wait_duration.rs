//! ASL107 `wait-duration`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Wait state without exactly one of `Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition: the wait needs exactly one duration or deadline.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Wait", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}}
    /// ```
    WaitDuration { code: "ASL107", name: "wait-duration", severity: Error }
}

impl Rule for WaitDuration {}
