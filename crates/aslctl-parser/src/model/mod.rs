//! The typed model of a state machine.
//!
//! Built once from the spanned tree ([`build`]); it borrows from the tree, so every field keeps
//! its node and span. The model is faithful rather than validated: a field written with the
//! wrong type stays visible as its raw [`Node`], and lint decides what is wrong with it.
//! Nested scopes (Parallel branches, Map processors) are first-class [`Scope`]s, and states
//! keep their source order.

mod build;
pub mod choice;
pub mod error_name;
pub mod operator;

pub use build::{MAX_STATES, build};
pub use choice::{ChoiceRule, RuleKind};
pub use error_name::ErrorName;

use crate::json::{Member, Node};
use crate::source::{Span, Spanned};
use std::collections::HashMap;

/// A string field with its span.
pub type Str<'a> = Spanned<&'a str>;

/// The query language of a machine or state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    /// `JSONPath` (the default).
    JsonPath,
    /// `JSONata`.
    Jsonata,
}

impl QueryLanguage {
    /// Parses the field value.
    #[must_use]
    pub fn parse(s: &str) -> Option<QueryLanguage> {
        match s {
            "JSONPath" => Some(QueryLanguage::JsonPath),
            "JSONata" => Some(QueryLanguage::Jsonata),
            _ => None,
        }
    }

    /// The field value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

/// A whole state machine.
#[derive(Debug, Clone)]
pub struct StateMachine<'a> {
    /// The top-level object.
    pub node: &'a Node,
    /// `Comment`
    pub comment: Option<&'a Node>,
    /// `Version`
    pub version: Option<&'a Node>,
    /// `TimeoutSeconds`
    pub timeout_seconds: Option<&'a Node>,
    /// `QueryLanguage`, if set to a known value.
    pub query_language: Option<Spanned<QueryLanguage>>,
    /// The top-level `StartAt` and `States`.
    pub root: Scope<'a>,
    /// Top-level fields the language does not define.
    pub unknown: Vec<&'a Member>,
}

impl<'a> StateMachine<'a> {
    /// The machine-wide query language (JSONPath unless set).
    #[must_use]
    pub fn query_language(&self) -> QueryLanguage {
        self.query_language
            .map_or(QueryLanguage::JsonPath, |q| q.value)
    }

    /// Every scope, the root first, then nested ones in source order (depth first).
    #[must_use]
    pub fn scopes(&self) -> Vec<&Scope<'a>> {
        let mut out = Vec::new();
        let mut stack = vec![&self.root];
        while let Some(scope) = stack.pop() {
            out.push(scope);
            // Push children in reverse so they come out in source order.
            let mut children: Vec<&Scope<'a>> =
                scope.states.iter().flat_map(State::child_scopes).collect();
            children.reverse();
            stack.extend(children);
        }
        out
    }

    /// Every state of every scope, with its scope.
    pub fn states(&self) -> impl Iterator<Item = (&Scope<'a>, &State<'a>)> {
        self.scopes()
            .into_iter()
            .flat_map(|sc| sc.states.iter().map(move |st| (sc, st)))
    }
}

/// What kind of scope a `StartAt`/`States` pair is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// The top level.
    Root,
    /// `Branches[index]` of a Parallel state.
    Branch(usize),
    /// A Map state's `ItemProcessor`.
    ItemProcessor,
    /// A Map state's legacy `Iterator`.
    Iterator,
}

