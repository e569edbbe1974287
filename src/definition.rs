//! Opening one definition for `simulate`, `graph` and `test`: a plain definition file, or one
//! state machine of a CloudFormation, SAM, Serverless Framework or CDK template.
//!
//! A template with one state machine gives that one; with several, `--machine LogicalId` picks
//! one. Spans of the opened tree refer to [`Opened::source`]; [`Opened::map`] and
//! [`Opened::locate`] lead back to the file a person edits (the template, or the definition
//! file a `DefinitionUri` names).

use crate::lint::suggest::did_you_mean;
use aslctl_parser::diagnostic::{Diagnostic, Severity};
use aslctl_parser::json::Node;
use aslctl_parser::load::{self, Document, LoadOptions};
use aslctl_parser::source::{SourceFile, Span};
use aslctl_parser::template::{self, DefinitionLocation, ExtractedMachine, Extraction};
use std::fmt::Write as _;
use std::path::Path;

/// A definition ready to build, run or draw.
#[derive(Debug, Clone)]
pub struct Opened {
    /// How reports name it: the path, or `template.yaml#LogicalId`.
    pub name: String,
    /// The tree: for a template, intrinsic functions as `${...}` placeholders and the literal
    /// `DefinitionSubstitutions` filled in.
    pub root: Node,
    /// The text the spans of [`Opened::root`] refer to.
    pub source: SourceFile,
    /// The template state machine it is, if it came from a template.
    pub machine: Option<Box<ExtractedMachine>>,
    /// Findings that did not stop it (comments, placeholders, repeated keys, warnings on the
    /// template), each with `file` set; [`Opened::source_for`] gives the text to show it in.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a definition cannot be opened.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The file or template is malformed; each finding comes with the text it is located in.
    #[error("{}", located_lines(.0))]
    Invalid(Vec<(Diagnostic, SourceFile)>),
    /// `--machine` is missing, names no state machine, or is given for a plain definition.
    #[error("{0}")]
    Selection(String),
}

/// `file:line:column: message (label) [CODE]` per finding, with its help on the next line.
#[must_use]
pub fn located_lines(findings: &[(Diagnostic, SourceFile)]) -> String {
    let mut out = String::new();
    for (d, source) in findings {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = write!(out, "{}: {}", location(d, source), d.message);
        if let Some(label) = d.labels.iter().find(|l| l.primary && !l.text.is_empty()) {
            let _ = write!(out, " ({})", label.text);
        }
        let _ = write!(out, " [{}]", d.code);
        if let Some(h) = &d.help {
            let _ = write!(out, "\n  help: {h}");
        }
    }
    out
}

/// `file:line:column` of a finding's main location, or the file name.
#[must_use]
pub fn location(d: &Diagnostic, source: &SourceFile) -> String {
    let name = d.file.as_deref().unwrap_or(source.name());
    match d.primary_span() {
        Some(span) => {
            let lc = source.line_col(span.start);
            format!("{name}:{}:{}", lc.line, lc.column)
        }
        None => name.to_string(),
    }
}

impl Opened {
    /// The file findings on this definition are shown in: the template, the definition file a
    /// template names, or the plain file.
    #[must_use]
    pub fn report_source(&self) -> &SourceFile {
        self.machine
            .as_ref()
            .map_or(&self.source, |m| m.report_source())
    }

    /// The text a finding of [`Opened::diagnostics`] (or a mapped one) is located in.
    #[must_use]
    pub fn source_for(&self, d: &Diagnostic) -> &SourceFile {
        match &self.machine {
            Some(m) if d.file.as_deref() == Some(m.template.name()) => &m.template,
            _ => self.report_source(),
        }
    }

    /// A span of [`Opened::root`] in [`Opened::report_source`], and whether it is exact.
    #[must_use]
    pub fn report_span(&self, span: Span) -> (Span, bool) {
        match self.machine.as_deref().map(|m| &m.location) {
            Some(DefinitionLocation::Embedded(map)) => map.map(span),
            _ => (span, true),
        }
    }

    /// A finding on [`Opened::root`] moved into [`Opened::report_source`].
    #[must_use]
    pub fn map(&self, d: Diagnostic) -> Diagnostic {
        match &self.machine {
            Some(m) => m.map_diagnostic(d),
            None => d,
        }
    }

    /// `file:line:column` of the value (or member key) at `pointer`, else the file name.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> String {
        let source = self.report_source();
        match self.root.pointer(pointer) {
            Some((node, key)) => {
                let (span, _) = self.report_span(key.unwrap_or(node.span));
                let lc = source.line_col(span.start);
                format!("{}:{}:{}", source.name(), lc.line, lc.column)
            }
            None => source.name().to_owned(),
        }
    }

    /// The default `$$.StateMachine.Name`: the logical id of a template's machine, else the
    /// file name without `.json`/`.yaml` and `.asl`.
    #[must_use]
    pub fn default_machine_name(&self) -> String {
        match &self.machine {
            Some(m) => m.logical_id.clone(),
            None => crate::simulate::setup::machine_name(&self.name),
        }
    }
}

