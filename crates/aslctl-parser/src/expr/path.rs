//! JSONPath as AWS Step Functions accepts it (Jayway-like), and Reference Path validation.
//!
//! AWS evaluates paths with Jayway JsonPath, which is more permissive than RFC 9535: dot members
//! may contain `-` or start with a digit (`$.detail-type`, `$.1st`), `.['a']` is accepted, and
//! filters support `=~`, `in`, `nin` and friends. A Reference Path is the subset that can only
//! identify a single node: "The operators @ .. , : ? * aren't supported" and "Functions such as
//! length() aren't supported" (AWS developer guide, "Reference paths").

use std::ops::Range;

use serde_json::Value;

use super::{Cursor, ExprError};

/// Where a path starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state input (or the document a filter runs on).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

/// A parsed path: a root and the segments applied to it, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The root the path starts from.
    pub root: Root,
    /// The segments, in order.
    pub segments: Vec<Segment>,
    /// Byte range of each segment in the source text; same length as `segments`.
    pub spans: Vec<Range<usize>>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `.name`, `['name']` or `["name"]`.
    Member(String),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[n]`; negative counts from the end.
    Index(i64),
    /// `[start:end:step]`, each part optional.
    Slice {
        /// First index, inclusive.
        start: Option<i64>,
        /// Last index, exclusive.
        end: Option<i64>,
        /// Step between indexes.
        step: Option<i64>,
    },
    /// `['a','b']` or `[0,1]`: several members or indexes.
    Union(Vec<Selector>),
    /// `[?(…)]`.
    Filter(FilterExpr),
    /// `..x`: the inner segment applied at every depth. Never another `DeepScan` or `Function`.
    DeepScan(Box<Segment>),
    /// `.length()` and the other Jayway functions; always the last segment.
    Function(PathFunction),
}

/// One entry of a union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// A member name.
    Member(String),
    /// An array index; negative counts from the end.
    Index(i64),
}

/// A Jayway path function applied at the tail of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathFunction {
    /// `length()`: the size of an array (or object, or string).
    Length,
    /// `min()` of the numbers in an array.
    Min,
    /// `max()` of the numbers in an array.
    Max,
    /// `avg()` of the numbers in an array.
    Avg,
    /// `stddev()` of the numbers in an array.
    Stddev,
    /// `sum()` of the numbers in an array.
    Sum,
    /// `first()` element of an array.
    First,
    /// `last()` element of an array.
    Last,
    /// `keys()` of an object.
    Keys,
}

impl PathFunction {
    /// The name as written, without parentheses.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PathFunction::Length => "length",
            PathFunction::Min => "min",
            PathFunction::Max => "max",
            PathFunction::Avg => "avg",
            PathFunction::Stddev => "stddev",
            PathFunction::Sum => "sum",
            PathFunction::First => "first",
            PathFunction::Last => "last",
            PathFunction::Keys => "keys",
        }
    }

    fn from_name(name: &str) -> Option<PathFunction> {
        [
            PathFunction::Length,
            PathFunction::Min,
            PathFunction::Max,
            PathFunction::Avg,
            PathFunction::Stddev,
            PathFunction::Sum,
            PathFunction::First,
            PathFunction::Last,
            PathFunction::Keys,
        ]
        .into_iter()
        .find(|f| f.as_str() == name)
    }
}

/// The boolean expression inside `[?(…)]`.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterExpr {
    /// `a || b || …`
    Or(Vec<FilterExpr>),
    /// `a && b && …`
    And(Vec<FilterExpr>),
    /// `!a`
    Not(Box<FilterExpr>),
    /// `left op right`
    Compare {
        /// Left operand.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// Right operand.
        right: Operand,
    },
    /// A lone path (`@.isbn`): true when it selects something.
    Exists(Operand),
}

/// A filter comparison operator (Jayway's relational operators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=~ /regex/flags`, a whole-string match.
    Matches,
    /// `in [..]`
    In,
    /// `nin [..]`
    Nin,
    /// `subsetof [..]`
    SubsetOf,
    /// `anyof [..]`
    AnyOf,
    /// `noneof [..]`
    NoneOf,
    /// `size n`
    Size,
    /// `empty true|false`
    Empty,
    /// `contains x`
    Contains,
}

