//! Input and output processing, and only here: InputPath → Parameters (the effective input),
//! then result → ResultSelector → ResultPath → OutputPath (the state output).
//!
//! AWS "Processing input and output in Step Functions". Documents are shared, never copied:
//! a path selects a subtree by reference count, and `ResultPath` copies only the objects on its
//! path.

use std::borrow::Cow;

use aslctl_parser::model::{ErrorName, QueryLanguage};

use super::compile::{PathField, StateProg};
use super::env::EvalCx;
use super::error::{Abort, Failure, StatesError};
use super::intrinsics::Rng;
use super::limits;
use super::path::{self, PathError};
use super::payload::{self, path_failure};
use super::value::Value;

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
        PathField::Null => Ok(Cow::Owned(Value::object())),
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
        PathField::Null => Ok(Value::object()),
        PathField::Path(p, text) => cx
            .with_input(&doc)
            .select(p)
            .map_err(|e| Failure::Error(invalid_path(&e, text, cx))),
        PathField::Default => Ok(doc),
    }
}

/// `States.DataLimitExceeded` when a payload is over the quota, and
/// [`Abort::PayloadTooDeep`] when it nests deeper than [`limits::MAX_PAYLOAD_DEPTH`] (checked
/// first: measuring the size recurses).
///
/// # Errors
/// As described.
pub fn check_size(v: Value, cx: &EvalCx<'_>, limit: Option<usize>) -> Result<Value, Failure> {
    if limits::deeper_than(&v, limits::MAX_PAYLOAD_DEPTH) {
        return Err(Abort::PayloadTooDeep {
            state: cx.state_name.to_owned(),
            limit: limits::MAX_PAYLOAD_DEPTH,
        }
        .into());
    }
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
