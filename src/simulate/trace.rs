//! The `--trace` file: which states ran, how they ended, which transitions were taken and how
//! many Map iterations ran, keyed by the states' JSON pointers for `aslctl graph --trace`.
//!
//! Shape (version 1): `{"version":1,"status":…,"states":[{"pointer","name","visits","outcome"}],
//! "edges":[{"from","to","kind","count"}],"map_iterations":{pointer: n}}`, every list sorted.
//! A state visited several times reports the outcome of its last visit.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

#[derive(Debug, Clone)]
struct StateStats {
    name: String,
    visits: u64,
    outcome: Outcome,
}

/// Collects the run's path.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    states: BTreeMap<String, StateStats>,
    edges: BTreeMap<(String, String, EdgeKind), u64>,
    map_iterations: BTreeMap<String, u64>,
}

impl Trace {
    /// A state was entered.
    pub fn visit(&mut self, pointer: &str, name: &str) {
        let s = self
            .states
            .entry(pointer.to_owned())
            .or_insert_with(|| StateStats {
                name: name.to_owned(),
                visits: 0,
                outcome: Outcome::Succeeded,
            });
        s.visits += 1;
        s.outcome = Outcome::Succeeded;
    }

    /// How the last visit of a state ended.
    pub fn outcome(&mut self, pointer: &str, outcome: Outcome) {
        if let Some(s) = self.states.get_mut(pointer) {
            s.outcome = outcome;
        }
    }

    /// A transition was taken.
    pub fn edge(&mut self, from: &str, to: &str, kind: EdgeKind) {
        *self
            .edges
            .entry((from.to_owned(), to.to_owned(), kind))
            .or_insert(0) += 1;
    }

    /// A Map iteration started.
    pub fn map_iteration(&mut self, pointer: &str) {
        *self.map_iterations.entry(pointer.to_owned()).or_insert(0) += 1;
    }

    /// The trace file's JSON.
    #[must_use]
    pub fn to_json(&self, status: &str) -> Value {
        let states: Vec<Value> = self
            .states
            .iter()
            .map(|(p, s)| {
                json!({"pointer": p, "name": s.name, "visits": s.visits, "outcome": s.outcome.as_str()})
            })
            .collect();
        let edges: Vec<Value> = self
            .edges
            .iter()
            .map(|((from, to, kind), count)| {
                json!({"from": from, "to": to, "kind": kind.as_str(), "count": count})
            })
            .collect();
        let iterations: Map<String, Value> = self
            .map_iterations
            .iter()
            .map(|(k, v)| (k.clone(), (*v).into()))
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
        let mut t = Trace::default();
        t.visit("/States/B", "B");
        t.visit("/States/A", "A");
        t.edge("/States/A", "/States/B", EdgeKind::Next);
        t.edge("/States/A", "/States/B", EdgeKind::Next);
        t.visit("/States/A", "A");
        t.outcome("/States/A", Outcome::Caught);
        t.map_iteration("/States/M");
        let v = t.to_json("SUCCEEDED");
        assert_eq!(v["states"][0]["pointer"], "/States/A");
        assert_eq!(v["states"][0]["visits"], 2);
        assert_eq!(v["states"][0]["outcome"], "caught");
        assert_eq!(v["edges"][0]["count"], 2);
        assert_eq!(v["map_iterations"]["/States/M"], 1);
    }
}
