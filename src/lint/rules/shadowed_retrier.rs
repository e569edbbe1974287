//! ASL705 `shadowed-retrier`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a retrier or catcher that can never be used because every error it names is
    /// already matched by an earlier one (the same name, or `States.ALL`).
    ///
    /// ## Why is this bad?
    /// Retriers and catchers are tried in order and the first match wins, so the later entry
    /// is dead configuration, usually a reordering mistake.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1}, {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5}]}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5}]}}}
    /// ```
    ShadowedRetrier { code: "ASL705", name: "shadowed-retrier", severity: Warning }
}

impl ShadowedRetrier {
    fn check(
        entries: &[(&[aslctl_parser::model::Str<'_>], &str, Span)],
        what: &str,
        cx: &mut LintCx<'_>,
    ) {
        let mut earlier: Vec<&str> = Vec::new();
        for (names, ptr, span) in entries {
            // `States.ALL` does not match `States.Runtime` or `States.DataLimitExceeded`
            // (Handling errors, AWS developer guide).
            let all_before = earlier.contains(&"States.ALL");
            let shadowed = !names.is_empty()
                && names.iter().all(|n| {
                    earlier.contains(&n.value)
                        || (all_before
                            && !matches!(n.value, "States.Runtime" | "States.DataLimitExceeded"))
                });
            if shadowed {
                cx.report(
                    Self::META
                        .at(*span, ptr, format!("this {what} never runs: every error it names is matched by an earlier {what}"))
                        .with_help(format!("remove it, or move it before the {what} that matches first")),
                );
            }
            earlier.extend(names.iter().map(|n| n.value));
        }
    }
}

impl Rule for ShadowedRetrier {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let retry: Vec<_> = state
            .fields
            .retry
            .iter()
            .map(|r| {
                (
                    r.error_equals.as_slice(),
                    r.pointer.as_str(),
                    start_span(r.node),
                )
            })
            .collect();
        Self::check(&retry, "retrier", cx);
        let catch: Vec<_> = state
            .fields
            .catch
            .iter()
            .map(|c| {
                (
                    c.error_equals.as_slice(),
                    c.pointer.as_str(),
                    start_span(c.node),
                )
            })
            .collect();
        Self::check(&catch, "catcher", cx);
    }
}
