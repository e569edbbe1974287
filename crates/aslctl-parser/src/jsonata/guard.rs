//! Keeping evaluation bounded and deterministic, and refusing what Step Functions refuses.
//!
//! The engine bounds recursion depth and sequence length, but has no step budget that does not
//! read the wall clock. So the parsed tree is instrumented once: every lambda body, block and
//! non-literal predicate first calls a host function that counts steps, and every lambda result
//! and `:=` value passes through one that checks its size (repeated doubling of a string needs
//! few steps but a lot of memory). Every loop in JSONata goes through a lambda, a block or a
//! predicate, so the step count bounds the running time.

use std::rc::Rc;

use jsonata_core::ast::{AstNode, BinaryOp, Stage};
use jsonata_core::evaluator::{Evaluator, EvaluatorError};
use jsonata_core::value::JValue;

use super::scan::{Scanned, TokenKind};
use super::{Budget, JsonataError, codes};

/// Host function counting one step.
const STEP_FN: &str = "__aslctlStep";
/// Host function checking the size of the value it passes through.
const SIZE_FN: &str = "__aslctlSize";
/// Host function charging steps for the size of a function argument it passes through.
const CHARGE_FN: &str = "__aslctlCharge";
/// Host function standing in for the `..` range operator, charging one step per item.
const RANGE_FN: &str = "__aslctlRange";
/// Host function refusing a `$pad` width past the string size limit.
const WIDTH_FN: &str = "__aslctlWidth";
/// Host function refusing date/time pictures with huge width modifiers (`[Y,2000000000]`).
const PICTURE_FN: &str = "__aslctlPicture";
/// Widest a date/time picture component may ask to be. XPath pictures use a handful of
/// digits (`[Y,4]`, `[f,3-3]`); the engine pads to the width before any other check.
const MAX_PICTURE_WIDTH: usize = 1_000;
/// Bytes of string that cost one step when passed to a function.
const BYTES_PER_STEP: usize = 64;
/// Deeper trees are refused; the engine's parser already stops near 1000 levels.
const MAX_TREE_DEPTH: usize = 4_000;
/// Our error codes travel through the engine inside the message, as `"<code>: <message>"`.
const OWN_PREFIX: &str = "ASL.";

fn call(name: &str, args: Vec<AstNode>) -> AstNode {
    AstNode::Function {
        name: name.to_owned(),
        args,
        is_builtin: true,
    }
}

fn step() -> AstNode {
    call(STEP_FN, Vec::new())
}

/// Wraps `node` so that evaluating it first counts a step; the value is unchanged.
fn stepped(node: &mut AstNode) {
    let inner = std::mem::replace(node, AstNode::Null);
    *node = match inner {
        AstNode::Block(mut items) => {
            items.insert(0, step());
            AstNode::Block(items)
        }
        other => AstNode::Block(vec![step(), other]),
    };
}

/// Wraps `node` in a size check; the value is unchanged.
fn sized(node: &mut AstNode) {
    let inner = std::mem::replace(node, AstNode::Null);
    *node = call(SIZE_FN, vec![inner]);
}

fn too_deep() -> JsonataError {
    JsonataError::new(
        codes::DEPTH_LIMIT,
        format!("Expression nests deeper than {MAX_TREE_DEPTH} levels"),
        None,
    )
}

/// The direct children of `node`, for read-only walks.
pub(crate) fn children(node: &AstNode) -> Vec<&AstNode> {
    let mut out = Vec::new();
    match node {
        AstNode::Path { steps } => {
            for s in steps {
                out.push(&s.node);
                for stage in &s.stages {
                    if let Stage::Filter(f) = stage {
                        out.push(f.as_ref());
                    }
                }
            }
        }
        AstNode::Binary { lhs, rhs, .. } => out.extend([lhs.as_ref(), rhs.as_ref()]),
        AstNode::Unary { operand, .. } => out.push(operand),
        AstNode::Function { args, .. } => out.extend(args),
        AstNode::Call { procedure, args } => {
            out.push(procedure);
            out.extend(args);
        }
        AstNode::Lambda { body, .. } => out.push(body),
        AstNode::Array(items) | AstNode::Block(items) | AstNode::ArrayGroup(items) => {
            out.extend(items);
        }
        AstNode::Object(pairs) => {
            for (k, v) in pairs {
                out.extend([k, v]);
            }
        }
        AstNode::ObjectTransform { input, pattern } => {
            out.push(input);
            for (k, v) in pattern {
                out.extend([k, v]);
            }
        }
        AstNode::Conditional {
            condition,
            then_branch,
            else_branch,
        } => {
            out.extend([condition.as_ref(), then_branch.as_ref()]);
            out.extend(else_branch.as_deref());
        }
        AstNode::FunctionApplication(inner) => out.push(inner),
        AstNode::Sort { input, terms } => {
            out.push(input);
            out.extend(terms.iter().map(|(t, _)| t));
        }
        AstNode::Transform {
            location,
            update,
            delete,
        } => {
            out.extend([location.as_ref(), update.as_ref()]);
            out.extend(delete.as_deref());
        }
        AstNode::String(_)
        | AstNode::Name(_)
        | AstNode::Number(_)
        | AstNode::Boolean(_)
        | AstNode::Null
        | AstNode::Undefined
        | AstNode::Placeholder
        | AstNode::Regex { .. }
        | AstNode::Variable(_)
        | AstNode::ParentVariable(_)
        | AstNode::Wildcard
        | AstNode::Descendant
        | AstNode::Parent(_) => {}
    }
    out
}

