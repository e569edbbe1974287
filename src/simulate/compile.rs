//! Compilation: the typed model becomes a [`Program`] — states in one vector addressed by
//! [`StateId`], transitions resolved to ids, and every path, payload template, intrinsic call,
//! Choice rule and retrier parsed once.

use std::collections::HashMap;

use super::expr_eval::{self, JsonataExpr};
use super::history::TaskFamily;
use super::payload::{self, Mode, Template, jsonata_body};
use super::retry::{Backoff, Jitter};
use super::value::{Str, Value};
use aslctl_parser::expr::{Path, parse_path, parse_payload_expr, parse_reference_path};
use aslctl_parser::json::Node;
use aslctl_parser::model::operator::Operator;
use aslctl_parser::model::{
    ChoiceRule, ErrorName, MapMode, QueryLanguage, RuleKind, Scope, State, StateKind, StateMachine,
};

/// Index of a state in [`Program::states`].
pub type StateId = usize;
/// Index of a scope in [`Program::scopes`].
pub type ScopeId = usize;

/// Deepest Choice rule nesting (`And`/`Or`/`Not`) the compiler accepts.
pub const MAX_RULE_DEPTH: usize = 64;

/// A compiled state machine.
#[derive(Debug)]
pub struct Program {
    /// Scopes; `scopes[0]` is the top level.
    pub scopes: Vec<ScopeProg>,
    /// Every state of every scope.
    pub states: Vec<StateProg>,
    /// Whether any expression reads `$$` (the execution input is then kept for it).
    pub uses_context: bool,
}

/// A `StartAt`/`States` pair.
#[derive(Debug)]
pub struct ScopeProg {
    /// The first state.
    pub start: StateId,
    /// JSON pointer of the scope object.
    pub pointer: String,
}

/// One compiled state.
#[derive(Debug)]
pub struct StateProg {
    /// Its own index in [`Program::states`].
    pub id: StateId,
    /// The name.
    pub name: Str,
    /// JSON pointer of the state object.
    pub pointer: String,
    /// Query language in force.
    pub query_language: QueryLanguage,
    /// What the state does.
    pub kind: Kind,
    /// Data-flow fields.
    pub io: Io,
    /// Where to go after completing.
    pub next: Next,
    /// `Retry`
    pub retry: Vec<RetrierProg>,
    /// `Catch`
    pub catch: Vec<CatcherProg>,
    /// `Assign`
    pub assign: Option<Template>,
}

/// The transition after a state completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// `Next`
    State(StateId),
    /// `End: true` (or a terminal state type).
    End,
}

/// An optional path field with AWS's `null` meaning.
#[derive(Debug, Clone)]
pub enum PathField {
    /// Absent: `$`.
    Default,
    /// `null`: `{}` for InputPath/OutputPath, keep the input for ResultPath.
    Null,
    /// A path (`$` itself included, with no segments).
    Path(Path, String),
}

impl PathField {
    /// Whether the field selects the whole document.
    #[must_use]
    pub fn is_identity(&self) -> bool {
        match self {
            PathField::Default => true,
            PathField::Null => false,
            PathField::Path(p, _) => {
                p.root == aslctl_parser::expr::Root::Input && p.segments.is_empty()
            }
        }
    }
}

/// Data-flow fields (AWS "Processing input and output in Step Functions").
#[derive(Debug, Clone)]
pub struct Io {
    /// `InputPath`
    pub input_path: PathField,
    /// `Parameters` (or JSONata `Arguments`), except for Map where it is the ItemSelector.
    pub parameters: Option<Template>,
    /// `ResultSelector`
    pub result_selector: Option<Template>,
    /// `ResultPath`
    pub result_path: PathField,
    /// `OutputPath`
    pub output_path: PathField,
    /// JSONata `Output`
    pub output: Option<Template>,
}

