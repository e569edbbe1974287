//! ASL303 `dollar-key-collision`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a payload template object that has both `x` and `x.$`.
    ///
    /// ## Why is this bad?
    /// Both produce the output field `x`; the specification says such a template MUST NOT
    /// have duplicate field names after the `.$` is removed, and AWS rejects it.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id": 1, "id.$": "$.id"}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "$.id"}, "End": true}}}
    /// ```
    DollarKeyCollision { code: "ASL303", name: "dollar-key-collision", severity: Error }
}

impl Rule for DollarKeyCollision {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        for (node, ptr) in payload_templates(state) {
            for_each_object(node, &ptr, |members, p| {
                for m in members {
                    let Some(base) = m.key.strip_suffix(".$") else {
                        continue;
                    };
                    if let Some(plain) = members.iter().find(|o| o.key == base) {
                        cx.report(
                            Self::META
                                .at(
                                    m.key_span,
                                    &pointer_push(p, &m.key),
                                    format!("`{}` and `{base}` both set the field `{base}`", m.key),
                                )
                                .with_secondary(plain.key_span, "also set here")
                                .with_help("keep one of them"),
                        );
                    }
                }
            });
        }
    }
}
