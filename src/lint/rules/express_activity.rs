//! ASL501 `express-activity`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// With `--type express`, flags a Task whose `Resource` is an activity ARN.
    ///
    /// ## Why is this bad?
    /// Express workflows do not support activities; AWS rejects the definition.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:review", "End": true}}}
    /// ```
    ExpressActivity { code: "ASL501", name: "express-activity", severity: Error }
}

impl Rule for ExpressActivity {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !cx.is_express() {
            return;
        }
        if let (Some(node), Some(r)) = (resource_node(state), resource(state))
            && is_activity(r)
        {
            cx.report(
                Self::META
                    .at(
                        node.span,
                        &pointer_push(&state.pointer, "Resource"),
                        "Express workflows do not support activities",
                    )
                    .with_help(
                        "use a Lambda function or a service integration, or a Standard workflow",
                    ),
            );
        }
    }
}
