//! `aslctl lint` as a library: load a definition, run the schema pass and the rules, return findings.
//!
//! [`lint_file`] takes a file's bytes and [`LintOptions`] and returns one [`FileReport`] per
//! definition: one for a plain definition, one per state machine of a template
//! ([`template`]). [`lint_document`] lints a file as a plain definition. Findings are data
//! ([`Diagnostic`]); rendering and exit codes live elsewhere.

pub mod config;
pub mod discover;
pub mod jsonata;
pub mod prelude;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod suggest;
pub mod support;
pub mod template;
pub mod variables;
pub mod walk;

use aslctl_parser::diagnostic::{Diagnostic, Severity, codes};
use aslctl_parser::json::Node;
use aslctl_parser::load::{self, LoadOptions};
use aslctl_parser::model::{self, QueryLanguage, StateMachine};
use aslctl_parser::source::{SourceFile, Span};
use registry::{RULES, RuleMeta};
use std::collections::BTreeMap;

/// The workflow type a definition is deployed as; EXPRESS adds restrictions (ASL5xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WorkflowType {
    /// Standard workflows (the default).
    #[default]
    Standard,
    /// Express workflows.
    Express,
}

/// A per-rule setting from the command line or `.aslctl.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// The rule runs and reports at this severity.
    On(Severity),
}

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Only these rule codes run (empty: all default-enabled rules).
    pub select: Vec<&'static str>,
    /// These rule codes do not run.
    pub ignore: Vec<&'static str>,
    /// Also report best-practice (info) findings.
    pub strict: bool,
    /// STANDARD or EXPRESS.
    pub workflow_type: WorkflowType,
    /// `${Name}` placeholder values, applied to the text before parsing.
    pub substitutions: BTreeMap<String, String>,
    /// When set, the only `${Name}` placeholders that may remain in a `Resource` (for example
    /// CloudFormation `DefinitionSubstitutions` whose values are intrinsics); any other is
    /// reported. Unset: any placeholder is accepted.
    pub allowed_placeholders: Option<std::collections::BTreeSet<String>>,
    /// Per-rule overrides (off, or a severity), keyed by code.
    pub levels: BTreeMap<&'static str, RuleLevel>,
    /// The file was found by a directory walk or glob: if it is not a state machine at all,
    /// skip it silently instead of reporting ASL005.
    pub discovered: bool,
    /// The workflow type was given on the command line: a template's own type does not
    /// replace it.
    pub type_forced: bool,
    /// Lint only this state machine of a template (by logical id).
    pub machine: Option<String>,
}

/// Error for an unknown rule id or name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}` (see `aslctl rules`)")]
pub struct UnknownRule(pub String);

/// Resolves a rule id (`ASL201`), name (`transition-target`) or id prefix (`ASL2`) to codes.
///
/// # Errors
/// Nothing matches.
pub fn resolve_rules(selector: &str) -> Result<Vec<&'static str>, UnknownRule> {
    if let Some(rule) = registry::find(selector) {
        return Ok(vec![rule.meta().code]);
    }
    let upper = selector.to_ascii_uppercase();
    let matched: Vec<&'static str> = RULES
        .iter()
        .map(|r| r.meta().code)
        .filter(|c| upper.starts_with("ASL") && c.starts_with(&upper))
        .collect();
    if matched.is_empty() {
        Err(UnknownRule(selector.to_string()))
    } else {
        Ok(matched)
    }
}

impl LintOptions {
    /// Whether findings of `code` are wanted at all.
    #[must_use]
    pub fn rule_enabled(&self, code: &str) -> bool {
        // A file that does not parse, or that a limit stopped, is always reported: nothing else
        // can be checked.
        if code == codes::SYNTAX || code == codes::LIMIT {
            return true;
        }
        if !self.select.is_empty() && !self.select.contains(&code) {
            return false;
        }
        if self.ignore.contains(&code) {
            return false;
        }
        !matches!(self.levels.get(code), Some(RuleLevel::Off))
    }

