//! The array intrinsics: `States.Array`, `ArrayPartition`, `ArrayContains`, `ArrayRange`,
//! `ArrayGetItem`, `ArrayLength` and `ArrayUnique`.

use std::collections::HashSet;

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;

use super::{IntrinsicError, MAX_DEPTH, Rng, arg, array_arg, rounded_int_arg, type_name};

/// AWS: "The newly generated array can't contain more than 1000 items." (`States.ArrayRange`)
const MAX_RANGE_ITEMS: i128 = 1000;

/// `States.Array(values...)`: the arguments as an array.
pub(super) fn array(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    Ok(Value::from(args.to_vec()))
}

/// `States.ArrayPartition(array, size)`: chunks of `size`, the last one possibly shorter.
/// AWS: the size must be "a non-zero, positive integer"; non-integers are rounded.
pub(super) fn array_partition(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::ArrayPartition;
    let items = array_arg(f, args, 0)?;
    let size = rounded_int_arg(f, args, 1)?;
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| {
            IntrinsicError::new(f, format!("chunk size must be positive, got {size}"))
        })?;
    let chunks: Vec<Value> = items
        .chunks(size)
        .map(|c| Value::from(c.to_vec()))
        .collect();
    Ok(Value::from(chunks))
}

/// `States.ArrayContains(array, value)`: JSON equality, so `{"1":2}` is found regardless of
/// key order (`intrinsic_array_contains_06`) and `1` differs from `"1"`.
pub(super) fn array_contains(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let items = array_arg(IntrinsicFn::ArrayContains, args, 0)?;
    let needle = arg(args, 1);
    Ok(Value::Bool(items.iter().any(|v| v == needle)))
}

/// `States.ArrayRange(start, end, step)`: `start, start+step, ...` up to and including `end`
/// when reached (`ArrayRange(0, 10, 3)` is `[0,3,6,9]`, `intrinsic_array_range_01`).
pub(super) fn array_range(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::ArrayRange;
    let start = i128::from(rounded_int_arg(f, args, 0)?);
    let end = i128::from(rounded_int_arg(f, args, 1)?);
    let step = i128::from(rounded_int_arg(f, args, 2)?);
    if step == 0 {
        return Err(IntrinsicError::new(f, "the step must not be zero"));
    }
    // A step pointing away from `end` yields no items.
    let count = if (end - start) * step.signum() < 0 {
        0
    } else {
        (end - start) / step + 1
    };
    if count > MAX_RANGE_ITEMS {
        return Err(IntrinsicError::new(
            f,
            format!("the range has {count} items, more than the limit of {MAX_RANGE_ITEMS}"),
        ));
    }
    Ok((0..count)
        .filter_map(|i| i64::try_from(start + i * step).ok())
        .map(Value::from)
        .collect())
}

/// `States.ArrayGetItem(array, index)`: the zero-based item; the index must be an integer
/// within bounds.
pub(super) fn array_get_item(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::ArrayGetItem;
    let items = array_arg(f, args, 0)?;
    let index = match arg(args, 1) {
        Value::Number(n) => n.as_i64().or_else(|| {
            // An integral float such as `2.0` is still an index.
            n.as_f64()
                .filter(|x| x.fract() == 0.0)
                .and_then(super::java_round)
        }),
        other => {
            return Err(IntrinsicError::new(
                f,
                format!("argument 2 must be a number, got {}", type_name(other)),
            ));
        }
    }
    .ok_or_else(|| IntrinsicError::new(f, "the index must be an integer"))?;
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| {
            IntrinsicError::new(
                f,
                format!(
                    "index {index} is out of bounds for an array of length {}",
                    items.len()
                ),
            )
        })
}

/// `States.ArrayLength(array)`.
pub(super) fn array_length(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let items = array_arg(IntrinsicFn::ArrayLength, args, 0)?;
    Ok(Value::from(items.len()))
}

/// `States.ArrayUnique(array)`: drops repeated values, keeping first occurrences in order
/// (AWS doc: `[1,2,3,3,3,3,3,3,4]` → `[1,2,3,4]`).
pub(super) fn array_unique(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::ArrayUnique;
    let items = array_arg(f, args, 0)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        let mut key = String::new();
        canonical(&mut key, item, 0)
            .map_err(|()| IntrinsicError::new(f, "an item is nested too deeply"))?;
        if seen.insert(key) {
            out.push(item.clone());
        }
    }
    Ok(Value::from(out))
}

