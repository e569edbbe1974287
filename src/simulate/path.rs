//! JSONPath evaluation: selecting values with a parsed path, and merging a result at a ResultPath.
//!
//! Semantics follow Jayway JsonPath as AWS runs it: a definite path yields its single value and
//! fails when it matches nothing; an indefinite path (wildcard, slice, union, filter, deep scan)
//! yields an array of matches, `[]` when nothing matches (recorded cases
//! `pass_fail_succeed_json_path_array_wildcard_or_slice_*`).
//!
//! Recursion here follows the shape of a parsed path, whose nesting the parser bounds
//! (`aslctl_parser::expr::MAX_DEPTH`); walks over JSON values use explicit stacks.

use aslctl_parser::expr::{
    CompareOp, FilterExpr, Operand, Path, PathFunction, Root, Segment, Selector,
};
use std::rc::Rc;

pub use super::value::Value;

/// Why a path could not be evaluated or written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// A definite path selected nothing; `path` is Jayway's normalised form (`$['a']['b']`),
    /// as in AWS's cause "Invalid path '$.a' : No results for path: $['a']".
    #[error("No results for path: {path}")]
    NotFound {
        /// The normalised path.
        path: String,
    },
    /// A `$name` reference to a variable that is not defined.
    #[error("The variable '${name}' is not defined")]
    UndefinedVariable {
        /// The variable name, without `$`.
        name: String,
    },
    /// A tail function (`.sum()`, …) could not be applied to what the path selected.
    #[error("Function {}() failed: {message}", .function.as_str())]
    Function {
        /// The function.
        function: PathFunction,
        /// What went wrong.
        message: String,
    },
    /// A filter's `=~` regular expression does not compile.
    #[error("Invalid regular expression /{pattern}/: {message}")]
    Regex {
        /// The pattern as written.
        pattern: String,
        /// The compiler's complaint.
        message: String,
    },
    /// A ResultPath step meets a value it cannot write into (`States.ResultPathMatchFailure`).
    #[error("Unable to apply ResultPath {path}: cannot write into {found}")]
    ResultPathMismatch {
        /// The normalised ResultPath.
        path: String,
        /// What was found where an object (or array element) was needed.
        found: String,
    },
    /// A ResultPath that is not a Reference Path on the state input.
    #[error("{path} is not a reference path on the state input")]
    NotReferencePath {
        /// The normalised path.
        path: String,
    },
}

/// The documents a path can read: `$` (input), `$$` (context) and `$name` variables.
struct Env<'a, 'f> {
    input: &'a Value,
    context: &'a Value,
    vars: &'f dyn Fn(&str) -> Option<&'a Value>,
}

/// Evaluates `path` against the state input, the context object and the variables in scope.
///
/// # Errors
/// [`PathError::NotFound`] when a definite path matches nothing, [`PathError::UndefinedVariable`]
/// for an unknown `$name`, and function or regex failures.
pub fn select<'a>(
    path: &Path,
    input: &'a Value,
    context: &'a Value,
    vars: impl Fn(&str) -> Option<&'a Value>,
) -> Result<Value, PathError> {
    let env = Env {
        input,
        context,
        vars: &vars,
    };
    let root = root_value(&path.root, &env)?;
    let (segments, function) = split_function(&path.segments);
    if path.is_definite() {
        let found = walk_definite(root, segments).ok_or_else(|| PathError::NotFound {
            path: normalized(path),
        })?;
        match function {
            Some(f) => apply_function(f, found),
            None => Ok(found.clone()),
        }
    } else {
        let matches = select_all(segments, root, &env)?;
        let array: Value = matches.into_iter().cloned().collect();
        match function {
            // Jayway: "the input to a function is the output of the path expression".
            Some(f) => apply_function(f, &array),
            None => Ok(array),
        }
    }
}