/// What a state does.
#[derive(Debug)]
pub enum Kind {
    /// `Pass` with its literal `Result`.
    Pass {
        /// `Result`, never evaluated.
        result: Option<Value>,
    },
    /// `Task`
    Task(TaskProg),
    /// `Choice`
    Choice {
        /// The rules with their targets.
        rules: Vec<ChoiceRuleProg>,
        /// `Default`
        default: Option<StateId>,
    },
    /// `Wait`
    Wait(WaitProg),
    /// `Succeed`
    Succeed,
    /// `Fail`
    Fail {
        /// `Error` / `ErrorPath`
        error: Option<TextSource>,
        /// `Cause` / `CausePath`
        cause: Option<TextSource>,
    },
    /// `Parallel`
    Parallel {
        /// The branches.
        branches: Vec<ScopeId>,
    },
    /// `Map`
    Map(Box<MapProg>),
}

impl Kind {
    /// The `Type` name.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Pass { .. } => "Pass",
            Kind::Task(_) => "Task",
            Kind::Choice { .. } => "Choice",
            Kind::Wait(_) => "Wait",
            Kind::Succeed => "Succeed",
            Kind::Fail { .. } => "Fail",
            Kind::Parallel { .. } => "Parallel",
            Kind::Map(_) => "Map",
        }
    }
}

/// A string field given literally, by path (or intrinsic), or by JSONata.
#[derive(Debug, Clone)]
pub enum TextSource {
    /// The literal.
    Literal(String),
    /// `…Path`: a path or intrinsic, with its text.
    Expr(payload::Expr, String),
    /// `{% … %}`
    Jsonata(JsonataExpr),
}

/// A number field given literally, by path, or by JSONata.
#[derive(Debug, Clone)]
pub enum NumberSource {
    /// The literal.
    Literal(Value),
    /// `…Path`, with its text.
    Path(Path, String),
    /// `{% … %}`
    Jsonata(JsonataExpr),
}

/// How a Task's resource is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Request-response.
    RequestResponse,
    /// `.sync` / `.sync:2`
    Sync,
    /// `.waitForTaskToken`
    WaitForTaskToken,
}

/// What a Task calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// A Lambda function ARN used directly (`arn:aws:lambda:…:function:…`).
    LambdaFunction,
    /// An activity (`arn:aws:states:…:activity:…`).
    Activity,
    /// A service integration `arn:aws:states:::<service>:<action>[.pattern]`.
    Service {
        /// `resourceType` in history (`lambda`, `aws-sdk:s3`, …).
        resource_type: String,
        /// `resource` in history (`invoke`, `startExecution.sync`, …).
        action: String,
        /// The integration pattern.
        pattern: Pattern,
    },
}

/// A compiled Task.
#[derive(Debug)]
pub struct TaskProg {
    /// The `Resource` ARN.
    pub arn: Str,
    /// What it calls.
    pub resource: Resource,
    /// Which family of history events its calls produce.
    pub family: TaskFamily,
    /// `TimeoutSeconds[Path]`
    pub timeout: Option<NumberSource>,
    /// `HeartbeatSeconds[Path]`
    pub heartbeat: Option<NumberSource>,
}

/// A compiled Wait.
#[derive(Debug)]
pub enum WaitProg {
    /// `Seconds` (literal or JSONata).
    Seconds(NumberSource),
    /// `Timestamp` literal.
    Timestamp(String),
    /// `Timestamp` JSONata.
    TimestampJsonata(JsonataExpr),
    /// `TimestampPath`
    TimestampPath(Path, String),
}

/// A top-level Choice rule: its condition, target and rule-level `Assign`.
#[derive(Debug)]
pub struct ChoiceRuleProg {
    /// The condition.
    pub cond: Cond,
    /// `Next`
    pub next: StateId,
    /// `Assign`, applied only when this rule matches.
    pub assign: Option<Template>,
    /// JSONata `Output`, applied only when this rule matches.
    pub output: Option<Template>,
}

/// A compiled Choice rule condition.
#[derive(Debug)]
pub enum Cond {
    /// `And`
    And(Vec<Cond>),
    /// `Or`
    Or(Vec<Cond>),
    /// `Not`
    Not(Box<Cond>),
    /// `Variable` + operator.
    Compare {
        /// `Variable`
        variable: Path,
        /// `Variable` as written.
        variable_text: String,
        /// The operator.
        op: Operator,
        /// The operand: a literal, or a path for `…Path` operators.
        operand: Operand,
    },
    /// JSONata `Condition`.
    Jsonata(JsonataExpr),
}

