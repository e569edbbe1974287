//! ASL104 `next-xor-end`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Pass, Task, Wait, Parallel or Map state without exactly one of `Next` and `End: true`.
    ///
    /// ## Why is this bad?
    /// The ASL specification requires exactly one; AWS rejects both, neither, or `End: false`.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
    /// ```
    NextXorEnd { code: "ASL104", name: "next-xor-end", severity: Error }
}

impl Rule for NextXorEnd {}
