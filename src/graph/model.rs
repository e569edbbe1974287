//! The diagram model: a petgraph graph of states, synthetic nodes and transitions, and the
//! tree of containers (Parallel branches, Map processors) the renderers draw as clusters.

use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::model::MapMode;
use aslctl_parser::model::{Scope, State, StateKind, StateMachine, TransitionKind};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use std::collections::HashMap;

/// Deepest container nesting drawn; deeper scopes are left out with a warning. Real definitions
/// nest at most 5 deep, and this bound also caps the recursion of the builder.
pub const MAX_NESTING: usize = 32;

/// Codes of the warnings the graph builder adds to those of lint's code space.
pub mod codes {
    /// `StartAt` names no state of its scope (lint's `start-at-target`).
    pub const START_AT_TARGET: &str = "ASL200";
    /// A transition names no state of its scope (lint's `transition-target`).
    pub const TRANSITION_TARGET: &str = "ASL201";
    /// A transition names a state of another scope (lint's `cross-scope-transition`).
    pub const CROSS_SCOPE: &str = "ASL202";
    /// Containers nest deeper than the diagram draws.
    pub const NESTING: &str = "GRAPH001";
    /// The trace does not match the definition.
    pub const TRACE: &str = "GRAPH002";
    /// The Mermaid text exceeds what Mermaid renders by default.
    pub const MERMAID_LIMIT: &str = "GRAPH003";
}

/// What a diagram node stands for.
#[derive(Debug, Clone)]
pub enum NodeKind<'a> {
    /// The start marker.
    Start,
    /// The end marker.
    End,
    /// A state (for Parallel and Map: the container's header).
    State(&'a State<'a>),
    /// The point a Parallel or Map container is left from; `of` is its header.
    Join {
        /// The container's header node.
        of: NodeIndex,
    },
    /// A transition target that names no state of its scope.
    Missing {
        /// The name written.
        name: &'a str,
    },
}

/// One node with its generated id (never a state name, so no name can break the syntax).
#[derive(Debug, Clone)]
pub struct DiagramNode<'a> {
    /// The id: `s<N>` for the N-th state in definition order, `j<N>` for its join, `m<N>` for
    /// missing targets, `__start__` and `__end__`.
    pub id: String,
    /// What it is.
    pub kind: NodeKind<'a>,
}

/// Why an edge exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeKind {
    /// Start marker to the machine's `StartAt`.
    Start,
    /// Container header to the `StartAt` of a branch or processor.
    Enter,
    /// `Next`
    Next,
    /// `Choices[i].Next` for each listed rule index (rules with one target share an edge).
    Choice(Vec<usize>),
    /// A Choice state's `Default`.
    Default,
    /// `Catch[i].Next` for each listed catcher index (merged per target).
    Catch(Vec<usize>),
    /// `End: true` or Succeed: to the end marker or to the container's join.
    End,
    /// A top-level Fail state to the end marker.
    Fail,
}

/// One edge.
#[derive(Debug, Clone)]
pub struct DiagramEdge {
    /// Why it exists.
    pub kind: EdgeKind,
    /// The state whose field the edge comes from (the header for a container's join).
    pub owner: Option<NodeIndex>,
    /// The container the edge leaves as a whole (its source is that container's join).
    pub leaves: Option<NodeIndex>,
}

/// Index of a [`Block`] in [`Diagram::blocks`].
pub type BlockId = usize;

/// The nodes of one scope, in definition order, with nested containers in place.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Nodes and containers in definition order.
    pub items: Vec<Item>,
}

/// One entry of a [`Block`].
#[derive(Debug, Clone)]
pub enum Item {
    /// A plain node.
    Node(NodeIndex),
    /// A Parallel or Map state drawn as a container.
    Container(Container),
}

/// A Parallel or Map state as a container.
#[derive(Debug, Clone)]
pub struct Container {
    /// The header node (the state itself).
    pub header: NodeIndex,
    /// The join node, where `Next` and `Catch` leave.
    pub join: NodeIndex,
    /// Parallel or Map.
    pub kind: ContainerKind,
    /// One block per branch (Parallel) or the processor (Map).
    pub scopes: Vec<BlockId>,
}

/// The kind of container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// A Parallel state: each branch is drawn as its own inner box.
    Parallel,
    /// A Map state, inline or distributed.
    Map {
        /// `ProcessorConfig.Mode` is `DISTRIBUTED`.
        distributed: bool,
    },
}

