//! State machines extracted from CloudFormation, SAM, Serverless and CDK templates.
//!
//! Template properties follow the CloudFormation reference for `AWS::StepFunctions::StateMachine`
//! (`Definition`, `DefinitionString`, `DefinitionS3Location`, `DefinitionSubstitutions`,
//! `StateMachineType`), the SAM reference for `AWS::Serverless::StateMachine` (`Definition`,
//! `DefinitionUri`, `Type`) and the serverless-step-functions plugin (`stepFunctions.stateMachines`,
//! `definition`, `type`).

use crate::common::{root, shared};
use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::json::Node;
use aslctl_parser::load::{Document, LoadOptions, load};
use aslctl_parser::source::{SourceFile, Span};
use aslctl_parser::template::{
    DefinitionLocation, ExtractedMachine, Extraction, TemplateKind, WorkflowType, detect, extract,
};
use serde_json::{Value, json};
use std::path::Path;

const DIR: &str = "fixtures/templates";

/// Loads `fixtures/templates/<rel>` under the name `rel` and extracts its machines.
fn extract_fixture(rel: &str) -> Result<Extraction, Vec<Diagnostic>> {
    let doc = document(rel);
    let base = root()
        .join(DIR)
        .join(Path::new(rel).parent().unwrap_or(Path::new("")));
    extract(&doc, &base)
}

fn document(rel: &str) -> Document {
    let bytes = std::fs::read(root().join(DIR).join(rel)).unwrap();
    let (doc, _, diags) = load(rel, bytes, LoadOptions::default()).into_document();
    assert!(diags.is_empty(), "{rel}: {diags:?}");
    doc.unwrap()
}

fn ok(rel: &str) -> Extraction {
    extract_fixture(rel).unwrap_or_else(|d| panic!("{rel}: {d:?}"))
}

fn machine<'e>(x: &'e Extraction, id: &str) -> &'e ExtractedMachine {
    x.machines
        .iter()
        .find(|m| m.logical_id == id)
        .unwrap_or_else(|| panic!("no machine {id}"))
}

/// `line:col` of a span start in `source`.
fn at(source: &SourceFile, span: Span) -> String {
    let lc = source.line_col(span.start);
    format!("{}:{}", lc.line, lc.column)
}

/// `CODE line:col` of a diagnostic's primary label, in `source`.
fn located(d: &Diagnostic, source: &SourceFile) -> String {
    format!("{} {}", d.code, at(source, d.primary_span().unwrap()))
}

/// The template text a span of the machine's definition maps to.
fn mapped_text(m: &ExtractedMachine, span: Span) -> (String, bool) {
    let (s, exact) = m.map_span(span);
    (m.template.slice(s).to_string(), exact)
}

fn node<'n>(m: &'n ExtractedMachine, pointer: &str) -> &'n Node {
    m.root
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
        .0
}