/// The first construct Step Functions does not support, as an error.
pub(crate) fn unsupported(
    ast: &AstNode,
    scanned: &Scanned,
) -> Result<Option<JsonataError>, JsonataError> {
    let range_of = |want: &TokenKind| {
        scanned
            .tokens
            .iter()
            .find(|t| &t.kind == want)
            .map(|t| t.range.clone())
    };
    let mut stack = vec![(ast, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH {
            return Err(too_deep());
        }
        let found = match node {
            AstNode::Binary {
                op: BinaryOp::Default,
                ..
            } => Some(("The '?:' operator", range_of(&TokenKind::Elvis))),
            AstNode::Binary {
                op: BinaryOp::Coalesce,
                ..
            } => Some(("The '??' operator", range_of(&TokenKind::Coalesce))),
            AstNode::Function { name, .. } | AstNode::Variable(name) if name == "eval" => Some((
                "The function '$eval'",
                range_of(&TokenKind::Variable("eval".to_owned())),
            )),
            _ => None,
        };
        if let Some((what, range)) = found {
            let advice = if what.contains("eval") {
                "; use $parse instead"
            } else {
                ""
            };
            return Ok(Some(JsonataError::new(
                codes::UNSUPPORTED,
                format!("{what} is not supported by Step Functions{advice}"),
                range,
            )));
        }
        stack.extend(children(node).into_iter().map(|c| (c, depth + 1)));
    }
    Ok(None)
}

/// A copy of `ast` with step and size guards inserted (see the module docs).
pub(crate) fn instrument(ast: &AstNode) -> Result<AstNode, JsonataError> {
    let mut out = ast.clone();
    visit(&mut out, 0)?;
    Ok(out)
}

fn visit(node: &mut AstNode, depth: usize) -> Result<(), JsonataError> {
    if depth > MAX_TREE_DEPTH {
        return Err(too_deep());
    }
    let d = depth + 1;
    match node {
        AstNode::Path { steps } => {
            for s in steps {
                visit(&mut s.node, d)?;
                for stage in &mut s.stages {
                    if let Stage::Filter(f) = stage {
                        visit(f, d)?;
                        // A literal index costs nothing; keep it as is.
                        if !matches!(f.as_ref(), AstNode::Number(_)) {
                            stepped(f);
                        }
                    }
                }
            }
        }
        AstNode::Binary {
            op: BinaryOp::Range,
            lhs,
            rhs,
        } => {
            visit(lhs, d)?;
            visit(rhs, d)?;
            let lhs = std::mem::replace(lhs.as_mut(), AstNode::Null);
            let rhs = std::mem::replace(rhs.as_mut(), AstNode::Null);
            *node = call(RANGE_FN, vec![lhs, rhs]);
        }
        AstNode::Binary { op, lhs, rhs } => {
            visit(lhs, d)?;
            visit(rhs, d)?;
            // A lambda keeps its shape so that `$f := function…` stays self-recursive.
            if *op == BinaryOp::ColonEqual && !matches!(rhs.as_ref(), AstNode::Lambda { .. }) {
                sized(rhs);
            }
        }
        AstNode::Unary { operand, .. } => visit(operand, d)?,
        AstNode::Function {
            name,
            args,
            is_builtin,
        } => {
            for a in args.iter_mut() {
                visit(a, d)?;
            }
            // Built-ins run on their own; charge for the data they are handed (a lambda or a
            // `?` placeholder costs nothing to pass).
            if !name.starts_with("__aslctl") {
                for a in args.iter_mut() {
                    if !matches!(a, AstNode::Lambda { .. } | AstNode::Placeholder) {
                        let inner = std::mem::replace(a, AstNode::Null);
                        *a = call(CHARGE_FN, vec![inner]);
                    }
                }
            }
            // Built-ins whose output size is set by a number or a picture rather than by the
            // data they are handed allocate it in one go, before any size check could run:
            // check those arguments first. Every argument is checked (a chained `~>` call
            // shifts positions); the check only looks at numbers, or at strings.
            let check = match name.as_str() {
                "pad" if *is_builtin => Some(WIDTH_FN),
                "fromMillis" | "toMillis" | "now" if *is_builtin => Some(PICTURE_FN),
                _ => None,
            };
            if let Some(check) = check {
                for a in args.iter_mut() {
                    if !matches!(a, AstNode::Lambda { .. } | AstNode::Placeholder) {
                        let inner = std::mem::replace(a, AstNode::Null);
                        *a = call(check, vec![inner]);
                    }
                }
            }
            // jsonata-js defines `$now(p, tz)` as `$fromMillis(<timestamp>, p, tz)`; routing it
            // through `$millis` gives the simulator a single clock to set.
            if *is_builtin && name == "now" {
                "fromMillis".clone_into(name);
                args.insert(0, call("millis", Vec::new()));
            }
        }
        AstNode::Call { procedure, args } => {
            visit(procedure, d)?;
            for a in args {
                visit(a, d)?;
            }
        }
        AstNode::Lambda { body, .. } => {
            visit(body, d)?;
            sized(body);
            stepped(body);
        }
        AstNode::Block(items) => {
            for i in items.iter_mut() {
                visit(i, d)?;
            }
            items.insert(0, step());
        }
        AstNode::Array(items) | AstNode::ArrayGroup(items) => {
            for i in items {
                visit(i, d)?;
            }
        }
        AstNode::Object(pairs) => {
            for (k, v) in pairs {
                visit(k, d)?;
                visit(v, d)?;
            }
        }
        AstNode::ObjectTransform { input, pattern } => {
            visit(input, d)?;
            for (k, v) in pattern {
                visit(k, d)?;
                visit(v, d)?;
            }
        }
        AstNode::Conditional {
            condition,
            then_branch,
            else_branch,
        } => {
            visit(condition, d)?;
            visit(then_branch, d)?;
            if let Some(e) = else_branch {
                visit(e, d)?;
            }
        }
        AstNode::FunctionApplication(inner) => {
            visit(inner, d)?;
            stepped(inner);
        }
        AstNode::Sort { input, terms } => {
            visit(input, d)?;
            for (t, _) in terms {
                visit(t, d)?;
            }
        }
        AstNode::Transform {
            location,
            update,
            delete,
        } => {
            visit(location, d)?;
            visit(update, d)?;
            if let Some(x) = delete {
                visit(x, d)?;
            }
        }
        AstNode::String(_)
        | AstNode::Name(_)
        | AstNode::Number(_)
        | AstNode::Boolean(_)
        | AstNode::Null
        | AstNode::Undefined
        | AstNode::Placeholder
        | AstNode::Regex { .. }
        | AstNode::Variable(_)
        | AstNode::ParentVariable(_)
        | AstNode::Wildcard
        | AstNode::Descendant
        | AstNode::Parent(_) => {}
    }
    Ok(())
}

/// An engine error carrying one of our codes.
pub(crate) fn own_error(code: &str, message: &str) -> EvaluatorError {
    EvaluatorError::EvaluationError(format!("{code}: {message}"))
}

/// Splits `"<our code>: <message>"`, if `message` is one of ours.
pub(crate) fn split_own_code(message: &str) -> Option<(&str, &str)> {
    if !message.starts_with(OWN_PREFIX) {
        return None;
    }
    message.split_once(": ")
}

impl Budget {
    /// Spends `n` steps, failing once the budget is gone.
    pub(crate) fn charge(&self, n: u64) -> Result<(), EvaluatorError> {
        let spent = self.steps.get().saturating_add(n);
        self.steps.set(spent);
        if spent > self.limits.max_steps {
            return Err(own_error(
                codes::STEP_LIMIT,
                &format!(
                    "Evaluation exceeded {} steps. Check for infinite recursion or very large data",
                    self.limits.max_steps
                ),
            ));
        }
        Ok(())
    }

    /// The size of `v` in steps, walking no further than the budget left.
    fn cost(&self, v: &JValue) -> u64 {
        let left = self.limits.max_steps.saturating_sub(self.steps.get());
        let mut cost = 0u64;
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            cost += match v {
                JValue::String(s) => (s.len() / BYTES_PER_STEP) as u64,
                JValue::Array(a) => {
                    stack.extend(a.iter());
                    a.len() as u64
                }
                JValue::Object(o) => {
                    stack.extend(o.values());
                    o.len() as u64
                }
                _ => 0,
            };
            if cost > left {
                break;
            }
        }
        cost
    }
}

