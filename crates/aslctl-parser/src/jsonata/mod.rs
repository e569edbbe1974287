//! JSONata as Step Functions runs it: `{% … %}` templates, parsing with AWS's restrictions,
//! bounded and deterministic evaluation, and a static list of the references an expression makes.
//!
//! The engine underneath is `jsonata-core` (pinned; see spec/crates.md §3.5). This module keeps
//! it behind a small API so that lint (parse + [`references`]) and simulate ([`evaluate`]) share
//! one reading of every expression.
//!
//! ```
//! use aslctl_parser::jsonata::{self, Bindings, Outcome, Template};
//! use serde_json::json;
//!
//! let Template::Expression { source, .. } = jsonata::split_template("{% $states.input.x + 1 %}")
//! else { unreachable!() };
//! let expr = jsonata::parse(source).unwrap();
//! let mut bindings = Bindings::default();
//! bindings.states.input = json!({"x": 41});
//! assert_eq!(jsonata::evaluate(&expr, &bindings).unwrap(), Outcome::Value(json!(42)));
//! ```

mod aws_functions;
mod guard;
mod references;
mod scan;
mod template;
mod value;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

use std::cell::Cell;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

use indexmap::IndexMap;
use jsonata_core::ast::AstNode;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError, EvaluatorOptions};
use serde_json::Value;

pub use references::{Reference, ReferenceKind, StatesField, references};
pub use template::{Malformed, Template, split_template};

/// Error codes this module adds to the JSONata ones (`S0xxx` syntax, `T`/`D` evaluation).
pub mod codes {
    /// An operator or function Step Functions does not support (`?:`, `??`, `$eval`).
    pub const UNSUPPORTED: &str = "ASL.Unsupported";
    /// The expression exceeded [`super::Limits::max_steps`].
    pub const STEP_LIMIT: &str = "ASL.StepLimit";
    /// A value exceeded [`super::Limits::max_string_bytes`] or
    /// [`super::Limits::max_result_bytes`], or nested deeper than the converter allows.
    pub const SIZE_LIMIT: &str = "ASL.SizeLimit";
    /// A nesting depth limit (parser or evaluator) was reached.
    pub const DEPTH_LIMIT: &str = "ASL.DepthLimit";
    /// Invalid arguments to one of the Step Functions functions (`$partition`, `$hash`, …).
    pub const FUNCTION_ARGUMENTS: &str = "ASL.FunctionArguments";
    /// A syntax error the engine reported without a JSONata code.
    pub const SYNTAX: &str = "ASL.Syntax";
    /// An evaluation error the engine reported without a JSONata code.
    pub const EVALUATION: &str = "ASL.Evaluation";
    /// A number that JSON cannot hold (`NaN`, `Infinity`).
    pub const NOT_FINITE: &str = "D1001";
}

/// A failure to parse or evaluate an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonataError {
    /// A JSONata code (`S0202`, `T2001`, `D1001`, …) or one of [`codes`].
    pub code: String,
    /// A message fit for the cause of `States.QueryEvaluationError` or a lint diagnostic.
    pub message: String,
    /// Byte range inside the expression text (not the `{% %}` string) where it is known.
    pub range: Option<Range<usize>>,
}

impl JsonataError {
    fn new(code: &str, message: impl Into<String>, range: Option<Range<usize>>) -> Self {
        JsonataError {
            code: code.to_owned(),
            message: message.into(),
            range,
        }
    }
}

impl fmt::Display for JsonataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonataError {}

/// A parsed expression: parse once, evaluate many times. `Send + Sync`, so it can be shared.
#[derive(Debug, Clone)]
pub struct Expression {
    source: String,
    /// The tree as written, for [`references`].
    ast: AstNode,
    /// The same tree with step and size guards inserted (see `guard.rs`), for [`evaluate`].
    guarded: AstNode,
}

impl Expression {
    /// The expression text (without `{%` `%}`).
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The expression text with surrounding whitespace removed, as AWS quotes it in causes
    /// ("The JSONata expression '$doesNotExist' specified for the field …").
    #[must_use]
    pub fn quoted_source(&self) -> &str {
        self.source.trim()
    }

    pub(crate) fn ast(&self) -> &AstNode {
        &self.ast
    }
}

