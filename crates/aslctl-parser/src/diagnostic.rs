//! The one diagnostic type every subcommand produces and every renderer reads.

use crate::source::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Best practice; reported only when asked (`--strict`).
    Info,
    /// Legal, but AWS warns or it is almost certainly a bug.
    Warning,
    /// AWS rejects the definition, or the input cannot be used.
    Error,
}

impl Severity {
    /// Lower-case name, as in JSON output and config files.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` (or `warn`) and `info`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// A labelled region of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there (may be empty).
    pub text: String,
    /// Whether this is the main location of the finding.
    pub primary: bool,
}

/// One finding: a lint result, a load error, or a simulation failure at a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, such as `ASL201`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// One-line message.
    pub message: String,
    /// Labelled source regions; the first primary one is the location.
    pub labels: Vec<Label>,
    /// A hint on how to fix it.
    pub help: Option<String>,
    /// JSON pointer to the offending value, if it has one.
    pub pointer: Option<String>,
    /// The file it was found in, if known.
    pub file: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no location yet.
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            pointer: None,
            file: None,
        }
    }

    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
    }

    /// Adds the primary label.
    #[must_use]
    pub fn with_primary(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            text: text.into(),
            primary: true,
        });
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            text: text.into(),
            primary: false,
        });
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text if there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Sets the JSON pointer.
    #[must_use]
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Diagnostic {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets the file name.
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// The main location: the first primary label, else the first label.
    #[must_use]
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
            .map(|l| l.span)
    }
}

/// Codes of the findings the loader itself produces.
pub mod codes {
    /// The file is not valid JSON or YAML (or not UTF-8).
    pub const SYNTAX: &str = "ASL001";
    /// An object repeats a key.
    pub const DUPLICATE_KEY: &str = "ASL002";
    /// The file is empty or holds only `null`.
    pub const EMPTY: &str = "ASL004";
    /// The document is not a state machine.
    pub const NOT_A_STATE_MACHINE: &str = "ASL005";
    /// A state machine in a CloudFormation, SAM or Serverless template cannot be read
    /// (an S3 location, a missing file, a malformed `Fn::Sub`/`Fn::Join`, an unknown function).
    pub const TEMPLATE: &str = "ASL006";
    /// A limit of aslctl itself stopped the work (nesting depth, file size, number of states,
    /// transitions, Map items, JSONata steps); the exit code is 3.
    pub const LIMIT: &str = "ASL007";
}
