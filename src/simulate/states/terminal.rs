//! Succeed and Fail.

use crate::simulate::value::Value;
use aslctl_parser::model::ErrorName;

use crate::simulate::compile::{StateProg, TextSource};
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::{Failure, StatesError};
use crate::simulate::exec::{Executor, Visit, runtime};
use crate::simulate::expr_eval;
use crate::simulate::io;
use crate::simulate::payload;

/// Succeed: InputPath then OutputPath.
pub(crate) fn succeed(
    ex: &mut Executor<'_>,
    st: &StateProg,
    raw: Value,
    visit: Visit,
) -> Result<Value, Failure> {
    let lc = LazyContext::new(&ex.info, ex.state_info(st, visit, None, None));
    let cx = EvalCx::for_state(
        &lc,
        &ex.vars,
        &st.name,
        visit.entered_id,
        ex.epoch_ms(visit),
    );
    let eff = io::input_path(st, &raw, &cx)?.into_owned();
    if st.query_language == aslctl_parser::model::QueryLanguage::Jsonata {
        return match &st.io.output {
            Some(t) => payload::eval(t, &cx.with_input(&eff), &mut ex.rng),
            None => Ok(eff),
        };
    }
    io::output_path(st, eff, &cx)
}

/// Fail: the error and cause, literal, by path (`ErrorPath`/`CausePath`, which also take
/// intrinsics) or by JSONata. Without `Error` the execution fails with no error name.
pub(crate) fn fail(
    ex: &mut Executor<'_>,
    st: &StateProg,
    error: Option<&TextSource>,
    cause: Option<&TextSource>,
    raw: &Value,
    visit: Visit,
) -> Failure {
    let lc = LazyContext::new(&ex.info, ex.state_info(st, visit, None, None));
    let cx = EvalCx {
        input: raw,
        context: &lc,
        vars: &ex.vars,
        state_name: &st.name,
        entered_id: visit.entered_id,
        result: None,
        error_output: None,
        now_ms: ex.epoch_ms(visit),
    };
    let mut text = |src: Option<&TextSource>, field: &str| -> Result<Option<String>, Failure> {
        let Some(src) = src else { return Ok(None) };
        let v = match src {
            TextSource::Literal(s) => return Ok(Some(s.clone())),
            TextSource::Expr(e, t) => {
                payload::eval_expr(e, t, &format!("{field}Path"), &cx, &mut ex.rng)?
            }
            TextSource::Jsonata(e) => {
                return expr_eval::evaluate_typed(e, "string", Value::is_string, &cx, &mut ex.rng)
                    .map(|v| v.as_str().map(str::to_owned));
            }
        };
        match v {
            Value::String(s) => Ok(Some(s.to_string())),
            other => Err(runtime(
                &cx,
                &format!("The {field}Path field must resolve to a string, got {other}"),
            )),
        }
    };
    let error = match text(error, "Error") {
        Ok(e) => e,
        Err(f) => return f,
    };
    let cause = match text(cause, "Cause") {
        Ok(c) => c,
        Err(f) => return f,
    };
    Failure::Error(StatesError {
        name: error.map(|e| ErrorName::parse(&e)),
        cause,
        location: None,
    })
}