/// A reviewable summary of everything extracted from a template.
fn summary(x: &Extraction, template: &SourceFile) -> Value {
    let machines: Vec<Value> = x
        .machines
        .iter()
        .map(|m| {
            let states: Vec<&str> = m
                .root
                .get("States")
                .and_then(Node::as_object)
                .map(|s| s.iter().map(|m| m.key.as_str()).collect())
                .unwrap_or_default();
            let location = match &m.location {
                DefinitionLocation::Inline => "inline".to_string(),
                DefinitionLocation::Embedded(_) => "embedded".to_string(),
                DefinitionLocation::File { path, reference } => format!(
                    "file {} (named at {})",
                    path.strip_prefix(root()).unwrap_or(path).display(),
                    at(&m.template, *reference)
                ),
            };
            json!({
                "name": m.name,
                "logical_id": m.logical_id,
                "kind": m.kind.as_str(),
                "type": m.workflow_type.map(WorkflowType::as_str),
                "pointer": m.pointer,
                "location": location,
                "states": states,
                "substitutions": m.substitutions.iter().cloned().collect::<serde_json::Map<_, _>>(),
                "diagnostics": m.diagnostics.iter().map(|d| format!("{} {}", located(d, m.report_source()), d.message)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let diagnostics: Vec<String> = x
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.file.clone().unwrap_or_default();
            // Diagnostics of a definition file carry its path; the rest are in the template.
            let place = if file == template.name() {
                located(d, template)
            } else {
                format!("{} in {file}", d.code)
            };
            format!("{place} {}", d.message)
        })
        .collect();
    json!({ "kind": x.kind.as_str(), "machines": machines, "diagnostics": diagnostics })
}

#[test]
fn extracted_machine_lists() {
    let fixtures = [
        "cfn-definition.json",
        "cfn-sub-block.yaml",
        "cfn-join-lines.json",
        "cfn-packaged.yaml",
        "cdk.out/App.template.json",
        "sam-definition.yaml",
        "sam-definition-uri.yaml",
        "serverless.yml",
        "two-machines.yaml",
        "bad-unknown-tag.yaml",
        "bad-sub.yaml",
        "bad-missing-uri.yaml",
        "bad-json.json",
        "bad-json.yaml",
    ];
    for rel in fixtures {
        let x = ok(rel);
        let doc = document(rel);
        let name = rel.replace(['/', '.'], "_");
        insta::assert_json_snapshot!(format!("template_{name}"), summary(&x, &doc.source));
    }
}

#[test]
fn detects_templates_and_plain_definitions() {
    let kinds = [
        ("cfn-definition.json", Some(TemplateKind::CloudFormation)),
        ("cfn-sub-block.yaml", Some(TemplateKind::CloudFormation)),
        ("cdk.out/App.template.json", Some(TemplateKind::Cdk)),
        ("sam-definition.yaml", Some(TemplateKind::Sam)),
        ("serverless.yml", Some(TemplateKind::Serverless)),
        ("statemachine/stock_trader.asl.json", None),
    ];
    for (rel, kind) in kinds {
        assert_eq!(detect(&document(rel)), kind, "{rel}");
    }
    // A plain definition is not a template: extraction says so instead of finding nothing.
    let err = extract_fixture("statemachine/stock_trader.asl.json").unwrap_err();
    assert_eq!(err[0].code, "ASL006");
    // A template without a state machine is an error of its own.
    let bytes = b"Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n".to_vec();
    let (doc, _, _) = load("t.yaml", bytes, LoadOptions::default()).into_document();
    let err = extract(&doc.unwrap(), Path::new(".")).unwrap_err();
    assert!(
        err[0].message.contains("no state machine"),
        "{}",
        err[0].message
    );
}

/// CloudFormation `Definition`: the object is the definition, so spans are template spans;
/// `Fn::GetAtt` objects stay in the tree for lint to accept.
#[test]
fn cloudformation_definition_object() {
    let x = ok("cfn-definition.json");
    let m = machine(&x, "OrderStateMachine");
    assert_eq!(m.name, "cfn-definition.json#OrderStateMachine");
    assert_eq!(m.workflow_type, Some(WorkflowType::Standard));
    assert_eq!(m.state_count(), 3);
    assert_eq!(
        node(m, "/States/Charge/Resource").to_value(),
        json!({"Fn::GetAtt": ["ProcessOrderFunction", "Arn"]})
    );
    // `ProcessOrderArn` is a `Fn::GetAtt`: only literal substitutions are kept.
    assert_eq!(
        m.substitutions,
        vec![
            ("Stage".into(), json!("dev")),
            ("MaxAttempts".into(), json!(3))
        ]
    );
    let start = node(m, "/StartAt");
    assert_eq!(mapped_text(m, start.span), ("\"Validate\"".into(), true));
    assert_eq!(at(&m.template, start.span), "25:22");
}

/// `DefinitionString: !Sub |` — a block scalar: indentation is stripped, `${...}` kept.
#[test]
fn yaml_sub_block_scalar() {
    let x = ok("cfn-sub-block.yaml");
    let m = machine(&x, "ImagePipeline");
    assert_eq!(m.workflow_type, Some(WorkflowType::Express));
    assert!(matches!(m.location, DefinitionLocation::Embedded(_)));
    assert_eq!(m.state_count(), 2);
    assert_eq!(
        node(m, "/States/Resize/Resource").as_str(),
        Some("${ResizeFunction.Arn}")
    );
    let r = node(m, "/States/Store/Resource");
    let (text, exact) = mapped_text(m, r.span);
    assert_eq!(
        text,
        "\"arn:${AWS::Partition}:states:::aws-sdk:s3:putObject\""
    );
    assert!(exact);
    assert_eq!(at(&m.template, m.map_span(r.span).0), "36:27");
    let key = m
        .root
        .pointer("/States/Store/Parameters/Key.$")
        .unwrap()
        .1
        .unwrap();
    assert_eq!(mapped_text(m, key), ("\"Key.$\"".into(), true));
}

/// CDK synthesises `Fn::Join` of JSON text and `Ref`/`Fn::GetAtt` pieces.
#[test]
fn cdk_join_with_intrinsic_pieces() {
    let x = ok("cdk.out/App.template.json");
    assert_eq!(x.kind, TemplateKind::Cdk);
    let m = machine(&x, "JobStateMachine5E6F7A8B");
    assert_eq!(m.kind, TemplateKind::Cdk);
    assert_eq!(m.state_count(), 4);
    let res = node(m, "/States/Run job/Resource");
    assert_eq!(
        res.as_str(),
        Some("arn:${AWS::Partition}:states:::lambda:invoke")
    );
    let f = node(m, "/States/Run job/Parameters/FunctionName");
    assert_eq!(f.as_str(), Some("${WorkerFunction1A2B3C4D.Arn}"));
    // The string spans three pieces: its ends map exactly, its middle is the `Fn::GetAtt`.
    let (text, exact) = mapped_text(m, f.span);
    assert!(
        text.starts_with("\\\"") && text.contains("\"Fn::GetAtt\""),
        "{text}"
    );
    assert!(text.ends_with("\\\""), "{text}");
    assert!(exact);
    // JSON escapes inside the template string: `\\u00e9` is one decoded `é`.
    let c = node(m, "/States/Finished/Comment");
    assert_eq!(c.as_str(), Some("café ✓"));
    assert_eq!(
        mapped_text(m, c.span),
        (r#"\"caf\\u00e9 \\u2713\""#.into(), true)
    );
    let key = m.root.pointer("/States/Wait a bit").unwrap().1.unwrap();
    assert_eq!(mapped_text(m, key), (r#"\"Wait a bit\""#.into(), true));
}

/// `Fn::Join` with a line-break delimiter and a `Fn::Sub` piece.
#[test]
fn join_lines_with_sub_piece() {
    let x = ok("cfn-join-lines.json");
    let m = machine(&x, "HelloWorld");
    let r = node(m, "/States/HelloWorld/Resource");
    assert_eq!(r.as_str(), Some("${HelloWorldFunction.Arn}"));
    assert_eq!(
        mapped_text(m, r.span),
        (r#"\"${HelloWorldFunction.Arn}\""#.into(), true)
    );
    assert_eq!(at(&m.template, m.map_span(r.span).0), "19:49");
    // The decoded line break between two pieces is the delimiter `"\n"`.
    let nl = m.source.text().find('\n').unwrap();
    assert_eq!(mapped_text(m, Span::new(nl, nl + 1)), ("\\n".into(), true));
}

/// SAM `Definition` in YAML, `Type: EXPRESS`, `!GetAtt` left as an object, and SAM
/// `DefinitionUri` naming a local file.
#[test]
fn sam_definition_and_definition_uri() {
    let x = ok("sam-definition.yaml");
    let m = machine(&x, "RecorderStateMachine");
    assert_eq!(m.kind, TemplateKind::Sam);
    assert_eq!(m.workflow_type, Some(WorkflowType::Express));
    assert_eq!(
        node(m, "/States/Enrich/Resource").to_value(),
        json!({"Fn::GetAtt": ["RecordFunction", "Arn"]})
    );
    assert_eq!(
        node(m, "/States/Save/Parameters/TableName").as_str(),
        Some("${TableName}")
    );
    assert_eq!(m.substitutions, vec![("Region".into(), json!("eu-west-1"))]);

    let x = ok("sam-definition-uri.yaml");
    let m = machine(&x, "StockTradingStateMachine");
    assert_eq!(m.workflow_type, Some(WorkflowType::Standard));
    assert_eq!(m.state_count(), 5);
    let DefinitionLocation::File { path, reference } = &m.location else {
        panic!("{:?}", m.location)
    };
    assert!(path.ends_with("statemachine/stock_trader.asl.json"));
    assert_eq!(
        m.template.slice(*reference),
        "statemachine/stock_trader.asl.json"
    );
    // Findings on a file definition belong in that file.
    assert_eq!(m.report_source().name(), m.source.name());
    let start = node(m, "/StartAt");
    assert_eq!(m.source.slice(start.span), "\"Check Stock Value\"");
    assert_eq!(m.map_span(start.span), (*reference, false));
    // `!GetAtt`/`!Ref` substitutions are resolved at deploy time: none is literal.
    assert!(m.substitutions.is_empty());
}

/// serverless-step-functions: `stepFunctions.stateMachines.<key>`, `type: EXPRESS`.
#[test]
fn serverless_two_machines() {
    let x = ok("serverless.yml");
    let names: Vec<(&str, Option<WorkflowType>, usize)> = x
        .machines
        .iter()
        .map(|m| (m.name.as_str(), m.workflow_type, m.state_count()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("serverless.yml#paymentFlow", None, 3),
            ("serverless.yml#auditLog", Some(WorkflowType::Express), 1),
        ]
    );
    let m = machine(&x, "paymentFlow");
    let r = node(m, "/States/Authorize/Resource");
    assert_eq!(r.to_value(), json!({"Fn::GetAtt": ["authorize", "Arn"]}));
    assert_eq!(at(&m.template, r.span), "31:15");
}

#[test]
fn template_with_two_machines() {
    let x = ok("two-machines.yaml");
    assert_eq!(x.machines.len(), 2);
    let a = machine(&x, "NightlyReport");
    assert!(matches!(a.location, DefinitionLocation::Inline));
    assert_eq!(a.workflow_type, None);
    let b = machine(&x, "Cleanup");
    assert_eq!(b.workflow_type, Some(WorkflowType::Express));
    // A YAML double-quoted scalar with `\"` escapes.
    let s = node(b, "/States/Purge/Seconds");
    assert_eq!(mapped_text(b, s.span), ("5".into(), true));
    assert_eq!(at(&b.template, b.map_span(s.span).0), "24:109");
}

/// A JSON syntax error inside a `DefinitionString` is located at the offending character of
/// the template, through JSON escapes (JSON template) and block-scalar indentation (YAML).
#[test]
fn syntax_error_inside_definition_string() {
    let doc = document("bad-json.json");
    let x = ok("bad-json.json");
    assert!(x.machines.is_empty());
    let d = &x.diagnostics[0];
    assert_eq!(located(d, &doc.source), "ASL001 8:98");
    assert_eq!(doc.source.slice(d.primary_span().unwrap()), "\\\"");
    assert_eq!(d.file.as_deref(), Some("bad-json.json"));

    let doc = document("bad-json.yaml");
    let x = ok("bad-json.yaml");
    let d = &x.diagnostics[0];
    assert_eq!(located(d, &doc.source), "ASL001 11:62");
    assert_eq!(doc.source.slice(d.primary_span().unwrap()), "}");
    assert!(
        d.message.contains("expected a quoted object key"),
        "{}",
        d.message
    );
}

#[test]
fn malformed_templates_are_located() {
    // `!Sbu` is read as `Fn::Sbu`; CloudFormation rejects unknown functions.
    let doc = document("bad-unknown-tag.yaml");
    let x = ok("bad-unknown-tag.yaml");
    assert_eq!(located(&x.diagnostics[0], &doc.source), "ASL006 9:25");
    let m = machine(&x, "Notifier");
    assert_eq!(located(&m.diagnostics[0], &m.template), "ASL006 21:23");
    assert!(m.diagnostics[0].message.contains("Fn::GetAttr"));

    let doc = document("bad-sub.yaml");
    let x = ok("bad-sub.yaml");
    let got: Vec<String> = x
        .diagnostics
        .iter()
        .map(|d| located(d, &doc.source))
        .collect();
    assert_eq!(got, ["ASL006 9:25", "ASL006 19:13"]);

    let doc = document("bad-missing-uri.yaml");
    let x = ok("bad-missing-uri.yaml");
    let got: Vec<String> = x
        .diagnostics
        .iter()
        .map(|d| located(d, &doc.source))
        .collect();
    assert_eq!(got, ["ASL006 9:22", "ASL006 15:9", "ASL006 23:9"]);
    assert!(x.diagnostics[0].message.contains("does not exist"));
    assert!(
        x.diagnostics[1]
            .message
            .contains("s3://my-artifacts/statemachines/flow.asl.json")
    );
}

/// Mapping an inexact span says so in the label.
#[test]
fn mapped_diagnostics_name_the_template() {
    let x = ok("cdk.out/App.template.json");
    let m = machine(&x, "JobStateMachine5E6F7A8B");
    let f = node(m, "/States/Run job/Parameters/FunctionName");
    // A span strictly inside the `Fn::GetAtt` placeholder.
    let inner = Span::new(f.span.start + 3, f.span.start + 5);
    let d = m.map_diagnostic(Diagnostic::error("ASL117", "x").with_primary(inner, "here"));
    assert_eq!(d.file.as_deref(), Some("cdk.out/App.template.json"));
    assert!(
        d.labels[0].text.contains("exact position"),
        "{}",
        d.labels[0].text
    );
    assert!(
        m.template
            .slice(d.labels[0].span)
            .starts_with("{ \"Fn::GetAtt\"")
    );
}

/// The definitions of the real-world corpus that were found inside templates (manifest column
/// `kind`: `embedded-json`, `embedded-json-text`, `embedded-yaml`), wrapped back into templates
/// three ways, extract to the same tree, and their spans lead back to the same text.
#[test]
fn realworld_embedded_definitions_round_trip_through_templates() {
    let Some(dir) = shared("corpus/realworld") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file_col, kind_col) = (col("file"), col("kind"));
    let mut checked = 0;
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if !cells[kind_col].starts_with("embedded") {
            continue;
        }
        let file = cells[file_col];
        let text = std::fs::read_to_string(dir.join("defs").join(file)).unwrap();
        let direct = load(file, text.clone().into_bytes(), LoadOptions::default());
        let Some(direct_root) = direct.root.as_ref() else {
            continue;
        };
        if !direct.diagnostics.is_empty() {
            continue;
        }
        let probes = probes(direct_root);
        let head = "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"M\": \
                    {\"Type\": \"AWS::StepFunctions::StateMachine\", \"Properties\": {";
        let wrapped = [
            // `Definition`: the file text verbatim.
            format!("{head}\"Definition\": {text}}}}}}}}}"),
            // `DefinitionString`: the file text as one JSON string.
            format!(
                "{head}\"DefinitionString\": {}}}}}}}}}",
                serde_json::to_string(&text).unwrap()
            ),
            // `DefinitionString: |` in YAML: the file text as an indented block scalar.
            format!(
                "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      \
                 DefinitionString: |\n{}",
                text.lines()
                    .map(|l| format!("        {l}\n"))
                    .collect::<String>()
            ),
        ];
        for (i, template) in wrapped.iter().enumerate() {
            let name = if i == 2 { "t.yaml" } else { "t.json" };
            let (doc, _, diags) =
                load(name, template.clone().into_bytes(), LoadOptions::default()).into_document();
            let doc = doc.unwrap_or_else(|| panic!("{file} #{i}: {diags:?}"));
            let x = extract(&doc, Path::new(".")).unwrap_or_else(|d| panic!("{file} #{i}: {d:?}"));
            assert!(x.diagnostics.is_empty(), "{file} #{i}: {:?}", x.diagnostics);
            let m = &x.machines[0];
            assert_eq!(m.root.to_value(), direct_root.to_value(), "{file} #{i}");
            for pointer in &probes {
                let want = direct_root.pointer(pointer).unwrap().0;
                let got = m.root.pointer(pointer).unwrap().0;
                let (span, exact) = m.map_span(got.span);
                assert!(exact, "{file} #{i} {pointer}");
                let in_template = m.template.slice(span);
                let in_file = direct.source.slice(want.span);
                // A `DefinitionString` JSON string escapes quotes and backslashes once more.
                let expected = if i == 1 {
                    let s = serde_json::to_string(in_file).unwrap();
                    s[1..s.len() - 1].to_string()
                } else {
                    in_file.to_string()
                };
                assert_eq!(in_template, expected, "{file} #{i} {pointer}");
            }
        }
        checked += 1;
    }
    assert!(
        checked >= 100,
        "only {checked} embedded definitions checked"
    );
}

/// JSON pointers of a few scalar values of a definition: `StartAt`, and the first and last
/// string fields of the last state.
fn probes(root: &Node) -> Vec<String> {
    let mut out = vec!["/StartAt".to_string()];
    let Some(states) = root.get("States").and_then(Node::as_object) else {
        return out;
    };
    if let Some(last) = states.last() {
        let base = aslctl_parser::json::pointer_push("/States", &last.key);
        for m in last.value.as_object().unwrap_or(&[]) {
            if m.value.as_str().is_some() {
                out.push(aslctl_parser::json::pointer_push(&base, &m.key));
            }
        }
    }
    out.retain(|p| root.pointer(p).is_some());
    out
}
