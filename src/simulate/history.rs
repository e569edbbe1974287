//! Execution history: events named and shaped as AWS `GetExecutionHistory` returns them, with
//! sequential ids and virtual timestamps.
//!
//! Events hold their payloads as shared documents; the JSON text AWS shows (cut at the payload
//! quota) is written only when the history is printed, once per distinct document
//! ([`HistoryWriter`]), so a long run with large payloads neither copies nor serialises each
//! payload at every state.

use std::io::{self, Write};

use serde_json::{Map, json};

use super::clock::VirtualClock;
use super::limits::{self, PAYLOAD_LIMIT_BYTES};
use super::value::{Str, Value};

/// The state types that have `…StateEntered`/`…StateExited` events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateType {
    /// Pass
    Pass,
    /// Task
    Task,
    /// Choice
    Choice,
    /// Wait
    Wait,
    /// Succeed
    Succeed,
    /// Fail (entered only)
    Fail,
    /// Map
    Map,
    /// Parallel
    Parallel,
}

impl StateType {
    /// From a `Type` name.
    #[must_use]
    pub fn from_name(name: &str) -> StateType {
        match name {
            "Task" => StateType::Task,
            "Choice" => StateType::Choice,
            "Wait" => StateType::Wait,
            "Succeed" => StateType::Succeed,
            "Fail" => StateType::Fail,
            "Map" => StateType::Map,
            "Parallel" => StateType::Parallel,
            _ => StateType::Pass,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            StateType::Pass => "Pass",
            StateType::Task => "Task",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Map => "Map",
            StateType::Parallel => "Parallel",
        }
    }
}

/// Which family of task events a call produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskFamily {
    /// `Task*` events of a service integration.
    Service {
        /// `resourceType`
        resource_type: Str,
        /// `resource`
        resource: Str,
    },
    /// `LambdaFunction*` events of a Lambda function ARN.
    Lambda,
    /// `Activity*` events.
    Activity,
}

/// A payload as AWS prints it: the compact JSON text of a document, cut at the payload quota,
/// with a truncation flag. The document is shared with the run; the text is made on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    value: Value,
}

impl Payload {
    /// The payload of a document (shared, not copied).
    #[must_use]
    pub fn of(v: &Value) -> Payload {
        Payload { value: v.clone() }
    }

    /// The document.
    #[must_use]
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The text, cut at the payload quota, and whether it was cut.
    #[must_use]
    pub fn text_and_truncated(&self) -> (String, bool) {
        limits::bounded_text(&self.value, PAYLOAD_LIMIT_BYTES)
    }

    /// The text, cut at the payload quota.
    #[must_use]
    pub fn text(&self) -> String {
        self.text_and_truncated().0
    }

    /// Whether the text is cut.
    #[must_use]
    pub fn truncated(&self) -> bool {
        limits::exceeds(&self.value, PAYLOAD_LIMIT_BYTES)
    }
}

/// One history event, by AWS type.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum HistoryEvent {
    ExecutionStarted {
        input: Payload,
        role_arn: String,
    },
    ExecutionSucceeded {
        output: Payload,
    },
    ExecutionFailed {
        error: Option<String>,
        cause: Option<String>,
    },
    ExecutionAborted {
        error: String,
        cause: String,
    },
    StateEntered {
        ty: StateType,
        name: Str,
        input: Payload,
    },
    StateExited {
        ty: StateType,
        name: Str,
        output: Payload,
        /// Variables the state's `Assign` set: name and value as compact JSON text.
        assigned: Option<Vec<(String, String)>>,
    },
    /// A JSONata or variable evaluation failed (`States.QueryEvaluationError`).
    EvaluationFailed {
        error: String,
        cause: String,
        /// The field, as AWS names it (`Items`, `Assign/result`).
        location: String,
        state: String,
    },
    TaskScheduled {
        family: TaskFamily,
        arn: Str,
        parameters: Payload,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
    },
    TaskStarted {
        family: TaskFamily,
    },
    TaskSubmitted {
        family: TaskFamily,
        output: Payload,
    },
    TaskSucceeded {
        family: TaskFamily,
        output: Payload,
    },
    TaskFailed {
        family: TaskFamily,
        error: String,
        cause: String,
    },
    TaskTimedOut {
        family: TaskFamily,
        error: String,
        cause: String,
    },
    MapStateStarted {
        length: usize,
    },
    MapStateSucceeded,
    MapStateFailed,
    MapIterationStarted {
        name: Str,
        index: usize,
    },
    MapIterationSucceeded {
        name: Str,
        index: usize,
    },
    MapIterationFailed {
        name: Str,
        index: usize,
    },
    MapRunStarted {
        map_run_arn: String,
    },
    MapRunSucceeded,
    MapRunFailed {
        error: String,
        cause: String,
    },
    ParallelStateStarted,
    ParallelStateFailed,
}