/// A set of states with its `StartAt`: the machine itself, a branch, or a Map processor.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    /// Which kind of scope.
    pub kind: ScopeKind,
    /// The object holding `StartAt` and `States`.
    pub node: &'a Node,
    /// JSON pointer of that object.
    pub pointer: String,
    /// Nesting level: 0 for the machine, 1 inside a top-level Parallel or Map, ...
    pub depth: usize,
    /// `StartAt`
    pub start_at: Option<Str<'a>>,
    /// The `States` object.
    pub states_node: Option<&'a Node>,
    /// The states, in source order (a repeated name appears twice).
    pub states: Vec<State<'a>>,
    /// Fields of the scope object other than `StartAt`, `States`, `Comment` (and, for a Map
    /// processor, `ProcessorConfig`).
    pub unknown: Vec<&'a Member>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Scope<'a> {
    /// The state called `name` (the last one, if the name is repeated).
    #[must_use]
    pub fn state(&self, name: &str) -> Option<&State<'a>> {
        self.index.get(name).and_then(|&i| self.states.get(i))
    }

    /// Position of the state called `name`.
    #[must_use]
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The state `StartAt` names, if it exists.
    #[must_use]
    pub fn start_state(&self) -> Option<&State<'a>> {
        self.start_at.and_then(|s| self.state(s.value))
    }
}

/// One state.
#[derive(Debug, Clone)]
pub struct State<'a> {
    /// The name.
    pub name: &'a str,
    /// Span of the name (the key in `States`).
    pub name_span: Span,
    /// The state object (any JSON value if it is not an object).
    pub node: &'a Node,
    /// JSON pointer of the state object.
    pub pointer: String,
    /// `Type`, as written.
    pub type_name: Option<Str<'a>>,
    /// What the state does.
    pub kind: StateKind<'a>,
    /// Fields several state types share.
    pub fields: Fields<'a>,
    /// Fields no state type defines.
    pub unknown: Vec<&'a Member>,
}

impl<'a> State<'a> {
    /// The scopes nested directly in this state.
    #[must_use]
    pub fn child_scopes(&self) -> Vec<&Scope<'a>> {
        match &self.kind {
            StateKind::Parallel(p) => p.branches.iter().collect(),
            StateKind::Map(m) => m.processor.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The state's effective query language, given the machine's.
    #[must_use]
    pub fn query_language(&self, machine: QueryLanguage) -> QueryLanguage {
        self.fields.query_language.map_or(machine, |q| q.value)
    }

    /// Whether the state ends its scope when it completes (`End: true`, Succeed, Fail).
    #[must_use]
    pub fn is_terminal(&self) -> bool {
        matches!(self.kind, StateKind::Succeed | StateKind::Fail(_))
            || self.fields.end.is_some_and(|e| e.value)
    }

    /// Every transition out of the state, in source order.
    #[must_use]
    pub fn transitions(&self) -> Vec<Transition<'a>> {
        let mut out = Vec::new();
        if let Some(next) = self.fields.next {
            out.push(Transition {
                kind: TransitionKind::Next,
                target: next,
            });
        }
        if let StateKind::Choice(c) = &self.kind {
            for (i, rule) in c.choices.iter().enumerate() {
                if let Some(next) = rule.next {
                    out.push(Transition {
                        kind: TransitionKind::Choice(i),
                        target: next,
                    });
                }
            }
            if let Some(d) = c.default {
                out.push(Transition {
                    kind: TransitionKind::Default,
                    target: d,
                });
            }
        }
        for (i, c) in self.fields.catch.iter().enumerate() {
            if let Some(next) = c.next {
                out.push(Transition {
                    kind: TransitionKind::Catch(i),
                    target: next,
                });
            }
        }
        out
    }
}

/// Where a transition is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransitionKind {
    /// `Next`
    Next,
    /// `Choices[i].Next`
    Choice(usize),
    /// A Choice state's `Default`
    Default,
    /// `Catch[i].Next`
    Catch(usize),
}

impl TransitionKind {
    /// The field that holds it, for messages (`Next`, `Default`, `Choices[0].Next`).
    #[must_use]
    pub fn field(self) -> String {
        match self {
            TransitionKind::Next => "Next".into(),
            TransitionKind::Default => "Default".into(),
            TransitionKind::Choice(i) => format!("Choices[{i}].Next"),
            TransitionKind::Catch(i) => format!("Catch[{i}].Next"),
        }
    }
}

/// A transition from one state to a named target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition<'a> {
    /// Which field.
    pub kind: TransitionKind,
    /// The target name and its span.
    pub target: Str<'a>,
}

