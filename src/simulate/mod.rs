//! The `aslctl simulate` interpreter: load → [`compile`] → [`simulate`].
//!
//! A run is deterministic: virtual time ([`clock`]), seeded randomness, mocked tasks
//! ([`mocks`]), Map iterations and Parallel branches in index order. The result carries the
//! AWS-shaped history ([`history`]) and the path taken ([`trace`]).

pub mod clock;
pub mod compare;
pub mod compile;
pub mod context;
pub mod env;
pub mod error;
mod exec;
pub mod expr_eval;
pub mod history;
pub mod intrinsics;
pub mod io;
pub mod limits;
pub mod mocks;
pub mod path;
pub mod payload;
pub mod render;
pub mod retry;
pub mod setup;
mod states;
pub mod trace;
pub mod value;

#[cfg(test)]
mod conformance_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_jsonata;

use chrono::{DateTime, Utc};
use serde_json::{Map, json};

use crate::cli::Unmocked;
use clock::VirtualClock;
use compile::Program;
use context::ExecutionInfo;
use error::Abort;
use history::{History, HistoryEvent, HistoryWriter, Payload, Recorder};
use intrinsics::Rng;
use mocks::TaskMock;
use trace::Trace;
use value::Value;

pub use compile::compile;

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Stop after this many state transitions.
    pub max_transitions: u64,
    /// Seed for UUIDs, random numbers, task tokens and jitter.
    pub seed: u64,
    /// Virtual start time.
    pub start_time: DateTime<Utc>,
    /// `$$.Execution.Name`
    pub execution_name: String,
    /// `$$.StateMachine.Name`
    pub state_machine_name: String,
    /// What a Task without a mock does.
    pub unmocked: Unmocked,
    /// The payload quota (`None`: unchecked).
    pub payload_limit: Option<usize>,
    /// Most items one Map state may run (`Abort::MapItems` past it).
    pub max_map_items: usize,
    /// Keep the history events (ids are numbered either way: causes quote them).
    pub record_history: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_transitions: 25_000,
            seed: 0,
            start_time: DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default(),
            execution_name: "aslctl-simulation".into(),
            state_machine_name: "StateMachine".into(),
            unmocked: Unmocked::Error,
            payload_limit: Some(limits::PAYLOAD_LIMIT_BYTES),
            max_map_items: limits::MAX_MAP_ITEMS,
            record_history: true,
        }
    }
}

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `SUCCEEDED`
    Succeeded,
    /// `FAILED`
    Failed,
    /// Stopped by the simulator (`ABORTED`): a limit, a missing mock, an unsupported feature.
    Aborted,
}

impl Status {
    /// The AWS status string.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::Aborted => "ABORTED",
        }
    }
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed (may be absent, as for a bare `Fail` state).
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// Why the simulator stopped, when it did.
    pub abort: Option<Abort>,
    /// The history events (empty when [`Options::record_history`] is off).
    pub history: History,
    /// How many events the run had, kept or not.
    pub events: u64,
    /// Whether the history was kept (else `--format json` leaves it out).
    pub history_kept: bool,
    /// The clock at the end.
    pub clock: VirtualClock,
    /// State transitions made.
    pub transitions: u64,
    /// The path taken.
    pub trace: Trace,
}

