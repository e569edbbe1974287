//! Parallel: branches run one after another in index order (deterministic mocks and history);
//! the result is the array of branch outputs, and a failing branch fails the state with the
//! branch's own error (recorded cases `parallel_*`).

use crate::simulate::value::Value;

use crate::simulate::compile::{ScopeId, StateProg};
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::Failure;
use crate::simulate::exec::{Executor, Visit};
use crate::simulate::history::HistoryEvent;
use crate::simulate::io;

pub(crate) fn run(
    ex: &mut Executor<'_>,
    st: &StateProg,
    branches: &[ScopeId],
    raw: &Value,
    visit: Visit,
) -> Result<Value, Failure> {
    let eff = {
        let lc = LazyContext::new(&ex.info, ex.state_info(st, visit, None, None));
        let cx = EvalCx::for_state(
            &lc,
            &ex.vars,
            &st.name,
            visit.entered_id,
            ex.epoch_ms(visit),
        );
        io::effective_input(st, raw, &cx, &mut ex.rng)?.into_owned()
    };
    ex.event(HistoryEvent::ParallelStateStarted);
    ex.nest()?;
    let mut outputs = Vec::with_capacity(branches.len());
    let mut failure = None;
    for &b in branches {
        ex.vars.push();
        let r = ex.run_scope(b, eff.clone());
        ex.vars.pop();
        match r {
            Ok(v) => outputs.push(v),
            Err(f) => {
                failure = Some(f);
                break;
            }
        }
    }
    ex.unnest();
    match failure {
        Some(Failure::Error(e)) => {
            ex.state_started = true;
            Err(e.into())
        }
        Some(abort) => Err(abort),
        None => Ok(Value::from(outputs)),
    }
}
