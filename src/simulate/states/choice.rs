//! Choice: the first rule that holds picks the next state, else `Default`, else
//! `States.NoChoiceMatched`.

use crate::simulate::value::Value;
use aslctl_parser::model::ErrorName;
use aslctl_parser::model::operator::Comparison;

use crate::simulate::compare;
use crate::simulate::compile::{ChoiceRuleProg, Cond, Operand, StateId, StateProg};
use crate::simulate::context::LazyContext;
use crate::simulate::env::EvalCx;
use crate::simulate::error::Failure;
use crate::simulate::exec::{Executor, Step, Visit, assign_values, named};
use crate::simulate::expr_eval;
use crate::simulate::intrinsics::Rng;
use crate::simulate::io;
use crate::simulate::path::PathError;
use crate::simulate::payload;
use crate::simulate::trace::{EdgeKind, Taken};

pub(crate) fn run(
    ex: &mut Executor<'_>,
    st: &StateProg,
    rules: &[ChoiceRuleProg],
    default: Option<StateId>,
    raw: Value,
    visit: Visit,
) -> Result<Step, Failure> {
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
    let mut chosen = None;
    for (index, rule) in rules.iter().enumerate() {
        if holds(&rule.cond, &cx_in, &mut ex.rng)? {
            chosen = Some((index, rule));
            break;
        }
    }
    if let Some((index, _)) = chosen {
        ex.trace.take(st.id, Taken::Rule(index));
    }
    let chosen = chosen.map(|(_, r)| r);
    // A rule's Assign and Output apply only when it matches; the state's own Assign applies on
    // Default (AWS "Choice state", spec/simulate.md §5.10).
    let (next, kind, assign, output) = match (chosen, default) {
        (Some(r), _) => (
            r.next,
            EdgeKind::Choice,
            r.assign.as_ref(),
            r.output.as_ref(),
        ),
        (None, Some(d)) => (
            d,
            EdgeKind::Default,
            st.assign.as_ref(),
            st.io.output.as_ref(),
        ),
        (None, None) => {
            return Err(named(ErrorName::NoChoiceMatched, &cx, "No Matches!"));
        }
    };
    let updates = match assign {
        Some(t) => assign_values(t, &cx_in, &mut ex.rng)?,
        None => Vec::new(),
    };
    let jsonata_output = match output {
        Some(t) if st.query_language == aslctl_parser::model::QueryLanguage::Jsonata => {
            Some(payload::eval(t, &cx_in, &mut ex.rng)?)
        }
        _ => None,
    };
    let out = match jsonata_output {
        Some(o) => o,
        None => io::output_path(st, eff.into_owned(), &cx)?,
    };
    drop(lc);
    if !updates.is_empty() {
        ex.assign(&st.name, visit, updates)?;
    }
    match ex.exited(st, out) {
        Step::Next(_, out, _) | Step::End(out) => Ok(Step::Next(next, out, kind)),
    }
}

/// Whether a rule holds. Type mismatches make a comparison false (compare::test); a
/// `Variable` that selects nothing is `States.Runtime`, except for `IsPresent`.
fn holds(cond: &Cond, cx: &EvalCx<'_>, rng: &mut Rng) -> Result<bool, Failure> {
    Ok(match cond {
        Cond::And(rules) => {
            for r in rules {
                if !holds(r, cx, rng)? {
                    return Ok(false);
                }
            }
            true
        }
        Cond::Or(rules) => {
            for r in rules {
                if holds(r, cx, rng)? {
                    return Ok(true);
                }
            }
            false
        }
        Cond::Not(r) => !holds(r, cx, rng)?,
        Cond::Compare {
            variable,
            variable_text,
            op,
            operand,
        } => {
            let value = match cx.select(variable) {
                Ok(v) => Some(v),
                Err(PathError::NotFound { .. }) if op.comparison == Comparison::IsPresent => None,
                Err(e) => {
                    return Err(Failure::Error(io::invalid_path(&e, variable_text, cx)));
                }
            };
            let operand = match operand {
                Operand::Literal(v) => std::borrow::Cow::Borrowed(v),
                Operand::Path(p, text) => std::borrow::Cow::Owned(
                    cx.select(p)
                        .map_err(|e| Failure::Error(io::invalid_path(&e, text, cx)))?,
                ),
            };
            compare::test(*op, value.as_ref(), &operand)
        }
        // A Condition must give a boolean (AWS "Choice workflow state", JSONata).
        Cond::Jsonata(e) => matches!(
            expr_eval::evaluate_typed(e, "boolean", Value::is_boolean, cx, rng)?,
            Value::Bool(true)
        ),
    })
}
