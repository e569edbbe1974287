//! The static list of what an expression reads: workflow variables, `$states` fields, and the
//! top-level references Step Functions rejects.
//!
//! AWS rejects a bare field at the top level ("Reference to 'phone' at the top level is not
//! supported") and `$`/`$$` there ("Transforming data with JSONata": use `$states.input`).
//! Names bound inside the expression (`:=`, lambda parameters, `@$x`, `#$i`) and built-in
//! functions used as values (`$map(a, $string)`) are not workflow variables and are left out.

use std::ops::Range;

use jsonata_core::ast::{AstNode, BinaryOp, PathStep, Stage};

use super::Expression;
use super::guard::children;
use super::scan::{self, Token, TokenKind};

/// One reference an expression makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What is referenced.
    pub kind: ReferenceKind,
    /// Where, in the expression text, when it could be located.
    pub range: Option<Range<usize>>,
}

/// Kinds of [`Reference`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `$name`: a workflow variable (set by `Assign`).
    Variable(String),
    /// `$states…`: the field read and the literal field names after it
    /// (`$states.input.order.id` is `Input` with `["order", "id"]`).
    States {
        /// The `$states` field.
        field: StatesField,
        /// Literal field names read below it, up to the first non-name step.
        path: Vec<String>,
    },
    /// A field read from the (undefined) top-level context, e.g. `{% phone %}`.
    TopLevelField(String),
    /// `$` at the top level.
    TopLevelContext,
    /// `$$` anywhere.
    Root,
}

/// The fields of `$states`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatesField {
    /// `$states` itself.
    Whole,
    /// `$states.input`.
    Input,
    /// `$states.result`.
    Result,
    /// `$states.errorOutput`.
    ErrorOutput,
    /// `$states.context`.
    Context,
    /// Any other name (always undefined on AWS).
    Other(String),
}

impl StatesField {
    fn from_name(name: &str) -> StatesField {
        match name {
            "input" => StatesField::Input,
            "result" => StatesField::Result,
            "errorOutput" => StatesField::ErrorOutput,
            "context" => StatesField::Context,
            other => StatesField::Other(other.to_owned()),
        }
    }
}

/// JSONata 2.0 built-in functions plus the Step Functions additions; `$name` of one of these
/// is a function, not a variable.
const FUNCTIONS: &[&str] = &[
    "abs",
    "append",
    "assert",
    "average",
    "base64decode",
    "base64encode",
    "boolean",
    "ceil",
    "contains",
    "count",
    "decodeUrl",
    "decodeUrlComponent",
    "distinct",
    "each",
    "encodeUrl",
    "encodeUrlComponent",
    "error",
    "eval",
    "exists",
    "filter",
    "floor",
    "formatBase",
    "formatInteger",
    "formatNumber",
    "fromMillis",
    "hash",
    "join",
    "keys",
    "length",
    "lookup",
    "lowercase",
    "map",
    "match",
    "max",
    "merge",
    "millis",
    "min",
    "not",
    "now",
    "number",
    "pad",
    "parse",
    "parseInteger",
    "partition",
    "power",
    "random",
    "range",
    "reduce",
    "replace",
    "reverse",
    "round",
    "shuffle",
    "sift",
    "single",
    "sort",
    "split",
    "spread",
    "sqrt",
    "string",
    "substring",
    "substringAfter",
    "substringBefore",
    "sum",
    "toMillis",
    "trim",
    "type",
    "uppercase",
    "uuid",
    "zip",
];

/// Deeper trees are not walked further (the parser stops near 1000 levels anyway).
const MAX_DEPTH: usize = 4_000;

/// Every reference `expr` makes, in walk order (roughly source order).
#[must_use]
pub fn references(expr: &Expression) -> Vec<Reference> {
    let mut w = Walker {
        scopes: vec![Vec::new()],
        found: Vec::new(),
    };
    stacker::maybe_grow(super::RED_ZONE, super::WALK_STACK, || {
        w.node(expr.ast(), true, 0)
    });
    let mut tokens = scan::scan(expr.source()).tokens;
    w.found
        .into_iter()
        .map(|kind| {
            let range = locate(&kind, &mut tokens);
            Reference { kind, range }
        })
        .collect()
}

/// Claims the first unclaimed token matching `kind` and returns its range.
fn locate(kind: &ReferenceKind, tokens: &mut [Token]) -> Option<Range<usize>> {
    let want = match kind {
        ReferenceKind::Variable(n) => TokenKind::Variable(n.clone()),
        ReferenceKind::States { .. } => TokenKind::Variable("states".to_owned()),
        ReferenceKind::TopLevelField(n) => TokenKind::Name(n.clone()),
        ReferenceKind::TopLevelContext => TokenKind::Variable(String::new()),
        ReferenceKind::Root => TokenKind::Root,
    };
    let i = tokens.iter().position(|t| t.kind == want)?;
    let mut range = tokens.get(i)?.range.clone();
    if let ReferenceKind::States { field, path } = kind {
        // Stretch over `.input.order.id` when those names follow directly.
        let field_name = match field {
            StatesField::Whole => None,
            StatesField::Input => Some("input"),
            StatesField::Result => Some("result"),
            StatesField::ErrorOutput => Some("errorOutput"),
            StatesField::Context => Some("context"),
            StatesField::Other(n) => Some(n.as_str()),
        };
        let names = field_name
            .into_iter()
            .chain(path.iter().map(String::as_str));
        for (offset, name) in names.enumerate() {
            match tokens.get(i + 1 + offset) {
                Some(t) if t.kind == TokenKind::Name(name.to_owned()) => range.end = t.range.end,
                _ => break,
            }
        }
    }
    // Claimed tokens cannot match again.
    if let Some(t) = tokens.get_mut(i) {
        t.kind = TokenKind::Name(String::new());
    }
    Some(range)
}

