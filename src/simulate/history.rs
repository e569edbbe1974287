//! Execution history: events named and shaped as AWS `GetExecutionHistory` returns them, with
//! sequential ids and virtual timestamps.

use serde_json::{Map, Value, json};

use super::clock::VirtualClock;

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
        resource_type: String,
        /// `resource`
        resource: String,
    },
    /// `LambdaFunction*` events of a Lambda function ARN.
    Lambda,
    /// `Activity*` events.
    Activity,
}

/// A payload as AWS prints it: compact JSON text, with a truncation flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// The text.
    pub text: String,
    /// Whether it was cut.
    pub truncated: bool,
}

impl Payload {
    /// The text of a value, cut at the payload quota.
    #[must_use]
    pub fn of(v: &Value) -> Payload {
        let (text, truncated) = super::limits::bounded_text(v, super::limits::PAYLOAD_LIMIT_BYTES);
        Payload { text, truncated }
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
        name: String,
        input: Payload,
    },
    StateExited {
        ty: StateType,
        name: String,
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
        arn: String,
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
        name: String,
        index: usize,
    },
    MapIterationSucceeded {
        name: String,
        index: usize,
    },
    MapIterationFailed {
        name: String,
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

fn payload_fields(map: &mut Map<String, Value>, key: &str, p: &Payload) {
    map.insert(key.into(), Value::String(p.text.clone()));
    map.insert(format!("{key}Details"), json!({"truncated": p.truncated}));
}

fn error_fields(map: &mut Map<String, Value>, error: Option<&str>, cause: Option<&str>) {
    if let Some(e) = error {
        map.insert("error".into(), e.into());
    }
    if let Some(c) = cause {
        map.insert("cause".into(), c.into());
    }
}

fn service(map: &mut Map<String, Value>, family: &TaskFamily) {
    if let TaskFamily::Service {
        resource_type,
        resource,
    } = family
    {
        map.insert("resourceType".into(), resource_type.clone().into());
        map.insert("resource".into(), resource.clone().into());
    }
}

impl HistoryEvent {
    /// The AWS event type.
    #[must_use]
    pub fn type_name(&self) -> String {
        let fam = |f: &TaskFamily, suffix: &str| match f {
            TaskFamily::Service { .. } => format!("Task{suffix}"),
            TaskFamily::Lambda => format!("LambdaFunction{suffix}"),
            TaskFamily::Activity => format!("Activity{suffix}"),
        };
        match self {
            HistoryEvent::ExecutionStarted { .. } => "ExecutionStarted".into(),
            HistoryEvent::ExecutionSucceeded { .. } => "ExecutionSucceeded".into(),
            HistoryEvent::ExecutionFailed { .. } => "ExecutionFailed".into(),
            HistoryEvent::ExecutionAborted { .. } => "ExecutionAborted".into(),
            HistoryEvent::StateEntered { ty, .. } => format!("{}StateEntered", ty.as_str()),
            HistoryEvent::StateExited { ty, .. } => format!("{}StateExited", ty.as_str()),
            HistoryEvent::TaskScheduled { family, .. } => fam(family, "Scheduled"),
            HistoryEvent::TaskStarted { family } => fam(family, "Started"),
            HistoryEvent::TaskSubmitted { family, .. } => fam(family, "Submitted"),
            HistoryEvent::TaskSucceeded { family, .. } => fam(family, "Succeeded"),
            HistoryEvent::TaskFailed { family, .. } => fam(family, "Failed"),
            HistoryEvent::TaskTimedOut { family, .. } => fam(family, "TimedOut"),
            HistoryEvent::MapStateStarted { .. } => "MapStateStarted".into(),
            HistoryEvent::MapStateSucceeded => "MapStateSucceeded".into(),
            HistoryEvent::MapStateFailed => "MapStateFailed".into(),
            HistoryEvent::EvaluationFailed { .. } => "EvaluationFailed".into(),
            HistoryEvent::MapIterationStarted { .. } => "MapIterationStarted".into(),
            HistoryEvent::MapIterationSucceeded { .. } => "MapIterationSucceeded".into(),
            HistoryEvent::MapIterationFailed { .. } => "MapIterationFailed".into(),
            HistoryEvent::MapRunStarted { .. } => "MapRunStarted".into(),
            HistoryEvent::MapRunSucceeded => "MapRunSucceeded".into(),
            HistoryEvent::MapRunFailed { .. } => "MapRunFailed".into(),
            HistoryEvent::ParallelStateStarted => "ParallelStateStarted".into(),
            HistoryEvent::ParallelStateFailed => "ParallelStateFailed".into(),
        }
    }

    /// The `<camelType>EventDetails` object, if the type has one.
    #[must_use]
    pub fn details(&self) -> Option<(String, Value)> {
        let mut m = Map::new();
        let key = match self {
            HistoryEvent::ExecutionStarted { input, role_arn } => {
                payload_fields(&mut m, "input", input);
                m.insert("roleArn".into(), role_arn.clone().into());
                "executionStartedEventDetails"
            }
            HistoryEvent::ExecutionSucceeded { output } => {
                payload_fields(&mut m, "output", output);
                "executionSucceededEventDetails"
            }
            HistoryEvent::ExecutionFailed { error, cause } => {
                error_fields(&mut m, error.as_deref(), cause.as_deref());
                "executionFailedEventDetails"
            }
            HistoryEvent::ExecutionAborted { error, cause } => {
                error_fields(&mut m, Some(error), Some(cause));
                "executionAbortedEventDetails"
            }
            HistoryEvent::StateEntered { name, input, .. } => {
                m.insert("name".into(), name.clone().into());
                payload_fields(&mut m, "input", input);
                "stateEnteredEventDetails"
            }
            HistoryEvent::StateExited {
                name,
                output,
                assigned,
                ..
            } => {
                m.insert("name".into(), name.clone().into());
                payload_fields(&mut m, "output", output);
                if let Some(vars) = assigned {
                    let vars: Map<String, Value> = vars
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect();
                    m.insert("assignedVariables".into(), Value::Object(vars));
                    m.insert(
                        "assignedVariablesDetails".into(),
                        json!({"truncated": false}),
                    );
                }
                "stateExitedEventDetails"
            }
            HistoryEvent::EvaluationFailed {
                error,
                cause,
                location,
                state,
            } => {
                error_fields(&mut m, Some(error), Some(cause));
                m.insert("location".into(), location.clone().into());
                m.insert("state".into(), state.clone().into());
                "evaluationFailedEventDetails"
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
                        service(&mut m, family);
                        m.insert("region".into(), "us-east-1".into());
                        payload_fields(&mut m, "parameters", parameters);
                    }
                    TaskFamily::Lambda | TaskFamily::Activity => {
                        m.insert("resource".into(), arn.clone().into());
                        payload_fields(&mut m, "input", parameters);
                    }
                }
                if let Some(t) = timeout {
                    m.insert("timeoutInSeconds".into(), (*t).into());
                }
                if let Some(h) = heartbeat {
                    m.insert("heartbeatInSeconds".into(), (*h).into());
                }
                match family {
                    TaskFamily::Service { .. } => "taskScheduledEventDetails",
                    TaskFamily::Lambda => "lambdaFunctionScheduledEventDetails",
                    TaskFamily::Activity => "activityScheduledEventDetails",
                }
            }
            HistoryEvent::TaskStarted { family } => match family {
                TaskFamily::Service { .. } => {
                    service(&mut m, family);
                    "taskStartedEventDetails"
                }
                TaskFamily::Lambda => return None,
                TaskFamily::Activity => {
                    m.insert("workerName".into(), "aslctl".into());
                    "activityStartedEventDetails"
                }
            },
            HistoryEvent::TaskSubmitted { family, output } => {
                service(&mut m, family);
                payload_fields(&mut m, "output", output);
                "taskSubmittedEventDetails"
            }
            HistoryEvent::TaskSucceeded { family, output } => {
                service(&mut m, family);
                payload_fields(&mut m, "output", output);
                match family {
                    TaskFamily::Service { .. } => "taskSucceededEventDetails",
                    TaskFamily::Lambda => "lambdaFunctionSucceededEventDetails",
                    TaskFamily::Activity => "activitySucceededEventDetails",
                }
            }
            HistoryEvent::TaskFailed {
                family,
                error,
                cause,
            } => {
                service(&mut m, family);
                error_fields(&mut m, Some(error), Some(cause));
                match family {
                    TaskFamily::Service { .. } => "taskFailedEventDetails",
                    TaskFamily::Lambda => "lambdaFunctionFailedEventDetails",
                    TaskFamily::Activity => "activityFailedEventDetails",
                }
            }
            HistoryEvent::TaskTimedOut {
                family,
                error,
                cause,
            } => {
                service(&mut m, family);
                error_fields(&mut m, Some(error), Some(cause));
                match family {
                    TaskFamily::Service { .. } => "taskTimedOutEventDetails",
                    TaskFamily::Lambda => "lambdaFunctionTimedOutEventDetails",
                    TaskFamily::Activity => "activityTimedOutEventDetails",
                }
            }
            HistoryEvent::MapStateStarted { length } => {
                m.insert("length".into(), (*length).into());
                "mapStateStartedEventDetails"
            }
            HistoryEvent::MapIterationStarted { name, index }
            | HistoryEvent::MapIterationSucceeded { name, index }
            | HistoryEvent::MapIterationFailed { name, index } => {
                m.insert("name".into(), name.clone().into());
                m.insert("index".into(), (*index).into());
                match self {
                    HistoryEvent::MapIterationStarted { .. } => "mapIterationStartedEventDetails",
                    HistoryEvent::MapIterationSucceeded { .. } => {
                        "mapIterationSucceededEventDetails"
                    }
                    _ => "mapIterationFailedEventDetails",
                }
            }
            HistoryEvent::MapRunStarted { map_run_arn } => {
                m.insert("mapRunArn".into(), map_run_arn.clone().into());
                "mapRunStartedEventDetails"
            }
            HistoryEvent::MapRunFailed { error, cause } => {
                error_fields(&mut m, Some(error), Some(cause));
                "mapRunFailedEventDetails"
            }
            HistoryEvent::MapStateSucceeded
            | HistoryEvent::MapStateFailed
            | HistoryEvent::MapRunSucceeded
            | HistoryEvent::ParallelStateStarted
            | HistoryEvent::ParallelStateFailed => return None,
        };
        Some((key.to_owned(), Value::Object(m)))
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
    pub fn to_json(&self, clock: &VirtualClock) -> Value {
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
        Value::Object(m)
    }
}

/// Collects events; muted while a Distributed Map's child executions run, since their events
/// belong to child executions (spec/simulate.md §3).
#[derive(Debug, Default)]
pub struct Recorder {
    events: Vec<Recorded>,
    muted: usize,
    next_id: u64,
}

impl Recorder {
    /// Records an event and returns its id (0 while muted).
    pub fn push(&mut self, event: HistoryEvent, elapsed_ms: u64) -> u64 {
        if self.muted > 0 {
            return 0;
        }
        self.next_id += 1;
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

    /// The events so far.
    #[must_use]
    pub fn events(&self) -> &[Recorded] {
        &self.events
    }

    /// Takes the events.
    #[must_use]
    pub fn into_events(self) -> Vec<Recorded> {
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
        let mut r = Recorder::default();
        r.push(
            HistoryEvent::StateEntered {
                ty: StateType::Pass,
                name: "A".into(),
                input: Payload::of(&json!({"a": 1})),
            },
            0,
        );
        let lambda = HistoryEvent::TaskStarted {
            family: TaskFamily::Lambda,
        };
        assert_eq!(lambda.type_name(), "LambdaFunctionStarted");
        assert!(lambda.details().is_none());
        let v = r.events()[0].to_json(&clock);
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
