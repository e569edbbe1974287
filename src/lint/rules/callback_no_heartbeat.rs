//! ASL701 `callback-no-heartbeat`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a callback (`.waitForTaskToken`) or activity Task without `HeartbeatSeconds` or
    /// `HeartbeatSecondsPath`.
    ///
    /// ## Why is this bad?
    /// A heartbeat lets Step Functions notice a crashed worker long before the task timeout
    /// (`States.HeartbeatTimeout`). AWS recommends one for long-running callback tasks.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "TimeoutSeconds": 3600, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "TimeoutSeconds": 3600, "HeartbeatSeconds": 60, "End": true}}}
    /// ```
    CallbackNoHeartbeat { code: "ASL701", name: "callback-no-heartbeat", severity: Info }
}

impl Rule for CallbackNoHeartbeat {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Task(t) = &state.kind else {
            return;
        };
        if t.heartbeat_seconds.is_some() || t.heartbeat_seconds_path.is_some() {
            return;
        }
        if resource(state).is_some_and(|r| is_callback(r) || is_activity(r)) {
            cx.report(
                Self::META
                    .at(state.name_span, &state.pointer, "this task waits for an external worker but has no `HeartbeatSeconds`")
                    .with_help("set `HeartbeatSeconds` and have the worker send heartbeats (`SendTaskHeartbeat`)"),
            );
        }
    }
}
