//! A spanned JSON tree and its parser.
//!
//! `serde_json::Value` keeps no positions, so definitions are parsed into [`Node`]s that carry
//! the byte span of every value and every object key. The parser is iterative (an explicit
//! stack), so no input can overflow the call stack; nesting is capped by [`ParseOptions`].
//! Objects keep every member in source order, duplicates included, because a repeated key is a
//! finding of its own.

use crate::source::Span;
use serde_json::Number;

/// A JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: NodeValue,
    /// Where it was written (for strings, including the quotes).
    pub span: Span,
}

/// The shape of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, integers kept exact.
    Number(Number),
    /// A string, decoded.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in source order, duplicates kept.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The decoded key.
    pub key: String,
    /// Span of the key, including its quotes.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// The JSON type of a node, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`
    Null,
    /// A boolean.
    Boolean,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The name used in messages (`an object`, `a string`).
    #[must_use]
    pub fn article_name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "a boolean",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        }
    }
}

impl Node {
    /// The member value for `key`; with duplicate keys the last one wins, as in most JSON readers.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The member for `key` (the last one when repeated).
    #[must_use]
    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.value {
            NodeValue::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }

    /// The members, if this is an object.
    #[must_use]
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            NodeValue::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The text, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value, if this is a boolean.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            NodeValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number, if this is one.
    #[must_use]
    pub fn as_number(&self) -> Option<&Number> {
        match &self.value {
            NodeValue::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as `f64`, if this is one.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    /// Whether this is `null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.value, NodeValue::Null)
    }

    /// The JSON type.
    #[must_use]
    pub fn json_type(&self) -> JsonType {
        match self.value {
            NodeValue::Null => JsonType::Null,
            NodeValue::Bool(_) => JsonType::Boolean,
            NodeValue::Number(_) => JsonType::Number,
            NodeValue::String(_) => JsonType::String,
            NodeValue::Array(_) => JsonType::Array,
            NodeValue::Object(_) => JsonType::Object,
        }
    }

    /// Converts to a `serde_json::Value` (a repeated key keeps its last value).
    #[must_use]
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Number(n) => Value::Number(n.clone()),
            NodeValue::String(s) => Value::String(s.clone()),
            NodeValue::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            NodeValue::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.clone(), m.value.to_value());
                }
                Value::Object(map)
            }
        }
    }

    /// Follows a JSON pointer (RFC 6901). Returns the node and, when the last step was an
    /// object member, that member's key span.
    #[must_use]
    pub fn pointer(&self, pointer: &str) -> Option<(&Node, Option<Span>)> {
        if pointer.is_empty() {
            return Some((self, None));
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        let mut key_span = None;
        for raw in rest.split('/') {
            let token = unescape_pointer_token(raw);
            match &node.value {
                NodeValue::Object(_) => {
                    let m = node.member(&token)?;
                    key_span = Some(m.key_span);
                    node = &m.value;
                }
                NodeValue::Array(items) => {
                    let i: usize = token.parse().ok()?;
                    node = items.get(i)?;
                    key_span = None;
                }
                _ => return None,
            }
        }
        Some((node, key_span))
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
#[must_use]
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    s.push('/');
    // Most tokens (state names, field names, indexes) need no escaping.
    if !token.contains(['~', '/']) {
        s.push_str(token);
        return s;
    }
    for c in token.chars() {
        match c {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
        }
    }
    s
}

fn unescape_pointer_token(raw: &str) -> String {
    raw.replace("~1", "/").replace("~0", "~")
}

/// How strict the parser is.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Accept `//` and `/* */` comments (each is reported).
    pub allow_comments: bool,
    /// Deepest nesting of arrays and objects accepted.
    pub max_depth: usize,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            allow_comments: false,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// Nesting deeper than this is refused; real definitions stay far below it.
pub const DEFAULT_MAX_DEPTH: usize = 512;

/// A fatal syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// Whether an aslctl limit (nesting depth) stopped the parse, rather than bad syntax.
    pub limit: bool,
}

/// The error for nesting deeper than `max` levels (JSON and YAML alike).
#[must_use]
pub fn depth_error(max: usize, span: Span) -> SyntaxError {
    SyntaxError {
        message: format!("nesting is deeper than {max} levels"),
        span,
        limit: true,
    }
}

/// A repeated object key: the later key and the first one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key text.
    pub key: String,
    /// The repeated occurrence.
    pub span: Span,
    /// The first occurrence.
    pub first: Span,
}

