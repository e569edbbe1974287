//! `aslctl lint` on CloudFormation, SAM, Serverless Framework and CDK templates: human snapshots
//! of every template form with each finding's `line:column` and the template text it points at,
//! the workflow type and substitutions the template declares, `--machine`, the machine name in
//! every output format, discovery, exit codes, and the real-world definitions that came from
//! templates wrapped back into templates.
//!
//! Template semantics follow the CloudFormation reference for `AWS::StepFunctions::StateMachine`
//! (`Definition`, `DefinitionString`, `DefinitionS3Location`, `DefinitionSubstitutions`,
//! `StateMachineType`), the SAM reference for `AWS::Serverless::StateMachine` (`Definition`,
//! `DefinitionUri`, `Type`) and the serverless-step-functions plugin (`stepFunctions`,
//! `stateMachines`, `definition`, `type`).

use crate::common::{root, shared};
use aslctl::lint::{FileReport, LintOptions, WorkflowType, lint_file};
use aslctl::report;
use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::source::SourceFile;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const DIR: &str = "fixtures/templates";

fn aslctl() -> Command {
    Command::cargo_bin("aslctl").unwrap()
}

/// Lints a file named by its path relative to the project root (the tests' working directory).
fn lint(rel: &str, opts: &LintOptions) -> Vec<FileReport> {
    let bytes = std::fs::read(root().join(rel)).unwrap();
    lint_file(rel, bytes, opts).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn all(reports: &[FileReport]) -> Vec<&Diagnostic> {
    reports.iter().flat_map(|r| &r.diagnostics).collect()
}

/// `CODE file:line:col `text``: where a finding points, and the text it underlines.
fn located(d: &Diagnostic, source: &SourceFile) -> String {
    let span = d.primary_span().unwrap();
    let lc = source.line_col(span.start);
    let text = source.slice(span);
    let text = match text.find('\n') {
        Some(i) => format!("{}…", &text[..i]),
        None => text.to_string(),
    };
    format!(
        "{} {}:{}:{} `{text}`",
        d.code,
        d.file.as_deref().unwrap_or(source.name()),
        lc.line,
        lc.column
    )
}

/// Templates under `fixtures/templates`, recursively; `statemachine/` folders hold the
/// definition files templates name, and suites are not templates.
fn template_fixtures(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            if name != "statemachine" {
                template_fixtures(&p, out);
            }
        } else if [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e))
            && !name.contains(".asl.")
        {
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .to_string();
            out.push(rel);
        }
    }
}

/// Every template form (CloudFormation JSON and YAML with `Definition`, `DefinitionString`,
/// `Fn::Sub`, `Fn::Join` and local `DefinitionS3Location`; SAM `Definition` and `DefinitionUri`;
/// Serverless; CDK; malformed ones). Each snapshot lists the findings as `CODE file:line:col
/// `text`` (reviewed: the text is the faulty token of the template, or of the definition file a
/// template names) followed by the human output.
#[test]
fn human_snapshots_of_every_template_form() {
    let mut files = Vec::new();
    template_fixtures(&root().join(DIR), &mut files);
    assert!(files.len() >= 22, "{files:?}");
    for rel in &files {
        let reports = lint(rel, &LintOptions::default());
        let mut out = String::new();
        for r in &reports {
            for d in &r.diagnostics {
                out.push_str(&located(d, &r.source));
                out.push('\n');
            }
        }
        out.push_str("\n---\n\n");
        out.push_str(&report::human::render_run(&reports, false));
        let name = rel.trim_start_matches("fixtures/").replace(['/', '.'], "_");
        insta::assert_snapshot!(name, out);
    }
}

fn codes(reports: &[FileReport]) -> Vec<&'static str> {
    all(reports).iter().map(|d| d.code).collect()
}