/// Fields shared by several state types. The model records what is written; which fields a
/// state type allows is checked by lint.
#[derive(Debug, Clone, Default)]
pub struct Fields<'a> {
    /// `Comment`
    pub comment: Option<&'a Node>,
    /// `QueryLanguage`, if a known value.
    pub query_language: Option<Spanned<QueryLanguage>>,
    /// `InputPath`
    pub input_path: Option<&'a Node>,
    /// `OutputPath`
    pub output_path: Option<&'a Node>,
    /// `ResultPath`
    pub result_path: Option<&'a Node>,
    /// `Parameters`
    pub parameters: Option<&'a Node>,
    /// `ResultSelector`
    pub result_selector: Option<&'a Node>,
    /// `Arguments` (JSONata)
    pub arguments: Option<&'a Node>,
    /// `Output` (JSONata)
    pub output: Option<&'a Node>,
    /// `Assign`
    pub assign: Option<&'a Node>,
    /// `Next`, if a string.
    pub next: Option<Str<'a>>,
    /// `End`, if a boolean.
    pub end: Option<Spanned<bool>>,
    /// `Retry`
    pub retry: Vec<Retrier<'a>>,
    /// `Catch`
    pub catch: Vec<Catcher<'a>>,
}

/// What a state does, by `Type`.
#[derive(Debug, Clone)]
pub enum StateKind<'a> {
    /// `Pass`
    Pass(Pass<'a>),
    /// `Task`
    Task(Task<'a>),
    /// `Choice`
    Choice(Choice<'a>),
    /// `Wait`
    Wait(Wait<'a>),
    /// `Succeed`
    Succeed,
    /// `Fail`
    Fail(Fail<'a>),
    /// `Parallel`
    Parallel(Parallel<'a>),
    /// `Map`
    Map(Box<Map<'a>>),
    /// `Type` missing or not one of the eight.
    Unknown,
}

impl StateKind<'_> {
    /// The `Type` value of this kind (`Unknown` for an unknown one).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass(_) => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
            StateKind::Unknown => "Unknown",
        }
    }
}

/// A Pass state.
#[derive(Debug, Clone, Default)]
pub struct Pass<'a> {
    /// `Result`
    pub result: Option<&'a Node>,
}

/// A Task state.
#[derive(Debug, Clone, Default)]
pub struct Task<'a> {
    /// `Resource` (a string, or a CloudFormation intrinsic object).
    pub resource: Option<&'a Node>,
    /// `TimeoutSeconds`
    pub timeout_seconds: Option<&'a Node>,
    /// `TimeoutSecondsPath`
    pub timeout_seconds_path: Option<&'a Node>,
    /// `HeartbeatSeconds`
    pub heartbeat_seconds: Option<&'a Node>,
    /// `HeartbeatSecondsPath`
    pub heartbeat_seconds_path: Option<&'a Node>,
    /// `Credentials`
    pub credentials: Option<&'a Node>,
}

impl Task<'_> {
    /// The resource ARN, if it is a plain string.
    #[must_use]
    pub fn resource_str(&self) -> Option<&str> {
        self.resource.and_then(Node::as_str)
    }
}

/// A Choice state.
#[derive(Debug, Clone, Default)]
pub struct Choice<'a> {
    /// `Choices`
    pub choices: Vec<ChoiceRule<'a>>,
    /// The `Choices` node itself.
    pub choices_node: Option<&'a Node>,
    /// `Default`
    pub default: Option<Str<'a>>,
}

/// A Wait state.
#[derive(Debug, Clone, Default)]
pub struct Wait<'a> {
    /// `Seconds`
    pub seconds: Option<&'a Node>,
    /// `SecondsPath`
    pub seconds_path: Option<&'a Node>,
    /// `Timestamp`
    pub timestamp: Option<&'a Node>,
    /// `TimestampPath`
    pub timestamp_path: Option<&'a Node>,
}

/// A Fail state.
#[derive(Debug, Clone, Default)]
pub struct Fail<'a> {
    /// `Error`
    pub error: Option<&'a Node>,
    /// `ErrorPath`
    pub error_path: Option<&'a Node>,
    /// `Cause`
    pub cause: Option<&'a Node>,
    /// `CausePath`
    pub cause_path: Option<&'a Node>,
}

