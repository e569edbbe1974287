//! ASL205 `duplicate-state-name`.

use crate::lint::prelude::*;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Flags a state name used more than once anywhere in the machine, including inside
    /// Parallel branches and Map processors.
    ///
    /// ## Why is this bad?
    /// State names are unique machine-wide; AWS rejects the definition (`DUPLICATE_STATE_NAME`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Inner", "States": {"Inner": {"Type": "Succeed"}}}]}}}
    /// ```
    DuplicateStateName { code: "ASL205", name: "duplicate-state-name", severity: Error }
}

impl Rule for DuplicateStateName {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        let mut first: HashMap<&str, (&str, Span)> = HashMap::new();
        for (scope, st) in machine.states() {
            match first.get(st.name) {
                // Same scope: a repeated key, already ASL002.
                Some((ptr, _)) if *ptr == scope.pointer.as_str() => {}
                Some((_, span)) => cx.report(
                    Self::META
                        .at(st.name_span, &st.pointer, format!("the state name `{}` is already used", st.name))
                        .with_secondary(*span, "first used here")
                        .with_help("state names must be unique in the whole state machine, nested branches included"),
                ),
                None => {
                    first.insert(st.name, (scope.pointer.as_str(), st.name_span));
                }
            }
        }
    }
}