/// The whole diagram.
#[derive(Debug, Clone)]
pub struct Diagram<'a> {
    /// Nodes and edges; edge indexes follow definition order, which is emission order.
    pub graph: DiGraph<DiagramNode<'a>, DiagramEdge>,
    /// Every block; block 0 is the machine's top level.
    pub blocks: Vec<Block>,
    /// Node of each state, by the state's JSON pointer.
    pub by_pointer: HashMap<&'a str, NodeIndex>,
    /// The start marker.
    pub start: NodeIndex,
    /// The end marker.
    pub end: NodeIndex,
    /// Problems found while drawing (dangling targets, too deep nesting).
    pub warnings: Vec<Diagnostic>,
}

impl Diagram<'_> {
    /// The container a join or header node belongs to, found by header.
    #[must_use]
    pub fn container_of(&self, header: NodeIndex) -> Option<&Container> {
        self.blocks
            .iter()
            .flat_map(|b| &b.items)
            .find_map(|item| match item {
                Item::Container(c) if c.header == header => Some(c),
                _ => None,
            })
    }

    /// Whether `node` is drawn inside the container whose header is `header`.
    #[must_use]
    pub fn is_inside(&self, node: NodeIndex, header: NodeIndex) -> bool {
        let Some(c) = self.container_of(header) else {
            return false;
        };
        if node == c.header || node == c.join {
            return true;
        }
        let mut stack: Vec<BlockId> = c.scopes.clone();
        while let Some(b) = stack.pop() {
            for item in self.blocks.get(b).map_or(&[][..], |b| &b.items) {
                match item {
                    Item::Node(n) if *n == node => return true,
                    Item::Node(_) => {}
                    Item::Container(inner) => {
                        if inner.header == node || inner.join == node {
                            return true;
                        }
                        stack.extend(inner.scopes.iter().copied());
                    }
                }
            }
        }
        false
    }

    /// Edge indexes in emission order.
    pub fn edges_in_order(&self) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.graph.edge_indices()
    }
}

/// Where the states of one scope ended up.
struct ScopeNodes<'a> {
    scope: &'a Scope<'a>,
    block: BlockId,
    /// Node per entry of `scope.states`.
    nodes: Vec<NodeIndex>,
    /// The enclosing container's header and join (`None` at the top level).
    container: Option<(NodeIndex, NodeIndex)>,
}

struct Builder<'a> {
    graph: DiGraph<DiagramNode<'a>, DiagramEdge>,
    blocks: Vec<Block>,
    scopes: Vec<ScopeNodes<'a>>,
    by_pointer: HashMap<&'a str, NodeIndex>,
    /// Container header → indexes (in `scopes`) of its branches or processor.
    child_scopes: HashMap<NodeIndex, Vec<usize>>,
    /// Container header → its join.
    joins: HashMap<NodeIndex, NodeIndex>,
    ordinal: usize,
    missing: usize,
    missing_nodes: HashMap<(BlockId, &'a str), NodeIndex>,
    warnings: Vec<Diagnostic>,
    /// Every state name of the machine, to tell a cross-scope target from an unknown one.
    all_names: HashMap<&'a str, ()>,
}

/// Builds the diagram of a machine. Never fails: what cannot be drawn becomes a warning.
#[must_use]
pub fn build<'a>(machine: &'a StateMachine<'a>) -> Diagram<'a> {
    let mut b = Builder {
        graph: DiGraph::new(),
        blocks: Vec::new(),
        scopes: Vec::new(),
        by_pointer: HashMap::new(),
        child_scopes: HashMap::new(),
        joins: HashMap::new(),
        ordinal: 0,
        missing: 0,
        missing_nodes: HashMap::new(),
        warnings: Vec::new(),
        all_names: machine.states().map(|(_, s)| (s.name, ())).collect(),
    };
    let start = b.graph.add_node(DiagramNode {
        id: "__start__".into(),
        kind: NodeKind::Start,
    });
    let end = b.graph.add_node(DiagramNode {
        id: "__end__".into(),
        kind: NodeKind::End,
    });
    b.blocks.push(Block::default());
    b.add_scope(&machine.root, 0, None, 0);
    b.add_edges(start, end);
    Diagram {
        graph: b.graph,
        blocks: b.blocks,
        by_pointer: b.by_pointer,
        start,
        end,
        warnings: b.warnings,
    }
}

