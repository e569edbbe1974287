//! ASL409 `variable-scope-leak`.

use crate::lint::prelude::*;
use crate::lint::variables::ReadStatus;

declare_rule! {
    /// ## What it does
    /// Flags a variable read outside the Map iteration or Parallel branch that assigns it
    /// (after the Map or Parallel state, or in a sibling branch), when no assignment in scope
    /// could have set it.
    ///
    /// ## Why is this bad?
    /// Each Parallel branch and Map iteration has its own variable scope: it can read the
    /// outer variables, but what it assigns is not visible outside; only `Output` returns data
    /// ("Passing data between states with variables"). The read fails at run time.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
    ///   "P": {"Type": "Parallel", "Next": "B", "Branches": [
    ///     {"StartAt": "X", "States": {"X": {"Type": "Pass", "Assign": {"found": true}, "End": true}}}]},
    ///   "B": {"Type": "Pass", "Output": "{% $found %}", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
    ///   "P": {"Type": "Parallel", "Next": "B", "Assign": {"found": "{% $states.result[0] %}"}, "Branches": [
    ///     {"StartAt": "X", "States": {"X": {"Type": "Pass", "Output": true, "End": true}}}]},
    ///   "B": {"Type": "Pass", "Output": "{% $found %}", "End": true}}}
    /// ```
    VariableScopeLeak { code: "ASL409", name: "variable-scope-leak", severity: Warning }
}

impl Rule for VariableScopeLeak {
    fn check_machine(&self, machine: &StateMachine<'_>, cx: &mut LintCx<'_>) {
        let found: Vec<Diagnostic> = cx
            .variables(machine)
            .reads
            .iter()
            .filter_map(|r| {
                let ReadStatus::OutOfScope(scope) = &r.status else {
                    return None;
                };
                Some(
                    Self::META
                        .at(
                            r.span,
                            &r.pointer,
                            format!(
                                "variable `${}` is assigned only inside `{}`, whose variables are not visible here",
                                r.name,
                                describe_scope(scope)
                            ),
                        )
                        .with_help("return the value through the Map or Parallel state's `Output` (or `ResultSelector`), and assign it after the state"),
                )
            })
            .collect();
        for d in found {
            cx.report(d);
        }
    }
}

/// `/States/P/Branches/0` → `States/P/Branches/0`, readable as a location.
fn describe_scope(pointer: &str) -> String {
    pointer
        .trim_start_matches('/')
        .replace("~1", "/")
        .replace("~0", "~")
}
