//! Helpers shared by the fuzz targets: splitting one input into parts and span invariants.
#![forbid(unsafe_code)]

use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::json::{Node, NodeValue};
use aslctl_parser::source::Span;

/// Separates the parts of a multi-part input (definition, mocks, state input). JSON and YAML
/// text never contains a raw NUL, so the seeds split cleanly and mutations can move the cut.
pub const SEPARATOR: u8 = 0;

/// Splits `data` at the first `n - 1` separators; missing parts are empty.
#[must_use]
pub fn split(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = data.splitn(n, |&b| b == SEPARATOR).collect();
    parts.resize(n, &[]);
    parts
}

/// Panics unless `span` lies inside a text of `len` bytes.
pub fn check_span(span: Span, len: usize, what: &str) {
    assert!(
        span.start <= span.end && span.end <= len,
        "{what} span {span} outside the text of {len} bytes"
    );
}

/// Panics unless every node and key span of the tree lies inside the text. Walks with an
/// explicit stack: the tree may be as deep as the parser allows.
pub fn check_tree(root: &Node, text: &str) {
    let len = text.len();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        check_span(node.span, len, "node");
        match &node.value {
            NodeValue::Array(items) => stack.extend(items),
            NodeValue::Object(members) => {
                for m in members {
                    check_span(m.key_span, len, "key");
                    stack.push(&m.value);
                }
            }
            NodeValue::Null | NodeValue::Bool(_) | NodeValue::Number(_) | NodeValue::String(_) => {}
        }
    }
}

/// Panics unless every label of every diagnostic lies inside the text.
pub fn check_diagnostics(diags: &[Diagnostic], len: usize) {
    for d in diags {
        for l in &d.labels {
            check_span(l.span, len, d.code);
        }
    }
}

/// Lets panics raised inside the JSONata engine unwind to the library's containment
/// (`aslctl_parser::jsonata` turns them into evaluation errors) instead of aborting; every
/// other panic still aborts through libFuzzer's hook. Call once from a target's `init`.
pub fn allow_engine_panics() {
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !raised_in_engine() {
            abort(info);
        }
    }));
}

/// Whether the innermost frame outside the standard library is jsonata-core's.
fn raised_in_engine() -> bool {
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    trace
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("at "))
        .find(|path| !path.starts_with("/rustc/") && !path.contains("fuzz/src/lib.rs"))
        .is_some_and(|path| path.contains("/jsonata-core-"))
}

/// JSON equality where numbers compare by value: `-0` is the integer 0 for the loader (as for
/// Jackson, which Step Functions uses) but the float -0.0 for `serde_json`.
#[must_use]
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                if x != y && x.as_f64() != y.as_f64() {
                    return false;
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                stack.extend(x.iter().zip(y));
            }
            (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
                for (k, v) in x {
                    let Some(w) = y.get(k) else {
                        return false;
                    };
                    stack.push((v, w));
                }
            }
            (Value::Array(_) | Value::Object(_), _) => return false,
            (x, y) => {
                if x != y {
                    return false;
                }
            }
        }
    }
    true
}
