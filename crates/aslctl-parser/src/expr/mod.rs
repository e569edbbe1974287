//! Expressions inside string values: JSONPath, Reference Paths and `States.*` intrinsic calls.
//!
//! Everything is parsed once into types. Errors carry a byte range inside the expression text so
//! callers can underline the offending part.

pub mod intrinsic;
pub mod path;

use std::ops::Range;

pub use intrinsic::{
    Arg, ArgKind, IntrinsicCall, TemplatePiece, check_call, parse_intrinsic, template_pieces,
};
pub use path::{
    CompareOp, FilterExpr, Operand, Path, PathFunction, Root, Segment, Selector, parse_path,
    parse_reference_path,
};

/// Nesting deeper than this (calls, filters, parentheses, `!`) is rejected rather than recursed.
pub const MAX_DEPTH: usize = 64;

/// A problem in an expression, located by byte offsets into the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong, as one lowercase sentence.
    pub message: String,
    /// Byte range of the offending part of the expression text.
    pub range: Range<usize>,
}

impl ExprError {
    pub(crate) fn new(message: impl Into<String>, range: Range<usize>) -> Self {
        ExprError {
            message: message.into(),
            range,
        }
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (at {}..{})",
            self.message, self.range.start, self.range.end
        )
    }
}

impl std::error::Error for ExprError {}

/// What a payload-template `key.$` value, `ErrorPath` or `CausePath` may hold.
#[derive(Debug, Clone, PartialEq)]
pub enum PayloadExpr {
    /// A JSONPath, context path (`$$`) or variable reference (`$name`).
    Path(Path),
    /// A `States.*` intrinsic function call.
    Intrinsic(IntrinsicCall),
}

/// Parses a payload expression: a `States.` prefix means an intrinsic call, `$` a path.
///
/// # Errors
/// Returns the first syntax error, located in `s`.
pub fn parse_payload_expr(s: &str) -> Result<PayloadExpr, ExprError> {
    let trimmed = s.trim_start();
    if trimmed.starts_with("States.") {
        parse_intrinsic(s).map(PayloadExpr::Intrinsic)
    } else if trimmed.starts_with('$') {
        parse_path(s).map(PayloadExpr::Path)
    } else {
        let start = s.len() - trimmed.len();
        Err(ExprError::new(
            "expected a path starting with `$` or an intrinsic function call `States.…(…)`",
            start..s.len(),
        ))
    }
}

/// A position in the expression text, shared by the path and intrinsic parsers.
pub(crate) struct Cursor<'a> {
    pub(crate) src: &'a str,
    pub(crate) pos: usize,
    depth: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Cursor {
            src,
            pos: 0,
            depth: 0,
        }
    }

    pub(crate) fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub(crate) fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub(crate) fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    pub(crate) fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// Range of the next character (or an empty range at the end), for "unexpected" errors.
    pub(crate) fn next_char_range(&self) -> Range<usize> {
        match self.peek() {
            Some(c) => self.pos..self.pos + c.len_utf8(),
            None => self.pos..self.pos,
        }
    }

    pub(crate) fn unexpected(&self, expected: &str) -> ExprError {
        match self.peek() {
            Some(c) => ExprError::new(
                format!("unexpected `{c}`, expected {expected}"),
                self.next_char_range(),
            ),
            None => ExprError::new(
                format!("unexpected end of expression, expected {expected}"),
                self.pos..self.pos,
            ),
        }
    }

    pub(crate) fn expect(&mut self, c: char, expected: &str) -> Result<(), ExprError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    /// Enters one nesting level; fails past [`MAX_DEPTH`] so input cannot drive deep recursion.
    pub(crate) fn enter(&mut self, at: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(
                format!("expression nests deeper than {MAX_DEPTH} levels"),
                at..self.src.len(),
            ));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_dispatch() {
        assert!(matches!(
            parse_payload_expr("$.a"),
            Ok(PayloadExpr::Path(_))
        ));
        assert!(matches!(
            parse_payload_expr("$$.Execution.Input"),
            Ok(PayloadExpr::Path(_))
        ));
        assert!(matches!(
            parse_payload_expr("$myVar.field"),
            Ok(PayloadExpr::Path(_))
        ));
        assert!(matches!(
            parse_payload_expr("States.UUID()"),
            Ok(PayloadExpr::Intrinsic(_))
        ));
        let Err(err) = parse_payload_expr("hello") else {
            panic!("`hello` is not an expression");
        };
        assert_eq!(err.range, 0..5);
    }

    #[test]
    fn unknown_function_is_an_intrinsic_error() {
        // `States.Default` is not one of the 18 intrinsics (AWS "Intrinsic functions" page).
        let Err(err) = parse_payload_expr("States.Default($.a, 1)") else {
            panic!("States.Default is not an intrinsic");
        };
        assert_eq!(err.range, 0..14);
    }
}

