//! ASL703 `choice-no-default`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Choice state without `Default`.
    ///
    /// ## Why is this bad?
    /// When no rule matches, the execution fails with `States.NoChoiceMatched`. The
    /// specification recommends a `Default` so that this is a decision, not an accident.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "D"}]}, "D": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "D"}], "Default": "F"}, "D": {"Type": "Succeed"}, "F": {"Type": "Fail", "Error": "NotOk"}}}
    /// ```
    ChoiceNoDefault { code: "ASL703", name: "choice-no-default", severity: Warning }
}

impl Rule for ChoiceNoDefault {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if let StateKind::Choice(c) = &state.kind
            && c.default.is_none()
            && state.node.get("Default").is_none()
        {
            cx.report(
                Self::META
                    .at(state.name_span, &state.pointer, "this Choice state has no `Default`; if no rule matches, the execution fails with `States.NoChoiceMatched`")
                    .with_help("add `Default` naming the state to go to when no rule matches (a Fail state if that is an error)"),
            );
        }
    }
}
