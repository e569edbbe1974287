//! Expectations: their serde model, the checks against one execution, and the JSON
//! comparisons (exact with numbers by value, and subset) that name each difference.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::simulate::history::HistoryEvent;
use crate::simulate::mocks::MockSet;
use crate::simulate::{Execution, Status};

/// Deepest JSON nesting the comparisons walk; deeper documents are reported, not recursed.
pub const MAX_DEPTH: usize = 256;

/// A case's `expect` block.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expect {
    /// `status`
    pub status: Option<ExpectedStatus>,
    /// `output`: exact.
    pub output: Option<Value>,
    /// `output_contains`: subset.
    pub output_contains: Option<Value>,
    /// `error`
    pub error: Option<String>,
    /// `cause`
    pub cause: Option<String>,
    /// `path`: every state entered, in order.
    pub path: Option<Vec<String>>,
    /// `passes_through`: states entered in this order.
    pub passes_through: Option<Vec<String>>,
    /// `not_visited`
    pub not_visited: Option<Vec<String>>,
    /// `transitions`
    pub transitions: Option<u64>,
    /// `states`: a state's input or output at a visit.
    #[serde(default)]
    pub states: Vec<StateExpect>,
    /// `mock_calls`: state name → calls answered by its mocks.
    #[serde(default)]
    pub mock_calls: BTreeMap<String, usize>,
}

/// An expected execution status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ExpectedStatus {
    /// `SUCCEEDED`
    #[serde(rename = "SUCCEEDED")]
    Succeeded,
    /// `FAILED`
    #[serde(rename = "FAILED")]
    Failed,
    /// `ABORTED`
    #[serde(rename = "ABORTED")]
    Aborted,
}

impl ExpectedStatus {
    fn status(self) -> Status {
        match self {
            ExpectedStatus::Succeeded => Status::Succeeded,
            ExpectedStatus::Failed => Status::Failed,
            ExpectedStatus::Aborted => Status::Aborted,
        }
    }
}

/// One entry of `states`.
#[derive(Debug, Clone, Deserialize)]
pub struct StateExpect {
    /// `state`
    pub state: String,
    /// `visit`, from 1.
    pub visit: Option<usize>,
    /// `input`: exact.
    pub input: Option<Value>,
    /// `input_contains`: subset.
    pub input_contains: Option<Value>,
    /// `output`: exact.
    pub output: Option<Value>,
    /// `output_contains`: subset.
    pub output_contains: Option<Value>,
}

/// Which expectation did not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExpectKind {
    /// `status`
    Status,
    /// `output`
    Output,
    /// `output_contains`
    OutputContains,
    /// `error`
    Error,
    /// `cause`
    Cause,
    /// `path`
    Path,
    /// `passes_through`
    PassesThrough,
    /// `not_visited`
    NotVisited,
    /// `transitions`
    Transitions,
    /// `states[].input`
    StateInput,
    /// `states[].input_contains`
    StateInputContains,
    /// `states[].output`
    StateOutput,
    /// `states[].output_contains`
    StateOutputContains,
    /// `mock_calls`
    MockCalls,
}

impl ExpectKind {
    /// The key as written in a suite.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ExpectKind::Status => "status",
            ExpectKind::Output => "output",
            ExpectKind::OutputContains => "output_contains",
            ExpectKind::Error => "error",
            ExpectKind::Cause => "cause",
            ExpectKind::Path => "path",
            ExpectKind::PassesThrough => "passes_through",
            ExpectKind::NotVisited => "not_visited",
            ExpectKind::Transitions => "transitions",
            ExpectKind::StateInput => "states.input",
            ExpectKind::StateInputContains => "states.input_contains",
            ExpectKind::StateOutput => "states.output",
            ExpectKind::StateOutputContains => "states.output_contains",
            ExpectKind::MockCalls => "mock_calls",
        }
    }
}

/// An expectation that did not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Which one.
    pub kind: ExpectKind,
    /// What it is about, when not the whole execution (`Charge card, visit 2`).
    pub subject: Option<String>,
    /// One line saying what differs.
    pub message: String,
    /// The expected value, for a diff.
    pub expected: Option<Value>,
    /// The actual value, for a diff.
    pub actual: Option<Value>,
    /// Differences by JSON pointer (subset matches), at most [`MAX_DETAILS`].
    pub details: Vec<String>,
}