/// Writes `result` into `input` at a ResultPath, creating missing intermediate objects.
///
/// `$` replaces the whole input. Stepping into a value that is not an object (or an array, for
/// an index) fails, which the simulator reports as `States.ResultPathMatchFailure`.
///
/// # Errors
/// [`PathError::NotReferencePath`] for a non-reference path, [`PathError::ResultPathMismatch`]
/// when a step meets a value it cannot write into.
pub fn write_result_path(input: Value, path: &Path, result: Value) -> Result<Value, PathError> {
    if path.root != Root::Input || !path.is_reference_path() {
        return Err(PathError::NotReferencePath {
            path: normalized(path),
        });
    }
    let mut root = input;
    let mut slot = &mut root;
    let last = path.segments.len().saturating_sub(1);
    for (i, segment) in path.segments.iter().enumerate() {
        let found = describe(slot);
        slot = match (segment, slot) {
            (Segment::Member(key), Value::Object(map)) => {
                Rc::make_mut(map).get_or_insert_with(key, || {
                    if i == last {
                        Value::Null
                    } else {
                        Value::object()
                    }
                })
            }
            (Segment::Index(index), Value::Array(items)) => {
                let items = Rc::make_mut(items);
                let len = items.len();
                match resolve_index(*index, len).and_then(|u| items.get_mut(u)) {
                    Some(item) => item,
                    None => {
                        return Err(PathError::ResultPathMismatch {
                            path: normalized(path),
                            found: format!("index {index} of an array of {len}"),
                        });
                    }
                }
            }
            _ => {
                return Err(PathError::ResultPathMismatch {
                    path: normalized(path),
                    found,
                });
            }
        };
    }
    *slot = result;
    Ok(root)
}

/// Jayway's normalised rendering of a path, used in AWS error causes: `$['a'][0]`.
#[must_use]
pub fn normalized(path: &Path) -> String {
    let mut out = match &path.root {
        Root::Input => "$".to_owned(),
        Root::Context => "$$".to_owned(),
        Root::Variable(name) => format!("${name}"),
    };
    for segment in &path.segments {
        push_segment(&mut out, segment);
    }
    out
}

fn push_segment(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Member(name) => out.push_str(&format!("['{name}']")),
        Segment::Wildcard => out.push_str("[*]"),
        Segment::Index(i) => out.push_str(&format!("[{i}]")),
        Segment::Slice { start, end, step } => {
            let part = |v: &Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
            out.push_str(&format!("[{}:{}", part(start), part(end)));
            if step.is_some() {
                out.push_str(&format!(":{}", part(step)));
            }
            out.push(']');
        }
        Segment::Union(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|s| match s {
                    Selector::Member(name) => format!("'{name}'"),
                    Selector::Index(i) => i.to_string(),
                })
                .collect();
            out.push_str(&format!("[{}]", parts.join(",")));
        }
        Segment::Filter(_) => out.push_str("[?]"),
        Segment::DeepScan(inner) => {
            out.push_str("..");
            push_segment(out, inner);
        }
        Segment::Function(f) => out.push_str(&format!(".{}()", f.as_str())),
    }
}

fn root_value<'a>(root: &Root, env: &Env<'a, '_>) -> Result<&'a Value, PathError> {
    match root {
        Root::Input => Ok(env.input),
        Root::Context => Ok(env.context),
        Root::Variable(name) => {
            (env.vars)(name).ok_or_else(|| PathError::UndefinedVariable { name: name.clone() })
        }
    }
}

fn split_function(segments: &[Segment]) -> (&[Segment], Option<PathFunction>) {
    match segments.split_last() {
        Some((Segment::Function(f), rest)) => (rest, Some(*f)),
        _ => (segments, None),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
    .to_owned()
}

/// A negative index counts from the end.
fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let i = if index < 0 {
        len.checked_add(index)?
    } else {
        index
    };
    if (0..len).contains(&i) {
        usize::try_from(i).ok()
    } else {
        None
    }
}

/// Members and indexes only; `None` when a step finds nothing.
#[must_use]
pub fn walk<'a>(root: &'a Value, segments: &[Segment]) -> Option<&'a Value> {
    walk_definite(root, segments)
}

