//! Fuzz target: the JSONPath, Reference Path and intrinsic-function parsers on arbitrary text,
//! then evaluation of what parses against a document, as a state's `.$` field would run it.
//!
//! Input: `expression NUL document`; the document is JSON (a fixed sample when absent or
//! invalid). Invariant: every error range lies inside the expression text.
#![no_main]

use aslctl::simulate::context::{ExecutionInfo, LazyContext, StateInfo};
use aslctl::simulate::env::{EvalCx, Vars};
use aslctl::simulate::intrinsics::Rng;
use aslctl::simulate::{path, payload};
use aslctl_fuzz::split;
use aslctl_parser::expr::{
    self, ExprError, check_call, parse_intrinsic, parse_path, parse_reference_path, template_pieces,
};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fn check_range(e: &ExprError, text: &str) {
    assert!(
        e.range.start <= e.range.end && e.range.end <= text.len(),
        "error range {:?} outside `{text}` ({} bytes): {}",
        e.range,
        text.len(),
        e.message
    );
}

fn sample() -> Value {
    json!({
        "a": {"b": [1, 2.5, "three", null, true, {"c": [[], {}]}]},
        "items": [{"id": 1, "price": 10}, {"id": 2, "price": 20.5, "tags": ["x", "y"]}],
        "s": "a,b,,c",
        "n": -3
    })
}

fuzz_target!(|data: &[u8]| {
    let parts = split(data, 2);
    let text = String::from_utf8_lossy(parts[0]);
    let text = text.as_ref();
    let doc: path::Value = serde_json::from_slice::<Value>(parts[1])
        .unwrap_or_else(|_| sample())
        .into();

    let path = parse_path(text);
    if let Err(e) = &path {
        check_range(e, text);
    }
    match parse_reference_path(text) {
        Err(e) => check_range(&e, text),
        Ok(p) => {
            let _ = path::write_result_path(doc.clone(), &p, json!({"r": 1}).into());
        }
    }
    if let Ok(p) = &path {
        let _ = path::normalized(p);
        let _ = path::select(p, &doc, &doc, |name| (name == "v").then_some(&doc));
    }
    match parse_intrinsic(text) {
        Err(e) => check_range(&e, text),
        Ok(call) => {
            for e in check_call(&call) {
                check_range(&e, text);
            }
            for arg in &call.args {
                let _ = arg.template_pieces();
            }
        }
    }
    let _ = template_pieces(text);

    // Evaluate as a `.$` field of a state does.
    let Ok(parsed) = expr::parse_payload_expr(text) else {
        return;
    };
    let info = ExecutionInfo::new(
        "arn:aws:states:us-east-1:123456789012:execution:Fuzz:run".into(),
        "run".into(),
        "2024-01-01T00:00:00.000Z".into(),
        "arn:aws:iam::123456789012:role/fuzz".into(),
        "arn:aws:states:us-east-1:123456789012:stateMachine:Fuzz".into(),
        "Fuzz".into(),
        Some(doc.clone()),
    );
    let context = LazyContext::new(
        &info,
        StateInfo {
            name: "S",
            entered_at: chrono::DateTime::UNIX_EPOCH,
            retry_count: 0,
            task_token: Some("token".into()),
            map_item: Some((1, &doc)),
        },
    );
    let mut vars = Vars::default();
    vars.set("v", doc.clone());
    let base = EvalCx::for_state(&context, &vars, "S", 2, 0);
    let cx = base.with_input(&doc);
    let _ = payload::eval_expr(
        &payload::compile_expr(&parsed),
        text,
        "Field.$",
        &cx,
        &mut Rng::new(7),
    );
});
