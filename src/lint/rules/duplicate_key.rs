//! ASL002 `duplicate-key`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an object that repeats a key.
    ///
    /// ## Why is this bad?
    /// JSON readers keep only one of the values (usually the last), so half of what is written is silently ignored; a repeated state name hides a whole state.
    ///
    /// Reported while the file is read, before any rule hook runs.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
    /// ```
    DuplicateKey { code: "ASL002", name: "duplicate-key", severity: Error }
}

impl Rule for DuplicateKey {}
