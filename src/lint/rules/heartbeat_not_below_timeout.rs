//! ASL109 `heartbeat-not-below-timeout`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Task whose `HeartbeatSeconds` is not smaller than its `TimeoutSeconds`.
    ///
    /// ## Why is this bad?
    /// The specification says the heartbeat interval MUST be smaller than the timeout; a
    /// heartbeat that long can never fire before the task times out, so it checks nothing.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "TimeoutSeconds": 60, "HeartbeatSeconds": 60, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "TimeoutSeconds": 300, "HeartbeatSeconds": 60, "End": true}}}
    /// ```
    HeartbeatNotBelowTimeout { code: "ASL109", name: "heartbeat-not-below-timeout", severity: Warning }
}

impl Rule for HeartbeatNotBelowTimeout {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Task(task) = &state.kind else {
            return;
        };
        let (Some(hb_node), Some(timeout)) = (task.heartbeat_seconds, number(task.timeout_seconds))
        else {
            return;
        };
        let Some(hb) = hb_node.as_f64() else {
            return;
        };
        if hb >= timeout {
            cx.report(
                Self::META
                    .at(hb_node.span, &pointer_push(&state.pointer, "HeartbeatSeconds"), format!("`HeartbeatSeconds` ({hb}) must be smaller than `TimeoutSeconds` ({timeout})"))
                    .with_help("lower the heartbeat, or raise the timeout"),
            );
        }
    }
}