/// Parses the text between `{%` and `%}`.
///
/// Rejects what Step Functions rejects on top of JSONata 2.0 syntax: `$eval` and the `?:` and
/// `??` operators ("Transforming data with JSONata in Step Functions": all 2.0.6 functions and
/// operators are supported except `$eval`; `?:`/`??` came with JSONata 2.1).
///
/// # Errors
/// A syntax error, with the range of the offending token where the scanner can find one
/// (unbalanced brackets, unterminated strings, unknown operators), else the whole expression.
pub fn parse(src: &str) -> Result<Expression, JsonataError> {
    let scanned = scan::scan(src);
    if let Some(err) = scanned.fatal {
        return Err(err);
    }
    // The engine's parser recurses once per nesting level (up to 1000) with large frames in
    // debug builds; when the current stack is short, give it a stack of its own.
    stacker::maybe_grow(RED_ZONE, WALK_STACK, || {
        contain(|| parse_scanned(src, scanned))
    })?
}

/// Stack that parsing or walking one expression tree may need: the deepest trees the scanner and
/// the engine let through take under 1 MiB in release builds and under 8 MiB in debug builds
/// (`hostile_expressions_end_with_errors`), so this keeps a fourfold margin.
const NEEDED_STACK: usize = if cfg!(debug_assertions) {
    8 << 20
} else {
    1 << 20
};

/// Stack left on the current thread below which parsing and walks move to a stack of their
/// own. Allocating one costs three system calls, which adds up over a batch of files, so it is
/// only done when the thread's own stack is short (a default 2 MiB thread, or any thread in a
/// debug build).
pub(crate) const RED_ZONE: usize = 4 * NEEDED_STACK;

/// Size of a stack allocated for one parse or walk (committed only as used).
pub(crate) const WALK_STACK: usize = 8 * NEEDED_STACK;

fn parse_scanned(src: &str, scanned: scan::Scanned) -> Result<Expression, JsonataError> {
    let ast = match jsonata_core::parser::parse(src) {
        Ok(ast) => ast,
        Err(e) => {
            let message = e.to_string();
            let code = jsonata_core::evaluator::error_code_prefix(&message)
                .unwrap_or(codes::SYNTAX)
                .to_owned();
            let range = scanned.suspect.or_else(|| whole(src));
            return Err(JsonataError {
                code,
                message,
                range,
            });
        }
    };
    if let Some(err) = guard::unsupported(&ast, &scanned)? {
        return Err(err);
    }
    let guarded = guard::instrument(&ast)?;
    Ok(Expression {
        source: src.to_owned(),
        ast,
        guarded,
    })
}

/// The range of `src` without its surrounding whitespace (the fallback error range).
fn whole(src: &str) -> Option<Range<usize>> {
    let start = src.len() - src.trim_start().len();
    let end = src.trim_end().len();
    Some(start..end.max(start))
}

/// The `$states` reserved variable (AWS "Transforming data with JSONata": `$states.input`,
/// `$states.result`, `$states.errorOutput`, `$states.context`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct States {
    /// `$states.input`: the state's input.
    pub input: Value,
    /// `$states.result`: the task, Map or Parallel result (only in `Output`/`Assign`).
    pub result: Option<Value>,
    /// `$states.errorOutput`: the error caught by a Catcher (only in its `Output`/`Assign`).
    pub error_output: Option<Value>,
    /// `$states.context`: the context object.
    pub context: Value,
}

/// Bounds on one evaluation. AWS does not document its own, so these are generous but finite;
/// none of them depends on wall-clock time, so a given expression and input always give the
/// same result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Nested evaluation levels (`D1011` past it): bounds recursion.
    pub max_depth: usize,
    /// Guarded steps (lambda calls, blocks, predicates, `.()` mappings): bounds loops.
    pub max_steps: u64,
    /// Length of any sequence the engine builds (`D2015` past it), ranges included.
    pub max_sequence: usize,
    /// Bytes in a string bound to a variable or returned by a lambda.
    pub max_string_bytes: usize,
    /// Approximate bytes of the final JSON result.
    pub max_result_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 2_000,
            max_steps: 1_000_000,
            max_sequence: 1_000_000,
            // A state's payload is at most 256 KiB; leave room for intermediate values.
            max_string_bytes: 4 << 20,
            max_result_bytes: 16 << 20,
        }
    }
}

