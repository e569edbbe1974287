//! State machine definitions inside infrastructure templates: CloudFormation, SAM, Serverless
//! Framework and CDK output.
//!
//! [`detect`] tells a template from a plain definition; [`extract`] finds every state machine in
//! it and returns each definition as a spanned tree plus the way back to the template:
//!
//! - a `Definition` object (CloudFormation, SAM) or a Serverless `definition` is part of the
//!   template tree, so its spans are template spans ([`DefinitionLocation::Inline`]);
//! - a `DefinitionString` (a string, `Fn::Sub` or `Fn::Join`) is decoded and parsed; its spans
//!   refer to the assembled text and [`ExtractedMachine::map_span`] maps them back
//!   ([`DefinitionLocation::Embedded`]);
//! - a local `DefinitionUri` / `DefinitionS3Location` / Serverless `${file(...)}` is loaded from
//!   disk; its spans refer to that file ([`DefinitionLocation::File`]).
//!
//! Values the template leaves to deploy time stay visible: `${Name}` placeholders stay in
//! strings, intrinsic pieces of a `Fn::Join` become `${Name}`/`${Resource.Attribute}`
//! placeholders (the `Fn::Sub` spelling of `Ref`/`Fn::GetAtt`), and `Ref`/`Fn::GetAtt` objects
//! inside a `Definition` object are left as they are.

mod cloudformation;
pub mod mapping;
pub mod resolve;
mod serverless;

use crate::diagnostic::{Diagnostic, codes};
use crate::json::{Node, NodeValue};
use crate::load::Document;
use crate::source::{SourceFile, Span};
pub use mapping::OffsetMap;
use std::path::{Path, PathBuf};

/// The kind of template a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// An AWS CloudFormation template.
    CloudFormation,
    /// An AWS SAM template (CloudFormation with the `AWS::Serverless` transform).
    Sam,
    /// A Serverless Framework `serverless.yml` (with the `serverless-step-functions` plugin).
    Serverless,
    /// A template synthesised by the AWS CDK (`cdk.out/*.template.json`).
    Cdk,
}

impl TemplateKind {
    /// A short lower-case name, for messages and JSON output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::CloudFormation => "cloudformation",
            TemplateKind::Sam => "sam",
            TemplateKind::Serverless => "serverless",
            TemplateKind::Cdk => "cdk",
        }
    }
}

/// The workflow type a template declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkflowType {
    /// `STANDARD` (the default when a template says nothing).
    Standard,
    /// `EXPRESS`.
    Express,
}

impl WorkflowType {
    /// Parses `STANDARD` / `EXPRESS` in any case (Serverless accepts `express`).
    #[must_use]
    pub fn parse(s: &str) -> Option<WorkflowType> {
        if s.eq_ignore_ascii_case("STANDARD") {
            Some(WorkflowType::Standard)
        } else if s.eq_ignore_ascii_case("EXPRESS") {
            Some(WorkflowType::Express)
        } else {
            None
        }
    }

    /// The name AWS uses (`STANDARD`, `EXPRESS`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowType::Standard => "STANDARD",
            WorkflowType::Express => "EXPRESS",
        }
    }
}

/// How the spans of an extracted definition relate to the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionLocation {
    /// Part of the template tree: spans are template spans.
    Inline,
    /// Parsed from text assembled out of template strings; the map leads back to the template.
    Embedded(OffsetMap),
    /// Read from a local file; spans refer to that file.
    File {
        /// The file, as opened (the template's directory joined with the written path).
        path: PathBuf,
        /// The template value that names the file.
        reference: Span,
    },
}

