//! One module per state type; the executor's single `match` dispatches here.

pub(crate) mod choice;
pub(crate) mod map;
pub(crate) mod parallel;
pub(crate) mod pass;
pub(crate) mod task;
pub(crate) mod terminal;
pub(crate) mod wait;

use super::value::Value;

use super::compile::NumberSource;
use super::env::EvalCx;
use super::error::Failure;
use super::exec::runtime;
use super::expr_eval;
use super::intrinsics::Rng;
use super::io::invalid_path;

/// A number field (literal, `…Path` or JSONata), with AWS's wording for a path value that
/// is not the right kind of number: `The MaxConcurrencyPath field refers to value "x" which is
/// not a valid integer: $.path`.
pub(crate) fn number_field(
    src: &NumberSource,
    field: &str,
    kind: NumberKind,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
) -> Result<f64, Failure> {
    let (value, path_text) = match src {
        NumberSource::Literal(v) => (v.clone(), None),
        NumberSource::Path(p, text) => (
            cx.select(p)
                .map_err(|e| Failure::Error(invalid_path(&e, text, cx)))?,
            Some(text.as_str()),
        ),
        NumberSource::Jsonata(e) => {
            let v = expr_eval::evaluate(e, cx, rng)?;
            let fits = match (&v, kind) {
                (Value::Number(n), NumberKind::Integer) => n.is_i64() || n.is_u64(),
                (Value::Number(_), NumberKind::Float) => true,
                _ => false,
            };
            if !fits {
                // JSONata fields fail with States.QueryEvaluationError (AWS "Handling errors").
                let expected = match kind {
                    NumberKind::Integer => "integer",
                    NumberKind::Float => "number",
                };
                return Err(expr_eval::failure(
                    e,
                    cx,
                    &format!(
                        "returned an unexpected result type. Expected '{expected}', but was '{}' for value: {}",
                        expr_eval::type_name(&v),
                        serde_json::to_string(&v).unwrap_or_default()
                    ),
                ));
            }
            (v, None)
        }
    };
    let n = match (&value, kind) {
        (Value::Number(n), NumberKind::Integer) if n.is_i64() || n.is_u64() => n.as_f64(),
        (Value::Number(n), NumberKind::Float) => n.as_f64(),
        _ => None,
    };
    n.ok_or_else(|| {
        let shown = match &value {
            Value::String(s) => s.to_string(),
            other => other.to_string(),
        };
        let kind = match kind {
            NumberKind::Integer => "integer",
            NumberKind::Float => "float",
        };
        match path_text {
            Some(text) => runtime(
                cx,
                &format!(
                    "The {field}Path field refers to value \"{shown}\" which is not a valid {kind}: {text}"
                ),
            ),
            None => runtime(cx, &format!("The {field} field must be a valid {kind}, got {shown}")),
        }
    })
}

/// What a number field must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// An integer.
    Integer,
    /// Any number.
    Float,
}
