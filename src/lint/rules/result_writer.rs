//! ASL604 `result-writer`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an invalid `ResultWriter`: an unknown field, an unknown `WriterConfig`
    /// `Transformation`/`OutputType`, or a `Resource` other than `arn:aws:states:::s3:putObject`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (ResultWriter (Map), AWS developer guide).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ResultWriter": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Prefix": "out"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "out"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ResultWriter { code: "ASL604", name: "result-writer", severity: Error }
}

impl Rule for ResultWriter {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Map(m) = &state.kind else {
            return;
        };
        let Some(res) = m.result_writer.and_then(|w| w.get("Resource")) else {
            return;
        };
        let Some(r) = res.as_str() else {
            return;
        };
        if is_dynamic(r) {
            return;
        }
        if !arn_parts(r).is_some_and(|p| p[2] == "states" && p[5] == "s3:putObject") {
            cx.report(
                Self::META
                    .at(
                        res.span,
                        &format!("{}/ResultWriter/Resource", state.pointer),
                        format!("`{r}` cannot write Map results"),
                    )
                    .with_help("use `arn:aws:states:::s3:putObject`"),
            );
        }
    }
}