fn walk_definite<'a>(root: &'a Value, segments: &[Segment]) -> Option<&'a Value> {
    let mut current = root;
    for segment in segments {
        current = match (segment, current) {
            (Segment::Member(key), Value::Object(map)) => map.get(key)?,
            (Segment::Index(i), Value::Array(items)) => {
                items.get(resolve_index(*i, items.len())?)?
            }
            _ => return None,
        };
    }
    Some(current)
}

fn select_all<'a>(
    segments: &[Segment],
    root: &'a Value,
    env: &Env<'a, '_>,
) -> Result<Vec<&'a Value>, PathError> {
    let mut current = vec![root];
    for segment in segments {
        let mut next = Vec::new();
        for value in current {
            apply_segment(segment, value, env, &mut next)?;
        }
        current = next;
    }
    Ok(current)
}

fn apply_segment<'a>(
    segment: &Segment,
    value: &'a Value,
    env: &Env<'a, '_>,
    out: &mut Vec<&'a Value>,
) -> Result<(), PathError> {
    match segment {
        Segment::Member(key) => out.extend(value.get(key.as_str())),
        Segment::Index(i) => {
            if let Value::Array(items) = value {
                out.extend(resolve_index(*i, items.len()).and_then(|u| items.get(u)));
            }
        }
        Segment::Wildcard => match value {
            Value::Object(map) => out.extend(map.values()),
            Value::Array(items) => out.extend(items.iter()),
            _ => {}
        },
        Segment::Slice { start, end, step } => {
            if let Value::Array(items) = value {
                for u in slice_indexes(items.len(), *start, *end, *step) {
                    out.extend(items.get(u));
                }
            }
        }
        Segment::Union(selectors) => {
            for selector in selectors {
                match (selector, value) {
                    (Selector::Member(key), Value::Object(map)) => out.extend(map.get(key)),
                    (Selector::Index(i), Value::Array(items)) => {
                        out.extend(resolve_index(*i, items.len()).and_then(|u| items.get(u)));
                    }
                    _ => {}
                }
            }
        }
        // Jayway tests each element of an array, and an object itself.
        Segment::Filter(filter) => match value {
            Value::Array(items) => {
                for item in items.iter() {
                    if eval_filter(filter, item, env)? {
                        out.push(item);
                    }
                }
            }
            Value::Object(_) if eval_filter(filter, value, env)? => out.push(value),
            _ => {}
        },
        Segment::DeepScan(inner) => deep_scan(inner, value, env, out)?,
        // A function only ever ends a path; `select` applies it to the matches.
        Segment::Function(_) => {}
    }
    Ok(())
}

/// `..inner`: applies `inner` to `value` and every descendant, in document pre-order.
fn deep_scan<'a>(
    inner: &Segment,
    value: &'a Value,
    env: &Env<'a, '_>,
    out: &mut Vec<&'a Value>,
) -> Result<(), PathError> {
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match inner {
            // `..*` is every descendant, each listed before its own children.
            Segment::Wildcard => {
                if !std::ptr::eq(node, value) {
                    out.push(node);
                }
            }
            Segment::DeepScan(_) | Segment::Function(_) => {}
            _ => apply_segment(inner, node, env, out)?,
        }
        match node {
            Value::Object(map) => stack.extend(map.values().rev()),
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    Ok(())
}

/// Python-style slice indexes, clamped to the array.
fn slice_indexes(
    len: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
) -> Vec<usize> {
    let Ok(n) = i64::try_from(len) else {
        return Vec::new();
    };
    let step = step.unwrap_or(1);
    let norm = |v: i64| if v < 0 { v.saturating_add(n) } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let mut i = start.map_or(0, norm).clamp(0, n);
        let stop = end.map_or(n, norm).clamp(0, n);
        while i < stop {
            out.extend(usize::try_from(i).ok());
            i = i.saturating_add(step);
        }
    } else if step < 0 {
        let mut i = start.map_or(n - 1, norm).clamp(-1, n - 1);
        let stop = end.map_or(-1, |e| norm(e).clamp(-1, n - 1));
        while i > stop {
            out.extend(usize::try_from(i).ok());
            i = i.saturating_add(step);
        }
    }
    out
}

