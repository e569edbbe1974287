//! The one entry point for JSONata expressions (`{% … %}` strings, `Condition`, `Items`,
//! `Arguments`, `Output`, `Assign` in JSONata states).
//!
//! No JSONata engine is wired in yet: every evaluation stops the run with an
//! [`Abort::Unsupported`]. An engine plugs in here, reading `$states.input` from
//! [`EvalCx::input`], `$states.context` from [`EvalCx::context`] and variables from
//! [`EvalCx::vars`]; its evaluation errors become `States.QueryEvaluationError`.

use serde_json::Value;

use super::env::EvalCx;
use super::error::{Abort, Failure};

/// Evaluates the body of a `{% … %}` string.
///
/// # Errors
/// Always, for now: [`Abort::Unsupported`].
pub fn evaluate(body: &str, cx: &EvalCx<'_>) -> Result<Value, Failure> {
    let _ = cx;
    Err(Abort::Unsupported {
        what: format!("JSONata expression `{}`", body.trim()),
    }
    .into())
}
