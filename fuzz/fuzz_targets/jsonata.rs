//! Fuzz target: JSONata parsing (with Step Functions' restrictions), the static reference
//! walk, and bounded evaluation.
//!
//! Input: `expression NUL $states.input`; the input is JSON (a fixed sample when absent or
//! invalid). The text is read both as a bare expression and as a `{% … %}` field value.
//! Invariants: no panic, no hang (the step budget bounds every loop), error ranges inside the
//! expression.
#![no_main]

use aslctl_fuzz::split;
use aslctl_parser::jsonata::{self, Bindings, Limits, Template};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fn run(src: &str, bindings: &Bindings) {
    let expr = match jsonata::parse(src) {
        Ok(e) => e,
        Err(e) => {
            if let Some(r) = &e.range {
                assert!(
                    r.start <= r.end && r.end <= src.len(),
                    "error range {r:?} outside a {}-byte expression: {}",
                    src.len(),
                    e.message
                );
            }
            return;
        }
    };
    for r in jsonata::references(&expr) {
        if let Some(range) = &r.range {
            assert!(
                range.end <= src.len(),
                "reference range {range:?} outside the text"
            );
        }
    }
    let _ = jsonata::evaluate(&expr, bindings);
}

fuzz_target!(init: aslctl_fuzz::allow_engine_panics(), |data: &[u8]| {
    let parts = split(data, 2);
    let text = String::from_utf8_lossy(parts[0]);
    let input = serde_json::from_slice::<Value>(parts[1]).unwrap_or_else(|_| {
        json!({"items": [{"id": 1, "price": 10}, {"id": 2, "price": 20.5}], "s": "abc", "n": 3})
    });
    let mut bindings = Bindings::default();
    bindings.states.input = input.clone();
    bindings.states.result = Some(json!({"Payload": {"ok": true}}));
    bindings.states.error_output = Some(json!({"Error": "States.ALL", "Cause": "x"}));
    bindings.states.context =
        json!({"Execution": {"Input": input, "Name": "run"}, "State": {"Name": "S"}});
    bindings.variables.insert("v".into(), json!([1, 2, 3]));
    bindings.random_seed = 7;
    bindings.now_millis = 1_704_067_200_000;
    // Smaller than the simulator's budgets so one input stays fast; the depth limit is the
    // real one, so deep recursion is still exercised.
    bindings.limits = Limits {
        max_steps: 20_000,
        max_sequence: 20_000,
        max_string_bytes: 1 << 20,
        max_result_bytes: 1 << 20,
        ..Limits::default()
    };
    run(&text, &bindings);
    if let Template::Expression { source, .. } = jsonata::split_template(&text) {
        run(source, &bindings);
    }
});
