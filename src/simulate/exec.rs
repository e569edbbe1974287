//! The transition loop: enter a state, run it (one `match` on its kind), apply Retry and Catch,
//! record history, follow the transition.

use std::rc::Rc;

use aslctl_parser::model::{ErrorName, QueryLanguage};

use super::Options;
use super::clock::VirtualClock;
use super::compile::{Kind, Next, Program, ScopeId, StateId, StateProg};
use super::context::{ExecutionInfo, LazyContext, StateInfo};
use super::env::{EvalCx, Vars};
use super::error::{Abort, Failure, StatesError, any_matches};
use super::history::{HistoryEvent, Payload, Recorder, StateType};
use super::intrinsics::Rng;
use super::io;
use super::limits::MAX_NESTING;
use super::mocks::TaskMock;
use super::payload;
use super::states;
use super::trace::{EdgeKind, Outcome, Taken, Trace};
use super::value::{Str, Value};

/// Where a completed state leads.
pub(crate) enum Step {
    /// To another state of the scope, with its input.
    Next(StateId, Value, EdgeKind),
    /// Out of the scope, with the scope's output.
    End(Value),
}

/// The running execution: the program, virtual clock, randomness, mocks, history and limits.
pub(crate) struct Executor<'p> {
    pub program: &'p Program,
    pub opts: &'p Options,
    pub info: ExecutionInfo,
    pub clock: VirtualClock,
    pub rng: Rng,
    pub mocks: &'p mut dyn TaskMock,
    pub rec: Recorder,
    pub trace: Trace,
    pub vars: Vars,
    pub transitions: u64,
    pub depth: usize,
    /// Whether the current Map/Parallel attempt got as far as `…StateStarted`.
    pub state_started: bool,
    /// Variables the current state assigned, as JSON text, for its `…StateExited` event.
    pub assigned: Option<Vec<(String, String)>>,
}

/// AWS quota for one variable, and for all variables of one `Assign` block: 256 KiB.
pub(crate) const VARIABLE_LIMIT_BYTES: usize = 262_144;

/// AWS's prefix for errors raised while a state runs, outside an [`EvalCx`].
fn prefixed(state: &str, visit: Visit, detail: &str) -> String {
    format!(
        "An error occurred while executing the state '{state}' (entered at the event id #{}). {detail}",
        visit.entered_id
    )
}

/// What one visit of a state knows about itself, for `$$` and error causes.
#[derive(Clone, Copy)]
pub(crate) struct Visit {
    /// Id of the `…StateEntered` event.
    pub entered_id: u64,
    /// When it was entered (ms since the start).
    pub entered_ms: u64,
    /// `$$.State.RetryCount`
    pub retry_count: u64,
}

impl<'p> Executor<'p> {
    /// Records an event at the current virtual time.
    pub fn event(&mut self, e: HistoryEvent) -> u64 {
        let now = self.clock.elapsed_ms();
        self.rec.push(e, now)
    }

    /// When a visit's state was entered, in ms since the Unix epoch (JSONata `$now()`).
    #[must_use]
    pub fn epoch_ms(&self, visit: Visit) -> i64 {
        self.clock.epoch_ms(visit.entered_ms)
    }