/// A Choice operand.
#[derive(Debug)]
pub enum Operand {
    /// A literal value.
    Literal(Value),
    /// A path, with its text.
    Path(Path, String),
}

/// A compiled Map.
#[derive(Debug)]
pub struct MapProg {
    /// `ItemProcessor` / `Iterator`
    pub processor: ScopeId,
    /// `ProcessorConfig.Mode`
    pub mode: MapMode,
    /// `ItemsPath`
    pub items_path: Option<(Path, String)>,
    /// JSONata `Items`
    pub items: Option<Template>,
    /// `ItemSelector` (or legacy `Parameters`).
    pub item_selector: Option<Template>,
    /// `ItemReader`, raw.
    pub item_reader: Option<serde_json::Value>,
    /// `ItemBatcher`, raw.
    pub item_batcher: Option<serde_json::Value>,
    /// `ResultWriter`, raw.
    pub result_writer: Option<serde_json::Value>,
    /// `MaxConcurrency[Path]`
    pub max_concurrency: Option<NumberSource>,
    /// `ToleratedFailureCount[Path]`
    pub tolerated_failure_count: Option<NumberSource>,
    /// `ToleratedFailurePercentage[Path]`
    pub tolerated_failure_percentage: Option<NumberSource>,
    /// `Label`
    pub label: Option<String>,
}

/// A compiled retrier.
#[derive(Debug, Clone)]
pub struct RetrierProg {
    /// `ErrorEquals`
    pub error_equals: Vec<ErrorName>,
    /// The backoff numbers.
    pub backoff: Backoff,
}

/// A compiled catcher.
#[derive(Debug, Clone)]
pub struct CatcherProg {
    /// `ErrorEquals`
    pub error_equals: Vec<ErrorName>,
    /// `Next`
    pub next: StateId,
    /// `ResultPath`
    pub result_path: PathField,
    /// JSONata `Output`
    pub output: Option<Template>,
    /// `Assign`
    pub assign: Option<Template>,
}

/// Why a definition cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct CompileError {
    /// JSON pointer of the offending field.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// Whether a nesting limit of aslctl (not a problem in the definition) is the reason.
    pub limit: bool,
}

fn err(pointer: &str, message: impl Into<String>) -> CompileError {
    CompileError {
        pointer: pointer.to_owned(),
        message: message.into(),
        limit: false,
    }
}

fn limit_err(pointer: &str, message: impl Into<String>) -> CompileError {
    CompileError {
        limit: true,
        ..err(pointer, message)
    }
}

/// Compiles a model.
///
/// # Errors
/// The first problem that prevents running (a missing `StartAt` target, an unparsable path,
/// an unknown state type, ...). Lint reports such problems in full.
pub fn compile(machine: &StateMachine<'_>) -> Result<Program, CompileError> {
    let mut c = Compiler {
        program: Program {
            scopes: Vec::new(),
            states: Vec::new(),
            uses_context: false,
        },
        machine_ql: machine.query_language(),
    };
    c.scope(&machine.root)?;
    c.program.uses_context |= reads_states_context(&machine.node.to_value());
    Ok(c.program)
}

/// Whether any JSONata string may read `$states.context` (then `$$` is kept for it). A
/// conservative textual test over the definition, walked with an explicit stack.
fn reads_states_context(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s)
                if s.contains("$states") && s.contains("context") && jsonata_body(s).is_some() =>
            {
                return true;
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    false
}

struct Compiler {
    program: Program,
    machine_ql: QueryLanguage,
}