fn eval_filter<'a>(
    filter: &FilterExpr,
    current: &'a Value,
    env: &Env<'a, '_>,
) -> Result<bool, PathError> {
    Ok(match filter {
        FilterExpr::Or(items) => {
            for item in items {
                if eval_filter(item, current, env)? {
                    return Ok(true);
                }
            }
            false
        }
        FilterExpr::And(items) => {
            for item in items {
                if !eval_filter(item, current, env)? {
                    return Ok(false);
                }
            }
            true
        }
        FilterExpr::Not(inner) => !eval_filter(inner, current, env)?,
        FilterExpr::Exists(operand) => operand_value(operand, current, env)?.is_some(),
        FilterExpr::Compare { left, op, right } => {
            let left = operand_value(left, current, env)?;
            if *op == CompareOp::Matches {
                return matches_regex(left.as_ref(), right);
            }
            let right = operand_value(right, current, env)?;
            compare(left.as_ref(), *op, right.as_ref())
        }
    })
}

/// The value of a filter operand; `None` when its path selects nothing.
fn operand_value<'a>(
    operand: &Operand,
    current: &'a Value,
    env: &Env<'a, '_>,
) -> Result<Option<Value>, PathError> {
    match operand {
        Operand::Literal(v) => Ok(Some(Value::from(v))),
        Operand::Regex { .. } => Ok(None),
        Operand::Current(segments) => relative_value(segments, current, env),
        Operand::Root(path) => {
            // A filter's `$` is the state input, as for the path around it.
            let root = match &path.root {
                Root::Input => env.input,
                Root::Context => env.context,
                Root::Variable(name) => match (env.vars)(name) {
                    Some(v) => v,
                    None => return Ok(None),
                },
            };
            relative_value(&path.segments, root, env)
        }
    }
}

fn relative_value<'a>(
    segments: &[Segment],
    start: &'a Value,
    env: &Env<'a, '_>,
) -> Result<Option<Value>, PathError> {
    let (steps, function) = split_function(segments);
    let definite = steps
        .iter()
        .all(|s| matches!(s, Segment::Member(_) | Segment::Index(_)));
    let found = if definite {
        match walk_definite(start, steps) {
            Some(v) => v.clone(),
            None => return Ok(None),
        }
    } else {
        select_all(steps, start, env)?
            .into_iter()
            .cloned()
            .collect()
    };
    match function {
        // A function that does not apply (`length()` of a number) makes the operand absent.
        Some(f) => Ok(apply_function(f, &found).ok()),
        None => Ok(Some(found)),
    }
}

fn as_number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Jayway equality: numbers compare by value (`1 == 1.0`), other values structurally.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

fn contains(items: &[Value], v: &Value) -> bool {
    items.iter().any(|x| json_eq(x, v))
}

