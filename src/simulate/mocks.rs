//! Task mocks: the AWS Step Functions Local `MockConfigFile` and aslctl's native form, parsed
//! and validated against `schemas/mocks.schema.json`, and the per-state invocation counters.
//!
//! Counter semantics follow Step Functions Local (spec/simulate.md §2): one counter per state
//! name per execution, advanced by every call — retries, loop re-entries, Map iterations and
//! Parallel branches included.

use std::collections::BTreeMap;

use aslctl_parser::json::{Node, pointer_push};
use aslctl_parser::source::SourceFile;
use serde_json::Value;

use super::value::Value as Doc;

/// What one call of a mocked task does.
#[derive(Debug, Clone, PartialEq)]
pub struct MockResponse {
    /// The outcome.
    pub outcome: MockOutcome,
    /// Virtual duration of the call, in seconds.
    pub duration_seconds: f64,
    /// Heartbeat interval during the call; `None` sends none.
    pub heartbeat_every_seconds: Option<f64>,
}

/// Result or error of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum MockOutcome {
    /// `Return`: the raw service result (a MockConfigFile's Lambda-ARN mock is the Invoke
    /// response, whose `Payload` the caller unwraps).
    Return(Doc),
    /// `Throw`
    Throw {
        /// `Error`
        error: String,
        /// `Cause`
        cause: Option<String>,
    },
    /// Return the task's input.
    Echo,
}

/// Which file format a mock set came from (it decides how Lambda-ARN results are read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockFormat {
    /// Step Functions Local `MockConfigFile`.
    MockConfigFile,
    /// aslctl's native form.
    Native,
}

/// The responses of one state, by invocation range (inclusive).
#[derive(Debug, Clone, Default)]
struct StateMocks {
    ranges: Vec<(usize, usize, MockResponse)>,
}

/// The result of asking for a state's next response.
#[derive(Debug, Clone, PartialEq)]
pub enum MockLookup {
    /// The response for this invocation.
    Found(MockResponse),
    /// The state has no mock.
    NoMock,
    /// The state's responses end before this 0-based invocation.
    Exhausted(usize),
}

/// Mocked task responses and Map item-reader data.
pub trait TaskMock {
    /// The response for the next call of `state`, advancing its counter.
    fn next(&mut self, state: &str) -> MockLookup;
    /// Items for a Map state's `ItemReader`.
    fn item_reader(&self, state: &str) -> Option<&Doc>;
    /// The file format, for result conventions.
    fn format(&self) -> MockFormat;
}

/// One test case's mocks, with counters.
#[derive(Debug, Clone)]
pub struct MockSet {
    format: MockFormat,
    states: BTreeMap<String, StateMocks>,
    item_readers: BTreeMap<String, Doc>,
    counters: BTreeMap<String, usize>,
    /// `file:line:column` of each mocked state's entry, for messages about it.
    origins: BTreeMap<String, String>,
}

impl MockSet {
    /// No mocks at all.
    #[must_use]
    pub fn empty() -> MockSet {
        MockSet {
            format: MockFormat::Native,
            states: BTreeMap::new(),
            item_readers: BTreeMap::new(),
            counters: BTreeMap::new(),
            origins: BTreeMap::new(),
        }
    }

    /// Where the mocks of `state` are in the mock file (`file:line:column`), if known.
    #[must_use]
    pub fn origin(&self, state: &str) -> Option<&str> {
        self.origins.get(state).map(String::as_str)
    }

    /// How many times the mocks of `state` were asked for a response so far (retries, loop
    /// re-entries and Map iterations included; 0 for a state without mocks).
    #[must_use]
    pub fn calls(&self, state: &str) -> usize {
        self.counters.get(state).copied().unwrap_or(0)
    }

    /// Names of the states the set mocks (tasks and item readers).
    pub fn state_names(&self) -> impl Iterator<Item = &str> {
        self.states
            .keys()
            .chain(self.item_readers.keys())
            .map(String::as_str)
    }
}

