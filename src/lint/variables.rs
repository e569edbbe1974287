//! Workflow variables: where each is assigned and read, and a forward data-flow analysis that
//! tells, for every read, whether some path can have assigned it (ASL406, ASL407, ASL409).
//!
//! AWS semantics ("Passing data between states with variables"):
//! - an execution starts with no variables; `Assign` (on a state, a Choice rule or a catcher)
//!   sets them when the state completes, and every expression of a state reads the values from
//!   state entry;
//! - Parallel branches and Map iterations run in an inner scope that can read the variables of
//!   the outer scopes as they were when the Map/Parallel state started; what they assign is not
//!   visible outside (only `Output` returns data);
//! - a Distributed Map's child workflows cannot read the outer scopes' variables at all.
//!
//! The analysis is a may-analysis ("assigned on some path"), so it only warns when no path can
//! have set a variable. All assignments of a state are treated as reaching every successor,
//! including catchers' targets: this over-approximates and never invents a finding.

use super::LintCx;
use super::jsonata::{self, parse_string};
use super::support::{dollar_members, inner_span, reachable, reference_path_fields, scope_graph};
use aslctl_parser::expr::{self, ArgKind, FilterExpr, Operand, PayloadExpr, Root, Segment};
use aslctl_parser::json::{Node, pointer_push};
use aslctl_parser::jsonata::ReferenceKind;
use aslctl_parser::model::{MapMode, QueryLanguage, Scope, State, StateKind, StateMachine};
use aslctl_parser::source::Span;
use std::collections::{BTreeSet, HashMap};

/// One `Assign` key.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The variable name (a JSONPath `name.$` key gives `name`).
    pub name: String,
    /// The key as written.
    pub key: String,
    /// Span of the key.
    pub span: Span,
    /// Pointer of the member.
    pub pointer: String,
    /// Pointer of the scope the assigning state lives in.
    pub scope: String,
}

/// Whether a read can see a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadStatus {
    /// Some path assigns it before this state (or an outer scope did).
    Available,
    /// The state is unreachable: nothing is said.
    Unknown,
    /// No path assigns it first.
    Undefined,
    /// Only Map/Parallel scopes that cannot pass it here assign it: the pointer of one such scope.
    OutOfScope(String),
    /// Read inside a Distributed Map, assigned only outside it.
    DistributedMap,
}

/// One read of a variable.
#[derive(Debug, Clone)]
pub struct Read {
    /// The variable name.
    pub name: String,
    /// Where it is read.
    pub span: Span,
    /// Pointer of the value that reads it.
    pub pointer: String,
    /// What the analysis says.
    pub status: ReadStatus,
}

/// Everything the variable rules need, computed once per machine.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every `Assign` key, in source order.
    pub assignments: Vec<Assignment>,
    /// Every variable read.
    pub reads: Vec<Read>,
}

impl Analysis {
    /// Whether the variable is read anywhere.
    #[must_use]
    pub fn is_read(&self, name: &str) -> bool {
        self.reads.iter().any(|r| r.name == name)
    }
}

/// The `Assign` objects of a state: the state's own, each Choice rule's and each catcher's.
#[must_use]
pub fn assign_nodes<'a>(state: &State<'a>) -> Vec<(&'a Node, String)> {
    let mut out = Vec::new();
    if let Some(a) = state.fields.assign {
        out.push((a, pointer_push(&state.pointer, "Assign")));
    }
    if let StateKind::Choice(c) = &state.kind {
        for r in &c.choices {
            if let Some(a) = r.assign {
                out.push((a, pointer_push(&r.pointer, "Assign")));
            }
        }
    }
    for c in &state.fields.catch {
        if let Some(a) = c.assign {
            out.push((a, pointer_push(&c.pointer, "Assign")));
        }
    }
    out
}

/// The assignments a state makes.
fn assignments_of(state: &State<'_>, language: QueryLanguage, scope: &str) -> Vec<Assignment> {
    let mut out = Vec::new();
    for (node, ptr) in assign_nodes(state) {
        for m in node.as_object().unwrap_or(&[]) {
            let name = match language {
                QueryLanguage::JsonPath => m.key.strip_suffix(".$").unwrap_or(&m.key),
                QueryLanguage::Jsonata => &m.key,
            };
            out.push(Assignment {
                name: name.to_string(),
                key: m.key.clone(),
                span: m.key_span,
                pointer: pointer_push(&ptr, &m.key),
                scope: scope.to_string(),
            });
        }
    }
    out
}

