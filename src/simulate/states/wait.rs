//! Wait: `Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`, validated as AWS does
//! (recorded cases `wait_*`), then the virtual clock advances.

use crate::simulate::value::Value;
use aslctl_parser::model::QueryLanguage;
use chrono::Utc;

use crate::simulate::compare::parse_timestamp;
use crate::simulate::compile::{NumberSource, StateProg, WaitProg};
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::Failure;
use crate::simulate::exec::{Executor, Visit, runtime};
use crate::simulate::expr_eval;
use crate::simulate::io;

/// Longest wait AWS accepts: `wait_timestamp_too_far_in_future_boundary_24856` fails at
/// 24,856 days, the first whole day past 2^31 seconds.
const MAX_WAIT_SECONDS: i64 = i32::MAX as i64;

pub(crate) fn run(
    ex: &mut Executor<'_>,
    st: &StateProg,
    w: &WaitProg,
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
    let eff = io::input_path(st, &raw, &cx)?;
    let cx_in = cx.with_input(&eff);
    // JSONata failures are States.QueryEvaluationError, JSONPath ones States.Runtime.
    let field = match w {
        WaitProg::Seconds(_) => "Seconds",
        _ => "Timestamp",
    };
    let bad = |detail: &str| {
        if st.query_language == QueryLanguage::Jsonata {
            expr_eval::located(&cx_in, field, detail)
        } else {
            runtime(&cx_in, detail)
        }
    };
    let wait_ms: u64 = match w {
        WaitProg::Seconds(src) => {
            let (v, path) = match src {
                NumberSource::Literal(v) => (v.clone(), None),
                NumberSource::Path(p, text) => (
                    cx_in
                        .select(p)
                        .map_err(|e| Failure::Error(io::invalid_path(&e, text, &cx_in)))?,
                    Some(text.as_str()),
                ),
                NumberSource::Jsonata(e) => (expr_eval::evaluate(e, &cx_in, &mut ex.rng)?, None),
            };
            let secs = v.as_i64().or_else(|| v.as_u64().map(|_| i64::MAX));
            match (secs, path) {
                (Some(s), _) if (0..=MAX_WAIT_SECONDS).contains(&s) => {
                    u64::try_from(s).unwrap_or(0).saturating_mul(1000)
                }
                (Some(s), Some(text)) if s < 0 => {
                    return Err(bad(&format!(
                        "The SecondsPath parameter references a negative value: {text} == {v}"
                    )));
                }
                (Some(_), _) => return Err(bad("Wait state delay is too long")),
                (None, Some(text)) => {
                    return Err(bad(&format!(
                        "The SecondsPath parameter cannot be parsed as a long value: {text} == {v}"
                    )));
                }
                (None, None) => {
                    return Err(bad(&format!(
                        "The Seconds field must be a non-negative integer, got {v}"
                    )));
                }
            }
        }
        WaitProg::Timestamp(text) => until(ex, text).ok_or_else(|| {
            bad(&format!(
                "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
            ))
        })??,
        WaitProg::TimestampJsonata(body) => {
            let v = expr_eval::evaluate(body, &cx_in, &mut ex.rng)?;
            let text = v.as_str().unwrap_or_default().to_owned();
            until(ex, &text).ok_or_else(|| {
                bad(&format!(
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
                ))
            })??
        }
        WaitProg::TimestampPath(p, path_text) => {
            let v = cx_in
                .select(p)
                .map_err(|e| Failure::Error(io::invalid_path(&e, path_text, &cx_in)))?;
            let shown = match &v {
                Value::String(s) => s.to_string(),
                other => other.to_string(),
            };
            until(ex, v.as_str().unwrap_or_default()).ok_or_else(|| {
                bad(&format!(
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path_text} == {shown}"
                ))
            })??
        }
    };
    let out = eff.into_owned();
    let out = if st.query_language == QueryLanguage::Jsonata {
        match &st.io.output {
            Some(t) => crate::simulate::payload::eval(t, &cx.with_input(&out), &mut ex.rng)?,
            None => out,
        }
    } else {
        io::output_path(st, out, &cx)?
    };
    ex.clock.advance_ms(wait_ms);
    Ok(out)
}

/// Milliseconds until `text`, `None` when it is not a timestamp; an inner error when the
/// delay is too long.
fn until(ex: &Executor<'_>, text: &str) -> Option<Result<u64, Failure>> {
    let t = parse_timestamp(text)?.with_timezone(&Utc);
    let delta = t.signed_duration_since(ex.clock.now());
    if delta.num_seconds() > MAX_WAIT_SECONDS {
        return Some(Err(crate::simulate::error::StatesError::runtime(
            "Wait state delay is too long",
        )
        .into()));
    }
    Some(Ok(u64::try_from(delta.num_milliseconds()).unwrap_or(0)))
}