/// A Parallel state.
#[derive(Debug, Clone, Default)]
pub struct Parallel<'a> {
    /// `Branches`
    pub branches: Vec<Scope<'a>>,
    /// The `Branches` node.
    pub branches_node: Option<&'a Node>,
}

/// Map processing mode (`ProcessorConfig.Mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapMode {
    /// `INLINE` (the default).
    Inline,
    /// `DISTRIBUTED`
    Distributed,
}

/// Child workflow type of a Distributed Map (`ProcessorConfig.ExecutionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExecutionType {
    /// `STANDARD`
    Standard,
    /// `EXPRESS`
    Express,
}

/// A Map state.
#[derive(Debug, Clone, Default)]
pub struct Map<'a> {
    /// `ItemProcessor` or the legacy `Iterator`.
    pub processor: Option<Scope<'a>>,
    /// `ItemProcessor.ProcessorConfig`
    pub processor_config: Option<&'a Node>,
    /// `ProcessorConfig.Mode`, if a known value.
    pub mode: Option<Spanned<MapMode>>,
    /// `ProcessorConfig.ExecutionType`, if a known value.
    pub execution_type: Option<Spanned<ExecutionType>>,
    /// `ItemsPath`
    pub items_path: Option<&'a Node>,
    /// `Items` (JSONata)
    pub items: Option<&'a Node>,
    /// `ItemSelector`
    pub item_selector: Option<&'a Node>,
    /// `ItemReader`
    pub item_reader: Option<&'a Node>,
    /// `ItemBatcher`
    pub item_batcher: Option<&'a Node>,
    /// `ResultWriter`
    pub result_writer: Option<&'a Node>,
    /// `MaxConcurrency`
    pub max_concurrency: Option<&'a Node>,
    /// `MaxConcurrencyPath`
    pub max_concurrency_path: Option<&'a Node>,
    /// `ToleratedFailureCount`
    pub tolerated_failure_count: Option<&'a Node>,
    /// `ToleratedFailureCountPath`
    pub tolerated_failure_count_path: Option<&'a Node>,
    /// `ToleratedFailurePercentage`
    pub tolerated_failure_percentage: Option<&'a Node>,
    /// `ToleratedFailurePercentagePath`
    pub tolerated_failure_percentage_path: Option<&'a Node>,
    /// `Label`
    pub label: Option<&'a Node>,
}

impl Map<'_> {
    /// The processing mode (INLINE unless set).
    #[must_use]
    pub fn mode(&self) -> MapMode {
        self.mode.map_or(MapMode::Inline, |m| m.value)
    }
}

/// One `Retry` entry.
#[derive(Debug, Clone)]
pub struct Retrier<'a> {
    /// The retrier object.
    pub node: &'a Node,
    /// Its JSON pointer.
    pub pointer: String,
    /// `ErrorEquals` (string entries only).
    pub error_equals: Vec<Str<'a>>,
    /// `IntervalSeconds`
    pub interval_seconds: Option<&'a Node>,
    /// `MaxAttempts`
    pub max_attempts: Option<&'a Node>,
    /// `BackoffRate`
    pub backoff_rate: Option<&'a Node>,
    /// `MaxDelaySeconds`
    pub max_delay_seconds: Option<&'a Node>,
    /// `JitterStrategy`
    pub jitter_strategy: Option<&'a Node>,
}

/// One `Catch` entry.
#[derive(Debug, Clone)]
pub struct Catcher<'a> {
    /// The catcher object.
    pub node: &'a Node,
    /// Its JSON pointer.
    pub pointer: String,
    /// `ErrorEquals` (string entries only).
    pub error_equals: Vec<Str<'a>>,
    /// `Next`, if a string.
    pub next: Option<Str<'a>>,
    /// `ResultPath`
    pub result_path: Option<&'a Node>,
    /// `Output` (JSONata)
    pub output: Option<&'a Node>,
    /// `Assign`
    pub assign: Option<&'a Node>,
}
