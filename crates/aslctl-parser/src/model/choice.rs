//! Choice rules: comparisons, `And`/`Or`/`Not`, and JSONata `Condition`s.

use super::Str;
use super::operator::Operator;
use crate::json::Node;
use crate::source::{Span, Spanned};

/// One rule of `Choices` (top level) or nested in `And`/`Or`/`Not`.
#[derive(Debug, Clone)]
pub struct ChoiceRule<'a> {
    /// The rule object.
    pub node: &'a Node,
    /// Its JSON pointer.
    pub pointer: String,
    /// What it tests.
    pub kind: RuleKind<'a>,
    /// `Next` (top-level rules only).
    pub next: Option<Str<'a>>,
    /// `Assign` (top-level rules only).
    pub assign: Option<&'a Node>,
    /// `Output` (JSONata, top-level rules only).
    pub output: Option<&'a Node>,
}

/// The test a rule makes.
#[derive(Debug, Clone)]
pub enum RuleKind<'a> {
    /// `And`: all nested rules hold.
    And(Vec<ChoiceRule<'a>>),
    /// `Or`: any nested rule holds.
    Or(Vec<ChoiceRule<'a>>),
    /// `Not`: the nested rule does not hold.
    Not(Box<ChoiceRule<'a>>),
    /// `Variable` compared with an operand by one operator.
    Compare {
        /// `Variable`, if a string.
        variable: Option<Str<'a>>,
        /// The operator, spanned at its key.
        operator: Spanned<Operator>,
        /// The operand value (a path string for `...Path` operators).
        operand: &'a Node,
    },
    /// A JSONata `Condition`.
    Condition(&'a Node),
    /// No operator, or more than one: the spans of the operator keys found.
    Invalid {
        /// Key spans of every operator-like field (empty when there is none).
        operators: Vec<Span>,
    },
}

impl<'a> ChoiceRule<'a> {
    /// The nested rules (for And/Or/Not).
    #[must_use]
    pub fn children(&self) -> Vec<&ChoiceRule<'a>> {
        match &self.kind {
            RuleKind::And(r) | RuleKind::Or(r) => r.iter().collect(),
            RuleKind::Not(r) => vec![r],
            _ => Vec::new(),
        }
    }
}