    /// The severity a finding is reported at, or `None` to drop it.
    #[must_use]
    pub fn effective_severity(&self, code: &str, found: Severity) -> Option<Severity> {
        if !self.rule_enabled(code) {
            return None;
        }
        if let Some(RuleLevel::On(s)) = self.levels.get(code) {
            return Some(*s);
        }
        let asked = self.strict || self.select.contains(&code);
        (found != Severity::Info || asked).then_some(found)
    }
}

/// The findings for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file name as given.
    pub path: String,
    /// The text (after substitutions), for code frames.
    pub source: SourceFile,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// A discovered file that is not a state machine: no findings, not counted.
    pub skipped: bool,
    /// `template.yaml#LogicalId` when the findings are about one state machine of a template.
    pub machine: Option<String>,
    /// A state machine of a template could not be read (a malformed template, a missing
    /// definition file): the input is unusable, not merely wrong.
    pub unusable: bool,
}

impl FileReport {
    /// A report on a whole file.
    #[must_use]
    pub fn new(path: &str, source: SourceFile, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: path.to_string(),
            source,
            diagnostics,
            skipped: false,
            machine: None,
            unusable: false,
        }
    }

    /// How reports name what was linted: the file, or `template.yaml#LogicalId`.
    #[must_use]
    pub fn name(&self) -> &str {
        self.machine.as_deref().unwrap_or(&self.path)
    }
}

/// State shared by the rules while one machine is checked.
pub struct LintCx<'a> {
    /// The file.
    pub source: &'a SourceFile,
    /// The options.
    pub options: &'a LintOptions,
    /// Every state name of the machine with the scope pointer it lives in.
    pub all_states: Vec<(&'a str, &'a str)>,
    /// The machine-wide query language.
    pub language: QueryLanguage,
    diagnostics: Vec<Diagnostic>,
    /// The variable analysis, computed by the first rule that asks ([`LintCx::variables`]).
    variables: Option<variables::Analysis>,
}