/// Most differences listed for one comparison.
pub const MAX_DETAILS: usize = 20;

impl Mismatch {
    fn new(kind: ExpectKind, message: impl Into<String>) -> Mismatch {
        Mismatch {
            kind,
            subject: None,
            message: message.into(),
            expected: None,
            actual: None,
            details: Vec::new(),
        }
    }

    fn values(mut self, expected: Value, actual: Value) -> Mismatch {
        self.expected = Some(expected);
        self.actual = Some(actual);
        self
    }

    fn about(mut self, subject: String) -> Mismatch {
        self.subject = Some(subject);
        self
    }
}

/// What a run produced that expectations look at.
#[derive(Debug, Clone, Copy)]
pub struct Observed<'a> {
    /// The execution.
    pub execution: &'a Execution,
    /// The mocks after the run (their call counters).
    pub mocks: &'a MockSet,
}

impl Observed<'_> {
    /// Every state entered, in history order.
    #[must_use]
    pub fn path(&self) -> Vec<&str> {
        self.execution
            .history
            .iter()
            .filter_map(|r| match &r.event {
                HistoryEvent::StateEntered { name, .. } => Some(&**name),
                _ => None,
            })
            .collect()
    }

    /// The input and output (if it exited) of a state's `visit`-th entry, from 1.
    fn visit(&self, state: &str, visit: usize) -> Option<(String, Option<String>)> {
        let mut seen = 0;
        let mut found: Option<(String, Option<String>)> = None;
        for r in &self.execution.history {
            match &r.event {
                HistoryEvent::StateEntered { name, input, .. } if &**name == state => {
                    if found.is_some() {
                        break;
                    }
                    seen += 1;
                    if seen == visit {
                        found = Some((input.text(), None));
                    }
                }
                HistoryEvent::StateExited { name, output, .. } if &**name == state => {
                    if let Some((_, out @ None)) = &mut found {
                        *out = Some(output.text());
                        break;
                    }
                }
                _ => {}
            }
        }
        found
    }

    fn visits(&self, state: &str) -> usize {
        self.path().iter().filter(|s| **s == state).count()
    }
}

