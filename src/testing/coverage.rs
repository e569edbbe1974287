//! Coverage: which states, transitions (the graph's edges: `Next`, Choice rules, `Default`,
//! catchers, and the end of a scope) and retriers the cases exercised, per state machine, and
//! the coverage file `schemas/coverage.schema.json` that `aslctl graph` can overlay.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::simulate::compile::{Kind, Next, Program, StateId};
use crate::simulate::trace::{Taken, Trace};

/// The coverage file's version.
pub const VERSION: u64 = 1;

/// The group a coverage item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// A state.
    State,
    /// An edge of the graph.
    Transition,
    /// A retrier.
    Retrier,
}

/// One thing a case can exercise.
#[derive(Debug, Clone)]
pub struct Item {
    /// The state it belongs to.
    pub state: StateId,
    /// What it is.
    pub what: Taken,
    /// The target state of a transition (`None` for the end of a scope).
    pub to: Option<StateId>,
    /// How often the cases took it.
    pub count: u64,
}

impl Item {
    /// Its group.
    #[must_use]
    pub fn category(&self) -> Category {
        match self.what {
            Taken::Entered => Category::State,
            Taken::Retry(_) => Category::Retrier,
            _ => Category::Transition,
        }
    }

    /// The edge kind as the trace file names it.
    fn kind(&self) -> &'static str {
        match self.what {
            Taken::Entered => "state",
            Taken::Next => "next",
            Taken::End => "end",
            Taken::Rule(_) => "choice",
            Taken::Default => "default",
            Taken::Catch(_) => "catch",
            Taken::Retry(_) => "retry",
        }
    }

    fn index(&self) -> Option<usize> {
        match self.what {
            Taken::Rule(i) | Taken::Catch(i) | Taken::Retry(i) => Some(i),
            _ => None,
        }
    }
}

/// Covered and total items of a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    /// Taken at least once.
    pub covered: usize,
    /// All of them.
    pub total: usize,
}

impl Ratio {
    /// The percentage (100 when there is nothing to cover).
    #[must_use]
    pub fn percent(self) -> f64 {
        if self.total == 0 {
            return 100.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let p = self.covered as f64 * 100.0 / self.total as f64;
        p
    }

    fn to_json(self) -> Value {
        json!({"covered": self.covered, "total": self.total,
               "percent": (self.percent() * 10.0).round() / 10.0})
    }
}

/// The coverage of one state machine across every case that ran it.
#[derive(Debug, Clone)]
pub struct MachineCoverage {
    /// The definition as reports name it.
    pub definition: String,
    /// Every item, in state order then branch order.
    pub items: Vec<Item>,
    names: Vec<StateInfo>,
    cases: usize,
}

/// What coverage reports need of a state.
#[derive(Debug, Clone)]
struct StateInfo {
    name: String,
    pointer: String,
    /// Whether it ends with an `End` field (a Succeed state ends without one).
    end_field: bool,
}

impl MachineCoverage {
    /// Lists every coverable item of a program.
    #[must_use]
    pub fn new(definition: &str, program: &Program) -> MachineCoverage {
        let mut items = Vec::new();
        let mut item = |state, what, to| {
            items.push(Item {
                state,
                what,
                to,
                count: 0,
            });
        };
        for st in &program.states {
            item(st.id, Taken::Entered, None);
            match &st.kind {
                Kind::Choice { rules, default } => {
                    for (i, r) in rules.iter().enumerate() {
                        item(st.id, Taken::Rule(i), Some(r.next));
                    }
                    if let Some(d) = default {
                        item(st.id, Taken::Default, Some(*d));
                    }
                }
                // A Fail state fails its scope; it has no outgoing edge to take.
                Kind::Fail { .. } => {}
                _ => match st.next {
                    Next::State(n) => item(st.id, Taken::Next, Some(n)),
                    Next::End => item(st.id, Taken::End, None),
                },
            }
            for (i, c) in st.catch.iter().enumerate() {
                item(st.id, Taken::Catch(i), Some(c.next));
            }
            for i in 0..st.retry.len() {
                item(st.id, Taken::Retry(i), None);
            }
        }
        MachineCoverage {
            definition: definition.to_owned(),
            items,
            names: program
                .states
                .iter()
                .map(|s| StateInfo {
                    name: s.name.to_string(),
                    pointer: s.pointer.clone(),
                    end_field: !matches!(s.kind, Kind::Succeed),
                })
                .collect(),
            cases: 0,
        }
    }

    /// Adds one run's trace.
    pub fn record(&mut self, trace: &Trace) {
        self.cases += 1;
        let taken: BTreeMap<(StateId, Taken), u64> =
            trace.taken().map(|(id, t, n)| ((id, t), n)).collect();
        for item in &mut self.items {
            if let Some(n) = taken.get(&(item.state, item.what)) {
                item.count += n;
            }
        }
    }

    /// Cases recorded.
    #[must_use]
    pub fn cases(&self) -> usize {
        self.cases
    }

    /// A state's name.
    #[must_use]
    pub fn name(&self, id: StateId) -> &str {
        self.names.get(id).map_or("?", |n| n.name.as_str())
    }