impl Compiler {
    /// Compiles a scope: ids are reserved for its states first, so transitions resolve.
    fn scope(&mut self, scope: &Scope<'_>) -> Result<ScopeId, CompileError> {
        let first = self.program.states.len();
        let mut ids: HashMap<&str, StateId> = HashMap::new();
        for (i, s) in scope.states.iter().enumerate() {
            ids.insert(s.name, first + i);
        }
        let start_name = scope
            .start_at
            .map(|s| s.value)
            .ok_or_else(|| err(&scope.pointer, "`StartAt` is missing"))?;
        let start = *ids.get(start_name).ok_or_else(|| {
            err(
                &scope.pointer,
                format!("`StartAt` names `{start_name}`, which is not a state of this scope"),
            )
        })?;
        let scope_id = self.program.scopes.len();
        self.program.scopes.push(ScopeProg {
            start,
            pointer: scope.pointer.clone(),
        });
        // Placeholders keep ids stable while nested scopes are appended after them.
        for s in &scope.states {
            self.program.states.push(StateProg {
                id: self.program.states.len(),
                name: s.name.into(),
                pointer: s.pointer.clone(),
                query_language: QueryLanguage::JsonPath,
                kind: Kind::Succeed,
                io: Io {
                    input_path: PathField::Default,
                    parameters: None,
                    result_selector: None,
                    result_path: PathField::Default,
                    output_path: PathField::Default,
                    output: None,
                },
                next: Next::End,
                retry: Vec::new(),
                catch: Vec::new(),
                assign: None,
            });
        }
        for (i, s) in scope.states.iter().enumerate() {
            let mut compiled = self.state(s, &ids)?;
            compiled.id = first + i;
            if let Some(slot) = self.program.states.get_mut(first + i) {
                *slot = compiled;
            }
        }
        Ok(scope_id)
    }

