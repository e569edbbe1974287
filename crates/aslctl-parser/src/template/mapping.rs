//! Offset maps from text assembled out of template strings back to the template.
//!
//! A `DefinitionString` is decoded text: JSON escapes, YAML quoting, block-scalar indentation
//! and line folding all move characters relative to the file, and `Fn::Join`/`Fn::Sub` glue
//! several template strings (and intrinsic functions) into one. Each piece is aligned against its
//! raw template text once, giving runs of decoded bytes and the template bytes they came from.

use crate::json::Node;
use crate::source::Span;

/// One stretch of the assembled text and the template bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Start in the assembled text.
    text: usize,
    /// Length in the assembled text.
    text_len: usize,
    /// Start in the template.
    raw: usize,
    /// Length in the template.
    raw_len: usize,
    /// Byte-for-byte copy: offsets inside map one to one.
    linear: bool,
    /// Stands for an intrinsic function resolved at deploy time.
    placeholder: bool,
}

/// Maps byte offsets of an assembled definition text back to the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetMap {
    runs: Vec<Run>,
    /// Where to point when an offset cannot be mapped: the start of the template value.
    fallback: Span,
}

impl OffsetMap {
    /// The template span of `span` (a range of the assembled text), and whether it is exact.
    ///
    /// Offsets inside an escape sequence, a folded line break or an intrinsic placeholder map to
    /// the whole construct (not exact); offsets the alignment could not follow map to the start of
    /// the template value (not exact).
    #[must_use]
    pub fn map(&self, span: Span) -> (Span, bool) {
        let Some((s, s_exact)) = self.point(span.start, false) else {
            return (self.fallback, false);
        };
        if span.is_empty() {
            return (Span::new(s, s), s_exact);
        }
        let Some((e, e_exact)) = self.point(span.end, true) else {
            return (self.fallback, false);
        };
        (Span::new(s, e.max(s)), s_exact && e_exact)
    }

    /// Where to point when nothing better is known.
    #[must_use]
    pub fn fallback(&self) -> Span {
        self.fallback
    }

    /// Whether the byte at `offset` of the assembled text stands for an intrinsic function.
    #[must_use]
    pub fn is_placeholder(&self, offset: usize) -> bool {
        self.run_at(offset, false).is_some_and(|r| r.placeholder)
    }

    fn run_at(&self, offset: usize, end_side: bool) -> Option<&Run> {
        // The first run whose end is past `offset` (or reaches it, for an end offset).
        let i = self.runs.partition_point(|r| {
            let end = r.text + r.text_len;
            if end_side {
                end < offset
            } else {
                end <= offset
            }
        });
        let r = self.runs.get(i)?;
        let inside = if end_side {
            r.text < offset && offset <= r.text + r.text_len
        } else {
            r.text <= offset && offset < r.text + r.text_len
        };
        inside.then_some(r)
    }

    fn point(&self, offset: usize, end_side: bool) -> Option<(usize, bool)> {
        // An empty span at the very end of the text sits at the end of the last run.
        let run = self
            .run_at(offset, end_side)
            .or_else(|| self.run_at(offset, true).filter(|_| !end_side))?;
        if run.linear {
            return Some((run.raw + (offset - run.text), true));
        }
        if end_side || offset >= run.text + run.text_len {
            Some((run.raw + run.raw_len, offset == run.text + run.text_len))
        } else {
            Some((run.raw, offset == run.text))
        }
    }
}

/// Builds a text and its [`OffsetMap`] piece by piece.
#[derive(Debug)]
pub(crate) struct Assembler<'t> {
    template: &'t str,
    text: String,
    runs: Vec<Run>,
    /// Every piece was aligned to the end.
    pub(crate) exact: bool,
}

impl<'t> Assembler<'t> {
    pub(crate) fn new(template: &'t str) -> Assembler<'t> {
        Assembler {
            template,
            text: String::new(),
            runs: Vec::new(),
            exact: true,
        }
    }

    /// Appends a template string node, aligning its decoded value against its source.
    pub(crate) fn push_string(&mut self, node: &Node, decoded: &str) {
        let base = self.text.len();
        self.text.push_str(decoded);
        let aligned = align(self.template, node.span, decoded, base, &mut self.runs);
        self.exact &= aligned;
    }

    /// Appends text that stands for a whole template construct (an intrinsic function).
    pub(crate) fn push_placeholder(&mut self, text: &str, raw: Span) {
        let run = Run {
            text: self.text.len(),
            text_len: text.len(),
            raw: raw.start,
            raw_len: raw.len(),
            linear: false,
            placeholder: true,
        };
        self.text.push_str(text);
        if run.text_len > 0 {
            self.runs.push(run);
        }
    }

    pub(crate) fn finish(self, fallback: Span) -> (String, OffsetMap) {
        (
            self.text,
            OffsetMap {
                runs: self.runs,
                fallback,
            },
        )
    }
}

/// How a string is written in the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// JSON string or YAML double-quoted scalar: backslash escapes.
    DoubleQuoted,
    /// YAML single-quoted scalar: `''` is a quote.
    SingleQuoted,
    /// YAML plain or block scalar: indentation and folding only.
    Plain,
}

