//! `AWS::StepFunctions::StateMachine` and `AWS::Serverless::StateMachine` resources: the
//! definition properties, `Fn::Sub`/`Fn::Join` bodies, local definition files.
//!
//! Properties, per the CloudFormation and SAM references:
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html>
//! (`Definition`, `DefinitionString`, `DefinitionS3Location`, `DefinitionSubstitutions`,
//! `StateMachineType`) and
//! <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html>
//! (`Definition`, `DefinitionUri`, `DefinitionSubstitutions`, `Type`).

use super::mapping::Assembler;
use super::{
    DefinitionLocation, ExtractedMachine, Extraction, TemplateKind, WorkflowType, intrinsic,
    is_known_function, unknown_function, unknown_functions,
};
use crate::diagnostic::{Diagnostic, codes};
use crate::json::{self, Member, Node, NodeValue, ParseOptions, pointer_push};
use crate::load::{Document, LoadOptions, bare_placeholder, load};
use crate::source::{SourceFile, Span};
use std::path::{Path, PathBuf};

/// `Fn::Join` inside `Fn::Join` deeper than this is refused (real templates nest one level).
const MAX_JOIN_DEPTH: usize = 16;

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resource {
    StepFunctions,
    Serverless,
}

/// Extracts the state machines of the `Resources` under `scope`; returns how many it found
/// (read or not).
pub(super) fn extract(
    doc: &Document,
    scope: &Node,
    prefix: &str,
    base_dir: &Path,
    out: &mut Extraction,
) -> usize {
    let Some(resources) = scope.get("Resources").and_then(Node::as_object) else {
        return 0;
    };
    let resources_ptr = pointer_push(prefix, "Resources");
    let mut found = 0;
    for m in resources {
        let resource = match m.value.get("Type").and_then(Node::as_str) {
            Some("AWS::StepFunctions::StateMachine") => Resource::StepFunctions,
            Some("AWS::Serverless::StateMachine") => Resource::Serverless,
            _ => continue,
        };
        found += 1;
        let ptr = pointer_push(&resources_ptr, &m.key);
        let before = out.diagnostics.len();
        resource_machine(doc, m, resource, &ptr, base_dir, out);
        out.own_since(before, &m.key);
    }
    found
}

