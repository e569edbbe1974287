//! Small helpers several rules share: resource ARN shapes, placeholders, field lookups.

use aslctl_parser::json::{Member, Node, NodeValue, pointer_push};
use aslctl_parser::model::{State, StateKind};
use aslctl_parser::source::Span;

/// Partitions AWS uses in ARNs.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Whether the string holds a `${Name}` template placeholder (CloudFormation
/// `DefinitionSubstitutions`, SAM, Terraform `templatefile`).
#[must_use]
pub fn has_placeholder(s: &str) -> bool {
    s.find("${")
        .is_some_and(|i| s.get(i + 2..).is_some_and(|rest| rest.contains('}')))
}

/// Whether the whole string is a JSONata expression `{% ... %}`.
#[must_use]
pub fn is_jsonata(s: &str) -> bool {
    let t = s.trim();
    t.starts_with("{%") && t.ends_with("%}")
}

/// Whether a value is dynamic (placeholder or JSONata) and cannot be checked statically.
#[must_use]
pub fn is_dynamic(s: &str) -> bool {
    has_placeholder(s) || is_jsonata(s)
}

/// The Task's resource string, if it is a plain string.
#[must_use]
pub fn resource<'a>(state: &State<'a>) -> Option<&'a str> {
    match &state.kind {
        StateKind::Task(t) => t.resource.and_then(Node::as_str),
        _ => None,
    }
}

/// The resource node of a Task.
#[must_use]
pub fn resource_node<'a>(state: &State<'a>) -> Option<&'a Node> {
    match &state.kind {
        StateKind::Task(t) => t.resource,
        _ => None,
    }
}

/// `arn:<partition>:<service>:<region>:<account>:<rest>` split into parts, if it is one.
#[must_use]
pub fn arn_parts(s: &str) -> Option<[&str; 6]> {
    let mut it = s.splitn(6, ':');
    let parts = [
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    ];
    (parts[0] == "arn").then_some(parts)
}

/// `.sync` or `.sync:2` service integration (run a job and wait for it).
#[must_use]
pub fn is_sync(r: &str) -> bool {
    r.ends_with(".sync") || r.contains(".sync:")
}

/// `.waitForTaskToken` callback integration.
#[must_use]
pub fn is_callback(r: &str) -> bool {
    r.ends_with(".waitForTaskToken")
}

/// An activity ARN (`arn:aws:states:<region>:<account>:activity:<name>`).
#[must_use]
pub fn is_activity(r: &str) -> bool {
    arn_parts(r).is_some_and(|p| p[2] == "states" && p[5].starts_with("activity:"))
}

/// A Lambda invocation: a function ARN, or the `lambda:invoke` integration (request-response).
#[must_use]
pub fn is_lambda(r: &str) -> bool {
    arn_parts(r).is_some_and(|p| {
        (p[2] == "lambda" && p[5].starts_with("function:"))
            || (p[2] == "states" && p[5] == "lambda:invoke")
    })
}

/// The span of a member's key, else of the node.
#[must_use]
pub fn key_span(node: &Node, key: &str) -> Option<Span> {
    node.member(key).map(|m| m.key_span)
}

/// A short span at the start of a node (for whole-object findings).
#[must_use]
pub fn start_span(node: &Node) -> Span {
    Span::new(node.span.start, (node.span.start + 1).min(node.span.end))
}

