//! Input and output processing, and only here: InputPath → Parameters (the effective input),
//! then result → ResultSelector → ResultPath → OutputPath (the state output).
//!
//! AWS "Processing input and output in Step Functions". Values are moved, not copied, where
//! the path allows it: `InputPath: $` borrows the raw input, and `ResultPath: $` and
//! `OutputPath: $` take their document whole.

use std::borrow::Cow;

use aslctl_parser::model::{ErrorName, QueryLanguage};
use serde_json::{Map, Value};

use super::compile::{PathField, StateProg};
use super::env::EvalCx;
use super::error::{Failure, StatesError};
use super::intrinsics::Rng;
use super::limits;
use super::path::{self, PathError};
use super::payload::{self, path_failure};

/// `InputPath` applied to the raw input.
///
/// # Errors
/// `States.Runtime` when the path selects nothing.
pub fn input_path<'v>(
    st: &StateProg,
    raw: &'v Value,
    cx: &EvalCx<'_>,
) -> Result<Cow<'v, Value>, Failure> {
    if st.query_language == QueryLanguage::Jsonata {
        return Ok(Cow::Borrowed(raw));
    }
    select_field(&st.io.input_path, raw, cx)
}

/// The effective input: InputPath then Parameters (JSONPath) or Arguments (JSONata).
///
/// # Errors
/// As [`input_path`] and [`payload::eval`].
pub fn effective_input<'v>(
    st: &StateProg,
    raw: &'v Value,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
) -> Result<Cow<'v, Value>, Failure> {
    let selected = input_path(st, raw, cx)?;
    match &st.io.parameters {
        None => Ok(selected),
        Some(t) => Ok(Cow::Owned(payload::eval(
            t,
            &cx.with_input(&selected),
            rng,
        )?)),
    }
}

fn select_field<'v>(
    field: &PathField,
    doc: &'v Value,
    cx: &EvalCx<'_>,
) -> Result<Cow<'v, Value>, Failure> {
    match field {
        PathField::Null => Ok(Cow::Owned(Value::Object(Map::new()))),
        f if f.is_identity() => Ok(Cow::Borrowed(doc)),
        PathField::Path(p, text) => cx
            .with_input(doc)
            .select(p)
            .map(Cow::Owned)
            .map_err(|e| Failure::Error(invalid_path(&e, text, cx))),
        PathField::Default => Ok(Cow::Borrowed(doc)),
    }
}

/// AWS's cause for an InputPath/OutputPath/ItemsPath that selects nothing:
/// `Invalid path '$.x' : No results for path: $['x']`.
pub(crate) fn invalid_path(e: &PathError, text: &str, cx: &EvalCx<'_>) -> StatesError {
    path_failure(e, cx, || format!("Invalid path '{text}' : {e}"))
}

/// ResultSelector, ResultPath and OutputPath: the state output from the raw input and the
/// result. Also checks the payload quota.
///
/// # Errors
/// `States.Runtime` for a path that selects nothing, `States.ResultPathMatchFailure` when the
/// result cannot be placed, `States.DataLimitExceeded` over the quota.
pub fn finish(
    st: &StateProg,
    raw: Value,
    result: Value,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
    payload_limit: Option<usize>,
) -> Result<Value, Failure> {
    if st.query_language == QueryLanguage::Jsonata {
        // `$states.input` is the raw state input, `$states.result` the result; without
        // `Output` the result is the output (AWS "Transforming data with JSONata").
        let out = match &st.io.output {
            Some(t) => payload::eval(t, &cx.with_input(&raw).with_result(&result), rng)?,
            None => result,
        };
        return check_size(out, cx, payload_limit);
    }
    let result = match &st.io.result_selector {
        Some(t) => payload::eval(t, &cx.with_input(&result), rng)?,
        None => result,
    };
    let merged = result_path(&st.io.result_path, raw, result, cx)?;
    let out = output_path(st, merged, cx)?;
    check_size(out, cx, payload_limit)
}

/// ResultPath: places `result` into the raw input.
///
/// # Errors
/// `States.ResultPathMatchFailure`.
pub fn result_path(
    field: &PathField,
    raw: Value,
    result: Value,
    cx: &EvalCx<'_>,
) -> Result<Value, Failure> {
    match field {
        PathField::Null => Ok(raw),
        f if f.is_identity() => Ok(result),
        PathField::Path(p, text) => path::write_result_path(raw, p, result).map_err(|e| {
            Failure::Error(StatesError::new(
                ErrorName::ResultPathMatchFailure,
                cx.prefixed(&format!("Unable to apply ResultPath '{text}': {e}")),
            ))
        }),
        PathField::Default => Ok(result),
    }
}

/// OutputPath applied to the state output.
///
/// # Errors
/// `States.Runtime` when the path selects nothing.
pub fn output_path(st: &StateProg, doc: Value, cx: &EvalCx<'_>) -> Result<Value, Failure> {
    if st.query_language == QueryLanguage::Jsonata {
        return Ok(doc);
    }
    match &st.io.output_path {
        f if f.is_identity() => Ok(doc),
        PathField::Null => Ok(Value::Object(Map::new())),
        PathField::Path(p, text) => take(p, doc).or_else(|doc| {
            cx.with_input(&doc)
                .select(p)
                .map_err(|e| Failure::Error(invalid_path(&e, text, cx)))
        }),
        PathField::Default => Ok(doc),
    }
}

/// Moves a definite `$…` path's target out of `doc` without copying; gives `doc` back when the
/// path is not that simple or selects nothing.
fn take(p: &aslctl_parser::expr::Path, mut doc: Value) -> Result<Value, Value> {
    use aslctl_parser::expr::{Root, Segment};
    let simple = p.segments.iter().all(|s| match s {
        Segment::Member(_) => true,
        Segment::Index(i) => *i >= 0,
        _ => false,
    });
    if p.root != Root::Input || !simple {
        return Err(doc);
    }
    let mut slot = &mut doc;
    for s in &p.segments {
        let next = match (s, &mut *slot) {
            (Segment::Member(k), Value::Object(m)) => m.get_mut(k),
            (Segment::Index(i), Value::Array(a)) => {
                usize::try_from(*i).ok().and_then(|i| a.get_mut(i))
            }
            _ => None,
        };
        match next {
            Some(n) => slot = n,
            None => return Err(doc),
        }
    }
    Ok(std::mem::take(slot))
}

/// `States.DataLimitExceeded` when a payload is over the quota.
///
/// # Errors
/// As described.
pub fn check_size(v: Value, cx: &EvalCx<'_>, limit: Option<usize>) -> Result<Value, Failure> {
    match limit {
        Some(limit) if limits::exceeds(&v, limit) => Err(Failure::Error(StatesError::new(
            ErrorName::DataLimitExceeded,
            format!(
                "The state/task '{}' returned a result with a size exceeding the maximum number of bytes service limit.",
                cx.state_name
            ),
        ))),
        _ => Ok(v),
    }
}
