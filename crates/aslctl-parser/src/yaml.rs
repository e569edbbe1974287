//! YAML into the same spanned tree as JSON.
//!
//! Built from the parser's event stream with an explicit stack, so nesting depth is checked and
//! nothing recurses. YAML 1.2 core-schema scalars; `<<` merge keys are expanded (SAM and
//! Serverless files use them); CloudFormation short tags (`!Ref`, `!Sub`, `!GetAtt`, ...) become
//! their long JSON form (`{"Ref": ...}`, `{"Fn::Sub": ...}`) so templates load.

use crate::json::{
    self, DuplicateKey, Member, Node, NodeValue, ParseOptions, SyntaxError, find_duplicates,
};
use crate::source::Span;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use serde_json::Number;
use std::collections::HashMap;

/// The result of loading YAML.
#[derive(Debug, Clone)]
pub struct ParsedYaml {
    /// The tree of the first document, or the first error.
    pub root: Result<Node, SyntaxError>,
    /// Repeated keys.
    pub duplicates: Vec<DuplicateKey>,
    /// CloudFormation short-form tags that were rewritten, with their spans.
    pub tags: Vec<(String, Span)>,
}

/// Most nodes an alias expansion may create, against "billion laughs" documents.
const MAX_ALIAS_NODES: usize = 1_000_000;

/// Converts the parser's character offsets into byte offsets.
struct Offsets<'t> {
    text: &'t str,
    ascii: bool,
    /// Byte offset of every 1024th character.
    checkpoints: Vec<usize>,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Offsets<'t> {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            text.char_indices().step_by(1024).map(|(b, _)| b).collect()
        };
        Offsets {
            text,
            ascii,
            checkpoints,
        }
    }

    fn byte(&self, m: &Marker) -> usize {
        let idx = m.index();
        if self.ascii {
            return idx.min(self.text.len());
        }
        let Some(&base) = self.checkpoints.get(idx / 1024) else {
            return self.text.len();
        };
        let skip = idx % 1024;
        self.text[base..]
            .char_indices()
            .nth(skip)
            .map_or(self.text.len(), |(b, _)| base + b)
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        tag: Option<String>,
        members: Vec<Member>,
        key: Option<(String, Span)>,
    },
}

/// Parses YAML text (the first document).
#[must_use]
pub fn parse(text: &str, opts: ParseOptions) -> ParsedYaml {
    let mut out = ParsedYaml {
        root: Err(SyntaxError {
            message: String::new(),
            span: Span::at(0),
            limit: false,
        }),
        duplicates: Vec::new(),
        tags: Vec::new(),
    };
    out.root = build(text, opts, &mut out.duplicates, &mut out.tags);
    out
}

fn err<T>(message: impl Into<String>, span: Span) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        message: message.into(),
        span,
        limit: false,
    })
}

fn count_nodes(n: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        count += 1;
        match &n.value {
            NodeValue::Array(items) => stack.extend(items),
            NodeValue::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            _ => {}
        }
    }
    count
}