/// Reads and opens a definition file (`-` is standard input, already read into `bytes`).
/// Relative paths a template names are resolved from the file's directory.
///
/// # Errors
/// The file is not JSON or YAML, a template is malformed, or `wanted` does not select a state
/// machine.
pub fn open(path: &str, bytes: Vec<u8>, wanted: Option<&str>) -> Result<Opened, OpenError> {
    let loaded = load::load(path, bytes, LoadOptions::default());
    let (doc, source, diags) = loaded.into_document();
    let Some(doc) = doc else {
        return Err(OpenError::Invalid(
            diags
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| (d.with_file(path), source.clone()))
                .collect(),
        ));
    };
    let base = if path == "-" {
        Path::new(".")
    } else {
        Path::new(path).parent().unwrap_or(Path::new("."))
    };
    open_document(&doc, diags, wanted, base)
}

/// Opens a loaded document: the document itself, or one state machine of it if it is a
/// template. `load_diagnostics` are the loader's findings on `doc`.
///
/// # Errors
/// A template is malformed, or `wanted` does not select a state machine.
pub fn open_document(
    doc: &Document,
    load_diagnostics: Vec<Diagnostic>,
    wanted: Option<&str>,
    base_dir: &Path,
) -> Result<Opened, OpenError> {
    let name = doc.source.name().to_string();
    if template::detect(doc).is_none() {
        if let Some(id) = wanted {
            return Err(OpenError::Selection(format!(
                "`--machine {id}`: {name} is a plain definition, not a CloudFormation, SAM, \
                 Serverless or CDK template"
            )));
        }
        return Ok(Opened {
            name: name.clone(),
            root: doc.root.clone(),
            source: doc.source.clone(),
            machine: None,
            diagnostics: load_diagnostics
                .into_iter()
                .map(|d| d.with_file(name.clone()))
                .collect(),
        });
    }
    let extraction = template::extract(doc, base_dir).map_err(|diags| {
        OpenError::Invalid(diags.into_iter().map(|d| (d, doc.source.clone())).collect())
    })?;
    let machine = select(&extraction, &doc.source, wanted)?;
    let fatal: Vec<(Diagnostic, SourceFile)> = machine
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.clone(), machine.report_source().clone()))
        .collect();
    if !fatal.is_empty() {
        return Err(OpenError::Invalid(fatal));
    }
    let mut diagnostics: Vec<Diagnostic> = load_diagnostics
        .into_iter()
        .map(|d| d.with_file(name.clone()))
        .collect();
    diagnostics.extend(machine.diagnostics.iter().cloned());
    Ok(Opened {
        name: machine.name.clone(),
        root: machine.resolved_root(&[]),
        source: machine.source.clone(),
        machine: Some(Box::new(machine.clone())),
        diagnostics,
    })
}

/// The state machine `wanted` names, or the only one.
///
/// # Errors
/// Several machines and no choice, an unknown id (with the ids there are and a "did you
/// mean"), or a chosen machine that could not be read (its located findings).
pub fn select<'x>(
    x: &'x Extraction,
    template: &SourceFile,
    wanted: Option<&str>,
) -> Result<&'x ExtractedMachine, OpenError> {
    let ids = x.logical_ids();
    let listed = ids
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let id = match (wanted, ids.as_slice()) {
        (Some(w), _) if ids.contains(&w) => w,
        (Some(w), _) => {
            let hint =
                did_you_mean(w, ids.iter().copied()).map_or_else(String::new, |h| format!("; {h}"));
            return Err(OpenError::Selection(format!(
                "no state machine `{w}` in {} (it has {listed}){hint}",
                template.name()
            )));
        }
        (None, [one]) => one,
        (None, _) => {
            return Err(OpenError::Selection(format!(
                "{} has {} state machines; pick one with `--machine` ({listed})",
                template.name(),
                ids.len()
            )));
        }
    };
    if let Some(m) = x.machines.iter().find(|m| m.logical_id == id) {
        return Ok(m);
    }
    Err(OpenError::Invalid(
        owned_diagnostics(x, id)
            .map(|d| {
                let source = source_of(d, template);
                (d.clone(), source)
            })
            .collect(),
    ))
}

/// The findings of an extraction that are about the state machine `logical_id`.
pub fn owned_diagnostics<'x>(
    x: &'x Extraction,
    logical_id: &'x str,
) -> impl Iterator<Item = &'x Diagnostic> + 'x {
    x.diagnostics
        .iter()
        .zip(&x.owners)
        .filter(move |(_, o)| o.as_deref() == Some(logical_id))
        .map(|(d, _)| d)
}

/// The text a finding of an extraction is located in: the template, or the definition file it
/// names (read again; empty if it cannot be).
#[must_use]
pub fn source_of(d: &Diagnostic, template: &SourceFile) -> SourceFile {
    match d.file.as_deref() {
        Some(file) if file != template.name() => {
            let text = std::fs::read(file)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            SourceFile::new(file, text)
        }
        _ => template.clone(),
    }
}
