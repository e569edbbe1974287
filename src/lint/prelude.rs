//! What every rule file imports.

pub use super::LintCx;
pub(crate) use super::registry::declare_rule;
pub use super::registry::{HasMeta, Rule, RuleMeta};
pub use super::suggest::did_you_mean;
pub use super::support::*;
pub use aslctl_parser::diagnostic::{Diagnostic, Severity};
pub use aslctl_parser::json::{Member, Node, NodeValue, pointer_push};
pub use aslctl_parser::model::{
    ChoiceRule, ErrorName, Map, MapMode, QueryLanguage, RuleKind, Scope, ScopeKind, State,
    StateKind, StateMachine, Task,
};
pub use aslctl_parser::source::Span;