    fn state(
        &mut self,
        s: &State<'_>,
        ids: &HashMap<&str, StateId>,
    ) -> Result<StateProg, CompileError> {
        let ql = s.query_language(self.machine_ql);
        let mode = match ql {
            QueryLanguage::JsonPath => Mode::JsonPath,
            QueryLanguage::Jsonata => Mode::Jsonata,
        };
        let ptr = &s.pointer;
        let target = |name: &str, field: &str| -> Result<StateId, CompileError> {
            ids.get(name).copied().ok_or_else(|| {
                err(
                    ptr,
                    format!("`{field}` names `{name}`, which is not a state of this scope"),
                )
            })
        };
        let f = &s.fields;
        let terminal = matches!(
            s.kind,
            StateKind::Succeed | StateKind::Fail(_) | StateKind::Choice(_)
        );
        let next = match (f.next, f.end.map(|e| e.value)) {
            (Some(n), _) => Next::State(target(n.value, "Next")?),
            (None, Some(true)) => Next::End,
            _ if terminal => Next::End,
            _ => return Err(err(ptr, "the state has neither `Next` nor `End: true`")),
        };
        let is_map = matches!(s.kind, StateKind::Map(_));
        let parameters_node = if ql == QueryLanguage::Jsonata {
            f.arguments
        } else if is_map {
            None
        } else {
            f.parameters
        };
        let io = Io {
            input_path: path_field(f.input_path, ptr, "InputPath", false)?,
            parameters: self.template(
                parameters_node,
                mode,
                ptr,
                if ql == QueryLanguage::Jsonata {
                    "Arguments"
                } else {
                    "Parameters"
                },
            )?,
            result_selector: self.template(f.result_selector, mode, ptr, "ResultSelector")?,
            result_path: path_field(f.result_path, ptr, "ResultPath", true)?,
            output_path: path_field(f.output_path, ptr, "OutputPath", false)?,
            output: self.template(f.output, Mode::Jsonata, ptr, "Output")?,
        };
        self.note_context(&io.input_path);
        self.note_context(&io.output_path);
        let mut retry = Vec::new();
        for r in &f.retry {
            retry.push(RetrierProg {
                error_equals: r
                    .error_equals
                    .iter()
                    .map(|e| ErrorName::parse(e.value))
                    .collect(),
                backoff: backoff(r, &r.pointer)?,
            });
        }
        let mut catch = Vec::new();
        for c in &f.catch {
            let next_name = c
                .next
                .map(|n| n.value)
                .ok_or_else(|| err(&c.pointer, "a catcher needs `Next`"))?;
            catch.push(CatcherProg {
                error_equals: c
                    .error_equals
                    .iter()
                    .map(|e| ErrorName::parse(e.value))
                    .collect(),
                next: target(next_name, "Catch.Next")?,
                result_path: path_field(c.result_path, &c.pointer, "ResultPath", true)?,
                output: self.template(c.output, Mode::Jsonata, &c.pointer, "Output")?,
                assign: self.template(c.assign, mode, &c.pointer, "Assign")?,
            });
        }
        let kind = match &s.kind {
            StateKind::Pass(p) => Kind::Pass {
                result: p.result.map(|n| Value::from(n.to_value())),
            },
            StateKind::Task(t) => Kind::Task(self.task(t, ptr)?),
            StateKind::Choice(ch) => {
                let mut rules = Vec::new();
                for r in &ch.choices {
                    let next = r
                        .next
                        .map(|n| n.value)
                        .ok_or_else(|| err(&r.pointer, "a Choice rule needs `Next`"))?;
                    rules.push(ChoiceRuleProg {
                        cond: self.rule(r, 0)?,
                        next: target(next, "Next")?,
                        assign: self.template(r.assign, mode, &r.pointer, "Assign")?,
                        output: self.template(r.output, Mode::Jsonata, &r.pointer, "Output")?,
                    });
                }
                let default = match ch.default {
                    Some(d) => Some(target(d.value, "Default")?),
                    None => None,
                };
                Kind::Choice { rules, default }
            }
            StateKind::Wait(w) => Kind::Wait(self.wait(w, ptr)?),
            StateKind::Succeed => Kind::Succeed,
            StateKind::Fail(fl) => Kind::Fail {
                error: text_source(fl.error, fl.error_path, ptr, "Error")?,
                cause: text_source(fl.cause, fl.cause_path, ptr, "Cause")?,
            },
            StateKind::Parallel(p) => {
                let mut branches = Vec::new();
                for b in &p.branches {
                    branches.push(self.scope(b)?);
                }
                if branches.is_empty() {
                    return Err(err(ptr, "a Parallel state needs at least one branch"));
                }
                Kind::Parallel { branches }
            }
            StateKind::Map(m) => {
                let processor = m
                    .processor
                    .as_ref()
                    .ok_or_else(|| err(ptr, "a Map state needs `ItemProcessor` (or `Iterator`)"))?;
                let processor = self.scope(processor)?;
                let items_path = match m.items_path {
                    Some(n) => {
                        let text = n
                            .as_str()
                            .ok_or_else(|| err(ptr, "`ItemsPath` must be a string"))?;
                        let p = parse_reference_path(text)
                            .map_err(|e| err(ptr, format!("`ItemsPath`: {}", e.message)))?;
                        self.program.uses_context |= p.root == aslctl_parser::expr::Root::Context;
                        Some((p, text.to_owned()))
                    }
                    None => None,
                };
                let selector = m.item_selector.or(if ql == QueryLanguage::JsonPath {
                    f.parameters
                } else {
                    None
                });
                Kind::Map(Box::new(MapProg {
                    processor,
                    mode: m.mode(),
                    items_path,
                    items: self.template(m.items, Mode::Jsonata, ptr, "Items")?,
                    item_selector: self.template(
                        selector,
                        mode,
                        ptr,
                        if m.item_selector.is_some() {
                            "ItemSelector"
                        } else {
                            "Parameters"
                        },
                    )?,
                    item_reader: m.item_reader.map(Node::to_value),
                    item_batcher: m.item_batcher.map(Node::to_value),
                    result_writer: m.result_writer.map(Node::to_value),
                    max_concurrency: number_source(
                        m.max_concurrency,
                        m.max_concurrency_path,
                        ptr,
                        "MaxConcurrency",
                    )?,
                    tolerated_failure_count: number_source(
                        m.tolerated_failure_count,
                        m.tolerated_failure_count_path,
                        ptr,
                        "ToleratedFailureCount",
                    )?,
                    tolerated_failure_percentage: number_source(
                        m.tolerated_failure_percentage,
                        m.tolerated_failure_percentage_path,
                        ptr,
                        "ToleratedFailurePercentage",
                    )?,
                    label: m.label.and_then(Node::as_str).map(str::to_owned),
                }))
            }
            StateKind::Unknown => {
                return Err(err(
                    ptr,
                    match s.type_name {
                        Some(t) => format!("unknown state type `{}`", t.value),
                        None => "the state has no `Type`".to_owned(),
                    },
                ));
            }
        };
        let assign = self.template(f.assign, mode, ptr, "Assign")?;
        Ok(StateProg {
            id: ids.get(s.name).copied().unwrap_or_default(),
            name: s.name.into(),
            pointer: s.pointer.clone(),
            query_language: ql,
            kind,
            io,
            next,
            retry,
            catch,
            assign,
        })
    }

