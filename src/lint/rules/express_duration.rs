//! ASL504 `express-duration`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// With `--type express`, flags `TimeoutSeconds` or a Wait `Seconds` longer than 300 seconds.
    ///
    /// ## Why is this bad?
    /// Express executions last at most five minutes; a longer wait or timeout can never be
    /// reached, and the execution fails with `States.Timeout` first.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
    /// ```
    ExpressDuration { code: "ASL504", name: "express-duration", severity: Warning }
}

/// Longest Express execution, in seconds (Step Functions quotas).
pub const EXPRESS_MAX_SECONDS: f64 = 300.0;

impl ExpressDuration {
    fn check(node: Option<&Node>, pointer: String, field: &str, cx: &mut LintCx<'_>) {
        if let Some(n) = node
            && let Some(v) = n.as_f64()
            && v > EXPRESS_MAX_SECONDS
        {
            cx.report(
                Self::META
                    .at(n.span, &pointer, format!("`{field}` is {v} seconds, but an Express execution lasts at most 300 seconds"))
                    .with_help("use a Standard workflow for long waits"),
            );
        }
    }
}

impl Rule for ExpressDuration {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        if cx.is_express() {
            Self::check(
                machine.timeout_seconds,
                "/TimeoutSeconds".into(),
                "TimeoutSeconds",
                cx,
            );
        }
    }

    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !cx.is_express() {
            return;
        }
        match &state.kind {
            StateKind::Task(t) => Self::check(
                t.timeout_seconds,
                pointer_push(&state.pointer, "TimeoutSeconds"),
                "TimeoutSeconds",
                cx,
            ),
            StateKind::Wait(w) => Self::check(
                w.seconds,
                pointer_push(&state.pointer, "Seconds"),
                "Seconds",
                cx,
            ),
            _ => {}
        }
    }
}
