//! ASL601 `distributed-only-field`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags fields that only a Distributed Map uses (`ItemReader`, `ItemBatcher`,
    /// `ResultWriter`, `ToleratedFailureCount[Path]`, `ToleratedFailurePercentage[Path]`,
    /// `Label`) on a Map in INLINE mode.
    ///
    /// ## Why is this bad?
    /// An inline Map has no child executions to read items for, batch, write results of or
    /// tolerate failures of; the field is a sign that `ProcessorConfig.Mode: DISTRIBUTED` was
    /// forgotten.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailurePercentage": 5, "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailurePercentage": 5, "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    DistributedOnlyField { code: "ASL601", name: "distributed-only-field", severity: Warning }
}

const FIELDS: &[&str] = &[
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "Label",
];

impl Rule for DistributedOnlyField {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Map(m) = &state.kind else {
            return;
        };
        if m.mode() == MapMode::Distributed {
            return;
        }
        for f in FIELDS {
            if let Some(span) = key_span(state.node, f) {
                cx.report(
                    Self::META
                        .at(span, &pointer_push(&state.pointer, f), format!("`{f}` only applies to a Distributed Map, and this Map is INLINE"))
                        .with_help("set `\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}` in `ItemProcessor`, or remove the field"),
                );
            }
        }
    }
}