/// One state machine found in a template.
#[derive(Debug, Clone)]
pub struct ExtractedMachine {
    /// `<template name>#<logical id>` (Serverless: `<file name>#<stateMachines key>`).
    pub name: String,
    /// The CloudFormation logical id, or the Serverless `stateMachines` key.
    pub logical_id: String,
    /// The kind of template it came from.
    pub kind: TemplateKind,
    /// `StateMachineType` (CloudFormation), `Type` (SAM) or `type` (Serverless), when literal.
    pub workflow_type: Option<WorkflowType>,
    /// The template.
    pub template: SourceFile,
    /// The text the spans of [`ExtractedMachine::root`] refer to: the template itself
    /// (`Inline`), the assembled `DefinitionString` (`Embedded`) or the definition file (`File`).
    pub source: SourceFile,
    /// The definition.
    pub root: Node,
    /// How spans map back.
    pub location: DefinitionLocation,
    /// JSON pointer of the definition property in the template
    /// (`/Resources/Machine/Properties/DefinitionString`).
    pub pointer: String,
    /// `DefinitionSubstitutions` whose values are literals, in template order.
    pub substitutions: Vec<(String, serde_json::Value)>,
    /// Every key of `DefinitionSubstitutions`, literal or not; `None` when the property is absent.
    pub substitution_names: Option<Vec<String>>,
    /// Problems found while extracting (repeated keys, unknown intrinsic functions, inexact
    /// positions), located in [`ExtractedMachine::report_source`].
    pub diagnostics: Vec<Diagnostic>,
}

impl ExtractedMachine {
    /// The template span of a span of [`ExtractedMachine::root`]'s source, and whether it is
    /// exact. For a definition read from a file, this is the template value naming the file
    /// (not exact): report such findings in the file instead ([`ExtractedMachine::map_diagnostic`]).
    #[must_use]
    pub fn map_span(&self, span: Span) -> (Span, bool) {
        match &self.location {
            DefinitionLocation::Inline => (span, true),
            DefinitionLocation::Embedded(map) => map.map(span),
            DefinitionLocation::File { reference, .. } => (*reference, false),
        }
    }

    /// Where findings on this definition are best shown: the definition file for `File`,
    /// else the template.
    #[must_use]
    pub fn report_source(&self) -> &SourceFile {
        match self.location {
            DefinitionLocation::File { .. } => &self.source,
            _ => &self.template,
        }
    }

    /// Rewrites a finding on [`ExtractedMachine::root`] so that its labels point into
    /// [`ExtractedMachine::report_source`] and its `file` names it. A label that could not be
    /// mapped exactly says so in its text, and an inexact main location also in the help (which
    /// every output format shows).
    #[must_use]
    pub fn map_diagnostic(&self, mut d: Diagnostic) -> Diagnostic {
        if let DefinitionLocation::Embedded(map) = &self.location {
            let mut main_inexact = false;
            let primary = d.labels.iter().position(|l| l.primary).unwrap_or(0);
            for (i, label) in d.labels.iter_mut().enumerate() {
                let (span, exact) = map.map(label.span);
                label.span = span;
                if !exact {
                    label.text = inexact_label(&label.text);
                    main_inexact |= i == primary;
                }
            }
            if main_inexact {
                const NOTE: &str = "the exact position inside the template string is unknown: \
                                    this points at the nearest template text (an intrinsic \
                                    function, or the start of the string)";
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}; {NOTE}"),
                    None => NOTE.to_string(),
                });
            }
        }
        d.file = Some(self.report_source().name().to_string());
        d
    }

    /// The definition as it is deployed, as far as the template tells ([`resolve::resolve`]):
    /// intrinsic functions of a `Definition` object (or of a Serverless definition, which the
    /// framework turns into one) stand as `${...}` placeholders, and placeholders are filled
    /// from the literal `DefinitionSubstitutions`, overridden by `extra`.
    #[must_use]
    pub fn resolved_root(&self, extra: &[(String, serde_json::Value)]) -> Node {
        let intrinsics = match self.location {
            DefinitionLocation::Inline => true,
            DefinitionLocation::File { .. } => self.kind == TemplateKind::Serverless,
            DefinitionLocation::Embedded(_) => false,
        };
        let mut subs: Vec<(String, serde_json::Value)> = self
            .substitutions
            .iter()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
            .cloned()
            .collect();
        subs.extend(extra.iter().cloned());
        resolve::resolve(&self.root, intrinsics, &subs)
    }

    /// The number of top-level states (for summaries).
    #[must_use]
    pub fn state_count(&self) -> usize {
        self.root
            .get("States")
            .and_then(Node::as_object)
            .map_or(0, <[_]>::len)
    }
}

