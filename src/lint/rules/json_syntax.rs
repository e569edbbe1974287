//! ASL001 `json-syntax`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a file that is not valid JSON or YAML (or not UTF-8). JSON comments are reported as warnings.
    ///
    /// ## Why is this bad?
    /// Step Functions rejects a definition that does not parse (`INVALID_JSON_DESCRIPTION`), and no other check can run on it.
    ///
    /// Reported while the file is read, before any rule hook runs.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true},}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
    /// ```
    JsonSyntax { code: "ASL001", name: "json-syntax", severity: Error }
}

impl Rule for JsonSyntax {}
