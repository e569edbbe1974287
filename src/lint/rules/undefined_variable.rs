//! ASL406 `undefined-variable`.

use crate::lint::prelude::*;
use crate::lint::variables::ReadStatus;

declare_rule! {
    /// ## What it does
    /// Flags a variable read (`$name` in a JSONata expression, or in a JSONPath path,
    /// `.$` value or intrinsic argument) where no `Assign` can have set it: no path from the
    /// start of the workflow through earlier states assigns it, and no enclosing scope did
    /// before the Map or Parallel state started. Inside a Distributed Map, variables of the
    /// outer workflow are not visible at all.
    ///
    /// ## Why is this bad?
    /// Reading a variable that was never assigned fails the execution at run time. Variables
    /// take effect when the assigning state completes, and inner scopes see the outer ones
    /// only as they were on entry ("Passing data between states with variables").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
    ///   "A": {"Type": "Pass", "Output": "{% $total %}", "Next": "B"},
    ///   "B": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
    ///   "A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
    ///   "B": {"Type": "Pass", "Output": "{% $total %}", "End": true}}}
    /// ```
    UndefinedVariable { code: "ASL406", name: "undefined-variable", severity: Warning }
}

impl Rule for UndefinedVariable {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        let found: Vec<Diagnostic> = cx
            .variables(machine)
            .reads
            .iter()
            .filter_map(|r| {
                let (msg, help) = match r.status {
                    ReadStatus::Undefined => (
                        format!("variable `${}` is read here, but no earlier state assigns it", r.name),
                        format!("set `{}` in the `Assign` of a state that runs before this one", r.name),
                    ),
                    ReadStatus::DistributedMap => (
                        format!("variable `${}` belongs to the outer workflow, which a Distributed Map cannot read", r.name),
                        "pass the value in through `ItemSelector` (or `Parameters`) instead".to_string(),
                    ),
                    _ => return None,
                };
                Some(Self::META.at(r.span, &r.pointer, msg).with_help(help))
            })
            .collect();
        for d in found {
            cx.report(d);
        }
    }
}