fn compare(left: Option<&Value>, op: CompareOp, right: Option<&Value>) -> bool {
    use std::cmp::Ordering;
    let ordering = |l: &Value, r: &Value| -> Option<Ordering> {
        match (l, r) {
            (Value::Number(_), Value::Number(_)) => {
                as_number(l).and_then(|x| as_number(r).and_then(|y| x.partial_cmp(&y)))
            }
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => None,
        }
    };
    match op {
        CompareOp::Eq => matches!((left, right), (Some(l), Some(r)) if json_eq(l, r)),
        // A missing left side is unequal to everything.
        CompareOp::Ne => !matches!((left, right), (Some(l), Some(r)) if json_eq(l, r)),
        CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => match (left, right) {
            (Some(l), Some(r)) => ordering(l, r).is_some_and(|o| match op {
                CompareOp::Lt => o == Ordering::Less,
                CompareOp::Le => o != Ordering::Greater,
                CompareOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            }),
            _ => false,
        },
        CompareOp::In => {
            matches!((left, right), (Some(l), Some(Value::Array(r))) if contains(r, l))
        }
        CompareOp::Nin => {
            !matches!((left, right), (Some(l), Some(Value::Array(r))) if contains(r, l))
        }
        CompareOp::SubsetOf => matches!(
            (left, right),
            (Some(Value::Array(l)), Some(Value::Array(r))) if l.iter().all(|x| contains(r, x))
        ),
        CompareOp::AnyOf => matches!(
            (left, right),
            (Some(Value::Array(l)), Some(Value::Array(r))) if l.iter().any(|x| contains(r, x))
        ),
        CompareOp::NoneOf => matches!(
            (left, right),
            (Some(Value::Array(l)), Some(Value::Array(r))) if !l.iter().any(|x| contains(r, x))
        ),
        CompareOp::Size => {
            let size = match left {
                Some(Value::Array(items)) => Some(items.len()),
                Some(Value::String(s)) => Some(s.chars().count()),
                _ => None,
            };
            match (size, right.and_then(Value::as_u64)) {
                (Some(size), Some(want)) => u64::try_from(size).is_ok_and(|s| s == want),
                _ => false,
            }
        }
        CompareOp::Empty => {
            let empty = match left {
                Some(Value::Array(items)) => Some(items.is_empty()),
                Some(Value::String(s)) => Some(s.is_empty()),
                _ => None,
            };
            matches!((empty, right), (Some(e), Some(Value::Bool(want))) if e == *want)
        }
        CompareOp::Contains => match (left, right) {
            (Some(Value::Array(items)), Some(r)) => contains(items, r),
            (Some(Value::String(s)), Some(Value::String(r))) => s.contains(&**r),
            _ => false,
        },
        CompareOp::Matches => false,
    }
}

/// `=~`: Jayway uses Java's `Matcher.matches()`, so the pattern must match the whole string.
fn matches_regex(left: Option<&Value>, right: &Operand) -> Result<bool, PathError> {
    let Operand::Regex { pattern, flags } = right else {
        return Ok(false);
    };
    let Some(Value::String(text)) = left else {
        return Ok(false);
    };
    let regex = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'))
        .dot_matches_new_line(flags.contains('s'))
        .ignore_whitespace(flags.contains('x'))
        .build()
        .map_err(|e| PathError::Regex {
            pattern: pattern.clone(),
            message: e.to_string(),
        })?;
    Ok(regex.is_match(text))
}

