//! ASL116 `unknown-states-error`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a name in `ErrorEquals` that starts with `States.` but is not one of the
    /// predefined error names, such as `States.Timout`.
    ///
    /// ## Why is this bad?
    /// The `States.` prefix is reserved for errors Step Functions raises, so such a name can
    /// never match: the retrier or catcher silently does nothing.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.Timout"]}]}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.Timeout"]}]}}}
    /// ```
    UnknownStatesError { code: "ASL116", name: "unknown-states-error", severity: Warning }
}

impl Rule for UnknownStatesError {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let lists = state
            .fields
            .retry
            .iter()
            .map(|r| (&r.error_equals, &r.pointer))
            .chain(
                state
                    .fields
                    .catch
                    .iter()
                    .map(|c| (&c.error_equals, &c.pointer)),
            );
        for (names, ptr) in lists {
            for (j, name) in names.iter().enumerate() {
                if ErrorName::parse(name.value).is_unknown_states_name() {
                    let p = pointer_push(&pointer_push(ptr, "ErrorEquals"), &j.to_string());
                    cx.report(
                        Self::META
                            .at(
                                name.span,
                                &p,
                                format!("`{}` is not an error Step Functions raises", name.value),
                            )
                            .with_help_opt(did_you_mean(name.value, ErrorName::predefined_names())),
                    );
                }
            }
        }
    }
}
