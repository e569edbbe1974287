//! ASL405 `jsonata-reference-scope`.

use crate::lint::jsonata::{Site, parse_string, strings};
use crate::lint::prelude::*;
use aslctl_parser::jsonata::{ReferenceKind, StatesField, references};

declare_rule! {
    /// ## What it does
    /// Flags a JSONata reference to data that does not exist where it is written:
    /// - a bare field at the top level (`{% phone %}`), `$` at the top level, or `$$`: JSONata
    ///   states have no context item; the input is `$states.input`;
    /// - `$states.result` outside the `Output`/`Assign` of a Task, Map or Parallel state;
    /// - `$states.errorOutput` outside a catcher's `Output`/`Assign`;
    /// - a `$states` field other than `input`, `result`, `errorOutput` and `context`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (UNSUPPORTED_JSONATA_EXPRESSION: "Reference to 'phone' at the
    /// top level is not supported", "Field '$states.errorOutput' does not exist"). The reserved
    /// `$states` variable offers `result` only after a task or sub-workflow succeeds and
    /// `errorOutput` only in a `Catch` ("Transforming data with JSONata in Step Functions").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% phone %}", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.phone %}", "End": true}}}
    /// ```
    JsonataReferenceScope { code: "ASL405", name: "jsonata-reference-scope", severity: Error }
}

impl Rule for JsonataReferenceScope {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::Jsonata {
            return;
        }
        let has_result = matches!(
            state.kind,
            StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_)
        );
        for s in strings(state) {
            let Some(value) = s.node.as_str() else {
                continue;
            };
            let Some(parsed) = parse_string(value) else {
                continue;
            };
            let Ok(expr) = parsed.result else {
                continue;
            };
            for r in references(&expr) {
                let problem: Option<(String, &str)> = match &r.kind {
                    ReferenceKind::TopLevelField(name) => Some((
                        format!("`{name}` reads a field at the top level, where JSONata has no input"),
                        "read the state input through `$states.input`, such as `$states.input.field`",
                    )),
                    ReferenceKind::TopLevelContext => Some((
                        "`$` at the top level of a JSONata expression is not the state input".to_string(),
                        "use `$states.input`",
                    )),
                    ReferenceKind::Root => Some((
                        "`$$` is not supported in Step Functions JSONata".to_string(),
                        "use `$states.input` for the input and `$states.context` for the context object",
                    )),
                    ReferenceKind::States { field: StatesField::Result, .. }
                        if !(has_result && matches!(s.site, Site::Output | Site::Assign)) =>
                    {
                        Some((
                            "`$states.result` exists only in the `Output` and `Assign` of a Task, Map or Parallel state".to_string(),
                            if s.site == Site::Catcher {
                                "in a catcher, the error is `$states.errorOutput`"
                            } else {
                                "use `$states.input` here"
                            },
                        ))
                    }
                    ReferenceKind::States { field: StatesField::ErrorOutput, .. }
                        if s.site != Site::Catcher =>
                    {
                        Some((
                            "`$states.errorOutput` exists only in a catcher's `Output` and `Assign`".to_string(),
                            "handle the error in a `Catch` entry",
                        ))
                    }
                    ReferenceKind::States { field: StatesField::Other(name), .. } => Some((
                        format!("`$states` has no field `{name}`"),
                        "its fields are `input`, `result`, `errorOutput` and `context`",
                    )),
                    _ => None,
                };
                let Some((message, help)) = problem else {
                    continue;
                };
                let span = r.range.map_or(s.node.span, |rr| {
                    inner_span(
                        cx.source.text(),
                        s.node,
                        parsed.range.start + rr.start..parsed.range.start + rr.end,
                    )
                });
                cx.report(Self::META.at(span, &s.pointer, message).with_help(help));
            }
        }
    }
}