/// One member of an event's details object.
enum Field<'a> {
    /// A string.
    Text(&'a str),
    /// A whole number.
    Number(u64),
    /// A payload: `key` with its text and `keyDetails` with its truncation flag.
    Payload(&'a Payload),
    /// `assignedVariables` (names and JSON texts) and `assignedVariablesDetails`.
    Assigned(&'a [(String, String)]),
}

fn error_fields<'a>(
    f: &mut dyn FnMut(&'static str, Field<'a>),
    error: Option<&'a str>,
    cause: Option<&'a str>,
) {
    if let Some(e) = error {
        f("error", Field::Text(e));
    }
    if let Some(c) = cause {
        f("cause", Field::Text(c));
    }
}

fn service<'a>(f: &mut dyn FnMut(&'static str, Field<'a>), family: &'a TaskFamily) {
    if let TaskFamily::Service {
        resource_type,
        resource,
    } = family
    {
        f("resourceType", Field::Text(resource_type));
        f("resource", Field::Text(resource));
    }
}

impl HistoryEvent {
    /// The AWS event type, in two static parts (`Pass` + `StateEntered`).
    fn type_parts(&self) -> (&'static str, &'static str) {
        let fam = |f: &TaskFamily| match f {
            TaskFamily::Service { .. } => "Task",
            TaskFamily::Lambda => "LambdaFunction",
            TaskFamily::Activity => "Activity",
        };
        match self {
            HistoryEvent::ExecutionStarted { .. } => ("ExecutionStarted", ""),
            HistoryEvent::ExecutionSucceeded { .. } => ("ExecutionSucceeded", ""),
            HistoryEvent::ExecutionFailed { .. } => ("ExecutionFailed", ""),
            HistoryEvent::ExecutionAborted { .. } => ("ExecutionAborted", ""),
            HistoryEvent::StateEntered { ty, .. } => (ty.as_str(), "StateEntered"),
            HistoryEvent::StateExited { ty, .. } => (ty.as_str(), "StateExited"),
            HistoryEvent::TaskScheduled { family, .. } => (fam(family), "Scheduled"),
            HistoryEvent::TaskStarted { family } => (fam(family), "Started"),
            HistoryEvent::TaskSubmitted { family, .. } => (fam(family), "Submitted"),
            HistoryEvent::TaskSucceeded { family, .. } => (fam(family), "Succeeded"),
            HistoryEvent::TaskFailed { family, .. } => (fam(family), "Failed"),
            HistoryEvent::TaskTimedOut { family, .. } => (fam(family), "TimedOut"),
            HistoryEvent::MapStateStarted { .. } => ("MapStateStarted", ""),
            HistoryEvent::MapStateSucceeded => ("MapStateSucceeded", ""),
            HistoryEvent::MapStateFailed => ("MapStateFailed", ""),
            HistoryEvent::EvaluationFailed { .. } => ("EvaluationFailed", ""),
            HistoryEvent::MapIterationStarted { .. } => ("MapIterationStarted", ""),
            HistoryEvent::MapIterationSucceeded { .. } => ("MapIterationSucceeded", ""),
            HistoryEvent::MapIterationFailed { .. } => ("MapIterationFailed", ""),
            HistoryEvent::MapRunStarted { .. } => ("MapRunStarted", ""),
            HistoryEvent::MapRunSucceeded => ("MapRunSucceeded", ""),
            HistoryEvent::MapRunFailed { .. } => ("MapRunFailed", ""),
            HistoryEvent::ParallelStateStarted => ("ParallelStateStarted", ""),
            HistoryEvent::ParallelStateFailed => ("ParallelStateFailed", ""),
        }
    }