/// One side of a filter comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// `@…`: a path relative to the element being tested.
    Current(Vec<Segment>),
    /// `$…`: a path from the document root.
    Root(Path),
    /// A string, number, boolean, null or array literal.
    Literal(Value),
    /// `/pattern/flags`.
    Regex {
        /// The pattern between the slashes.
        pattern: String,
        /// Flags after the closing slash (`i`, `m`, `s`, `x`).
        flags: String,
    },
}

impl Path {
    /// Whether the path can select at most one node (only members, indexes and a tail function).
    ///
    /// AWS returns a definite path's value as is and an indefinite path's matches as an array.
    #[must_use]
    pub fn is_definite(&self) -> bool {
        self.segments.iter().all(|s| {
            matches!(
                s,
                Segment::Member(_) | Segment::Index(_) | Segment::Function(_)
            )
        })
    }

    /// Whether the path is a Reference Path: members and indexes only.
    #[must_use]
    pub fn is_reference_path(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Member(_) | Segment::Index(_)))
    }
}

/// Where a path is embedded; decides which characters end a dot-member name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathContext {
    /// The whole string is the path.
    TopLevel,
    /// An intrinsic-function argument: `,` and `)` end the path.
    Argument,
    /// Inside a filter: comparison operators also end a name.
    Filter,
}

/// Parses a full JSONPath (Jayway syntax as AWS accepts it). Surrounding whitespace is ignored,
/// as Jayway trims the path before compiling it.
///
/// # Errors
/// Returns the first syntax error, located in `s`.
pub fn parse_path(s: &str) -> Result<Path, ExprError> {
    let mut cur = Cursor::new(s);
    cur.skip_ws();
    let path = parse_path_at(&mut cur, PathContext::TopLevel)?;
    cur.skip_ws();
    if !cur.at_end() {
        return Err(cur.unexpected("`.`, `[` or the end of the path"));
    }
    Ok(path)
}

/// Parses a Reference Path: a path with member and index segments only.
///
/// # Errors
/// A syntax error, or an error covering the first segment a Reference Path does not allow.
pub fn parse_reference_path(s: &str) -> Result<Path, ExprError> {
    let path = parse_path(s)?;
    for (seg, span) in path.segments.iter().zip(&path.spans) {
        let what = match seg {
            Segment::Member(_) | Segment::Index(_) => continue,
            Segment::Wildcard => "wildcards",
            Segment::Slice { .. } => "slices",
            Segment::Union(_) => "unions",
            Segment::Filter(_) => "filters",
            Segment::DeepScan(_) => "deep scans (`..`)",
            Segment::Function(_) => "functions",
        };
        return Err(ExprError::new(
            format!("{what} are not allowed in a reference path, which must select a single node"),
            span.clone(),
        ));
    }
    Ok(path)
}

/// Parses a path starting at the cursor and stops at the first character that cannot continue it.
pub(crate) fn parse_path_at(cur: &mut Cursor<'_>, ctx: PathContext) -> Result<Path, ExprError> {
    if !cur.eat('$') {
        return Err(cur.unexpected("a path starting with `$`"));
    }
    let root = if cur.eat('$') {
        Root::Context
    } else if cur
        .peek()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        let start = cur.pos;
        while cur
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            cur.bump();
        }
        Root::Variable(cur.src.get(start..cur.pos).unwrap_or("").to_owned())
    } else {
        Root::Input
    };
    let (segments, spans) = parse_segments(cur, ctx)?;
    Ok(Path {
        root,
        segments,
        spans,
    })
}

type Segments = (Vec<Segment>, Vec<Range<usize>>);