/// `lhs..rhs` as jsonata-js evaluates it: integers only, undefined if either side is.
fn range(args: &[JValue], budget: &Budget) -> Result<JValue, EvaluatorError> {
    let side = |i: usize, code: &str, which: &str| -> Result<Option<i64>, EvaluatorError> {
        match args.get(i) {
            None | Some(JValue::Undefined) => Ok(None),
            // Integral and within ±2^53, so the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            Some(JValue::Number(n)) if n.fract() == 0.0 && n.abs() <= 9e15 => Ok(Some(*n as i64)),
            Some(_) => Err(EvaluatorError::EvaluationError(format!(
                "{code}: The {which} side of the range operator (..) must evaluate to an integer"
            ))),
        }
    };
    let (Some(start), Some(end)) = (side(0, "T2003", "left")?, side(1, "T2004", "right")?) else {
        return Ok(JValue::Undefined);
    };
    let count = u64::try_from(end.saturating_sub(start).saturating_add(1)).unwrap_or(0);
    if count > 10_000_000 {
        return Err(EvaluatorError::EvaluationError(
            "D2014: Range operator results in too many elements (> 10,000,000)".to_owned(),
        ));
    }
    budget.charge(count)?;
    #[allow(clippy::cast_precision_loss)] // |n| <= 9e15 < 2^53.
    let items: Vec<serde_json::Value> = (start..=end).map(serde_json::Value::from).collect();
    super::value::to_jvalue(&serde_json::Value::Array(items))
        .map_err(|e| own_error(&e.code, &e.message))
}

