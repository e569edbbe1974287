//! ASL602 `item-reader`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an invalid `ItemReader`: a missing or unknown field, an unknown `InputType`,
    /// `CSVHeaderLocation` or `CSVDelimiter`, `CSVHeaderLocation: GIVEN` without `CSVHeaders`,
    /// or a `Resource` that is not an S3 read integration (`s3:getObject`, `s3:listObjectsV2`).
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (ItemReader (Map), AWS developer guide).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}, "Parameters": {"Bucket": "b", "Key": "k.csv"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "b", "Key": "k.csv"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ItemReader { code: "ASL602", name: "item-reader", severity: Error }
}

impl Rule for ItemReader {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let StateKind::Map(m) = &state.kind else {
            return;
        };
        let Some(reader) = m.item_reader else {
            return;
        };
        let base = pointer_push(&state.pointer, "ItemReader");
        if let Some(res) = reader.get("Resource")
            && let Some(r) = res.as_str()
            && !is_dynamic(r)
        {
            let ok = arn_parts(r).is_some_and(|p| p[2] == "states" && p[5].starts_with("s3:"));
            if !ok {
                cx.report(
                    Self::META
                        .at(res.span, &pointer_push(&base, "Resource"), format!("`{r}` is not an S3 item reader"))
                        .with_help("use `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`"),
                );
            }
        }
        if let Some(cfg) = reader.get("ReaderConfig")
            && cfg.get("CSVHeaderLocation").and_then(Node::as_str) == Some("GIVEN")
            && cfg.get("CSVHeaders").is_none()
            && let Some(span) = key_span(cfg, "CSVHeaderLocation")
        {
            cx.report(
                Self::META
                    .at(
                        span,
                        &format!("{base}/ReaderConfig/CSVHeaderLocation"),
                        "`CSVHeaderLocation: GIVEN` needs `CSVHeaders`",
                    )
                    .with_help("list the column names in `CSVHeaders`, or use `FIRST_ROW`"),
            );
        }
    }
}
