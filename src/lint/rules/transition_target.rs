//! ASL201 `transition-target`.

use crate::lint::prelude::*;
use aslctl_parser::model::TransitionKind;

declare_rule! {
    /// ## What it does
    /// Flags a `Next`, `Default`, `Choices[].Next` or `Catch[].Next` naming a state that does not
    /// exist anywhere in the machine.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition at create time (`Missing 'Next' target`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Dnoe"}, "Done": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}}}
    /// ```
    TransitionTarget { code: "ASL201", name: "transition-target", severity: Error }
}

/// JSON pointer of the field holding a transition.
#[must_use]
pub fn transition_pointer(state: &State<'_>, kind: TransitionKind) -> String {
    match kind {
        TransitionKind::Next => pointer_push(&state.pointer, "Next"),
        TransitionKind::Default => pointer_push(&state.pointer, "Default"),
        TransitionKind::Choice(i) => format!("{}/Choices/{i}/Next", state.pointer),
        TransitionKind::Catch(i) => format!("{}/Catch/{i}/Next", state.pointer),
    }
}

impl Rule for TransitionTarget {
    fn check_state(&self, state: &State<'_>, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        for t in state.transitions() {
            let target = t.target.value;
            if scope.index_of(target).is_some() || cx.all_states.iter().any(|(n, _)| *n == target) {
                continue;
            }
            cx.report(
                Self::META
                    .at(
                        t.target.span,
                        &transition_pointer(state, t.kind),
                        format!(
                            "`{}` names `{target}`, but there is no state with that name",
                            t.kind.field()
                        ),
                    )
                    .with_help_opt(did_you_mean(target, scope.states.iter().map(|s| s.name))),
            );
        }
    }
}
