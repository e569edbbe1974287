//! `States.MathAdd` and `States.MathRandom`.

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;

use super::{IntrinsicError, Rng, rounded_int_arg};

/// `States.MathAdd(a, b)`: each operand is rounded like Java's `Math.round`, then added.
///
/// `intrinsic_math_add_*` (21 recorded cases) shows `1.5 + 1.51 = 4`, `-1.5 + 0 = -1` and
/// `-0.5 + 0.5 = 1`. AWS doc: operands must lie in `-2147483648..=2147483647`.
pub(super) fn math_add(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::MathAdd;
    let mut sum = 0_i64;
    for i in 0..2 {
        let v = rounded_int_arg(f, args, i)?;
        if i32::try_from(v).is_err() {
            return Err(IntrinsicError::new(
                f,
                format!(
                    "argument {} ({v}) is outside the range -2147483648 to 2147483647",
                    i + 1
                ),
            ));
        }
        sum += v;
    }
    Ok(Value::from(sum))
}

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`.
///
/// AWS doc: "a random number between the specified start number (inclusive) and end number
/// (exclusive)"; "if you use this function with the same seed value, it will return
/// identical numbers", so a seeded call draws from its own generator, not the run's.
pub(super) fn math_random(args: &[Value], rng: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::MathRandom;
    let start = rounded_int_arg(f, args, 0)?;
    let end = rounded_int_arg(f, args, 1)?;
    if start >= end {
        return Err(IntrinsicError::new(
            f,
            format!("the start ({start}) must be less than the end ({end})"),
        ));
    }
    let value = if args.len() > 2 {
        let seed = rounded_int_arg(f, args, 2)?;
        Rng::new(u64::from_ne_bytes(seed.to_ne_bytes())).in_range(start, end)
    } else {
        rng.in_range(start, end)
    };
    Ok(Value::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    fn add(a: Value, b: Value) -> Result<Value, IntrinsicError> {
        math_add(&[a, b], &mut Rng::new(0))
    }

    #[test]
    fn add_doc_and_corpus() {
        // AWS doc example: MathAdd(111, -1) = 110.
        assert_eq!(add(json!(111), json!(-1)).unwrap(), json!(110));
        // intrinsic_math_add_00, _02, _03, _04, _10, _16, _19.
        assert_eq!(add(json!(-9), json!(3)).unwrap(), json!(-6));
        assert_eq!(add(json!(1.5), json!(1.51)).unwrap(), json!(4));
        assert_eq!(add(json!(-1.49), json!(-1.5)).unwrap(), json!(-2));
        assert_eq!(add(json!(-1.5), json!(-1.51)).unwrap(), json!(-3));
        assert_eq!(add(json!(-1.5), json!(0)).unwrap(), json!(-1));
        assert_eq!(add(json!(-0.5), json!(0.5)).unwrap(), json!(1));
        assert_eq!(add(json!(-2.5), json!(0)).unwrap(), json!(-2));
    }

    #[test]
    fn add_limits() {
        assert_eq!(
            add(json!(2_147_483_647), json!(2_147_483_647)).unwrap(),
            json!(4_294_967_294_i64)
        );
        assert!(add(json!(2_147_483_648_i64), json!(0)).is_err());
        assert!(add(json!(-2_147_483_649_i64), json!(0)).is_err());
        assert!(add(json!("1"), json!(0)).is_err());
        assert!(add(Value::Null, json!(0)).is_err());
    }

    #[test]
    fn random_range_and_seed() {
        let mut rng = Rng::new(7);
        for _ in 0..500 {
            let v = math_random(&[json!(1), json!(4)], &mut rng).unwrap();
            let n = v.as_i64().unwrap();
            assert!((1..4).contains(&n), "{n}");
        }
        // Same seed, same number (AWS doc), whatever the run's generator.
        let a = math_random(&[json!(1), json!(999), json!(3)], &mut Rng::new(1)).unwrap();
        let b = math_random(&[json!(1), json!(999), json!(3)], &mut Rng::new(2)).unwrap();
        assert_eq!(a, b);
        assert!(math_random(&[json!(5), json!(5)], &mut rng).is_err());
        assert!(math_random(&[json!(5), json!(1)], &mut rng).is_err());
    }
}
