//! ASL304 `invalid-intrinsic`.

use crate::lint::prelude::*;
use aslctl_parser::expr;

declare_rule! {
    /// ## What it does
    /// Flags an intrinsic function call that does not parse, names an unknown function, has the
    /// wrong number of arguments, or passes a literal of the wrong type
    /// (`States.MathAdd(1, '-1')`).
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (Intrinsic functions, AWS developer guide).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a)"}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, 1)"}, "End": true}}}
    /// ```
    InvalidIntrinsic { code: "ASL304", name: "invalid-intrinsic", severity: Error }
}

/// Values that may hold an intrinsic call: `key.$` payload values, `ErrorPath`, `CausePath`.
pub(crate) fn intrinsic_sites<'a>(state: &State<'a>) -> Vec<(&'a Node, String)> {
    let mut out: Vec<(&'a Node, String)> = dollar_members(state)
        .into_iter()
        .map(|(n, p, _)| (n, p))
        .collect();
    if let StateKind::Fail(f) = &state.kind {
        for (k, n) in [("ErrorPath", f.error_path), ("CausePath", f.cause_path)] {
            if let Some(n) = n {
                out.push((n, pointer_push(&state.pointer, k)));
            }
        }
    }
    out
}

impl Rule for InvalidIntrinsic {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        for (node, ptr) in intrinsic_sites(state) {
            let Some(s) = node.as_str() else {
                continue;
            };
            if !s.trim_start().starts_with("States.") {
                continue;
            }
            let errors = match expr::parse_intrinsic(s) {
                Ok(call) => expr::check_call(&call),
                Err(e) => vec![e],
            };
            for e in errors {
                let help = e
                    .message
                    .contains("unknown intrinsic")
                    .then(|| "see \"Intrinsic functions\" in the AWS Step Functions developer guide for the list".to_string());
                cx.report(
                    Self::META
                        .at(
                            inner_span(cx.source.text(), node, e.range.clone()),
                            &ptr,
                            e.message.clone(),
                        )
                        .with_help_opt(help),
                );
            }
        }
    }
}
