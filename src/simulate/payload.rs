//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` (keys ending in `.$` are
//! evaluated) and JSONata `Arguments`/`Output` (strings `{% … %}` are evaluated).
//!
//! Compiled once: the static parts of a template collapse into one literal, so evaluating a
//! template with no expressions is a single (shared) clone; keys are shared strings, and the
//! literal arguments of intrinsic calls are values already.

use aslctl_parser::expr::{ArgKind, IntrinsicCall, Path, PayloadExpr, parse_payload_expr};
use aslctl_parser::intrinsic_fn::IntrinsicFn;

use super::env::EvalCx;
use super::error::{Failure, StatesError};
use super::expr_eval;
use super::intrinsics::{self, Rng};
use super::path::{self, PathError};
use super::value::{Map, Str, Value};
use aslctl_parser::model::ErrorName;

/// Deepest template the compiler accepts; deeper literal JSON is an error, not recursion.
pub const MAX_TEMPLATE_DEPTH: usize = 256;

/// How the message for a template past [`MAX_TEMPLATE_DEPTH`] starts (a limit of aslctl).
pub const TOO_DEEP: &str = "payload template nests deeper than";

/// A compiled template.
#[derive(Debug, Clone)]
pub enum Template {
    /// A value with nothing to evaluate.
    Literal(Value),
    /// An object some of whose members are evaluated; keys have `.$` stripped.
    Object(Vec<(Str, Template)>),
    /// An array some of whose items are evaluated.
    Array(Vec<Template>),
    /// A `key.$` path or intrinsic, with its text for error messages and its field name.
    Expr {
        /// The compiled expression.
        expr: Expr,
        /// The text as written.
        text: String,
        /// The key as written (`name.$`).
        field: String,
    },
    /// A JSONata `{% … %}` string.
    Jsonata(expr_eval::JsonataExpr),
}

/// A `.$` value, compiled: a path, or an intrinsic call.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A path, context path (`$$`) or variable reference.
    Path(Path),
    /// A `States.*` call.
    Call(Call),
    /// A call of a pure function on literals, evaluated when the template was compiled.
    Const(Value),
}

/// An intrinsic call with its arguments compiled.
#[derive(Debug, Clone)]
pub struct Call {
    function: IntrinsicFn,
    args: Vec<CallArg>,
}

/// One argument of a call.
#[derive(Debug, Clone)]
enum CallArg {
    /// A literal (for `States.Format`'s template, the raw text with its escapes).
    Literal(Value),
    /// A path.
    Path(Path),
    /// A nested call.
    Call(Call),
}

/// Compiles a parsed `.$` expression.
#[must_use]
pub fn compile_expr(e: &PayloadExpr) -> Expr {
    match e {
        PayloadExpr::Path(p) => Expr::Path(p.clone()),
        PayloadExpr::Intrinsic(call) => match compile_call(call) {
            CallArg::Literal(v) => Expr::Const(v),
            CallArg::Call(c) => Expr::Call(c),
            CallArg::Path(p) => Expr::Path(p),
        },
    }
}

