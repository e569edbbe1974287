//! `aslctl graph`: draws a state machine as Graphviz DOT or a Mermaid flowchart.
//!
//! [`model`] turns the parser's model into a graph (states, start/end markers, container joins,
//! missing targets), [`labels`] writes the text, [`trace`] maps an execution onto it, and
//! `dot`/`mermaid` only print. Node ids are generated (`s0`, `s1`, … in definition order), so
//! no state name can break either syntax; names only ever appear escaped, inside labels.
//! Output is a pure function of the input: same definition, same bytes.

mod dot;
pub mod labels;
mod mermaid;
pub mod model;
pub mod trace;

use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::model::{StateKind, StateMachine};
use labels::ChoiceText;
use model::{Diagram, EdgeKind, NodeKind, codes};
use petgraph::visit::EdgeRef;
pub use trace::{Outcome, Trace};

/// The diagram language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Graphviz DOT.
    #[default]
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

/// Layout direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Top to bottom.
    #[default]
    TopBottom,
    /// Left to right.
    LeftRight,
}

/// How Choice edges are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChoiceLabels {
    /// The rule, compactly (`…status.S == "FAILED"`).
    #[default]
    Rule,
    /// The rule's `Comment` when it has one, else the rule.
    Comment,
    /// No label.
    None,
}

/// Colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Colour by state type, AWS's execution colours for traces.
    #[default]
    Default,
    /// Black, grey and white, for print.
    Plain,
}

/// Rendering options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphOptions {
    /// Output language.
    pub format: Format,
    /// Layout direction.
    pub direction: Direction,
    /// Choice edge labels.
    pub choice_labels: ChoiceLabels,
    /// Label Catch edges with their error names.
    pub catch_labels: bool,
    /// Colours.
    pub theme: Theme,
    /// Longest header or edge-label line before it is cut with `…`.
    pub label_max: usize,
}

impl Default for GraphOptions {
    fn default() -> GraphOptions {
        GraphOptions {
            format: Format::Dot,
            direction: Direction::TopBottom,
            choice_labels: ChoiceLabels::Rule,
            catch_labels: true,
            theme: Theme::Default,
            label_max: 40,
        }
    }
}

/// The diagram text and what was wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The DOT or Mermaid source.
    pub text: String,
    /// Warnings (dangling targets, trace mismatches, size limits); the diagram is drawn anyway.
    pub warnings: Vec<Diagnostic>,
}

/// Mermaid refuses diagrams over 50 000 characters or with 500 edges (its `maxTextSize` and
/// `maxEdges` defaults); warn a little before.
const MERMAID_MAX_TEXT: usize = 45_000;
const MERMAID_MAX_EDGES: usize = 480;

/// Draws `machine`, with the run of `trace` overlaid when given.
#[must_use]
pub fn render(machine: &StateMachine<'_>, opts: &GraphOptions, trace: Option<&Trace>) -> Rendered {
    let diagram = model::build(machine);
    let mut warnings = diagram.warnings.clone();
    let overlay = trace.map(|t| {
        let (o, w) = trace::overlay(&diagram, t);
        warnings.extend(w);
        o
    });
    let view = View::new(&diagram, opts, overlay.as_ref());
    let text = match opts.format {
        Format::Dot => dot::write(&diagram, &view),
        Format::Mermaid => mermaid::write(&diagram, &view),
    };
    if opts.format == Format::Mermaid
        && (text.len() > MERMAID_MAX_TEXT || view.edges.len() > MERMAID_MAX_EDGES)
    {
        warnings.push(Diagnostic::warning(
            codes::MERMAID_LIMIT,
            format!(
                "the diagram has {} characters and {} edges; Mermaid renders at most 50000 characters and 499 edges by default (use `--format dot`)",
                text.len(),
                view.edges.len()
            ),
        ));
    }
    Rendered { text, warnings }
}

/// How a node is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum NodeClass {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
    Unknown,
    Missing,
    Join,
    Start,
    End,
}

/// Whether and how a node ran, when a trace is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    /// No trace, or a marker/join/missing node.
    Unknown,
    /// Ran, ending this way.
    Ran(Outcome),
    /// Did not run.
    Skipped,
}

