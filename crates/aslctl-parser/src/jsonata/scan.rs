//! A light tokenizer over JSONata source: error positions and token ranges.
//!
//! `jsonata-core` reports syntax errors without positions, so this pass finds the likely
//! culprit (an unterminated string, an unbalanced bracket, an operator JSONata lacks) for
//! diagnostics, and records where each `$name` and bare field name appears so that
//! [`super::references`] can point at them. It never decides validity on its own except for
//! nesting depth, which it bounds before the engine's recursive-descent parser sees the text.

use std::ops::Range;

use super::{JsonataError, codes};

/// Brackets nested deeper than this are rejected before parsing (the engine stops at 1000
/// parser levels; real expressions nest a handful).
pub(crate) const MAX_NESTING: usize = 256;

/// What the scanner learnt about a source text.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    /// An error that stops parsing (too deep).
    pub(crate) fatal: Option<JsonataError>,
    /// The most likely location of a syntax error, if the engine reports one.
    pub(crate) suspect: Option<Range<usize>>,
    /// Tokens of interest, in source order.
    pub(crate) tokens: Vec<Token>,
}

/// A token the other passes care about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) range: Range<usize>,
}

/// Kinds of [`Token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// `$name` (name without `$`; empty for a bare `$`).
    Variable(String),
    /// `$$`.
    Root,
    /// A field name, plain or in backquotes (unquoted text).
    Name(String),
    /// `?:` (JSONata 2.1 default operator).
    Elvis,
    /// `??` (JSONata 2.1 coalescing operator).
    Coalesce,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Scans `src`.