    /// A state's JSON pointer.
    #[must_use]
    pub fn pointer(&self, id: StateId) -> &str {
        self.names.get(id).map_or("", |n| n.pointer.as_str())
    }

    /// Covered/total of one group.
    #[must_use]
    pub fn ratio(&self, category: Category) -> Ratio {
        let mut r = Ratio::default();
        for i in self.items.iter().filter(|i| i.category() == category) {
            r.total += 1;
            r.covered += usize::from(i.count > 0);
        }
        r
    }

    /// Covered/total of everything: the summary percentage `--coverage-min` checks.
    #[must_use]
    pub fn overall(&self) -> Ratio {
        Ratio {
            covered: self.items.iter().filter(|i| i.count > 0).count(),
            total: self.items.len(),
        }
    }

    /// Items no case took.
    pub fn uncovered(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.count == 0)
    }

    /// The JSON pointer of the field an item stands for (`…/Choices/0`, `…/Catch/1`, …); the
    /// state itself for a state, and for the end of a Succeed state, which has no `End`.
    #[must_use]
    pub fn item_pointer(&self, item: &Item) -> String {
        let p = self.pointer(item.state);
        match item.what {
            Taken::Entered => p.to_owned(),
            Taken::Next => format!("{p}/Next"),
            Taken::End if self.has_end_field(item.state) => {
                format!("{p}/End")
            }
            Taken::End => p.to_owned(),
            Taken::Rule(i) => format!("{p}/Choices/{i}"),
            Taken::Default => format!("{p}/Default"),
            Taken::Catch(i) => format!("{p}/Catch/{i}"),
            Taken::Retry(i) => format!("{p}/Retry/{i}"),
        }
    }

    fn has_end_field(&self, id: StateId) -> bool {
        self.names.get(id).is_some_and(|n| n.end_field)
    }

    /// A one-line description: `Validate order → Is the order valid? (Next)`.
    #[must_use]
    pub fn describe(&self, item: &Item) -> String {
        let from = self.name(item.state);
        let to = item.to.map(|t| self.name(t));
        match (item.what, to) {
            (Taken::Entered, _) => format!("state `{from}`"),
            (Taken::Retry(i), _) => format!("`{from}` retrier #{}", i + 1),
            (Taken::End, _) => format!("`{from}` → end"),
            (Taken::Rule(i), Some(to)) => format!("`{from}` → `{to}` (Choices #{})", i + 1),
            (Taken::Default, Some(to)) => format!("`{from}` → `{to}` (Default)"),
            (Taken::Catch(i), Some(to)) => format!("`{from}` → `{to}` (Catch #{})", i + 1),
            (_, to) => format!("`{from}` → `{}` (Next)", to.unwrap_or("?")),
        }
    }

    /// This machine's entry of the coverage file.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let states: Vec<Value> = self
            .items
            .iter()
            .filter(|i| i.category() == Category::State)
            .map(|i| {
                json!({"pointer": self.pointer(i.state), "name": self.name(i.state),
                       "covered": i.count > 0, "visits": i.count})
            })
            .collect();
        let edges: Vec<Value> = self
            .items
            .iter()
            .filter(|i| i.category() == Category::Transition)
            .map(|i| {
                let mut e = json!({"pointer": self.item_pointer(i), "from": self.pointer(i.state),
                    "to": i.to.map(|t| self.pointer(t)), "kind": i.kind(),
                    "covered": i.count > 0, "count": i.count});
                if let (Some(idx), Value::Object(m)) = (i.index(), &mut e) {
                    m.insert("index".into(), idx.into());
                }
                e
            })
            .collect();
        let retriers: Vec<Value> = self
            .items
            .iter()
            .filter(|i| i.category() == Category::Retrier)
            .map(|i| {
                json!({"pointer": self.item_pointer(i), "state": self.pointer(i.state),
                       "index": i.index(), "covered": i.count > 0, "count": i.count})
            })
            .collect();
        json!({
            "definition": self.definition,
            "cases": self.cases,
            "summary": {
                "overall": self.overall().to_json(),
                "states": self.ratio(Category::State).to_json(),
                "transitions": self.ratio(Category::Transition).to_json(),
                "retriers": self.ratio(Category::Retrier).to_json(),
            },
            "states": states,
            "edges": edges,
            "retriers": retriers,
        })
    }
}

/// Coverage of every state machine the suites ran, keyed by definition.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// One entry per definition, in first-run order.
    pub machines: Vec<MachineCoverage>,
}

impl Coverage {
    /// The entry of a definition, created on first use.
    pub fn machine(&mut self, definition: &str, program: &Program) -> &mut MachineCoverage {
        let at = match self
            .machines
            .iter()
            .position(|m| m.definition == definition)
        {
            Some(i) => i,
            None => {
                self.machines
                    .push(MachineCoverage::new(definition, program));
                self.machines.len() - 1
            }
        };
        // `at` is an index found or just pushed.
        &mut self.machines[at]
    }

    /// The coverage file.
    #[must_use]
    pub fn to_json(&self) -> Value {
        json!({
            "version": VERSION,
            "machines": self.machines.iter().map(MachineCoverage::to_json).collect::<Vec<_>>(),
        })
    }
}