fn inexact_label(text: &str) -> String {
    if text.is_empty() {
        "near here (the exact position inside the template string is unknown)".to_string()
    } else {
        format!("{text} (near here; the exact position inside the template string is unknown)")
    }
}

/// Everything extracted from one template.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The kind of template.
    pub kind: TemplateKind,
    /// The state machines whose definition could be read, in template order.
    pub machines: Vec<ExtractedMachine>,
    /// Why the other state machines could not be read (located in the template, or in the
    /// definition file they name), and template-level problems.
    pub diagnostics: Vec<Diagnostic>,
    /// For each entry of [`Extraction::diagnostics`], the logical id of the state machine it is
    /// about (`None` for a problem of the template as a whole).
    pub owners: Vec<Option<String>>,
    /// The logical ids of every state machine the template declares, read or not, in template
    /// order.
    pub declared: Vec<String>,
}

impl Extraction {
    /// [`Extraction::declared`] as string slices.
    #[must_use]
    pub fn logical_ids(&self) -> Vec<&str> {
        self.declared.iter().map(String::as_str).collect()
    }

    /// Whether the state machine `logical_id` was declared but could not be read.
    #[must_use]
    pub fn is_unread(&self, logical_id: &str) -> bool {
        self.declared.iter().any(|d| d == logical_id)
            && !self.machines.iter().any(|m| m.logical_id == logical_id)
    }

    /// Records a declared state machine and the diagnostics pushed since `before` as being
    /// about it.
    fn own_since(&mut self, before: usize, logical_id: &str) {
        self.declared.push(logical_id.to_string());
        self.owners.resize(before, None);
        self.owners
            .resize(self.diagnostics.len(), Some(logical_id.to_string()));
    }
}

/// Tells what kind of template `doc` is, or `None` for a plain definition (or anything else).
#[must_use]
pub fn detect(doc: &Document) -> Option<TemplateKind> {
    let root = &doc.root;
    root.as_object()?;
    if root.get("StartAt").is_some() || root.get("States").is_some() {
        return None;
    }
    if root.get("stepFunctions").is_some()
        || (root.get("service").is_some() && root.get("provider").is_some())
    {
        return Some(TemplateKind::Serverless);
    }
    let resources = root.get("Resources").and_then(Node::as_object);
    if resources.is_none() && root.get("AWSTemplateFormatVersion").is_none() {
        return None;
    }
    let resources = resources.unwrap_or(&[]);
    let resource_type = |m: &crate::json::Member| {
        m.value
            .get("Type")
            .and_then(Node::as_str)
            .map(str::to_string)
    };
    let sam_transform = root.get("Transform").is_some_and(|t| match &t.value {
        NodeValue::String(s) => s.starts_with("AWS::Serverless"),
        NodeValue::Array(items) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| s.starts_with("AWS::Serverless"))),
        _ => false,
    });
    if sam_transform
        || resources
            .iter()
            .filter_map(resource_type)
            .any(|t| t.starts_with("AWS::Serverless::"))
    {
        return Some(TemplateKind::Sam);
    }
    // CDK stamps every resource with `aws:cdk:path` metadata and adds a `BootstrapVersion`
    // parameter; synthesised files are named `<Stack>.template.json`.
    let cdk_metadata = resources.iter().any(|m| {
        m.value
            .get("Metadata")
            .is_some_and(|md| md.get("aws:cdk:path").is_some())
    });
    let bootstrap = root
        .get("Parameters")
        .is_some_and(|p| p.get("BootstrapVersion").is_some());
    if cdk_metadata || bootstrap || doc.source.name().ends_with(".template.json") {
        return Some(TemplateKind::Cdk);
    }
    Some(TemplateKind::CloudFormation)
}

