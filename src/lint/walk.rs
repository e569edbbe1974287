//! The one walker: calls every active rule's hooks over the machine, its scopes and states.

use super::LintCx;
use super::registry::Rule;
use aslctl_parser::model::StateMachine;

/// Runs `check_machine`, then `check_scope` and `check_state` for every scope (root first,
/// nested scopes in source order) and state. The model is already flat (`scopes()`), so no
/// recursion here depends on the input.
pub fn walk(machine: &StateMachine<'_>, rules: &[&dyn Rule], cx: &mut LintCx<'_>) {
    for rule in rules {
        rule.check_machine(machine, cx);
    }
    for scope in machine.scopes() {
        for rule in rules {
            rule.check_scope(scope, cx);
        }
        for state in &scope.states {
            for rule in rules {
                rule.check_state(state, scope, cx);
            }
        }
    }
}
