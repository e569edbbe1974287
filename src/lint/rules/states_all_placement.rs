//! ASL114 `states-all-placement`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `States.ALL` that is not alone in its `ErrorEquals`, or not in the last retrier or
    /// catcher.
    ///
    /// ## Why is this bad?
    /// The specification says `States.ALL` "MUST appear alone in the ErrorEquals array and MUST
    /// appear in the last Retrier/Catcher"; AWS rejects the definition otherwise.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}, {"ErrorEquals": ["States.Timeout"], "Next": "F"}]}, "F": {"Type": "Fail"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true, "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "F"}, {"ErrorEquals": ["States.ALL"], "Next": "F"}]}, "F": {"Type": "Fail"}}}
    /// ```
    StatesAllPlacement { code: "ASL114", name: "states-all-placement", severity: Error }
}

impl StatesAllPlacement {
    fn check(
        lists: &[&[aslctl_parser::model::Str<'_>]],
        pointers: &[&str],
        what: &str,
        cx: &mut LintCx<'_>,
    ) {
        let n = lists.len();
        for (i, (names, ptr)) in lists.iter().zip(pointers).enumerate() {
            for (j, name) in names.iter().enumerate() {
                if name.value != "States.ALL" {
                    continue;
                }
                let p = pointer_push(&pointer_push(ptr, "ErrorEquals"), &j.to_string());
                if names.len() > 1 {
                    cx.report(
                        Self::META
                            .at(
                                name.span,
                                &p,
                                "`States.ALL` must be the only name in its `ErrorEquals`",
                            )
                            .with_help("move the other names to an earlier entry"),
                    );
                } else if i + 1 < n {
                    cx.report(
                        Self::META
                            .at(
                                name.span,
                                &p,
                                format!("`States.ALL` must be in the last {what}"),
                            )
                            .with_help(format!("move this {what} to the end of the list")),
                    );
                }
            }
        }
    }
}

impl Rule for StatesAllPlacement {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let retry: Vec<_> = state
            .fields
            .retry
            .iter()
            .map(|r| r.error_equals.as_slice())
            .collect();
        let rp: Vec<_> = state
            .fields
            .retry
            .iter()
            .map(|r| r.pointer.as_str())
            .collect();
        Self::check(&retry, &rp, "retrier", cx);
        let catch: Vec<_> = state
            .fields
            .catch
            .iter()
            .map(|c| c.error_equals.as_slice())
            .collect();
        let cp: Vec<_> = state
            .fields
            .catch
            .iter()
            .map(|c| c.pointer.as_str())
            .collect();
        Self::check(&catch, &cp, "catcher", cx);
    }
}
