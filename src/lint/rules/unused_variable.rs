//! ASL407 `unused-variable`.

use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `Assign` entry whose variable is never read anywhere in the state machine.
    ///
    /// ## Why is this bad?
    /// The value is computed and stored for nothing, and stored variables count against the
    /// execution's variable size limits ("Passing data between states with variables"). Often
    /// the read was misspelt.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
    ///   "A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
    ///   "B": {"Type": "Pass", "Output": "{% $total %}", "End": true}}}
    /// ```
    UnusedVariable { code: "ASL407", name: "unused-variable", severity: Info }
}

impl Rule for UnusedVariable {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        let a = cx.variables(machine);
        let found: Vec<Diagnostic> = a
            .assignments
            .iter()
            .filter(|x| !a.is_read(&x.name))
            .map(|x| {
                Self::META.at(
                    x.span,
                    &x.pointer,
                    format!("variable `{}` is assigned but never read", x.name),
                )
            })
            .collect();
        for d in found {
            cx.report(d);
        }
    }
}