fn resource_machine(
    doc: &Document,
    m: &Member,
    resource: Resource,
    ptr: &str,
    base_dir: &Path,
    out: &mut Extraction,
) {
    let id = &m.key;
    let Some(props) = m
        .value
        .get("Properties")
        .filter(|p| p.as_object().is_some())
    else {
        out.diagnostics.push(
            Diagnostic::error(
                codes::TEMPLATE,
                format!("the state machine `{id}` has no `Properties` object"),
            )
            .with_primary(m.key_span, "no definition here"),
        );
        return;
    };
    let props_ptr = pointer_push(ptr, "Properties");
    let (fields, type_field): (&[&str], &str) = match resource {
        Resource::StepFunctions => (
            &["Definition", "DefinitionString", "DefinitionS3Location"],
            "StateMachineType",
        ),
        Resource::Serverless => (&["Definition", "DefinitionUri"], "Type"),
    };
    let present: Vec<&Member> = fields.iter().filter_map(|f| props.member(f)).collect();
    let Some(&field) = present.first() else {
        out.diagnostics.push(
            Diagnostic::error(
                codes::TEMPLATE,
                format!(
                    "the state machine `{id}` sets none of {}",
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_primary(m.key_span, "no definition"),
        );
        return;
    };
    for other in present.iter().skip(1) {
        out.diagnostics.push(
            Diagnostic::error(
                codes::TEMPLATE,
                format!(
                    "`{}` and `{}` are both set; a state machine takes one definition",
                    field.key, other.key
                ),
            )
            .with_primary(other.key_span, "second definition")
            .with_secondary(field.key_span, "this one is read"),
        );
    }
    let workflow_type = props
        .get(type_field)
        .and_then(|t| workflow_type(t, &mut out.diagnostics));
    let substitutions_node = props.get("DefinitionSubstitutions");
    let substitution_names = substitutions_node
        .and_then(Node::as_object)
        .map(|members| members.iter().map(|m| m.key.clone()).collect());
    let substitutions = substitutions(substitutions_node);
    let def = Definition {
        doc,
        kind: out.kind,
        name: format!("{}#{id}", doc.source.name()),
        logical_id: id.clone(),
        pointer: pointer_push(&props_ptr, &field.key),
        workflow_type,
        substitutions,
        substitution_names,
    };
    let machine = match field.key.as_str() {
        "Definition" => def.inline(&field.value),
        "DefinitionString" => def.embedded(&field.value),
        _ => def.file(&field.key, &field.value, base_dir),
    };
    match machine {
        Ok(machine) => out.machines.push(machine),
        Err(diags) => out.diagnostics.extend(diags),
    }
}

/// Reads `STANDARD` / `EXPRESS`; a value computed at deploy time is unknown.
pub(super) fn workflow_type(node: &Node, diags: &mut Vec<Diagnostic>) -> Option<WorkflowType> {
    let s = node.as_str()?;
    let t = WorkflowType::parse(s);
    if t.is_none() {
        diags.push(
            Diagnostic::error(
                codes::TEMPLATE,
                format!("`{s}` is not a workflow type; use `STANDARD` or `EXPRESS`"),
            )
            .with_primary(node.span, ""),
        );
    }
    t
}

/// `DefinitionSubstitutions` with literal values; values computed at deploy time are skipped.
fn substitutions(node: Option<&Node>) -> Vec<(String, serde_json::Value)> {
    let Some(members) = node.and_then(Node::as_object) else {
        return Vec::new();
    };
    members
        .iter()
        .filter(|m| {
            matches!(
                m.value.value,
                NodeValue::String(_) | NodeValue::Number(_) | NodeValue::Bool(_)
            )
        })
        .map(|m| (m.key.clone(), m.value.to_value()))
        .collect()
}

/// What is known of a state machine before its definition is read.
pub(super) struct Definition<'d> {
    pub(super) doc: &'d Document,
    pub(super) kind: TemplateKind,
    pub(super) name: String,
    pub(super) logical_id: String,
    pub(super) pointer: String,
    pub(super) workflow_type: Option<WorkflowType>,
    pub(super) substitutions: Vec<(String, serde_json::Value)>,
    pub(super) substitution_names: Option<Vec<String>>,
}

type Extracted = Result<ExtractedMachine, Vec<Diagnostic>>;

impl Definition<'_> {
    fn machine(
        self,
        source: SourceFile,
        root: Node,
        location: DefinitionLocation,
        diagnostics: Vec<Diagnostic>,
    ) -> ExtractedMachine {
        let mut m = ExtractedMachine {
            name: self.name,
            logical_id: self.logical_id,
            kind: self.kind,
            workflow_type: self.workflow_type,
            template: self.doc.source.clone(),
            source,
            root,
            location,
            pointer: self.pointer,
            substitutions: self.substitutions,
            substitution_names: self.substitution_names,
            diagnostics,
        };
        let file = m.report_source().name().to_string();
        for d in &mut m.diagnostics {
            if d.file.is_none() {
                d.file = Some(file.clone());
            }
        }
        m
    }

    /// Whether `DefinitionSubstitutions` declares `name`.
    fn declares(&self, name: &str) -> bool {
        self.substitution_names
            .as_ref()
            .is_some_and(|names| names.iter().any(|n| n == name))
    }

    /// A deploy-time value where a definition was expected.
    fn computed(&self, m: &Member, what: &str) -> Vec<Diagnostic> {
        if !is_known_function(&m.key) {
            return vec![unknown_function(m)];
        }
        vec![
            Diagnostic::warning(
                codes::TEMPLATE,
                format!(
                    "the {what} of `{}` is computed by `{}` at deploy time and cannot be checked",
                    self.logical_id, m.key
                ),
            )
            .with_primary(m.key_span, ""),
        ]
    }

    /// A `Definition` object: the template tree itself.
    pub(super) fn inline(self, node: &Node) -> Extracted {
        if let Some(m) = intrinsic(node) {
            return Err(self.computed(m, "definition"));
        }
        if node.as_object().is_none() {
            return Err(vec![
                Diagnostic::error(
                    codes::TEMPLATE,
                    format!(
                        "the definition of `{}` must be an object, found {}",
                        self.logical_id,
                        node.json_type().article_name()
                    ),
                )
                .with_primary(node.span, "")
                .with_help("a definition written as JSON text goes in `DefinitionString`"),
            ]);
        }
        let mut diags = Vec::new();
        unknown_functions(node, &mut diags);
        let source = self.doc.source.clone();
        Ok(self.machine(source, node.clone(), DefinitionLocation::Inline, diags))
    }

    /// A `DefinitionString`: a string, `Fn::Sub` or `Fn::Join`, parsed as JSON.
    fn embedded(self, node: &Node) -> Extracted {
        let template = self.doc.source.text();
        let mut asm = Assembler::new(template);
        let mut notes = Vec::new();
        match intrinsic(node) {
            Some(m) if m.key == "Fn::Sub" => {
                let (s, text) = sub_string(&m.value).map_err(|d| vec![*d])?;
                asm.push_string(s, text);
            }
            Some(m) if m.key == "Fn::Join" => {
                join(&m.value, &mut asm, 0, &mut notes).map_err(|d| vec![*d])?;
            }
            Some(m) => return Err(self.computed(m, "definition string")),
            None => match &node.value {
                NodeValue::String(s) => asm.push_string(node, s),
                _ => {
                    return Err(vec![
                        Diagnostic::error(
                            codes::TEMPLATE,
                            format!(
                                "`DefinitionString` of `{}` must be a string, found {}",
                                self.logical_id,
                                node.json_type().article_name()
                            ),
                        )
                        .with_primary(node.span, "")
                        .with_help("a definition written as an object goes in `Definition`"),
                    ]);
                }
            },
        }
        let first = template
            .get(node.span.start..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        let (text, map) = asm.finish(Span::new(node.span.start, node.span.start + first));
        let parsed = json::parse(&text, ParseOptions::default());
        let root = match parsed.root {
            Ok(root) => root,
            Err(e) => {
                let span = if e.span.is_empty() {
                    let len = text
                        .get(e.span.start..)
                        .and_then(|s| s.chars().next())
                        .map_or(0, char::len_utf8);
                    Span::new(e.span.start, e.span.start + len)
                } else {
                    e.span
                };
                let (at, exact) = map.map(span);
                let mut d = Diagnostic::error(
                    codes::SYNTAX,
                    format!(
                        "the `DefinitionString` of `{}` is not valid JSON: {}",
                        self.logical_id, e.message
                    ),
                )
                .with_primary(at, if exact { "" } else { "somewhere in here" });
                if map.is_placeholder(span.start) {
                    d = d.with_help(
                        "this part is an intrinsic function, resolved at deploy time; \
                         here it stands as a `${...}` placeholder",
                    );
                } else if !exact {
                    d = d.with_help(format!(
                        "the position inside the template string could not be traced back; \
                         it is at byte {} of the decoded definition",
                        span.start
                    ));
                }
                notes.push(d);
                return Err(notes);
            }
        };
        // A bare placeholder (`"Seconds": ${Wait}`) is JSON only once something fills it: the
        // `Fn::Sub` or `Fn::Join` around the string, or a `DefinitionSubstitutions` entry.
        if intrinsic(node).is_none() {
            for p in parsed.placeholders {
                let name = text.get(p.start + 2..p.end.saturating_sub(1)).unwrap_or("");
                if !self.declares(name) {
                    let (at, _) = map.map(p);
                    notes.push(bare_placeholder(text.get(p.start..p.end).unwrap_or(""), at));
                }
            }
        }
        for dup in parsed.duplicates {
            let (key, _) = map.map(dup.span);
            let (first, _) = map.map(dup.first);
            notes.push(
                Diagnostic::error(
                    codes::DUPLICATE_KEY,
                    format!(
                        "the key `{}` appears more than once in this object",
                        dup.key
                    ),
                )
                .with_primary(key, "repeated here")
                .with_secondary(first, "first defined here")
                .with_help("only the last value is used; remove or rename one of them"),
            );
        }
        let source = SourceFile::new(self.name.clone(), text);
        Ok(self.machine(source, root, DefinitionLocation::Embedded(map), notes))
    }

    /// `DefinitionUri` / `DefinitionS3Location`: a local path, or an S3 object that cannot be read.
    fn file(self, field: &str, node: &Node, base_dir: &Path) -> Extracted {
        if let Some(m) = intrinsic(node) {
            return Err(self.computed(m, field));
        }
        match &node.value {
            NodeValue::String(s) if !is_remote(s) => self.local_file(field, s, node, base_dir),
            NodeValue::String(s) => Err(vec![s3_location(field, s, node.span)]),
            NodeValue::Object(_) => {
                let part = |k: &str| node.get(k).and_then(Node::as_str).unwrap_or("…");
                let uri = format!("s3://{}/{}", part("Bucket"), part("Key"));
                Err(vec![s3_location(field, &uri, node.span)])
            }
            _ => Err(vec![
                Diagnostic::error(
                    codes::TEMPLATE,
                    format!(
                        "`{field}` must be a file path or an S3 location, found {}",
                        node.json_type().article_name()
                    ),
                )
                .with_primary(node.span, ""),
            ]),
        }
    }

    /// Loads a definition file named by the template, relative to the template's directory.
    pub(super) fn local_file(
        self,
        field: &str,
        written: &str,
        node: &Node,
        base: &Path,
    ) -> Extracted {
        // `./statemachine/x.json` and `statemachine/x.json` name the same file.
        let relative: PathBuf = Path::new(written)
            .components()
            .filter(|c| *c != std::path::Component::CurDir)
            .collect();
        let path = base.join(relative);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist".to_string()
                } else {
                    format!("cannot be read: {e}")
                };
                return Err(vec![
                    Diagnostic::error(
                        codes::TEMPLATE,
                        format!("the definition file `{written}` named by `{field}` {why}"),
                    )
                    .with_primary(node.span, format!("looked for {}", path.display())),
                ]);
            }
        };
        let name = path.to_string_lossy().into_owned();
        let loaded = load(&name, bytes, LoadOptions::default());
        let mut diags = loaded.diagnostics;
        // `DefinitionSubstitutions` fill bare placeholders before Step Functions reads the file.
        diags.retain(|d| {
            let text = d.primary_span().map_or("", |s| loaded.source.slice(s));
            !(text.starts_with("${")
                && text.ends_with('}')
                && self.declares(&text[2..text.len() - 1]))
        });
        for d in &mut diags {
            d.file = Some(name.clone());
        }
        let Some(root) = loaded.root else {
            return Err(diags);
        };
        let location = DefinitionLocation::File {
            path,
            reference: node.span,
        };
        Ok(self.machine(loaded.source, root, location, diags))
    }
}

