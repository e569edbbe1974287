//! `States.*` intrinsic function calls: parsing and static checks of arity and literal arguments.
//!
//! Arguments are single-quoted strings, numbers, `true`/`false`/`null`, paths and nested calls.
//! Inside a string, `'`, `{`, `}` and `\` are reserved and written `\'`, `\{`, `\}`, `\\`
//! (AWS developer guide, "Intrinsic functions", reserved characters).

use std::ops::Range;

use serde_json::Number;

use super::path::{PathContext, parse_path_at};
use super::{Cursor, ExprError, MAX_DEPTH, Path};
use crate::intrinsic_fn::{Arity, IntrinsicFn, ValueType};

/// A call such as `States.Format('{}', $.a)`.
#[derive(Debug, Clone, PartialEq)]
pub struct IntrinsicCall {
    /// Which function is called.
    pub function: IntrinsicFn,
    /// Byte range of the function name.
    pub name_range: Range<usize>,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// Byte range of the whole call, name to closing parenthesis.
    pub range: Range<usize>,
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// What the argument is.
    pub kind: ArgKind,
    /// Byte range of the argument in the expression text.
    pub range: Range<usize>,
    /// For string literals, the text between the quotes with escapes left as written, so
    /// `States.Format` can tell an escaped `\{` from a `{}` placeholder. Empty otherwise.
    pub raw: String,
}

/// The kinds of argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgKind {
    /// A single-quoted string, escapes decoded.
    String(String),
    /// A number literal.
    Number(Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A path, context path or variable reference.
    Path(Path),
    /// A nested intrinsic call.
    Call(IntrinsicCall),
}

/// A piece of a `States.Format` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePiece {
    /// Literal text, escapes decoded.
    Text(String),
    /// A `{}` placeholder.
    Placeholder,
}

impl Arg {
    /// The `States.Format` template pieces of a string-literal argument.
    #[must_use]
    pub fn template_pieces(&self) -> Option<Vec<TemplatePiece>> {
        match self.kind {
            ArgKind::String(_) => Some(template_pieces(&self.raw)),
            _ => None,
        }
    }
}

/// Splits a template, written as in an intrinsic string literal, into text and `{}` placeholders.
/// `\{` and `\}` are literal braces, not placeholders.
#[must_use]
pub fn template_pieces(raw: &str) -> Vec<TemplatePiece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('\'' | '{' | '}' | '\\')) => text.push(e),
                Some(other) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            },
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !text.is_empty() {
                    pieces.push(TemplatePiece::Text(std::mem::take(&mut text)));
                }
                pieces.push(TemplatePiece::Placeholder);
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(TemplatePiece::Text(text));
    }
    pieces
}

/// Parses one intrinsic call; surrounding whitespace is ignored.
///
/// # Errors
/// The first syntax error; an unknown function name is reported on the name.
pub fn parse_intrinsic(s: &str) -> Result<IntrinsicCall, ExprError> {
    let mut cur = Cursor::new(s);
    cur.skip_ws();
    let call = parse_call(&mut cur)?;
    cur.skip_ws();
    if !cur.at_end() {
        return Err(cur.unexpected("the end of the expression after the call"));
    }
    Ok(call)
}

fn read_word<'a>(cur: &mut Cursor<'a>) -> (&'a str, Range<usize>) {
    let start = cur.pos;
    while cur
        .peek()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        cur.bump();
    }
    (cur.src.get(start..cur.pos).unwrap_or(""), start..cur.pos)
}

fn parse_call(cur: &mut Cursor<'_>) -> Result<IntrinsicCall, ExprError> {
    let start = cur.pos;
    let (name, name_range) = read_word(cur);
    let Some(function) = IntrinsicFn::from_name(name) else {
        let hint = IntrinsicFn::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
            .map(|f| format!(" (did you mean `{}`?)", f.as_str()))
            .unwrap_or_default();
        let message = if name.is_empty() {
            "expected an intrinsic function name".to_owned()
        } else {
            format!("unknown intrinsic function `{name}`{hint}")
        };
        let range = if name.is_empty() {
            cur.next_char_range()
        } else {
            name_range
        };
        return Err(ExprError::new(message, range));
    };
    cur.skip_ws();
    cur.expect('(', "`(` after the function name")?;
    cur.enter(start)?;
    let mut args = Vec::new();
    cur.skip_ws();
    if !cur.eat(')') {
        loop {
            cur.skip_ws();
            args.push(parse_arg(cur)?);
            cur.skip_ws();
            if cur.eat(')') {
                break;
            }
            cur.expect(',', "`,` or `)`")?;
        }
    }
    cur.leave();
    Ok(IntrinsicCall {
        function,
        name_range,
        args,
        range: start..cur.pos,
    })
}

