//! ASL502 `express-distributed-map`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// With `--type express`, flags a Map state in `DISTRIBUTED` mode.
    ///
    /// ## Why is this bad?
    /// A Distributed Map starts child workflow executions and Map Runs, which only Standard
    /// parent workflows support; AWS rejects the definition.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
    /// ```
    ExpressDistributedMap { code: "ASL502", name: "express-distributed-map", severity: Error }
}

impl Rule for ExpressDistributedMap {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if !cx.is_express() {
            return;
        }
        if let StateKind::Map(m) = &state.kind
            && let Some(mode) = m.mode
            && mode.value == MapMode::Distributed
        {
            cx.report(
                Self::META
                    .at(
                        mode.span,
                        &format!("{}/ItemProcessor/ProcessorConfig/Mode", state.pointer),
                        "Express workflows cannot run a Distributed Map",
                    )
                    .with_help("use `Mode: INLINE`, or run this workflow as a Standard workflow"),
            );
        }
    }
}
