//! Fuzz target: load (format detected as `aslctl` does) and build the typed model, then walk
//! everything the model exposes.
#![no_main]

use aslctl_fuzz::check_diagnostics;
use aslctl_parser::load::{LoadOptions, load};
use aslctl_parser::model::{self, StateKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = load("fuzz", data.to_vec(), LoadOptions::default());
    let len = loaded.source.text().len();
    let Some(root) = &loaded.root else {
        return;
    };
    let (machine, diags) = model::build(root);
    check_diagnostics(&diags, len);
    let Some(machine) = machine else {
        return;
    };
    let language = machine.query_language();
    for scope in machine.scopes() {
        let _ = scope.start_state();
        for state in &scope.states {
            let _ = state.query_language(language);
            let _ = state.is_terminal();
            for t in state.transitions() {
                let _ = scope.index_of(t.target.value);
                let _ = t.kind.field();
            }
            if let StateKind::Choice(c) = &state.kind {
                // Choice rules nest (And/Or/Not); walk them with a stack.
                let mut stack: Vec<_> = c.choices.iter().collect();
                while let Some(rule) = stack.pop() {
                    stack.extend(rule.children());
                }
            }
        }
    }
});