fn parse_arg(cur: &mut Cursor<'_>) -> Result<Arg, ExprError> {
    let start = cur.pos;
    let mut raw = String::new();
    let kind = match cur.peek() {
        Some('\'') => {
            let (value, text) = parse_string(cur)?;
            raw = text;
            ArgKind::String(value)
        }
        Some('$') => ArgKind::Path(parse_path_at(cur, PathContext::Argument)?),
        Some(c) if c == '-' || c.is_ascii_digit() => {
            while cur
                .peek()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            {
                cur.bump();
            }
            let text = cur.src.get(start..cur.pos).unwrap_or("");
            let number = serde_json::from_str::<Number>(text).map_err(|_| {
                ExprError::new(format!("`{text}` is not a valid number"), start..cur.pos)
            })?;
            ArgKind::Number(number)
        }
        Some(c) if c.is_ascii_alphabetic() => {
            let rest = cur.rest();
            if rest.starts_with("States.") {
                ArgKind::Call(parse_call(cur)?)
            } else {
                let (word, range) = read_word(cur);
                match word {
                    "true" => ArgKind::Bool(true),
                    "false" => ArgKind::Bool(false),
                    "null" => ArgKind::Null,
                    _ => {
                        return Err(ExprError::new(
                            format!(
                                "unexpected `{word}`; string arguments are written in single \
                                 quotes"
                            ),
                            range,
                        ));
                    }
                }
            }
        }
        _ => {
            return Err(cur.unexpected(
                "an argument: a 'string', a number, true, false, null, a path or a call",
            ));
        }
    };
    Ok(Arg {
        kind,
        range: start..cur.pos,
        raw,
    })
}

/// A single-quoted string: the decoded value and the raw text between the quotes.
fn parse_string(cur: &mut Cursor<'_>) -> Result<(String, String), ExprError> {
    let start = cur.pos;
    cur.expect('\'', "`'`")?;
    let body_start = cur.pos;
    let mut value = String::new();
    loop {
        match cur.bump() {
            None => return Err(ExprError::new("unterminated string", start..cur.pos)),
            Some('\\') => match cur.bump() {
                Some(e @ ('\'' | '{' | '}' | '\\')) => value.push(e),
                // Only the four reserved characters are escapes; keep any other backslash as
                // written so JSON text such as `{\"a\":1}` reaches StringToJson unchanged.
                Some(other) => {
                    value.push('\\');
                    value.push(other);
                }
                None => return Err(ExprError::new("unterminated string", start..cur.pos)),
            },
            Some('\'') => break,
            Some(c) => value.push(c),
        }
    }
    let raw = cur
        .src
        .get(body_start..cur.pos.saturating_sub(1))
        .unwrap_or("")
        .to_owned();
    Ok((value, raw))
}

/// Static checks of a parsed call and its nested calls: arity, literal argument types, the
/// number of `{}` in a literal `States.Format` template and literal `States.Hash` algorithms.
#[must_use]
pub fn check_call(call: &IntrinsicCall) -> Vec<ExprError> {
    let mut out = Vec::new();
    check_into(call, 0, &mut out);
    out
}

/// The static type of an argument, when it can be known without input.
#[derive(Clone, Copy)]
enum ArgType {
    Known(ValueType),
    Null,
    Unknown,
}

fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::String => "a string",
        ValueType::Number => "a number",
        ValueType::Integer => "an integer",
        ValueType::Boolean => "a boolean",
        ValueType::Array => "an array",
        ValueType::Object => "an object",
        ValueType::Any => "any value",
    }
}

fn compatible(expected: ValueType, actual: ArgType) -> bool {
    use ValueType as T;
    match actual {
        ArgType::Unknown => true,
        ArgType::Null => expected == T::Any,
        ArgType::Known(actual) => {
            expected == actual
                || expected == T::Any
                || actual == T::Any
                // Integer parameters accept any number statically: `States.MathAdd` rounds
                // non-integers at run time (recorded cases `intrinsic_math_add_*`).
                || matches!((expected, actual), (T::Number | T::Integer, T::Number | T::Integer))
        }
    }
}

fn describe_arity(arity: Arity) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match arity {
        Arity::Exactly(n) => format!("exactly {n} argument{}", plural(n)),
        Arity::Between(lo, hi) => format!("{lo} to {hi} arguments"),
        Arity::AtLeast(n) => format!("at least {n} argument{}", plural(n)),
    }
}

const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

