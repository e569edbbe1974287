//! ASL003 `definition-too-large`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a definition longer than 1,048,576 characters.
    ///
    /// ## Why is this bad?
    /// That is the `CreateStateMachine` limit on `definition` (a hard quota); AWS rejects anything longer.
    ///
    /// Checked before parsing the model.
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
    /// ```
    DefinitionTooLarge { code: "ASL003", name: "definition-too-large", severity: Error }
}

impl Rule for DefinitionTooLarge {}