/// Variables a parsed JSONPath or intrinsic reads, with byte ranges in the text.
fn payload_vars(e: &PayloadExpr, text: &str, out: &mut Vec<(String, std::ops::Range<usize>)>) {
    match e {
        PayloadExpr::Path(p) => {
            let start = text.len() - text.trim_start().len();
            path_vars(p, start, text.len(), out);
        }
        PayloadExpr::Intrinsic(call) => {
            let mut stack = vec![call];
            while let Some(c) = stack.pop() {
                for a in &c.args {
                    match &a.kind {
                        ArgKind::Path(p) => path_vars(p, a.range.start, a.range.end, out),
                        ArgKind::Call(inner) => stack.push(inner),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// Variables of a path starting at `start` in the text (filters included; their inner paths
/// carry no position, so they are located at the whole path).
fn path_vars(
    p: &expr::Path,
    start: usize,
    end: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    if let Root::Variable(name) = &p.root {
        let e = (start + 1 + name.len()).min(end);
        out.push((name.clone(), start..e));
    }
    // Filter expressions nest at most `expr::MAX_DEPTH` deep (the parser refuses more).
    let mut filters: Vec<&FilterExpr> = Vec::new();
    let mut segs: Vec<&Segment> = p.segments.iter().collect();
    while let Some(s) = segs.pop() {
        match s {
            Segment::Filter(f) => filters.push(f),
            Segment::DeepScan(inner) => segs.push(inner),
            _ => {}
        }
    }
    while let Some(f) = filters.pop() {
        match f {
            FilterExpr::Or(v) | FilterExpr::And(v) => filters.extend(v.iter()),
            FilterExpr::Not(x) => filters.push(x),
            FilterExpr::Compare { left, right, .. } => {
                for o in [left, right] {
                    if let Operand::Root(inner) = o {
                        path_vars(inner, start, end, out);
                    }
                }
            }
            FilterExpr::Exists(o) => {
                if let Operand::Root(inner) = o {
                    path_vars(inner, start, end, out);
                }
            }
        }
    }
}

/// Every variable a state reads: (name, span, pointer).
#[must_use]
pub fn reads_of(
    state: &State<'_>,
    language: QueryLanguage,
    text: &str,
) -> Vec<(String, Span, String)> {
    let mut out = Vec::new();
    match language {
        QueryLanguage::Jsonata => {
            for s in jsonata::strings(state) {
                let Some(value) = s.node.as_str() else {
                    continue;
                };
                let Some(parsed) = parse_string(value) else {
                    continue;
                };
                let Ok(e) = parsed.result else { continue };
                for r in aslctl_parser::jsonata::references(&e) {
                    if let ReferenceKind::Variable(name) = r.kind {
                        let span = r.range.map_or(s.node.span, |rr| {
                            inner_span(
                                text,
                                s.node,
                                parsed.range.start + rr.start..parsed.range.start + rr.end,
                            )
                        });
                        out.push((name, span, s.pointer.clone()));
                    }
                }
            }
        }
        QueryLanguage::JsonPath => {
            let mut values: Vec<(&Node, String, bool)> = dollar_members(state)
                .into_iter()
                .map(|(n, p, _)| (n, p, true))
                .collect();
            let f = &state.fields;
            for (n, key) in [(f.input_path, "InputPath"), (f.output_path, "OutputPath")] {
                if let Some(n) = n {
                    values.push((n, pointer_push(&state.pointer, key), false));
                }
            }
            match &state.kind {
                StateKind::Map(m) => {
                    if let Some(n) = m.items_path {
                        values.push((n, pointer_push(&state.pointer, "ItemsPath"), false));
                    }
                }
                StateKind::Fail(fl) => {
                    for (n, key) in [(fl.error_path, "ErrorPath"), (fl.cause_path, "CausePath")] {
                        if let Some(n) = n {
                            values.push((n, pointer_push(&state.pointer, key), true));
                        }
                    }
                }
                _ => {}
            }
            for (n, p) in reference_path_fields(state) {
                values.push((n, p, false));
            }
            for (node, ptr, payload) in values {
                let Some(s) = node.as_str() else { continue };
                let parsed = if payload {
                    expr::parse_payload_expr(s).ok()
                } else if s.trim_start().starts_with('$') {
                    expr::parse_path(s).ok().map(PayloadExpr::Path)
                } else {
                    None
                };
                let Some(e) = parsed else { continue };
                let mut vars = Vec::new();
                payload_vars(&e, s, &mut vars);
                for (name, range) in vars {
                    out.push((name, inner_span(text, node, range), ptr.clone()));
                }
            }
        }
    }
    out
}

/// Whether `outer` is `inner` or one of its enclosing scopes (pointer prefix at a `/` boundary).
fn encloses(outer: &str, inner: &str) -> bool {
    inner == outer || (inner.starts_with(outer) && inner.as_bytes().get(outer.len()) == Some(&b'/'))
}

/// Runs the analysis over the whole machine.
#[must_use]
pub fn analyse(machine: &StateMachine<'_>, cx: &LintCx<'_>) -> Analysis {
    let text = cx.source.text();
    let machine_ql = cx.machine_language();
    let scopes = machine.scopes();
    let mut out = Analysis::default();
    // Names are small in number; index them for bitsets.
    let mut per_state: Vec<Vec<Vec<Assignment>>> = Vec::new();
    for sc in &scopes {
        let v = sc
            .states
            .iter()
            .map(|st| assignments_of(st, st.query_language(machine_ql), &sc.pointer))
            .collect();
        per_state.push(v);
    }
    for v in per_state.iter().flatten().flatten() {
        out.assignments.push(v.clone());
    }
    let names: Vec<String> = out
        .assignments
        .iter()
        .map(|a| a.name.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let id = |n: &str| names.binary_search_by(|x| x.as_str().cmp(n)).ok();
    // Entry set of each nested scope (by pointer): None when its state is unreachable; with
    // the pointer of the innermost Distributed Map processor around it, if any.
    let mut entries: HashMap<String, (Option<Vec<bool>>, Option<String>)> = HashMap::new();
    entries.insert(
        machine.root.pointer.clone(),
        (Some(vec![false; names.len()]), None),
    );
    for (si, sc) in scopes.iter().enumerate() {
        let (entry, boundary) = entries.get(&sc.pointer).cloned().unwrap_or((None, None));
        let ins = flow(sc, entry.as_ref(), per_state.get(si), &id);
        for (i, st) in sc.states.iter().enumerate() {
            let input = ins.get(i).cloned().flatten();
            for child in st.child_scopes() {
                let dist =
                    matches!(&st.kind, StateKind::Map(m) if m.mode() == MapMode::Distributed);
                let (child_entry, child_boundary) = if dist {
                    (
                        input.as_ref().map(|v| vec![false; v.len()]),
                        Some(child.pointer.clone()),
                    )
                } else {
                    (input.clone(), boundary.clone())
                };
                entries.insert(child.pointer.clone(), (child_entry, child_boundary));
            }
            let ql = st.query_language(machine_ql);
            for (name, span, pointer) in reads_of(st, ql, text) {
                let status = match &input {
                    None => ReadStatus::Unknown,
                    Some(set) if id(&name).and_then(|k| set.get(k).copied()) == Some(true) => {
                        ReadStatus::Available
                    }
                    Some(_) => classify(&name, sc, &out.assignments, boundary.as_deref()),
                };
                out.reads.push(Read {
                    name,
                    span,
                    pointer,
                    status,
                });
            }
        }
    }
    out
}

fn classify(
    name: &str,
    scope: &Scope<'_>,
    assignments: &[Assignment],
    boundary: Option<&str>,
) -> ReadStatus {
    let mut elsewhere = None;
    let mut outside_boundary = false;
    for a in assignments.iter().filter(|a| a.name == name) {
        if encloses(&a.scope, &scope.pointer) {
            match boundary {
                // Assigned outside the Distributed Map that holds the reader.
                Some(b) if !encloses(b, &a.scope) => outside_boundary = true,
                // Assigned in this scope or an enclosing one, but on no path before here.
                _ => return ReadStatus::Undefined,
            }
        } else {
            elsewhere.get_or_insert_with(|| a.scope.clone());
        }
    }
    if outside_boundary {
        return ReadStatus::DistributedMap;
    }
    elsewhere.map_or(ReadStatus::Undefined, ReadStatus::OutOfScope)
}

/// IN sets of one scope's states (None for unreachable states), given the entry set.
fn flow(
    scope: &Scope<'_>,
    entry: Option<&Vec<bool>>,
    assigns: Option<&Vec<Vec<Assignment>>>,
    id: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Option<Vec<bool>>> {
    let len = scope.states.len();
    let mut ins: Vec<Option<Vec<bool>>> = vec![None; len];
    let Some(entry) = entry else { return ins };
    let g = scope_graph(scope);
    let reach = reachable(scope, &g);
    let Some(start) = scope.start_at.and_then(|s| scope.index_of(s.value)) else {
        return ins;
    };
    let gen_of = |i: usize| -> Vec<usize> {
        assigns
            .and_then(|a| a.get(i))
            .map(|v| v.iter().filter_map(|a| id(&a.name)).collect())
            .unwrap_or_default()
    };
    if let Some(slot) = ins.get_mut(start) {
        *slot = Some(entry.clone());
    }
    let mut work = vec![start];
    // Sets only grow and are bounded by `n`, so this terminates.
    while let Some(i) = work.pop() {
        let Some(Some(input)) = ins.get(i).cloned() else {
            continue;
        };
        let mut out = input;
        for k in gen_of(i) {
            if let Some(b) = out.get_mut(k) {
                *b = true;
            }
        }
        for e in g.edges(petgraph::graph::NodeIndex::new(i)) {
            use petgraph::visit::EdgeRef;
            let j = e.target().index();
            let Some(slot) = ins.get_mut(j) else { continue };
            let changed = match slot {
                None => {
                    *slot = Some(out.clone());
                    true
                }
                Some(cur) => {
                    let mut c = false;
                    for (a, b) in cur.iter_mut().zip(&out) {
                        if *b && !*a {
                            *a = true;
                            c = true;
                        }
                    }
                    c
                }
            };
            if changed {
                work.push(j);
            }
        }
    }
    for (i, r) in reach.iter().enumerate() {
        if !r && let Some(s) = ins.get_mut(i) {
            *s = None;
        }
    }
    ins
}

impl LintCx<'_> {
    /// The variable analysis of the machine, computed on first use.
    pub fn variables(&mut self, machine: &StateMachine<'_>) -> &Analysis {
        if self.variables.is_none() {
            let a = analyse(machine, self);
            self.variables = Some(a);
        }
        self.variables.get_or_insert_with(Analysis::default)
    }
}
