//! Choice-rule data tests (`StringEquals`, `NumericLessThan`, `IsPresent`, ...): pure
//! comparisons of an input value with an operand.
//!
//! The tests are type-strict and never fail: a value of the wrong type makes the rule false
//! (spec/simulate.md §5.4; `choice_*` conformance cases).

use std::cmp::Ordering;

use super::value::{Number, Value};
use aslctl_parser::model::operator::{Comparison, OperandKind, Operator};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone as _};

/// An instant with the offset it was written with; ordering compares instants.
pub type Timestamp = DateTime<FixedOffset>;

/// Whether the Choice data test `op` holds.
///
/// `value` is what the rule's `Variable` selects (`None` when the path matches nothing);
/// `operand` is the operator's value, already read from the input for `...Path` operators.
/// A missing value satisfies only `IsPresent: false`; whether a missing `Variable` is an
/// error for other operators is the caller's decision.
#[must_use]
pub fn test(op: Operator, value: Option<&Value>, operand: &Value) -> bool {
    if op.kind == OperandKind::Test {
        let Some(expect) = operand.as_bool() else {
            return false;
        };
        if op.comparison == Comparison::IsPresent {
            return value.is_some() == expect;
        }
        // `IsNull: false` and friends mean "is not ...", so a present value of another type
        // satisfies them (AWS "Choice state" doc: type tests take true or false).
        return value.is_some_and(|v| type_test(op.comparison, v) == Some(expect));
    }
    let Some(value) = value else {
        return false;
    };
    match (op.kind, value, operand) {
        (OperandKind::String, Value::String(a), Value::String(b)) => {
            if op.comparison == Comparison::Matches {
                string_matches(a, b)
            } else {
                // Java's `String.compareTo`, which AWS's runtime uses, orders UTF-16 code units.
                ordered(op.comparison, a.encode_utf16().cmp(b.encode_utf16()))
            }
        }
        (OperandKind::Numeric, Value::Number(a), Value::Number(b)) => {
            compare_numbers(a, b).is_some_and(|o| ordered(op.comparison, o))
        }
        (OperandKind::Boolean, Value::Bool(a), Value::Bool(b)) => {
            op.comparison == Comparison::Equals && a == b
        }
        (OperandKind::Timestamp, Value::String(a), Value::String(b)) => {
            match (parse_timestamp(a), parse_timestamp(b)) {
                (Some(x), Some(y)) => ordered(op.comparison, x.cmp(&y)),
                _ => false,
            }
        }
        _ => false,
    }
}

/// The answer of a type test for a present value; `None` for non-type comparisons.
fn type_test(comparison: Comparison, v: &Value) -> Option<bool> {
    Some(match comparison {
        Comparison::IsNull => v.is_null(),
        Comparison::IsNumeric => v.is_number(),
        Comparison::IsString => v.is_string(),
        Comparison::IsBoolean => v.is_boolean(),
        Comparison::IsTimestamp => v.as_str().and_then(parse_timestamp).is_some(),
        _ => return None,
    })
}

/// Whether `order` (value compared with operand) satisfies an ordering comparison.
fn ordered(comparison: Comparison, order: Ordering) -> bool {
    match comparison {
        Comparison::Equals => order == Ordering::Equal,
        Comparison::LessThan => order == Ordering::Less,
        Comparison::GreaterThan => order == Ordering::Greater,
        Comparison::LessThanEquals => order != Ordering::Greater,
        Comparison::GreaterThanEquals => order != Ordering::Less,
        _ => false,
    }
}

/// Numeric order: exact for integers, IEEE order otherwise, so `0.0 == 0` and `-0 == 0`.
fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    let int = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// One element of a `StringMatches` pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A character matched literally.
    Char(char),
    /// `*`: any run of characters, possibly empty.
    Star,
}

