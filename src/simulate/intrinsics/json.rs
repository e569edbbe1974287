//! `States.StringToJson`, `States.JsonToString` and `States.JsonMerge`.

use std::rc::Rc;

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;

use super::{IntrinsicError, Rng, arg, string_arg, type_name};

/// `States.StringToJson(string)`: parses JSON text; blank text gives `null`
/// (spec/simulate.md §5.3: `""` → `null`).
///
/// AWS parses `-0` as the integer `0` (`intrinsic_string_to_json_03`), while `serde_json`
/// reads it as the float `-0.0`; negative zeros are therefore normalised to `0`.
pub(super) fn string_to_json(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::StringToJson;
    let text = string_arg(f, args, 0)?;
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    let mut value: Value = serde_json::from_str(text)
        .map_err(|e| IntrinsicError::new(f, format!("the string is not valid JSON: {e}")))?;
    normalise_negative_zero(&mut value);
    Ok(value)
}

/// Replaces every `-0.0` in `value` by `0`, walking with an explicit stack (no recursion).
fn normalise_negative_zero(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Number(n) if n.as_f64().is_some_and(|x| x == 0.0 && x.is_sign_negative()) => {
                *v = Value::from(0);
            }
            Value::Array(items) => stack.extend(Rc::make_mut(items).iter_mut()),
            Value::Object(map) => stack.extend(Rc::make_mut(map).values_mut()),
            _ => {}
        }
    }
}

/// `States.JsonToString(value)`: compact JSON text (`intrinsic_json_to_string_07` gives
/// `{"Arg1":1,"Arg2":[]}`).
pub(super) fn json_to_string(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    serde_json::to_string(arg(args, 0))
        .map(Value::from)
        .map_err(|e| IntrinsicError::new(IntrinsicFn::JsonToString, e))
}

/// `States.JsonMerge(a, b, deep)`: a shallow merge where `b`'s keys win.
///
/// AWS doc: "Step Functions only supports the shallow merging mode; therefore, you must
/// specify the boolean value as `false`", and nested objects are replaced, not merged.
pub(super) fn json_merge(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::JsonMerge;
    let object = |i: usize| match arg(args, i) {
        Value::Object(m) => Ok(m),
        other => Err(IntrinsicError::new(
            f,
            format!(
                "argument {} must be an object, got {}",
                i + 1,
                type_name(other)
            ),
        )),
    };
    let (first, second) = (object(0)?, object(1)?);
    match arg(args, 2) {
        Value::Bool(false) => {}
        Value::Bool(true) => {
            return Err(IntrinsicError::new(
                f,
                "deep merging is not supported; the third argument must be false",
            ));
        }
        other => {
            return Err(IntrinsicError::new(
                f,
                format!("argument 3 must be a boolean, got {}", type_name(other)),
            ));
        }
    }
    let mut merged = (**first).clone();
    for (k, v) in second.iter() {
        merged.insert(k.clone(), v.clone());
    }
    Ok(Value::from(merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    fn rng() -> Rng {
        Rng::new(0)
    }

    #[test]
    fn string_to_json_cases() {
        // AWS doc example and intrinsic_string_to_json_{02,03,07}.
        let p = |s: &str| string_to_json(&[json!(s)], &mut rng());
        assert_eq!(p(r#"{"foo": "bar"}"#).unwrap(), json!({"foo": "bar"}));
        assert_eq!(p("null").unwrap(), Value::Null);
        assert_eq!(p("-0").unwrap(), json!(0));
        assert_eq!(p("[-0, {\"a\": -0}]").unwrap(), json!([0, {"a": 0}]));
        assert_eq!(p("\"HelloWorld\"").unwrap(), json!("HelloWorld"));
        assert_eq!(p("").unwrap(), Value::Null);
        assert!(p("{oops").is_err());
        assert!(string_to_json(&[json!(1)], &mut rng()).is_err());
    }

    #[test]
    fn json_to_string_is_compact() {
        // AWS doc example: {"foo": "bar"} → "{\"foo\":\"bar\"}".
        assert_eq!(
            json_to_string(&[json!({"foo": "bar"})], &mut rng()).unwrap(),
            json!(r#"{"foo":"bar"}"#)
        );
        assert_eq!(
            json_to_string(&[Value::Null], &mut rng()).unwrap(),
            json!("null")
        );
    }

    #[test]
    fn json_merge_doc_example() {
        // AWS intrinsic functions doc, "States.JsonMerge".
        let a = json!({ "a": {"a1": 1, "a2": 2}, "b": 2 });
        let b = json!({ "a": {"a3": 1, "a4": 2}, "c": 3 });
        assert_eq!(
            json_merge(&[a.clone(), b.clone(), json!(false)], &mut rng()).unwrap(),
            json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3})
        );
        assert!(json_merge(&[a.clone(), b, json!(true)], &mut rng()).is_err());
        assert!(json_merge(&[a, json!([]), json!(false)], &mut rng()).is_err());
    }
}
