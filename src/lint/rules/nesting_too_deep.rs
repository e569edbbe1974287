//! ASL207 `nesting-too-deep`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags Parallel and Map states nested more than 10 levels deep.
    ///
    /// ## Why is this bad?
    /// AWS rejects definitions that are nested too deeply (`TOO_DEEPLY_NESTED`). The limit is
    /// not published; 10 levels is far beyond what real workflows use, so reaching it almost
    /// always means a generated definition went wrong. Flatten with nested state machines
    /// (`arn:aws:states:::states:startExecution`).
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}}}
    /// ```
    NestingTooDeep { code: "ASL207", name: "nesting-too-deep", severity: Error }
}

/// Deepest accepted nesting of Parallel branches and Map processors.
pub const MAX_NESTING: usize = 10;

impl Rule for NestingTooDeep {
    fn check_scope(&self, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if scope.depth == MAX_NESTING + 1 {
            let span = scope
                .start_at
                .map_or_else(|| start_span(scope.node), |s| s.span);
            cx.report(Self::META.at(span, &scope.pointer, format!("this scope is nested {} levels deep; keep nesting to {MAX_NESTING} levels", scope.depth)).with_help("move the inner work into a separate state machine started with `states:startExecution`"));
        }
    }
}