impl<'a> Builder<'a> {
    /// Adds the nodes of `scope` into `block`, depth first so ids follow definition order.
    /// Recursion is bounded by [`MAX_NESTING`].
    fn add_scope(
        &mut self,
        scope: &'a Scope<'a>,
        block: BlockId,
        container: Option<(NodeIndex, NodeIndex)>,
        nesting: usize,
    ) -> usize {
        let scope_index = self.scopes.len();
        self.scopes.push(ScopeNodes {
            scope,
            block,
            nodes: Vec::with_capacity(scope.states.len()),
            container,
        });
        for state in &scope.states {
            let id = format!("s{}", self.ordinal);
            let ordinal = self.ordinal;
            self.ordinal += 1;
            let node = self.graph.add_node(DiagramNode {
                id,
                kind: NodeKind::State(state),
            });
            self.by_pointer.insert(state.pointer.as_str(), node);
            if let Some(s) = self.scopes.get_mut(scope_index) {
                s.nodes.push(node);
            }
            let kind = match &state.kind {
                StateKind::Parallel(_) => Some(ContainerKind::Parallel),
                StateKind::Map(m) => Some(ContainerKind::Map {
                    distributed: m.mode() == MapMode::Distributed,
                }),
                _ => None,
            };
            let Some(kind) = kind else {
                self.push_item(block, Item::Node(node));
                continue;
            };
            let join = self.graph.add_node(DiagramNode {
                id: format!("j{ordinal}"),
                kind: NodeKind::Join { of: node },
            });
            self.joins.insert(node, join);
            let mut scopes = Vec::new();
            let children = state.child_scopes();
            if nesting + 1 > MAX_NESTING && !children.is_empty() {
                self.warnings.push(
                    Diagnostic::warning(
                        codes::NESTING,
                        format!(
                            "containers nest deeper than {MAX_NESTING} levels; the contents of `{}` are not drawn",
                            state.name
                        ),
                    )
                    .with_primary(state.name_span, "")
                    .with_pointer(state.pointer.clone()),
                );
            } else {
                let mut child_indexes = Vec::new();
                for child in children {
                    let child_block = self.blocks.len();
                    self.blocks.push(Block::default());
                    scopes.push(child_block);
                    let ci = self.add_scope(child, child_block, Some((node, join)), nesting + 1);
                    child_indexes.push(ci);
                }
                self.child_scopes.insert(node, child_indexes);
            }
            self.push_item(
                block,
                Item::Container(Container {
                    header: node,
                    join,
                    kind,
                    scopes,
                }),
            );
        }
        scope_index
    }

    fn push_item(&mut self, block: BlockId, item: Item) {
        if let Some(b) = self.blocks.get_mut(block) {
            b.items.push(item);
        }
    }

    fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, edge: DiagramEdge) {
        self.graph.add_edge(from, to, edge);
    }

    /// Adds every edge, in definition order: the start edge, then per state (in id order) its
    /// entries into branches, its transitions and its end.
    fn add_edges(&mut self, start: NodeIndex, end: NodeIndex) {
        if let Some(first) = self.start_target(0) {
            self.add_edge(
                start,
                first,
                DiagramEdge {
                    kind: EdgeKind::Start,
                    owner: None,
                    leaves: None,
                },
            );
        }
        // States in id order: gather (scope index, position) sorted by node ordinal.
        let mut order: Vec<(NodeIndex, usize, usize)> = Vec::new();
        for (si, s) in self.scopes.iter().enumerate() {
            for (pos, n) in s.nodes.iter().enumerate() {
                order.push((*n, si, pos));
            }
        }
        order.sort_by_key(|(n, _, _)| n.index());
        for (node, si, pos) in order {
            self.add_state_edges(node, si, pos, end);
        }
    }

    /// The node a scope starts at (a missing node if `StartAt` names nothing), with a warning.
    fn start_target(&mut self, scope_index: usize) -> Option<NodeIndex> {
        let s = self.scopes.get(scope_index)?;
        let scope = s.scope;
        let block = s.block;
        let start_at = scope.start_at?;
        if let Some(i) = scope.index_of(start_at.value) {
            return s.nodes.get(i).copied();
        }
        let (code, message) = self.unknown_target_message("StartAt", start_at.value);
        let code = if code == codes::TRANSITION_TARGET {
            codes::START_AT_TARGET
        } else {
            code
        };
        self.warnings.push(
            Diagnostic::warning(code, message)
                .with_primary(start_at.span, "drawn as a missing node")
                .with_pointer(aslctl_parser::json::pointer_push(&scope.pointer, "StartAt")),
        );
        Some(self.missing_node(block, start_at.value))
    }

    fn unknown_target_message(&self, field: &str, name: &str) -> (&'static str, String) {
        if self.all_names.contains_key(name) {
            (
                codes::CROSS_SCOPE,
                format!("`{field}` names `{name}`, a state of another scope"),
            )
        } else {
            (
                codes::TRANSITION_TARGET,
                format!("`{field}` names `{name}`, which is not a state of this scope"),
            )
        }
    }

    fn missing_node(&mut self, block: BlockId, name: &'a str) -> NodeIndex {
        if let Some(n) = self.missing_nodes.get(&(block, name)) {
            return *n;
        }
        let node = self.graph.add_node(DiagramNode {
            id: format!("m{}", self.missing),
            kind: NodeKind::Missing { name },
        });
        self.missing += 1;
        self.missing_nodes.insert((block, name), node);
        self.push_item(block, Item::Node(node));
        node
    }

    fn add_state_edges(&mut self, node: NodeIndex, si: usize, pos: usize, end: NodeIndex) {
        let Some(s) = self.scopes.get(si) else {
            return;
        };
        let scope = s.scope;
        let block = s.block;
        let container = s.container;
        let Some(state) = scope.states.get(pos) else {
            return;
        };
        // A container's own transitions leave from its join.
        let mut source = node;
        let mut leaves = None;
        if let Some(children) = self.child_scopes.get(&node).cloned() {
            for ci in children {
                if let Some(first) = self.start_target(ci) {
                    self.add_edge(
                        node,
                        first,
                        DiagramEdge {
                            kind: EdgeKind::Enter,
                            owner: Some(node),
                            leaves: None,
                        },
                    );
                }
            }
        }
        if let Some(join) = self.joins.get(&node) {
            source = *join;
            leaves = Some(node);
        }
        // Choice rules and catchers sharing a target share one edge (spec §5.2).
        let mut pending: Vec<(NodeIndex, EdgeKind)> = Vec::new();
        for t in state.transitions() {
            let target = match scope.index_of(t.target.value) {
                Some(i) => match self.scopes.get(si).and_then(|s| s.nodes.get(i)) {
                    Some(n) => *n,
                    None => continue,
                },
                None => {
                    let (code, message) =
                        self.unknown_target_message(&t.kind.field(), t.target.value);
                    self.warnings.push(
                        Diagnostic::warning(code, message)
                            .with_primary(t.target.span, "drawn as a missing node")
                            .with_pointer(state.pointer.clone()),
                    );
                    self.missing_node(block, t.target.value)
                }
            };
            match t.kind {
                TransitionKind::Next => pending.push((target, EdgeKind::Next)),
                TransitionKind::Default => pending.push((target, EdgeKind::Default)),
                TransitionKind::Choice(i) => {
                    let existing = pending
                        .iter_mut()
                        .find(|(to, k)| *to == target && matches!(k, EdgeKind::Choice(_)));
                    match existing {
                        Some((_, EdgeKind::Choice(rules))) => rules.push(i),
                        _ => pending.push((target, EdgeKind::Choice(vec![i]))),
                    }
                }
                TransitionKind::Catch(i) => {
                    let existing = pending
                        .iter_mut()
                        .find(|(to, k)| *to == target && matches!(k, EdgeKind::Catch(_)));
                    match existing {
                        Some((_, EdgeKind::Catch(c))) => c.push(i),
                        _ => pending.push((target, EdgeKind::Catch(vec![i]))),
                    }
                }
            }
        }
        for (target, kind) in pending {
            // Catch and Next edges of a container start at its join.
            let (from, leaves) = match kind {
                EdgeKind::Choice(_) | EdgeKind::Default => (node, None),
                _ => (source, leaves),
            };
            self.add_edge(
                from,
                target,
                DiagramEdge {
                    kind,
                    owner: Some(node),
                    leaves,
                },
            );
        }
        // Terminal states end their scope: the end marker at the top, the join inside.
        let scope_end = container.map_or(end, |(_, join)| join);
        match state.kind {
            // A Fail inside a branch fails the whole container, which its Catch handles; only
            // a top-level Fail is drawn reaching the end.
            StateKind::Fail(_) if container.is_none() => self.add_edge(
                node,
                end,
                DiagramEdge {
                    kind: EdgeKind::Fail,
                    owner: Some(node),
                    leaves: None,
                },
            ),
            StateKind::Fail(_) => {}
            _ if state.is_terminal() => self.add_edge(
                source,
                scope_end,
                DiagramEdge {
                    kind: EdgeKind::End,
                    owner: Some(node),
                    leaves,
                },
            ),
            _ => {}
        }
    }
}