/// Extracts every state machine of a template. `base_dir` is the directory relative paths
/// (`DefinitionUri`, `DefinitionS3Location`, `${file(...)}`) are resolved against: the
/// template's directory.
///
/// # Errors
///
/// When `doc` is not a template ([`detect`] says `None`) or declares no state machine at all;
/// the diagnostic says which.
pub fn extract(doc: &Document, base_dir: &Path) -> Result<Extraction, Vec<Diagnostic>> {
    let Some(kind) = detect(doc) else {
        return Err(vec![
            Diagnostic::error(
                codes::TEMPLATE,
                "this is not a CloudFormation, SAM, Serverless or CDK template",
            )
            .with_primary(Span::new(doc.root.span.start, doc.root.span.start), "")
            .with_file(doc.source.name()),
        ]);
    };
    let mut out = Extraction {
        kind,
        machines: Vec::new(),
        diagnostics: Vec::new(),
        owners: Vec::new(),
        declared: Vec::new(),
    };
    let mut found = 0;
    if kind == TemplateKind::Serverless {
        found += serverless::extract(doc, base_dir, &mut out);
        // A `serverless.yml` may also declare raw CloudFormation under `resources.Resources`.
        if let Some(res) = doc.root.get("resources") {
            found += cloudformation::extract(doc, res, "/resources", base_dir, &mut out);
        }
    } else {
        found += cloudformation::extract(doc, &doc.root, "", base_dir, &mut out);
    }
    out.owners.resize(out.diagnostics.len(), None);
    for d in &mut out.diagnostics {
        if d.file.is_none() {
            d.file = Some(doc.source.name().to_string());
        }
    }
    if found == 0 {
        return Err(vec![
            Diagnostic::warning(
                codes::TEMPLATE,
                format!("this {} template declares no state machine", kind.as_str()),
            )
            .with_primary(Span::new(doc.root.span.start, doc.root.span.start), "")
            .with_file(doc.source.name()),
        ]);
    }
    Ok(out)
}

/// CloudFormation intrinsic functions and condition functions. A YAML tag that is not one of
/// them (`!Sbu`) loads as `Fn::Sbu` and is reported.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html>
const KNOWN_FUNCTIONS: &[&str] = &[
    "Fn::And",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::Equals",
    "Fn::FindInMap",
    "Fn::ForEach",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::If",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Length",
    "Fn::Not",
    "Fn::Or",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::ToJsonString",
    "Fn::Transform",
];

/// The intrinsic function an object is, if it is one: a single `Ref`, `Condition` or `Fn::*` key.
fn intrinsic(node: &Node) -> Option<&crate::json::Member> {
    match node.as_object()? {
        [m] if m.key == "Ref" || m.key == "Condition" || m.key.starts_with("Fn::") => Some(m),
        _ => None,
    }
}

fn is_known_function(name: &str) -> bool {
    name == "Ref" || name == "Condition" || KNOWN_FUNCTIONS.contains(&name)
}

fn unknown_function(m: &crate::json::Member) -> Diagnostic {
    let tag = m.key.strip_prefix("Fn::").unwrap_or(&m.key);
    Diagnostic::error(
        codes::TEMPLATE,
        format!("`{}` is not a CloudFormation intrinsic function", m.key),
    )
    .with_primary(m.key_span, "unknown function")
    .with_help(format!(
        "a YAML tag `!{tag}` is read as `{}`; CloudFormation rejects the template",
        m.key
    ))
}