/// Everything a printer needs about a node.
#[derive(Debug, Clone)]
pub(crate) struct NodeView {
    pub id: String,
    pub class: NodeClass,
    /// The small grey type/service line.
    pub header: Option<String>,
    /// The name as displayed (trimmed; may hold newlines).
    pub name: String,
    /// Small grey lines under the name (retry, visits, iterations).
    pub notes: Vec<String>,
    /// Full name and retried errors.
    pub tooltip: String,
    pub run: Run,
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeStyle {
    /// Next, Choice rule, start, entry, end.
    Plain,
    /// A Choice `Default`: italic label.
    Default,
    /// A Catch: dashed red.
    Catch,
    /// A top-level Fail to the end marker: dotted red.
    Fail,
}

/// Everything a printer needs about an edge.
#[derive(Debug, Clone)]
pub(crate) struct EdgeView {
    pub from: String,
    pub to: String,
    pub style: EdgeStyle,
    pub lines: Vec<String>,
    /// Full label text, when the lines shortened it.
    pub tooltip: Option<String>,
    /// Id of the container header when the edge leaves that container as a whole.
    pub leaves: Option<String>,
    /// `Some(taken)` when a trace is drawn.
    pub taken: Option<bool>,
}

/// Colours of a theme.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
    pub stroke: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub task: &'static str,
    pub pass: &'static str,
    pub wait: &'static str,
    pub choice: &'static str,
    pub succeed_fill: &'static str,
    pub succeed_stroke: &'static str,
    pub fail_fill: &'static str,
    pub fail_stroke: &'static str,
    pub anchor_fill: &'static str,
    pub anchor_stroke: &'static str,
    pub cluster_fill: &'static str,
    pub cluster_stroke: &'static str,
    pub branch_stroke: &'static str,
    pub catch: &'static str,
    pub missing: &'static str,
    /// AWS execution colours (console "Graph view"): succeeded, failed, caught error.
    pub ran_ok: &'static str,
    pub ran_failed: &'static str,
    pub ran_caught: &'static str,
    pub taken: &'static str,
    pub dim_stroke: &'static str,
    pub dim_text: &'static str,
}

const DEFAULT_PALETTE: Palette = Palette {
    stroke: "#5f6b7a",
    text: "#1f2328",
    muted: "#6b7280",
    task: "#ffffff",
    pass: "#f3f4f6",
    wait: "#eef6ff",
    choice: "#fff7e0",
    succeed_fill: "#e8f8ec",
    succeed_stroke: "#2e7d32",
    fail_fill: "#fdecec",
    fail_stroke: "#c0392b",
    anchor_fill: "#fff3c4",
    anchor_stroke: "#c9a227",
    cluster_fill: "#fafbfc",
    cluster_stroke: "#8a94a3",
    branch_stroke: "#d0d5dc",
    catch: "#c0392b",
    missing: "#c0392b",
    ran_ok: "#2bd62e",
    ran_failed: "#de322f",
    ran_caught: "#ffa500",
    taken: "#1f77b4",
    dim_stroke: "#b8bec7",
    dim_text: "#8a8f98",
};

const PLAIN_PALETTE: Palette = Palette {
    stroke: "#000000",
    text: "#000000",
    muted: "#555555",
    task: "#ffffff",
    pass: "#ffffff",
    wait: "#ffffff",
    choice: "#ffffff",
    succeed_fill: "#ffffff",
    succeed_stroke: "#000000",
    fail_fill: "#ffffff",
    fail_stroke: "#000000",
    anchor_fill: "#ffffff",
    anchor_stroke: "#000000",
    cluster_fill: "#ffffff",
    cluster_stroke: "#555555",
    branch_stroke: "#999999",
    catch: "#000000",
    missing: "#000000",
    ran_ok: "#000000",
    ran_failed: "#000000",
    ran_caught: "#000000",
    taken: "#000000",
    dim_stroke: "#aaaaaa",
    dim_text: "#888888",
};

/// The diagram as text and styles, shared by both printers.
#[derive(Debug, Clone)]
pub(crate) struct View {
    /// By `NodeIndex::index()`.
    pub nodes: Vec<NodeView>,
    /// In emission order.
    pub edges: Vec<EdgeView>,
    pub direction: Direction,
    pub palette: Palette,
    pub traced: bool,
}

