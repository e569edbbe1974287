//! Pass: the result is `Result` (never evaluated) or the effective input.

use std::borrow::Cow;

use crate::simulate::value::Value;

use crate::simulate::compile::StateProg;
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::Failure;
use crate::simulate::exec::{Executor, Visit, assign_values};
use crate::simulate::io;

pub(crate) fn run(
    ex: &mut Executor<'_>,
    st: &StateProg,
    result: Option<&Value>,
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
    if st.query_language == aslctl_parser::model::QueryLanguage::Jsonata {
        // JSONata Pass: `Output` (default: the input), evaluated with the input as
        // `$states.input`.
        let updates = match &st.assign {
            Some(t) => Some(assign_values(t, &cx.with_input(&raw), &mut ex.rng)?),
            None => None,
        };
        let out = match &st.io.output {
            Some(t) => crate::simulate::payload::eval(t, &cx.with_input(&raw), &mut ex.rng)?,
            None => raw,
        };
        if let Some(updates) = updates {
            ex.assign(&st.name, visit, updates)?;
        }
        return Ok(out);
    }
    let eff = io::effective_input(st, &raw, &cx, &mut ex.rng)?;
    let updates = match &st.assign {
        Some(t) => Some(assign_values(
            t,
            &cx.with_input(result.unwrap_or(&eff)),
            &mut ex.rng,
        )?),
        None => None,
    };
    // Fast path: no Result, the input passed through unchanged and ResultPath `$` — the
    // output is the input itself, moved rather than copied.
    let borrowed = matches!(eff, Cow::Borrowed(_));
    let out = if result.is_none() && borrowed && st.io.result_path.is_identity() {
        drop(eff);
        let out = io::output_path(st, raw, &cx)?;
        io::check_size(out, &cx, ex.opts.payload_limit)?
    } else {
        let r = match result {
            Some(r) => r.clone(),
            None => eff.into_owned(),
        };
        let out = io::result_path(&st.io.result_path, raw, r, &cx)?;
        let out = io::output_path(st, out, &cx)?;
        io::check_size(out, &cx, ex.opts.payload_limit)?
    };
    if let Some(updates) = updates {
        ex.assign(&st.name, visit, updates)?;
    }
    Ok(out)
}