/// Visits every object inside `node` (itself included) with its pointer, depth-first, with an
/// explicit stack (the parser already bounds nesting).
pub fn for_each_object<'a>(node: &'a Node, pointer: &str, mut f: impl FnMut(&'a [Member], &str)) {
    let mut stack: Vec<(&'a Node, String)> = vec![(node, pointer.to_string())];
    while let Some((n, p)) = stack.pop() {
        match &n.value {
            // Only containers are visited, so only they get a pointer (scalars are most nodes).
            NodeValue::Object(members) => {
                f(members, &p);
                for m in members.iter().rev() {
                    if is_container(&m.value) {
                        stack.push((&m.value, pointer_push(&p, &m.key)));
                    }
                }
            }
            NodeValue::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    if is_container(item) {
                        stack.push((item, pointer_push(&p, &i.to_string())));
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_container(n: &Node) -> bool {
    matches!(n.value, NodeValue::Object(_) | NodeValue::Array(_))
}

/// Whether a string reads like a JSONPath or context path (`$`, `$.x`, `$$.x`, `$[0]`).
#[must_use]
pub fn looks_like_path(s: &str) -> bool {
    s == "$" || s == "$$" || s.starts_with("$.") || s.starts_with("$$.") || s.starts_with("$[")
}

/// Whether a string reads like an intrinsic call (`States.Format(...)`).
#[must_use]
pub fn looks_like_intrinsic(s: &str) -> bool {
    s.strip_prefix("States.")
        .and_then(|r| r.find('(').map(|i| (r, i)))
        .is_some_and(|(r, i)| {
            i > 0
                && r[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.')
                && r.trim_end().ends_with(')')
        })
}

/// A number field's value, if it is a plain number.
#[must_use]
pub fn number(node: Option<&Node>) -> Option<f64> {
    node.and_then(Node::as_f64)
}

/// The transition graph of one scope: node `i` is `scope.states[i]`; edges go to targets that
/// exist in the same scope (missing targets are ASL201/ASL202).
#[must_use]
pub fn scope_graph(scope: &aslctl_parser::model::Scope<'_>) -> petgraph::graph::DiGraph<usize, ()> {
    let mut g = petgraph::graph::DiGraph::with_capacity(scope.states.len(), scope.states.len());
    let nodes: Vec<_> = (0..scope.states.len()).map(|i| g.add_node(i)).collect();
    for (i, st) in scope.states.iter().enumerate() {
        for t in st.transitions() {
            if let (Some(j), Some(&from)) = (scope.index_of(t.target.value), nodes.get(i))
                && let Some(&to) = nodes.get(j)
            {
                g.add_edge(from, to, ());
            }
        }
    }
    g
}

/// Indices of the states reachable from `StartAt` (empty if `StartAt` names no state).
#[must_use]
pub fn reachable(
    scope: &aslctl_parser::model::Scope<'_>,
    g: &petgraph::graph::DiGraph<usize, ()>,
) -> Vec<bool> {
    let mut seen = vec![false; scope.states.len()];
    let Some(start) = scope.start_at.and_then(|s| scope.index_of(s.value)) else {
        return seen;
    };
    let mut dfs = petgraph::visit::Dfs::new(g, petgraph::graph::NodeIndex::new(start));
    while let Some(n) = dfs.next(g) {
        if let Some(s) = seen.get_mut(n.index()) {
            *s = true;
        }
    }
    seen
}

/// Whether the scope has any state that ends it.
#[must_use]
pub fn has_terminal(scope: &aslctl_parser::model::Scope<'_>) -> bool {
    scope.states.iter().any(State::is_terminal)
}

/// The JSONPath payload templates of a state (`Parameters`, `ResultSelector`, `ItemSelector`,
/// `Credentials`, `Assign`, a catcher's and a Choice rule's `Assign`, `ItemReader`/`ResultWriter`
/// `Parameters`), with their pointers.
#[must_use]
pub fn payload_templates<'a>(state: &State<'a>) -> Vec<(&'a Node, String)> {
    let mut out = Vec::new();
    let mut push = |n: Option<&'a Node>, p: String| {
        if let Some(n) = n {
            out.push((n, p));
        }
    };
    let f = &state.fields;
    push(f.parameters, pointer_push(&state.pointer, "Parameters"));
    push(
        f.result_selector,
        pointer_push(&state.pointer, "ResultSelector"),
    );
    push(f.assign, pointer_push(&state.pointer, "Assign"));
    for c in &f.catch {
        push(c.assign, pointer_push(&c.pointer, "Assign"));
    }
    match &state.kind {
        StateKind::Task(t) => push(t.credentials, pointer_push(&state.pointer, "Credentials")),
        StateKind::Map(m) => {
            push(
                m.item_selector,
                pointer_push(&state.pointer, "ItemSelector"),
            );
            for (key, n) in [
                ("ItemReader", m.item_reader),
                ("ResultWriter", m.result_writer),
            ] {
                push(
                    n.and_then(|n| n.get("Parameters")),
                    format!("{}/{key}/Parameters", state.pointer),
                );
            }
        }
        StateKind::Choice(c) => {
            for r in &c.choices {
                push(r.assign, pointer_push(&r.pointer, "Assign"));
            }
        }
        _ => {}
    }
    out
}

/// Every `key.$` member of the state's JSONPath payload templates: (value, pointer, key span).
#[must_use]
pub fn dollar_members<'a>(state: &State<'a>) -> Vec<(&'a Node, String, Span)> {
    let mut out = Vec::new();
    for (node, ptr) in payload_templates(state) {
        for_each_object(node, &ptr, |members, p| {
            for m in members {
                if m.key.ends_with(".$") {
                    out.push((&m.value, pointer_push(p, &m.key), m.key_span));
                }
            }
        });
    }
    out
}

/// The span of `range` (bytes of the decoded string) inside a string node.
#[must_use]
pub fn inner_span(text: &str, node: &Node, range: std::ops::Range<usize>) -> Span {
    let s = aslctl_parser::source::span_in_string_literal(text, node.span, range);
    if s.is_empty() { node.span } else { s }
}

/// The fields of a state that hold a Reference Path (besides `ResultPath`), with pointers.
#[must_use]
pub fn reference_path_fields<'a>(state: &State<'a>) -> Vec<(&'a Node, String)> {
    let mut out = Vec::new();
    let mut push = |n: Option<&'a Node>, ptr: String| {
        if let Some(n) = n {
            out.push((n, ptr));
        }
    };
    let p = |k: &str| pointer_push(&state.pointer, k);
    match &state.kind {
        StateKind::Task(t) => {
            push(t.timeout_seconds_path, p("TimeoutSecondsPath"));
            push(t.heartbeat_seconds_path, p("HeartbeatSecondsPath"));
        }
        StateKind::Wait(w) => {
            push(w.seconds_path, p("SecondsPath"));
            push(w.timestamp_path, p("TimestampPath"));
        }
        StateKind::Map(m) => {
            push(m.max_concurrency_path, p("MaxConcurrencyPath"));
            push(
                m.tolerated_failure_count_path,
                p("ToleratedFailureCountPath"),
            );
            push(
                m.tolerated_failure_percentage_path,
                p("ToleratedFailurePercentagePath"),
            );
            if let Some(r) = m.item_reader.and_then(|r| r.get("ReaderConfig")) {
                push(
                    r.get("MaxItemsPath"),
                    format!("{}/ItemReader/ReaderConfig/MaxItemsPath", state.pointer),
                );
            }
            if let Some(b) = m.item_batcher {
                for k in ["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"] {
                    push(b.get(k), format!("{}/ItemBatcher/{k}", state.pointer));
                }
            }
        }
        StateKind::Choice(c) => {
            let mut stack: Vec<&aslctl_parser::model::ChoiceRule<'a>> = c.choices.iter().collect();
            while let Some(rule) = stack.pop() {
                if let aslctl_parser::model::RuleKind::Compare {
                    operator, operand, ..
                } = &rule.kind
                {
                    push(
                        rule.node.get("Variable"),
                        pointer_push(&rule.pointer, "Variable"),
                    );
                    if operator.value.path {
                        push(
                            Some(operand),
                            pointer_push(&rule.pointer, &operator.value.name()),
                        );
                    }
                }
                stack.extend(rule.children());
            }
        }
        _ => {}
    }
    out
}
