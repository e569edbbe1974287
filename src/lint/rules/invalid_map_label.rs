//! ASL208 `invalid-map-label`.

use crate::lint::prelude::*;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Flags a Map `Label` that is longer than 40 characters, contains a character AWS does
    /// not allow, or is used by another Map state of the machine.
    ///
    /// ## Why is this bad?
    /// The label becomes part of the Map Run ARN. AWS rejects the definition
    /// (`INVALID_LABEL_NAME`, `DUPLICATE_LABEL_NAME`): labels are unique, up to 40 characters,
    /// without whitespace, brackets `< > { } [ ]`, wildcards `? *`, the characters
    /// `" # % \ ^ | ~ ` $ & , ; : /` or control characters (Map state in distributed mode,
    /// AWS developer guide).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "my label", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "my-label", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    InvalidMapLabel { code: "ASL208", name: "invalid-map-label", severity: Error }
}

const FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";

impl Rule for InvalidMapLabel {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (_, st) in machine.states() {
            let StateKind::Map(map) = &st.kind else {
                continue;
            };
            let Some(node) = map.label else {
                continue;
            };
            let Some(label) = node.as_str() else {
                continue;
            };
            let ptr = pointer_push(&st.pointer, "Label");
            if is_placeholder_only(label) {
                continue;
            }
            if label.chars().count() > 40 {
                cx.report(Self::META.at(
                    node.span,
                    &ptr,
                    format!(
                        "`Label` is {} characters long; AWS allows at most 40",
                        label.chars().count()
                    ),
                ));
            } else if let Some(c) = label
                .chars()
                .find(|c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(*c))
            {
                cx.report(
                    Self::META
                        .at(
                            node.span,
                            &ptr,
                            format!("`Label` contains {c:?}, which AWS does not allow"),
                        )
                        .with_help("use letters, digits, `-` and `_`"),
                );
            } else if let Some(first) = seen.get(label) {
                cx.report(
                    Self::META
                        .at(
                            node.span,
                            &ptr,
                            format!("the label `{label}` is already used by another Map state"),
                        )
                        .with_secondary(*first, "first used here"),
                );
            } else {
                seen.insert(label, node.span);
            }
        }
    }
}

fn is_placeholder_only(s: &str) -> bool {
    s.starts_with("${") && s.ends_with('}') && s.matches("${").count() == 1
}
