//! The `States.*` intrinsic functions: the dispatch table, argument helpers and the error type.
//!
//! Each function takes already-evaluated JSON arguments and returns a JSON value. Argument
//! parsing (literals, paths, nesting) happens before [`call`]; see [`IntrinsicFn`] for arity.
//!
//! `States.Format` is the one exception to "arguments are values": its template is passed
//! **raw**, with the intrinsic escapes `\'`, `\{`, `\}` and `\\` still in it, so that an escaped
//! brace can be told from a placeholder. See [`string::format`].

mod array;
mod encoding;
mod hash;
mod json;
mod math;
mod string;
mod uuid;

#[cfg(test)]
mod conformance_tests;

use std::fmt;

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;
use rand_pcg::Pcg64Mcg;
use rand_pcg::rand_core::Rng as _;

/// Why an intrinsic call failed; the simulator raises it as `States.IntrinsicFailure`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrinsicError {
    /// The human-readable cause reported with the error.
    pub cause: String,
}

impl IntrinsicError {
    /// An error for `f` with the given detail.
    pub(crate) fn new(f: IntrinsicFn, detail: impl fmt::Display) -> Self {
        IntrinsicError {
            cause: format!("Invalid arguments in {}: {detail}", f.as_str()),
        }
    }
}

impl fmt::Display for IntrinsicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.cause)
    }
}

impl std::error::Error for IntrinsicError {}

/// The simulator's seeded, portable random source (`States.UUID`, `States.MathRandom`).
///
/// PCG is specified bit-for-bit, so one seed gives the same run on every platform.
#[derive(Debug, Clone)]
pub struct Rng(Pcg64Mcg);

impl Rng {
    /// A generator whose whole sequence is determined by `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        // Spread the seed over the 128-bit state; an MCG state must be odd.
        let state = (u128::from(seed) << 64) | u128::from(seed ^ 0x9E37_79B9_7F4A_7C15) | 1;
        Rng(Pcg64Mcg::new(state))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Fills `dst` with random bytes.
    pub fn fill_bytes(&mut self, dst: &mut [u8]) {
        self.0.fill_bytes(dst);
    }

    /// A uniform integer in `[start, end)`; `start < end` is the caller's duty.
    pub(crate) fn in_range(&mut self, start: i64, end: i64) -> i64 {
        let span = u128::try_from(i128::from(end) - i128::from(start)).unwrap_or(0);
        // Widening multiply maps 64 random bits onto the span (bias below 2^-64 per value).
        let offset = (u128::from(self.next_u64()) * span) >> 64;
        i64::try_from(i128::from(start) + i128::try_from(offset).unwrap_or(0)).unwrap_or(start)
    }
}

type Impl = fn(&[Value], &mut Rng) -> Result<Value, IntrinsicError>;

/// The implementation of each function, grouped by file.
fn implementation(f: IntrinsicFn) -> Impl {
    match f {
        IntrinsicFn::Format => string::format,
        IntrinsicFn::StringSplit => string::string_split,
        IntrinsicFn::StringToJson => json::string_to_json,
        IntrinsicFn::JsonToString => json::json_to_string,
        IntrinsicFn::JsonMerge => json::json_merge,
        IntrinsicFn::Array => array::array,
        IntrinsicFn::ArrayPartition => array::array_partition,
        IntrinsicFn::ArrayContains => array::array_contains,
        IntrinsicFn::ArrayRange => array::array_range,
        IntrinsicFn::ArrayGetItem => array::array_get_item,
        IntrinsicFn::ArrayLength => array::array_length,
        IntrinsicFn::ArrayUnique => array::array_unique,
        IntrinsicFn::Base64Encode => encoding::base64_encode,
        IntrinsicFn::Base64Decode => encoding::base64_decode,
        IntrinsicFn::Hash => hash::hash,
        IntrinsicFn::MathRandom => math::math_random,
        IntrinsicFn::MathAdd => math::math_add,
        IntrinsicFn::Uuid => uuid::uuid,
    }
}

/// Calls `f` on evaluated arguments.
///
/// For [`IntrinsicFn::Format`], `args[0]` is the template as written between the quotes of
/// the literal, escapes included (a template read from a path is passed as it is).
///
/// # Errors
/// The cause AWS would report as `States.IntrinsicFailure`: wrong arity or argument types,
/// or a value outside the documented limits.
pub fn call(f: IntrinsicFn, args: &[Value], rng: &mut Rng) -> Result<Value, IntrinsicError> {
    if !f.arity().accepts(args.len()) {
        return Err(IntrinsicError::new(
            f,
            format!("unexpected number of arguments: {}", args.len()),
        ));
    }
    implementation(f)(args, rng)
}

