//! ASL111 `choice-rule-shape`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a malformed Choice rule: no operator or more than one, a comparison without `Variable`, an unknown operator, `Next` inside `And`/`Or`/`Not`, or a top-level rule without `Next`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition; a rule must test exactly one thing.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "D", "Choices": [{"Variable": "$.x", "StringEquals": "a", "IsPresent": true, "Next": "D"}]}, "D": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "D", "Choices": [{"Variable": "$.x", "StringEquals": "a", "Next": "D"}]}, "D": {"Type": "Succeed"}}}
    /// ```
    ChoiceRuleShape { code: "ASL111", name: "choice-rule-shape", severity: Error }
}

impl Rule for ChoiceRuleShape {}