/// `StateMachineType: EXPRESS` turns on the Express rules (ASL500 `.waitForTaskToken`, ASL504
/// longer than five minutes); `--type standard` given explicitly wins over the template.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html>
#[test]
fn the_template_workflow_type_drives_the_express_rules() {
    let rel = "fixtures/templates/lint/cfn-definition.json";
    let found = codes(&lint(rel, &LintOptions::default()));
    assert!(
        found.contains(&"ASL500") && found.contains(&"ASL504"),
        "{found:?}"
    );
    let forced = LintOptions {
        workflow_type: WorkflowType::Standard,
        type_forced: true,
        ..LintOptions::default()
    };
    let found = codes(&lint(rel, &forced));
    assert!(!found.iter().any(|c| c.starts_with("ASL5")), "{found:?}");
    // A configuration file's type (not forced) is only a default: the template's wins.
    let config = LintOptions {
        workflow_type: WorkflowType::Standard,
        ..LintOptions::default()
    };
    assert!(codes(&lint(rel, &config)).contains(&"ASL500"));
    // SAM `Type: EXPRESS` on a definition file: the finding is in that file.
    let reports = lint(
        "fixtures/templates/lint/sam-definition-uri.yaml",
        &LintOptions::default(),
    );
    let d = all(&reports)
        .into_iter()
        .find(|d| d.code == "ASL504")
        .unwrap();
    assert_eq!(
        d.file.as_deref(),
        Some("fixtures/templates/lint/statemachine/ingest.asl.json")
    );
    // Serverless `type: EXPRESS`: an activity is rejected in that machine only.
    let reports = lint(
        "fixtures/templates/lint/serverless.yml",
        &LintOptions::default(),
    );
    let express: Vec<&str> = reports
        .iter()
        .filter(|r| r.diagnostics.iter().any(|d| d.code == "ASL501"))
        .map(FileReport::name)
        .collect();
    assert_eq!(
        express,
        ["fixtures/templates/lint/serverless.yml#auditTrail"]
    );
}

/// `DefinitionSubstitutions` with literal values fill `${Name}` (a number stays a number), and
/// `--substitute` overrides them; a placeholder none of them fills is left in the deployed
/// definition, so AWS rejects the ARN.
#[test]
fn substitutions_fill_placeholders() {
    let rel = "fixtures/templates/lint/cfn-definition.json";
    let reports = lint(rel, &LintOptions::default());
    let timeout = all(&reports)
        .into_iter()
        .find(|d| d.code == "ASL504")
        .unwrap();
    assert!(timeout.message.contains("600"), "{}", timeout.message);
    let unfilled = all(&reports)
        .into_iter()
        .find(|d| d.code == "ASL117")
        .unwrap();
    assert_eq!(
        unfilled.message,
        "no substitution is given for `${NotifyFuncionArn}`"
    );
    assert_eq!(
        unfilled.help.as_deref(),
        Some("did you mean `NotifyFunctionArn`?")
    );
    let mut opts = LintOptions::default();
    opts.substitutions
        .insert("ValidateTimeout".into(), "120".into());
    opts.allowed_placeholders = Some(Default::default());
    let found = codes(&lint(rel, &opts));
    assert!(!found.contains(&"ASL504"), "{found:?}");
    assert!(found.contains(&"ASL117"), "{found:?}");
}

/// `Ref` and `Fn::GetAtt` objects (and their YAML short forms) are values resolved at deploy
/// time: accepted where a string or number goes.
#[test]
fn intrinsic_functions_are_accepted_as_values() {
    let reports = lint(
        "fixtures/templates/lint/sam-definition.yaml",
        &LintOptions::default(),
    );
    // `Seconds: !Ref ReminderDelay` and `Resource: !GetAtt SendFunction.Arn`.
    let found = codes(&reports);
    assert!(
        !found
            .iter()
            .any(|c| ["ASL102", "ASL107", "ASL117"].contains(c)),
        "{found:?}"
    );
    assert_eq!(found, ["ASL108", "ASL201", "ASL203"]);
}

#[test]
fn machine_option_restricts_lint_to_one_state_machine() {
    let rel = "fixtures/templates/lint/serverless.yml";
    let opts = LintOptions {
        machine: Some("auditTrail".into()),
        ..LintOptions::default()
    };
    let reports = lint(rel, &opts);
    let names: Vec<&str> = reports.iter().map(FileReport::name).collect();
    assert_eq!(names, [format!("{rel}#auditTrail")]);
    let opts = LintOptions {
        machine: Some("audtTrail".into()),
        ..LintOptions::default()
    };
    let bytes = std::fs::read(root().join(rel)).unwrap();
    let err = lint_file(rel, bytes, &opts).unwrap_err().to_string();
    assert!(err.contains("`fulfilOrder`, `auditTrail`"), "{err}");
    assert!(err.contains("did you mean `auditTrail`?"), "{err}");
    aslctl()
        .args(["lint", rel, "--machine", "audtTrail"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `auditTrail`?"));
    aslctl()
        .args(["lint", rel, "--machine", "fulfilOrder", "-f", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("serverless.yml#fulfilOrder"))
        .stdout(predicate::str::contains("auditTrail").not());
}

/// Each output format names the state machine: JSON `machine`, SARIF a logical location and
/// the message, GitHub the annotation title; the location is the template's.
#[test]
fn every_output_format_names_the_state_machine() {
    let rel = "fixtures/templates/lint/cfn-definition-string.yaml";
    let machine = format!("{rel}#InvoiceStateMachine");
    let reports = lint(rel, &LintOptions::default());
    let doc = report::json::render_run(&reports);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["machine"], machine.as_str());
    assert_eq!(d["file"], rel);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(10), Some(65))
    );
    assert_eq!(doc["files"][0]["machine"], machine.as_str());
    let sarif = report::sarif::render_run(&reports);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "ASL201");
    let loc = &result["locations"][0];
    assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], rel);
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], 10);
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        machine.as_str()
    );
    assert_eq!(loc["logicalLocations"][0]["name"], "InvoiceStateMachine");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{machine}: "))
    );
    assert_eq!(sarif["runs"][0]["artifacts"].as_array().unwrap().len(), 1);
    let gh = report::github::render_run(&reports);
    assert!(
        gh.starts_with(&format!(
            "::error file={rel},line=10,col=65,endLine=10,endColumn=73,title=ASL201 {machine}::"
        )),
        "{gh}"
    );
    let human = report::human::render_run(&reports, false);
    assert!(human.starts_with(&format!("── {machine} ──")), "{human}");
    assert!(human.contains(&format!("[{rel}:10:65]")), "{human}");
}

