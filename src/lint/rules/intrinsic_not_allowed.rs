//! ASL305 `intrinsic-not-allowed`.

use crate::lint::prelude::*;
use aslctl_parser::expr;
use aslctl_parser::intrinsic_fn::ValueType;

declare_rule! {
    /// ## What it does
    /// Flags an intrinsic call where only a path is allowed (`InputPath`, `OutputPath`,
    /// `ItemsPath`), and a Fail state's `ErrorPath`/`CausePath`
    /// calling an intrinsic that does not return a string.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition: only payload templates, `ErrorPath` and `CausePath` evaluate
    /// intrinsic functions, and a Fail state's error and cause are strings.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "States.StringToJson($.body)", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"body.$": "States.StringToJson($.body)"}, "End": true}}}
    /// ```
    IntrinsicNotAllowed { code: "ASL305", name: "intrinsic-not-allowed", severity: Error }
}

impl Rule for IntrinsicNotAllowed {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        // Reference-path fields holding a call are ASL301; these take any path.
        let mut path_only: Vec<(&Node, String)> = Vec::new();
        let f = &state.fields;
        for (k, n) in [("InputPath", f.input_path), ("OutputPath", f.output_path)] {
            if let Some(n) = n {
                path_only.push((n, pointer_push(&state.pointer, k)));
            }
        }
        if let StateKind::Map(m) = &state.kind
            && let Some(n) = m.items_path
        {
            path_only.push((n, pointer_push(&state.pointer, "ItemsPath")));
        }
        for (node, ptr) in path_only {
            if node
                .as_str()
                .is_some_and(|s| s.trim_start().starts_with("States."))
            {
                let field = ptr.rsplit('/').next().unwrap_or("").to_string();
                cx.report(
                    Self::META
                        .at(node.span, &ptr, format!("`{field}` takes a path; intrinsic functions are not evaluated here"))
                        .with_help("compute the value in `Parameters` (with a `.$` key) and select it with a path"),
                );
            }
        }
        if let StateKind::Fail(fail) = &state.kind {
            for (k, n) in [
                ("ErrorPath", fail.error_path),
                ("CausePath", fail.cause_path),
            ] {
                let Some(node) = n else {
                    continue;
                };
                let Some(Ok(call)) = node
                    .as_str()
                    .filter(|s| s.trim_start().starts_with("States."))
                    .map(expr::parse_intrinsic)
                else {
                    continue;
                };
                let ret = call.function.return_type();
                if !matches!(ret, ValueType::String | ValueType::Any) {
                    cx.report(
                        Self::META
                            .at(
                                node.span,
                                &pointer_push(&state.pointer, k),
                                format!(
                                    "`{k}` must produce a string, but `{}` does not return one",
                                    call.function.as_str()
                                ),
                            )
                            .with_help(
                                "use `States.Format` or `States.JsonToString` to build a string",
                            ),
                    );
                }
            }
        }
    }
}
