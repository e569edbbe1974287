//! ASL310 `no-dollar`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a payload template field whose value looks like a path (`$.x`, `$$.Execution.Id`)
    /// or an intrinsic call (`States.Format(...)`) but whose key does not end in `.$`.
    ///
    /// ## Why is this bad?
    /// Without `.$` the value is passed on as a literal string, not evaluated. AWS accepts the
    /// definition with a `NO_DOLLAR` warning.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"orderId": "$.order.id"}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"orderId.$": "$.order.id"}, "End": true}}}
    /// ```
    NoDollar { code: "ASL310", name: "no-dollar", severity: Warning }
}

impl Rule for NoDollar {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        for (node, ptr) in payload_templates(state) {
            for_each_object(node, &ptr, |members, p| {
                for m in members {
                    if m.key.ends_with(".$") {
                        continue;
                    }
                    let Some(s) = m.value.as_str() else {
                        continue;
                    };
                    if looks_like_path(s) || looks_like_intrinsic(s) {
                        cx.report(
                            Self::META
                                .at(m.key_span, &pointer_push(p, &m.key), format!("`{s}` is passed as a literal string because `{}` does not end in `.$`", m.key))
                                .with_help(format!("rename the key to `{}.$` to evaluate it", m.key)),
                        );
                    }
                }
            });
        }
    }
}
