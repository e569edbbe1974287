//! Reading a file into a spanned tree: format detection, UTF-8, JSON or YAML, load findings.

use crate::diagnostic::{Diagnostic, codes};
use crate::json::{self, DuplicateKey, Node, ParseOptions};
use crate::source::{SourceFile, Span};
use crate::yaml;

/// The syntax of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON (`.json`, `.asl.json`).
    Json,
    /// JSON with comments (`.jsonc`, `.json5`): comments are accepted and reported.
    JsonWithComments,
    /// YAML (`.yaml`, `.yml`, `.asl.yaml`).
    Yaml,
}

impl Format {
    /// Picks the format from the file name, else from the first significant character.
    #[must_use]
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return Format::Yaml;
        }
        if lower.ends_with(".jsonc") || lower.ends_with(".json5") {
            return Format::JsonWithComments;
        }
        if lower.ends_with(".json") {
            return Format::Json;
        }
        let first = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next();
        match first {
            Some('{' | '[' | '"') | None => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// A loaded document: the source text and its tree.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text, for spans and code frames.
    pub source: SourceFile,
    /// The syntax it was read as.
    pub format: Format,
    /// The tree.
    pub root: Node,
}

/// What loading produced: always the source (to render findings), a tree if it parsed.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The text (lossily decoded if it was not UTF-8).
    pub source: SourceFile,
    /// The syntax it was read as.
    pub format: Format,
    /// The tree, if the file parsed.
    pub root: Option<Node>,
    /// Syntax errors, repeated keys, comments.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The document, if the file parsed.
    #[must_use]
    pub fn into_document(self) -> (Option<Document>, SourceFile, Vec<Diagnostic>) {
        match self.root {
            Some(root) => (
                Some(Document {
                    source: self.source.clone(),
                    format: self.format,
                    root,
                }),
                self.source,
                self.diagnostics,
            ),
            None => (None, self.source, self.diagnostics),
        }
    }
}

/// Options for [`load`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Parser limits.
    pub parse: ParseOptions,
}

/// Decodes and parses one file's bytes. Never fails: problems are diagnostics.
#[must_use]
pub fn load(name: &str, bytes: Vec<u8>, opts: LoadOptions) -> Loaded {
    let (text, utf8_error) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (text, Some(at))
        }
    };
    let format = opts.format.unwrap_or_else(|| Format::detect(name, &text));
    let source = SourceFile::new(name, text);
    let mut diagnostics = Vec::new();
    if let Some(at) = utf8_error {
        // Lossy decoding keeps every valid byte before the first bad one in place.
        diagnostics.push(
            Diagnostic::error(codes::SYNTAX, "the file is not valid UTF-8")
                .with_primary(Span::new(at, at + 1), "invalid byte sequence here"),
        );
        return Loaded {
            source,
            format,
            root: None,
            diagnostics,
        };
    }
    let text = source.text();
    let (root, duplicates, comments, placeholders) = match format {
        Format::Json | Format::JsonWithComments => {
            let mut p = opts.parse;
            p.allow_comments = p.allow_comments || format == Format::JsonWithComments;
            let parsed = json::parse(text, p);
            (
                parsed.root,
                parsed.duplicates,
                parsed.comments,
                parsed.placeholders,
            )
        }
        Format::Yaml => {
            let parsed = yaml::parse(text, opts.parse);
            (parsed.root, parsed.duplicates, Vec::new(), Vec::new())
        }
    };
    for p in placeholders {
        diagnostics.push(bare_placeholder(source.slice(p), p));
    }
    for d in duplicates {
        diagnostics.push(duplicate_key(&d));
    }
    for c in comments {
        diagnostics.push(
            Diagnostic::warning(
                codes::SYNTAX,
                "comments are not JSON; AWS rejects a definition that has them",
            )
            .with_primary(c, "comment")
            .with_help("strip comments before deploying the definition"),
        );
    }
    let root = match root {
        Ok(r) => Some(r),
        Err(e) => {
            let span = if e.span.is_empty() && e.span.start < source.text().len() {
                let end = source.text()[e.span.start..]
                    .chars()
                    .next()
                    .map_or(e.span.start, |c| e.span.start + c.len_utf8());
                Span::new(e.span.start, end)
            } else {
                e.span
            };
            let what = match format {
                Format::Yaml => "YAML",
                _ => "JSON",
            };
            let d = if e.limit {
                Diagnostic::error(
                    codes::LIMIT,
                    format!("{what} {}", e.message.trim_start_matches("invalid YAML: ")),
                )
                .with_primary(span, "")
                .with_help("this nesting limit of aslctl is fixed (it keeps every pass off the stack's edge); flatten the document")
            } else {
                Diagnostic::error(
                    codes::SYNTAX,
                    format!(
                        "invalid {what}: {}",
                        e.message.trim_start_matches("invalid YAML: ")
                    ),
                )
                .with_primary(span, "")
            };
            diagnostics.insert(0, d);
            None
        }
    };
    Loaded {
        source,
        format,
        root,
        diagnostics,
    }
}

/// The finding for a bare `${Name}` template placeholder where a JSON value goes.
pub(crate) fn bare_placeholder(text: &str, at: Span) -> Diagnostic {
    Diagnostic::warning(
        codes::SYNTAX,
        format!("`{text}` is a template placeholder, not a JSON value"),
    )
    .with_primary(at, "read as a placeholder string")
    .with_help(
        "the definition is JSON only once the template is rendered; `--substitute Name=value` \
         checks a value",
    )
}

fn duplicate_key(d: &DuplicateKey) -> Diagnostic {
    Diagnostic::error(
        codes::DUPLICATE_KEY,
        format!("the key `{}` appears more than once in this object", d.key),
    )
    .with_primary(d.span, "repeated here")
    .with_secondary(d.first, "first defined here")
    .with_help("only the last value is used; remove or rename one of them")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(Format::detect("a.asl.yaml", "{}"), Format::Yaml);
        assert_eq!(Format::detect("a.asl.json", "x: 1"), Format::Json);
        assert_eq!(Format::detect("-", "  {\"a\":1}"), Format::Json);
        assert_eq!(Format::detect("-", "StartAt: A"), Format::Yaml);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let l = load(
            "x.json",
            b"{\"a\": \"\xff\"}".to_vec(),
            LoadOptions::default(),
        );
        assert!(l.root.is_none());
        assert_eq!(l.diagnostics[0].code, "ASL001");
        assert_eq!(l.diagnostics[0].primary_span(), Some(Span::new(7, 8)));
    }

    #[test]
    fn duplicate_keys_are_errors_with_two_labels() {
        let l = load(
            "x.json",
            br#"{"a": 1, "a": 2}"#.to_vec(),
            LoadOptions::default(),
        );
        assert!(l.root.is_some());
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].code, "ASL002");
        assert_eq!(l.diagnostics[0].labels.len(), 2);
    }
}
