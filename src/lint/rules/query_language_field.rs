//! ASL400 `query-language-field`.

use crate::lint::jsonata::foreign_fields;
use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a field that belongs to the other query language: a JSONPath field (`Parameters`,
    /// `ResultSelector`, `ResultPath`, `InputPath`, `OutputPath`, `ItemsPath`, the `...Path`
    /// variants) in a JSONata state, or a JSONata field (`Arguments`, `Output`, `Items`,
    /// `Condition`) in a JSONPath state. A state's language is its own `QueryLanguage`, else the
    /// state machine's, else JSONPath.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition: "The QueryLanguage is set to 'JSONPath', but field 'Output'
    /// is only supported for the 'JSONata' QueryLanguage". JSONata states replace the five
    /// JSONPath processing fields with `Arguments` and `Output` ("Transforming data with JSONata
    /// in Step Functions").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "OutputPath": "$.x", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.x %}", "End": true}}}
    /// ```
    QueryLanguageField { code: "ASL400", name: "query-language-field", severity: Error }
}

impl Rule for QueryLanguageField {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let ql = state.query_language(cx.machine_language());
        let jsonata = ql == QueryLanguage::Jsonata;
        let (own, other) = if jsonata {
            ("JSONata", "JSONPath")
        } else {
            ("JSONPath", "JSONata")
        };
        let why = if state.fields.query_language.is_some() {
            "its own `QueryLanguage`"
        } else if jsonata {
            "from the state machine's `QueryLanguage`"
        } else {
            "the default"
        };
        for f in foreign_fields(state, jsonata) {
            cx.report(
                Self::META
                    .at(
                        f.key_span,
                        &f.pointer,
                        format!(
                            "`{}` is a {other} field, but this state uses {own} ({why})",
                            f.name
                        ),
                    )
                    .with_help(f.instead),
            );
        }
    }
}