fn parse_segments(cur: &mut Cursor<'_>, ctx: PathContext) -> Result<Segments, ExprError> {
    let mut segments = Vec::new();
    let mut spans = Vec::new();
    loop {
        let start = cur.pos;
        let segment = match cur.peek() {
            Some('.') if cur.peek_nth(1) == Some('.') => {
                cur.pos += 2;
                let inner = match cur.peek() {
                    Some('[') => parse_bracket(cur)?,
                    Some('*') => {
                        cur.bump();
                        Segment::Wildcard
                    }
                    Some(c) if is_name_char(c, ctx) => parse_name_or_function(cur, ctx)?,
                    _ => return Err(cur.unexpected("a name, `*` or `[` after `..`")),
                };
                if let Segment::Function(_) = inner {
                    return Err(ExprError::new(
                        "a function cannot follow `..` directly",
                        start..cur.pos,
                    ));
                }
                Segment::DeepScan(Box::new(inner))
            }
            Some('.') => {
                cur.bump();
                match cur.peek() {
                    // Jayway accepts `.['name']`; the AWS guide itself writes `$.abc.['def ghi']`.
                    Some('[') => parse_bracket(cur)?,
                    Some('*') => {
                        cur.bump();
                        Segment::Wildcard
                    }
                    Some(c) if is_name_char(c, ctx) => parse_name_or_function(cur, ctx)?,
                    _ => return Err(cur.unexpected("a member name, `*` or `[` after `.`")),
                }
            }
            Some('[') => parse_bracket(cur)?,
            _ => break,
        };
        if matches!(segments.last(), Some(Segment::Function(_))) {
            return Err(ExprError::new(
                "a path function must be the last segment",
                start..cur.pos,
            ));
        }
        segments.push(segment);
        spans.push(start..cur.pos);
    }
    Ok((segments, spans))
}

/// Characters of a dot-member name. Jayway reads a dot name up to `.`, `[`, `(` or a blank, so
/// `$.detail-type` and `$.1st` are members; embedded paths also stop at their delimiters.
fn is_name_char(c: char, ctx: PathContext) -> bool {
    if c.is_whitespace() || matches!(c, '.' | '[' | ']' | '(' | ')' | '\'' | '"') {
        return false;
    }
    match ctx {
        PathContext::TopLevel => true,
        PathContext::Argument => c != ',',
        PathContext::Filter => !matches!(c, ',' | '=' | '!' | '<' | '>' | '&' | '|' | '~'),
    }
}

fn parse_name_or_function(cur: &mut Cursor<'_>, ctx: PathContext) -> Result<Segment, ExprError> {
    let start = cur.pos;
    while cur.peek().is_some_and(|c| is_name_char(c, ctx)) {
        cur.bump();
    }
    let name = cur.src.get(start..cur.pos).unwrap_or("");
    if cur.peek() != Some('(') {
        return Ok(Segment::Member(name.to_owned()));
    }
    let name_range = start..cur.pos;
    cur.bump();
    cur.skip_ws();
    if !cur.eat(')') {
        return Err(ExprError::new(
            "path functions with arguments are not supported",
            name_range.start..cur.pos,
        ));
    }
    PathFunction::from_name(name)
        .map(Segment::Function)
        .ok_or_else(|| {
            ExprError::new(
                format!(
                    "unknown path function `{name}()`; expected one of length, min, max, avg, \
                     stddev, sum, first, last, keys"
                ),
                name_range,
            )
        })
}