/// Checks every expectation; an empty list means the case passed.
#[must_use]
pub fn check(expect: &Expect, seen: &Observed<'_>) -> Vec<Mismatch> {
    let ex = seen.execution;
    let mut out = Vec::new();
    if let Some(want) = expect.status
        && want.status() != ex.status
    {
        let mut m = Mismatch::new(
            ExpectKind::Status,
            format!(
                "expected {}, got {}",
                want.status().as_str(),
                ex.status.as_str()
            ),
        );
        if let Some(e) = &ex.error {
            m.details.push(format!(
                "error: {e}{}",
                ex.cause
                    .as_ref()
                    .map_or_else(String::new, |c| format!(": {c}"))
            ));
        }
        out.push(m);
    }
    for (kind, want, subset) in [
        (ExpectKind::Output, &expect.output, false),
        (ExpectKind::OutputContains, &expect.output_contains, true),
    ] {
        let Some(want) = want else { continue };
        match &ex.output {
            None => out.push(Mismatch::new(
                kind,
                format!(
                    "expected an output, but the execution {}",
                    ex.status.as_str()
                ),
            )),
            Some(got) => out.extend(compare(kind, want, &got.to_serde(), subset)),
        }
    }
    for (kind, want, got) in [
        (ExpectKind::Error, &expect.error, &ex.error),
        (ExpectKind::Cause, &expect.cause, &ex.cause),
    ] {
        let Some(want) = want else { continue };
        if Some(want) != got.as_ref() {
            let got_text = got
                .as_ref()
                .map_or_else(|| "none".to_owned(), |g| format!("{g:?}"));
            out.push(
                Mismatch::new(kind, format!("expected {want:?}, got {got_text}")).values(
                    Value::String(want.clone()),
                    got.clone().map_or(Value::Null, Value::String),
                ),
            );
        }
    }
    let path = seen.path();
    if let Some(want) = &expect.path
        && want.iter().map(String::as_str).ne(path.iter().copied())
    {
        let first = want
            .iter()
            .zip(&path)
            .position(|(w, g)| w != g)
            .unwrap_or_else(|| want.len().min(path.len()));
        out.push(
            Mismatch::new(
                ExpectKind::Path,
                format!("the path differs from step {}", first + 1),
            )
            .values(
                Value::from(want.clone()),
                Value::from(path.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()),
            ),
        );
    }
    if let Some(want) = &expect.passes_through {
        let mut rest = path.iter();
        for (i, state) in want.iter().enumerate() {
            if !rest.any(|s| s == state) {
                let message = if path.contains(&state.as_str()) {
                    match i.checked_sub(1).and_then(|p| want.get(p)) {
                        Some(before) => format!("`{state}` is not entered after `{before}`"),
                        None => format!("`{state}` is not entered"),
                    }
                } else {
                    format!("`{state}` is never entered")
                };
                out.push(Mismatch::new(ExpectKind::PassesThrough, message).values(
                    Value::from(want.clone()),
                    Value::from(path.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()),
                ));
                break;
            }
        }
    }
    if let Some(avoid) = &expect.not_visited {
        let entered: Vec<&str> = avoid
            .iter()
            .map(String::as_str)
            .filter(|s| path.contains(s))
            .collect();
        if !entered.is_empty() {
            let mut m = Mismatch::new(
                ExpectKind::NotVisited,
                format!("entered {}", quoted_list(&entered)),
            );
            m.details = entered
                .iter()
                .map(|s| format!("`{s}`: {} visit(s)", seen.visits(s)))
                .collect();
            out.push(m);
        }
    }
    if let Some(want) = expect.transitions
        && want != ex.transitions
    {
        out.push(Mismatch::new(
            ExpectKind::Transitions,
            format!("expected {want} transitions, got {}", ex.transitions),
        ));
    }
    for s in &expect.states {
        out.extend(check_state(s, seen));
    }
    for (state, want) in &expect.mock_calls {
        let got = seen.mocks.calls(state);
        if got != *want {
            out.push(
                Mismatch::new(
                    ExpectKind::MockCalls,
                    format!("expected {want} call(s), got {got}"),
                )
                .about(state.clone()),
            );
        }
    }
    out
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_state(s: &StateExpect, seen: &Observed<'_>) -> Vec<Mismatch> {
    let visit = s.visit.unwrap_or(1);
    let subject = format!("{}, visit {visit}", s.state);
    let checks = [
        (ExpectKind::StateInput, &s.input, false, true),
        (
            ExpectKind::StateInputContains,
            &s.input_contains,
            true,
            true,
        ),
        (ExpectKind::StateOutput, &s.output, false, false),
        (
            ExpectKind::StateOutputContains,
            &s.output_contains,
            true,
            false,
        ),
    ];
    let found = seen.visit(&s.state, visit);
    let mut out = Vec::new();
    for (kind, want, subset, is_input) in checks {
        let Some(want) = want else { continue };
        let text = match &found {
            None => {
                let n = seen.visits(&s.state);
                out.push(
                    Mismatch::new(
                        kind,
                        format!("`{}` was entered {n} time(s), not {visit}", s.state),
                    )
                    .about(subject.clone()),
                );
                continue;
            }
            Some((input, _)) if is_input => input,
            Some((_, Some(output))) => output,
            Some((_, None)) => {
                out.push(
                    Mismatch::new(kind, "the state did not exit (it failed)")
                        .about(subject.clone()),
                );
                continue;
            }
        };
        match serde_json::from_str::<Value>(text) {
            Ok(got) => out.extend(
                compare(kind, want, &got, subset)
                    .into_iter()
                    .map(|m| m.about(subject.clone())),
            ),
            Err(_) => out.push(
                Mismatch::new(
                    kind,
                    "the recorded payload was cut at the payload quota and cannot be compared",
                )
                .about(subject.clone()),
            ),
        }
    }
    out
}

/// Compares `got` with `want`, exactly or as a subset.
fn compare(kind: ExpectKind, want: &Value, got: &Value, subset: bool) -> Option<Mismatch> {
    let mut details = Vec::new();
    diff_values(want, got, subset, &mut String::new(), 0, &mut details);
    if details.is_empty() {
        return None;
    }
    let n = details.len();
    details.truncate(MAX_DETAILS);
    let mut m = Mismatch::new(
        kind,
        if subset {
            format!("{n} difference(s) in the expected part")
        } else {
            "the value differs".to_owned()
        },
    )
    .values(want.clone(), got.clone());
    if subset {
        m.details = details;
    }
    Some(m)
}

/// Whether two JSON values are equal, numbers by value (`1` equals `1.0`).
#[must_use]
pub fn json_eq(a: &Value, b: &Value) -> bool {
    let mut d = Vec::new();
    diff_values(a, b, false, &mut String::new(), 0, &mut d);
    d.is_empty()
}

/// Whether `got` contains `want`: object keys of `want` present with matching values, arrays
/// of the same length matching element by element, scalars equal.
#[must_use]
pub fn json_contains(want: &Value, got: &Value) -> bool {
    let mut d = Vec::new();
    diff_values(want, got, true, &mut String::new(), 0, &mut d);
    d.is_empty()
}

fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text
    }
}