    /// The AWS event type.
    #[must_use]
    pub fn type_name(&self) -> String {
        let (a, b) = self.type_parts();
        format!("{a}{b}")
    }

    /// The key of the `<camelType>EventDetails` object, if the type has one.
    fn details_key(&self) -> Option<&'static str> {
        let fam = |f: &TaskFamily, service, lambda, activity| match f {
            TaskFamily::Service { .. } => service,
            TaskFamily::Lambda => lambda,
            TaskFamily::Activity => activity,
        };
        Some(match self {
            HistoryEvent::ExecutionStarted { .. } => "executionStartedEventDetails",
            HistoryEvent::ExecutionSucceeded { .. } => "executionSucceededEventDetails",
            HistoryEvent::ExecutionFailed { .. } => "executionFailedEventDetails",
            HistoryEvent::ExecutionAborted { .. } => "executionAbortedEventDetails",
            HistoryEvent::StateEntered { .. } => "stateEnteredEventDetails",
            HistoryEvent::StateExited { .. } => "stateExitedEventDetails",
            HistoryEvent::EvaluationFailed { .. } => "evaluationFailedEventDetails",
            HistoryEvent::TaskScheduled { family, .. } => fam(
                family,
                "taskScheduledEventDetails",
                "lambdaFunctionScheduledEventDetails",
                "activityScheduledEventDetails",
            ),
            HistoryEvent::TaskStarted { family } => match family {
                TaskFamily::Service { .. } => "taskStartedEventDetails",
                TaskFamily::Lambda => return None,
                TaskFamily::Activity => "activityStartedEventDetails",
            },
            HistoryEvent::TaskSubmitted { .. } => "taskSubmittedEventDetails",
            HistoryEvent::TaskSucceeded { family, .. } => fam(
                family,
                "taskSucceededEventDetails",
                "lambdaFunctionSucceededEventDetails",
                "activitySucceededEventDetails",
            ),
            HistoryEvent::TaskFailed { family, .. } => fam(
                family,
                "taskFailedEventDetails",
                "lambdaFunctionFailedEventDetails",
                "activityFailedEventDetails",
            ),
            HistoryEvent::TaskTimedOut { family, .. } => fam(
                family,
                "taskTimedOutEventDetails",
                "lambdaFunctionTimedOutEventDetails",
                "activityTimedOutEventDetails",
            ),
            HistoryEvent::MapStateStarted { .. } => "mapStateStartedEventDetails",
            HistoryEvent::MapIterationStarted { .. } => "mapIterationStartedEventDetails",
            HistoryEvent::MapIterationSucceeded { .. } => "mapIterationSucceededEventDetails",
            HistoryEvent::MapIterationFailed { .. } => "mapIterationFailedEventDetails",
            HistoryEvent::MapRunStarted { .. } => "mapRunStartedEventDetails",
            HistoryEvent::MapRunFailed { .. } => "mapRunFailedEventDetails",
            HistoryEvent::MapStateSucceeded
            | HistoryEvent::MapStateFailed
            | HistoryEvent::MapRunSucceeded
            | HistoryEvent::ParallelStateStarted
            | HistoryEvent::ParallelStateFailed => return None,
        })
    }

    /// The members of the details object, in AWS's order. The one description of each event's
    /// details: [`HistoryEvent::details`] and [`HistoryWriter`] both follow it.
    fn fields<'a>(&'a self, f: &mut dyn FnMut(&'static str, Field<'a>)) {
        match self {
            HistoryEvent::ExecutionStarted { input, role_arn } => {
                f("input", Field::Payload(input));
                f("roleArn", Field::Text(role_arn));
            }
            HistoryEvent::ExecutionSucceeded { output } => f("output", Field::Payload(output)),
            HistoryEvent::ExecutionFailed { error, cause } => {
                error_fields(f, error.as_deref(), cause.as_deref());
            }
            HistoryEvent::ExecutionAborted { error, cause } => {
                error_fields(f, Some(error), Some(cause));
            }
            HistoryEvent::StateEntered { name, input, .. } => {
                f("name", Field::Text(name));
                f("input", Field::Payload(input));
            }
            HistoryEvent::StateExited {
                name,
                output,
                assigned,
                ..
            } => {
                f("name", Field::Text(name));
                f("output", Field::Payload(output));
                if let Some(vars) = assigned {
                    f("assignedVariables", Field::Assigned(vars));
                }
            }
            HistoryEvent::EvaluationFailed {
                error,
                cause,
                location,
                state,
            } => {
                error_fields(f, Some(error), Some(cause));
                f("location", Field::Text(location));
                f("state", Field::Text(state));
            }
            HistoryEvent::TaskScheduled {
                family,
                arn,
                parameters,
                timeout,
                heartbeat,
            } => {
                match family {
                    TaskFamily::Service { .. } => {
                        service(f, family);
                        f("region", Field::Text("us-east-1"));
                        f("parameters", Field::Payload(parameters));
                    }
                    TaskFamily::Lambda | TaskFamily::Activity => {
                        f("resource", Field::Text(arn));
                        f("input", Field::Payload(parameters));
                    }
                }
                if let Some(t) = timeout {
                    f("timeoutInSeconds", Field::Number(*t));
                }
                if let Some(h) = heartbeat {
                    f("heartbeatInSeconds", Field::Number(*h));
                }
            }
            HistoryEvent::TaskStarted { family } => match family {
                TaskFamily::Service { .. } => service(f, family),
                TaskFamily::Lambda => {}
                TaskFamily::Activity => f("workerName", Field::Text("aslctl")),
            },
            HistoryEvent::TaskSubmitted { family, output }
            | HistoryEvent::TaskSucceeded { family, output } => {
                service(f, family);
                f("output", Field::Payload(output));
            }
            HistoryEvent::TaskFailed {
                family,
                error,
                cause,
            }
            | HistoryEvent::TaskTimedOut {
                family,
                error,
                cause,
            } => {
                service(f, family);
                error_fields(f, Some(error), Some(cause));
            }
            HistoryEvent::MapStateStarted { length } => {
                f("length", Field::Number(*length as u64));
            }
            HistoryEvent::MapIterationStarted { name, index }
            | HistoryEvent::MapIterationSucceeded { name, index }
            | HistoryEvent::MapIterationFailed { name, index } => {
                f("name", Field::Text(name));
                f("index", Field::Number(*index as u64));
            }
            HistoryEvent::MapRunStarted { map_run_arn } => {
                f("mapRunArn", Field::Text(map_run_arn));
            }
            HistoryEvent::MapRunFailed { error, cause } => {
                error_fields(f, Some(error), Some(cause));
            }
            HistoryEvent::MapStateSucceeded
            | HistoryEvent::MapStateFailed
            | HistoryEvent::MapRunSucceeded
            | HistoryEvent::ParallelStateStarted
            | HistoryEvent::ParallelStateFailed => {}
        }
    }

    /// The `<camelType>EventDetails` object, if the type has one.
    #[must_use]
    pub fn details(&self) -> Option<(String, serde_json::Value)> {
        let key = self.details_key()?;
        let mut m = Map::new();
        self.fields(&mut |k, field| match field {
            Field::Text(s) => {
                m.insert(k.into(), s.into());
            }
            Field::Number(n) => {
                m.insert(k.into(), n.into());
            }
            Field::Payload(p) => {
                let (text, truncated) = p.text_and_truncated();
                m.insert(k.into(), text.into());
                m.insert(format!("{k}Details"), json!({ "truncated": truncated }));
            }
            Field::Assigned(vars) => {
                m.insert(k.into(), assigned_object(vars));
                m.insert(format!("{k}Details"), json!({"truncated": false}));
            }
        });
        Some((key.to_owned(), serde_json::Value::Object(m)))
    }

    /// The state name the event concerns, if it names one.
    #[must_use]
    pub fn state_name(&self) -> Option<&str> {
        match self {
            HistoryEvent::StateEntered { name, .. }
            | HistoryEvent::StateExited { name, .. }
            | HistoryEvent::MapIterationStarted { name, .. }
            | HistoryEvent::MapIterationSucceeded { name, .. }
            | HistoryEvent::MapIterationFailed { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// `assignedVariables`: name → JSON text; a name assigned twice keeps its first place and its
/// last value.
fn assigned_object(vars: &[(String, String)]) -> serde_json::Value {
    let vars: Map<String, serde_json::Value> = vars
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(vars)
}

/// An event with its id, predecessor and virtual time.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// 1-based id.
    pub id: u64,
    /// Id of the preceding event (0 for the first).
    pub previous_event_id: u64,
    /// Milliseconds since the execution started.
    pub elapsed_ms: u64,
    /// The event.
    pub event: HistoryEvent,
}

impl Recorded {
    /// The AWS JSON shape.
    #[must_use]
    pub fn to_json(&self, clock: &VirtualClock) -> serde_json::Value {
        let mut m = Map::new();
        m.insert("id".into(), self.id.into());
        m.insert("previousEventId".into(), self.previous_event_id.into());
        m.insert(
            "timestamp".into(),
            VirtualClock::format(clock.at(self.elapsed_ms)).into(),
        );
        m.insert("type".into(), self.event.type_name().into());
        if let Some((k, v)) = self.event.details() {
            m.insert(k, v);
        }
        serde_json::Value::Object(m)
    }
}

/// How many recent payloads [`HistoryWriter`] keeps as text: a state's output is usually the
/// next state's input, so the same document appears in several events in a row.
const PAYLOAD_CACHE: usize = 4;

/// Writes events as compact JSON, byte for byte what `serde_json` makes of
/// [`Recorded::to_json`], without building that value: each distinct payload is serialised
/// once, and the timestamp text is reused while the clock stands still.
pub struct HistoryWriter<'c> {
    clock: &'c VirtualClock,
    stamp_ms: Option<u64>,
    stamp: Vec<u8>,
    /// Recent payloads: the document, its text as a JSON string literal, its truncation flag.
    payloads: Vec<(Value, Vec<u8>, bool)>,
    next_slot: usize,
    scratch: Vec<u8>,
}

impl<'c> HistoryWriter<'c> {
    /// A writer for the events of a run that ended with `clock`.
    #[must_use]
    pub fn new(clock: &'c VirtualClock) -> HistoryWriter<'c> {
        HistoryWriter {
            clock,
            stamp_ms: None,
            stamp: Vec::new(),
            payloads: Vec::with_capacity(PAYLOAD_CACHE),
            next_slot: 0,
            scratch: Vec::new(),
        }
    }

    /// Writes one event.
    ///
    /// # Errors
    /// Write failures.
    pub fn write<W: Write + ?Sized>(&mut self, w: &mut W, r: &Recorded) -> io::Result<()> {
        w.write_all(b"{\"id\":")?;
        write_u64(w, r.id)?;
        w.write_all(b",\"previousEventId\":")?;
        write_u64(w, r.previous_event_id)?;
        w.write_all(b",\"timestamp\":")?;
        if self.stamp_ms != Some(r.elapsed_ms) {
            self.stamp.clear();
            write_str(
                &mut self.stamp,
                &VirtualClock::format(self.clock.at(r.elapsed_ms)),
            )?;
            self.stamp_ms = Some(r.elapsed_ms);
        }
        w.write_all(&self.stamp)?;
        let (a, b) = r.event.type_parts();
        w.write_all(b",\"type\":\"")?;
        w.write_all(a.as_bytes())?;
        w.write_all(b.as_bytes())?;
        w.write_all(b"\"")?;
        if let Some(key) = r.event.details_key() {
            w.write_all(b",\"")?;
            w.write_all(key.as_bytes())?;
            w.write_all(b"\":{")?;
            let mut first = true;
            let mut result = Ok(());
            r.event.fields(&mut |k, field| {
                if result.is_ok() {
                    result = self.field(w, &mut first, k, &field);
                }
            });
            result?;
            w.write_all(b"}")?;
        }
        w.write_all(b"}")
    }

    fn field<W: Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: &mut bool,
        key: &str,
        field: &Field<'_>,
    ) -> io::Result<()> {
        if !*first {
            w.write_all(b",")?;
        }
        *first = false;
        w.write_all(b"\"")?;
        w.write_all(key.as_bytes())?;
        w.write_all(b"\":")?;
        match field {
            Field::Text(s) => write_str(w, s),
            Field::Number(n) => write_u64(w, *n),
            Field::Payload(p) => {
                let slot = self.payload(p.value());
                let (_, text, truncated) = &self.payloads[slot];
                w.write_all(text)?;
                w.write_all(b",\"")?;
                w.write_all(key.as_bytes())?;
                w.write_all(if *truncated {
                    b"Details\":{\"truncated\":true}"
                } else {
                    b"Details\":{\"truncated\":false}"
                })
            }
            Field::Assigned(vars) => {
                serde_json::to_writer(&mut *w, &assigned_object(vars)).map_err(io::Error::other)?;
                w.write_all(b",\"")?;
                w.write_all(key.as_bytes())?;
                w.write_all(b"Details\":{\"truncated\":false}")
            }
        }
    }

    /// The cache slot holding the text of `v`, serialising it if it is not there.
    fn payload(&mut self, v: &Value) -> usize {
        let hit = self.payloads.iter().position(|(cached, _, _)| match v {
            Value::String(_) | Value::Array(_) | Value::Object(_) => cached.same(v),
            _ => cached == v,
        });
        if let Some(i) = hit {
            return i;
        }
        let truncated = limits::bounded_into(&mut self.scratch, v, PAYLOAD_LIMIT_BYTES);
        let mut literal = Vec::with_capacity(self.scratch.len() + 2);
        // The cut text is valid UTF-8 (bounded_into stops on a character boundary).
        let text = std::str::from_utf8(&self.scratch).unwrap_or_default();
        let _ = write_str(&mut literal, text);
        let entry = (v.clone(), literal, truncated);
        if self.payloads.len() < PAYLOAD_CACHE {
            self.payloads.push(entry);
            self.payloads.len() - 1
        } else {
            let slot = self.next_slot;
            self.next_slot = (slot + 1) % PAYLOAD_CACHE;
            self.payloads[slot] = entry;
            slot
        }
    }
}

fn write_u64<W: Write + ?Sized>(w: &mut W, n: u64) -> io::Result<()> {
    let mut buf = itoa::Buffer::new();
    w.write_all(buf.format(n).as_bytes())
}

/// A JSON string literal, escaped exactly as `serde_json` escapes it.
fn write_str<W: Write + ?Sized>(w: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::other)
}

