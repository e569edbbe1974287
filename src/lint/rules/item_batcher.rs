//! ASL603 `item-batcher`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an invalid `ItemBatcher`: unknown fields, a limit and its `...Path` form together, `MaxItemsPerBatch` below 1, or `MaxInputBytesPerBatch` above 262,144 bytes.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition; a batch is passed as one child input, which is capped at 256 KiB.
    ///
    /// Reported by the schema pass (`schemas/asl.schema.json`).
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemBatcher": {"MaxInputBytesPerBatch": 500000}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemBatcher": {"MaxInputBytesPerBatch": 262144}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ItemBatcher { code: "ASL603", name: "item-batcher", severity: Error }
}

impl Rule for ItemBatcher {}