/// Every expression found in the real-world corpus, when it is present (it is not part of the
/// repository, so the test passes silently without it).
#[cfg(test)]
mod corpus {
    use super::*;
    use serde_json::Value;

    const DEFS: &str = "/work/shared/corpus/realworld/defs";

    /// ASL fields whose string value is a JSONPath (Reference Path or Path).
    const PATH_FIELDS: [&str; 13] = [
        "InputPath",
        "OutputPath",
        "ResultPath",
        "ItemsPath",
        "SecondsPath",
        "TimestampPath",
        "TimeoutSecondsPath",
        "HeartbeatSecondsPath",
        "ErrorPath",
        "CausePath",
        "MaxConcurrencyPath",
        "ToleratedFailureCountPath",
        "ToleratedFailurePercentagePath",
    ];

    /// Values in the corpus that AWS does not accept either, with the reason.
    const KNOWN_INVALID: [(&str, &str); 6] = [
        // Goessner script expression; Jayway has no `[(…)]` (asl-validator test fixture).
        ("$[(@.length-1)].bar", "script expression"),
        ("$$.**BLANK**", "`**` is not a member name"),
        // Not one of the 18 intrinsics listed in the AWS guide.
        ("States.Default(", "unknown function"),
        // Literals under `TestResult.$` inside a Pass `Result`, which AWS never evaluates.
        ("ConditionTrue", "not an expression"),
        ("ConditionFalse", "not an expression"),
        ("timestamp", "not a path"),
    ];

    fn collect(value: &Value, out: &mut Vec<(String, String)>) {
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(map) => {
                    for (k, v) in map {
                        if let Value::String(s) = v
                            && (k.ends_with(".$") || PATH_FIELDS.contains(&k.as_str()))
                        {
                            out.push((k.clone(), s.clone()));
                        }
                        stack.push(v);
                    }
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }

    /// Placeholders of template engines (CloudFormation, Terraform, SAM), not ASL.
    fn is_template(s: &str) -> bool {
        s.contains("${") || s.starts_with('%') || s.contains("{{")
    }

    #[test]
    #[allow(clippy::print_stderr)]
    fn realworld_expressions_parse() {
        let Ok(dir) = std::fs::read_dir(DEFS) else {
            return;
        };
        let mut found = Vec::new();
        for entry in dir.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            if let Ok(json) = serde_json::from_str::<Value>(&text) {
                collect(&json, &mut found);
            }
        }
        let mut failures = Vec::new();
        let mut checked = 0;
        let mut known_invalid = 0;
        for (key, value) in &found {
            // JSONata strings and plain literals under `*.$` keys are not JSONPath expressions.
            if is_template(value) || value.starts_with("{%") {
                continue;
            }
            checked += 1;
            // The States Language spec: ResultPath and ItemsPath are Reference Paths, InputPath
            // and OutputPath are Paths; ErrorPath and CausePath also take intrinsic functions
            // (AWS guide, "Fail workflow state").
            let result = if key.ends_with(".$") || key == "ErrorPath" || key == "CausePath" {
                parse_payload_expr(value).map(|_| ())
            } else if key == "ResultPath" || key == "ItemsPath" {
                parse_reference_path(value).map(|_| ())
            } else {
                parse_path(value).map(|_| ())
            };
            let known = |v: &str| value == v || (v.ends_with('(') && value.contains(v));
            match result {
                Err(_) if KNOWN_INVALID.iter().any(|(v, _)| known(v)) => known_invalid += 1,
                Err(e) => failures.push(format!("{key}: {value:?}: {e}")),
                Ok(()) => {}
            }
        }
        eprintln!(
            "{checked} corpus expressions checked, {known_invalid} known invalid, {} failed",
            failures.len()
        );
        for f in &failures {
            eprintln!("  {f}");
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