impl Execution {
    /// Writes [`Execution::to_json`] as one compact line, streaming the history event by
    /// event so a long run is never held twice in memory.
    ///
    /// # Errors
    /// Write failures.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(br#"{"status":"#)?;
        write_value(w, &self.status.as_str())?;
        w.write_all(br#","output":"#)?;
        write_value(w, self.output.as_ref().unwrap_or(&Value::Null))?;
        w.write_all(br#","error":"#)?;
        write_value(w, &self.error.as_deref())?;
        w.write_all(br#","cause":"#)?;
        write_value(w, &self.cause.as_deref())?;
        if self.history_kept {
            w.write_all(br#","history":["#)?;
            let mut events = HistoryWriter::new(&self.clock);
            // Events are many small pieces: gather them in a buffer written out in large
            // blocks rather than through the writer one piece at a time.
            let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
            for (i, e) in self.history.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                events.write(&mut buf, e)?;
                if buf.len() >= 1 << 16 {
                    w.write_all(&buf)?;
                    buf.clear();
                }
            }
            buf.push(b']');
            w.write_all(&buf)?;
        }
        w.write_all(br#","stats":"#)?;
        serde_json::to_writer(&mut *w, &self.stats()).map_err(std::io::Error::other)?;
        w.write_all(b"}\n")
    }

    fn stats(&self) -> serde_json::Value {
        #[allow(clippy::cast_precision_loss)]
        let seconds = self.clock.elapsed_ms() as f64 / 1000.0;
        json!({
            "transitions": self.transitions,
            "events": self.events,
            "virtual_seconds": seconds,
            "start": VirtualClock::format(self.clock.start()),
            "end": VirtualClock::format(self.clock.now()),
        })
    }

    /// `{status, output, error, cause, history, stats}` as `--format json` prints it.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        let history: Vec<Value> = self
            .history
            .iter()
            .map(|e| e.to_json(&self.clock))
            .collect();
        let mut m = Map::new();
        m.insert("status".into(), self.status.as_str().into());
        m.insert(
            "output".into(),
            self.output
                .as_ref()
                .map_or(Value::Null, value::Value::to_serde),
        );
        m.insert(
            "error".into(),
            self.error.clone().map_or(Value::Null, Value::String),
        );
        m.insert(
            "cause".into(),
            self.cause.clone().map_or(Value::Null, Value::String),
        );
        if self.history_kept {
            m.insert("history".into(), Value::Array(history));
        }
        m.insert("stats".into(), self.stats());
        Value::Object(m)
    }
}

/// Writes a value as compact JSON.
fn write_value<T: serde::Serialize + ?Sized>(
    w: &mut dyn std::io::Write,
    v: &T,
) -> std::io::Result<()> {
    serde_json::to_writer(w, v).map_err(std::io::Error::other)
}

/// Runs a compiled program on an input.
pub fn simulate(
    program: &Program,
    input: Value,
    opts: &Options,
    mocks: &mut dyn TaskMock,
) -> Execution {
    let clock = VirtualClock::new(opts.start_time);
    let sm = &opts.state_machine_name;
    let info = ExecutionInfo::new(
        format!(
            "arn:aws:states:us-east-1:123456789012:execution:{sm}:{}",
            opts.execution_name
        ),
        opts.execution_name.clone(),
        VirtualClock::format(opts.start_time),
        "arn:aws:iam::123456789012:role/aslctl-simulation".into(),
        format!("arn:aws:states:us-east-1:123456789012:stateMachine:{sm}"),
        sm.clone(),
        program.uses_context.then(|| input.clone()),
    );
    let mut rec = Recorder::new(opts.record_history);
    rec.push(
        HistoryEvent::ExecutionStarted {
            input: Payload::of(&input),
            role_arn: info.role_arn.clone(),
        },
        0,
    );
    let mut ex = exec::Executor {
        program,
        opts,
        info,
        clock,
        rng: Rng::new(opts.seed),
        mocks,
        rec,
        trace: Trace::default(),
        vars: env::Vars::default(),
        transitions: 0,
        depth: 0,
        state_started: false,
        assigned: None,
    };
    let too_big = opts
        .payload_limit
        .is_some_and(|limit| limits::exceeds(&input, limit));
    let result = if too_big {
        Err(error::Failure::Error(error::StatesError::new(
            aslctl_parser::model::ErrorName::DataLimitExceeded,
            "The execution input exceeds the maximum number of bytes service limit.",
        )))
    } else {
        ex.run_scope(0, input)
    };
    let (status, output, error, cause, abort) = match result {
        Ok(out) => {
            ex.event(HistoryEvent::ExecutionSucceeded {
                output: Payload::of(&out),
            });
            (Status::Succeeded, Some(out), None, None, None)
        }
        Err(error::Failure::Error(e)) => {
            let name = e.name_str().map(str::to_owned);
            ex.event(HistoryEvent::ExecutionFailed {
                error: name.clone(),
                cause: e.cause.clone(),
            });
            (Status::Failed, None, name, e.cause, None)
        }
        Err(error::Failure::Abort(a)) => {
            let name = a.error_name().to_owned();
            let cause = a.to_string();
            ex.event(HistoryEvent::ExecutionAborted {
                error: name.clone(),
                cause: cause.clone(),
            });
            (Status::Aborted, None, Some(name), Some(cause), Some(a))
        }
    };
    Execution {
        status,
        output,
        error,
        cause,
        abort,
        events: ex.rec.count(),
        history_kept: opts.record_history,
        history: ex.rec.into_events(),
        clock: ex.clock,
        transitions: ex.transitions,
        trace: ex.trace,
    }
}
