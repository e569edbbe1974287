//! ASL600 `processor-config`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an invalid Map `ProcessorConfig`: an unknown `Mode` or `ExecutionType`, an unknown field, or `Mode: DISTRIBUTED` without `ExecutionType`.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition; a Distributed Map must say whether its child workflows are STANDARD or EXPRESS.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ProcessorConfig { code: "ASL600", name: "processor-config", severity: Error }
}

impl Rule for ProcessorConfig {}