impl TaskMock for MockSet {
    fn next(&mut self, state: &str) -> MockLookup {
        let Some(mocks) = self.states.get(state) else {
            return MockLookup::NoMock;
        };
        let n = match self.counters.get_mut(state) {
            Some(counter) => {
                *counter += 1;
                *counter - 1
            }
            None => {
                self.counters.insert(state.to_owned(), 1);
                0
            }
        };
        // Ranges are sorted and disjoint (both forms build them so): the last one starting
        // at or before `n` is the only candidate, found in log time for long response lists.
        let i = mocks.ranges.partition_point(|(lo, _, _)| *lo <= n);
        i.checked_sub(1)
            .and_then(|i| mocks.ranges.get(i))
            .filter(|(_, hi, _)| n <= *hi)
            .map_or(MockLookup::Exhausted(n), |(_, _, r)| {
                MockLookup::Found(r.clone())
            })
    }

    fn item_reader(&self, state: &str) -> Option<&Doc> {
        self.item_readers.get(state)
    }

    fn format(&self) -> MockFormat {
        self.format
    }
}

/// A parsed mock file, before a test case is chosen.
#[derive(Debug, Clone)]
pub struct MockFile {
    format: MockFormat,
    root: Value,
    /// The text and tree it was read from, to locate problems found after validation.
    source: SourceFile,
    node: Node,
}

/// A problem in a mock file, located when possible.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct MockError {
    /// `file:line:column`, or the file name.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

fn locate(source: &SourceFile, root: &Node, pointer: &str) -> String {
    match root.pointer(pointer) {
        Some((node, key_span)) => {
            let lc = source.line_col(key_span.unwrap_or(node.span).start);
            format!("{}:{}:{}", source.name(), lc.line, lc.column)
        }
        None => source.name().to_owned(),
    }
}

impl MockFile {
    /// Validates a loaded mock file against the schema.
    ///
    /// # Errors
    /// Every schema violation, located in the file.
    pub fn from_node(source: &SourceFile, root: &Node) -> Result<MockFile, Vec<MockError>> {
        let value = root.to_value();
        let format =
            if value.get("StateMachines").is_some() || value.get("MockedResponses").is_some() {
                MockFormat::MockConfigFile
            } else {
                MockFormat::Native
            };
        let errors = validate(&value, format);
        if !errors.is_empty() {
            return Err(errors
                .into_iter()
                .map(|(pointer, message)| MockError {
                    location: locate(source, root, &pointer),
                    message: if pointer.is_empty() {
                        message
                    } else {
                        format!("{pointer}: {message}")
                    },
                })
                .collect());
        }
        Ok(MockFile {
            format,
            root: value,
            source: source.clone(),
            node: root.clone(),
        })
    }

    /// The file format.
    #[must_use]
    pub fn format(&self) -> MockFormat {
        self.format
    }

    /// The mocks of one test case. For a MockConfigFile, `state_machine` and `test_case`
    /// default to the only one present; the native form has a single set.
    ///
    /// # Errors
    /// An unknown or ambiguous state machine or test case, a response name that is not
    /// defined, or invocation keys that overlap or leave a gap; each message starts with the
    /// `file:line:column` of the entry at fault (or the file name).
    pub fn select(
        &self,
        state_machine: Option<&str>,
        test_case: Option<&str>,
    ) -> Result<MockSet, String> {
        match self.format {
            MockFormat::Native => Ok(self.native()),
            MockFormat::MockConfigFile => {
                self.config(state_machine, test_case)
                    .map_err(|(pointer, message)| {
                        format!("{}: {message}", locate(&self.source, &self.node, &pointer))
                    })
            }
        }
    }

