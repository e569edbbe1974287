//! The functions Step Functions adds to JSONata, and deterministic `$random`/`$millis`.
//!
//! AWS "Transforming data with JSONata in Step Functions", section "JSONata functions provided
//! by Step Functions": `$partition(array, size)`, `$range(start, end, step)`,
//! `$hash(value, algorithm)` (MD5, SHA-1, SHA-256, SHA-384, SHA-512), `$random([seed])`,
//! `$uuid()` (version 4) and `$parse(jsonString)` (in place of the banned `$eval`).
//! `$now()` is rewritten to `$fromMillis($millis(), …)` in `guard.rs`, so `$millis` is the one
//! clock and it reads [`super::Bindings::now_millis`].

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use jsonata_core::evaluator::{Evaluator, EvaluatorError};
use jsonata_core::value::JValue;
use md5::Md5;
use rand_pcg::Pcg64Mcg;
use rand_pcg::rand_core::Rng as _;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::guard::own_error;
use super::value::{arg_to_json, number, to_jvalue};
use super::{Bindings, Budget, JsonataError, Limits, codes};

/// An argument error for function `name`.
fn bad(name: &str, detail: &str) -> EvaluatorError {
    own_error(
        codes::FUNCTION_ARGUMENTS,
        &format!("Invalid arguments in ${name}: {detail}"),
    )
}

fn lift(e: JsonataError) -> EvaluatorError {
    own_error(&e.code, &e.message)
}

/// A generator whose whole sequence follows from `seed` (PCG is specified bit for bit).
fn generator(seed: u64) -> Pcg64Mcg {
    // Spread the seed over the 128-bit state; an MCG state must be odd.
    Pcg64Mcg::new((u128::from(seed) << 64) | u128::from(seed ^ 0x9E37_79B9_7F4A_7C15) | 1)
}

/// A uniform double in `[0, 1)` from 53 random bits.
#[allow(clippy::cast_precision_loss)] // 53 bits fit a double's mantissa exactly.
fn unit(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Registers the AWS functions, reading `bindings` for the seed and the clock.
pub(crate) fn register(
    ev: &mut Evaluator,
    bindings: &Bindings,
    budget: &Rc<Budget>,
) -> Result<(), EvaluatorError> {
    let limits = bindings.limits;
    let rng = Rc::new(RefCell::new(generator(bindings.random_seed)));

    ev.register_fn_override("partition", move |args: &[JValue]| {
        json_call(args, limits, |a| partition(a, limits))
    })?;
    let b = Rc::clone(budget);
    ev.register_fn_override("range", move |args: &[JValue]| {
        json_call(args, limits, |a| range(a, limits, &b))
    })?;
    ev.register_fn_override("hash", move |args: &[JValue]| json_call(args, limits, hash))?;
    ev.register_fn_override("parse", move |args: &[JValue]| {
        json_call(args, limits, parse)
    })?;
    let r = Rc::clone(&rng);
    ev.register_fn_override("random", move |args: &[JValue]| {
        json_call(args, limits, |a| random(a, &r))
    })?;
    let r = Rc::clone(&rng);
    ev.register_fn_override("uuid", move |args: &[JValue]| {
        json_call(args, limits, |a| uuid(a, &r))
    })?;
    #[allow(clippy::cast_precision_loss)] // Millisecond timestamps are far below 2^53.
    let now = bindings.now_millis as f64;
    ev.register_fn_override("millis", move |_: &[JValue]| Ok(JValue::Number(now)))?;
    Ok(())
}

/// Runs `f` on the arguments as JSON (undefined as `None`) and converts its result back.
fn json_call(
    args: &[JValue],
    limits: Limits,
    f: impl FnOnce(&[Option<Value>]) -> Result<Value, EvaluatorError>,
) -> Result<JValue, EvaluatorError> {
    let mut json = Vec::with_capacity(args.len());
    for a in args {
        json.push(arg_to_json(a, limits).map_err(lift)?);
    }
    let out = f(&json)?;
    to_jvalue(&out).map_err(lift)
}

fn integer(name: &str, v: Option<&Value>, what: &str) -> Result<i64, EvaluatorError> {
    v.and_then(Value::as_f64)
        .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0)
        // Integral and within ±2^53: the cast is exact.
        .map(|n| {
            #[allow(clippy::cast_possible_truncation)]
            let i = n as i64;
            i
        })
        .ok_or_else(|| bad(name, &format!("{what} must be an integer")))
}