    /// The per-state part of `$$`.
    pub fn state_info<'a>(
        &self,
        st: &'a StateProg,
        visit: Visit,
        task_token: Option<String>,
        map_item: Option<(usize, &'a Value)>,
    ) -> StateInfo<'a> {
        StateInfo {
            name: &st.name,
            entered_at: self.clock.at(visit.entered_ms),
            retry_count: visit.retry_count,
            task_token,
            map_item,
        }
    }

    /// Runs a scope from its `StartAt` to its end.
    ///
    /// # Errors
    /// The failure that ended the scope.
    pub fn run_scope(&mut self, scope: ScopeId, input: Value) -> Result<Value, Failure> {
        let program = self.program;
        let Some(sc) = program.scopes.get(scope) else {
            return Err(Abort::Unsupported {
                what: "a scope that does not exist".into(),
            }
            .into());
        };
        let mut id = sc.start;
        let mut input = input;
        loop {
            self.transitions += 1;
            if self.transitions > self.opts.max_transitions {
                return Err(Abort::MaxTransitions {
                    limit: self.opts.max_transitions,
                }
                .into());
            }
            let Some(st) = program.states.get(id) else {
                return Err(Abort::Unsupported {
                    what: "a state that does not exist".into(),
                }
                .into());
            };
            self.trace.take(id, Taken::Entered);
            if !self.rec.is_muted() {
                self.trace.visit(id);
            }
            let entered_ms = self.clock.elapsed_ms();
            let entered_id = self.event(HistoryEvent::StateEntered {
                ty: StateType::from_name(st.kind.type_name()),
                name: st.name.clone(),
                input: Payload::of(&input),
            });
            let visit = Visit {
                entered_id,
                entered_ms,
                retry_count: 0,
            };
            match self.run_state(st, input, visit) {
                Ok(Step::Next(next, out, kind)) => {
                    // Choice rules and catchers record their own index where they are chosen.
                    match kind {
                        EdgeKind::Next => self.trace.take(id, Taken::Next),
                        EdgeKind::Default => self.trace.take(id, Taken::Default),
                        EdgeKind::Choice | EdgeKind::Catch => {}
                    }
                    if !self.rec.is_muted() {
                        self.trace.edge(id, next, kind);
                    }
                    id = next;
                    input = out;
                }
                Ok(Step::End(out)) => {
                    self.trace.take(id, Taken::End);
                    return Ok(out);
                }
                Err(mut f) => {
                    if let Failure::Error(e) = &mut f {
                        self.evaluation_failed(st, e);
                    }
                    if !self.rec.is_muted() {
                        self.trace.outcome(id, Outcome::Failed);
                    }
                    return Err(f);
                }
            }
        }
    }

    /// Runs one state: the one `match` on the state's kind.
    fn run_state(&mut self, st: &'p StateProg, raw: Value, visit: Visit) -> Result<Step, Failure> {
        match &st.kind {
            Kind::Pass { result } => {
                let out = states::pass::run(self, st, result.as_ref(), raw, visit)?;
                Ok(self.exited(st, out))
            }
            Kind::Choice { rules, default } => {
                states::choice::run(self, st, rules, *default, raw, visit)
            }
            Kind::Wait(w) => {
                let out = states::wait::run(self, st, w, raw, visit)?;
                Ok(self.exited(st, out))
            }
            Kind::Succeed => {
                let out = states::terminal::succeed(self, st, raw, visit)?;
                Ok(self.exited(st, out))
            }
            Kind::Fail { error, cause } => Err(states::terminal::fail(
                self,
                st,
                error.as_ref(),
                cause.as_ref(),
                &raw,
                visit,
            )),
            Kind::Task(_) | Kind::Parallel { .. } | Kind::Map(_) => {
                self.with_retry_and_catch(st, raw, visit)
            }
        }
    }

    /// Records the `EvaluationFailed` event of a JSONata or variable failure, once: the
    /// location is taken, so enclosing Map/Parallel states do not repeat it. A Map or Parallel
    /// whose own field failed then reports `…StateFailed` (recorded cases
    /// `map_map_state_items_*`: `MapStateEntered`, `EvaluationFailed`, `MapStateFailed`).
    fn evaluation_failed(&mut self, st: &StateProg, e: &mut StatesError) {
        let Some(location) = e.location.take() else {
            return;
        };
        self.event(HistoryEvent::EvaluationFailed {
            error: e.name_str().unwrap_or_default().to_owned(),
            cause: e.cause.clone().unwrap_or_default(),
            location,
            state: st.name.to_string(),
        });
        if matches!(st.kind, Kind::Map(_) | Kind::Parallel { .. }) {
            self.state_started = true;
        }
    }

    /// Records `…StateExited` and moves on along `Next`/`End`.
    pub fn exited(&mut self, st: &StateProg, out: Value) -> Step {
        let assigned = self.assigned.take();
        self.event(HistoryEvent::StateExited {
            ty: StateType::from_name(st.kind.type_name()),
            name: st.name.clone(),
            output: Payload::of(&out),
            assigned,
        });
        match st.next {
            Next::State(n) => Step::Next(n, out, EdgeKind::Next),
            Next::End => Step::End(out),
        }
    }

    /// One attempt of a Task, Parallel or Map state, up to its output.
    fn attempt(&mut self, st: &'p StateProg, raw: &Value, visit: Visit) -> Result<Value, Failure> {
        match &st.kind {
            Kind::Task(t) => states::task::run(self, st, t, raw, visit),
            Kind::Parallel { branches } => states::parallel::run(self, st, branches, raw, visit),
            Kind::Map(m) => states::map::run(self, st, m, raw, visit),
            _ => Err(Abort::Unsupported {
                what: "retry of a state that cannot be retried".into(),
            }
            .into()),
        }
    }

    /// Retry, then Catch (AWS "Error handling in Step Functions"): the first retrier whose
    /// `ErrorEquals` matches decides; when its attempts are used up, or none matches, the first
    /// matching catcher handles the error.
    fn with_retry_and_catch(
        &mut self,
        st: &'p StateProg,
        raw: Value,
        mut visit: Visit,
    ) -> Result<Step, Failure> {
        let mut attempts = vec![0u64; st.retry.len()];
        loop {
            self.state_started = false;
            let result = self.attempt(st, &raw, visit);
            let err = match result {
                Ok(result) => {
                    // Keep the input only when a catcher may still need it.
                    let keep = (!st.catch.is_empty()).then(|| raw.clone());
                    match self.finish(st, raw, result, visit) {
                        Ok(out) => return Ok(self.exited(st, out)),
                        Err(Failure::Error(mut e)) => {
                            self.evaluation_failed(st, &mut e);
                            match keep {
                                Some(raw) => return self.catch(st, raw, e, visit),
                                None => return Err(e.into()),
                            }
                        }
                        Err(abort) => return Err(abort),
                    }
                }
                Err(Failure::Abort(a)) => return Err(a.into()),
                Err(Failure::Error(mut e)) => {
                    self.evaluation_failed(st, &mut e);
                    e
                }
            };
            let retrier = st
                .retry
                .iter()
                .position(|r| any_matches(&r.error_equals, &err));
            if let Some(i) = retrier {
                self.trace.take(st.id, Taken::Retry(i));
            }
            if let Some(i) = retrier
                && let (Some(r), Some(n)) = (st.retry.get(i), attempts.get_mut(i))
                && let Some(delay) = r.backoff.delay_ms(*n, &mut self.rng)
            {
                *n += 1;
                visit.retry_count += 1;
                self.clock.advance_ms(delay);
                continue;
            }
            // The state has failed for good: Map and Parallel say so once, after the last
            // attempt (a retried attempt shows only a new `…StateStarted`; recorded cases
            // `map_map_state_retry*`, `parallel_parallel_state_retry`).
            if self.state_started {
                match st.kind {
                    Kind::Map(_) => {
                        self.event(HistoryEvent::MapStateFailed);
                    }
                    Kind::Parallel { .. } => {
                        self.event(HistoryEvent::ParallelStateFailed);
                    }
                    _ => {}
                }
            }
            return self.catch(st, raw, err, visit);
        }
    }

    fn finish(
        &mut self,
        st: &'p StateProg,
        raw: Value,
        result: Value,
        visit: Visit,
    ) -> Result<Value, Failure> {
        let lc = LazyContext::new(&self.info, self.state_info(st, visit, None, None));
        let cx = EvalCx {
            input: &Value::Null,
            context: &lc,
            vars: &self.vars,
            state_name: &st.name,
            entered_id: visit.entered_id,
            result: None,
            error_output: None,
            now_ms: self.epoch_ms(visit),
        };
        // Assign and Output both see the variables as they were when the state was entered;
        // the assignments take effect afterwards (AWS "Passing data between states with
        // variables"). JSONata reads `$states.input` and `$states.result`; in JSONPath `$` is
        // the result.
        let updates = match &st.assign {
            Some(t) if st.query_language == QueryLanguage::Jsonata => Some(assign_values(
                t,
                &cx.with_input(&raw).with_result(&result),
                &mut self.rng,
            )?),
            Some(t) => Some(assign_values(t, &cx.with_input(&result), &mut self.rng)?),
            None => None,
        };
        let out = io::finish(st, raw, result, &cx, &mut self.rng, self.opts.payload_limit)?;
        drop(lc);
        if let Some(updates) = updates {
            self.assign(&st.name, visit, updates)?;
        }
        Ok(out)
    }

    /// Applies one `Assign` block's values at once, after checking AWS's size quotas, and
    /// remembers them for the state's `…StateExited` event (`assignedVariables`).
    ///
    /// # Errors
    /// `States.DataLimitExceeded` when a value, or the block, is over 256 KiB (AWS "Passing
    /// data between states with variables": size limits).
    pub fn assign(
        &mut self,
        state: &str,
        visit: Visit,
        updates: Vec<(Str, Value)>,
    ) -> Result<(), Failure> {
        let mut texts = Vec::with_capacity(updates.len());
        let mut total = 0usize;
        for (name, v) in &updates {
            // Measuring the size recurses: a variable that wraps itself each loop must stop first.
            if super::limits::deeper_than(v, super::limits::MAX_PAYLOAD_DEPTH) {
                return Err(Abort::PayloadTooDeep {
                    state: state.to_owned(),
                    limit: super::limits::MAX_PAYLOAD_DEPTH,
                }
                .into());
            }
            let (text, cut) = super::limits::bounded_text(v, VARIABLE_LIMIT_BYTES + 1);
            total = total.saturating_add(text.len());
            if cut || text.len() > VARIABLE_LIMIT_BYTES {
                return Err(StatesError::new(
                    ErrorName::DataLimitExceeded,
                    prefixed(state, visit, &format!(
                        "The variable '{name}' exceeds the maximum size of {VARIABLE_LIMIT_BYTES} bytes."
                    )),
                )
                .into());
            }
            texts.push((name.to_string(), text));
        }
        if total > VARIABLE_LIMIT_BYTES {
            return Err(StatesError::new(
                ErrorName::DataLimitExceeded,
                prefixed(state, visit, &format!(
                    "The variables assigned by the state exceed the maximum combined size of {VARIABLE_LIMIT_BYTES} bytes."
                )),
            )
            .into());
        }
        for (k, v) in updates {
            self.vars.set(k, v);
        }
        self.assigned.get_or_insert_with(Vec::new).extend(texts);
        Ok(())
    }

    fn catch(
        &mut self,
        st: &'p StateProg,
        raw: Value,
        err: StatesError,
        visit: Visit,
    ) -> Result<Step, Failure> {
        let Some((index, c)) = st
            .catch
            .iter()
            .enumerate()
            .find(|(_, c)| any_matches(&c.error_equals, &err))
        else {
            return Err(err.into());
        };
        let error_output = err.to_output();
        let jsonata = st.query_language == QueryLanguage::Jsonata;
        let (out, updates) = {
            let lc = LazyContext::new(&self.info, self.state_info(st, visit, None, None));
            let cx = EvalCx {
                input: &raw,
                context: &lc,
                vars: &self.vars,
                state_name: &st.name,
                entered_id: visit.entered_id,
                result: None,
                error_output: Some(&error_output),
                now_ms: self.epoch_ms(visit),
            };
            // JSONata catchers see `$states.input` and `$states.errorOutput`; JSONPath ones
            // see the error output as `$`.
            let updates = match &c.assign {
                Some(t) if jsonata => Some(assign_values(t, &cx, &mut self.rng)?),
                Some(t) => Some(assign_values(
                    t,
                    &cx.with_input(&error_output),
                    &mut self.rng,
                )?),
                None => None,
            };
            let out = if jsonata {
                // Without `Output` a JSONata catcher passes the error output on (AWS "Handling
                // errors": Catch `Output`; recorded case
                // `error_handling_task_catch_error_output_task_catch_error_output`).
                match &c.output {
                    Some(t) => payload::eval(t, &cx, &mut self.rng)?,
                    None => error_output.clone(),
                }
            } else {
                io::result_path(&c.result_path, raw.clone(), error_output.clone(), &cx)?
            };
            (out, updates)
        };
        if let Some(updates) = updates {
            self.assign(&st.name, visit, updates)?;
        }
        self.trace.take(st.id, Taken::Catch(index));
        if !self.rec.is_muted() {
            self.trace.outcome(st.id, Outcome::Caught);
        }
        let assigned = self.assigned.take();
        self.event(HistoryEvent::StateExited {
            ty: StateType::from_name(st.kind.type_name()),
            name: st.name.clone(),
            output: Payload::of(&out),
            assigned,
        });
        Ok(Step::Next(c.next, out, EdgeKind::Catch))
    }

    /// Enters a nested Map or Parallel level.
    ///
    /// # Errors
    /// [`Abort::TooDeep`] past [`MAX_NESTING`].
    pub fn nest(&mut self) -> Result<(), Failure> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Abort::TooDeep { limit: MAX_NESTING }.into());
        }
        Ok(())
    }

    /// Leaves a nested level.
    pub fn unnest(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Evaluates an `Assign` block; every value sees the variables as they were before it.
///
/// # Errors
/// As [`payload::eval`].
pub(crate) fn assign_values(
    t: &payload::Template,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
) -> Result<Vec<(Str, Value)>, Failure> {
    match payload::eval(t, cx, rng)? {
        Value::Object(map) => Ok(Rc::unwrap_or_clone(map).into_iter().collect()),
        _ => Err(StatesError::runtime(cx.prefixed("Assign must be an object")).into()),
    }
}

/// A `States.Runtime` error with AWS's state prefix.
pub(crate) fn runtime(cx: &EvalCx<'_>, detail: &str) -> Failure {
    StatesError::runtime(cx.prefixed(detail)).into()
}

/// Any named error with AWS's state prefix.
pub(crate) fn named(name: ErrorName, cx: &EvalCx<'_>, detail: &str) -> Failure {
    StatesError::new(name, cx.prefixed(detail)).into()
}