/// Nesting follows the parsed call, which the parser bounds (`aslctl_parser::expr::MAX_DEPTH`).
///
/// A call of a pure function whose arguments are all literals is evaluated here, once
/// (`States.ArrayRange(1, 50, 1)` in a loop then costs nothing per iteration). A call that
/// fails is kept, so that it fails at run time with AWS's cause.
fn compile_call(call: &IntrinsicCall) -> CallArg {
    let args: Vec<CallArg> = call
        .args
        .iter()
        .enumerate()
        .map(|(i, arg)| match &arg.kind {
            // States.Format takes its literal template raw (see intrinsics::call).
            ArgKind::String(s) => CallArg::Literal(Value::string(
                if i == 0 && call.function == IntrinsicFn::Format {
                    &arg.raw
                } else {
                    s
                },
            )),
            ArgKind::Number(n) => CallArg::Literal(Value::Number(n.clone())),
            ArgKind::Bool(b) => CallArg::Literal(Value::Bool(*b)),
            ArgKind::Null => CallArg::Literal(Value::Null),
            ArgKind::Path(p) => CallArg::Path(p.clone()),
            ArgKind::Call(inner) => compile_call(inner),
        })
        .collect();
    // States.UUID and States.MathRandom draw from the run's generator.
    let pure = !matches!(call.function, IntrinsicFn::Uuid | IntrinsicFn::MathRandom);
    if pure {
        let literals: Option<Vec<Value>> = args
            .iter()
            .map(|a| match a {
                CallArg::Literal(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        if let Some(values) = literals
            && let Ok(v) = intrinsics::call(call.function, &values, &mut Rng::new(0))
        {
            return CallArg::Literal(v);
        }
    }
    CallArg::Call(Call {
        function: call.function,
        args,
    })
}

/// Which strings a template evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// JSONPath states: values of keys ending in `.$`.
    JsonPath,
    /// JSONata states: strings of the form `{% … %}`.
    Jsonata,
}

/// The body of a `{% … %}` string, if it is one.
#[must_use]
pub fn jsonata_body(s: &str) -> Option<&str> {
    match aslctl_parser::jsonata::split_template(s) {
        aslctl_parser::jsonata::Template::Expression { source, .. } => Some(source),
        _ => None,
    }
}

/// Compiles a template. `field` names it in JSONata causes (`Output`); nested expressions get
/// `Output/key` (recorded case `variables_undefined_reference_base_undefined_output_field`).
///
/// # Errors
/// A message naming the key of an unparsable expression, or the depth limit.
pub fn compile(value: &serde_json::Value, mode: Mode, field: &str) -> Result<Template, String> {
    compile_at(value, mode, field, 0)
}

fn compile_at(
    value: &serde_json::Value,
    mode: Mode,
    field: &str,
    depth: usize,
) -> Result<Template, String> {
    use serde_json::Value as J;
    if depth > MAX_TEMPLATE_DEPTH {
        return Err(format!("{TOO_DEEP} {MAX_TEMPLATE_DEPTH} levels"));
    }
    match value {
        J::Object(map) => {
            let mut members = Vec::with_capacity(map.len());
            let mut dynamic = false;
            for (key, v) in map {
                if mode == Mode::JsonPath
                    && let Some(stripped) = key.strip_suffix(".$")
                    && let J::String(text) = v
                {
                    let expr =
                        parse_payload_expr(text).map_err(|e| format!("`{key}`: {}", e.message))?;
                    members.push((
                        stripped.into(),
                        Template::Expr {
                            expr: compile_expr(&expr),
                            text: text.clone(),
                            field: key.clone(),
                        },
                    ));
                    dynamic = true;
                    continue;
                }
                let t = compile_at(v, mode, &format!("{field}/{key}"), depth + 1)?;
                dynamic |= !matches!(t, Template::Literal(_));
                members.push((key.as_str().into(), t));
            }
            if dynamic {
                Ok(Template::Object(members))
            } else {
                Ok(Template::Literal(Value::from(value)))
            }
        }
        J::Array(items) => {
            let compiled: Vec<Template> = items
                .iter()
                .enumerate()
                .map(|(i, v)| compile_at(v, mode, &format!("{field}/{i}"), depth + 1))
                .collect::<Result<_, _>>()?;
            if compiled.iter().all(|t| matches!(t, Template::Literal(_))) {
                Ok(Template::Literal(Value::from(value)))
            } else {
                Ok(Template::Array(compiled))
            }
        }
        J::String(s) if mode == Mode::Jsonata => match jsonata_body(s) {
            Some(body) => Ok(Template::Jsonata(expr_eval::compile(body, field)?)),
            None => Ok(Template::Literal(Value::from(value))),
        },
        _ => Ok(Template::Literal(Value::from(value))),
    }
}

impl Template {
    /// Whether any part reads the context object `$$`.
    #[must_use]
    pub fn uses_context(&self) -> bool {
        match self {
            Template::Literal(_) => false,
            Template::Object(m) => m.iter().any(|(_, t)| t.uses_context()),
            Template::Array(items) => items.iter().any(Template::uses_context),
            Template::Expr { text, .. } => text.contains("$$"),
            Template::Jsonata(e) => e.uses_context,
        }
    }
}

/// Evaluates a template against the state's effective input.
///
/// # Errors
/// `States.Runtime` for a path that selects nothing, `States.IntrinsicFailure` for a failing
/// intrinsic, and the JSONata hook's error for `{% %}` strings.
pub fn eval(t: &Template, cx: &EvalCx<'_>, rng: &mut Rng) -> Result<Value, Failure> {
    match t {
        Template::Literal(v) => Ok(v.clone()),
        Template::Object(members) => {
            let mut map = Map::with_capacity(members.len());
            for (key, t) in members {
                map.insert(key.clone(), eval(t, cx, rng)?);
            }
            Ok(Value::from(map))
        }
        Template::Array(items) => items
            .iter()
            .map(|t| eval(t, cx, rng))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::from),
        Template::Expr { expr, text, field } => eval_expr(expr, text, field, cx, rng),
        Template::Jsonata(e) => expr_eval::evaluate(e, cx, rng),
    }
}

/// Evaluates a `.$` expression (a path or an intrinsic call).
///
/// # Errors
/// As [`eval`].
pub fn eval_expr(
    expr: &Expr,
    text: &str,
    field: &str,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
) -> Result<Value, Failure> {
    match expr {
        Expr::Path(p) => cx.select(p).map_err(|e| {
            Failure::Error(path_failure(&e, cx, || {
                format!(
                    "The JSONPath '{text}' specified for the field '{field}' could not be found in the input '{}'",
                    cx.input_text()
                )
            }))
        }),
        Expr::Call(call) => eval_call(call, field, cx, rng, 0),
        Expr::Const(v) => Ok(v.clone()),
    }
}

/// The error for a failed path read: `States.Runtime`, worded by `not_found` when the path
/// selected nothing.
pub(crate) fn path_failure(
    e: &PathError,
    cx: &EvalCx<'_>,
    not_found: impl FnOnce() -> String,
) -> StatesError {
    let detail = match e {
        PathError::NotFound { .. } => not_found(),
        PathError::UndefinedVariable { name } => {
            return StatesError::new(
                ErrorName::QueryEvaluationError,
                cx.prefixed(&format!("The variable '${name}' is not defined")),
            );
        }
        other => other.to_string(),
    };
    StatesError::runtime(cx.prefixed(&detail))
}

fn eval_call(
    call: &Call,
    field: &str,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
    depth: usize,
) -> Result<Value, Failure> {
    // The parser bounds call nesting (aslctl_parser::expr::MAX_DEPTH); this is a second guard.
    if depth > aslctl_parser::expr::MAX_DEPTH {
        return Err(StatesError::new(
            ErrorName::IntrinsicFailure,
            cx.prefixed("intrinsic calls nest too deeply"),
        )
        .into());
    }
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        let v = match arg {
            CallArg::Literal(v) => v.clone(),
            CallArg::Path(p) => cx.select(p).map_err(|e| {
                Failure::Error(path_failure(&e, cx, || {
                    format!(
                        "The JSONPath '{}' specified for the field '{field}' could not be found in the input '{}'",
                        path::normalized(p),
                        cx.input_text()
                    )
                }))
            })?,
            CallArg::Call(inner) => eval_call(inner, field, cx, rng, depth + 1)?,
        };
        args.push(v);
    }
    intrinsics::call(call.function, &args, rng).map_err(|e| {
        Failure::Error(StatesError::new(
            ErrorName::IntrinsicFailure,
            cx.prefixed(&format!(
                "The value for the field '{field}' must be a valid JSONPath or a valid intrinsic function call. {}",
                e.cause
            )),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn static_parts_collapse() {
        let t = compile(
            &json!({"a": 1, "b": [1, {"c": 2}]}),
            Mode::JsonPath,
            "Parameters",
        )
        .unwrap();
        assert!(matches!(t, Template::Literal(_)));
        let t = compile(&json!({"a": 1, "b.$": "$.x"}), Mode::JsonPath, "Parameters").unwrap();
        let Template::Object(m) = t else { panic!() };
        assert_eq!(&*m[1].0, "b");
        // In JSONata states `.$` keys are ordinary keys.
        let t = compile(&json!({"b.$": "$.x"}), Mode::Jsonata, "Output").unwrap();
        assert!(matches!(t, Template::Literal(_)));
        let t = compile(&json!({"b": "{% 1 + 1 %}"}), Mode::Jsonata, "Output").unwrap();
        assert!(matches!(t, Template::Object(_)));
    }

    #[test]
    fn bad_expressions_are_compile_errors() {
        let err = compile(&json!({"b.$": "not a path"}), Mode::JsonPath, "Parameters").unwrap_err();
        assert!(err.contains("`b.$`"), "{err}");
    }
}