fn parse_bracket(cur: &mut Cursor<'_>) -> Result<Segment, ExprError> {
    let open = cur.pos;
    cur.expect('[', "`[`")?;
    cur.skip_ws();
    let segment = match cur.peek() {
        Some('*') => {
            cur.bump();
            Segment::Wildcard
        }
        Some('?') => {
            cur.bump();
            cur.skip_ws();
            cur.expect('(', "`(` after `[?`")?;
            cur.enter(open)?;
            let expr = parse_or(cur)?;
            cur.leave();
            cur.skip_ws();
            cur.expect(')', "`)` closing the filter")?;
            Segment::Filter(expr)
        }
        Some('\'' | '"') => {
            let mut names = Vec::new();
            loop {
                cur.skip_ws();
                names.push(parse_quoted(cur)?);
                cur.skip_ws();
                if !cur.eat(',') {
                    break;
                }
            }
            if names.len() == 1 {
                Segment::Member(names.swap_remove(0))
            } else {
                Segment::Union(names.into_iter().map(Selector::Member).collect())
            }
        }
        Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => parse_indexes(cur)?,
        Some('(') => {
            return Err(ExprError::new(
                "script expressions `[(…)]` are not supported by AWS JSONPath",
                open..cur.pos + 1,
            ));
        }
        _ => return Err(cur.unexpected("`*`, `?(`, a quoted name or an index inside `[…]`")),
    };
    cur.skip_ws();
    cur.expect(']', "`]`")?;
    Ok(segment)
}

/// `[1]`, `[-1]`, `[0,2]`, `[1:3]`, `[:2]`, `[-2:]`, `[::2]`.
fn parse_indexes(cur: &mut Cursor<'_>) -> Result<Segment, ExprError> {
    let first = parse_opt_int(cur)?;
    cur.skip_ws();
    if cur.eat(':') {
        cur.skip_ws();
        let end = parse_opt_int(cur)?;
        cur.skip_ws();
        let step = if cur.eat(':') {
            cur.skip_ws();
            let at = cur.pos;
            let step = parse_opt_int(cur)?;
            if step == Some(0) {
                return Err(ExprError::new("a slice step cannot be 0", at..cur.pos));
            }
            step
        } else {
            None
        };
        return Ok(Segment::Slice {
            start: first,
            end,
            step,
        });
    }
    let Some(first) = first else {
        return Err(cur.unexpected("an index"));
    };
    let mut indexes = vec![first];
    while cur.eat(',') {
        cur.skip_ws();
        match parse_opt_int(cur)? {
            Some(i) => indexes.push(i),
            None => return Err(cur.unexpected("an index after `,`")),
        }
        cur.skip_ws();
    }
    if indexes.len() == 1 {
        Ok(Segment::Index(first))
    } else {
        Ok(Segment::Union(
            indexes.into_iter().map(Selector::Index).collect(),
        ))
    }
}

fn parse_opt_int(cur: &mut Cursor<'_>) -> Result<Option<i64>, ExprError> {
    let start = cur.pos;
    cur.eat('-');
    while cur.peek().is_some_and(|c| c.is_ascii_digit()) {
        cur.bump();
    }
    let text = cur.src.get(start..cur.pos).unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .map(Some)
        .map_err(|_| ExprError::new(format!("`{text}` is not a valid index"), start..cur.pos))
}

/// A `'…'` or `"…"` string with backslash escapes, as in Jayway bracket names and filter literals.
fn parse_quoted(cur: &mut Cursor<'_>) -> Result<String, ExprError> {
    let start = cur.pos;
    let Some(quote) = cur.bump().filter(|c| *c == '\'' || *c == '"') else {
        return Err(cur.unexpected("a quoted string"));
    };
    let mut out = String::new();
    loop {
        match cur.bump() {
            None => {
                return Err(ExprError::new("unterminated string", start..cur.pos));
            }
            Some('\\') => match cur.bump() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(c) => out.push(c),
                None => return Err(ExprError::new("unterminated string", start..cur.pos)),
            },
            Some(c) if c == quote => return Ok(out),
            Some(c) => out.push(c),
        }
    }
}

fn parse_or(cur: &mut Cursor<'_>) -> Result<FilterExpr, ExprError> {
    let mut items = vec![parse_and(cur)?];
    loop {
        cur.skip_ws();
        if !cur.eat_str("||") {
            break;
        }
        items.push(parse_and(cur)?);
    }
    Ok(if items.len() == 1 {
        items.swap_remove(0)
    } else {
        FilterExpr::Or(items)
    })
}

