//! ASL004 `empty-definition`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an empty file, or a document that is only `null`.
    ///
    /// ## Why is this bad?
    /// AWS rejects an empty definition (`MISSING_DESCRIPTION`).
    ///
    /// Reported while the file is read, before any rule hook runs.
    ///
    /// ## Example
    /// ```json,invalid
    /// null
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
    /// ```
    EmptyDefinition { code: "ASL004", name: "empty-definition", severity: Error }
}

impl Rule for EmptyDefinition {}