fn apply_function(function: PathFunction, value: &Value) -> Result<Value, PathError> {
    let fail = |message: &str| PathError::Function {
        function,
        message: message.to_owned(),
    };
    match function {
        PathFunction::Length => match value {
            Value::Array(items) => Ok(Value::from(items.len())),
            Value::Object(map) => Ok(Value::from(map.len())),
            Value::String(s) => Ok(Value::from(s.chars().count())),
            _ => Err(fail("expected an array, object or string")),
        },
        PathFunction::First | PathFunction::Last => match value {
            Value::Array(items) => {
                let item = if function == PathFunction::First {
                    items.first()
                } else {
                    items.last()
                };
                item.cloned().ok_or_else(|| fail("the array is empty"))
            }
            _ => Err(fail("expected an array")),
        },
        PathFunction::Keys => match value {
            Value::Object(map) => Ok(map.keys().map(|k| Value::String(k.clone())).collect()),
            _ => Err(fail("expected an object")),
        },
        PathFunction::Min
        | PathFunction::Max
        | PathFunction::Avg
        | PathFunction::Sum
        | PathFunction::Stddev => {
            let Value::Array(items) = value else {
                return Err(fail("expected an array of numbers"));
            };
            // Jayway aggregates the numbers in the array and skips other values.
            let numbers: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
            if numbers.is_empty() {
                return Err(fail(
                    "Aggregation function attempted to calculate value using empty array",
                ));
            }
            #[allow(clippy::cast_precision_loss)]
            let count = numbers.len() as f64;
            let sum: f64 = numbers.iter().sum();
            let result = match function {
                PathFunction::Min => numbers.iter().copied().fold(f64::INFINITY, f64::min),
                PathFunction::Max => numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                PathFunction::Sum => sum,
                PathFunction::Avg => sum / count,
                _ => {
                    let mean = sum / count;
                    (numbers.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / count).sqrt()
                }
            };
            // Jayway returns a Double, so `[1,2,3].sum()` is `6.0`.
            serde_json::Number::from_f64(result)
                .map(Value::Number)
                .ok_or_else(|| fail("the result is not a finite number"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;
    use aslctl_parser::expr::{parse_path, parse_reference_path};

    fn path(s: &str) -> Path {
        match parse_path(s) {
            Ok(p) => p,
            Err(e) => panic!("`{s}`: {e}"),
        }
    }

    fn sel(p: &str, input: &Value) -> Result<Value, PathError> {
        let context =
            json!({"Execution": {"Input": {"fromContext": 7}}, "Map": {"Item": {"Index": 2}}});
        let vars = json!({"x": {"y": [1, 2]}, "n": 5});
        select(&path(p), input, &context, |name| vars.get(name))
    }

    fn get(p: &str, input: &Value) -> Value {
        match sel(p, input) {
            Ok(v) => v,
            Err(e) => panic!("`{p}`: {e}"),
        }
    }

    fn write(input: Value, p: &str, result: Value) -> Result<Value, PathError> {
        let Ok(parsed) = parse_reference_path(p) else {
            panic!("`{p}` is not a reference path");
        };
        write_result_path(input, &parsed, result)
    }

    #[test]
    fn definite_paths() {
        let input = json!({"a": {"b": 1}, "items": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, "ten"],
                           "detail-type": "x", "1st": true, "def ghi": null});
        assert_eq!(get("$", &input), input);
        assert_eq!(get("$.a.b", &input), json!(1));
        // A single index returns the element itself, not an array (simulate spec §5.2).
        assert_eq!(get("$.items[10]", &input), json!("ten"));
        assert_eq!(get("$.items[-1]", &input), json!("ten"));
        assert_eq!(get("$.detail-type", &input), json!("x"));
        assert_eq!(get("$.1st", &input), json!(true));
        assert_eq!(get("$.['def ghi']", &input), json!(null));
        assert_eq!(get("$.items.length()", &input), json!(11));
    }

    #[test]
    fn definite_miss_is_not_found() {
        // io_processing_invalid_jsonpath_st_invalid_jsonpath_in_outputpath: AWS's cause ends
        // "No results for path: $['NoSuchOutputPath']".
        let input = json!({"int-literal": 0});
        let err = sel("$.NoSuchOutputPath", &input);
        assert_eq!(
            err,
            Err(PathError::NotFound {
                path: "$['NoSuchOutputPath']".into()
            })
        );
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("No results for path: $['NoSuchOutputPath']".into())
        );
        assert!(sel("$.items[11]", &json!({"items": [1]})).is_err());
        assert!(sel("$.a.b", &json!({"a": [1]})).is_err());
        assert!(sel("$[0]", &json!({"a": 1})).is_err());
    }

    #[test]
    fn indefinite_miss_is_empty_array() {
        // pass_fail_succeed_json_path_array_wildcard_or_slice_with_no_input_*: input `{}`.
        let input = json!({});
        for p in [
            "$.items[*]",
            "$.items[1:]",
            "$.items[:1]",
            "$.item.items[*]",
            "$.item.items[1:5]",
            "$.item.items[1:5].itemValue",
            "$.items[*].itemValue",
            "$.items[:1].itemValue",
        ] {
            assert_eq!(get(p, &input), json!([]), "{p}");
        }
    }

    #[test]
    fn wildcards_slices_unions() {
        let input = json!({"items": [{"v": 1}, {"v": 2}, {"w": 3}, {"v": 4}],
                           "o": {"a": 1, "b": 2}});
        assert_eq!(get("$.items[*].v", &input), json!([1, 2, 4]));
        assert_eq!(get("$.o.*", &input), json!([1, 2]));
        assert_eq!(get("$.items[1:3].v", &input), json!([2]));
        assert_eq!(get("$.items[-2:]", &input), json!([{"w": 3}, {"v": 4}]));
        assert_eq!(get("$.items[:2].v", &input), json!([1, 2]));
        assert_eq!(get("$.items[::2].v", &input), json!([1]));
        assert_eq!(get("$.items[::-1][0]", &input), json!([]));
        assert_eq!(get("$.items[0,3].v", &input), json!([1, 4]));
        assert_eq!(get("$.items[-1,0].v", &input), json!([4, 1]));
        assert_eq!(get("$.o['b','a','zz']", &input), json!([2, 1]));
        assert_eq!(get("$.items[5:1]", &input), json!([]));
    }

    #[test]
    fn filters() {
        // The pets example found in the real-world corpus.
        let input = json!({"pets": [
            {"species": "cat", "age": 3, "name": "Tom"},
            {"species": "dog", "age": 7, "name": "Rex"},
            {"species": "cat", "age": 9, "name": "Kit", "chip": null},
        ], "agent_id": "Rex", "wanted": ["Kit"]});
        assert_eq!(
            get("$.pets[?(@.species == 'cat' && @.age<5)].name", &input),
            json!(["Tom"])
        );
        assert_eq!(
            get("$.pets[?(@.species == 'dog' || @.age >= 9)].name", &input),
            json!(["Rex", "Kit"])
        );
        assert_eq!(get("$.pets[?(@.chip)].name", &input), json!(["Kit"]));
        assert_eq!(
            get("$.pets[?(!@.chip)].name", &input),
            json!(["Tom", "Rex"])
        );
        assert_eq!(
            get("$.pets[?(@.chip != 1)].name", &input),
            json!(["Tom", "Rex", "Kit"])
        );
        assert_eq!(
            get("$.pets[?(@.name == $.agent_id)].age", &input),
            json!([7])
        );
        assert_eq!(
            get("$.pets[?(@.name in ['Tom', 'Kit'])].age", &input),
            json!([3, 9])
        );
        assert_eq!(
            get("$.pets[?(@.name nin ['Tom', 'Kit'])].age", &input),
            json!([7])
        );
        // `=~` must match the whole string (Jayway uses Matcher.matches()).
        assert_eq!(get("$.pets[?(@.name =~ /R.*/)].age", &input), json!([7]));
        assert_eq!(get("$.pets[?(@.name =~ /R/)].age", &input), json!([]));
        assert_eq!(get("$.pets[?(@.name =~ /kit/i)].age", &input), json!([9]));
        assert_eq!(get("$.pets[?(@.age == 3.0)].name", &input), json!(["Tom"]));
        // Type mismatches are false, never errors.
        assert_eq!(get("$.pets[?(@.age > 'a')]", &input), json!([]));
        // An unquoted word compares as a string (AWS sample textract-analyze-expense).
        assert_eq!(
            get("$.pets[?(@.species==dog)].name", &input),
            json!(["Rex"])
        );
        // A filter on an object tests the object itself.
        assert_eq!(get("$[?(@.agent_id)].agent_id", &input), json!(["Rex"]));
        assert!(matches!(
            sel("$.pets[?(@.name =~ /(/)]", &input),
            Err(PathError::Regex { .. })
        ));
    }

    #[test]
    fn deep_scan() {
        let input = json!({"a": {"age": 1, "b": {"age": 2}}, "c": [{"age": 3}], "age": 0});
        // Jayway scans in pre-order: a node's own match comes before its children's.
        assert_eq!(get("$..age", &input), json!([0, 1, 2, 3]));
        assert_eq!(get("$..b.age", &input), json!([2]));
        assert_eq!(get("$.c..*", &input), json!([{"age": 3}, 3]));
        assert_eq!(get("$..age.max()", &input), json!(3.0));
    }

    #[test]
    fn functions() {
        let input = json!({"n": [1, 2, 3, "x"], "o": {"k1": 1, "k2": 2}, "e": []});
        assert_eq!(get("$.n.length()", &input), json!(4));
        assert_eq!(get("$.o.length()", &input), json!(2));
        // Jayway aggregates return doubles and skip non-numbers.
        assert_eq!(get("$.n.sum()", &input), json!(6.0));
        assert_eq!(get("$.n.avg()", &input), json!(2.0));
        assert_eq!(get("$.n.min()", &input), json!(1.0));
        assert_eq!(get("$.n.first()", &input), json!(1));
        assert_eq!(get("$.n.last()", &input), json!("x"));
        assert_eq!(get("$.o.keys()", &input), json!(["k1", "k2"]));
        assert!(matches!(
            sel("$.e.sum()", &input),
            Err(PathError::Function { .. })
        ));
        assert!(matches!(
            sel("$.o.sum()", &input),
            Err(PathError::Function { .. })
        ));
    }

    #[test]
    fn context_and_variables() {
        let input = json!({});
        assert_eq!(get("$$.Execution.Input.fromContext", &input), json!(7));
        assert_eq!(get("$$.Map.Item.Index", &input), json!(2));
        assert_eq!(get("$x.y[1]", &input), json!(2));
        assert_eq!(get("$n", &input), json!(5));
        assert_eq!(
            sel("$nope.a", &input),
            Err(PathError::UndefinedVariable {
                name: "nope".into()
            })
        );
    }

    #[test]
    fn result_path_merge() {
        // ResultPath `$` replaces the whole input (AWS guide, "ResultPath").
        assert_eq!(write(json!({"a": 1}), "$", json!([1])), Ok(json!([1])));
        // AWS guide, "ResultPath": `$.taskresult` adds the result next to the input fields.
        assert_eq!(
            write(json!({"who": "AWS"}), "$.taskresult", json!("Hello")),
            Ok(json!({"who": "AWS", "taskresult": "Hello"}))
        );
        // map_map_state_item_selector_singleton: `$.detail.shipped_output` under an existing key.
        assert_eq!(
            write(
                json!({"detail": {"shipped": ["A"]}}),
                "$.detail.shipped_output",
                json!([0])
            ),
            Ok(json!({"detail": {"shipped": ["A"], "shipped_output": [0]}}))
        );
        // Missing intermediate objects are created.
        assert_eq!(
            write(json!({}), "$.a.b.c", json!(1)),
            Ok(json!({"a": {"b": {"c": 1}}}))
        );
        assert_eq!(
            write(json!({"a": [1, 2]}), "$.a[-1]", json!(9)),
            Ok(json!({"a": [1, 9]}))
        );
        // Writing into a non-object is States.ResultPathMatchFailure.
        assert!(matches!(
            write(json!({"a": 1}), "$.a.b", json!(1)),
            Err(PathError::ResultPathMismatch { .. })
        ));
        assert!(matches!(
            write(json!("text"), "$.a", json!(1)),
            Err(PathError::ResultPathMismatch { .. })
        ));
        assert!(matches!(
            write(json!({"a": [1]}), "$.a[3]", json!(1)),
            Err(PathError::ResultPathMismatch { .. })
        ));
        assert!(matches!(
            write_result_path(json!({}), &path("$.a[*]"), json!(1)),
            Err(PathError::NotReferencePath { .. })
        ));
        assert!(matches!(
            write_result_path(json!({}), &path("$$.a"), json!(1)),
            Err(PathError::NotReferencePath { .. })
        ));
    }

    #[test]
    fn normalized_form() {
        assert_eq!(normalized(&path("$.a[0]['b c']")), "$['a'][0]['b c']");
        assert_eq!(normalized(&path("$$.Execution")), "$$['Execution']");
        assert_eq!(normalized(&path("$x..y[1:2]")), "$x..['y'][1:2]");
    }
}
