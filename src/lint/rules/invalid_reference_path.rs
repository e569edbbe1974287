//! ASL301 `invalid-reference-path`.

use crate::lint::prelude::*;
use aslctl_parser::expr::{self, Root};

declare_rule! {
    /// ## What it does
    /// Flags a `ResultPath`, a `...Path` field (`TimeoutSecondsPath`, `SecondsPath`,
    /// `MaxConcurrencyPath`, ...) or a Choice `Variable`/`...Path` operand that is not a
    /// Reference Path: a path with member and index steps only, selecting a single node.
    /// `ResultPath` also cannot start at the context object (`$$`); a variable there is ASL408.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition: "The operators @ .. , : ? * aren't supported" in reference
    /// paths (Reference paths, AWS developer guide).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.items[*]", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.items", "End": true}}}
    /// ```
    InvalidReferencePath { code: "ASL301", name: "invalid-reference-path", severity: Error }
}

impl InvalidReferencePath {
    fn check(node: &Node, ptr: &str, field: &str, result_path: bool, cx: &mut LintCx<'_>) {
        let Some(s) = node.as_str() else {
            return;
        };
        if is_dynamic(s) {
            return;
        }
        if s.trim_start().starts_with("States.") {
            cx.report(
                Self::META
                    .at(node.span, ptr, format!("`{field}` takes a reference path, not an intrinsic function call"))
                    .with_help("compute the value in `Parameters` (with a `.$` key) and refer to it with a path"),
            );
            return;
        }
        match expr::parse_reference_path(s) {
            Err(e) => cx.report(
                Self::META
                    .at(inner_span(cx.source.text(), node, e.range.clone()), ptr, format!("`{field}` is not a valid reference path: {}", e.message))
                    .with_help("a reference path uses only `.name` and `[index]` steps, such as `$.order.items[0]`"),
            ),
            // A variable (`$name`) is ASL408's finding.
            Ok(p) if result_path && matches!(p.root, Root::Context) => cx.report(
                Self::META
                    .at(node.span, ptr, format!("`ResultPath` must start with `$`, not `{}`", s.split('.').next().unwrap_or(s)))
                    .with_help("results are merged into the state input; the context object is read-only"),
            ),
            Ok(_) => {}
        }
    }
}

impl Rule for InvalidReferencePath {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        if let Some(rp) = state.fields.result_path {
            Self::check(
                rp,
                &pointer_push(&state.pointer, "ResultPath"),
                "ResultPath",
                true,
                cx,
            );
        }
        for c in &state.fields.catch {
            if let Some(rp) = c.result_path {
                Self::check(
                    rp,
                    &pointer_push(&c.pointer, "ResultPath"),
                    "ResultPath",
                    true,
                    cx,
                );
            }
        }
        for (node, ptr) in reference_path_fields(state) {
            let field = ptr.rsplit('/').next().unwrap_or("").to_string();
            Self::check(node, &ptr, &field, false, cx);
        }
    }
}