/// The result of parsing: the tree, or the first syntax error, plus non-fatal findings.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The tree, if the text is valid.
    pub root: Result<Node, SyntaxError>,
    /// Repeated keys, in source order.
    pub duplicates: Vec<DuplicateKey>,
    /// Comments found (only with `allow_comments`).
    pub comments: Vec<Span>,
    /// Bare template placeholders (`"Seconds": ${Wait}`) read as the string `"${Wait}"`.
    pub placeholders: Vec<Span>,
}

enum Frame {
    Array {
        start: usize,
        items: Vec<Node>,
    },
    Object {
        start: usize,
        members: Vec<Member>,
        key: String,
        key_span: Span,
    },
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    opts: ParseOptions,
    duplicates: Vec<DuplicateKey>,
    comments: Vec<Span>,
    placeholders: Vec<Span>,
}

/// Parses JSON text into a spanned tree.
#[must_use]
pub fn parse(text: &str, opts: ParseOptions) -> Parsed {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        opts,
        duplicates: Vec::new(),
        comments: Vec::new(),
        placeholders: Vec::new(),
    };
    let root = p.document();
    Parsed {
        root,
        duplicates: p.duplicates,
        comments: p.comments,
        placeholders: p.placeholders,
    }
}

type PResult<T> = Result<T, SyntaxError>;

