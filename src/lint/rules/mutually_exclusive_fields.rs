//! ASL106 `mutually-exclusive-fields`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags two fields that exclude each other: `TimeoutSeconds`/`TimeoutSecondsPath`, `HeartbeatSeconds`/`HeartbeatSecondsPath`, `Error`/`ErrorPath`, `Cause`/`CausePath`, `Iterator`/`ItemProcessor`, `ItemSelector`/`Parameters`, `Items`/`ItemsPath`, and the Map limits and their `...Path` forms.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition, since it cannot know which one to use.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Fail", "Error": "E", "ErrorPath": "$.error"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Fail", "ErrorPath": "$.error"}}}
    /// ```
    MutuallyExclusiveFields { code: "ASL106", name: "mutually-exclusive-fields", severity: Error }
}

impl Rule for MutuallyExclusiveFields {}
