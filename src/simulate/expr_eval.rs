//! The one entry point for JSONata expressions (`{% … %}` strings, `Condition`, `Items`,
//! `Arguments`, `Output`, `Assign` and every other field JSONata states evaluate).
//!
//! Expressions are parsed once, at compile time ([`compile`]), and evaluated with
//! `aslctl_parser::jsonata`: `$states.input/result/errorOutput/context` come from the
//! [`EvalCx`], variables from its scope stack, `$random`/`$uuid` from a seed drawn from the
//! run's generator and `$now`/`$millis` from the virtual clock. Every way an expression can fail
//! becomes `States.QueryEvaluationError` with AWS's wording (AWS "Transforming data with
//! JSONata in Step Functions"; causes from the recorded cases `variables_undefined_reference_*`
//! and `map_map_state_items_*`).

use std::sync::Arc;

use aslctl_parser::jsonata::{
    self, Bindings, Expression, Outcome, ReferenceKind, StatesField, references,
};
use aslctl_parser::model::ErrorName;

use super::value::Value;

use super::env::EvalCx;
use super::error::{Abort, Failure, StatesError};
use super::intrinsics::Rng;

/// A parsed `{% … %}` expression and the field it sits in (`Output/result`, `Items`, …).
#[derive(Debug, Clone)]
pub struct JsonataExpr {
    expr: Arc<Expression>,
    /// Where the expression sits, as AWS names it in causes and in `EvaluationFailed`
    /// (`Arguments/FunctionName`, `Assign/result`).
    pub field: String,
    /// The workflow variables the expression reads (only those are bound).
    vars: Vec<String>,
    /// Whether it reads `$states.context` (the context object is then built).
    pub uses_context: bool,
    /// Which parts of `$states` it reads: only those are copied into the bindings, so a Map
    /// over many items does not copy its whole input once per item.
    reads: Reads,
}

/// The parts of `$states` an expression reads.
#[derive(Debug, Clone, Copy, Default)]
struct Reads {
    input: bool,
    result: bool,
    error_output: bool,
    /// `$states.context.Execution.Input` or the whole context (else the context without the
    /// execution input is enough).
    execution_input: bool,
}

impl JsonataExpr {
    /// The expression as AWS quotes it in causes.
    #[must_use]
    pub fn source(&self) -> &str {
        self.expr.quoted_source()
    }
}

/// Parses the body of a `{% … %}` string.
///
/// # Errors
/// The syntax error, worded for a compile error.
pub fn compile(body: &str, field: &str) -> Result<JsonataExpr, String> {
    let expr = jsonata::parse(body).map_err(|e| {
        format!(
            "`{field}`: the JSONata expression '{}' is invalid: {}",
            body.trim(),
            e.message
        )
    })?;
    let mut vars = Vec::new();
    let mut uses_context = false;
    let mut reads = Reads::default();
    for r in references(&expr) {
        match r.kind {
            ReferenceKind::Variable(name) if !vars.contains(&name) => vars.push(name),
            ReferenceKind::States { field, path } => match field {
                StatesField::Input => reads.input = true,
                StatesField::Result => reads.result = true,
                StatesField::ErrorOutput => reads.error_output = true,
                StatesField::Context => {
                    uses_context = true;
                    let execution = path.first().is_none_or(|p| p == "Execution");
                    let input = path.get(1).is_none_or(|p| p == "Input");
                    reads.execution_input |= execution && input;
                }
                StatesField::Whole => {
                    uses_context = true;
                    reads = Reads {
                        input: true,
                        result: true,
                        error_output: true,
                        execution_input: true,
                    };
                }
                StatesField::Other(_) => {}
            },
            _ => {}
        }
    }
    Ok(JsonataExpr {
        expr: Arc::new(expr),
        field: field.to_owned(),
        vars,
        uses_context,
        reads,
    })
}