struct Walker {
    /// Names bound inside the expression, innermost scope last.
    scopes: Vec<Vec<String>>,
    found: Vec<ReferenceKind>,
}

impl Walker {
    fn is_local(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.iter().any(|n| n == name))
    }

    fn bind(&mut self, name: &str) {
        if let Some(s) = self.scopes.last_mut() {
            s.push(name.to_owned());
        }
    }

    fn variable(&mut self, name: &str, top: bool) {
        if name.is_empty() {
            if top {
                self.found.push(ReferenceKind::TopLevelContext);
            }
        } else if name == "states" && !self.is_local(name) {
            self.found.push(ReferenceKind::States {
                field: StatesField::Whole,
                path: Vec::new(),
            });
        } else if !self.is_local(name) && !FUNCTIONS.contains(&name) {
            self.found.push(ReferenceKind::Variable(name.to_owned()));
        }
    }

    /// Walks `node`; `top` says whether its context item is the (undefined) top-level one.
    fn node(&mut self, node: &AstNode, top: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let d = depth + 1;
        match node {
            AstNode::Variable(name) => self.variable(name, top),
            AstNode::ParentVariable(_) => self.found.push(ReferenceKind::Root),
            AstNode::Name(n) if top => self.found.push(ReferenceKind::TopLevelField(n.clone())),
            AstNode::Wildcard if top => self.found.push(ReferenceKind::TopLevelField("*".into())),
            AstNode::Descendant if top => {
                self.found.push(ReferenceKind::TopLevelField("**".into()));
            }
            AstNode::Path { steps } => self.path(steps, top, d),
            AstNode::Function { name, args, .. } => {
                if !self.is_local(name) && !FUNCTIONS.contains(&name.as_str()) {
                    self.found.push(ReferenceKind::Variable(name.clone()));
                }
                for a in args {
                    self.node(a, top, d);
                }
            }
            AstNode::Lambda { params, body, .. } => {
                self.scopes.push(params.clone());
                self.node(body, false, d);
                self.scopes.pop();
            }
            AstNode::Block(items) => {
                // `:=` names are visible to the whole block (over-approximates "after").
                let hoisted = items
                    .iter()
                    .filter_map(|i| match i {
                        AstNode::Binary {
                            op: BinaryOp::ColonEqual,
                            lhs,
                            ..
                        } => match lhs.as_ref() {
                            AstNode::Variable(n) => Some(n.clone()),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                self.scopes.push(hoisted);
                for i in items {
                    self.node(i, top, d);
                }
                self.scopes.pop();
            }
            AstNode::Binary {
                op: BinaryOp::ColonEqual,
                lhs,
                rhs,
            } => {
                if let AstNode::Variable(n) = lhs.as_ref() {
                    // Bound before the value is read, so a lambda can call itself.
                    self.bind(n);
                }
                self.node(rhs, top, d);
            }
            AstNode::ObjectTransform { input, pattern } => {
                self.node(input, top, d);
                for (k, v) in pattern {
                    self.node(k, false, d);
                    self.node(v, false, d);
                }
            }
            AstNode::Sort { input, terms } => {
                self.node(input, top, d);
                for (t, _) in terms {
                    self.node(t, false, d);
                }
            }
            AstNode::FunctionApplication(_) | AstNode::Transform { .. } => {
                for c in children(node) {
                    self.node(c, false, d);
                }
            }
            _ => {
                for c in children(node) {
                    self.node(c, top, d);
                }
            }
        }
    }

    fn path(&mut self, steps: &[PathStep], top: bool, d: usize) {
        let Some(first) = steps.first() else { return };
        let mut rest = steps.get(1..).unwrap_or_default();
        match &first.node {
            AstNode::Variable(v) if v == "states" && !self.is_local(v) => {
                let (field, after) = match rest.split_first() {
                    Some((s, after)) => match &s.node {
                        AstNode::Name(n) => (StatesField::from_name(n), after),
                        _ => (StatesField::Whole, rest),
                    },
                    None => (StatesField::Whole, rest),
                };
                let path = after
                    .iter()
                    .map_while(|s| match &s.node {
                        AstNode::Name(n) => Some(n.clone()),
                        _ => None,
                    })
                    .collect();
                self.found.push(ReferenceKind::States { field, path });
                // The field step itself holds no further references.
                if field_consumed(rest) {
                    self.stages(first, d);
                    rest = after;
                    if let Some(s) = steps.get(1) {
                        self.stages(s, d);
                    }
                } else {
                    self.stages(first, d);
                }
            }
            _ => {
                self.node(&first.node, top, d);
                self.stages(first, d);
            }
        }
        for s in rest {
            for n in [&s.focus, &s.index_var].into_iter().flatten() {
                self.bind(n);
            }
            self.node(&s.node, false, d);
            self.stages(s, d);
        }
    }

    fn stages(&mut self, step: &PathStep, d: usize) {
        for stage in &step.stages {
            if let Stage::Filter(f) = stage {
                self.node(f, false, d);
            }
        }
    }
}

/// Whether the step after `$states` is a plain field name.
fn field_consumed(rest: &[PathStep]) -> bool {
    rest.first()
        .is_some_and(|s| matches!(s.node, AstNode::Name(_)))
}
