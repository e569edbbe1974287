//! Conversions between `serde_json::Value` and the engine's `JValue`, bounded in depth and size.
//!
//! JSONata numbers are doubles; Step Functions prints integral ones as integers (`42`, not
//! `42.0`) and `-0` as `0` (case `intrinsic_jsonata_parse_00`: `$parse("-0")` outputs `0`).

use indexmap::IndexMap;
use jsonata_core::value::JValue;
use serde_json::{Map, Number, Value};

use super::{JsonataError, Limits, Outcome, States, codes};

/// Values nested deeper than this are refused, both in and out (serde_json itself stops
/// parsing at 128 levels).
pub(crate) const MAX_VALUE_DEPTH: usize = 512;

/// Largest integer a double holds exactly (2^53).
const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

fn too_deep() -> JsonataError {
    JsonataError::new(
        codes::SIZE_LIMIT,
        format!("Value nests deeper than {MAX_VALUE_DEPTH} levels"),
        None,
    )
}

/// The nesting depth of `v`, computed without recursion.
fn depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, d + 1))),
            _ => {}
        }
    }
    max
}

/// Converts a JSON value for binding into the evaluator.
pub(crate) fn to_jvalue(v: &Value) -> Result<JValue, JsonataError> {
    if depth(v) > MAX_VALUE_DEPTH {
        return Err(too_deep());
    }
    Ok(JValue::from(v.clone()))
}

/// Builds the `$states` object; absent fields stay undefined, as on AWS.
pub(crate) fn states_to_jvalue(states: &States) -> Result<JValue, JsonataError> {
    let mut map = IndexMap::new();
    map.insert("input".to_owned(), to_jvalue(&states.input)?);
    if let Some(result) = &states.result {
        map.insert("result".to_owned(), to_jvalue(result)?);
    }
    if let Some(error) = &states.error_output {
        map.insert("errorOutput".to_owned(), to_jvalue(error)?);
    }
    map.insert("context".to_owned(), to_jvalue(&states.context)?);
    Ok(JValue::object(map))
}

/// A JSON number for `n`: an integer when `n` is integral and exactly representable.
pub(crate) fn number(n: f64) -> Result<Value, JsonataError> {
    if !n.is_finite() {
        return Err(JsonataError::new(
            codes::NOT_FINITE,
            "Number out of range: the result is not a finite number",
            None,
        ));
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        // Exact: integral and within ±2^53, so the cast loses nothing (and maps -0 to 0).
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Value::Number(Number::from(n as i64)));
    }
    Number::from_f64(n)
        .map(Value::Number)
        .ok_or_else(|| JsonataError::new(codes::NOT_FINITE, "Number out of range", None))
}

/// Turns the engine's result into an [`Outcome`], within `limits.max_result_bytes`.
pub(crate) fn outcome(v: &JValue, limits: Limits) -> Result<Outcome, JsonataError> {
    match v {
        JValue::Undefined => Ok(Outcome::Undefined),
        JValue::Lambda(_) | JValue::Builtin { .. } | JValue::Regex { .. } => Ok(Outcome::Function),
        _ => {
            let mut budget = limits.max_result_bytes;
            Ok(Outcome::Value(
                to_json(v, 1, &mut budget)?.unwrap_or(Value::Null),
            ))
        }
    }
}

/// Converts a nested value; `None` for what JSON cannot hold (undefined, functions), which
/// `JSON.stringify` drops from objects and turns into `null` in arrays.
fn to_json(v: &JValue, depth: usize, budget: &mut usize) -> Result<Option<Value>, JsonataError> {
    if depth > MAX_VALUE_DEPTH {
        return Err(too_deep());
    }
    let cost = match v {
        JValue::String(s) => s.len() + 2,
        JValue::Array(a) => a.len() + 2,
        JValue::Object(o) => o.len() + 2,
        _ => 8,
    };
    *budget = budget.checked_sub(cost).ok_or_else(|| {
        JsonataError::new(
            codes::SIZE_LIMIT,
            "The result is larger than the evaluation size limit",
            None,
        )
    })?;
    Ok(Some(match v {
        JValue::Null => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => number(*n)?,
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                out.push(to_json(item, depth + 1, budget)?.unwrap_or(Value::Null));
            }
            Value::Array(out)
        }
        JValue::Object(map) => {
            let mut out = Map::new();
            for (k, item) in map.iter() {
                if let Some(j) = to_json(item, depth + 1, budget)? {
                    out.insert(k.clone(), j);
                }
            }
            Value::Object(out)
        }
        _ => return Ok(None),
    }))
}

/// Converts a host-function argument, refusing functions (no JSON form).
pub(crate) fn arg_to_json(v: &JValue, limits: Limits) -> Result<Option<Value>, JsonataError> {
    let mut budget = limits.max_result_bytes;
    match v {
        JValue::Undefined => Ok(None),
        _ => to_json(v, 1, &mut budget),
    }
}