fn parse_and(cur: &mut Cursor<'_>) -> Result<FilterExpr, ExprError> {
    let mut items = vec![parse_unary(cur)?];
    loop {
        cur.skip_ws();
        if !cur.eat_str("&&") {
            break;
        }
        items.push(parse_unary(cur)?);
    }
    Ok(if items.len() == 1 {
        items.swap_remove(0)
    } else {
        FilterExpr::And(items)
    })
}

fn parse_unary(cur: &mut Cursor<'_>) -> Result<FilterExpr, ExprError> {
    cur.skip_ws();
    let start = cur.pos;
    if cur.peek() == Some('!') && cur.peek_nth(1) != Some('=') {
        cur.bump();
        cur.enter(start)?;
        let inner = parse_unary(cur)?;
        cur.leave();
        return Ok(FilterExpr::Not(Box::new(inner)));
    }
    if cur.eat('(') {
        cur.enter(start)?;
        let inner = parse_or(cur)?;
        cur.leave();
        cur.skip_ws();
        cur.expect(')', "`)`")?;
        return Ok(inner);
    }
    let left = parse_operand(cur)?;
    let left_range = start..cur.pos;
    cur.skip_ws();
    match parse_op(cur)? {
        Some(op) => {
            cur.skip_ws();
            let right = parse_operand(cur)?;
            Ok(FilterExpr::Compare { left, op, right })
        }
        None => match left {
            Operand::Current(_) | Operand::Root(_) => Ok(FilterExpr::Exists(left)),
            _ => Err(ExprError::new(
                "a literal alone is not a condition; compare it with `==`, `<`, …",
                left_range,
            )),
        },
    }
}

fn parse_op(cur: &mut Cursor<'_>) -> Result<Option<CompareOp>, ExprError> {
    const SYMBOLS: [(&str, CompareOp); 7] = [
        ("==", CompareOp::Eq),
        ("!=", CompareOp::Ne),
        ("<=", CompareOp::Le),
        (">=", CompareOp::Ge),
        ("=~", CompareOp::Matches),
        ("<", CompareOp::Lt),
        (">", CompareOp::Gt),
    ];
    for (text, op) in SYMBOLS {
        if cur.eat_str(text) {
            return Ok(Some(op));
        }
    }
    let start = cur.pos;
    let word_len = cur
        .rest()
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(cur.rest().len());
    let word = cur.rest().get(..word_len).unwrap_or("");
    let op = match word {
        "" => return Ok(None),
        "in" => CompareOp::In,
        "nin" => CompareOp::Nin,
        "subsetof" => CompareOp::SubsetOf,
        "anyof" => CompareOp::AnyOf,
        "noneof" => CompareOp::NoneOf,
        "size" => CompareOp::Size,
        "empty" => CompareOp::Empty,
        "contains" => CompareOp::Contains,
        _ => {
            return Err(ExprError::new(
                format!("unknown filter operator `{word}`"),
                start..start + word_len,
            ));
        }
    };
    cur.pos += word_len;
    Ok(Some(op))
}

fn parse_operand(cur: &mut Cursor<'_>) -> Result<Operand, ExprError> {
    cur.skip_ws();
    let start = cur.pos;
    match cur.peek() {
        Some('@') => {
            cur.bump();
            let (segments, _) = parse_segments(cur, PathContext::Filter)?;
            Ok(Operand::Current(segments))
        }
        Some('$') => Ok(Operand::Root(parse_path_at(cur, PathContext::Filter)?)),
        Some('/') => parse_regex(cur),
        Some('[') => {
            cur.bump();
            let mut items = Vec::new();
            cur.skip_ws();
            if !cur.eat(']') {
                loop {
                    cur.skip_ws();
                    items.push(parse_scalar(cur)?);
                    cur.skip_ws();
                    if cur.eat(']') {
                        break;
                    }
                    cur.expect(',', "`,` or `]`")?;
                }
            }
            Ok(Operand::Literal(Value::Array(items)))
        }
        Some(_) => Ok(Operand::Literal(parse_scalar(cur)?)),
        None => Err(ExprError::new(
            "unexpected end of expression, expected a filter operand",
            start..start,
        )),
    }
}

