//! ASL410 `jsonata-choice-rule`.

use crate::lint::prelude::*;
use aslctl_parser::jsonata::{Template, split_template};
use aslctl_parser::model::operator::Operator;

declare_rule! {
    /// ## What it does
    /// Flags a Choice rule of a JSONata state that does not test with `Condition`: it uses
    /// JSONPath rule syntax (`Variable`, a comparison operator such as `StringEquals`, `And`,
    /// `Or`, `Not`), lacks `Condition`, or gives `Condition` a plain string instead of a
    /// `{% … %}` expression or a boolean.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition. In JSONata, each Choice rule is `Condition` (a JSONata
    /// expression that evaluates to a boolean) with `Next`, and optionally `Assign`/`Output`
    /// ("Choice workflow state"; "Transforming data with JSONata in Step Functions").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    ///   "C": {"Type": "Choice", "Default": "D", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "D"}]},
    ///   "D": {"Type": "Succeed"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    ///   "C": {"Type": "Choice", "Default": "D", "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "D"}]},
    ///   "D": {"Type": "Succeed"}}}
    /// ```
    JsonataChoiceRule { code: "ASL410", name: "jsonata-choice-rule", severity: Error }
}

impl Rule for JsonataChoiceRule {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::Jsonata {
            return;
        }
        let StateKind::Choice(choice) = &state.kind else {
            return;
        };
        for rule in &choice.choices {
            let members = rule.node.as_object().unwrap_or(&[]);
            let jsonpath_key = members.iter().find(|m| {
                matches!(m.key.as_str(), "Variable" | "And" | "Or" | "Not")
                    || Operator::from_name(&m.key).is_some()
            });
            let condition = rule.node.member("Condition");
            let finding = if let Some(m) = jsonpath_key {
                Some((
                    m.key_span,
                    pointer_push(&rule.pointer, &m.key),
                    format!(
                        "`{}` is JSONPath Choice syntax; a JSONata Choice rule tests with `Condition`",
                        m.key
                    ),
                ))
            } else if let Some(c) = condition {
                let plain_string = c
                    .value
                    .as_str()
                    .is_some_and(|s| matches!(split_template(s), Template::Literal));
                plain_string.then(|| {
                    (
                        c.value.span,
                        pointer_push(&rule.pointer, "Condition"),
                        "`Condition` must be a `{% … %}` expression or a boolean, not a plain string".to_string(),
                    )
                })
            } else {
                Some((
                    start_span(rule.node),
                    rule.pointer.clone(),
                    "this JSONata Choice rule has no `Condition`".to_string(),
                ))
            };
            if let Some((span, ptr, msg)) = finding {
                cx.report(
                    Self::META.at(span, &ptr, msg).with_help(
                        "write the test as `\"Condition\": \"{% $states.input.n > 1 %}\"`",
                    ),
                );
            }
        }
    }
}
