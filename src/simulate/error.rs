//! Errors of a simulated execution: catchable [`StatesError`]s, non-catchable [`Abort`]s, and
//! the one function that decides whether an `ErrorEquals` entry matches an error.

use aslctl_parser::model::ErrorName;

/// An error a state raises; Retry and Catch see only these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatesError {
    /// The error name; `None` for a `Fail` state without `Error` (AWS then reports no error).
    pub name: Option<ErrorName>,
    /// The cause, if any.
    pub cause: Option<String>,
    /// For a JSONata evaluation failure not yet recorded: the field that failed
    /// (`Items`, `Assign/result`), for the `EvaluationFailed` history event.
    pub location: Option<String>,
}

impl StatesError {
    /// An error with a name and a cause.
    #[must_use]
    pub fn new(name: ErrorName, cause: impl Into<String>) -> StatesError {
        StatesError {
            name: Some(name),
            cause: Some(cause.into()),
            location: None,
        }
    }

    /// `States.Runtime` with a cause.
    #[must_use]
    pub fn runtime(cause: impl Into<String>) -> StatesError {
        StatesError::new(ErrorName::Runtime, cause)
    }

    /// The name as written, if any.
    #[must_use]
    pub fn name_str(&self) -> Option<&str> {
        self.name.as_ref().map(ErrorName::as_str)
    }

    /// The error output a Catch hands on: `{"Error": ..., "Cause": ...}`.
    #[must_use]
    pub fn to_output(&self) -> super::value::Value {
        let mut map = super::value::Map::with_capacity(2);
        if let Some(name) = self.name_str() {
            map.insert("Error", name.into());
        }
        if let Some(cause) = &self.cause {
            map.insert("Cause", cause.as_str().into());
        }
        map.into()
    }
}

/// Why a simulation stopped without an AWS-defined outcome. Never caught by `Catch`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Abort {
    /// `--max-transitions` was reached (a loop that does not end, or a very long run).
    #[error(
        "stopped after {limit} state transitions (raise --max-transitions if the run is meant to be this long)"
    )]
    MaxTransitions {
        /// The limit.
        limit: u64,
    },
    /// A Task state has no mock and `--unmocked error` is in force.
    #[error("Task state `{state}` has no mock{}", hint_text(.hint))]
    MissingMock {
        /// The state name.
        state: String,
        /// A mock entry to add, shown to the user.
        hint: String,
    },
    /// A mock list has no response for this invocation.
    #[error(
        "the mock for state `{state}` has no response for invocation {invocation} (invocations count from 0, once per call, retries included)"
    )]
    MockExhausted {
        /// The state name.
        state: String,
        /// The 0-based invocation number.
        invocation: usize,
    },
    /// A Map `ItemReader` has no data in the mock file.
    #[error(
        "Map state `{state}` reads items with ItemReader; add its items to the mock file under `ItemReaders`"
    )]
    MissingItemReaderData {
        /// The state name.
        state: String,
    },
    /// A feature the simulator does not evaluate yet.
    #[error("unsupported: {what}")]
    Unsupported {
        /// What is unsupported.
        what: String,
    },
    /// Map and Parallel states nest deeper than the simulator allows.
    #[error("Map and Parallel states nest deeper than {limit} levels (a fixed limit of aslctl)")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A Map state has more items than `--max-map-items`.
    #[error(
        "Map state `{state}` has {count} items, more than the limit of {limit} (raise --max-map-items if the run is meant to be this large)"
    )]
    MapItems {
        /// The state name.
        state: String,
        /// How many items it has.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A state output or variable nests deeper than [`super::limits::MAX_PAYLOAD_DEPTH`].
    #[error(
        "a value built by state `{state}` nests deeper than {limit} levels (a fixed limit of aslctl that keeps every pass over a payload off the stack's edge)"
    )]
    PayloadTooDeep {
        /// The state name.
        state: String,
        /// The limit.
        limit: usize,
    },
    /// A JSONata expression reached the evaluator's step or depth limit.
    #[error(
        "JSONata expression in `{field}` stopped: {message} (a fixed limit of aslctl that bounds each evaluation)"
    )]
    Jsonata {
        /// The field the expression sits in.
        field: String,
        /// The engine's message.
        message: String,
    },
}

fn hint_text(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!("; add to the mock file:\n{hint}")
    }
}