/// `StringMatches`: `*` matches any run of characters; `\*` is a literal star and `\\` a
/// literal backslash (Amazon States Language, "Choice Rules"). A backslash before any
/// other character stands for itself.
///
/// Runs in linear time: the pattern is cut at its stars into literal segments, and each
/// segment is found leftmost-first, which is optimal for glob patterns with only `*`.
#[must_use]
pub fn string_matches(text: &str, pattern: &str) -> bool {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => tokens.push(Token::Star),
            '\\' => match chars.peek() {
                Some(&e @ ('*' | '\\')) => {
                    chars.next();
                    tokens.push(Token::Char(e));
                }
                _ => tokens.push(Token::Char('\\')),
            },
            _ => tokens.push(Token::Char(c)),
        }
    }
    let mut segments: Vec<String> = vec![String::new()];
    for t in &tokens {
        match t {
            Token::Star => segments.push(String::new()),
            Token::Char(c) => {
                if let Some(last) = segments.last_mut() {
                    last.push(*c);
                }
            }
        }
    }
    let (Some(first), Some(last)) = (segments.first(), segments.last()) else {
        return false;
    };
    if segments.len() == 1 {
        return text == first;
    }
    if text.len() < first.len() + last.len() {
        return false;
    }
    let (Some(rest), true) = (
        text.strip_prefix(first.as_str()),
        text.ends_with(last.as_str()),
    ) else {
        return false;
    };
    let Some(mut middle) = rest.get(..rest.len() - last.len()) else {
        return false;
    };
    for segment in segments.get(1..segments.len() - 1).unwrap_or_default() {
        match middle.find(segment.as_str()) {
            Some(at) => middle = middle.get(at + segment.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    true
}

/// Parses the RFC 3339 profile the Amazon States Language requires for timestamps:
/// `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, with an uppercase `T` and `Z` and at most
/// nine fraction digits (nanoseconds). `choice_timestamp_equals_07` shows that a space
/// instead of `T`, or a missing offset, is not a timestamp.
#[must_use]
pub fn parse_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0_u32, |acc, d| {
            acc.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)?;
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let mut i = 19;
    let mut nanos = 0_u32;
    if at(i, b'.') {
        let start = i + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let count = end - start;
        if count == 0 || count > 9 {
            return None;
        }
        nanos = digits(start..end)? * 10_u32.pow(u32::try_from(9 - count).ok()?);
        i = end;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let offset_seconds = match b.get(i..)? {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let magnitude = i32::try_from(h * 3600 + m * 60).ok()?;
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    let offset = FixedOffset::east_opt(offset_seconds)?;
    offset.from_local_datetime(&date.and_time(time)).single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    fn op(name: &str) -> Operator {
        Operator::from_name(name).unwrap()
    }

    #[test]
    fn type_mismatch_is_false() {
        // spec/simulate.md §5.4: NumericEquals 0 against "", null, [] or "0" is false.
        for v in [json!(""), Value::Null, json!([]), json!("0")] {
            assert!(!test(op("NumericEquals"), Some(&v), &json!(0)), "{v}");
        }
        assert!(!test(op("StringEquals"), Some(&json!(1)), &json!("1")));
        assert!(!test(
            op("BooleanEquals"),
            Some(&json!("true")),
            &json!(true)
        ));
        assert!(!test(op("StringEquals"), None, &json!("")));
    }

    #[test]
    fn numbers_compare_by_value() {
        // choice_numeric_equals_*: 0.0 == 0; -0 == 0.
        assert!(test(op("NumericEquals"), Some(&json!(0.0)), &json!(0)));
        assert!(test(op("NumericEquals"), Some(&json!(-0.0)), &json!(0)));
        assert!(test(op("NumericLessThan"), Some(&json!(1)), &json!(1.1)));
        assert!(test(
            op("NumericGreaterThanEquals"),
            Some(&json!(u64::MAX)),
            &json!(-1)
        ));
        assert!(!test(
            op("NumericEquals"),
            Some(&json!(9_007_199_254_740_993_i64)),
            &json!(9_007_199_254_740_992_i64)
        ));
    }

    #[test]
    fn strings_compare_exactly() {
        assert!(test(op("StringEquals"), Some(&json!("a")), &json!("a")));
        assert!(!test(op("StringEquals"), Some(&json!("a ")), &json!("a")));
        assert!(test(op("StringLessThan"), Some(&json!("A")), &json!("a")));
        assert!(test(
            op("StringGreaterThanEquals"),
            Some(&json!("b")),
            &json!("b")
        ));
        // UTF-16 order: U+FF61 sorts after the surrogate pair of U+1F600, unlike code points.
        assert!(test(
            op("StringGreaterThan"),
            Some(&json!("\u{FF61}")),
            &json!("\u{1F600}")
        ));
    }

    #[test]
    fn type_tests() {
        // IsPresent is true for an explicit null (choice_is_present_00).
        assert!(test(op("IsPresent"), Some(&Value::Null), &json!(true)));
        assert!(test(op("IsPresent"), None, &json!(false)));
        assert!(!test(op("IsPresent"), None, &json!(true)));
        // `false` means "is not" (spec/simulate.md §5.4).
        assert!(test(op("IsNull"), Some(&json!(0)), &json!(false)));
        assert!(!test(op("IsNull"), Some(&Value::Null), &json!(false)));
        assert!(test(op("IsString"), Some(&json!(1)), &json!(false)));
        assert!(test(op("IsNumeric"), Some(&json!(1.5)), &json!(true)));
        assert!(!test(op("IsNumeric"), Some(&json!("42")), &json!(true)));
        assert!(test(op("IsBoolean"), Some(&json!(false)), &json!(true)));
        assert!(test(
            op("IsTimestamp"),
            Some(&json!("2012-10-09T19:00:55Z")),
            &json!(true)
        ));
        assert!(test(
            op("IsTimestamp"),
            Some(&json!("2012-10-09T19:00:55")),
            &json!(false)
        ));
        assert!(!test(op("IsNull"), None, &json!(false)));
    }

    #[test]
    fn timestamps_compare_as_instants() {
        let t = |a: &str, name: &str, b: &str| test(op(name), Some(&json!(a)), &json!(b));
        assert!(t(
            "2012-10-09T19:00:55Z",
            "TimestampEquals",
            "2012-10-09T20:00:55+01:00"
        ));
        assert!(t(
            "2012-10-09T19:00:55.1Z",
            "TimestampGreaterThan",
            "2012-10-09T19:00:55Z"
        ));
        assert!(!t(
            "2023-02-24 12:15:56.832957",
            "TimestampLessThan",
            "2099-01-01T00:00:00Z"
        ));
        assert!(!t("2012-10-09T19:00:55Z", "TimestampEquals", "not a time"));
    }

    #[test]
    fn timestamp_grammar() {
        assert!(parse_timestamp("2016-03-14T01:59:00Z").is_some());
        assert!(parse_timestamp("2016-03-14T01:59:00.123456789-07:30").is_some());
        assert!(parse_timestamp("2016-03-14T01:59:00.1234567890Z").is_none());
        // wait_wait_timestamp_*: invalid dates and times, no T, no offset.
        for bad in [
            "2016-13-05T21:29:29Z",
            "2016-12-05T25:29:29Z",
            "2016-12-05T21:29:29",
            "05-12-2016T21:29:29Z",
            "2016-02-30T00:00:00Z",
            "2016-12-05 21:29:29Z",
            "2016-12-05t21:29:29Z",
            "2016-12-05T21:29:29z",
            "2016-12-05T21:29:29.Z",
            "2016-12-05T21:29:29+0100",
            "2016-12-05T21:29:29+24:00",
            "",
        ] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
        let a = parse_timestamp("2016-12-05T21:29:29+01:00");
        let b = parse_timestamp("2016-12-05T20:29:29Z");
        assert_eq!(a, b);
    }

    #[test]
    fn matches_wildcards() {
        // Amazon States Language spec examples for StringMatches.
        assert!(string_matches("foo23.log", "foo*.log"));
        assert!(string_matches("zebra.log", "*.log"));
        assert!(string_matches("foobar.zebra", "foo*.*"));
        assert!(!string_matches("foo.txt", "*.log"));
        assert!(string_matches("", "*"));
        assert!(string_matches("abc", "a**c"));
        assert!(!string_matches("ab", "ab*b"));
        assert!(string_matches("abab", "ab*b"));
        assert!(string_matches("a*b", r"a\*b"));
        assert!(!string_matches("axb", r"a\*b"));
        assert!(string_matches(r"a\b", r"a\\b"));
        assert!(string_matches("x", "x"));
        assert!(!string_matches("x", "y"));
    }

    #[test]
    fn matches_is_fast_on_hostile_patterns() {
        let text = "a".repeat(50_000);
        let pattern = format!("{}b", "a*".repeat(5_000));
        assert!(!string_matches(&text, &pattern));
    }

    /// Replays recorded `choice_*` AWS cases made of one Choice state with one data-test rule;
    /// skips silently when the conformance corpus is absent.
    #[test]
    #[allow(clippy::print_stderr)]
    fn recorded_choice_cases() {
        use crate::simulate::conformance_support::{cases, simple_path};
        let all = cases("choice_");
        let mut replayed = 0;
        let mut failures = Vec::new();
        for case in &all {
            let Some(states) = case.definition.get("States").and_then(Value::as_object) else {
                continue;
            };
            let choices: Vec<_> = states
                .values()
                .filter(|s| s.get("Type").and_then(Value::as_str) == Some("Choice"))
                .collect();
            let [choice] = choices[..] else { continue };
            let Some([rule]) = choice
                .get("Choices")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            else {
                continue;
            };
            let Some(rule) = rule.as_object() else {
                continue;
            };
            let ops: Vec<_> = rule
                .iter()
                .filter_map(|(k, v)| Operator::from_name(k).map(|o| (o, v)))
                .collect();
            let ([(operator, operand)], Some(variable)) =
                (&ops[..], rule.get("Variable").and_then(Value::as_str))
            else {
                continue;
            };
            let operand = if operator.path {
                match operand.as_str().and_then(|p| simple_path(p, &case.input)) {
                    Some(v) => v,
                    None => continue,
                }
            } else {
                operand
            };
            let value = simple_path(variable, &case.input);
            let next = if test(*operator, value, operand) {
                rule.get("Next")
            } else {
                choice.get("Default")
            };
            let result = next
                .and_then(Value::as_str)
                .and_then(|n| states.get(n))
                .and_then(|s| s.get("Result"));
            replayed += 1;
            if result != case.expected.get("output") {
                failures.push(format!(
                    "{}: {} on {value:?} with {operand}",
                    case.name,
                    operator.name()
                ));
            }
        }
        eprintln!(
            "choice conformance: {}/{replayed} replayed cases pass ({} cases in corpus)",
            replayed - failures.len(),
            all.len()
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