#[allow(clippy::too_many_lines)]
fn build(
    text: &str,
    opts: ParseOptions,
    duplicates: &mut Vec<DuplicateKey>,
    tags: &mut Vec<(String, Span)>,
) -> Result<Node, SyntaxError> {
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_nodes = 0usize;
    let mut root: Option<Node> = None;
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let mut at = offsets.byte(e.marker());
                let info = e.info();
                // The scanner reports a tab in the indentation after it; point at the tab.
                if info.contains("tabs disallowed") {
                    while at > 0 && text.as_bytes().get(at - 1) == Some(&b'\t') {
                        at -= 1;
                    }
                }
                // The YAML scanner counts flow nesting (`[[[`) in a `u8`.
                if info.contains("recursion limit") {
                    return Err(json::depth_error(usize::from(u8::MAX), Span::new(at, at)));
                }
                return err(format!("invalid YAML: {info}"), Span::new(at, at));
            }
        };
        let span = Span::new(
            offsets.byte(&span.start),
            offsets.byte(&span.end).max(offsets.byte(&span.start)),
        );
        let done: Node = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return err(
                        "a definition file must hold one YAML document, this is a second one",
                        span,
                    );
                }
                continue;
            }
            Event::SequenceStart(anchor, tag) => {
                if stack.len() >= opts.max_depth {
                    return Err(json::depth_error(opts.max_depth, span));
                }
                stack.push(Frame::Seq {
                    start: span.start,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(anchor, tag) => {
                if stack.len() >= opts.max_depth {
                    return Err(json::depth_error(opts.max_depth, span));
                }
                stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                    members: Vec::new(),
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq {
                    start,
                    anchor,
                    tag,
                    items,
                }) = stack.pop()
                else {
                    return err("invalid YAML: unbalanced sequence", span);
                };
                let node = Node {
                    value: NodeValue::Array(items),
                    span: trimmed(text, start, span.end),
                };
                finish(text, node, anchor, tag, &mut anchors, tags)
            }
            Event::MappingEnd => {
                let Some(Frame::Map {
                    start,
                    anchor,
                    tag,
                    members,
                    ..
                }) = stack.pop()
                else {
                    return err("invalid YAML: unbalanced mapping", span);
                };
                let members = expand_merge_keys(members);
                find_duplicates(&members, duplicates);
                let node = Node {
                    value: NodeValue::Object(members),
                    span: trimmed(text, start, span.end),
                };
                finish(text, node, anchor, tag, &mut anchors, tags)
            }
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|t| tag_name(&t));
                let value = resolve_scalar(&value, style, tag.as_deref(), span)?;
                let node = Node {
                    value,
                    span: scalar_span(text, span, style),
                };
                let core = tag.as_deref().is_some_and(|t| t.starts_with("!!"));
                finish(
                    text,
                    node,
                    anchor,
                    if core { None } else { tag },
                    &mut anchors,
                    tags,
                )
            }
            Event::Alias(id) => {
                let Some(node) = anchors.get(&id) else {
                    return err("alias to an unknown anchor", span);
                };
                alias_nodes += count_nodes(node);
                if alias_nodes > MAX_ALIAS_NODES {
                    return err("aliases expand to more than 1,000,000 nodes", span);
                }
                let mut n = node.clone();
                n.span = span;
                n
            }
        };
        // Attach to the parent.
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(done);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(done),
            Some(Frame::Map { members, key, .. }) => match key.take() {
                None => {
                    let k = match &done.value {
                        NodeValue::String(s) => s.clone(),
                        NodeValue::Number(n) => n.to_string(),
                        NodeValue::Bool(b) => b.to_string(),
                        NodeValue::Null => "null".to_string(),
                        NodeValue::Array(_) | NodeValue::Object(_) => {
                            return err("a mapping key must be a scalar", done.span);
                        }
                    };
                    *key = Some((k, done.span));
                }
                Some((k, key_span)) => members.push(Member {
                    key: k,
                    key_span,
                    value: done,
                }),
            },
        }
    }
    match root {
        Some(r) => Ok(r),
        None => err("the file is empty", Span::at(0)),
    }
}

/// Span of a scalar, widened to include its quotes so it matches JSON string spans.
fn scalar_span(text: &str, span: Span, style: ScalarStyle) -> Span {
    let quote = match style {
        ScalarStyle::SingleQuoted => b'\'',
        ScalarStyle::DoubleQuoted => b'"',
        _ => return span,
    };
    let bytes = text.as_bytes();
    let start = if span.start > 0 && bytes.get(span.start - 1) == Some(&quote) {
        span.start - 1
    } else {
        span.start
    };
    let end = if bytes.get(span.end) == Some(&quote) {
        span.end + 1
    } else {
        span.end
    };
    Span::new(start, end)
}

/// A block collection ends where the next token starts; its span stops at its last character.
fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let end = end.max(start);
    let len = text
        .get(start..end)
        .map_or(end - start, |s| s.trim_end().len());
    Span::new(start, start + len)
}

fn tag_name(t: &Tag) -> String {
    format!("{}{}", t.handle, t.suffix)
}