/// A text key equal for exactly the values JSON equality deems equal: object keys sorted,
/// numbers as `serde_json` prints them (so `1` and `1.0` stay distinct, as `==` keeps them).
fn canonical(out: &mut String, v: &Value, depth: usize) -> Result<(), ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    match v {
        Value::Array(items) => {
            out.push('[');
            for item in items.iter() {
                canonical(out, item, depth + 1)?;
                out.push(',');
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (k, item) in entries {
                out.push_str(&serde_json::to_string(&**k).unwrap_or_default());
                out.push(':');
                canonical(out, item, depth + 1)?;
                out.push(',');
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    fn run(f: fn(&[Value], &mut Rng) -> Result<Value, IntrinsicError>, args: &[Value]) -> Value {
        f(args, &mut Rng::new(0)).unwrap()
    }

    fn fails(f: fn(&[Value], &mut Rng) -> Result<Value, IntrinsicError>, args: &[Value]) -> bool {
        f(args, &mut Rng::new(0)).is_err()
    }

    #[test]
    fn doc_examples() {
        // AWS intrinsic functions doc, "Intrinsics for arrays".
        let input = json!([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(run(array, &[json!(123_456)]), json!([123_456]));
        assert_eq!(
            run(array_partition, &[input.clone(), json!(4)]),
            json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        );
        assert_eq!(run(array_contains, &[input.clone(), json!(5)]), json!(true));
        assert_eq!(
            run(array_range, &[json!(1), json!(9), json!(2)]),
            json!([1, 3, 5, 7, 9])
        );
        assert_eq!(run(array_get_item, &[input.clone(), json!(5)]), json!(6));
        assert_eq!(run(array_length, &[input]), json!(9));
        assert_eq!(
            run(array_unique, &[json!([1, 2, 3, 3, 3, 3, 3, 3, 4])]),
            json!([1, 2, 3, 4])
        );
    }

    #[test]
    fn partition_bounds() {
        // intrinsic_array_partition_01, _22.
        assert_eq!(run(array_partition, &[json!([]), json!(2)]), json!([]));
        assert_eq!(
            run(array_partition, &[json!([0, 1, 2, 3]), json!(3)]),
            json!([[0, 1, 2], [3]])
        );
        assert!(fails(array_partition, &[json!([1]), json!(0)]));
        assert!(fails(array_partition, &[json!([1]), json!(-1)]));
        assert!(fails(array_partition, &[json!({}), json!(1)]));
        // Non-integers are rounded (AWS doc input validation).
        assert_eq!(
            run(array_partition, &[json!([1, 2, 3]), json!(1.5)]),
            json!([[1, 2], [3]])
        );
    }

    #[test]
    fn range_bounds() {
        // intrinsic_array_range_00 / _01.
        assert_eq!(
            run(array_range, &[json!(0), json!(9), json!(3)]),
            json!([0, 3, 6, 9])
        );
        assert_eq!(
            run(array_range, &[json!(0), json!(10), json!(3)]),
            json!([0, 3, 6, 9])
        );
        assert_eq!(
            run(array_range, &[json!(3), json!(0), json!(-1)]),
            json!([3, 2, 1, 0])
        );
        assert_eq!(run(array_range, &[json!(3), json!(0), json!(1)]), json!([]));
        assert!(fails(array_range, &[json!(0), json!(9), json!(0)]));
        assert_eq!(
            run(array_range, &[json!(1), json!(1000), json!(1)])
                .as_array()
                .map(Vec::len),
            Some(1000)
        );
        assert!(fails(array_range, &[json!(0), json!(1000), json!(1)]));
        assert!(fails(
            array_range,
            &[json!(i64::MIN), json!(i64::MAX), json!(1)]
        ));
    }

    #[test]
    fn get_item_bounds() {
        assert!(fails(array_get_item, &[json!([1]), json!(1)]));
        assert!(fails(array_get_item, &[json!([1]), json!(-1)]));
        assert!(fails(array_get_item, &[json!([1]), json!(0.5)]));
        assert!(fails(array_get_item, &[json!([1]), json!("0")]));
        assert_eq!(run(array_get_item, &[json!([7]), json!(0.0)]), json!(7));
    }

    #[test]
    fn contains_and_unique_use_json_equality() {
        // intrinsic_array_contains_03 / _06.
        assert_eq!(
            run(array_contains, &[json!([[1, 2, 3], 2]), Value::Null]),
            json!(false)
        );
        assert_eq!(
            run(
                array_contains,
                &[json!([{"1": 2, "2": []}]), json!({"2": [], "1": 2})]
            ),
            json!(true)
        );
        assert_eq!(
            run(
                array_unique,
                &[json!([{"a": 1, "b": 2}, null, {"b": 2, "a": 1}, "1", 1, null, [null]])]
            ),
            json!([{"a": 1, "b": 2}, null, "1", 1, [null]])
        );
    }
}