/// Reports unknown intrinsic functions anywhere under `root` (iteratively: the tree is already
/// bounded by the loader's nesting limit, and this walk uses no call stack).
fn unknown_functions(root: &Node, out: &mut Vec<Diagnostic>) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.value {
            NodeValue::Object(members) => {
                if let Some(m) = intrinsic(n)
                    && !is_known_function(&m.key)
                {
                    out.push(unknown_function(m));
                }
                stack.extend(members.iter().rev().map(|m| &m.value));
            }
            NodeValue::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load};

    fn run(name: &str, text: &str) -> Result<Extraction, Vec<Diagnostic>> {
        let (doc, _, diags) =
            load(name, text.as_bytes().to_vec(), LoadOptions::default()).into_document();
        let Some(doc) = doc else {
            panic!("{text}: {diags:?}")
        };
        extract(&doc, Path::new("/nonexistent"))
    }

    const SM: &str =
        "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n";

    #[test]
    fn malformed_shapes_are_diagnostics() {
        let bodies = [
            "      Definition: 42\n",
            "      Definition: !Ref Param\n",
            "      Definition: [1, 2]\n",
            "      DefinitionString: {a: 1}\n",
            "      DefinitionString: !If [C, a, b]\n",
            "      DefinitionString: !Join [\"\", !Split [\",\", \"a,b\"]]\n",
            "      DefinitionString: !Join [\"\", [1, 2]]\n",
            "      DefinitionString: !Join [[], []]\n",
            "      DefinitionString: !Join \"x\"\n",
            "      DefinitionString: {Fn::Sub: 42}\n",
            "      DefinitionString: !Sub [1, {}]\n",
            "      DefinitionString: \"\\\n        {\\\"StartAt\\\"\"\n",
            "      DefinitionString: ''\n",
            "      DefinitionString: \"\"\n",
            "      DefinitionS3Location: 7\n",
            "      DefinitionS3Location: s3://bucket/key.json\n",
            "      DefinitionS3Location: ../../x.json\n",
            "      StateMachineType: BATCH\n      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n",
            "      RoleArn: x\n",
        ];
        for body in bodies {
            let text = format!("{SM}{body}");
            let x = run("t.yaml", &text).unwrap();
            let located = x
                .diagnostics
                .iter()
                .chain(x.machines.iter().flat_map(|m| &m.diagnostics))
                .all(|d| d.primary_span().is_some() && d.file.is_some());
            assert!(
                !x.diagnostics.is_empty() && located,
                "{body}: {:?}",
                x.diagnostics
            );
        }
        let x = run("t.yaml", &format!("{SM}  Properties: 1\n"));
        assert!(x.is_ok());
        assert!(run("t.yaml", "Resources: 1\n").is_err());
        assert!(run("t.yaml", "service: x\nprovider: {}\nstepFunctions: 1\n").is_err());
        let x = run(
            "s.yml",
            "service: x\nstepFunctions:\n  stateMachines:\n    a: {}\n    b: {definition: 1}\n    c: {definition: '${file(x.json):k}'}\n    d: {definition: '${file(missing.json)}', type: express}\n",
        )
        .unwrap();
        assert_eq!(x.diagnostics.len(), 4, "{:?}", x.diagnostics);
    }

    #[test]
    fn deep_join_nesting_is_refused() {
        let mut v = "\"{}\"".to_string();
        for _ in 0..100 {
            v = format!("{{\"Fn::Join\": [\"\", [{v}]]}}");
        }
        let text = format!(
            "{{\"Resources\": {{\"M\": {{\"Type\": \"AWS::StepFunctions::StateMachine\", \
             \"Properties\": {{\"DefinitionString\": {v}}}}}}}}}"
        );
        let x = run("t.json", &text).unwrap();
        assert!(x.diagnostics[0].message.contains("nested more than"));
    }

    #[test]
    fn workflow_types_and_kinds() {
        assert_eq!(WorkflowType::parse("express"), Some(WorkflowType::Express));
        assert_eq!(
            WorkflowType::parse("Standard"),
            Some(WorkflowType::Standard)
        );
        assert_eq!(WorkflowType::parse("batch"), None);
        assert_eq!(TemplateKind::Sam.as_str(), "sam");
    }
}