/// The JSON type name used in causes.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Argument `i`, which the arity check guarantees; `Null` keeps this total anyway.
pub(crate) fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

/// Argument `i` as a string.
pub(crate) fn string_arg(f: IntrinsicFn, args: &[Value], i: usize) -> Result<&str, IntrinsicError> {
    match arg(args, i) {
        Value::String(s) => Ok(s),
        other => Err(IntrinsicError::new(
            f,
            format!(
                "argument {} must be a string, got {}",
                i + 1,
                type_name(other)
            ),
        )),
    }
}

/// Argument `i` as an array.
pub(crate) fn array_arg(
    f: IntrinsicFn,
    args: &[Value],
    i: usize,
) -> Result<&Vec<Value>, IntrinsicError> {
    match arg(args, i) {
        Value::Array(a) => Ok(a),
        other => Err(IntrinsicError::new(
            f,
            format!(
                "argument {} must be an array, got {}",
                i + 1,
                type_name(other)
            ),
        )),
    }
}

/// Argument `i` as an integer, rounded like Java's `Math.round`: AWS documents that
/// non-integer numbers are "round[ed] off to the nearest integer" (`ArrayPartition`,
/// `ArrayRange`, `MathRandom`, `MathAdd`), and `intrinsic_math_add_*` shows half-up rounding.
pub(crate) fn rounded_int_arg(
    f: IntrinsicFn,
    args: &[Value],
    i: usize,
) -> Result<i64, IntrinsicError> {
    let v = arg(args, i);
    let Value::Number(n) = v else {
        return Err(IntrinsicError::new(
            f,
            format!("argument {} must be a number, got {}", i + 1, type_name(v)),
        ));
    };
    if let Some(k) = n.as_i64() {
        return Ok(k);
    }
    n.as_f64()
        .and_then(java_round)
        .ok_or_else(|| IntrinsicError::new(f, format!("argument {} is out of range: {n}", i + 1)))
}

/// `Math.round(double)`: the closest integer, ties toward positive infinity.
pub(crate) fn java_round(x: f64) -> Option<i64> {
    if !x.is_finite() {
        return None;
    }
    let floor = x.floor();
    // `x - floor` is exact, so ties are detected without the `x + 0.5` rounding error.
    let r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    // i64::MAX is not representable; 2^63 is the first value out of range.
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&r) {
        #[allow(clippy::cast_possible_truncation)]
        Some(r as i64)
    } else {
        None
    }
}

/// A bound on nesting for the recursive renderers, so hostile input cannot overflow the stack.
pub(crate) const MAX_DEPTH: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    #[test]
    fn java_round_ties_go_up() {
        // spec/simulate.md §5.3 and intrinsic_math_add_*: Java Math.round semantics.
        assert_eq!(java_round(1.5), Some(2));
        assert_eq!(java_round(-1.5), Some(-1));
        assert_eq!(java_round(-0.5), Some(0));
        assert_eq!(java_round(2.5), Some(3));
        assert_eq!(java_round(-2.5), Some(-2));
        assert_eq!(java_round(1.49), Some(1));
        assert_eq!(java_round(0.499_999_999_999_999_94), Some(0));
        assert_eq!(java_round(f64::NAN), None);
        assert_eq!(java_round(1e300), None);
    }

    #[test]
    fn arity_is_checked() {
        let mut rng = Rng::new(1);
        let err = call(IntrinsicFn::MathAdd, &[json!(1)], &mut rng).unwrap_err();
        assert!(err.cause.contains("States.MathAdd"), "{}", err.cause);
        assert!(call(IntrinsicFn::Uuid, &[json!(1)], &mut rng).is_err());
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let xa = a.next_u64();
        assert_eq!(xa, b.next_u64());
        assert_ne!(xa, c.next_u64());
        for _ in 0..1000 {
            let v = a.in_range(-3, 4);
            assert!((-3..4).contains(&v));
        }
        assert_eq!(a.in_range(5, 6), 5);
        let wide = a.in_range(i64::MIN, i64::MAX);
        assert!(wide < i64::MAX);
    }
}
