//! ASL503 `express-child-pattern`.

use crate::lint::prelude::*;
use aslctl_parser::model::ExecutionType;

declare_rule! {
    /// ## What it does
    /// Flags a `.sync`, `.waitForTaskToken` or activity Task inside a Distributed Map whose
    /// child executions are `EXPRESS`.
    ///
    /// ## Why is this bad?
    /// The child workflows are Express workflows, which support neither pattern; AWS rejects
    /// the definition.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": true}}}}}}
    /// ```
    ExpressChildPattern { code: "ASL503", name: "express-child-pattern", severity: Error }
}

impl Rule for ExpressChildPattern {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Map(m) = &state.kind else {
            return;
        };
        let express = m.mode() == MapMode::Distributed
            && m.execution_type
                .is_some_and(|e| e.value == ExecutionType::Express);
        let Some(processor) = &m.processor else {
            return;
        };
        if !express {
            return;
        }
        // Every state of the child workflow, nested Parallel branches and inline Maps included.
        let mut stack: Vec<&Scope<'_>> = vec![processor];
        while let Some(scope) = stack.pop() {
            for st in &scope.states {
                if let (Some(node), Some(r)) = (resource_node(st), resource(st))
                    && (is_sync(r) || is_callback(r) || is_activity(r))
                {
                    cx.report(
                        Self::META
                            .at(node.span, &pointer_push(&st.pointer, "Resource"), format!("`{}` runs in an EXPRESS child workflow, which supports neither `.sync`, `.waitForTaskToken` nor activities", st.name))
                            .with_secondary(m.execution_type.map_or(state.name_span, |e| e.span), "child executions are EXPRESS")
                            .with_help("set `ExecutionType: STANDARD`, or use a request-response integration"),
                    );
                }
                for child in st.child_scopes() {
                    // A nested Distributed Map has its own ExecutionType, checked on its own.
                    let nested_distributed = matches!(&st.kind, StateKind::Map(inner) if inner.mode() == MapMode::Distributed);
                    if !nested_distributed {
                        stack.push(child);
                    }
                }
            }
        }
    }
}
