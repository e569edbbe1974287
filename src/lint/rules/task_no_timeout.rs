//! ASL700 `task-no-timeout`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Task without `TimeoutSeconds` or `TimeoutSecondsPath`. Callback
    /// (`.waitForTaskToken`) and activity tasks are warnings; other tasks are reported only with
    /// `--strict`.
    ///
    /// ## Why is this bad?
    /// Without a timeout, a task waits as long as the execution may run (a year for Standard
    /// workflows): a lost task token or a dead activity worker stalls the execution silently.
    /// AWS recommends always setting one (Best practices for Step Functions).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "TimeoutSeconds": 3600, "End": true}}}
    /// ```
    TaskNoTimeout { code: "ASL700", name: "task-no-timeout", severity: Warning }
}

impl Rule for TaskNoTimeout {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Task(t) = &state.kind else {
            return;
        };
        if t.timeout_seconds.is_some() || t.timeout_seconds_path.is_some() {
            return;
        }
        let waits = resource(state).is_some_and(|r| is_callback(r) || is_activity(r));
        let severity = if waits {
            Severity::Warning
        } else {
            Severity::Info
        };
        let msg = if waits {
            "this task waits for an external worker but has no `TimeoutSeconds`"
        } else {
            "this task has no `TimeoutSeconds`"
        };
        cx.report(
            Self::META
                .at_severity(severity, state.name_span, &state.pointer, msg)
                .with_help("set `TimeoutSeconds` so a stuck task fails with `States.Timeout` instead of waiting indefinitely"),
        );
    }
}