    fn native(&self) -> MockSet {
        let mut set = MockSet::empty();
        if let Some(Value::Object(tasks)) = self.root.get("Tasks") {
            for (state, v) in tasks {
                // A list answers calls in order; a single response answers every call.
                // `Times: n` makes one list entry answer n calls in a row.
                let ranges = match v {
                    Value::Array(items) => {
                        let mut ranges = Vec::with_capacity(items.len());
                        let mut next = 0usize;
                        for r in items.iter() {
                            let times = r
                                .get("Times")
                                .and_then(Value::as_u64)
                                .and_then(|n| usize::try_from(n).ok())
                                .unwrap_or(1)
                                .max(1);
                            let last = next.saturating_add(times - 1);
                            ranges.push((next, last, native_response(r)));
                            next = last.saturating_add(1);
                        }
                        ranges
                    }
                    one => vec![(0, usize::MAX, native_response(one))],
                };
                set.states.insert(state.clone(), StateMocks { ranges });
                self.record_origin(&mut set, state, &pointer_push("/Tasks", state));
            }
        }
        if let Some(Value::Object(readers)) = self.root.get("ItemReaders") {
            for (state, v) in readers {
                set.item_readers.insert(state.clone(), Doc::from(v));
                self.record_origin(&mut set, state, &pointer_push("/ItemReaders", state));
            }
        }
        set
    }

    fn record_origin(&self, set: &mut MockSet, state: &str, pointer: &str) {
        set.origins
            .insert(state.to_owned(), locate(&self.source, &self.node, pointer));
    }

    /// The mocks of one test case; an error comes with the JSON pointer of the entry at fault.
    fn config(&self, sm: Option<&str>, tc: Option<&str>) -> Result<MockSet, (String, String)> {
        let whole = |m: String| (String::new(), m);
        let machines = self
            .root
            .get("StateMachines")
            .and_then(Value::as_object)
            .ok_or_else(|| whole("the mock file has no `StateMachines`".into()))?;
        // A name that is not there is reported where the names are listed.
        let (sm_name, machine) = pick(machines, sm, "state machine", "--state-machine")
            .map_err(|m| ("/StateMachines".to_owned(), m))?;
        let sm_ptr = pointer_push("/StateMachines", sm_name);
        let cases = machine
            .get("TestCases")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                (
                    sm_ptr.clone(),
                    format!("state machine `{sm_name}` has no `TestCases`"),
                )
            })?;
        let cases_ptr = pointer_push(&sm_ptr, "TestCases");
        let (tc_name, case) =
            pick(cases, tc, "test case", "--test-case").map_err(|m| (cases_ptr.clone(), m))?;
        let tc_ptr = pointer_push(&cases_ptr, tc_name);
        let responses = self
            .root
            .get("MockedResponses")
            .and_then(Value::as_object)
            .ok_or_else(|| whole("the mock file has no `MockedResponses`".into()))?;
        let mut set = MockSet::empty();
        set.format = MockFormat::MockConfigFile;
        for (state, response_name) in case.as_object().into_iter().flatten() {
            let state_ptr = pointer_push(&tc_ptr, state);
            let response_name = response_name.as_str().unwrap_or_default();
            let resp_ptr = pointer_push("/MockedResponses", response_name);
            let resp = responses.get(response_name).and_then(Value::as_object).ok_or_else(|| {
                (state_ptr.clone(), format!(
                    "test case `{tc_name}` maps state `{state}` to `{response_name}`, which is not in `MockedResponses`"
                ))
            })?;
            let mut ranges = Vec::new();
            for (key, v) in resp {
                let (lo, hi) = parse_range(key).ok_or_else(|| {
                    (pointer_push(&resp_ptr, key), format!("`MockedResponses.{response_name}`: `{key}` is not an invocation number or range"))
                })?;
                ranges.push((lo, hi, config_response(v), key.as_str()));
            }
            ranges.sort_by_key(|r| r.0);
            // Keys are 0-based and contiguous (LocalStack: "Inconsistent event numbering").
            let mut expected = 0;
            for (lo, hi, _, key) in &ranges {
                if *lo != expected {
                    return Err((
                        pointer_push(&resp_ptr, key),
                        format!(
                            "`MockedResponses.{response_name}`: invocation numbers must start at 0 and be contiguous; expected {expected}, found {lo}"
                        ),
                    ));
                }
                expected = hi + 1;
            }
            let ranges = ranges
                .into_iter()
                .map(|(lo, hi, r, _)| (lo, hi, r))
                .collect();
            set.states.insert(state.clone(), StateMocks { ranges });
            self.record_origin(&mut set, state, &state_ptr);
        }
        Ok(set)
    }
}