fn is_remote(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("s3://") || lower.starts_with("https://") || lower.starts_with("http://")
}

fn s3_location(field: &str, uri: &str, span: Span) -> Diagnostic {
    Diagnostic::warning(
        codes::TEMPLATE,
        format!("`{field}` names an S3 object ({uri}); only local definition files can be read"),
    )
    .with_primary(span, "not a local file")
    .with_help("lint the definition file itself, or point the template at a local path")
}

/// The string of a `Fn::Sub`: `"text"` or `["text", {variables}]`.
fn sub_string(value: &Node) -> Result<(&Node, &str), Box<Diagnostic>> {
    let malformed = |why: String, at: &Node| {
        Box::new(
            Diagnostic::error(codes::TEMPLATE, format!("malformed `Fn::Sub`: {why}"))
                .with_primary(at.span, "")
                .with_help(
                    "`Fn::Sub` takes a string, or a list of a string and a map of variables",
                ),
        )
    };
    match &value.value {
        NodeValue::String(s) => Ok((value, s)),
        NodeValue::Array(items) => match items.as_slice() {
            [s, vars] => {
                let Some(text) = s.as_str() else {
                    let found = s.json_type().article_name();
                    return Err(malformed(
                        format!("the first item must be a string, found {found}"),
                        s,
                    ));
                };
                if vars.as_object().is_none() {
                    let found = vars.json_type().article_name();
                    return Err(malformed(
                        format!("the second item must be a map of variables, found {found}"),
                        vars,
                    ));
                }
                Ok((s, text))
            }
            _ => Err(malformed(
                format!("a list of {} item(s) instead of 2", items.len()),
                value,
            )),
        },
        _ => Err(malformed(
            format!("found {}", value.json_type().article_name()),
            value,
        )),
    }
}

