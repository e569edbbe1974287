//! The `--trace` file: which states ran, how they ended, which transitions were taken and how
//! many Map iterations ran, keyed by the states' JSON pointers for `aslctl graph --trace`.
//!
//! Shape (version 1, `schemas/trace.schema.json`): `{"version":1,"status":…,"states":[{"state","name","visits","outcome"}],
//! "edges":[{"from","to","kind","count"}],"map_iterations":{pointer: n}}`, every list sorted.
//! A state visited several times reports the outcome of its last visit.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use super::compile::{Program, StateId};

/// How a state visit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Completed.
    Succeeded,
    /// Failed and nothing caught it.
    Failed,
    /// Failed and a Catch handled it.
    Caught,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
            Outcome::Caught => "caught",
        }
    }
}

/// Which field a taken transition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// `Next`
    Next,
    /// A Choice rule's `Next`.
    Choice,
    /// A Choice state's `Default`.
    Default,
    /// A catcher's `Next`.
    Catch,
}

impl EdgeKind {
    fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Next => "next",
            EdgeKind::Choice => "choice",
            EdgeKind::Default => "default",
            EdgeKind::Catch => "catch",
        }
    }
}

/// A branch point of the definition that a run takes or not: the unit of test coverage.
///
/// Recorded for every run of a state, Distributed Map child executions included (they are
/// absent from the history and the trace file, but they do exercise the definition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taken {
    /// The state was entered.
    Entered,
    /// Its `Next` was followed.
    Next,
    /// It ended its scope (`End: true` or a Succeed state) successfully.
    End,
    /// This top-level Choice rule (index in `Choices`) matched.
    Rule(usize),
    /// The Choice `Default` was followed.
    Default,
    /// This retrier (index in `Retry`) matched an error.
    Retry(usize),
    /// This catcher (index in `Catch`) handled an error.
    Catch(usize),
}

#[derive(Debug, Clone, Copy)]
struct StateStats {
    visits: u64,
    outcome: Outcome,
}

/// Counters updated at every transition: a fast fixed hasher (nothing iterates them in hash
/// order without sorting).
type Counts<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Collects the run's path, by state id (pointers are looked up once, when it is written).
#[derive(Debug, Clone, Default)]
pub struct Trace {
    states: Counts<StateId, StateStats>,
    edges: Counts<(StateId, StateId, EdgeKind), u64>,
    map_iterations: Counts<StateId, u64>,
    taken: Counts<(StateId, Taken), u64>,
}

impl Trace {
    /// A state was entered.
    pub fn visit(&mut self, id: StateId) {
        let s = self.states.entry(id).or_insert(StateStats {
            visits: 0,
            outcome: Outcome::Succeeded,
        });
        s.visits += 1;
        s.outcome = Outcome::Succeeded;
    }

    /// How the last visit of a state ended.
    pub fn outcome(&mut self, id: StateId, outcome: Outcome) {
        if let Some(s) = self.states.get_mut(&id) {
            s.outcome = outcome;
        }
    }

    /// A transition was taken.
    pub fn edge(&mut self, from: StateId, to: StateId, kind: EdgeKind) {
        *self.edges.entry((from, to, kind)).or_insert(0) += 1;
    }

    /// A Map iteration started.
    pub fn map_iteration(&mut self, id: StateId) {
        *self.map_iterations.entry(id).or_insert(0) += 1;
    }

    /// A branch point was taken (counted, for coverage).
    pub fn take(&mut self, id: StateId, what: Taken) {
        *self.taken.entry((id, what)).or_insert(0) += 1;
    }

    /// Every branch point taken, with how often (unordered).
    pub fn taken(&self) -> impl Iterator<Item = (StateId, Taken, u64)> + '_ {
        self.taken.iter().map(|((id, t), n)| (*id, *t, *n))
    }

    /// The trace file's JSON, everything sorted by pointer.
    #[must_use]
    pub fn to_json(&self, status: &str, program: &Program) -> Value {
        let pointer = |id: &StateId| program.states.get(*id).map_or("", |s| s.pointer.as_str());
        let name = |id: &StateId| program.states.get(*id).map_or("", |s| &*s.name);
        let sorted: BTreeMap<&str, (&str, StateStats)> = self
            .states
            .iter()
            .map(|(id, s)| (pointer(id), (name(id), *s)))
            .collect();
        let states: Vec<Value> = sorted
            .iter()
            .map(|(p, (n, s))| {
                json!({"state": p, "name": n, "visits": s.visits, "outcome": s.outcome.as_str()})
            })
            .collect();
        let sorted_edges: BTreeMap<(&str, &str, EdgeKind), u64> = self
            .edges
            .iter()
            .map(|((f, t, k), c)| ((pointer(f), pointer(t), *k), *c))
            .collect();
        let edges: Vec<Value> = sorted_edges
            .iter()
            .map(|((from, to, kind), count)| {
                json!({"from": from, "to": to, "kind": kind.as_str(), "count": count})
            })
            .collect();
        let iterations: Map<String, Value> = self
            .map_iterations
            .iter()
            .map(|(k, v)| (pointer(k).to_owned(), (*v).into()))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect();
        json!({"version": 1, "status": status, "states": states, "edges": edges,
               "map_iterations": iterations})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_counted() {
        let def = r#"{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "A"},
            "A": {"Type": "Pass", "End": true}, "M": {"Type": "Pass", "End": true}}}"#;
        let root = aslctl_parser::json::parse(def, aslctl_parser::json::ParseOptions::default())
            .root
            .unwrap();
        let (machine, _) = aslctl_parser::model::build(&root);
        let program = super::super::compile(&machine.unwrap()).unwrap();
        let mut t = Trace::default();
        t.visit(0);
        t.visit(1);
        t.edge(1, 0, EdgeKind::Next);
        t.edge(1, 0, EdgeKind::Next);
        t.visit(1);
        t.outcome(1, Outcome::Caught);
        t.map_iteration(2);
        let v = t.to_json("SUCCEEDED", &program);
        assert_eq!(v["states"][0]["state"], "/States/A");
        assert_eq!(v["states"][0]["visits"], 2);
        assert_eq!(v["states"][0]["outcome"], "caught");
        assert_eq!(
            v["edges"][0],
            json!({"from": "/States/A", "to": "/States/B", "kind": "next", "count": 2})
        );
        assert_eq!(v["map_iterations"]["/States/M"], 1);
    }
}
