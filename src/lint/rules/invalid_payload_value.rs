//! ASL302 `invalid-payload-value`.

use crate::lint::prelude::*;
use aslctl_parser::expr;

declare_rule! {
    /// ## What it does
    /// Flags a payload template field ending in `.$` (in `Parameters`, `ResultSelector`,
    /// `ItemSelector`, `Credentials`, `Assign`) whose value is not a path or an intrinsic call.
    ///
    /// ## Why is this bad?
    /// The `.$` suffix says "evaluate this value"; a value that is neither a path nor an
    /// intrinsic function cannot be evaluated, and AWS rejects the definition.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"name.$": "customer.name"}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"name.$": "$.customer.name"}, "End": true}}}
    /// ```
    InvalidPayloadValue { code: "ASL302", name: "invalid-payload-value", severity: Error }
}

impl Rule for InvalidPayloadValue {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        for (node, ptr, key_span) in dollar_members(state) {
            let key = ptr.rsplit('/').next().unwrap_or("").to_string();
            let Some(s) = node.as_str() else {
                cx.report(
                    Self::META
                        .at(
                            node.span,
                            &ptr,
                            format!(
                                "`{key}` must hold a path or an intrinsic call, found {}",
                                node.json_type().article_name()
                            ),
                        )
                        .with_secondary(key_span, "the `.$` suffix asks for evaluation")
                        .with_help("drop the `.$` suffix to use the value as it is"),
                );
                continue;
            };
            if s.starts_with(char::is_whitespace) && s.trim_start().starts_with("States.") {
                cx.report(
                    Self::META
                        .at(
                            node.span,
                            &ptr,
                            "an intrinsic call cannot start with whitespace",
                        )
                        .with_help("remove the leading whitespace"),
                );
                continue;
            }
            // Intrinsic syntax errors are ASL304.
            if s.trim_start().starts_with("States.") {
                continue;
            }
            if let Err(e) = expr::parse_payload_expr(s) {
                cx.report(
                    Self::META
                        .at(inner_span(cx.source.text(), node, e.range.clone()), &ptr, format!("`{key}` is not a path or intrinsic call: {}", e.message))
                        .with_help("start the value with `$`, `$$` or `States.`, or drop the `.$` suffix to pass it literally"),
                );
            }
        }
    }
}