impl<'a> LintCx<'a> {
    /// Records a finding.
    pub fn report(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The machine-wide query language (a state may override it).
    #[must_use]
    pub fn machine_language(&self) -> QueryLanguage {
        self.language
    }

    /// Whether the machine runs as an EXPRESS workflow.
    #[must_use]
    pub fn is_express(&self) -> bool {
        self.options.workflow_type == WorkflowType::Express
    }
}

/// Largest definition AWS accepts, in characters (`CreateStateMachine` `definition`, 1 MB quota).
pub const MAX_DEFINITION_CHARS: usize = 1_048_576;

/// Lints one file's bytes: a plain definition gives one report, a template one report per state
/// machine (and one for problems of the template as a whole, if it has any).
///
/// # Errors
/// [`LintOptions::machine`] names no state machine of the template, or is given for a plain
/// definition that was named explicitly (not discovered).
pub fn lint_file(
    path: &str,
    bytes: Vec<u8>,
    options: &LintOptions,
) -> Result<Vec<FileReport>, template::NoSuchMachine> {
    // Substitutions rewrite the text of a plain definition before it is parsed; a template is
    // read as written and its definitions are filled in after extraction, so that positions
    // stay those of the file.
    let keep = (!options.substitutions.is_empty()).then(|| bytes.clone());
    let (doc, source, diags) = load::load(path, bytes, LoadOptions::default()).into_document();
    if let Some(doc) = &doc
        && aslctl_parser::template::detect(doc).is_some()
    {
        return template::lint_template(path, doc, diags, options);
    }
    if let Some(id) = &options.machine {
        if options.discovered {
            let mut r = FileReport::new(path, source, Vec::new());
            r.skipped = true;
            return Ok(vec![r]);
        }
        return Err(template::NoSuchMachine(format!(
            "`--machine {id}`: {path} is a plain definition, not a CloudFormation, SAM, \
             Serverless or CDK template"
        )));
    }
    Ok(vec![match keep {
        Some(bytes) => lint_document(path, bytes, options),
        None => lint_loaded(path, doc, source, diags, options),
    }])
}

/// Lints one file's bytes as a plain definition. Never fails: every problem is a finding.
#[must_use]
pub fn lint_document(path: &str, bytes: Vec<u8>, options: &LintOptions) -> FileReport {
    let bytes = if options.substitutions.is_empty() {
        bytes
    } else {
        match String::from_utf8(bytes) {
            Ok(t) => substitute(&t, &options.substitutions).into_bytes(),
            Err(e) => e.into_bytes(),
        }
    };
    let (doc, source, diags) = load::load(path, bytes, LoadOptions::default()).into_document();
    lint_loaded(path, doc, source, diags, options)
}

fn lint_loaded(
    path: &str,
    doc: Option<load::Document>,
    source: SourceFile,
    mut diags: Vec<Diagnostic>,
    options: &LintOptions,
) -> FileReport {
    let mut skipped = false;
    if source.text().trim().is_empty() {
        // An empty file is AWS's MISSING_DESCRIPTION, not a syntax error.
        diags.clear();
        diags.push(
            Diagnostic::error(codes::EMPTY, "the definition is empty")
                .with_primary(Span::new(0, source.text().len().min(1)), "")
                .with_pointer(""),
        );
        skipped = options.discovered;
    } else if let Some(doc) = &doc {
        let chars = source.text().chars().count();
        let (is_machine, found) = check_tree(&doc.root, &source, chars, options);
        if options.discovered && !is_machine {
            skipped = true;
        }
        diags.extend(found);
    } else if options.discovered && !path_is_asl(path) && !mentions_states(source.text()) {
        // A broken JSON/YAML file found by a walk is reported only if it looks like a definition.
        skipped = true;
    }
    if skipped {
        diags.clear();
    }
    let out = finish(diags, options, |mut d| {
        d.file = Some(path.to_string());
        d
    });
    let mut report = FileReport::new(path, source, out);
    report.skipped = skipped;
    report
}

/// Builds the model of a definition tree and runs the schema pass and the rules; returns
/// whether it is a state machine at all, and the findings. `chars` is the size of the
/// definition as deployed, in characters.
#[must_use]
pub fn check_tree(
    root: &Node,
    source: &SourceFile,
    chars: usize,
    options: &LintOptions,
) -> (bool, Vec<Diagnostic>) {
    let (machine, mut diags) = model::build(root);
    if chars > MAX_DEFINITION_CHARS {
        diags.push(
            rules::DefinitionTooLarge::META
                .at(Span::new(root.span.start, root.span.start + 1), "", format!("the definition has {chars} characters; AWS accepts at most {MAX_DEFINITION_CHARS}"))
                .with_help("split the workflow into nested state machines, or move large literals into the input"),
        );
    }
    if let Some(machine) = &machine {
        diags.extend(schema::validate(root));
        diags.extend(run_rules(machine, source, options));
    }
    (machine.is_some(), diags)
}

/// Drops superseded and unwanted findings, applies severities, places each finding (`place`),
/// and sorts.
pub(crate) fn finish(
    mut diags: Vec<Diagnostic>,
    options: &LintOptions,
    place: impl Fn(Diagnostic) -> Diagnostic,
) -> Vec<Diagnostic> {
    drop_superseded(&mut diags);
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .filter_map(|mut d| {
            d.severity = options.effective_severity(d.code, d.severity)?;
            Some(place(d))
        })
        .collect();
    sort_and_dedup(&mut out);
    out
}

fn mentions_states(text: &str) -> bool {
    text.contains("StartAt") && text.contains("States")
}

/// Whether the name says it is a definition (`.asl.json`, `.asl.yaml`, `.asl.yml`).
#[must_use]
pub fn path_is_asl(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".asl.json", ".asl.yaml", ".asl.yml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn run_rules(
    machine: &StateMachine<'_>,
    source: &SourceFile,
    options: &LintOptions,
) -> Vec<Diagnostic> {
    let active: Vec<&dyn registry::Rule> = RULES
        .iter()
        .copied()
        .filter(|r| options.rule_enabled(r.meta().code))
        .collect();
    let scopes = machine.scopes();
    let all_states = scopes
        .iter()
        .flat_map(|sc| sc.states.iter().map(|st| (st.name, sc.pointer.as_str())))
        .collect();
    let mut cx = LintCx {
        source,
        options,
        all_states,
        language: machine.query_language(),
        diagnostics: Vec::new(),
        variables: None,
    };
    walk::walk(machine, &active, &mut cx);
    cx.diagnostics
}

/// A JSONata Choice rule reported by ASL410 does not also get the schema's generic ASL111
/// finding (the schema accepts the union of both languages' rule shapes).
fn drop_superseded(diags: &mut Vec<Diagnostic>) {
    let jsonata_rules: Vec<String> = diags
        .iter()
        .filter(|d| d.code == rules::JsonataChoiceRule::META.code)
        .filter_map(|d| d.pointer.as_deref().map(choice_rule_pointer))
        .collect();
    if jsonata_rules.is_empty() {
        return;
    }
    diags.retain(|d| {
        d.code != rules::ChoiceRuleShape::META.code
            || !d.pointer.as_deref().is_some_and(|p| {
                jsonata_rules
                    .iter()
                    .any(|r| p == r || p.starts_with(&format!("{r}/")))
            })
    });
}

/// `/States/C/Choices/0/Variable` → `/States/C/Choices/0`.
fn choice_rule_pointer(p: &str) -> String {
    const MARK: &str = "/Choices/";
    let Some(i) = p.rfind(MARK) else {
        return p.to_string();
    };
    let after = i + MARK.len();
    let end = p
        .get(after..)
        .and_then(|rest| rest.find('/'))
        .map_or(p.len(), |j| after + j);
    p.get(..end).unwrap_or(p).to_string()
}

/// Sorts by position, then code, and drops exact repeats.
pub fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        let pa = a.primary_span().unwrap_or_default();
        let pb = b.primary_span().unwrap_or_default();
        (pa.start, pa.end, a.code, &a.message).cmp(&(pb.start, pb.end, b.code, &b.message))
    });
    diags.dedup_by(|a, b| {
        a.code == b.code && a.primary_span() == b.primary_span() && a.message == b.message
    });
}