fn pick<'a>(
    map: &'a serde_json::Map<String, Value>,
    wanted: Option<&str>,
    what: &str,
    flag: &str,
) -> Result<(&'a str, &'a Value), String> {
    match wanted {
        Some(name) => map
            .get_key_value(name)
            .map(|(k, v)| (k.as_str(), v))
            .ok_or_else(|| {
                let names: Vec<&str> = map.keys().map(String::as_str).collect();
                format!(
                    "no {what} `{name}` in the mock file{}",
                    did_you_mean(name, &names)
                        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
                )
            }),
        None => {
            let mut it = map.iter();
            match (it.next(), it.next()) {
                (Some((k, v)), None) => Ok((k.as_str(), v)),
                (None, _) => Err(format!("the mock file has no {what}")),
                _ => Err(format!(
                    "the mock file has several {what}s ({}); choose one with {flag}",
                    map.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
            }
        }
    }
}

fn parse_range(key: &str) -> Option<(usize, usize)> {
    match key.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => key.parse().ok().map(|n| (n, n)),
    }
}

fn throw(v: &Value) -> MockOutcome {
    MockOutcome::Throw {
        error: v
            .get("Error")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        cause: v.get("Cause").and_then(Value::as_str).map(str::to_owned),
    }
}

fn config_response(v: &Value) -> MockResponse {
    let outcome = match (v.get("Return"), v.get("Throw")) {
        (Some(r), _) => MockOutcome::Return(Doc::from(r)),
        (None, Some(t)) => throw(t),
        (None, None) => MockOutcome::Return(Doc::Null),
    };
    MockResponse {
        outcome,
        duration_seconds: 0.0,
        heartbeat_every_seconds: None,
    }
}

fn native_response(v: &Value) -> MockResponse {
    let outcome = if let Some(r) = v.get("Return") {
        MockOutcome::Return(Doc::from(r))
    } else if let Some(t) = v.get("Throw") {
        throw(t)
    } else {
        MockOutcome::Echo
    };
    MockResponse {
        outcome,
        duration_seconds: v
            .get("DurationSeconds")
            .and_then(Value::as_f64)
            .unwrap_or(0.0),
        heartbeat_every_seconds: v.get("HeartbeatEverySeconds").and_then(Value::as_f64),
    }
}

/// `schemas/mocks.schema.json` compiled into the binary, one validator per file form, so each
/// file is checked against the one branch it claims and errors are specific.
#[jsonschema::validator(
    schema = r#"{"$ref": "https://github.com/aslctl/aslctl/schemas/mocks.schema.json#/$defs/MockConfigFile"}"#,
    resources = { "https://github.com/aslctl/aslctl/schemas/mocks.schema.json" => { path = "schemas/mocks.schema.json" } },
    draft = Draft202012
)]
struct MockConfigFileSchema;

#[jsonschema::validator(
    schema = r#"{"$ref": "https://github.com/aslctl/aslctl/schemas/mocks.schema.json#/$defs/Native"}"#,
    resources = { "https://github.com/aslctl/aslctl/schemas/mocks.schema.json" => { path = "schemas/mocks.schema.json" } },
    draft = Draft202012
)]
struct NativeMocksSchema;

/// Validates against the schema definition for `format`; `(pointer, message)` pairs.
fn validate(value: &Value, format: MockFormat) -> Vec<(String, String)> {
    let errors = match format {
        MockFormat::MockConfigFile => MockConfigFileSchema::iter_errors(value),
        MockFormat::Native => NativeMocksSchema::iter_errors(value),
    };
    errors
        .map(|e| (error_pointer(&e), crate::report::schema_error::message(&e)))
        .collect()
}

/// The JSON pointer a schema error is about: for an unexpected property, the property itself
/// (so the location is the misspelt key, not the object holding it).
#[must_use]
pub fn error_pointer(e: &jsonschema::ValidationError<'_>) -> String {
    let base = e.instance_path().as_str().to_owned();
    match e.kind() {
        jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .first()
            .map_or(base.clone(), |key| pointer_push(&base, key)),
        _ => base,
    }
}

