//! The trace file (what `aslctl simulate --trace` writes, `aslctl graph --trace` reads) and its
//! overlay on a diagram.
//!
//! # Format (version 1)
//!
//! ```json
//! {
//!   "version": 1,
//!   "status": "SUCCEEDED",
//!   "states": [
//!     {"state": "/States/Validate", "name": "Validate", "visits": 1, "outcome": "succeeded"},
//!     {"state": "/States/Lock", "name": "Lock", "visits": 2, "outcome": "caught"}
//!   ],
//!   "edges": [
//!     {"from": "/States/Validate", "to": "/States/Lock", "kind": "next", "count": 1},
//!     {"from": "/States/Lock", "to": "/States/Poll", "kind": "catch", "count": 1}
//!   ],
//!   "map_iterations": {"/States/Fan out": 12}
//! }
//! ```
//!
//! * States are keyed by the JSON pointer of the state object (`/States/P/Branches/0/States/A`),
//!   so states of different branches never collide, whatever their names; `name` is for people.
//! * `outcome` is how the state's last visit ended: `succeeded`, `failed` (the error left the
//!   state uncaught) or `caught` (a `Catch` handled it). `visits` counts entries, loops included;
//!   a state inside a Map counts every iteration.
//! * `edges` lists the transitions taken: `next`, `choice`, `default` or `catch`, with how often.
//!   Entering a branch, reaching the end and the start edge are drawn as taken when their states
//!   ran, so they are not listed.
//! * `map_iterations` counts the items each Map state processed (all its visits together).
//!
//! The JSON Schema is `schemas/trace.schema.json`.

use super::model::{Diagram, EdgeKind, codes};
use aslctl_parser::diagnostic::Diagnostic;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The trace format version this build reads and writes.
pub const TRACE_VERSION: u32 = 1;

/// A recorded (or simulated) execution path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Format version, [`TRACE_VERSION`].
    pub version: u32,
    /// How the execution ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ExecutionStatus>,
    /// Every state that ran.
    #[serde(default)]
    pub states: Vec<StateRun>,
    /// Every transition taken.
    #[serde(default)]
    pub edges: Vec<EdgeRun>,
    /// Items processed per Map state, by the state's JSON pointer.
    #[serde(default)]
    pub map_iterations: BTreeMap<String, u64>,
}

/// How an execution ended (the `Status` of `DescribeExecution`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecutionStatus {
    /// `SUCCEEDED`
    Succeeded,
    /// `FAILED`
    Failed,
    /// `TIMED_OUT`
    TimedOut,
    /// `ABORTED`
    Aborted,
}

/// One state that ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateRun {
    /// JSON pointer of the state object.
    pub state: String,
    /// The state name, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How many times it was entered.
    #[serde(default = "one")]
    pub visits: u64,
    /// How its last visit ended.
    pub outcome: Outcome,
}

/// How a state's visit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// It completed normally.
    Succeeded,
    /// An error left it uncaught.
    Failed,
    /// An error was handled by one of its catchers.
    Caught,
}

/// One transition taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeRun {
    /// JSON pointer of the state left.
    pub from: String,
    /// JSON pointer of the state entered.
    pub to: String,
    /// Which field led there.
    pub kind: TransitionRun,
    /// How many times.
    #[serde(default = "one")]
    pub count: u64,
}

/// The field a transition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransitionRun {
    /// `Next`
    Next,
    /// A Choice rule's `Next`.
    Choice,
    /// A Choice state's `Default`.
    Default,
    /// A catcher's `Next`.
    Catch,
}

fn one() -> u64 {
    1
}

/// A trace file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    /// Not JSON, or not the expected shape.
    #[error("the trace is not a valid trace file: {0}")]
    Json(#[from] serde_json::Error),
    /// A version this build does not read.
    #[error("trace version {0} is not supported (this build reads version {TRACE_VERSION})")]
    Version(u32),
    /// A coverage file with several machines, none of them this definition.
    #[error("the coverage file has no machine for {definition} (it has: {found})")]
    NoMachine {
        /// The definition being drawn.
        definition: String,
        /// The definitions the file covers.
        found: String,
    },
}

impl Trace {
    /// Reads a trace from JSON text.
    ///
    /// # Errors
    /// Invalid JSON, a wrong shape, or an unsupported version.
    pub fn from_json(text: &str) -> Result<Trace, TraceError> {
        let trace: Trace = serde_json::from_str(text)?;
        if trace.version != TRACE_VERSION {
            return Err(TraceError::Version(trace.version));
        }
        Ok(trace)
    }