/// Replaces `${Name}` placeholders, as CloudFormation `DefinitionSubstitutions` do. A string
/// that is only a placeholder for a number or boolean becomes that bare value, so numeric
/// fields (`"TimeoutSeconds": "${Timeout}"`) get the number.
#[must_use]
pub fn substitute(text: &str, subs: &BTreeMap<String, String>) -> String {
    let mut out = text.to_string();
    for (k, v) in subs {
        let whole = format!("\"${{{k}}}\"");
        let bare = serde_json::from_str::<serde_json::Value>(v)
            .is_ok_and(|j| j.is_number() || j.is_boolean());
        if bare {
            out = out.replace(&whole, v);
        }
        let escaped = v.replace('\\', "\\\\").replace('"', "\\\"");
        out = out.replace(&format!("${{{k}}}"), &escaped);
    }
    out
}

/// The metadata of a finding's rule, if it is a registered rule.
#[must_use]
pub fn meta_for(d: &Diagnostic) -> Option<&'static RuleMeta> {
    registry::meta_of(d.code)
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files linted (skipped ones excluded).
    pub files: usize,
    /// Files with at least one finding.
    pub files_with_findings: usize,
    /// Discovered files skipped because they are not state machines.
    pub skipped: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl Summary {
    /// Counts the findings of some reports.
    #[must_use]
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        // A template gives several reports (one per state machine); count each file once.
        let mut seen = std::collections::BTreeSet::new();
        let mut with_findings = std::collections::BTreeSet::new();
        for r in reports {
            if r.skipped {
                s.skipped += 1;
                continue;
            }
            if seen.insert(r.path.as_str()) {
                s.files += 1;
            }
            if !r.diagnostics.is_empty() && with_findings.insert(r.path.as_str()) {
                s.files_with_findings += 1;
            }
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// `Found 3 errors and 1 warning in 2 files.` or `No problems found in 5 files.`
    #[must_use]
    pub fn line(&self) -> String {
        fn plural(n: usize, word: &str) -> String {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        }
        let files = plural(self.files, "file");
        if self.errors + self.warnings + self.infos == 0 {
            return format!("No problems found in {files}.");
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        let list = match parts.as_slice() {
            [a] => a.clone(),
            [a, b] => format!("{a} and {b}"),
            [a, b, c] => format!("{a}, {b} and {c}"),
            _ => String::new(),
        };
        format!(
            "Found {list} in {}.",
            plural(self.files_with_findings, "file")
        )
    }
}