/// The SARIF log of a template run still matches the SARIF 2.1.0 schema subset (one artifact
/// per file however many state machines it holds).
#[test]
fn sarif_of_templates_matches_the_schema_subset() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-2.1.0-subset.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let mut reports = lint(
        "fixtures/templates/lint/serverless.yml",
        &LintOptions::default(),
    );
    reports.extend(lint(
        "fixtures/templates/bad-missing-uri.yaml",
        &LintOptions::default(),
    ));
    let log = report::sarif::render_run(&reports);
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(log["runs"][0]["artifacts"].as_array().unwrap().len(), 2);
}

/// A malformed template is located and exits 2 (unusable input), never 1; a template with
/// findings exits 1; a clean one 0.
#[test]
fn exit_codes_for_templates() {
    for bad in [
        "bad-json.json",
        "bad-json.yaml",
        "bad-sub.yaml",
        "bad-unknown-tag.yaml",
        "bad-missing-uri.yaml",
    ] {
        let rel = format!("{DIR}/{bad}");
        let out = aslctl().args(["lint", &rel]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&format!("[{rel}:")), "{bad}: {text}");
    }
    aslctl()
        .args(["lint", "fixtures/templates/lint/cfn-sub.yaml"])
        .assert()
        .code(1);
    aslctl()
        .args(["lint", "fixtures/templates/serverless.yml"])
        .assert()
        .success()
        .stdout("No problems found in 1 file.\n");
}

/// A directory walk picks templates by content (also `.template` files), lints each of their
/// state machines, and skips templates without one.
#[test]
fn discovery_picks_templates_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let sm = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      \
              Definition:\n        StartAt: A\n        States:\n          A: {Type: Pass, Next: B}\n";
    std::fs::write(dir.path().join("stack.template"), sm).unwrap();
    std::fs::write(
        dir.path().join("bucket.yaml"),
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("config.json"), "{\"a\": 1}").unwrap();
    let out = aslctl()
        .args(["lint", "-f", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(doc["summary"]["skipped"], 2);
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ASL201")
        .unwrap();
    assert!(d["machine"].as_str().unwrap().ends_with("stack.template#M"));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(33))
    );
    // The fixtures folder: every template's machines, each named.
    let out = aslctl()
        .args(["lint", "-f", "json", "fixtures/templates/lint"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let machines: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["machine"].as_str())
        .collect();
    for id in [
        "cdk.out/ReportsStack.template.json#ReportStateMachine9F8E7D6C",
        "cfn-definition.json#IntakeStateMachine",
        "serverless.yml#auditTrail",
        "sam-definition-uri.yaml#IngestStateMachine",
    ] {
        assert!(
            machines.iter().any(|m| m.ends_with(id)),
            "{id}: {machines:?}"
        );
    }
}

/// A template cut short anywhere, or with a quote, brace or tag dropped in, never makes lint or
/// the opening of a definition (simulate, graph, test) panic.
#[test]
fn damaged_templates_never_panic() {
    let mut files = Vec::new();
    template_fixtures(&root().join(DIR), &mut files);
    let opts = LintOptions::default();
    for rel in &files {
        let bytes = std::fs::read(root().join(rel)).unwrap();
        for (k, at) in (0..bytes.len()).step_by(31).enumerate() {
            let mut damaged = bytes.clone();
            match k % 3 {
                0 => damaged.truncate(at),
                1 => damaged[at] = b'"',
                _ => damaged
                    .splice(at..at, b"!Sbu {".iter().copied())
                    .for_each(drop),
            }
            let _ = lint_file(rel, damaged.clone(), &opts);
            let _ = aslctl::definition::open(rel, damaged, None);
        }
    }
}

