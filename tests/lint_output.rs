//! Lint output: human snapshots (no colour) of representative fixtures, the SARIF log checked
//! against a SARIF 2.1.0 schema subset and (in CI) the complete OASIS schema, the JSON document shape, GitHub annotations, and the
//! command's exit codes.

use crate::common::root;
use aslctl::lint::{FileReport, LintOptions, lint_document};
use aslctl::report;
use serde_json::Value;

fn lint_fixture(rel: &str, opts: &LintOptions) -> FileReport {
    let path = root().join(rel);
    lint_document(rel, std::fs::read(path).unwrap(), opts)
}

/// Representative findings, one per rule family; each snapshot was checked against AWS
/// semantics (e.g. ASL203 is an ERROR: `State "X" is not reachable.`).
#[test]
fn human_snapshots() {
    let cases = [
        "fixtures/lint/ASL002-duplicate-key/invalid.json",
        "fixtures/lint/ASL101-unknown-field/invalid.asl.yaml",
        "fixtures/lint/ASL104-next-xor-end/invalid.json",
        "fixtures/lint/ASL108-value-out-of-range/invalid.json",
        "fixtures/lint/ASL111-choice-rule-shape/invalid.json",
        "fixtures/lint/ASL201-transition-target/invalid.json",
        "fixtures/lint/ASL201-transition-target/invalid-choice-default.asl.yaml",
        "fixtures/lint/ASL202-cross-scope-transition/invalid.json",
        "fixtures/lint/ASL203-unreachable-state/invalid.json",
        "fixtures/lint/ASL205-duplicate-state-name/invalid.json",
        "fixtures/lint/ASL301-invalid-reference-path/invalid.json",
        "fixtures/lint/ASL304-invalid-intrinsic/invalid.json",
    ];
    for rel in cases {
        let report = lint_fixture(rel, &LintOptions::default());
        let out = report::human::render_run(std::slice::from_ref(&report), false);
        let name = rel
            .trim_start_matches("fixtures/lint/")
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(name, out);
    }
}

/// Fixtures whose SARIF log covers errors, warnings, a YAML file and an unreadable file.
fn sarif_sample() -> Value {
    let reports = vec![
        lint_fixture(
            "fixtures/lint/ASL203-unreachable-state/invalid.json",
            &LintOptions::default(),
        ),
        lint_fixture(
            "fixtures/lint/ASL201-transition-target/invalid-choice-default.asl.yaml",
            &LintOptions::default(),
        ),
        lint_fixture(
            "fixtures/lint/ASL001-json-syntax/invalid.json",
            &LintOptions::default(),
        ),
        lint_fixture(
            "fixtures/lint/ASL310-no-dollar/invalid.json",
            &LintOptions::default(),
        ),
    ];
    report::sarif::render_run(&reports)
}

/// The complete SARIF 2.1.0 (rtm.5) schema, which `.ci/run` takes from the npm registry (the
/// `@microsoft/jest-sarif` package ships it) and names in `ASLCTL_SARIF_SCHEMA`. Without that
/// variable the test has nothing to check against and says so.
#[test]
fn sarif_matches_the_complete_sarif_schema() {
    let Some(path) = std::env::var_os("ASLCTL_SARIF_SCHEMA") else {
        eprintln!("skipped: ASLCTL_SARIF_SCHEMA is not set (CI sets it)");
        return;
    };
    // The `language` properties have the pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, whose
    // stray `]` is a literal in ECMA-262 regexes but an error for Rust's regex engines, so the
    // schema would not compile; the escaped form means the same.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("{2}]?$", "{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert!(
        schema["title"].as_str().unwrap().contains("2.1.0"),
        "not the SARIF 2.1.0 schema: {}",
        path.display()
    );
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let log = sarif_sample();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    // The schema does constrain results: a level SARIF does not define is rejected.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_matches_the_schema_subset() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-2.1.0-subset.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let log = sarif_sample();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "ASL203" && r["level"] == "error")
    );
    // The rule catalogue carries the documentation.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), aslctl::lint::registry::RULES.len());
    assert!(
        rules[0]["help"]["text"]
            .as_str()
            .unwrap()
            .contains("## What it does")
    );
}

#[test]
fn json_document_shape() {
    let r = lint_fixture(
        "fixtures/lint/ASL203-unreachable-state/invalid.json",
        &LintOptions::default(),
    );
    let doc = report::json::render_run(&[r]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "ASL203");
    assert_eq!(d["rule"], "unreachable-state");
    assert_eq!(d["pointer"], "/States/Orphan");
    for k in [
        "file",
        "line",
        "column",
        "endLine",
        "endColumn",
        "severity",
        "message",
        "help",
    ] {
        assert!(!d[k].is_null(), "missing {k}");
    }
}

#[test]
fn github_annotations() {
    let r = lint_fixture(
        "fixtures/lint/ASL203-unreachable-state/invalid.json",
        &LintOptions::default(),
    );
    let out = report::github::render_run(&[r]);
    assert!(
        out.starts_with("::error file=fixtures/lint/ASL203-unreachable-state/invalid.json,line="),
        "{out}"
    );
    assert!(
        out.contains(",title=ASL203::state `Orphan` is not reachable"),
        "{out}"
    );
}

