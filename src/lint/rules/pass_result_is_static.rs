//! ASL312 `pass-result-is-static`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Pass state `Result` containing keys ending in `.$` or values that look like paths.
    ///
    /// ## Why is this bad?
    /// `Result` is static JSON: nothing in it is evaluated. AWS accepts the definition with a
    /// `PASS_RESULT_IS_STATIC` warning. To build output from the input, use `Parameters`.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"id.$": "$.id"}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "$.id"}, "End": true}}}
    /// ```
    PassResultIsStatic { code: "ASL312", name: "pass-result-is-static", severity: Warning }
}

impl Rule for PassResultIsStatic {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Pass(p) = &state.kind else {
            return;
        };
        let Some(result) = p.result else {
            return;
        };
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        let mut found: Option<(Span, String)> = None;
        for_each_object(
            result,
            &pointer_push(&state.pointer, "Result"),
            |members, ptr| {
                for m in members {
                    let dynamic = m.key.ends_with(".$")
                        || m.value
                            .as_str()
                            .is_some_and(|s| looks_like_path(s) || looks_like_intrinsic(s));
                    if dynamic && found.is_none() {
                        found = Some((m.key_span, pointer_push(ptr, &m.key)));
                    }
                }
            },
        );
        if let Some((span, ptr)) = found {
            cx.report(
                Self::META
                    .at(
                        span,
                        &ptr,
                        "`Result` is static: paths and `.$` keys in it are not evaluated",
                    )
                    .with_help("use `Parameters` to build the output from the input"),
            );
        }
    }
}
