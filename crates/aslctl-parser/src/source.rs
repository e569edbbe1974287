//! Source files, byte spans and the line index that turns offsets into line:column.

use std::fmt;

/// A byte range `start..end` in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The empty span at `offset`.
    #[must_use]
    pub const fn at(offset: usize) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A value together with the span it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub const fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The text of one input file, with its name and a line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps `text`, read from `name` (a path, or `-` for standard input).
    #[must_use]
    pub fn new(name: impl Into<String>, text: String) -> SourceFile {
        // The first line's columns start after a byte order mark.
        let mut line_starts = vec![bom_len(&text)];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The file name as given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Bytes of byte order mark the text starts with (see [`bom_len`]).
    #[must_use]
    pub fn bom_len(&self) -> usize {
        bom_len(&self.text)
    }

    /// The text a span covers (empty if the span is out of range).
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Line and column of a byte offset (clamped to the text).
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text.get(start..end).map_or(0, |s| s.chars().count()) + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and column, if it exists.
    #[must_use]
    pub fn offset_of(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let rest = self.text.get(start..)?;
        let mut chars = rest.char_indices();
        let mut off = 0;
        for _ in 1..column {
            let (_, c) = chars.next()?;
            off += c.len_utf8();
        }
        Some(start + off)
    }
}

/// Maps a byte range inside a decoded JSON string back to the file.
///
/// `literal` is the span of the string literal including its quotes. JSON escapes make the
/// decoded text shorter than the literal, so walk the literal once, counting decoded bytes.
#[must_use]
pub fn span_in_string_literal(text: &str, literal: Span, inner: std::ops::Range<usize>) -> Span {
    let Some(raw) = text.get(literal.start..literal.end) else {
        return literal;
    };
    let quoted = raw.starts_with('"') && raw.ends_with('"') && raw.len() >= 2;
    if !quoted {
        // YAML plain or single-quoted scalars: offsets line up only for plain text.
        let base = literal.start + usize::from(raw.starts_with('\''));
        let s = (base + inner.start).min(literal.end);
        let e = (base + inner.end).min(literal.end).max(s);
        return Span::new(s, e);
    }
    let body = &raw[1..raw.len() - 1];
    let mut decoded = 0usize;
    let mut start = None;
    let mut end = None;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        if start.is_none() && decoded >= inner.start {
            start = Some(i);
        }
        if end.is_none() && decoded >= inner.end {
            end = Some(i);
            break;
        }
        if i == bytes.len() {
            break;
        }
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            if bytes[i + 1] == b'u' {
                let hex = body
                    .get(i + 2..i + 6)
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                // A surrogate pair (\uD83D\uDE00) decodes to one 4-byte char.
                match hex {
                    Some(h) if (0xD800..0xDC00).contains(&h) => {
                        decoded += 4;
                        i += 12;
                    }
                    Some(h) => {
                        decoded += char::from_u32(h).map_or(3, char::len_utf8);
                        i += 6;
                    }
                    None => i += 2,
                }
            } else {
                decoded += 1;
                i += 2;
            }
        } else {
            decoded += 1;
            i += 1;
        }
    }
    let base = literal.start + 1;
    let s = base + start.unwrap_or(body.len()).min(body.len());
    let e = base + end.unwrap_or(body.len()).min(body.len());
    Span::new(s, e.max(s))
}

/// Bytes of byte order mark `text` starts with: 3 or 0. Editors do not show the mark, so
/// positions are counted from after it and parsers start there.
#[must_use]
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let src = SourceFile::new("bom.json", "\u{feff}{\"a\": 1}\nx".to_string());
        // `{` is column 1, as an editor shows it; the mark itself maps to column 1 too.
        assert_eq!(src.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(4), LineCol { line: 1, column: 2 });
        assert_eq!(src.offset_of(1, 1), Some(3));
        assert_eq!(src.line_col(12), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("x", "ab\nüx\n".to_string());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // 'x' comes after the two-byte 'ü': byte 5, column 2.
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.offset_of(2, 2), Some(5));
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn string_literal_offsets_skip_escapes() {
        let text = r#"  "a\"b$.x""#;
        let lit = Span::new(2, text.len());
        // decoded: a"b$.x ; `$.x` is decoded bytes 3..6
        let s = span_in_string_literal(text, lit, 3..6);
        assert_eq!(&text[s.start..s.end], "$.x");
        let text = r#""\u00e9$.y""#;
        let s = span_in_string_literal(text, Span::new(0, text.len()), 2..5);
        assert_eq!(&text[s.start..s.end], "$.y");
    }
}
