//! ASL311 `no-path`.

use crate::lint::prelude::*;
use aslctl_parser::model::operator::OperandKind;

declare_rule! {
    /// ## What it does
    /// Flags a field that takes a literal but holds a path: a Choice comparison such as
    /// `StringEquals: "$.expected"` (use `StringEqualsPath`), a Fail `Error`/`Cause` of `"$.x"`
    /// (use `ErrorPath`/`CausePath`), a Wait `Timestamp` of `"$.when"` (use `TimestampPath`).
    ///
    /// ## Why is this bad?
    /// The path is never evaluated; the literal string is used. AWS accepts the definition with
    /// a `NO_PATH` warning.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "$.errorCode"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.errorCode"}}}
    /// ```
    NoPath { code: "ASL311", name: "no-path", severity: Warning }
}

impl NoPath {
    fn check(
        node: Option<&Node>,
        pointer: String,
        field: &str,
        instead: &str,
        cx: &mut LintCx<'_>,
    ) {
        let Some(n) = node else {
            return;
        };
        let Some(s) = n.as_str() else {
            return;
        };
        if looks_like_path(s) {
            cx.report(
                Self::META
                    .at(n.span, &pointer, format!("`{field}` is compared or used literally; `{s}` is not evaluated as a path"))
                    .with_help(format!("use `{instead}` to read the value from the input")),
            );
        }
    }
}

impl Rule for NoPath {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::JsonPath {
            return;
        }
        match &state.kind {
            StateKind::Fail(f) => {
                Self::check(
                    f.error,
                    pointer_push(&state.pointer, "Error"),
                    "Error",
                    "ErrorPath",
                    cx,
                );
                Self::check(
                    f.cause,
                    pointer_push(&state.pointer, "Cause"),
                    "Cause",
                    "CausePath",
                    cx,
                );
            }
            StateKind::Wait(w) => {
                Self::check(
                    w.timestamp,
                    pointer_push(&state.pointer, "Timestamp"),
                    "Timestamp",
                    "TimestampPath",
                    cx,
                );
            }
            StateKind::Choice(c) => {
                let mut stack: Vec<&ChoiceRule<'_>> = c.choices.iter().collect();
                while let Some(rule) = stack.pop() {
                    if let RuleKind::Compare {
                        operator, operand, ..
                    } = &rule.kind
                        && !operator.value.path
                        && matches!(
                            operator.value.kind,
                            OperandKind::String | OperandKind::Timestamp
                        )
                    {
                        let name = operator.value.name();
                        if name != "StringMatches" {
                            Self::check(
                                Some(operand),
                                pointer_push(&rule.pointer, &name),
                                &name,
                                &format!("{name}Path"),
                                cx,
                            );
                        }
                    }
                    stack.extend(rule.children());
                }
            }
            _ => {}
        }
    }
}