/// Appends the text of `Fn::Join: [delimiter, [pieces]]`. Intrinsic pieces become `${...}`
/// placeholders; unknown functions are reported in `notes` and still stand as placeholders.
fn join(
    value: &Node,
    asm: &mut Assembler<'_>,
    depth: usize,
    notes: &mut Vec<Diagnostic>,
) -> Result<(), Box<Diagnostic>> {
    let malformed = |why: String| {
        Box::new(
            Diagnostic::error(codes::TEMPLATE, format!("malformed `Fn::Join`: {why}"))
                .with_primary(value.span, "")
                .with_help("`Fn::Join` takes a delimiter and a list: `[\"\", [\"...\", ...]]`"),
        )
    };
    if depth >= MAX_JOIN_DEPTH {
        return Err(malformed(format!(
            "nested more than {MAX_JOIN_DEPTH} levels deep"
        )));
    }
    let [delim, list] = value.as_array().unwrap_or(&[]) else {
        return Err(malformed("it needs exactly two items".to_string()));
    };
    let Some(delimiter) = delim.as_str() else {
        return Err(malformed(format!(
            "the delimiter must be a string, found {}",
            delim.json_type().article_name()
        )));
    };
    let Some(pieces) = list.as_array() else {
        if let Some(m) = intrinsic(list) {
            return Err(Box::new(
                Diagnostic::warning(
                    codes::TEMPLATE,
                    format!(
                        "the pieces of this `Fn::Join` are computed by `{}` at deploy time; \
                     the definition cannot be checked",
                        m.key
                    ),
                )
                .with_primary(list.span, ""),
            ));
        }
        return Err(malformed(format!(
            "the second item must be a list, found {}",
            list.json_type().article_name()
        )));
    };
    for (k, piece) in pieces.iter().enumerate() {
        if k > 0 && !delimiter.is_empty() {
            asm.push_string(delim, delimiter);
        }
        join_piece(piece, asm, depth, notes)?;
    }
    Ok(())
}