    /// Reads an `aslctl test --coverage-out` file (`schemas/coverage.schema.json`) as a trace of
    /// everything the test cases exercised, so uncovered states and edges are drawn like states
    /// and edges a run never took. `definition` picks the machine when the file has several.
    ///
    /// # Errors
    /// Invalid JSON, a wrong shape, or no machine for `definition` when there are several.
    pub fn from_coverage_json(text: &str, definition: &str) -> Result<Trace, TraceError> {
        let cov: Coverage = serde_json::from_str(text)?;
        if cov.version != TRACE_VERSION {
            return Err(TraceError::Version(cov.version));
        }
        let wanted = std::path::Path::new(definition);
        let machine = match cov.machines.as_slice() {
            [only] => only,
            many => many
                .iter()
                .find(|m| {
                    std::path::Path::new(&m.definition) == wanted || wanted.ends_with(&m.definition)
                })
                .ok_or_else(|| TraceError::NoMachine {
                    definition: definition.to_string(),
                    found: many
                        .iter()
                        .map(|m| m.definition.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?,
        };
        let states = machine
            .states
            .iter()
            .filter(|s| s.covered)
            .map(|s| StateRun {
                state: s.pointer.clone(),
                name: s.name.clone(),
                visits: s.visits.max(1),
                outcome: Outcome::Succeeded,
            })
            .collect();
        let edges = machine
            .edges
            .iter()
            .filter(|e| e.covered)
            .filter_map(|e| {
                let kind = match e.kind.as_str() {
                    "next" => TransitionRun::Next,
                    "choice" => TransitionRun::Choice,
                    "default" => TransitionRun::Default,
                    "catch" => TransitionRun::Catch,
                    // End-of-scope edges are derived from the states that ran.
                    _ => return None,
                };
                Some(EdgeRun {
                    from: e.from.clone(),
                    to: e.to.clone()?,
                    kind,
                    count: e.count.max(1),
                })
            })
            .collect();
        Ok(Trace {
            version: TRACE_VERSION,
            status: None,
            states,
            edges,
            map_iterations: BTreeMap::new(),
        })
    }
}

/// The parts of a coverage file the diagram needs.
#[derive(Debug, Deserialize)]
struct Coverage {
    version: u32,
    machines: Vec<CoveredMachine>,
}

#[derive(Debug, Deserialize)]
struct CoveredMachine {
    definition: String,
    states: Vec<CoveredState>,
    edges: Vec<CoveredEdge>,
}

#[derive(Debug, Deserialize)]
struct CoveredState {
    pointer: String,
    name: Option<String>,
    covered: bool,
    #[serde(default)]
    visits: u64,
}

#[derive(Debug, Deserialize)]
struct CoveredEdge {
    from: String,
    to: Option<String>,
    kind: String,
    covered: bool,
    #[serde(default)]
    count: u64,
}

/// What ran, mapped onto the diagram.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    /// Nodes that ran.
    pub nodes: HashMap<NodeIndex, NodeRun>,
    /// Edges taken.
    pub taken: HashSet<EdgeIndex>,
}

/// How a node ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeRun {
    /// How its last visit ended.
    pub outcome: Outcome,
    /// How many times it was entered.
    pub visits: u64,
    /// Items processed, for Map states.
    pub iterations: Option<u64>,
}

impl Overlay {
    /// Whether `node` (a state) ran.
    #[must_use]
    pub fn ran(&self, node: NodeIndex) -> bool {
        self.nodes.contains_key(&node)
    }
}

/// Maps a trace onto a diagram; entries naming no state of it become warnings.
#[must_use]
pub fn overlay(diagram: &Diagram<'_>, trace: &Trace) -> (Overlay, Vec<Diagnostic>) {
    let mut out = Overlay::default();
    let mut warnings = Vec::new();
    let mut unknown = |what: &str, pointer: &str| {
        warnings.push(Diagnostic::warning(
            codes::TRACE,
            format!("the trace names {what} `{pointer}`, which the definition does not have"),
        ));
    };
    for run in &trace.states {
        match diagram.by_pointer.get(run.state.as_str()) {
            Some(n) => {
                out.nodes.insert(
                    *n,
                    NodeRun {
                        outcome: run.outcome,
                        visits: run.visits,
                        iterations: None,
                    },
                );
            }
            None => unknown("the state", &run.state),
        }
    }
    for (pointer, count) in &trace.map_iterations {
        match diagram
            .by_pointer
            .get(pointer.as_str())
            .and_then(|n| out.nodes.get_mut(n))
        {
            Some(run) => run.iterations = Some(*count),
            None => unknown("the Map state", pointer),
        }
    }
    for edge in &trace.edges {
        let from = diagram.by_pointer.get(edge.from.as_str());
        let to = diagram.by_pointer.get(edge.to.as_str());
        let found = match (from, to) {
            (Some(from), Some(to)) => diagram.graph.edge_references().find(|e| {
                e.weight().owner == Some(*from)
                    && e.target() == *to
                    && matches!(
                        (&e.weight().kind, edge.kind),
                        (EdgeKind::Next, TransitionRun::Next)
                            | (EdgeKind::Choice(_), TransitionRun::Choice)
                            | (EdgeKind::Default, TransitionRun::Default)
                            | (EdgeKind::Catch(_), TransitionRun::Catch)
                    )
            }),
            _ => None,
        };
        match found {
            Some(e) => {
                out.taken.insert(e.id());
            }
            None => unknown("the transition", &format!("{} → {}", edge.from, edge.to)),
        }
    }
    // Structural edges follow from the states that ran.
    for e in diagram.graph.edge_references() {
        let target_ran = out.nodes.contains_key(&e.target());
        let owner = e.weight().owner.and_then(|o| out.nodes.get(&o));
        let taken = match e.weight().kind {
            EdgeKind::Start | EdgeKind::Enter => target_ran,
            EdgeKind::End => owner.is_some_and(|r| r.outcome == Outcome::Succeeded),
            EdgeKind::Fail => owner.is_some(),
            _ => false,
        };
        if taken {
            out.taken.insert(e.id());
        }
    }
    (out, warnings)
}