/// What an expression sees when it is evaluated.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    /// `$states`.
    pub states: States,
    /// Workflow variables (`Assign`), by name without the `$`.
    pub variables: IndexMap<String, Value>,
    /// Seed for `$random()` and `$uuid()`. Draw a fresh one per evaluation from the run's
    /// generator: one seed always gives the same values.
    pub random_seed: u64,
    /// Milliseconds since the Unix epoch returned by `$millis()` and formatted by `$now()`
    /// (the simulator's virtual clock; never the wall clock).
    pub now_millis: i64,
    /// Evaluation bounds.
    pub limits: Limits,
}

/// The result of a successful evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A JSON value; integral numbers are JSON integers (`42`, not `42.0`).
    Value(Value),
    /// JSONata `undefined`; Step Functions raises `States.QueryEvaluationError`
    /// ("… returned nothing (undefined).").
    Undefined,
    /// A function; Step Functions raises `States.QueryEvaluationError`
    /// ("… returned an unsupported result type.", case `map_map_state_items_eval_jsonata_fail_function`).
    Function,
}

impl Outcome {
    /// The value, if the outcome is one.
    #[must_use]
    pub fn into_value(self) -> Option<Value> {
        match self {
            Outcome::Value(v) => Some(v),
            Outcome::Undefined | Outcome::Function => None,
        }
    }
}

/// Shared between the evaluator's host functions during one evaluation.
pub(crate) struct Budget {
    pub(crate) steps: Cell<u64>,
    pub(crate) limits: Limits,
}

/// Evaluates `expr` with `bindings`.
///
/// # Errors
/// A JSONata evaluation error (type errors, failed `$partition` arguments, …) or a limit
/// from [`Limits`] being reached; never panics and never runs unbounded.
pub fn evaluate(expr: &Expression, bindings: &Bindings) -> Result<Outcome, JsonataError> {
    let limits = bindings.limits;
    let mut context = Context::new();
    context.bind(
        "states".to_owned(),
        value::states_to_jvalue(&bindings.states)?,
    );
    for (name, v) in &bindings.variables {
        context.bind(name.clone(), value::to_jvalue(v)?);
    }
    let options = EvaluatorOptions {
        max_stack_depth: Some(limits.max_depth),
        max_sequence_length: Some(limits.max_sequence),
        ..EvaluatorOptions::default()
    };
    let mut evaluator = Evaluator::with_options(context, options);
    let budget = Rc::new(Budget {
        steps: Cell::new(0),
        limits,
    });
    guard::register(&mut evaluator, &budget).map_err(|e| engine_error(&e))?;
    aws_functions::register(&mut evaluator, bindings, &budget).map_err(|e| engine_error(&e))?;
    // AWS rejects top-level field references, so the context item is never meaningful here.
    let result =
        contain(|| evaluator.evaluate(&expr.guarded, &jsonata_core::value::JValue::Undefined))?
            .map_err(|e| engine_error(&e))?;
    value::outcome(&result, limits)
}

/// Runs engine code, turning a panic into an error. The engine has arithmetic that overflows on
/// absurd date/time pictures (`$fromMillis(0, '[Y,0-64]')` divides by `10^64`, which wraps to
/// zero); those inputs must fail the expression, not the process. The engine's state is
/// dropped with the closure, so nothing half-updated is used again.
fn contain<T>(f: impl FnOnce() -> T) -> Result<T, JsonataError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        JsonataError::new(
            codes::EVALUATION,
            format!("The JSONata engine could not evaluate this expression ({detail})"),
            None,
        )
    })
}

/// Maps an engine error to ours, recovering the code our host functions embedded.
fn engine_error(e: &EvaluatorError) -> JsonataError {
    let message = e.message();
    if let Some((code, rest)) = guard::split_own_code(message) {
        return JsonataError::new(code, rest, None);
    }
    let code = match jsonata_core::evaluator::error_code_prefix(message) {
        Some("D1011" | "U1001") => codes::DEPTH_LIMIT,
        Some(code) => code,
        None => codes::EVALUATION,
    };
    JsonataError::new(code, message, None)
}
