//! ASL203 `unreachable-state`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a state that no path from its scope's `StartAt` leads to.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition with an error (`State "X" is not reachable.`). Usually a
    /// `Next` was mistyped or forgotten.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "Orphan": {"Type": "Pass", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}
    /// ```
    UnreachableState { code: "ASL203", name: "unreachable-state", severity: Error }
}

impl Rule for UnreachableState {
    fn check_scope(&self, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        // AWS reports "no terminal state" instead of walking the graph (ASL204), and without
        // a valid StartAt there is nothing to walk from (ASL200).
        if !has_terminal(scope) || scope.start_state().is_none() {
            return;
        }
        let g = scope_graph(scope);
        let seen = reachable(scope, &g);
        for (st, ok) in scope.states.iter().zip(seen) {
            if !ok
                && scope
                    .index_of(st.name)
                    .and_then(|i| scope.states.get(i))
                    .is_some_and(|s| std::ptr::eq(s, st))
            {
                cx.report(
                    Self::META
                        .at(st.name_span, &st.pointer, format!("state `{}` is not reachable", st.name))
                        .with_help("no `StartAt`, `Next`, `Default`, `Choices[].Next` or `Catch[].Next` leads here; link to it or remove it"),
                );
            }
        }
    }
}
