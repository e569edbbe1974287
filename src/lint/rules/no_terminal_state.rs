//! ASL204 `no-terminal-state`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a scope (the machine, a Parallel branch or a Map processor) without any terminal
    /// state: no Succeed, no Fail, and no state with `End: true`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (`Workflow has no terminal state`): execution could never end.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}
    /// ```
    NoTerminalState { code: "ASL204", name: "no-terminal-state", severity: Error }
}

impl Rule for NoTerminalState {
    fn check_scope(&self, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if scope.states.is_empty() || has_terminal(scope) {
            return;
        }
        let span = scope.start_at.map_or_else(
            || scope.states_node.map_or(start_span(scope.node), start_span),
            |s| s.span,
        );
        let what = match scope.kind {
            ScopeKind::Root => "the state machine",
            ScopeKind::Branch(_) => "this Parallel branch",
            ScopeKind::ItemProcessor | ScopeKind::Iterator => "this Map processor",
        };
        cx.report(
            Self::META
                .at(
                    span,
                    &scope.pointer,
                    format!("{what} has no terminal state"),
                )
                .with_help("end some path with a Succeed or Fail state, or `\"End\": true`"),
        );
    }
}
