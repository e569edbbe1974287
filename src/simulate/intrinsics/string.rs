//! `States.Format` and `States.StringSplit`, and the Java-style rendering Format uses.

use std::fmt::Write as _;

use crate::simulate::value::Value;
use aslctl_parser::intrinsic_fn::IntrinsicFn;

use super::{IntrinsicError, MAX_DEPTH, Rng, arg, string_arg, type_name};

/// One piece of a parsed Format template.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    /// Text copied to the output.
    Text(String),
    /// A `{}` placeholder.
    Placeholder,
}

/// Splits a raw template into text and `{}` placeholders.
///
/// The intrinsic escapes are resolved here: `\{`, `\}`, `\'` and `\\` stand for the character
/// itself (AWS "Reserved characters in intrinsic functions"). A backslash before any other
/// character, and a brace that is not part of `{}`, are kept as written: the parser rejects
/// those in literals, and a template read from a path has no escape layer of its own.
fn parse_template(raw: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&e @ ('{' | '}' | '\'' | '\\')) => {
                    text.push(e);
                    chars.next();
                }
                _ => text.push('\\'),
            },
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Placeholder);
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// `States.Format(template, args...)`: each `{}` is replaced by the next argument.
pub(super) fn format(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::Format;
    let template = string_arg(f, args, 0)?;
    let pieces = parse_template(template);
    let values = args.get(1..).unwrap_or_default();
    let placeholders = pieces.iter().filter(|p| **p == Piece::Placeholder).count();
    // AWS: "There must be as many remaining arguments ... as there are occurrences of {}".
    if placeholders != values.len() {
        return Err(IntrinsicError::new(
            f,
            format!(
                "the template has {placeholders} placeholder(s) but {} argument(s) were given",
                values.len()
            ),
        ));
    }
    let mut out = String::new();
    let mut next = values.iter();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Placeholder => {
                let v = next.next().unwrap_or(&Value::Null);
                render(&mut out, v, 0).map_err(|()| {
                    IntrinsicError::new(f, "an argument is nested too deeply to format")
                })?;
            }
        }
    }
    Ok(Value::from(out))
}

/// Renders a value as `States.Format` inserts it.
///
/// Strings are inserted raw, `null` as `null`, numbers and booleans as JSON. Objects and
/// arrays follow Java's `Map`/`List` `toString`: `{Arg1=1, Arg2=[]}` with nested strings
/// unquoted (`intrinsic_format_2_07`). `Err` when `v` nests deeper than [`MAX_DEPTH`].
fn render(out: &mut String, v: &Value, depth: usize) -> Result<(), ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render(out, item, depth + 1)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                render(out, item, depth + 1)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// `States.StringSplit(string, delimiters)`.
///
/// Every character of the second argument is a delimiter and empty tokens are dropped, as
/// Java's `StringTokenizer` does: AWS splits `"This.is+a,test=string"` by `".+,="` into five
/// words (intrinsic functions doc), `",,,,"` by `","` gives `[]` (`intrinsic_string_split_03`).
pub(super) fn string_split(args: &[Value], _: &mut Rng) -> Result<Value, IntrinsicError> {
    let f = IntrinsicFn::StringSplit;
    let text = string_arg(f, args, 0)?;
    let delimiters = match arg(args, 1) {
        Value::String(d) => d,
        other => {
            return Err(IntrinsicError::new(
                f,
                format!("argument 2 must be a string, got {}", type_name(other)),
            ));
        }
    };
    let tokens = text
        .split(|c: char| delimiters.contains(c))
        .filter(|t| !t.is_empty())
        .map(Value::string)
        .collect();
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    fn run_format(args: &[Value]) -> Result<Value, IntrinsicError> {
        format(args, &mut Rng::new(0))
    }

    #[test]
    fn format_doc_example() {
        // AWS intrinsic functions doc, "States.Format".
        assert_eq!(
            run_format(&[json!("Hello, my name is {}."), json!("Arnav")]).unwrap(),
            json!("Hello, my name is Arnav.")
        );
    }

    #[test]
    fn format_renders_values_java_style() {
        // intrinsic_format_2_07, intrinsic_format_1_03, intrinsic_format_2_04.
        let out = run_format(&[
            json!("{} {} {} {} {}"),
            json!({"Arg1": 1, "Arg2": []}),
            Value::Null,
            json!(1),
            json!(1.1),
            json!([true, "x", {"a": null}]),
        ])
        .unwrap();
        assert_eq!(
            out,
            json!("{Arg1=1, Arg2=[]} null 1 1.1 [true, x, {a=null}]")
        );
    }

    #[test]
    fn format_escapes_are_not_placeholders() {
        // AWS doc "Reserved characters": `\{` represents `{`, `\}` represents `}`.
        let out = run_format(&[json!(r"\{\} is {} \\ \'q\'"), json!("x")]).unwrap();
        assert_eq!(out, json!(r"{} is x \ 'q'"));
    }

    #[test]
    fn format_placeholder_count_must_match() {
        assert!(run_format(&[json!("{} and {}"), json!(1)]).is_err());
        assert!(run_format(&[json!("none"), json!(1)]).is_err());
        assert!(run_format(&[json!(1)]).is_err());
    }

    #[test]
    fn format_depth_is_bounded() {
        let mut v = json!(1);
        for _ in 0..(MAX_DEPTH + 5) {
            v = Value::from(vec![v]);
        }
        assert!(run_format(&[json!("{}"), v]).is_err());
    }

    #[test]
    fn split_doc_and_corpus_examples() {
        let split = |s: &str, d: &str| string_split(&[json!(s), json!(d)], &mut Rng::new(0));
        // AWS intrinsic functions doc, both StringSplit examples.
        assert_eq!(
            split("1,2,3,4,5", ",").unwrap(),
            json!(["1", "2", "3", "4", "5"])
        );
        assert_eq!(
            split("This.is+a,test=string", ".+,=").unwrap(),
            json!(["This", "is", "a", "test", "string"])
        );
        // intrinsic_string_split_01 / _03.
        assert_eq!(split(" , ", ",").unwrap(), json!([" ", " "]));
        assert_eq!(split(",,,,", ",").unwrap(), json!([]));
        assert!(string_split(&[json!(1), json!(",")], &mut Rng::new(0)).is_err());
    }
}
