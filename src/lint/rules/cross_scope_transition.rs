//! ASL202 `cross-scope-transition`.

use super::transition_target::transition_pointer;
use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a transition into or out of a Parallel branch or Map processor: the target exists,
    /// but in another `States` object.
    ///
    /// ## Why is this bad?
    /// States can only move to states of their own scope; a branch ends with a terminal state
    /// and the Parallel or Map state then continues with its own `Next`. AWS rejects the
    /// definition.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Done", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Done"}}}]}, "Done": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Done", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]}, "Done": {"Type": "Succeed"}}}
    /// ```
    CrossScopeTransition { code: "ASL202", name: "cross-scope-transition", severity: Error }
}

impl Rule for CrossScopeTransition {
    fn check_state(&self, state: &State<'_>, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        for t in state.transitions() {
            let target = t.target.value;
            if scope.index_of(target).is_some() {
                continue;
            }
            let Some((_, other)) = cx.all_states.iter().find(|(n, _)| *n == target) else {
                continue;
            };
            let into = other.starts_with(scope.pointer.as_str());
            let msg = if into {
                format!(
                    "`{}` jumps into `{target}`, which is inside a nested branch or processor",
                    t.kind.field()
                )
            } else {
                format!(
                    "`{}` leaves this scope: `{target}` is outside the branch or processor",
                    t.kind.field()
                )
            };
            cx.report(
                Self::META
                    .at(t.target.span, &transition_pointer(state, t.kind), msg)
                    .with_help("end the branch with `End: true` (or a Succeed state) and continue from the Parallel or Map state's `Next`"),
            );
        }
    }
}