/// A string, number, `true`, `false` or `null`. An unquoted word is taken as a string: AWS's own
/// samples write `[?(@.Type.Text==AMOUNT_PAID)]`.
fn parse_scalar(cur: &mut Cursor<'_>) -> Result<Value, ExprError> {
    let start = cur.pos;
    match cur.peek() {
        Some('\'' | '"') => return parse_quoted(cur).map(Value::String),
        Some(c) if c == '-' || c.is_ascii_digit() => {
            while cur
                .peek()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            {
                cur.bump();
            }
            let text = cur.src.get(start..cur.pos).unwrap_or("");
            return serde_json::from_str::<serde_json::Number>(text)
                .map(Value::Number)
                .map_err(|_| {
                    ExprError::new(format!("`{text}` is not a valid number"), start..cur.pos)
                });
        }
        _ => {}
    }
    while cur
        .peek()
        .is_some_and(|c| is_name_char(c, PathContext::Filter))
    {
        cur.bump();
    }
    let word = cur.src.get(start..cur.pos).unwrap_or("");
    Ok(match word {
        "" => return Err(cur.unexpected("a filter operand")),
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => Value::String(word.to_owned()),
    })
}

fn parse_regex(cur: &mut Cursor<'_>) -> Result<Operand, ExprError> {
    let start = cur.pos;
    cur.expect('/', "`/`")?;
    let mut pattern = String::new();
    loop {
        match cur.bump() {
            None => {
                return Err(ExprError::new(
                    "unterminated regular expression",
                    start..cur.pos,
                ));
            }
            Some('\\') if cur.peek() == Some('/') => {
                cur.bump();
                pattern.push('/');
            }
            Some('\\') => {
                pattern.push('\\');
                if let Some(c) = cur.bump() {
                    pattern.push(c);
                }
            }
            Some('/') => break,
            Some(c) => pattern.push(c),
        }
    }
    let flags_start = cur.pos;
    while cur.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
        cur.bump();
    }
    let flags = cur.src.get(flags_start..cur.pos).unwrap_or("").to_owned();
    if let Some(bad) = flags
        .chars()
        .find(|c| !matches!(c, 'i' | 'm' | 's' | 'x' | 'u'))
    {
        return Err(ExprError::new(
            format!("unknown regular expression flag `{bad}`"),
            flags_start..cur.pos,
        ));
    }
    Ok(Operand::Regex { pattern, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Path {
        match parse_path(s) {
            Ok(p) => p,
            Err(e) => panic!("`{s}` should parse: {e}"),
        }
    }

    fn err(s: &str) -> ExprError {
        match parse_path(s) {
            Ok(p) => panic!("`{s}` should not parse: {p:?}"),
            Err(e) => e,
        }
    }

    fn member(s: &str) -> Segment {
        Segment::Member(s.to_owned())
    }

    #[test]
    fn roots() {
        assert_eq!(ok("$").root, Root::Input);
        assert!(ok("$").segments.is_empty());
        assert_eq!(ok("$$").root, Root::Context);
        let p = ok("$$.Execution.Input");
        assert_eq!(p.root, Root::Context);
        assert_eq!(p.segments, vec![member("Execution"), member("Input")]);
        // Variables (AWS "Passing data between states with variables"): `$name.field`.
        let p = ok("$my_var1.field");
        assert_eq!(p.root, Root::Variable("my_var1".into()));
        assert_eq!(p.segments, vec![member("field")]);
        assert_eq!(ok("$_x").root, Root::Variable("_x".into()));
    }

    #[test]
    fn jayway_dot_members() {
        // AWS's Security Hub solution uses `$.detail-type`; Jayway reads dot names up to `.`/`[`.
        assert_eq!(ok("$.detail-type").segments, vec![member("detail-type")]);
        assert_eq!(ok("$.1st").segments, vec![member("1st")]);
        // The AWS paths guide writes `$.abc.['def ghi']`.
        assert_eq!(
            ok("$.abc.['def ghi']").segments,
            vec![member("abc"), member("def ghi")]
        );
        assert_eq!(ok("$[\"x\"]").segments, vec![member("x")]);
        assert_eq!(ok(r"$['it\'s']").segments, vec![member("it's")]);
        // Recorded case io_processing_escape_sequence_*: `$['Test\""Name"']`.
        assert_eq!(
            ok(r#"$['Test\""Name"']"#).segments,
            vec![member(r#"Test""Name""#)]
        );
        // Jayway trims the path.
        assert_eq!(ok("$$.Execution.Name ").segments.len(), 2);
    }

    #[test]
    fn indexes_slices_unions() {
        assert_eq!(ok("$.items[10]").segments[1], Segment::Index(10));
        assert_eq!(ok("$.books[-2]").segments[1], Segment::Index(-2));
        assert_eq!(
            ok("$.items[1:3]").segments[1],
            Segment::Slice {
                start: Some(1),
                end: Some(3),
                step: None
            }
        );
        assert_eq!(
            ok("$.items[:2]").segments[1],
            Segment::Slice {
                start: None,
                end: Some(2),
                step: None
            }
        );
        assert_eq!(
            ok("$.items[-1:]").segments[1],
            Segment::Slice {
                start: Some(-1),
                end: None,
                step: None
            }
        );
        assert_eq!(
            ok("$.items[::2]").segments[1],
            Segment::Slice {
                start: None,
                end: None,
                step: Some(2)
            }
        );
        assert_eq!(
            ok("$.items[0, 1]").segments[1],
            Segment::Union(vec![Selector::Index(0), Selector::Index(1)])
        );
        assert_eq!(
            ok("$[*].['bucket', 'key']").segments,
            vec![
                Segment::Wildcard,
                Segment::Union(vec![
                    Selector::Member("bucket".into()),
                    Selector::Member("key".into())
                ])
            ]
        );
        assert_eq!(ok("$.a.*").segments[1], Segment::Wildcard);
        assert_eq!(ok("$.a[*]").segments[1], Segment::Wildcard);
        assert_eq!(ok("$.[0]").segments, vec![Segment::Index(0)]);
    }

    #[test]
    fn deep_scan_and_functions() {
        assert_eq!(
            ok("$..age").segments,
            vec![Segment::DeepScan(Box::new(member("age")))]
        );
        assert_eq!(
            ok("$..*").segments,
            vec![Segment::DeepScan(Box::new(Segment::Wildcard))]
        );
        assert!(matches!(
            ok("$..[?(@.a)]").segments[0],
            Segment::DeepScan(ref s) if matches!(**s, Segment::Filter(_))
        ));
        assert_eq!(
            ok("$.items.length()").segments[1],
            Segment::Function(PathFunction::Length)
        );
        // `length` without parentheses is a plain member.
        assert_eq!(ok("$.length").segments, vec![member("length")]);
        let e = err("$.a.nope()");
        assert_eq!(e.range, 4..8);
        let e = err("$.a.length().b");
        assert_eq!(e.range, 12..14);
    }

    #[test]
    fn filters() {
        let p = ok("$.pets[?(@.species == 'cat' && @.age<5)]");
        let Segment::Filter(FilterExpr::And(items)) = &p.segments[1] else {
            panic!("expected an && filter: {p:?}");
        };
        assert_eq!(
            items[0],
            FilterExpr::Compare {
                left: Operand::Current(vec![member("species")]),
                op: CompareOp::Eq,
                right: Operand::Literal(Value::String("cat".into())),
            }
        );
        assert!(matches!(
            &items[1],
            FilterExpr::Compare {
                op: CompareOp::Lt,
                ..
            }
        ));
        // Existence, negation, parentheses, ||.
        assert!(matches!(
            ok("$.b[?(@.isbn)]").segments[1],
            Segment::Filter(FilterExpr::Exists(_))
        ));
        assert!(matches!(
            ok("$.b[?(!@.isbn)]").segments[1],
            Segment::Filter(FilterExpr::Not(_))
        ));
        assert!(matches!(
            ok("$.b[?((@.a > 1 || @.b) && @.c != null)]").segments[1],
            Segment::Filter(FilterExpr::And(_))
        ));
        // Root references, regexes and word operators.
        ok("$.approaches[?(@.workerId == $.agent_id)].approach");
        let p = ok("$.a[?(@.name =~ /foo.*?/i)]");
        assert!(matches!(
            &p.segments[1],
            Segment::Filter(FilterExpr::Compare { right: Operand::Regex { flags, .. }, .. }) if flags == "i"
        ));
        ok("$.a[?(@.size in ['S', 'M'])]");
        ok("$.a[?(@.size nin ['S', 'M'])]");
        ok("$.a[?(@.tags anyof ['x'])]");
        ok("$.a[?(@.price >= -1.5e2)]");
        // AWS sample (textract-analyze-expense): an unquoted word compares as a string.
        let p = ok("$.Fields[?(@.Type.Text==AMOUNT_PAID)].Value");
        assert!(matches!(
            &p.segments[1],
            Segment::Filter(FilterExpr::Compare { right: Operand::Literal(Value::String(s)), .. }) if s == "AMOUNT_PAID"
        ));
    }

    #[test]
    fn syntax_errors_have_ranges() {
        assert_eq!(err("a.b").range, 0..1);
        assert_eq!(err("$.").range, 2..2);
        assert_eq!(err("$.a[").range, 4..4);
        assert_eq!(err("$.a[1").range, 5..5);
        assert_eq!(err("$.a['x").range, 4..6);
        assert_eq!(err("$.a b").range, 4..5);
        assert_eq!(err("$[(@.length-1)].bar").range, 1..3);
        assert_eq!(err("$.a[?(@.x ===)]").range, 12..13);
        assert_eq!(err("$.a[?(@.x like 'y')]").range, 10..14);
        assert_eq!(err("$.a[?('x')]").range, 6..9);
        assert_eq!(err("$.a[1::0]").range, 7..8);
        assert_eq!(err("$.a[99999999999999999999]").range, 4..24);
    }

    #[test]
    fn definite_and_reference() {
        for s in ["$", "$.a", "$.a[0].b", "$['a b'][-1]", "$.a.length()"] {
            assert!(ok(s).is_definite(), "{s}");
        }
        for s in [
            "$.a[*]",
            "$.a[1:]",
            "$..a",
            "$.a[0,1]",
            "$.a[?(@.x)]",
            "$.*",
        ] {
            assert!(!ok(s).is_definite(), "{s}");
        }
        assert!(ok("$.a[0].b").is_reference_path());
        assert!(!ok("$.a.length()").is_reference_path());
        // AWS "Reference paths": `@ .. , : ? *` and functions are not supported.
        let cases = [
            ("$.a[*]", 3..6),
            ("$.a..b", 3..6),
            ("$.a[0,1]", 3..8),
            ("$.a[1:]", 3..7),
            ("$.a[?(@.x)].b", 3..11),
            ("$.a.length()", 3..12),
            ("$.*", 1..3),
        ];
        for (s, range) in cases {
            let Err(e) = parse_reference_path(s) else {
                panic!("`{s}` is not a reference path");
            };
            assert_eq!(e.range, range, "{s}: {}", e.message);
        }
        assert!(parse_reference_path("$.detail['flow-name'][0]").is_ok());
        assert!(parse_reference_path("$items").is_ok());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("$.a[?({}@.x{})]", "(".repeat(100), ")".repeat(100));
        let e = err(&deep);
        assert!(e.message.contains("deeper"), "{}", e.message);
        let nots = format!("$.a[?({}@.x)]", "!".repeat(100));
        assert!(err(&nots).message.contains("deeper"));
        let nested = format!("$.a{}", "[?(@.b".repeat(80));
        assert!(err(&nested).message.contains("deeper"));
    }
}
