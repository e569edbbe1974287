//! ASL401 `query-language-conflict`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a state that sets `"QueryLanguage": "JSONPath"` in a state machine whose top-level
    /// `QueryLanguage` is `JSONata`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition ("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata'
    /// for whole state machine"). A JSONPath machine may convert states to JSONata one at a
    /// time, but a JSONata machine cannot go back ("State machine structure": "You cannot revert
    /// a top-level JSONata-based state machine to a mix of JSONata and JSONPath states").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONPath", "StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}
    /// ```
    QueryLanguageConflict { code: "ASL401", name: "query-language-conflict", severity: Error }
}

impl Rule for QueryLanguageConflict {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        if cx.machine_language() != QueryLanguage::Jsonata {
            return;
        }
        // A Distributed Map runs its processor as child executions; whether AWS holds their
        // states to the parent's language is not documented, so they are left alone.
        let mut child_workflows: Vec<&str> = Vec::new();
        for scope in machine.scopes() {
            if child_workflows.iter().any(|p| encloses(p, &scope.pointer)) {
                continue;
            }
            for state in &scope.states {
                if let StateKind::Map(m) = &state.kind
                    && m.mode() == MapMode::Distributed
                    && let Some(p) = &m.processor
                {
                    child_workflows.push(&p.pointer);
                }
                let Some(ql) = state.fields.query_language else {
                    continue;
                };
                if ql.value == QueryLanguage::JsonPath {
                    cx.report(
                        Self::META
                            .at(
                                ql.span,
                                &pointer_push(&state.pointer, "QueryLanguage"),
                                "a state cannot use JSONPath when the whole state machine is set to JSONata",
                            )
                            .with_help("remove the state's `QueryLanguage` and rewrite it in JSONata, or set the top-level `QueryLanguage` to `JSONPath` and mark the JSONata states one by one"),
                    );
                }
            }
        }
    }
}

/// Whether scope pointer `outer` is `inner` or encloses it.
fn encloses(outer: &str, inner: &str) -> bool {
    inner == outer || (inner.starts_with(outer) && inner.as_bytes().get(outer.len()) == Some(&b'/'))
}