fn join_piece(
    piece: &Node,
    asm: &mut Assembler<'_>,
    depth: usize,
    notes: &mut Vec<Diagnostic>,
) -> Result<(), Box<Diagnostic>> {
    if let NodeValue::String(s) = &piece.value {
        asm.push_string(piece, s);
        return Ok(());
    }
    let Some(m) = intrinsic(piece) else {
        return Err(Box::new(Diagnostic::error(
            codes::TEMPLATE,
            format!(
                "malformed `Fn::Join`: a piece must be a string or an intrinsic function, found {}",
                piece.json_type().article_name()
            ),
        )
        .with_primary(piece.span, "")));
    };
    match m.key.as_str() {
        "Fn::Sub" => {
            let (s, text) = sub_string(&m.value)?;
            asm.push_string(s, text);
        }
        "Fn::Join" => join(&m.value, asm, depth + 1, notes)?,
        // The `Fn::Sub` spellings: `${Name}` for `Ref`, `${Resource.Attribute}` for `Fn::GetAtt`.
        "Ref" => {
            let name = m.value.as_str().unwrap_or("Ref");
            asm.push_placeholder(&format!("${{{name}}}"), piece.span);
        }
        "Fn::GetAtt" => {
            let text = match &m.value.value {
                NodeValue::String(s) => Some(s.clone()),
                NodeValue::Array(items) => match items.as_slice() {
                    [a, b] => a.as_str().zip(b.as_str()).map(|(a, b)| format!("{a}.{b}")),
                    _ => None,
                },
                _ => None,
            };
            let text = text.unwrap_or_else(|| "Fn::GetAtt".to_string());
            asm.push_placeholder(&format!("${{{text}}}"), piece.span);
        }
        other => {
            if !is_known_function(other) {
                notes.push(unknown_function(m));
            }
            asm.push_placeholder(&format!("${{{other}}}"), piece.span);
        }
    }
    Ok(())
}