    fn note_context(&mut self, f: &PathField) {
        if let PathField::Path(p, _) = f {
            self.program.uses_context |= p.root == aslctl_parser::expr::Root::Context;
        }
    }

    fn template(
        &mut self,
        node: Option<&Node>,
        mode: Mode,
        ptr: &str,
        field: &str,
    ) -> Result<Option<Template>, CompileError> {
        let Some(node) = node else { return Ok(None) };
        let t = payload::compile(&node.to_value(), mode, field).map_err(|m| {
            if m.starts_with(payload::TOO_DEEP) {
                limit_err(ptr, m)
            } else {
                err(ptr, m)
            }
        })?;
        self.program.uses_context |= t.uses_context();
        Ok(Some(t))
    }

    fn task(
        &mut self,
        t: &aslctl_parser::model::Task<'_>,
        ptr: &str,
    ) -> Result<TaskProg, CompileError> {
        let arn = t
            .resource_str()
            .ok_or_else(|| err(ptr, "`Resource` must be a string ARN"))?;
        let timeout = number_source(
            t.timeout_seconds,
            t.timeout_seconds_path,
            ptr,
            "TimeoutSeconds",
        )?;
        let heartbeat = number_source(
            t.heartbeat_seconds,
            t.heartbeat_seconds_path,
            ptr,
            "HeartbeatSeconds",
        )?;
        let resource = classify_resource(arn);
        let family = match &resource {
            Resource::LambdaFunction => TaskFamily::Lambda,
            Resource::Activity => TaskFamily::Activity,
            Resource::Service {
                resource_type,
                action,
                ..
            } => TaskFamily::Service {
                resource_type: resource_type.as_str().into(),
                resource: action.as_str().into(),
            },
        };
        Ok(TaskProg {
            resource,
            family,
            arn: arn.into(),
            timeout,
            heartbeat,
        })
    }

    fn wait(
        &mut self,
        w: &aslctl_parser::model::Wait<'_>,
        ptr: &str,
    ) -> Result<WaitProg, CompileError> {
        if let Some(n) = w.seconds.or(w.seconds_path) {
            let src = number_source(w.seconds, w.seconds_path, ptr, "Seconds")?;
            let _ = n;
            if let Some(src) = src {
                return Ok(WaitProg::Seconds(src));
            }
        }
        if let Some(n) = w.timestamp {
            let s = n
                .as_str()
                .ok_or_else(|| err(ptr, "`Timestamp` must be a string"))?;
            return Ok(match jsonata_body(s) {
                Some(body) => WaitProg::TimestampJsonata(jsonata(body, "Timestamp", ptr)?),
                None => WaitProg::Timestamp(s.to_owned()),
            });
        }
        if let Some(n) = w.timestamp_path {
            let s = n
                .as_str()
                .ok_or_else(|| err(ptr, "`TimestampPath` must be a string"))?;
            let p =
                parse_path(s).map_err(|e| err(ptr, format!("`TimestampPath`: {}", e.message)))?;
            self.program.uses_context |= p.root == aslctl_parser::expr::Root::Context;
            return Ok(WaitProg::TimestampPath(p, s.to_owned()));
        }
        Err(err(
            ptr,
            "a Wait state needs one of `Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`",
        ))
    }