impl View {
    fn new(diagram: &Diagram<'_>, opts: &GraphOptions, overlay: Option<&trace::Overlay>) -> View {
        let label_max = opts.label_max.max(8);
        let nodes = diagram
            .graph
            .node_indices()
            .map(|n| {
                let node = &diagram.graph[n];
                let ran = overlay.map(|o| o.nodes.get(&n).copied());
                let mut view = NodeView {
                    id: node.id.clone(),
                    class: NodeClass::Join,
                    header: None,
                    name: String::new(),
                    notes: Vec::new(),
                    tooltip: String::new(),
                    run: Run::Unknown,
                };
                match &node.kind {
                    NodeKind::Start => view.class = NodeClass::Start,
                    NodeKind::End => view.class = NodeClass::End,
                    NodeKind::Join { .. } => view.class = NodeClass::Join,
                    NodeKind::Missing { name } => {
                        view.class = NodeClass::Missing;
                        view.header = Some("missing state".to_owned());
                        view.name = labels::display_name(name);
                        view.tooltip = (*name).to_owned();
                    }
                    NodeKind::State(state) => {
                        view.class = match state.kind {
                            StateKind::Task(_) => NodeClass::Task,
                            StateKind::Pass(_) => NodeClass::Pass,
                            StateKind::Choice(_) => NodeClass::Choice,
                            StateKind::Wait(_) => NodeClass::Wait,
                            StateKind::Succeed => NodeClass::Succeed,
                            StateKind::Fail(_) => NodeClass::Fail,
                            StateKind::Parallel(_) => NodeClass::Parallel,
                            StateKind::Map(_) => NodeClass::Map,
                            StateKind::Unknown => NodeClass::Unknown,
                        };
                        view.header = Some(labels::header(state, label_max));
                        view.name = labels::display_name(state.name);
                        view.notes.extend(labels::retry_note(state));
                        view.tooltip = state.name.to_owned();
                        let errors = labels::retry_errors(state);
                        if !errors.is_empty() {
                            view.tooltip.push_str("\nretry: ");
                            view.tooltip.push_str(&errors.join(", "));
                        }
                        view.run = match ran {
                            None => Run::Unknown,
                            Some(None) => Run::Skipped,
                            Some(Some(r)) => {
                                let mut note = Vec::new();
                                if let Some(i) = r.iterations {
                                    note.push(format!("{i} iterations"));
                                }
                                if r.visits > 1 {
                                    note.push(format!("ran ×{}", r.visits));
                                }
                                if !note.is_empty() {
                                    view.notes.push(note.join(" · "));
                                }
                                Run::Ran(r.outcome)
                            }
                        };
                    }
                }
                view
            })
            .collect();
        let edges = diagram
            .graph
            .edge_references()
            .map(|e| edge_view(diagram, e, opts, label_max, overlay))
            .collect();
        View {
            nodes,
            edges,
            direction: opts.direction,
            palette: match opts.theme {
                Theme::Default => DEFAULT_PALETTE,
                Theme::Plain => PLAIN_PALETTE,
            },
            traced: overlay.is_some(),
        }
    }

    /// The view of a node.
    pub fn node(&self, n: petgraph::graph::NodeIndex) -> Option<&NodeView> {
        self.nodes.get(n.index())
    }
}

fn edge_view(
    diagram: &Diagram<'_>,
    e: petgraph::graph::EdgeReference<'_, model::DiagramEdge>,
    opts: &GraphOptions,
    label_max: usize,
    overlay: Option<&trace::Overlay>,
) -> EdgeView {
    let id = |n: petgraph::graph::NodeIndex| diagram.graph[n].id.clone();
    let owner_state = e.weight().owner.and_then(|o| match diagram.graph[o].kind {
        NodeKind::State(s) => Some(s),
        _ => None,
    });
    let mut text = ChoiceText::default();
    let style = match &e.weight().kind {
        EdgeKind::Choice(rules) => {
            if let Some(StateKind::Choice(c)) = owner_state.map(|s| &s.kind) {
                let rules: Vec<_> = rules.iter().filter_map(|i| c.choices.get(*i)).collect();
                text = labels::choice_label(&rules, opts.choice_labels, label_max);
            }
            EdgeStyle::Plain
        }
        EdgeKind::Default => {
            if opts.choice_labels != ChoiceLabels::None {
                text.lines.push("Default".to_owned());
            }
            EdgeStyle::Default
        }
        EdgeKind::Catch(indexes) => {
            if let (true, Some(s)) = (opts.catch_labels, owner_state) {
                let label = labels::catch_label(&s.fields.catch, indexes, label_max);
                if !label.is_empty() {
                    text.lines.push(label);
                }
            }
            EdgeStyle::Catch
        }
        EdgeKind::Fail => EdgeStyle::Fail,
        EdgeKind::Start | EdgeKind::Enter | EdgeKind::Next | EdgeKind::End => EdgeStyle::Plain,
    };
    let shown = text.lines.join("\n");
    let tooltip = (!text.full.is_empty() && text.full != shown).then_some(text.full);
    let leaves = e
        .weight()
        .leaves
        .filter(|header| !diagram.is_inside(e.target(), *header))
        .map(id);
    EdgeView {
        from: id(e.source()),
        to: id(e.target()),
        style,
        lines: text.lines,
        tooltip,
        leaves,
        taken: overlay.map(|o| o.taken.contains(&e.id())),
    }
}