/// Collects differences as `pointer: …` lines (stops adding past [`MAX_DETAILS`] + 1).
fn diff_values(
    want: &Value,
    got: &Value,
    subset: bool,
    at: &mut String,
    depth: usize,
    out: &mut Vec<String>,
) {
    if out.len() > MAX_DETAILS {
        return;
    }
    let here = |at: &str| {
        if at.is_empty() {
            "/".to_owned()
        } else {
            at.to_owned()
        }
    };
    if depth > MAX_DEPTH {
        out.push(format!(
            "{}: nested deeper than {MAX_DEPTH} levels",
            here(at)
        ));
        return;
    }
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            if !same {
                out.push(format!("{}: expected {a}, got {b}", here(at)));
            }
        }
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let len = at.len();
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                match g.get(k) {
                    Some(gv) => diff_values(wv, gv, subset, at, depth + 1, out),
                    None => out.push(format!("{at}: missing (expected {})", show(wv))),
                }
                at.truncate(len);
            }
            if !subset {
                for (k, gv) in g {
                    if !w.contains_key(k) {
                        out.push(format!(
                            "{}/{}: unexpected {}",
                            at,
                            k.replace('~', "~0").replace('/', "~1"),
                            show(gv)
                        ));
                    }
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!(
                    "{}: expected {} item(s), got {}",
                    here(at),
                    w.len(),
                    g.len()
                ));
                return;
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                diff_values(wv, gv, subset, at, depth + 1, out);
                at.truncate(len);
            }
        }
        (w, g) => {
            if w != g {
                out.push(format!(
                    "{}: expected {}, got {}",
                    here(at),
                    show(w),
                    show(g)
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_eq(&json!({"a": 1}), &json!({"a": 1.0})));
        assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(json_eq(&json!([1, "x", null]), &json!([1, "x", null])));
    }

    #[test]
    fn subset_ignores_extra_keys_not_extra_items() {
        let got = json!({"a": {"b": 1, "c": 2}, "l": [{"x": 1, "y": 2}], "z": true});
        assert!(json_contains(&json!({"a": {"b": 1}}), &got));
        assert!(json_contains(&json!({"l": [{"y": 2}]}), &got));
        assert!(!json_contains(&json!({"l": []}), &got));
        assert!(!json_contains(&json!({"a": {"d": 1}}), &got));
        assert!(!json_contains(&json!({"z": "true"}), &got));
    }

    #[test]
    fn differences_are_named_by_pointer() {
        let m = compare(
            ExpectKind::OutputContains,
            &json!({"a/b": {"c": 1}, "m": 2}),
            &json!({"a/b": {"c": 2}}),
            true,
        )
        .unwrap();
        assert_eq!(
            m.details,
            ["/a~1b/c: expected 1, got 2", "/m: missing (expected 2)"]
        );
    }

    #[test]
    fn deep_documents_are_bounded() {
        let mut deep = json!(1);
        for _ in 0..(MAX_DEPTH + 10) {
            deep = json!([deep]);
        }
        let mut d = Vec::new();
        diff_values(&deep, &deep, false, &mut String::new(), 0, &mut d);
        assert!(d[0].contains("nested deeper"), "{d:?}");
    }
}
