//! Rule metadata, the `declare_rule!` macro, the `Rule` trait and the one static rule list.

use super::LintCx;
use super::rules::*;
use aslctl_parser::diagnostic::{Diagnostic, Severity};
use aslctl_parser::model::{Scope, State, StateMachine};
use aslctl_parser::source::Span;

/// What `aslctl rules` prints and every finding carries: id, name, severity and docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable id, such as `ASL201`.
    pub code: &'static str,
    /// Kebab-case name, such as `transition-target`.
    pub name: &'static str,
    /// Default severity; `Info` rules run only with `--strict`.
    pub severity: Severity,
    /// Markdown documentation (`## What it does`, `## Why is this bad?`, `## Example`, ...).
    pub docs: &'static str,
}

impl RuleMeta {
    /// Whether the rule runs without `--strict`.
    #[must_use]
    pub fn default_enabled(&self) -> bool {
        self.severity != Severity::Info
    }

    /// The first sentence under `## What it does`.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut lines = self.docs.lines().map(str::trim);
        let mut out = String::new();
        for l in lines.by_ref() {
            if l.starts_with("## What it does") {
                break;
            }
        }
        for l in lines {
            if l.is_empty() && !out.is_empty() || l.starts_with('#') {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(l);
        }
        out
    }

    /// The documentation with the one-space indent of doc comments removed.
    #[must_use]
    pub fn docs_text(&self) -> String {
        let mut out = String::new();
        for l in self.docs.lines() {
            out.push_str(l.strip_prefix(' ').unwrap_or(l));
            out.push('\n');
        }
        out
    }

    /// Code blocks of the docs tagged ```` ```json,valid ```` (true) or ```` ```json,invalid ```` (false).
    #[must_use]
    pub fn examples(&self) -> Vec<(bool, String)> {
        let mut out = Vec::new();
        let mut current: Option<(bool, String)> = None;
        for l in self.docs_text().lines() {
            let t = l.trim();
            match &mut current {
                None => {
                    if let Some(tag) = t.strip_prefix("```") {
                        let valid = match tag {
                            "json,valid" | "yaml,valid" => Some(true),
                            "json,invalid" | "yaml,invalid" => Some(false),
                            _ => None,
                        };
                        if let Some(v) = valid {
                            current = Some((v, String::new()));
                        }
                    }
                }
                Some((v, body)) => {
                    if t == "```" {
                        out.push((*v, std::mem::take(body)));
                        current = None;
                    } else {
                        body.push_str(l);
                        body.push('\n');
                    }
                }
            }
        }
        out
    }

    /// A finding of this rule at `span`, with its default severity.
    #[must_use]
    pub fn at(&self, span: Span, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message)
            .with_primary(span, "")
            .with_pointer(pointer)
    }

    /// A finding with its own severity (a rule may report some cases as info only).
    #[must_use]
    pub fn at_severity(
        &self,
        severity: Severity,
        span: Span,
        pointer: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.code, severity, message)
            .with_primary(span, "")
            .with_pointer(pointer)
    }
}

/// Gives a rule its metadata; implemented by [`declare_rule!`].
pub trait HasMeta {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
}

/// A lint rule: metadata plus hooks the walker calls. Every hook defaults to doing nothing;
/// rules whose findings come from the loader or the schema pass implement none.
pub trait Rule: HasMeta + Sync + Send {
    /// Called once per machine, before the scopes.
    fn check_machine(&self, _machine: &StateMachine<'_>, _cx: &mut LintCx<'_>) {}
    /// Called for every scope (root, Parallel branches, Map processors).
    fn check_scope(&self, _scope: &Scope<'_>, _cx: &mut LintCx<'_>) {}
    /// Called for every state, with its scope.
    fn check_state(&self, _state: &State<'_>, _scope: &Scope<'_>, _cx: &mut LintCx<'_>) {}
}

/// Declares a rule struct with its id, kebab name, default severity and `///` docs.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $name:ident { code: $code:literal, name: $kebab:literal, severity: $sev:ident $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::lint::registry::RuleMeta = $crate::lint::registry::RuleMeta {
                code: $code,
                name: $kebab,
                severity: aslctl_parser::diagnostic::Severity::$sev,
                docs: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::lint::registry::HasMeta for $name {
            fn meta(&self) -> &'static $crate::lint::registry::RuleMeta {
                &Self::META
            }
        }
    };
}
pub(crate) use declare_rule;

/// Every rule, sorted by id.
pub static RULES: &[&dyn Rule] = &[
    &JsonSyntax,
    &DuplicateKey,
    &DefinitionTooLarge,
    &EmptyDefinition,
    &NotAStateMachine,
    &InvalidTemplate,
    &LimitExceeded,
    &MissingRequiredField,
    &UnknownField,
    &InvalidFieldType,
    &InvalidStateType,
    &NextXorEnd,
    &TerminalStateTransition,
    &MutuallyExclusiveFields,
    &WaitDuration,
    &ValueOutOfRange,
    &HeartbeatNotBelowTimeout,
    &InvalidTimestamp,
    &ChoiceRuleShape,
    &EmptyChoices,
    &EmptyErrorEquals,
    &StatesAllPlacement,
    &InvalidStateName,
    &UnknownStatesError,
    &InvalidResource,
    &StartAtTarget,
    &TransitionTarget,
    &CrossScopeTransition,
    &UnreachableState,
    &NoTerminalState,
    &DuplicateStateName,
    &NoPathToTerminal,
    &NestingTooDeep,
    &InvalidMapLabel,
    &InvalidPath,
    &InvalidReferencePath,
    &InvalidPayloadValue,
    &DollarKeyCollision,
    &InvalidIntrinsic,
    &IntrinsicNotAllowed,
    &NoDollar,
    &NoPath,
    &PassResultIsStatic,
    &QueryLanguageField,
    &QueryLanguageConflict,
    &QueryLanguageOnProcessor,
    &JsonataSyntax,
    &JsonataDelimiters,
    &JsonataReferenceScope,
    &UndefinedVariable,
    &UnusedVariable,
    &InvalidVariableName,
    &VariableScopeLeak,
    &JsonataChoiceRule,
    &ExpressUnsupportedPattern,
    &ExpressActivity,
    &ExpressDistributedMap,
    &ExpressChildPattern,
    &ExpressDuration,
    &ProcessorConfig,
    &DistributedOnlyField,
    &ItemReader,
    &ItemBatcher,
    &ResultWriter,
    &DeprecatedMapField,
    &TaskNoTimeout,
    &CallbackNoHeartbeat,
    &LambdaNoRetry,
    &ChoiceNoDefault,
    &ShadowedRetrier,
];

/// The rule with this id (`ASL201`, any case) or name (`transition-target`).
#[must_use]
pub fn find(id_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| {
        let m = r.meta();
        m.code.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name
    })
}

/// The metadata of the rule with this code.
#[must_use]
pub fn meta_of(code: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta()).find(|m| m.code == code)
}
