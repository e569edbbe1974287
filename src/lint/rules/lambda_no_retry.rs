//! ASL702 `lambda-no-retry`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a Lambda Task without a retrier for the transient Lambda errors
    /// (`Lambda.ServiceException`, `Lambda.AWSLambdaException`, `Lambda.SdkClientException`,
    /// `Lambda.TooManyRequestsException`).
    ///
    /// ## Why is this bad?
    /// AWS recommends retrying these proactively ("Handle transient Lambda service
    /// exceptions", Best practices for Step Functions); without a retrier a brief Lambda hiccup
    /// fails the execution.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 60, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 60, "End": true, "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2}]}}}
    /// ```
    LambdaNoRetry { code: "ASL702", name: "lambda-no-retry", severity: Info }
}

const TRANSIENT: &[&str] = &[
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
    "States.ALL",
    "States.TaskFailed",
];

impl Rule for LambdaNoRetry {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !resource(state).is_some_and(is_lambda) {
            return;
        }
        let covered = state
            .fields
            .retry
            .iter()
            .any(|r| r.error_equals.iter().any(|e| TRANSIENT.contains(&e.value)));
        if !covered {
            cx.report(
                Self::META
                    .at(state.name_span, &state.pointer, "this Lambda task does not retry transient Lambda service errors")
                    .with_help("add a retrier for `Lambda.ServiceException`, `Lambda.AWSLambdaException`, `Lambda.SdkClientException` and `Lambda.TooManyRequestsException`"),
            );
        }
    }
}