/// Records an anchor and rewrites CloudFormation short tags into their long form.
fn finish(
    text: &str,
    node: Node,
    anchor: usize,
    tag: Option<String>,
    anchors: &mut HashMap<usize, Node>,
    tags: &mut Vec<(String, Span)>,
) -> Node {
    let node = match tag {
        Some(t) if t.starts_with('!') && !t.starts_with("!!") => {
            let name = &t[1..];
            tags.push((t.clone(), node.span));
            let span = node.span;
            let value = match (name, &node.value) {
                // `!GetAtt A.B` is the string form of `Fn::GetAtt: [A, B]`.
                ("GetAtt", NodeValue::String(s)) if s.contains('.') => {
                    let (a, b) = s.split_once('.').unwrap_or((s, ""));
                    Node {
                        value: NodeValue::Array(vec![
                            Node {
                                value: NodeValue::String(a.to_string()),
                                span,
                            },
                            Node {
                                value: NodeValue::String(b.to_string()),
                                span,
                            },
                        ]),
                        span,
                    }
                }
                _ => node,
            };
            let key = if name == "Ref" || name == "Condition" {
                name.to_string()
            } else {
                format!("Fn::{name}")
            };
            // The key is the tag itself (`!Sub`), when the node's span starts with it.
            let key_span = if text.get(span.start..).is_some_and(|r| r.starts_with(&t)) {
                Span::new(span.start, span.start + t.len())
            } else {
                span
            };
            Node {
                value: NodeValue::Object(vec![Member {
                    key,
                    key_span,
                    value,
                }]),
                span,
            }
        }
        _ => node,
    };
    if anchor != 0 {
        anchors.insert(anchor, node.clone());
    }
    node
}

/// Expands `<<` merge keys: members of the merged mappings that the mapping does not set itself.
fn expand_merge_keys(members: Vec<Member>) -> Vec<Member> {
    if !members.iter().any(|m| m.key == "<<") {
        return members;
    }
    let mut own: Vec<Member> = Vec::with_capacity(members.len());
    let mut merged: Vec<Member> = Vec::new();
    for m in members {
        if m.key == "<<" {
            let sources: Vec<Node> = match m.value.value {
                NodeValue::Array(items) => items,
                other => vec![Node {
                    value: other,
                    span: m.value.span,
                }],
            };
            for s in sources {
                if let NodeValue::Object(ms) = s.value {
                    for mm in ms {
                        if !merged.iter().any(|x| x.key == mm.key) {
                            merged.push(mm);
                        }
                    }
                }
            }
        } else {
            own.push(m);
        }
    }
    for m in merged {
        if !own.iter().any(|x| x.key == m.key) {
            own.push(m);
        }
    }
    own
}

fn resolve_scalar(
    v: &str,
    style: ScalarStyle,
    tag: Option<&str>,
    span: Span,
) -> Result<NodeValue, SyntaxError> {
    match tag {
        Some("!!str") => return Ok(NodeValue::String(v.to_string())),
        Some("!!int" | "!!float") => {
            return match plain_number(v) {
                Some(n) => Ok(NodeValue::Number(n)),
                None => err(format!("`{v}` is not a number"), span),
            };
        }
        Some("!!bool") => {
            return match v {
                "true" | "True" | "TRUE" => Ok(NodeValue::Bool(true)),
                "false" | "False" | "FALSE" => Ok(NodeValue::Bool(false)),
                _ => err(format!("`{v}` is not a boolean"), span),
            };
        }
        Some("!!null") => return Ok(NodeValue::Null),
        _ => {}
    }
    if style != ScalarStyle::Plain || tag.is_some() {
        return Ok(NodeValue::String(v.to_string()));
    }
    Ok(match v {
        "" | "~" | "null" | "Null" | "NULL" => NodeValue::Null,
        "true" | "True" | "TRUE" => NodeValue::Bool(true),
        "false" | "False" | "FALSE" => NodeValue::Bool(false),
        _ => plain_number(v).map_or_else(|| NodeValue::String(v.to_string()), NodeValue::Number),
    })
}

