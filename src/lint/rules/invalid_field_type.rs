//! ASL102 `invalid-field-type`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a field with the wrong JSON type, such as a string `TimeoutSeconds` that is neither a JSONata expression nor a `${Name}` placeholder, or `Branches` that is not an array.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition at create time.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": "ten", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 10, "End": true}}}
    /// ```
    InvalidFieldType { code: "ASL102", name: "invalid-field-type", severity: Error }
}

impl Rule for InvalidFieldType {}