fn check_into(call: &IntrinsicCall, depth: usize, out: &mut Vec<ExprError>) {
    if depth > MAX_DEPTH {
        return;
    }
    let name = call.function.as_str();
    let arity = call.function.arity();
    if !arity.accepts(call.args.len()) {
        out.push(ExprError::new(
            format!(
                "`{name}` takes {}, found {}",
                describe_arity(arity),
                call.args.len()
            ),
            call.range.clone(),
        ));
    }
    for (index, arg) in call.args.iter().enumerate() {
        let actual = match &arg.kind {
            ArgKind::String(_) => ArgType::Known(ValueType::String),
            ArgKind::Number(n) if n.is_i64() || n.is_u64() => ArgType::Known(ValueType::Integer),
            ArgKind::Number(_) => ArgType::Known(ValueType::Number),
            ArgKind::Bool(_) => ArgType::Known(ValueType::Boolean),
            ArgKind::Null => ArgType::Null,
            ArgKind::Path(_) => ArgType::Unknown,
            ArgKind::Call(inner) => {
                check_into(inner, depth + 1, out);
                ArgType::Known(inner.function.return_type())
            }
        };
        let expected = call.function.param_type(index);
        if !compatible(expected, actual) {
            let found = match actual {
                ArgType::Known(t) => type_name(t),
                ArgType::Null => "null",
                ArgType::Unknown => "an unknown value",
            };
            out.push(ExprError::new(
                format!(
                    "argument {} of `{name}` must be {}, found {found}",
                    index + 1,
                    type_name(expected)
                ),
                arg.range.clone(),
            ));
        }
    }
    match call.function {
        // "There must be as many remaining arguments in the Invocation as there are occurrences
        // of {}" (AWS "Intrinsic functions", States.Format).
        IntrinsicFn::Format => {
            if let Some(pieces) = call.args.first().and_then(Arg::template_pieces) {
                let placeholders = pieces
                    .iter()
                    .filter(|p| **p == TemplatePiece::Placeholder)
                    .count();
                let given = call.args.len().saturating_sub(1);
                if placeholders != given {
                    out.push(ExprError::new(
                        format!(
                            "the template has {placeholders} `{{}}` placeholder(s) but {given} \
                             value argument(s) follow it"
                        ),
                        call.range.clone(),
                    ));
                }
            }
        }
        IntrinsicFn::Hash => {
            if let Some(Arg {
                kind: ArgKind::String(algorithm),
                range,
                ..
            }) = call.args.get(1)
                && !HASH_ALGORITHMS.contains(&algorithm.as_str())
            {
                out.push(ExprError::new(
                    format!(
                        "unknown hash algorithm `{algorithm}`; expected one of {}",
                        HASH_ALGORITHMS.join(", ")
                    ),
                    range.clone(),
                ));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Root;

    fn ok(s: &str) -> IntrinsicCall {
        match parse_intrinsic(s) {
            Ok(c) => c,
            Err(e) => panic!("`{s}` should parse: {e}"),
        }
    }

    fn err(s: &str) -> ExprError {
        match parse_intrinsic(s) {
            Ok(c) => panic!("`{s}` should not parse: {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn literals() {
        let text = "States.Array('Foo', 2020, -1.5, true, false, null, $.someJson)";
        let c = ok(text);
        assert_eq!(c.function, IntrinsicFn::Array);
        let kinds: Vec<_> = c.args.iter().map(|a| &a.kind).collect();
        assert_eq!(kinds[0], &ArgKind::String("Foo".into()));
        assert_eq!(kinds[1], &ArgKind::Number(2020.into()));
        assert!(matches!(kinds[2], ArgKind::Number(n) if n.as_f64() == Some(-1.5)));
        assert_eq!(kinds[3], &ArgKind::Bool(true));
        assert_eq!(kinds[4], &ArgKind::Bool(false));
        assert_eq!(kinds[5], &ArgKind::Null);
        assert!(matches!(kinds[6], ArgKind::Path(p) if p.root == Root::Input));
        assert_eq!(c.args[0].range, 13..18);
        assert_eq!(c.range, 0..text.len());
        assert_eq!(c.name_range, 0..12);
        assert!(ok("States.UUID()").args.is_empty());
        assert!(ok("States.Array( )").args.is_empty());
        assert_eq!(ok("States.ArrayPartition($.inputArray,4)").args.len(), 2);
    }

    #[test]
    fn nested_calls_and_paths() {
        let c = ok(
            "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), \
             States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
        );
        let ArgKind::Call(split) = &c.args[0].kind else {
            panic!("expected a nested call")
        };
        assert_eq!(split.function, IntrinsicFn::StringSplit);
        assert!(matches!(&split.args[0].kind, ArgKind::Path(p) if p.root == Root::Context));
        assert!(check_call(&c).is_empty());
        // Paths in arguments may hold filters with commas and parentheses.
        let c = ok("States.ArrayGetItem($.R[?(@.k == 'a, b)' && @.v)].OutputValue, 0)");
        assert_eq!(c.args.len(), 2);
        let c = ok("States.Format('Hello {}, welcome to {}!', $name, $place)");
        assert!(
            matches!(&c.args[1].kind, ArgKind::Path(p) if p.root == Root::Variable("name".into()))
        );
    }

    #[test]
    fn escapes() {
        // AWS "Intrinsic functions": `\'`, `\{`, `\}` and `\\` are the reserved-character escapes.
        let c = ok(r"States.Format('Welcome to {} {}\'s playlist.', $.firstName, $.lastName)");
        assert_eq!(
            c.args[0].kind,
            ArgKind::String("Welcome to {} {}'s playlist.".into())
        );
        let c = ok(r"States.Format('\{\}{}\\', $.a)");
        assert_eq!(c.args[0].kind, ArgKind::String(r"{}{}\".into()));
        assert_eq!(c.args[0].raw, r"\{\}{}\\");
        assert_eq!(
            c.args[0].template_pieces(),
            Some(vec![
                TemplatePiece::Text("{}".into()),
                TemplatePiece::Placeholder,
                TemplatePiece::Text("\\".into()),
            ])
        );
        // A real newline (decoded from JSON `\n`) stays a newline (`intrinsic_escape_sequence_00`).
        let c = ok("States.StringSplit('Hello\nWorld', '\n')");
        assert_eq!(c.args[1].kind, ArgKind::String("\n".into()));
        // Other backslashes stay, so embedded JSON keeps its quotes escaped.
        let c = ok(r#"States.StringToJson('{\"a\":1}')"#);
        assert_eq!(c.args[0].kind, ArgKind::String(r#"{\"a\":1}"#.into()));
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(err("States.Nope(1)").range, 0..11);
        let e = err("States.format('x')");
        assert!(e.message.contains("States.Format"), "{}", e.message);
        assert_eq!(err("States.Array('a'").range, 16..16);
        assert_eq!(err("States.Array('a)").range, 13..16);
        assert_eq!(err("States.Array(1,)").range, 15..16);
        assert_eq!(err("States.Array(,1)").range, 13..14);
        assert_eq!(err("States.Array(foo)").range, 13..16);
        assert_eq!(err("States.Array(\"x\")").range, 13..14);
        assert_eq!(err("States.Array(1) x").range, 16..17);
        assert_eq!(err("States.Array($.a[)").range, 17..18);
        assert_eq!(err("States.Array States.UUID()").range, 13..14);
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}1{}", "States.Array(".repeat(100), ")".repeat(100));
        assert!(err(&deep).message.contains("deeper"));
        let fine = format!("{}1{}", "States.Array(".repeat(20), ")".repeat(20));
        assert!(check_call(&ok(&fine)).is_empty());
    }

    #[test]
    fn checks() {
        let errs = |s: &str| check_call(&ok(s));
        assert!(errs("States.Format('a {} b {}', $.x, 1)").is_empty());
        // Escaped braces are not placeholders.
        assert!(errs(r"States.Format('\{\}', $.x)").len() == 1);
        assert_eq!(errs("States.Format('{} {}', $.x)").len(), 1);
        let e = errs("States.ArrayLength($.a, $.b)");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].range, 0..28);
        assert_eq!(errs("States.UUID(1)").len(), 1);
        assert_eq!(errs("States.MathRandom(1)").len(), 1);
        assert!(errs("States.MathRandom(1, 10, 3)").is_empty());
        let e = errs("States.MathAdd('1', 2)");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].range, 15..18);
        assert!(errs("States.MathAdd(1.5, $.x)").is_empty());
        assert_eq!(errs("States.ArrayLength('abc')").len(), 1);
        assert_eq!(errs("States.ArrayLength(States.Format('x'))").len(), 1);
        assert!(errs("States.ArrayLength(States.StringSplit('a,b', ','))").is_empty());
        assert_eq!(errs("States.Base64Encode(null)").len(), 1);
        assert_eq!(errs("States.JsonMerge($.a, $.b, 'yes')").len(), 1);
        assert_eq!(errs("States.Hash($.a, 'SHA-1')").len(), 0);
        assert_eq!(errs("States.Hash($.a, 'SHA1')").len(), 1);
        // Nested calls are checked too.
        assert_eq!(errs("States.Array(States.UUID(1))").len(), 1);
    }
}