/// The closest name within a small edit distance, for "did you mean" hints.
#[must_use]
pub fn did_you_mean<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aslctl_parser::load::{LoadOptions, load};

    fn file(text: &str) -> Result<MockFile, Vec<MockError>> {
        let loaded = load(
            "mocks.json",
            text.as_bytes().to_vec(),
            LoadOptions::default(),
        );
        let root = loaded.root.unwrap();
        MockFile::from_node(&loaded.source, &root)
    }

    // The example of the AWS developer guide, "Configuring mocked service integrations":
    // ranges, Return and Throw, one counter per state shared by retries.
    const AWS_EXAMPLE: &str = r#"{
      "StateMachines": {
        "LambdaSQSIntegration": {
          "TestCases": {
            "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
            "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"}
          }
        }
      },
      "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
        "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
        "MockedLambdaRetry": {
          "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
          "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
          "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}
        }
      }
    }"#;

    #[test]
    fn aws_example_counts_invocations() {
        let f = file(AWS_EXAMPLE).unwrap();
        assert_eq!(f.format(), MockFormat::MockConfigFile);
        let err = f.select(None, None).unwrap_err();
        assert!(err.contains("--test-case"), "{err}");
        let mut set = f.select(None, Some("RetryPath")).unwrap();
        let errors: Vec<_> = (0..4)
            .map(|_| match set.next("LambdaState") {
                MockLookup::Found(MockResponse {
                    outcome: MockOutcome::Throw { error, .. },
                    ..
                }) => error,
                MockLookup::Found(_) => "Return".into(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            errors,
            [
                "Lambda.ResourceNotReadyException",
                "Lambda.TimeoutException",
                "Lambda.TimeoutException",
                "Return"
            ]
        );
        assert_eq!(set.next("LambdaState"), MockLookup::Exhausted(4));
        assert_eq!(set.next("Other"), MockLookup::NoMock);
        let e = f
            .select(Some("LambdaSQSIntegratoin"), Some("HappyPath"))
            .unwrap_err();
        assert!(e.contains("did you mean `LambdaSQSIntegration`"), "{e}");
    }

    #[test]
    fn gaps_and_schema_errors_are_reported() {
        let gap = r#"{"StateMachines": {"M": {"TestCases": {"T": {"A": "R"}}}},
                      "MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}}"#;
        let e = file(gap).unwrap().select(None, None).unwrap_err();
        assert!(e.contains("contiguous"), "{e}");
        let both = r#"{"StateMachines": {},
                       "MockedResponses": {"R": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}}"#;
        let errs = file(both).unwrap_err();
        assert!(errs[0].location.starts_with("mocks.json:2:"), "{errs:?}");
    }

    #[test]
    fn native_form() {
        let f = file(
            r#"{"Tasks": {"A": {"Return": 1}, "B": [{"Throw": {"Error": "E"}}, {"Echo": true, "DurationSeconds": 5}]},
                "ItemReaders": {"M": [1, 2]}}"#,
        )
        .unwrap();
        let mut set = f.select(None, None).unwrap();
        assert!(matches!(
            set.next("B"),
            MockLookup::Found(MockResponse {
                outcome: MockOutcome::Throw { .. },
                ..
            })
        ));
        let MockLookup::Found(r) = set.next("B") else {
            panic!()
        };
        assert_eq!(r.outcome, MockOutcome::Echo);
        assert!((r.duration_seconds - 5.0).abs() < f64::EPSILON);
        assert_eq!(
            set.item_reader("M"),
            Some(&crate::simulate::value::json!([1, 2]))
        );
        assert!(file(r#"{"Tasks": {"A": {"Retrun": 1}}}"#).is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("ProcesOrder", &["ProcessOrder", "Ship"]),
            Some("ProcessOrder")
        );
        assert_eq!(did_you_mean("X", &["ProcessOrder"]), None);
    }
}