/// Evaluates an expression in a state's context.
///
/// # Errors
/// `States.QueryEvaluationError` when the expression fails, returns nothing (`undefined`) or
/// returns a function; the error carries its field, for the `EvaluationFailed` event.
pub fn evaluate(e: &JsonataExpr, cx: &EvalCx<'_>, rng: &mut Rng) -> Result<Value, Failure> {
    // The JSONata engine works on `serde_json` values: only what the expression reads is
    // converted.
    let mut b = Bindings::default();
    if e.reads.input {
        b.states.input = cx.input.to_serde();
    }
    if e.reads.result {
        b.states.result = cx.result.map(Value::to_serde);
    }
    if e.reads.error_output {
        b.states.error_output = cx.error_output.map(Value::to_serde);
    }
    if e.uses_context {
        b.states.context = context(cx, e.reads.execution_input);
    }
    for name in &e.vars {
        if let Some(v) = cx.vars.get(name) {
            b.variables.insert(name.clone(), v.to_serde());
        }
    }
    b.random_seed = rng.next_u64();
    b.now_millis = cx.now_ms;
    let detail = match jsonata::evaluate(&e.expr, &b) {
        Ok(Outcome::Value(v)) => return Ok(Value::from(v)),
        Ok(Outcome::Undefined) => "returned nothing (undefined).".to_owned(),
        Ok(Outcome::Function) => "returned an unsupported result type.".to_owned(),
        // Step and depth budgets are aslctl's, not AWS's: stopping there is not a
        // `States.QueryEvaluationError` a Catcher could handle.
        Err(err)
            if err.code == jsonata::codes::STEP_LIMIT
                || err.code == jsonata::codes::DEPTH_LIMIT =>
        {
            return Err(Abort::Jsonata {
                field: e.field.clone(),
                message: err.message,
            }
            .into());
        }
        Err(err) => format!("threw an error during evaluation: {}", err.message),
    };
    Err(failure(e, cx, &detail))
}

/// `$states.context`; `Execution.Input` is `null` unless the expression reads it, so a large
/// execution input is not converted for expressions that do not.
fn context(cx: &EvalCx<'_>, with_input: bool) -> serde_json::Value {
    let Value::Object(root) = cx.context.get() else {
        return serde_json::Value::Null;
    };
    let mut m = serde_json::Map::with_capacity(root.len());
    for (k, v) in root.iter() {
        let v = match v {
            Value::Object(execution) if &**k == "Execution" && !with_input => {
                serde_json::Value::Object(
                    execution
                        .iter()
                        .map(|(k, v)| {
                            let v = if &**k == "Input" {
                                serde_json::Value::Null
                            } else {
                                v.to_serde()
                            };
                            (k.to_string(), v)
                        })
                        .collect(),
                )
            }
            other => other.to_serde(),
        };
        m.insert(k.to_string(), v);
    }
    serde_json::Value::Object(m)
}

/// A `States.QueryEvaluationError` about expression `e`: `The JSONata expression '…'
/// specified for the field '…' {detail}`.
#[must_use]
pub fn failure(e: &JsonataExpr, cx: &EvalCx<'_>, detail: &str) -> Failure {
    located(
        cx,
        &e.field,
        &format!(
            "The JSONata expression '{}' specified for the field '{}' {detail}",
            e.source(),
            e.field
        ),
    )
}

/// A `States.QueryEvaluationError` raised while evaluating `field`, with AWS's state prefix;
/// it is reported in an `EvaluationFailed` event.
#[must_use]
pub fn located(cx: &EvalCx<'_>, field: &str, detail: &str) -> Failure {
    let mut err = StatesError::new(ErrorName::QueryEvaluationError, cx.prefixed(detail));
    err.location = Some(field.to_owned());
    Failure::Error(err)
}

/// AWS's name for a value's JSON type in "Expected 'array', but was 'number'".
#[must_use]
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Evaluates an expression that must give a value of one JSON type, with AWS's wording when it
/// does not: `returned an unexpected result type. Expected 'array', but was 'number' for
/// value: 1` (recorded case `map_map_state_items_eval_jsonata_fail_number`).
///
/// # Errors
/// As [`evaluate`], and the type mismatch.
pub fn evaluate_typed(
    e: &JsonataExpr,
    expected: &str,
    ok: impl Fn(&Value) -> bool,
    cx: &EvalCx<'_>,
    rng: &mut Rng,
) -> Result<Value, Failure> {
    let v = evaluate(e, cx, rng)?;
    if ok(&v) {
        return Ok(v);
    }
    let shown = serde_json::to_string(&v).unwrap_or_default();
    Err(failure(
        e,
        cx,
        &format!(
            "returned an unexpected result type. Expected '{expected}', but was '{}' for value: {shown}",
            type_name(&v)
        ),
    ))
}
