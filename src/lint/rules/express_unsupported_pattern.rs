//! ASL500 `express-unsupported-pattern`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// With `--type express`, flags a Task using the `.sync` (run a job) or
    /// `.waitForTaskToken` (callback) integration pattern.
    ///
    /// ## Why is this bad?
    /// Express workflows support only request-response integrations; AWS rejects the
    /// definition ("Express state machine does not support '.sync' service integration").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask", "End": true}}}
    /// ```
    ExpressUnsupportedPattern { code: "ASL500", name: "express-unsupported-pattern", severity: Error }
}

impl Rule for ExpressUnsupportedPattern {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !cx.is_express() {
            return;
        }
        let (Some(node), Some(r)) = (resource_node(state), resource(state)) else {
            return;
        };
        let pattern = if is_sync(r) {
            ".sync"
        } else if is_callback(r) {
            ".waitForTaskToken"
        } else {
            return;
        };
        cx.report(
            Self::META
                .at(
                    node.span,
                    &pointer_push(&state.pointer, "Resource"),
                    format!("Express workflows do not support the `{pattern}` integration pattern"),
                )
                .with_help("use the request-response form, or a Standard workflow"),
        );
    }
}