/// Registers the step and size guards for one evaluation.
pub(crate) fn register(ev: &mut Evaluator, budget: &Rc<Budget>) -> Result<(), EvaluatorError> {
    let b = Rc::clone(budget);
    ev.register_fn(STEP_FN, move |_: &[JValue]| {
        b.charge(1)?;
        Ok(JValue::Undefined)
    })?;
    let b = Rc::clone(budget);
    ev.register_fn(CHARGE_FN, move |args: &[JValue]| {
        let v = args.first().cloned().unwrap_or(JValue::Undefined);
        b.charge(b.cost(&v))?;
        Ok(v)
    })?;
    let b = Rc::clone(budget);
    ev.register_fn(RANGE_FN, move |args: &[JValue]| range(args, &b))?;
    let limits = budget.limits;
    ev.register_fn(WIDTH_FN, move |args: &[JValue]| {
        let v = args.first().cloned().unwrap_or(JValue::Undefined);
        match &v {
            #[allow(clippy::cast_precision_loss)] // A limit in bytes, far below 2^53.
            JValue::Number(n) if n.abs() > limits.max_string_bytes as f64 => Err(own_error(
                codes::SIZE_LIMIT,
                &format!(
                    "$pad to a width of {n} would build a string over {} bytes",
                    limits.max_string_bytes
                ),
            )),
            _ => Ok(v),
        }
    })?;
    ev.register_fn(PICTURE_FN, move |args: &[JValue]| {
        let v = args.first().cloned().unwrap_or(JValue::Undefined);
        match &v {
            JValue::String(s) if picture_too_wide(s) => Err(own_error(
                codes::SIZE_LIMIT,
                &format!(
                    "A date/time picture component is wider than {MAX_PICTURE_WIDTH} characters"
                ),
            )),
            _ => Ok(v),
        }
    })?;
    let b = Rc::clone(budget);
    ev.register_fn(SIZE_FN, move |args: &[JValue]| {
        let v = args.first().cloned().unwrap_or(JValue::Undefined);
        match &v {
            JValue::String(s) if s.len() > b.limits.max_string_bytes => Err(own_error(
                codes::SIZE_LIMIT,
                &format!(
                    "A string exceeded {} bytes during evaluation",
                    b.limits.max_string_bytes
                ),
            )),
            JValue::Array(a) if a.len() > b.limits.max_sequence => Err(own_error(
                codes::SIZE_LIMIT,
                &format!(
                    "An array exceeded {} items during evaluation",
                    b.limits.max_sequence
                ),
            )),
            _ => Ok(v),
        }
    })?;
    Ok(())
}

/// Whether a date/time picture has a width modifier (`[Y,min-max]`, XPath F&O 3.1 §9.8.4.2)
/// above [`MAX_PICTURE_WIDTH`]. `[[` and `]]` are literal brackets.
fn picture_too_wide(picture: &str) -> bool {
    let mut rest = picture;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or("");
        if let Some(literal) = after.strip_prefix('[') {
            rest = literal;
            continue;
        }
        let Some(close) = after.find(']') else {
            return false;
        };
        let marker = after.get(..close).unwrap_or("");
        if let Some((_, widths)) = marker.rsplit_once(',') {
            for part in widths.split('-') {
                let digits: String = part.chars().filter(char::is_ascii_digit).collect();
                let digits = digits.trim_start_matches('0');
                let too_wide = digits.len() > 4
                    || digits.parse::<usize>().is_ok_and(|w| w > MAX_PICTURE_WIDTH);
                if too_wide {
                    return true;
                }
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    false
}
