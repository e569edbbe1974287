//! ASL112 `empty-choices`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Choice state whose `Choices` array is empty.
    ///
    /// ## Why is this bad?
    /// The specification requires at least one rule; AWS rejects the definition.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [], "Default": "D"}, "D": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}
    /// ```
    EmptyChoices { code: "ASL112", name: "empty-choices", severity: Error }
}

impl Rule for EmptyChoices {}
