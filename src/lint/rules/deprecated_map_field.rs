//! ASL605 `deprecated-map-field`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the legacy Map fields `Iterator` (now `ItemProcessor`) and `Parameters` (now
    /// `ItemSelector`).
    ///
    /// ## Why is this bad?
    /// They still work, but the AWS documentation marks them deprecated, and the newer fields
    /// are needed for Distributed Map features (`ProcessorConfig`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    DeprecatedMapField { code: "ASL605", name: "deprecated-map-field", severity: Info }
}

impl Rule for DeprecatedMapField {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !matches!(state.kind, StateKind::Map(_)) {
            return;
        }
        for (old, new) in [
            ("Iterator", "ItemProcessor"),
            ("Parameters", "ItemSelector"),
        ] {
            if let Some(span) = key_span(state.node, old) {
                cx.report(
                    Self::META
                        .at(
                            span,
                            &pointer_push(&state.pointer, old),
                            format!("`{old}` is deprecated on Map states"),
                        )
                        .with_help(format!("rename it to `{new}`")),
                );
            }
        }
    }
}