impl Parser<'_> {
    fn err<T>(&self, message: impl Into<String>, span: Span) -> PResult<T> {
        Err(SyntaxError {
            message: message.into(),
            span,
            limit: false,
        })
    }

    fn here(&self) -> Span {
        let end = self.text[self.pos..]
            .chars()
            .next()
            .map_or(self.pos, |c| self.pos + c.len_utf8());
        Span::new(self.pos, end)
    }

    fn describe_here(&self) -> String {
        match self.text[self.pos..].chars().next() {
            None => "end of file".to_string(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) -> PResult<()> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.opts.allow_comments => self.comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn comment(&mut self) -> PResult<()> {
        let start = self.pos;
        match self.bytes.get(self.pos + 1) {
            Some(b'/') => {
                let end = self.text[start..]
                    .find('\n')
                    .map_or(self.text.len(), |i| start + i);
                self.pos = end;
            }
            Some(b'*') => match self.text[start + 2..].find("*/") {
                Some(i) => self.pos = start + 2 + i + 2,
                None => return self.err("unterminated comment", Span::new(start, start + 2)),
            },
            _ => return self.err("unexpected `/`", Span::new(start, start + 1)),
        }
        self.comments.push(Span::new(start, self.pos));
        Ok(())
    }

    fn document(&mut self) -> PResult<Node> {
        self.pos = crate::source::bom_len(self.text);
        self.skip_ws()?;
        if self.pos >= self.bytes.len() {
            return self.err("the file is empty", Span::at(self.pos));
        }
        let root = self.value_tree()?;
        self.skip_ws()?;
        if self.pos < self.bytes.len() {
            let what = self.describe_here();
            return self.err(
                format!("unexpected {what} after the end of the document"),
                self.here(),
            );
        }
        Ok(root)
    }

    /// Parses one complete value (with everything nested in it) without recursion.
    fn value_tree(&mut self) -> PResult<Node> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Parse the start of a value.
            self.skip_ws()?;
            let start = self.pos;
            let mut done = match self.bytes.get(self.pos) {
                Some(b'{') => {
                    self.pos += 1;
                    self.check_depth(&stack, start)?;
                    self.skip_ws()?;
                    if self.bytes.get(self.pos) == Some(&b'}') {
                        self.pos += 1;
                        Node {
                            value: NodeValue::Object(Vec::new()),
                            span: Span::new(start, self.pos),
                        }
                    } else {
                        let (key, key_span) = self.key()?;
                        stack.push(Frame::Object {
                            start,
                            members: Vec::new(),
                            key,
                            key_span,
                        });
                        continue;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.check_depth(&stack, start)?;
                    self.skip_ws()?;
                    if self.bytes.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                        Node {
                            value: NodeValue::Array(Vec::new()),
                            span: Span::new(start, self.pos),
                        }
                    } else {
                        stack.push(Frame::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            // Attach the finished value to its parent, closing parents as they end.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(done);
                };
                self.skip_ws()?;
                match frame {
                    Frame::Array { start, items } => {
                        items.push(done);
                        match self.bytes.get(self.pos) {
                            Some(b',') => {
                                self.pos += 1;
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let span = Span::new(*start, self.pos);
                                let items = std::mem::take(items);
                                stack.pop();
                                done = Node {
                                    value: NodeValue::Array(items),
                                    span,
                                };
                            }
                            _ => {
                                let what = self.describe_here();
                                return self.err(
                                    format!("expected `,` or `]` in an array, found {what}"),
                                    self.here(),
                                );
                            }
                        }
                    }
                    Frame::Object {
                        start,
                        members,
                        key,
                        key_span,
                    } => {
                        members.push(Member {
                            key: std::mem::take(key),
                            key_span: *key_span,
                            value: done,
                        });
                        match self.bytes.get(self.pos) {
                            Some(b',') => {
                                self.pos += 1;
                                let (k, ks) = self.key()?;
                                if let Some(Frame::Object { key, key_span, .. }) = stack.last_mut()
                                {
                                    *key = k;
                                    *key_span = ks;
                                }
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let span = Span::new(*start, self.pos);
                                let members = std::mem::take(members);
                                stack.pop();
                                self.find_duplicates(&members);
                                done = Node {
                                    value: NodeValue::Object(members),
                                    span,
                                };
                            }
                            _ => {
                                let what = self.describe_here();
                                return self.err(
                                    format!(
                                        "expected `,` or `}}` after an object member, found {what}"
                                    ),
                                    self.here(),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    fn check_depth(&self, stack: &[Frame], start: usize) -> PResult<()> {
        if stack.len() >= self.opts.max_depth {
            return Err(depth_error(
                self.opts.max_depth,
                Span::new(start, start + 1),
            ));
        }
        Ok(())
    }

    fn find_duplicates(&mut self, members: &[Member]) {
        find_duplicates(members, &mut self.duplicates);
    }
}

/// Appends the repeated keys of one object to `out`.
pub(crate) fn find_duplicates(members: &[Member], out: &mut Vec<DuplicateKey>) {
    {
        if members.len() < 2 {
            return;
        }
        if members.len() <= 16 {
            for (i, m) in members.iter().enumerate() {
                if let Some(first) = members[..i].iter().find(|o| o.key == m.key) {
                    out.push(DuplicateKey {
                        key: m.key.clone(),
                        span: m.key_span,
                        first: first.key_span,
                    });
                }
            }
            return;
        }
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&a, &b| members[a].key.cmp(&members[b].key).then(a.cmp(&b)));
        let mut found = Vec::new();
        for w in order.windows(2) {
            let (a, b) = (&members[w[0]], &members[w[1]]);
            if a.key == b.key {
                // `w[0]` may itself be a repeat; find the first occurrence.
                let first = members
                    .iter()
                    .find(|m| m.key == a.key)
                    .map_or(a.key_span, |m| m.key_span);
                found.push(DuplicateKey {
                    key: b.key.clone(),
                    span: b.key_span,
                    first,
                });
            }
        }
        found.sort_by_key(|d| d.span);
        out.extend(found);
    }
}

impl Parser<'_> {
    fn key(&mut self) -> PResult<(String, Span)> {
        self.skip_ws()?;
        if self.bytes.get(self.pos) != Some(&b'"') {
            let what = self.describe_here();
            return self.err(
                format!("expected a quoted object key, found {what}"),
                self.here(),
            );
        }
        let start = self.pos;
        let key = self.string_body()?;
        let key_span = Span::new(start, self.pos);
        self.skip_ws()?;
        if self.bytes.get(self.pos) != Some(&b':') {
            let what = self.describe_here();
            return self.err(
                format!("expected `:` after the key, found {what}"),
                self.here(),
            );
        }
        self.pos += 1;
        Ok((key, key_span))
    }

    fn scalar(&mut self) -> PResult<Node> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            Some(b'"') => NodeValue::String(self.string_body()?),
            Some(b't') => self.literal("true", NodeValue::Bool(true))?,
            Some(b'f') => self.literal("false", NodeValue::Bool(false))?,
            Some(b'n') => self.literal("null", NodeValue::Null)?,
            Some(b'-' | b'0'..=b'9') => NodeValue::Number(self.number()?),
            Some(b'$') if self.bytes.get(self.pos + 1) == Some(&b'{') => self.placeholder()?,
            None => {
                return self.err(
                    "unexpected end of file: a value was expected",
                    Span::at(self.pos),
                );
            }
            Some(_) => {
                let what = self.describe_here();
                return self.err(format!("expected a JSON value, found {what}"), self.here());
            }
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    /// A bare `${Name}` where a value goes: Terraform `templatefile` and CloudFormation
    /// `Fn::Sub` definitions put numbers and booleans there before rendering. It is read as the
    /// string `"${Name}"` (which lint accepts as a placeholder) and reported.
    fn placeholder(&mut self) -> PResult<NodeValue> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut i = self.pos + 1;
        while let Some(&c) = self.bytes.get(i) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\n' | b'"' => break,
                _ => {}
            }
            i += 1;
        }
        if self.bytes.get(i) != Some(&b'}') || depth != 0 {
            return self.err(
                "expected a JSON value, found an unterminated `${` placeholder",
                Span::new(start, start + 2),
            );
        }
        self.pos = i + 1;
        self.placeholders.push(Span::new(start, self.pos));
        Ok(NodeValue::String(self.text[start..self.pos].to_string()))
    }

    fn literal(&mut self, word: &str, value: NodeValue) -> PResult<NodeValue> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            let end = self.text[self.pos..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(self.text.len(), |i| self.pos + i)
                .max(self.pos + 1);
            let end = (self.pos..=end)
                .rev()
                .find(|&e| self.text.is_char_boundary(e))
                .unwrap_or(self.pos);
            self.err(
                format!(
                    "expected a JSON value, found `{}`",
                    &self.text[self.pos..end]
                ),
                Span::new(self.pos, end),
            )
        }
    }

    fn number(&mut self) -> PResult<Number> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while matches!(b.get(i), Some(b'0'..=b'9')) {
                    i += 1;
                }
            }
            _ => {
                // Cover the offending character, if there is one (`-` may end the file, or be
                // followed by a multi-byte character).
                let end = self
                    .text
                    .get(i..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(i, |c| i + c.len_utf8());
                return self.err(
                    "invalid number: a digit was expected",
                    Span::new(start, end),
                );
            }
        }
        let mut float = false;
        if b.get(i) == Some(&b'.') {
            float = true;
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return self.err(
                    "invalid number: a digit must follow `.`",
                    Span::new(start, i),
                );
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            float = true;
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return self.err(
                    "invalid number: the exponent has no digits",
                    Span::new(start, i),
                );
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        self.pos = i;
        let text = &self.text[start..i];
        if !float {
            if let Ok(v) = text.parse::<i64>() {
                return Ok(Number::from(v));
            }
            if let Ok(v) = text.parse::<u64>() {
                return Ok(Number::from(v));
            }
        }
        match text.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Ok(n),
            None => self.err("number is out of range", Span::new(start, i)),
        }
    }

    /// Parses a string starting at the opening quote; leaves `pos` after the closing quote.
    fn string_body(&mut self) -> PResult<String> {
        let start = self.pos;
        self.pos += 1;
        let b = self.bytes;
        // Fast path: no escapes.
        let mut i = self.pos;
        while let Some(&c) = b.get(i) {
            if c == b'"' {
                let s = self.text[self.pos..i].to_string();
                self.pos = i + 1;
                return Ok(s);
            }
            if c == b'\\' || c < 0x20 {
                break;
            }
            i += 1;
        }
        let mut out = String::from(&self.text[self.pos..i]);
        self.pos = i;
        loop {
            let Some(&c) = b.get(self.pos) else {
                return self.err("unterminated string", Span::new(start, self.pos));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let esc = self.pos;
                    self.pos += 1;
                    let Some(&e) = b.get(self.pos) else {
                        return self.err("unterminated string", Span::new(start, self.pos));
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let c = self.unicode_escape(esc)?;
                            out.push(c);
                        }
                        _ => {
                            let end = (self.pos..=self.text.len())
                                .find(|&e| self.text.is_char_boundary(e))
                                .unwrap_or(self.pos);
                            return self.err(
                                format!("invalid escape `{}` in a string", &self.text[esc..end]),
                                Span::new(esc, end),
                            );
                        }
                    }
                }
                c if c < 0x20 => {
                    return self.err(
                        "control characters must be escaped in a string (a line break inside quotes?)",
                        Span::new(self.pos, self.pos + 1),
                    );
                }
                _ => {
                    // Copy a run of plain characters at once.
                    let run_start = self.pos;
                    while let Some(&c) = b.get(self.pos) {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    out.push_str(&self.text[run_start..self.pos]);
                }
            }
        }
    }

    fn hex4(&mut self, esc: usize) -> PResult<u32> {
        let h = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match h {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => self.err(
                "invalid `\\u` escape: four hex digits expected",
                Span::new(esc, self.pos.min(self.text.len())),
            ),
        }
    }

    fn unicode_escape(&mut self, esc: usize) -> PResult<char> {
        let hi = self.hex4(esc)?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.text[self.pos..].starts_with("\\u") {
                self.pos += 2;
                let lo = self.hex4(esc)?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c).map_or_else(
                        || self.err("invalid surrogate pair", Span::new(esc, self.pos)),
                        Ok,
                    );
                }
            }
            // Lone surrogates cannot be represented in UTF-8; keep the replacement character.
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Node {
        match parse(text, ParseOptions::default()).root {
            Ok(n) => n,
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    fn err(text: &str) -> SyntaxError {
        match parse(text, ParseOptions::default()).root {
            Ok(n) => panic!("{text}: parsed as {n:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_and_matches_serde_json() {
        let text = r#"{"a": [1, -2.5, 1e3, true, null, "x\"\u00e9\ud83d\ude00"], "b": {}, "c": [], "d": 18446744073709551615}"#;
        let n = ok(text);
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(n.to_value(), expected);
    }

    #[test]
    fn number_error_covers_one_character() {
        // Found by the `load` fuzz target: `-` at the end of the file.
        assert_eq!(err("-").span, Span::new(0, 1));
        assert_eq!(err("-\u{e9}").span, Span::new(0, 3));
        assert_eq!(err("[-x]").span, Span::new(1, 3));
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "{\n  \"States\": {\"A b\": {\"Next\": \"B\"}}\n}";
        let n = ok(text);
        let (node, key) = n.pointer("/States/A b/Next").unwrap();
        assert_eq!(&text[node.span.start..node.span.end], "\"B\"");
        assert_eq!(&text[key.unwrap().start..key.unwrap().end], "\"Next\"");
        assert!(n.pointer("/States/missing").is_none());
    }

    #[test]
    fn pointer_escapes() {
        let n = ok(r#"{"a/b": {"c~d": [10, 20]}}"#);
        let p = pointer_push(&pointer_push("", "a/b"), "c~d");
        assert_eq!(p, "/a~1b/c~0d");
        assert_eq!(pointer_push("/States", "Plain name"), "/States/Plain name");
        assert_eq!(n.pointer(&format!("{p}/1")).unwrap().0.as_f64(), Some(20.0));
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_spans() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let p = parse(text, ParseOptions::default());
        assert_eq!(p.duplicates.len(), 1);
        let d = &p.duplicates[0];
        assert_eq!((d.first.start, d.span.start), (1, 17));
        // The last value wins, as in Jackson and serde_json.
        assert_eq!(p.root.unwrap().get("a").unwrap().as_f64(), Some(3.0));
        // Large objects go through the sorted path.
        let mut big: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        big.push("\"k7\": 0".into());
        let text = format!("{{{}}}", big.join(","));
        let p = parse(&text, ParseOptions::default());
        assert_eq!(p.duplicates.len(), 1);
        assert_eq!(p.duplicates[0].key, "k7");
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = err("{\"a\": 1,}");
        assert_eq!(e.span.start, 8);
        let e = err("{\"a\" 1}");
        assert!(e.message.contains("expected `:`"), "{}", e.message);
        assert_eq!(err("").message, "the file is empty");
        let e = err("[1, 2");
        assert!(e.message.contains("expected `,` or `]`"), "{}", e.message);
        assert_eq!(err("\"abc").message, "unterminated string");
        assert!(err("01").message.contains("after the end"));
        assert!(err("tru").message.contains("`tru`"));
        assert!(err("\"a\tb\"").message.contains("control characters"));
        assert!(err("{\"a\": 1} x").message.contains("after the end"));
        assert!(err("\"\\x\"").message.contains("invalid escape"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let e = err(&text);
        assert!(e.message.contains("deeper than 512"), "{}", e.message);
        assert_eq!(e.span.start, 512);
        let ok_depth = format!("{}{}", "[".repeat(500), "]".repeat(500));
        ok(&ok_depth);
    }

    #[test]
    fn bare_placeholders_read_as_strings() {
        let text = r#"{"Seconds": ${Wait}, "Args": ${jsonencode({a = 1})}, "B": [${x}]}"#;
        let p = parse(text, ParseOptions::default());
        let v = p.root.unwrap().to_value();
        assert_eq!(v["Seconds"], "${Wait}");
        assert_eq!(v["Args"], "${jsonencode({a = 1})}");
        assert_eq!(v["B"][0], "${x}");
        assert_eq!(p.placeholders.len(), 3);
        assert_eq!(
            &text[p.placeholders[0].start..p.placeholders[0].end],
            "${Wait}"
        );
        assert!(err("{\"a\": ${x").message.contains("unterminated"));
        assert!(err("{\"a\": $x}").message.contains("expected a JSON value"));
    }

    #[test]
    fn comments_only_when_allowed() {
        let text = "// c\n{\"a\": /* x */ 1}";
        assert!(parse(text, ParseOptions::default()).root.is_err());
        let p = parse(
            text,
            ParseOptions {
                allow_comments: true,
                ..ParseOptions::default()
            },
        );
        assert!(p.root.is_ok());
        assert_eq!(p.comments.len(), 2);
    }
}