    fn rule(&mut self, r: &ChoiceRule<'_>, depth: usize) -> Result<Cond, CompileError> {
        if depth > MAX_RULE_DEPTH {
            return Err(limit_err(
                &r.pointer,
                format!("Choice rules nest deeper than {MAX_RULE_DEPTH} levels"),
            ));
        }
        Ok(match &r.kind {
            RuleKind::And(rs) => Cond::And(
                rs.iter()
                    .map(|x| self.rule(x, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            RuleKind::Or(rs) => Cond::Or(
                rs.iter()
                    .map(|x| self.rule(x, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            RuleKind::Not(x) => Cond::Not(Box::new(self.rule(x, depth + 1)?)),
            RuleKind::Compare {
                variable,
                operator,
                operand,
            } => {
                let var = variable
                    .map(|v| v.value)
                    .ok_or_else(|| err(&r.pointer, "the rule has no `Variable`"))?;
                let p = parse_path(var)
                    .map_err(|e| err(&r.pointer, format!("`Variable`: {}", e.message)))?;
                self.program.uses_context |= p.root == aslctl_parser::expr::Root::Context;
                let op = operator.value;
                let operand = if op.path {
                    let text = operand
                        .as_str()
                        .ok_or_else(|| err(&r.pointer, "a `…Path` operand must be a string"))?;
                    let p = parse_path(text)
                        .map_err(|e| err(&r.pointer, format!("operand: {}", e.message)))?;
                    self.program.uses_context |= p.root == aslctl_parser::expr::Root::Context;
                    Operand::Path(p, text.to_owned())
                } else {
                    Operand::Literal(Value::from(operand.to_value()))
                };
                Cond::Compare {
                    variable: p,
                    variable_text: var.to_owned(),
                    op,
                    operand,
                }
            }
            RuleKind::Condition(n) => match n.as_str().and_then(jsonata_body) {
                Some(body) => Cond::Jsonata(jsonata(body, "Condition", &r.pointer)?),
                None => match n.as_bool() {
                    Some(b) => Cond::Jsonata(jsonata(&b.to_string(), "Condition", &r.pointer)?),
                    None => return Err(err(&r.pointer, "`Condition` must be a `{% … %}` string")),
                },
            },
            RuleKind::Invalid { .. } => {
                return Err(err(
                    &r.pointer,
                    "the rule needs exactly one operator (or And/Or/Not/Condition)",
                ));
            }
        })
    }
}

/// Classifies a `Resource` ARN.
#[must_use]
pub fn classify_resource(arn: &str) -> Resource {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        [_, _, "lambda", _, _, rest] if rest.starts_with("function:") => Resource::LambdaFunction,
        [_, _, "states", _, _, rest] if rest.starts_with("activity:") => Resource::Activity,
        [_, _, "states", "", "", rest] => {
            // `aws-sdk:s3:getObject` → (`aws-sdk:s3`, `getObject`);
            // `states:startExecution.sync:2` → (`states`, `startExecution.sync:2`).
            let (resource_type, action) = match rest.strip_prefix("aws-sdk:") {
                Some(sdk) => match sdk.split_once(':') {
                    Some((svc, action)) => (format!("aws-sdk:{svc}"), action.to_owned()),
                    None => ((*rest).to_owned(), String::new()),
                },
                None => match rest.split_once(':') {
                    Some((ty, action)) => (ty.to_owned(), action.to_owned()),
                    None => ((*rest).to_owned(), String::new()),
                },
            };
            let pattern = if action.ends_with(".waitForTaskToken") {
                Pattern::WaitForTaskToken
            } else if action.contains(".sync") {
                Pattern::Sync
            } else {
                Pattern::RequestResponse
            };
            Resource::Service {
                resource_type,
                action,
                pattern,
            }
        }
        _ => Resource::Service {
            resource_type: "unknown".into(),
            action: arn.to_owned(),
            pattern: Pattern::RequestResponse,
        },
    }
}

fn path_field(
    node: Option<&Node>,
    ptr: &str,
    field: &str,
    reference: bool,
) -> Result<PathField, CompileError> {
    let Some(node) = node else {
        return Ok(PathField::Default);
    };
    if node.is_null() {
        return Ok(PathField::Null);
    }
    let text = node
        .as_str()
        .ok_or_else(|| err(ptr, format!("`{field}` must be a string or null")))?;
    let parsed = if reference {
        parse_reference_path(text)
    } else {
        parse_path(text)
    };
    let p = parsed.map_err(|e| err(ptr, format!("`{field}`: {}", e.message)))?;
    Ok(PathField::Path(p, text.to_owned()))
}

fn text_source(
    lit: Option<&Node>,
    path: Option<&Node>,
    ptr: &str,
    field: &str,
) -> Result<Option<TextSource>, CompileError> {
    if let Some(n) = lit {
        let s = n
            .as_str()
            .ok_or_else(|| err(ptr, format!("`{field}` must be a string")))?;
        return Ok(Some(match jsonata_body(s) {
            Some(body) => TextSource::Jsonata(jsonata(body, field, ptr)?),
            None => TextSource::Literal(s.to_owned()),
        }));
    }
    if let Some(n) = path {
        let s = n
            .as_str()
            .ok_or_else(|| err(ptr, format!("`{field}Path` must be a string")))?;
        let e =
            parse_payload_expr(s).map_err(|e| err(ptr, format!("`{field}Path`: {}", e.message)))?;
        return Ok(Some(TextSource::Expr(
            payload::compile_expr(&e),
            s.to_owned(),
        )));
    }
    Ok(None)
}

/// Parses a JSONata field that is a single expression.
fn jsonata(body: &str, field: &str, ptr: &str) -> Result<JsonataExpr, CompileError> {
    expr_eval::compile(body, field).map_err(|m| err(ptr, m))
}

fn number_source(
    lit: Option<&Node>,
    path: Option<&Node>,
    ptr: &str,
    field: &str,
) -> Result<Option<NumberSource>, CompileError> {
    if let Some(n) = lit {
        if let Some(body) = n.as_str().and_then(jsonata_body) {
            return Ok(Some(NumberSource::Jsonata(jsonata(body, field, ptr)?)));
        }
        return Ok(Some(NumberSource::Literal(Value::from(n.to_value()))));
    }
    if let Some(n) = path {
        let s = n
            .as_str()
            .ok_or_else(|| err(ptr, format!("`{field}Path` must be a string")))?;
        let p = parse_path(s).map_err(|e| err(ptr, format!("`{field}Path`: {}", e.message)))?;
        return Ok(Some(NumberSource::Path(p, s.to_owned())));
    }
    Ok(None)
}

fn backoff(r: &aslctl_parser::model::Retrier<'_>, ptr: &str) -> Result<Backoff, CompileError> {
    let mut b = Backoff::default();
    let num = |n: Option<&Node>, field: &str| -> Result<Option<f64>, CompileError> {
        match n {
            None => Ok(None),
            Some(n) => n
                .as_f64()
                .map(Some)
                .ok_or_else(|| err(ptr, format!("`{field}` must be a number"))),
        }
    };
    if let Some(v) = num(r.interval_seconds, "IntervalSeconds")? {
        b.interval_seconds = v;
    }
    if let Some(v) = num(r.max_attempts, "MaxAttempts")? {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        {
            b.max_attempts = v.max(0.0) as u64;
        }
    }
    if let Some(v) = num(r.backoff_rate, "BackoffRate")? {
        b.backoff_rate = v;
    }
    b.max_delay_seconds = num(r.max_delay_seconds, "MaxDelaySeconds")?;
    b.jitter = match r.jitter_strategy.and_then(Node::as_str) {
        Some("FULL") => Jitter::Full,
        _ => Jitter::None,
    };
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        assert_eq!(
            classify_resource("arn:aws:lambda:us-east-1:111111111111:function:f"),
            Resource::LambdaFunction
        );
        assert_eq!(
            classify_resource("arn:aws:states:::aws-sdk:s3:getObject"),
            Resource::Service {
                resource_type: "aws-sdk:s3".into(),
                action: "getObject".into(),
                pattern: Pattern::RequestResponse
            }
        );
        assert_eq!(
            classify_resource("arn:aws:states:::states:startExecution.sync:2"),
            Resource::Service {
                resource_type: "states".into(),
                action: "startExecution.sync:2".into(),
                pattern: Pattern::Sync
            }
        );
        assert!(matches!(
            classify_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            Resource::Service {
                pattern: Pattern::WaitForTaskToken,
                ..
            }
        ));
        assert_eq!(
            classify_resource("arn:aws:states:us-east-1:1:activity:a"),
            Resource::Activity
        );
    }
}