/// YAML 1.2 core-schema numbers (`.inf` and `.nan` have no JSON form and stay strings).
fn plain_number(v: &str) -> Option<Number> {
    let b = v.as_bytes();
    let first = *b.first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return None;
    }
    if let Some(hex) = v.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if let Some(oct) = v.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Number::from);
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        let t = v.strip_prefix('+').unwrap_or(v);
        return t
            .parse::<i64>()
            .ok()
            .map(Number::from)
            .or_else(|| t.parse::<u64>().ok().map(Number::from))
            .or_else(|| t.parse::<f64>().ok().and_then(Number::from_f64));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let mut i = 0;
    let d = digits.as_bytes();
    let int_start = i;
    while i < d.len() && d[i].is_ascii_digit() {
        i += 1;
    }
    let had_int = i > int_start;
    let mut had_frac = false;
    if i < d.len() && d[i] == b'.' {
        i += 1;
        let fs = i;
        while i < d.len() && d[i].is_ascii_digit() {
            i += 1;
        }
        had_frac = i > fs;
    }
    if !had_int && !had_frac {
        return None;
    }
    if i < d.len() && (d[i] == b'e' || d[i] == b'E') {
        i += 1;
        if i < d.len() && (d[i] == b'+' || d[i] == b'-') {
            i += 1;
        }
        let es = i;
        while i < d.len() && d[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            return None;
        }
    }
    if i != d.len() {
        return None;
    }
    v.strip_prefix('+')
        .unwrap_or(v)
        .parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Node {
        match parse(text, ParseOptions::default()).root {
            Ok(n) => n,
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    #[test]
    fn core_schema_scalars() {
        let n = load("a: 1\nb: 1.5\nc: true\nd: ~\ne: yes\nf: '1'\ng: 0x1F\nh: -3e2\n");
        let v = n.to_value();
        assert_eq!(
            v,
            serde_json::json!({"a":1,"b":1.5,"c":true,"d":null,"e":"yes","f":"1","g":31,"h":-300.0})
        );
    }

    #[test]
    fn spans_are_bytes_after_non_ascii() {
        let text = "Comment: \"Ünïcödé ✓\"\nStartAt: A\n";
        let n = load(text);
        let m = n.member("StartAt").unwrap();
        assert_eq!(&text[m.key_span.start..m.key_span.end], "StartAt");
        assert_eq!(&text[m.value.span.start..m.value.span.end], "A");
        let c = n.get("Comment").unwrap();
        assert_eq!(&text[c.span.start..c.span.end], "\"Ünïcödé ✓\"");
    }

    #[test]
    fn cloudformation_tags_become_long_form() {
        let text = "Resource: !GetAtt Fn.Arn\nName: !Sub '${AWS::StackName}-x'\nList: !Join ['', [a, !Ref B]]\n";
        let p = parse(text, ParseOptions::default());
        let v = p.root.unwrap().to_value();
        assert_eq!(
            v["Resource"],
            serde_json::json!({"Fn::GetAtt": ["Fn", "Arn"]})
        );
        assert_eq!(
            v["Name"],
            serde_json::json!({"Fn::Sub": "${AWS::StackName}-x"})
        );
        assert_eq!(
            v["List"],
            serde_json::json!({"Fn::Join": ["", ["a", {"Ref": "B"}]]})
        );
        assert_eq!(p.tags.len(), 4);
    }

    #[test]
    fn duplicates_merge_keys_and_anchors() {
        let text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nm2: 1\nm2: 2\n";
        let p = parse(text, ParseOptions::default());
        assert_eq!(p.duplicates.len(), 1);
        assert_eq!(p.duplicates[0].key, "m2");
        let v = p.root.unwrap().to_value();
        assert_eq!(v["m"], serde_json::json!({"y": 3, "x": 1}));
    }

    #[test]
    fn errors_are_located_and_depth_is_capped() {
        let e = parse("a: [1, 2\nb: 3\n", ParseOptions::default())
            .root
            .unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        let deep = "[".repeat(100_000);
        // The YAML scanner has its own nesting limit; either way the error is located.
        let e = parse(&deep, ParseOptions::default()).root.unwrap_err();
        assert!(
            e.message.contains("deeper than") || e.message.contains("too deep"),
            "{}",
            e.message
        );
        assert!(e.span.start > 0);
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        let e = parse(laughs, ParseOptions::default()).root.unwrap_err();
        assert!(e.message.contains("aliases expand"), "{}", e.message);
        assert_eq!(
            parse("", ParseOptions::default()).root.unwrap_err().message,
            "the file is empty"
        );
    }
}