/// One finding as compared across forms: code, severity, message and the text it points at
/// (whitespace removed, since a multi-line span is re-indented inside a template).
fn finding(d: &Diagnostic, source: &SourceFile, unescape: bool) -> String {
    let span = d.primary_span().unwrap_or_default();
    let mut text = source.slice(span).to_string();
    if unescape {
        // A `DefinitionString` JSON string escapes quotes and backslashes once more.
        text = serde_json::from_str::<String>(&format!("\"{text}\"")).unwrap_or(text);
    }
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{} {} {} `{text}`", d.code, d.severity.as_str(), d.message)
}

/// The real-world definitions that came from templates (manifest column `kind`:
/// `embedded-json`, `embedded-json-text`, `embedded-yaml`), wrapped back into a CloudFormation
/// template as a JSON `Definition` object, a YAML `Definition` (the JSON text as a flow
/// mapping), a JSON `DefinitionString` string and a YAML `DefinitionString: |` block, lint with
/// the same rule ids, severities, messages and (mapped) positions as the extracted file.
#[test]
fn realworld_template_definitions_lint_the_same_when_wrapped() {
    let Some(dir) = shared("corpus/realworld") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file_col, kind_col) = (col("file"), col("kind"));
    let opts = LintOptions {
        strict: true,
        ..LintOptions::default()
    };
    let forms = [
        "json-definition",
        "yaml-definition",
        "json-string",
        "yaml-block",
    ];
    let mut wrapped = [0usize; 4];
    let mut identical = [0usize; 4];
    let mut failures = Vec::new();
    let mut files = 0;
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if !cells[kind_col].starts_with("embedded") {
            continue;
        }
        files += 1;
        let file = cells[file_col];
        let text = std::fs::read_to_string(dir.join("defs").join(file)).unwrap();
        let direct = lint_file(file, text.clone().into_bytes(), &opts).unwrap();
        let [direct] = direct.as_slice() else {
            panic!("{file}: {} reports", direct.len())
        };
        let head = "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"M\": \
                    {\"Type\": \"AWS::StepFunctions::StateMachine\", \"Properties\": {";
        let indented = |prefix: &str| {
            text.lines()
                .map(|l| format!("{prefix}{l}\n"))
                .collect::<String>()
        };
        let yaml_head =
            "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n";
        let templates = [
            ("t.json", format!("{head}\"Definition\": {text}}}}}}}}}")),
            (
                "t.yaml",
                format!("{yaml_head}      Definition:\n{}", indented("        ")),
            ),
            (
                "t.json",
                format!(
                    "{head}\"DefinitionString\": {}}}}}}}}}",
                    serde_json::to_string(&text).unwrap()
                ),
            ),
            (
                "t.yaml",
                format!(
                    "{yaml_head}      DefinitionString: |\n{}",
                    indented("        ")
                ),
            ),
        ];
        let want: Vec<String> = direct
            .diagnostics
            .iter()
            .map(|d| finding(d, &direct.source, false))
            .collect();
        for (i, (name, template)) in templates.iter().enumerate() {
            let reports = match lint_file(name, template.clone().into_bytes(), &opts) {
                Ok(r) => r,
                Err(e) => panic!("{file} {}: {e}", forms[i]),
            };
            // A YAML flow mapping is not always JSON-compatible (YAML forbids some JSON escapes,
            // such as `\/`): such a file cannot be wrapped that way.
            if i == 1 && reports.iter().any(|r| r.machine.is_none()) {
                continue;
            }
            wrapped[i] += 1;
            let got: Vec<String> = reports
                .iter()
                .flat_map(|r| r.diagnostics.iter().map(|d| finding(d, &r.source, i == 2)))
                .collect();
            if got == want {
                identical[i] += 1;
            } else {
                failures.push(format!(
                    "{file} {}:\n  want {want:#?}\n  got  {got:#?}",
                    forms[i]
                ));
            }
        }
    }
    let figures: Vec<String> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{f}: {} wrapped, {} identical", wrapped[i], identical[i]))
        .collect();
    eprintln!("{files} template definitions\n{}", figures.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(files >= 150, "only {files} template definitions");
    assert_eq!(identical, wrapped);
    // Only the YAML flow form may refuse a file; the other three wrap every one.
    assert_eq!([wrapped[0], wrapped[2], wrapped[3]], [files; 3]);
    assert!(wrapped[1] + 5 >= files, "{figures:?}");
}