/// Aligns `decoded` (the value of the string written at `span`) with the template text and
/// appends its runs, offset by `base`. Returns whether every decoded character was placed.
fn align(template: &str, span: Span, decoded: &str, base: usize, runs: &mut Vec<Run>) -> bool {
    let Some(raw) = template.get(span.start..span.end.min(template.len())) else {
        return decoded.is_empty();
    };
    let (start, style) = content_start(raw);
    let rb = raw.as_bytes();
    let end = match style {
        // The closing quote is not content.
        Style::DoubleQuoted if rb.last() == Some(&b'"') && raw.len() > start => raw.len() - 1,
        Style::SingleQuoted if rb.last() == Some(&b'\'') && raw.len() > start => raw.len() - 1,
        _ => raw.len(),
    };
    let mut i = start;
    let mut j = 0;
    let push = |runs: &mut Vec<Run>, j: usize, text_len: usize, i: usize, raw_len, linear| {
        let run = Run {
            text: base + j,
            text_len,
            raw: span.start + i,
            raw_len,
            linear,
            placeholder: false,
        };
        // Merge with the previous run when both copy bytes and touch.
        if let Some(last) = runs.last_mut()
            && linear
            && last.linear
            && !last.placeholder
            && last.text + last.text_len == run.text
            && last.raw + last.raw_len == run.raw
        {
            last.text_len += text_len;
            last.raw_len += raw_len;
            return;
        }
        runs.push(run);
    };
    while let Some(c) = decoded.get(j..).and_then(|s| s.chars().next()) {
        if i >= end {
            return false;
        }
        let clen = c.len_utf8();
        let here = &raw[i..end];
        if style == Style::DoubleQuoted && here.starts_with('\\') {
            match escape(here) {
                Some((Escaped::Char(e), len)) if e == c => {
                    push(runs, j, clen, i, len, false);
                    i += len;
                    j += clen;
                    continue;
                }
                Some((Escaped::LineContinuation, len)) => {
                    i = (i + len).min(end);
                    i += skip_blanks(&raw[i..end]);
                    continue;
                }
                _ => return false,
            }
        }
        if style == Style::SingleQuoted && here.starts_with("''") && c == '\'' {
            push(runs, j, 1, i, 2, false);
            i += 2;
            j += 1;
            continue;
        }
        if here.starts_with(c) {
            push(runs, j, clen, i, clen, true);
            i += clen;
            j += clen;
            continue;
        }
        let b = here.as_bytes().first().copied().unwrap_or(0);
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            if matches!(c, ' ' | '\t' | '\n') {
                // A folded line break: one decoded blank for one template blank.
                push(runs, j, clen, i, 1, false);
                j += clen;
            }
            // Indentation and folded blanks have no decoded counterpart.
            i += 1;
            continue;
        }
        return false;
    }
    true
}

/// Where the content of a string starts inside its span, and how it is quoted.
///
/// A tagged YAML scalar's span starts at the tag (`!Sub |`); a block scalar's content starts on
/// the line after its header.
fn content_start(raw: &str) -> (usize, Style) {
    let b = raw.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'!') {
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
    }
    match b.get(i) {
        Some(b'"') => (i + 1, Style::DoubleQuoted),
        Some(b'\'') => (i + 1, Style::SingleQuoted),
        Some(b'|' | b'>') => {
            let nl = raw[i..].find('\n').map_or(raw.len(), |n| i + n + 1);
            (nl, Style::Plain)
        }
        _ => (i, Style::Plain),
    }
}

fn skip_blanks(s: &str) -> usize {
    s.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count()
}

enum Escaped {
    Char(char),
    /// A backslash before a line break (YAML double-quoted): the break is dropped.
    LineContinuation,
}

