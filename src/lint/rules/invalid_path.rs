//! ASL300 `invalid-path`.

use crate::lint::prelude::*;
use aslctl_parser::expr;

declare_rule! {
    /// ## What it does
    /// Flags an `InputPath`, `OutputPath` or `ItemsPath` that is not a valid JSONPath
    /// (`ItemsPath` also cannot be `null`).
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (`SCHEMA_VALIDATION_FAILED`, "must be a valid JSONPath").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "input.items", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.input.items", "End": true}}}
    /// ```
    InvalidPath { code: "ASL300", name: "invalid-path", severity: Error }
}

impl Rule for InvalidPath {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        let items = match &state.kind {
            StateKind::Map(m) => m.items_path,
            _ => None,
        };
        for (field, node) in [
            ("InputPath", state.fields.input_path),
            ("OutputPath", state.fields.output_path),
            ("ItemsPath", items),
        ] {
            let Some(node) = node else {
                continue;
            };
            let ptr = pointer_push(&state.pointer, field);
            if node.is_null() {
                if field == "ItemsPath" {
                    cx.report(
                        Self::META
                            .at(node.span, &ptr, "`ItemsPath` cannot be null")
                            .with_help("omit it to iterate over the whole input (`$`)"),
                    );
                }
                continue;
            }
            let Some(s) = node.as_str() else {
                continue;
            };
            // Intrinsics here are ASL305.
            if s.trim_start().starts_with("States.") {
                continue;
            }
            if let Err(e) = expr::parse_path(s) {
                cx.report(
                    Self::META
                        .at(inner_span(cx.source.text(), node, e.range.clone()), &ptr, format!("`{field}` is not a valid path: {}", e.message))
                        .with_help("a path starts with `$` (the state input), `$$` (the context object) or `$name` (a variable)"),
                );
            }
        }
    }
}