mod cli {
    use crate::common::root;
    use assert_cmd::Command;

    fn aslctl() -> Command {
        let mut c = Command::cargo_bin("aslctl").unwrap();
        c.current_dir(root()).env_remove("GITHUB_ACTIONS");
        c
    }

    #[test]
    fn exit_codes() {
        // Clean file: 0.
        aslctl()
            .args([
                "lint",
                "--no-config",
                "fixtures/lint/ASL203-unreachable-state/valid.json",
            ])
            .assert()
            .code(0);
        // An error: 1.
        aslctl()
            .args([
                "lint",
                "--no-config",
                "fixtures/lint/ASL203-unreachable-state/invalid.json",
            ])
            .assert()
            .code(1);
        // A warning only: 0, unless --max-warnings is exceeded.
        let warn = "fixtures/lint/ASL703-choice-no-default/invalid.json";
        aslctl()
            .args(["lint", "--no-config", warn])
            .assert()
            .code(0);
        aslctl()
            .args(["lint", "--no-config", "--max-warnings", "0", warn])
            .assert()
            .code(1);
        // A path that does not exist: 2. An unknown rule: 2.
        aslctl()
            .args(["lint", "does/not/exist.json"])
            .assert()
            .code(2);
        aslctl()
            .args(["lint", "--select", "ASL999", warn])
            .assert()
            .code(2);
        // A malformed file in a batch is a finding; the other files are still linted.
        let out = aslctl()
            .args([
                "lint",
                "--no-config",
                "--format",
                "json",
                "fixtures/lint/ASL001-json-syntax/invalid.json",
                warn,
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["summary"]["files"], 2);
        assert_eq!(doc["diagnostics"][1]["code"], "ASL703");
    }

    #[test]
    fn rules_command() {
        let out = aslctl()
            .args(["rules"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("ASL203  unreachable-state"), "{text}");
        let out = aslctl()
            .args(["rules", "unreachable-state"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("## Why is this bad?")
        );
        let out = aslctl()
            .args(["rules", "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v.as_array().unwrap().len(),
            aslctl::lint::registry::RULES.len()
        );
        aslctl().args(["rules", "ASL999"]).assert().code(2);
    }

    #[test]
    fn github_format_is_automatic_in_actions() {
        let out = aslctl()
            .env("GITHUB_ACTIONS", "true")
            .args([
                "lint",
                "--no-config",
                "fixtures/lint/ASL203-unreachable-state/invalid.json",
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        assert!(String::from_utf8(out).unwrap().starts_with("::error file="));
    }
}

/// Regression (found by the `lint` fuzz target): a finding past column 65,535 made the code
/// frame renderer panic ("Formatting argument out of range"). A line that long is shown as
/// `file:line:column` instead of a frame. The column is counted by hand: 13 characters before
/// the comment's text, 70,000 of text, then 60 up to the quote of `"Nope"`.
#[test]
fn findings_on_a_very_long_line_render_without_a_frame() {
    let text = format!(
        r#"{{"Comment": "{}", "StartAt": "A", "States": {{"A": {{"Type": "Pass", "Next": "Nope"}}}}}}"#,
        "x".repeat(70_000)
    );
    let report = lint_document("long.json", text.into_bytes(), &LintOptions::default());
    let out = report::human::render_run(std::slice::from_ref(&report), false);
    assert!(out.contains("`Next` names `Nope`"), "{out}");
    assert!(out.contains("at long.json:1:70074"), "{out}");
    assert!(
        out.len() < 2_000,
        "the long line is not printed: {} bytes",
        out.len()
    );
}

/// A byte order mark takes no column, as in editors: the frame's location is counted after it,
/// the frame does not print it, and the underline sits under the value it labels.
#[test]
fn a_byte_order_mark_is_left_out_of_the_code_frame() {
    let text = "\u{feff}{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nope\"}}}";
    let report = lint_document(
        "bom.json",
        text.as_bytes().to_vec(),
        &LintOptions::default(),
    );
    let out = report::human::render_run(std::slice::from_ref(&report), false);
    // `"Nope"` starts at character 59 once the mark is left out.
    assert!(out.contains("[bom.json:1:59]"), "{out}");
    assert!(!out.contains('\u{feff}'), "{out}");
    // The ASL201 frame (the last one) underlines `"Nope"`: same character column, six wide.
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| l.contains("\"Next\": \"Nope\""))
        .expect("the line is printed");
    let byte = lines[at].find("\"Nope\"").unwrap();
    let source_col = lines[at][..byte].chars().count();
    let underline = lines[at + 1];
    assert_eq!(
        underline.chars().position(|c| c == '─'),
        Some(source_col),
        "{out}"
    );
    assert_eq!(underline.matches('─').count(), "\"Nope\"".len(), "{out}");
}