pub(crate) fn scan(src: &str) -> Scanned {
    let mut out = Scanned::default();
    let mut first_bad: Option<Range<usize>> = None;
    let mut open: Vec<(char, usize)> = Vec::new();
    // Whether a `/` here would start a regex (operand position) rather than divide.
    let mut operand_expected = true;
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let pos = |i: usize| chars.get(i).map_or(src.len(), |&(p, _)| p);
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = pos(i);
        match c {
            _ if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '/' if at(i + 1) == Some('*') => {
                match src.get(start + 2..).and_then(|r| r.find("*/")) {
                    Some(end) => {
                        let stop = start + 2 + end + 2;
                        while pos(i) < stop {
                            i += 1;
                        }
                        continue;
                    }
                    None => {
                        first_bad.get_or_insert(start..src.len());
                        break;
                    }
                }
            }
            '\'' | '"' | '`' => {
                let mut j = i + 1;
                let mut closed = false;
                while let Some(d) = at(j) {
                    if d == '\\' && c != '`' {
                        j += 2;
                        continue;
                    }
                    if d == c {
                        closed = true;
                        break;
                    }
                    j += 1;
                }
                if !closed {
                    first_bad.get_or_insert(start..src.len());
                    break;
                }
                if c == '`' {
                    let text = src.get(start + 1..pos(j)).unwrap_or("").to_owned();
                    out.tokens.push(Token {
                        kind: TokenKind::Name(text),
                        range: start..pos(j + 1),
                    });
                }
                i = j + 1;
                operand_expected = false;
                continue;
            }
            '/' if operand_expected => {
                // A regex literal: skip to the closing unescaped slash.
                let mut j = i + 1;
                while let Some(d) = at(j) {
                    if d == '\\' {
                        j += 2;
                        continue;
                    }
                    if d == '/' {
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
                while at(i).is_some_and(char::is_alphabetic) {
                    i += 1;
                }
                operand_expected = false;
                continue;
            }
            '(' | '[' | '{' => {
                open.push((c, start));
                if open.len() > MAX_NESTING {
                    out.fatal = Some(JsonataError::new(
                        codes::DEPTH_LIMIT,
                        format!("Expression nests brackets deeper than {MAX_NESTING} levels"),
                        Some(start..start + 1),
                    ));
                    return out;
                }
                operand_expected = true;
            }
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match open.pop() {
                    Some((o, _)) if o == want => {}
                    _ => {
                        first_bad.get_or_insert(start..start + 1);
                    }
                }
                operand_expected = false;
            }
            '$' => {
                let mut j = i + 1;
                if at(j) == Some('$') {
                    out.tokens.push(Token {
                        kind: TokenKind::Root,
                        range: start..pos(j + 1),
                    });
                    i = j + 1;
                    operand_expected = false;
                    continue;
                }
                while at(j).is_some_and(is_name_char) {
                    j += 1;
                }
                let name = src.get(start + 1..pos(j)).unwrap_or("").to_owned();
                out.tokens.push(Token {
                    kind: TokenKind::Variable(name),
                    range: start..pos(j),
                });
                i = j;
                operand_expected = false;
                continue;
            }
            '?' if matches!(at(i + 1), Some(':' | '?')) => {
                let kind = if at(i + 1) == Some(':') {
                    TokenKind::Elvis
                } else {
                    TokenKind::Coalesce
                };
                out.tokens.push(Token {
                    kind,
                    range: start..pos(i + 2),
                });
                i += 2;
                operand_expected = true;
                continue;
            }
            '=' if at(i + 1) == Some('=') => {
                first_bad.get_or_insert(start..pos(i + 2));
            }
            '!' if at(i + 1) != Some('=') => {
                first_bad.get_or_insert(start..start + 1);
            }
            '~' if at(i + 1) != Some('>') => {
                first_bad.get_or_insert(start..start + 1);
            }
            '&' if at(i + 1) == Some('&') => {
                first_bad.get_or_insert(start..pos(i + 2));
            }
            _ if is_name_char(c) => {
                let mut j = i;
                while at(j).is_some_and(|d| is_name_char(d) || (c.is_ascii_digit() && d == '.')) {
                    j += 1;
                }
                let text = src.get(start..pos(j)).unwrap_or("");
                // Keywords and numbers are not field names.
                let keyword = matches!(
                    text,
                    "and" | "or" | "in" | "true" | "false" | "null" | "function"
                );
                if !keyword && !c.is_ascii_digit() {
                    out.tokens.push(Token {
                        kind: TokenKind::Name(text.to_owned()),
                        range: start..pos(j),
                    });
                }
                operand_expected = matches!(text, "and" | "or" | "in");
                i = j;
                continue;
            }
            _ => {
                // Any other operator or separator leaves us expecting an operand.
                operand_expected = c != '%';
            }
        }
        i += 1;
    }
    if first_bad.is_none()
        && let Some(&(_, p)) = open.last()
    {
        first_bad = Some(p..p + 1);
    }
    out.suspect = first_bad;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unbalanced_and_unterminated() {
        // Lint peer corpus: aslv-invalid-jsonata-syntax-mismatched-parens "$sum($states.input.items.numbers".
        assert_eq!(scan("$sum($states.input.items.numbers").suspect, Some(4..5));
        assert_eq!(scan("'abc").suspect, Some(0..4));
        assert_eq!(scan("(1]").suspect, Some(2..3));
        assert_eq!(scan("a == b").suspect, Some(2..4));
        assert_eq!(scan("$match(x, /[(]/)").suspect, None);
        assert_eq!(
            scan("$a ?: 1").tokens.last().map(|t| t.range.clone()),
            Some(3..5)
        );
    }

    #[test]
    fn records_variables_and_names() {
        let kinds: Vec<TokenKind> = scan("$states.input.x & `a b` & $$ & $")
            .tokens
            .into_iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                TokenKind::Variable("states".into()),
                TokenKind::Name("input".into()),
                TokenKind::Name("x".into()),
                TokenKind::Name("a b".into()),
                TokenKind::Root,
                TokenKind::Variable(String::new()),
            ]
        );
    }

    #[test]
    fn bounds_nesting() {
        let deep = "(".repeat(MAX_NESTING + 1);
        assert!(scan(&deep).fatal.is_some());
    }
}