/// `$partition(array, size)`: chunks of `size`, the last one shorter
/// (cases `intrinsic_jsonata_array_partition_*`).
fn partition(args: &[Option<Value>], limits: Limits) -> Result<Value, EvaluatorError> {
    let [Some(Value::Array(items)), size] = args else {
        return Err(bad("partition", "expected an array and a chunk size"));
    };
    let size = integer("partition", size.as_ref(), "the chunk size")?;
    let size = usize::try_from(size)
        .ok()
        .filter(|&s| s > 0)
        .ok_or_else(|| bad("partition", "the chunk size must be greater than 0"))?;
    if items.len() > limits.max_sequence {
        return Err(bad("partition", "the array is too long"));
    }
    Ok(Value::Array(
        items
            .chunks(size)
            .map(|c| Value::Array(c.to_vec()))
            .collect(),
    ))
}

/// `$range(start, end, step)`: `start`, `start+step`, … up to and including `end`
/// (AWS doc example `$range(0, 10, 2)` is `[0, 2, 4, 6, 8, 10]`; case
/// `intrinsic_jsonata_array_range_03`).
fn range(args: &[Option<Value>], limits: Limits, budget: &Budget) -> Result<Value, EvaluatorError> {
    let [start, end, step] = args else {
        return Err(bad("range", "expected start, end and step"));
    };
    let start = i128::from(integer("range", start.as_ref(), "the start")?);
    let end = i128::from(integer("range", end.as_ref(), "the end")?);
    let step = i128::from(integer("range", step.as_ref(), "the step")?);
    if step == 0 {
        return Err(bad("range", "the step must not be 0"));
    }
    let count = if (end - start).signum() * step.signum() < 0 {
        0
    } else {
        (end - start) / step + 1
    };
    if count > i128::try_from(limits.max_sequence).unwrap_or(i128::MAX) {
        return Err(bad(
            "range",
            &format!("the range has more than {} items", limits.max_sequence),
        ));
    }
    budget.charge(u64::try_from(count).unwrap_or(u64::MAX))?;
    let mut out = Vec::new();
    let mut n = start;
    for _ in 0..count {
        out.push(Value::from(i64::try_from(n).unwrap_or_default()));
        n += step;
    }
    Ok(Value::Array(out))
}

/// `$hash(value, algorithm)`: the lowercase hex digest of a string's UTF-8 bytes.
fn hash(args: &[Option<Value>]) -> Result<Value, EvaluatorError> {
    let [Some(Value::String(data)), Some(Value::String(algorithm))] = args else {
        return Err(bad("hash", "expected a string and an algorithm name"));
    };
    let digest = match algorithm.as_str() {
        "MD5" => Md5::digest(data.as_bytes()).to_vec(),
        "SHA-1" => Sha1::digest(data.as_bytes()).to_vec(),
        "SHA-256" => Sha256::digest(data.as_bytes()).to_vec(),
        "SHA-384" => Sha384::digest(data.as_bytes()).to_vec(),
        "SHA-512" => Sha512::digest(data.as_bytes()).to_vec(),
        other => {
            return Err(bad(
                "hash",
                &format!(
                    "unsupported algorithm '{other}' (use MD5, SHA-1, SHA-256, SHA-384 or SHA-512)"
                ),
            ));
        }
    };
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    Ok(Value::String(hex))
}

/// `$parse(jsonString)`: the JSON value a string holds.
fn parse(args: &[Option<Value>]) -> Result<Value, EvaluatorError> {
    let [Some(Value::String(text))] = args else {
        return Err(bad("parse", "expected one string"));
    };
    // Numbers are normalised on the way out, so "-0" gives 0 (case intrinsic_jsonata_parse_00).
    serde_json::from_str(text)
        .map_err(|e| bad("parse", &format!("the string is not valid JSON ({e})")))
}

/// `$random([seed])`: a number in `[0, 1)`; the same seed always gives the same number.
fn random(args: &[Option<Value>], rng: &RefCell<Pcg64Mcg>) -> Result<Value, EvaluatorError> {
    let n = match args {
        [] | [None] => unit(&mut rng.borrow_mut()),
        [Some(seed)] => {
            // Any integer seed; its bits pick the sequence.
            let seed = integer("random", Some(seed), "the seed")?;
            unit(&mut generator(seed.cast_unsigned()))
        }
        _ => return Err(bad("random", "expected at most one seed")),
    };
    number(n).map_err(lift)
}

/// `$uuid()`: a version 4 UUID in lowercase hyphenated form, from the evaluation's generator.
fn uuid(args: &[Option<Value>], rng: &RefCell<Pcg64Mcg>) -> Result<Value, EvaluatorError> {
    if !args.is_empty() {
        return Err(bad("uuid", "expected no arguments"));
    }
    let mut bytes = [0u8; 16];
    rng.borrow_mut().fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut s = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{b:02x}");
    }
    Ok(Value::String(s))
}