/// The recorded events, in fixed-size chunks: a history of hundreds of thousands of events
/// grows without ever being moved (one growing `Vec` would copy it at every doubling, into
/// freshly mapped memory).
#[derive(Debug, Default)]
pub struct History {
    chunks: Vec<Vec<Recorded>>,
    len: usize,
}

/// Events per chunk.
const CHUNK: usize = 4096;

impl History {
    /// Appends an event.
    pub fn push(&mut self, r: Recorded) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(r),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(r);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    /// The number of events.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The events in order.
    pub fn iter(&self) -> std::iter::Flatten<std::slice::Iter<'_, Vec<Recorded>>> {
        self.chunks.iter().flatten()
    }

    /// The `i`-th event (from 0).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&Recorded> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }
}

impl<'a> IntoIterator for &'a History {
    type Item = &'a Recorded;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Recorded>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Collects events; muted while a Distributed Map's child executions run, since their events
/// belong to child executions (spec/simulate.md §3).
#[derive(Debug, Default)]
pub struct Recorder {
    events: History,
    muted: usize,
    next_id: u64,
    /// Whether events are kept, or only numbered.
    keep: bool,
}

impl Recorder {
    /// A recorder that keeps the events (`keep`) or only numbers them, for a run whose
    /// history nobody reads.
    #[must_use]
    pub fn new(keep: bool) -> Recorder {
        Recorder {
            keep,
            ..Recorder::default()
        }
    }