impl Abort {
    /// The error name reported for the aborted run (`aslctl.*`, outside AWS's `States.*`).
    #[must_use]
    pub fn error_name(&self) -> &'static str {
        match self {
            Abort::MaxTransitions { .. } => "aslctl.MaxTransitionsExceeded",
            Abort::MissingMock { .. } => "aslctl.MissingMock",
            Abort::MockExhausted { .. } => "aslctl.MockExhausted",
            Abort::MissingItemReaderData { .. } => "aslctl.MissingItemReaderData",
            Abort::Unsupported { .. } => "aslctl.Unsupported",
            Abort::TooDeep { .. } => "aslctl.TooDeep",
            Abort::MapItems { .. } => "aslctl.MapItemsExceeded",
            Abort::PayloadTooDeep { .. } => "aslctl.PayloadTooDeep",
            Abort::Jsonata { .. } => "aslctl.JsonataLimitExceeded",
        }
    }

    /// Whether a limit of aslctl stopped the run (not AWS semantics), so the exit code is 3.
    #[must_use]
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            Abort::MaxTransitions { .. }
                | Abort::TooDeep { .. }
                | Abort::MapItems { .. }
                | Abort::PayloadTooDeep { .. }
                | Abort::Jsonata { .. }
        )
    }

    /// Whether the abort comes from incomplete input (mocks), so the exit code is 2.
    #[must_use]
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Abort::MissingMock { .. }
                | Abort::MockExhausted { .. }
                | Abort::MissingItemReaderData { .. }
        )
    }
}

/// Why a state did not complete normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A catchable error.
    Error(StatesError),
    /// A stop that no Catch sees.
    Abort(Abort),
}

impl From<StatesError> for Failure {
    fn from(e: StatesError) -> Failure {
        Failure::Error(e)
    }
}

impl From<Abort> for Failure {
    fn from(a: Abort) -> Failure {
        Failure::Abort(a)
    }
}

/// Whether one `ErrorEquals` entry matches `error`.
///
/// AWS rules ("Error handling in Step Functions"; spec/simulate.md §5.7–5.8):
/// * names match exactly and case-sensitively, with no prefix matching;
/// * `States.Runtime` is never caught or retried, not even by an explicit `States.Runtime`
///   entry (recorded case `error_handling_catch_states_runtime`);
/// * `States.ALL` matches every other error, `States.DataLimitExceeded` included (recorded
///   cases `error_handling_*catch_state_all_data_limit_exceeded*`);
/// * `States.TaskFailed` matches any error except `States.Timeout`.
#[must_use]
pub fn error_matches(pattern: &ErrorName, error: &StatesError) -> bool {
    let name = error.name.as_ref();
    if name == Some(&ErrorName::Runtime) {
        return false;
    }
    match pattern {
        ErrorName::All => true,
        ErrorName::TaskFailed => name != Some(&ErrorName::Timeout),
        other => name == Some(other),
    }
}

/// Whether any entry of an `ErrorEquals` list matches.
#[must_use]
pub fn any_matches(patterns: &[ErrorName], error: &StatesError) -> bool {
    patterns.iter().any(|p| error_matches(p, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(name: &str) -> StatesError {
        StatesError::new(ErrorName::parse(name), "c")
    }

    #[test]
    fn exact_case_sensitive_names() {
        // `error_handling_no_such_function`: `Lambda.Unknown` does not catch `Exception`.
        assert!(!error_matches(
            &ErrorName::parse("Lambda.Unknown"),
            &err("Exception")
        ));
        assert!(error_matches(
            &ErrorName::parse("Exception"),
            &err("Exception")
        ));
        assert!(!error_matches(
            &ErrorName::parse("exception"),
            &err("Exception")
        ));
        // `map_map_state_retry_multiple_retriers`: the typo `State.ALL` matches nothing.
        assert!(!error_matches(
            &ErrorName::parse("State.ALL"),
            &err("HandleItemFailError")
        ));
    }

    #[test]
    fn runtime_is_never_caught() {
        // `error_handling_catch_states_runtime` ends FAILED although it catches States.Runtime.
        let rt = err("States.Runtime");
        assert!(!error_matches(&ErrorName::All, &rt));
        assert!(!error_matches(&ErrorName::Runtime, &rt));
        assert!(!error_matches(&ErrorName::TaskFailed, &rt));
    }

    #[test]
    fn wildcards() {
        // AWS "Error names": States.TaskFailed matches any error except States.Timeout.
        assert!(error_matches(
            &ErrorName::TaskFailed,
            &err("Lambda.ServiceException")
        ));
        assert!(!error_matches(
            &ErrorName::TaskFailed,
            &err("States.Timeout")
        ));
        assert!(error_matches(&ErrorName::All, &err("States.Timeout")));
        assert!(error_matches(
            &ErrorName::All,
            &err("States.DataLimitExceeded")
        ));
        let unnamed = StatesError {
            name: None,
            cause: None,
            location: None,
        };
        assert!(error_matches(&ErrorName::All, &unnamed));
        assert!(!error_matches(&ErrorName::parse("X"), &unnamed));
    }

    #[test]
    fn error_output_shape() {
        assert_eq!(
            err("E").to_output(),
            crate::simulate::value::json!({"Error": "E", "Cause": "c"})
        );
    }
}
