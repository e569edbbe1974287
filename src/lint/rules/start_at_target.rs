//! ASL200 `start-at-target`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `StartAt` (of the machine, a Parallel branch or a Map processor) that names no
    /// state in the same `States` object.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (`MISSING_TRANSITION_TARGET`): execution could not begin.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "Frist", "States": {"First": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "First", "States": {"First": {"Type": "Succeed"}}}
    /// ```
    StartAtTarget { code: "ASL200", name: "start-at-target", severity: Error }
}

impl Rule for StartAtTarget {
    fn check_scope(&self, scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let Some(start) = scope.start_at else {
            return;
        };
        if scope.index_of(start.value).is_some()
            || scope.states_node.and_then(Node::as_object).is_none()
        {
            return;
        }
        let elsewhere = cx.all_states.iter().any(|(n, _)| *n == start.value);
        let help = if elsewhere {
            Some(format!(
                "`{}` is in another scope; `StartAt` must name a state of these `States`",
                start.value
            ))
        } else {
            did_you_mean(start.value, scope.states.iter().map(|s| s.name))
        };
        cx.report(
            Self::META
                .at(
                    start.span,
                    &pointer_push(&scope.pointer, "StartAt"),
                    format!(
                        "`StartAt` names `{}`, which is not a state here",
                        start.value
                    ),
                )
                .with_help_opt(help),
        );
    }
}