/// Decodes the escape at the start of `s` (JSON's escapes and YAML's superset).
fn escape(s: &str) -> Option<(Escaped, usize)> {
    let mut chars = s.chars();
    chars.next()?;
    let e = chars.next()?;
    let simple = match e {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        '\n' => return Some((Escaped::LineContinuation, 2)),
        '\r' => {
            let len = if s.get(2..3) == Some("\n") { 3 } else { 2 };
            return Some((Escaped::LineContinuation, len));
        }
        'x' => return hex_escape(s, 2),
        'U' => return hex_escape(s, 8),
        'u' => {
            let hi = u32::from_str_radix(s.get(2..6)?, 16).ok()?;
            if (0xD800..0xDC00).contains(&hi) {
                // A surrogate pair decodes to one character; a lone one to U+FFFD (as the parser).
                let lo = s
                    .get(6..8)
                    .filter(|p| *p == "\\u")
                    .and_then(|_| s.get(8..12))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .filter(|lo| (0xDC00..0xE000).contains(lo));
                return Some(match lo {
                    Some(lo) => {
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        (Escaped::Char(char::from_u32(c)?), 12)
                    }
                    None => (Escaped::Char('\u{FFFD}'), 6),
                });
            }
            return Some((Escaped::Char(char::from_u32(hi).unwrap_or('\u{FFFD}')), 6));
        }
        _ => return None,
    };
    Some((Escaped::Char(simple), 2))
}

fn hex_escape(s: &str, digits: usize) -> Option<(Escaped, usize)> {
    let v = u32::from_str_radix(s.get(2..2 + digits)?, 16).ok()?;
    Some((Escaped::Char(char::from_u32(v)?), 2 + digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{NodeValue, ParseOptions};

    /// Loads `text`, takes the string at `pointer`, and maps the decoded `needle` back.
    fn mapped(text: &str, yaml: bool, pointer: &str, needle: &str) -> (String, bool) {
        let root = if yaml {
            crate::yaml::parse(text, ParseOptions::default()).root
        } else {
            crate::json::parse(text, ParseOptions::default()).root
        }
        .unwrap();
        let (node, _) = root.pointer(pointer).unwrap();
        let NodeValue::String(s) = &node.value else {
            panic!("not a string")
        };
        let mut a = Assembler::new(text);
        a.push_string(node, s);
        assert!(a.exact, "alignment failed for {s:?}");
        let (decoded, map) = a.finish(Span::at(node.span.start));
        let at = decoded.find(needle).unwrap();
        let (span, exact) = map.map(Span::new(at, at + needle.len()));
        (text[span.start..span.end].to_string(), exact)
    }

    #[test]
    fn json_escapes() {
        let text = r#"{"s": "{\"a\": \"\u00e9\ud83d\ude00\\n\", \"b\": 1}"}"#;
        assert_eq!(
            mapped(text, false, "/s", "\"b\""),
            (r#"\"b\""#.into(), true)
        );
        assert_eq!(mapped(text, false, "/s", "é"), (r"\u00e9".into(), true));
        assert_eq!(mapped(text, false, "/s", "1"), ("1".into(), true));
    }

    #[test]
    fn yaml_block_and_folded_scalars() {
        let text = "a: |\n  {\n    \"StartAt\": \"X\"\n  }\nb: >-\n  one\n  two\nc: !Sub |\n  {\"x\": 1}\n";
        assert_eq!(
            mapped(text, true, "/a", "\"StartAt\""),
            ("\"StartAt\"".into(), true)
        );
        assert_eq!(mapped(text, true, "/b", "two"), ("two".into(), true));
        assert_eq!(mapped(text, true, "/c/Fn::Sub", "1"), ("1".into(), true));
    }

    #[test]
    fn yaml_quoted_scalars() {
        let text = "a: \"x \\\"q\\\" \\\n   y\"\nb: 'it''s z'\nc: plain\n  folded w\n";
        assert_eq!(mapped(text, true, "/a", "y"), ("y".into(), true));
        assert_eq!(
            mapped(text, true, "/a", "\"q\""),
            ("\\\"q\\\"".into(), true)
        );
        assert_eq!(mapped(text, true, "/b", "z"), ("z".into(), true));
        assert_eq!(mapped(text, true, "/c", "w"), ("w".into(), true));
    }

    #[test]
    fn placeholders_and_fallback() {
        let text = "0123456789";
        let mut a = Assembler::new(text);
        a.push_placeholder("${X}", Span::new(2, 5));
        let (_, map) = a.finish(Span::at(0));
        assert_eq!(map.map(Span::new(0, 4)), (Span::new(2, 5), true));
        assert_eq!(map.map(Span::new(1, 2)), (Span::new(2, 5), false));
        assert!(map.is_placeholder(1));
        assert_eq!(map.map(Span::new(9, 10)), (Span::at(0), false));
    }
}
