//! Telling a JSONata `{% … %}` string from a literal, and spotting half-written delimiters.
//!
//! AWS rule ("Transforming data with JSONata in Step Functions", syntax `"{% <JSONata
//! expression> %}"`): a string is an expression when it starts with `{%` and ends with `%}`,
//! with nothing before or after. Padding inside is optional: deployed definitions use
//! `"{%$lowercase(…) %}"` and `"{% $states.result%}"` (corpus/realworld). Anything else is a
//! literal string, including one that is only half wrapped, which lint reports (ASL404).

use std::ops::Range;

/// How a string value in a JSONata state reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template<'a> {
    /// A plain string, used as is.
    Literal,
    /// `{% … %}`: the text between the delimiters and its byte range in the string.
    Expression {
        /// The expression text, delimiters excluded, padding included.
        source: &'a str,
        /// Where `source` sits in the whole string (for diagnostics).
        range: Range<usize>,
    },
    /// Looks like an attempt at an expression, but AWS would treat it as a literal.
    Malformed(Malformed),
}

/// The ways a `{% … %}` string can be half written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// Starts with `{%` but does not end with `%}` (`"{% 10 %"`).
    MissingClose,
    /// Ends with `%}` but does not start with `{%` (`"10 %}"`).
    MissingOpen,
    /// Both delimiters are there but whitespace surrounds them (`" {% 10 %} "`).
    OuterWhitespace,
    /// Just `{%}`: the delimiters overlap.
    Empty,
}

impl Malformed {
    /// A short explanation for diagnostics.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Malformed::MissingClose => "starts with `{%` but does not end with `%}`",
            Malformed::MissingOpen => "ends with `%}` but does not start with `{%`",
            Malformed::OuterWhitespace => {
                "has whitespace outside `{% … %}`, so it is not an expression"
            }
            Malformed::Empty => "`{%}` has no expression between its delimiters",
        }
    }
}

/// Classifies a string value (see the module docs for the rule).
#[must_use]
pub fn split_template(s: &str) -> Template<'_> {
    let opens = s.starts_with("{%");
    let closes = s.ends_with("%}");
    match (opens, closes) {
        (true, true) if s.len() >= 4 => Template::Expression {
            source: s.get(2..s.len() - 2).unwrap_or(""),
            range: 2..s.len() - 2,
        },
        (true, true) => Template::Malformed(Malformed::Empty),
        _ => {
            let trimmed = s.trim();
            if trimmed.len() != s.len() && trimmed.starts_with("{%") && trimmed.ends_with("%}") {
                Template::Malformed(Malformed::OuterWhitespace)
            } else if opens {
                Template::Malformed(Malformed::MissingClose)
            } else if closes {
                Template::Malformed(Malformed::MissingOpen)
            } else {
                Template::Literal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expression_with_and_without_padding() {
        // Doc syntax "{% <JSONata expression> %}".
        assert_eq!(
            split_template("{% $states.input %}"),
            Template::Expression {
                source: " $states.input ",
                range: 2..17
            }
        );
        // corpus/realworld: "{%$lowercase('EvaluationJob' & $KnowledgeBaseId & $uuid()) %}".
        assert!(matches!(
            split_template("{%10%}"),
            Template::Expression { source: "10", .. }
        ));
        assert!(matches!(
            split_template("{% \n10         %}"),
            Template::Expression { .. }
        ));
    }

    #[test]
    fn malformed_and_literal() {
        // Lint peer corpus: aslv-invalid-jsonata-surround-syntax-no-close / -no-open.
        assert_eq!(
            split_template("{% 10 %"),
            Template::Malformed(Malformed::MissingClose)
        );
        assert_eq!(
            split_template("10 %}"),
            Template::Malformed(Malformed::MissingOpen)
        );
        assert_eq!(
            split_template(" {% 10 %}"),
            Template::Malformed(Malformed::OuterWhitespace)
        );
        assert_eq!(split_template("{%}"), Template::Malformed(Malformed::Empty));
        assert_eq!(split_template("$states.input"), Template::Literal);
        assert_eq!(split_template(""), Template::Literal);
        assert_eq!(split_template("100 % of {x}"), Template::Literal);
    }
}