    /// Records an event and returns its id (0 while muted).
    pub fn push(&mut self, event: HistoryEvent, elapsed_ms: u64) -> u64 {
        if self.muted > 0 {
            return 0;
        }
        self.next_id += 1;
        if !self.keep {
            return self.next_id;
        }
        self.events.push(Recorded {
            id: self.next_id,
            previous_event_id: self.next_id - 1,
            elapsed_ms,
            event,
        });
        self.next_id
    }

    /// Stops recording until [`Recorder::unmute`].
    pub fn mute(&mut self) {
        self.muted += 1;
    }

    /// Undoes one [`Recorder::mute`].
    pub fn unmute(&mut self) {
        self.muted = self.muted.saturating_sub(1);
    }

    /// How many mutes are in force.
    #[must_use]
    pub fn muted_depth(&self) -> usize {
        self.muted
    }

    /// Whether events are being dropped.
    #[must_use]
    pub fn is_muted(&self) -> bool {
        self.muted > 0
    }

    /// How many events were recorded (kept or not).
    #[must_use]
    pub fn count(&self) -> u64 {
        self.next_id
    }

    /// The events so far.
    #[must_use]
    pub fn events(&self) -> &History {
        &self.events
    }

    /// Takes the events.
    #[must_use]
    pub fn into_events(self) -> History {
        self.events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_shapes() {
        // spec/simulate.md §3, canonical Pass sequence and detail objects.
        let start = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let clock = VirtualClock::new(start);
        let mut r = Recorder::new(true);
        r.push(
            HistoryEvent::StateEntered {
                ty: StateType::Pass,
                name: "A".into(),
                input: Payload::of(&crate::simulate::value::json!({"a": 1})),
            },
            0,
        );
        let lambda = HistoryEvent::TaskStarted {
            family: TaskFamily::Lambda,
        };
        assert_eq!(lambda.type_name(), "LambdaFunctionStarted");
        assert!(lambda.details().is_none());
        let v = r.events().get(0).unwrap().to_json(&clock);
        assert_eq!(
            v,
            json!({"id": 1, "previousEventId": 0, "timestamp": "2024-01-01T00:00:00.000Z",
                   "type": "PassStateEntered",
                   "stateEnteredEventDetails": {"name": "A", "input": "{\"a\":1}",
                                                "inputDetails": {"truncated": false}}})
        );
        r.mute();
        assert_eq!(r.push(HistoryEvent::MapRunSucceeded, 0), 0);
        r.unmute();
        assert_eq!(r.push(HistoryEvent::MapRunSucceeded, 0), 2);
    }
}
