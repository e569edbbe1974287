//! `aslctl simulate`, `aslctl graph` and `aslctl test` on templates: one state machine is used
//! as is, `--machine LogicalId` picks one of several (a misspelt id gets the ids there are and a
//! "did you mean"), every way a template holds a definition works, and a malformed template is
//! a located error with exit code 2.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const DIR: &str = "fixtures/templates";

fn aslctl() -> Command {
    Command::cargo_bin("aslctl").unwrap()
}

fn fixture(rel: &str) -> String {
    format!("{DIR}/{rel}")
}

/// Runs `simulate --format json` and returns the execution document.
fn simulate(args: &[&str]) -> Value {
    let out = aslctl()
        .arg("simulate")
        .args(args)
        .args(["--format", "json", "--unmocked", "passthrough"])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The names of the states an execution entered, in order.
fn path(execution: &Value) -> Vec<String> {
    execution["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["type"]
                .as_str()
                .is_some_and(|t| t.ends_with("StateEntered"))
        })
        .map(|e| {
            e["stateEnteredEventDetails"]["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn several_machines_need_machine_and_a_misspelt_id_gets_a_suggestion() {
    let t = fixture("two-machines.yaml");
    for sub in ["simulate", "graph"] {
        aslctl()
            .args([sub, &t])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "has 2 state machines; pick one with `--machine` (`NightlyReport`, `Cleanup`)",
            ));
        aslctl()
            .args([sub, &t, "--machine", "Cleanpu"])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("no state machine `Cleanpu`")
                    .and(predicate::str::contains("did you mean `Cleanup`?")),
            );
    }
    // `--machine` on a plain definition is a usage error, not silently ignored.
    aslctl()
        .args([
            "graph",
            &fixture("statemachine/stock_trader.asl.json"),
            "--machine",
            "X",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a plain definition"));
}

#[test]
fn machine_picks_one_state_machine_to_simulate_and_draw() {
    let t = fixture("two-machines.yaml");
    let run = simulate(&[&t, "--machine", "Cleanup"]);
    assert_eq!(run["status"], "SUCCEEDED");
    assert_eq!(path(&run), ["Purge", "Done"]);
    let run = simulate(&[&t, "--machine", "NightlyReport"]);
    assert_eq!(run["output"], serde_json::json!({"rows": 0}));
    aslctl()
        .args([
            "graph",
            &t,
            "--machine",
            "NightlyReport",
            "--format",
            "mermaid",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Gather").and(predicate::str::contains("Purge").not()));
}

/// `Definition` objects (JSON and YAML), `DefinitionString` strings, `Fn::Sub` blocks, CDK's
/// `Fn::Join`, SAM `DefinitionUri` and CloudFormation `DefinitionS3Location` files and
/// Serverless definitions: each is simulated and drawn.
#[test]
fn every_template_form_can_be_simulated_and_drawn() {
    let cases: [(&str, &[&str], &str); 8] = [
        ("cfn-definition.json", &[], "Confirm"),
        (
            "cfn-sub-block.yaml",
            &["--input", r#"{"key": "k", "body": "b"}"#],
            "Store",
        ),
        ("cfn-join-lines.json", &[], "HelloWorld"),
        (
            "cdk.out/App.template.json",
            &["--input", r#"{"done": true}"#],
            "Finished",
        ),
        (
            "sam-definition-uri.yaml",
            &["--input", r#"{"stock_price": 70}"#],
            "Hold",
        ),
        (
            "cfn-packaged.yaml",
            &["--input", r#"{"stock_price": 70}"#],
            "Hold",
        ),
        (
            "sam-definition.yaml",
            &["--input", r#"{"id": "e1"}"#],
            "Save",
        ),
        ("serverless.yml", &["--machine", "auditLog"], "Write"),
    ];
    for (rel, extra, last) in cases {
        let t = fixture(rel);
        let mut args = vec![t.as_str()];
        args.extend_from_slice(extra);
        let run = simulate(&args);
        assert_eq!(run["status"], "SUCCEEDED", "{rel}: {run}");
        assert_eq!(path(&run).last().map(String::as_str), Some(last), "{rel}");
        let mut graph = aslctl();
        graph.args(["graph", &t]);
        if rel == "serverless.yml" {
            graph.args(["--machine", "paymentFlow"]);
        }
        graph
            .assert()
            .success()
            .stdout(predicate::str::starts_with("digraph"));
    }
}

/// The default `$$.StateMachine.Name` of a template's machine is its logical id.
#[test]
fn the_context_names_the_logical_id() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("template.yaml");
    std::fs::write(
        &t,
        "Resources:\n  Named:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      \
         Definition:\n        StartAt: P\n        States:\n          P:\n            Type: Pass\n            \
         Parameters: {name.$: $$.StateMachine.Name}\n            End: true\n",
    )
    .unwrap();
    let run = simulate(&[t.to_str().unwrap()]);
    assert_eq!(run["output"], serde_json::json!({"name": "Named"}));
}

/// Problems are located in the template, at the faulty token, with exit code 2.
#[test]
fn malformed_templates_are_located_errors() {
    let cases = [
        ("bad-json.json", "Broken", "bad-json.json:8:98"),
        ("bad-json.yaml", "Broken", "bad-json.yaml:11:62"),
        ("bad-sub.yaml", "VariablesNotAMap", "bad-sub.yaml:19:13"),
        (
            "bad-unknown-tag.yaml",
            "Greeter",
            "bad-unknown-tag.yaml:9:25",
        ),
        (
            "bad-unknown-tag.yaml",
            "Notifier",
            "bad-unknown-tag.yaml:21:23",
        ),
        (
            "bad-missing-uri.yaml",
            "MissingFile",
            "bad-missing-uri.yaml:9:22",
        ),
    ];
    for (rel, id, at) in cases {
        for sub in ["simulate", "graph"] {
            let out = aslctl()
                .args([sub, &fixture(rel), "--machine", id])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{sub} {rel} {id}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains(at), "{sub} {rel} {id}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    aslctl()
        .args([
            "simulate",
            &fixture("bad-missing-uri.yaml"),
            "--machine",
            "MissingFile",
        ])
        .assert()
        .stderr(predicate::str::contains("does not exist"));
}

/// Warnings while drawing, and a definition the simulator cannot run, point into the template.
#[test]
fn findings_on_a_template_machine_point_into_the_template() {
    let t = fixture("lint/serverless.yml");
    aslctl()
        .args(["graph", &t, "--machine", "fulfilOrder"])
        .assert()
        .success()
        .stderr(predicate::str::contains("serverless.yml:36:22"));
    aslctl()
        .args(["simulate", &fixture("lint/cfn-sub.yaml")])
        .assert()
        .code(2)
        // The state holding the bad `Key.$` call (`"Store": {`).
        .stderr(predicate::str::contains(
            "cfn-sub.yaml:32:13: cannot simulate: `Key.$`",
        ));
}

/// A test suite whose definition is a template names its machine with `machine`; coverage and
/// reports name it `template.yaml#LogicalId`.
#[test]
fn test_suites_run_a_template_machine() {
    let dir = tempfile::tempdir().unwrap();
    let cov = dir.path().join("coverage.json");
    aslctl()
        .args([
            "test",
            &fixture("two-machines.asl.test.yaml"),
            "--coverage-out",
        ])
        .arg(&cov)
        .assert()
        .success()
        .stdout(predicate::str::contains("two-machines.yaml#Cleanup"));
    let coverage: Value = serde_json::from_slice(&std::fs::read(&cov).unwrap()).unwrap();
    assert_eq!(
        coverage["machines"][0]["definition"],
        "fixtures/templates/two-machines.yaml#Cleanup"
    );
    // The coverage file draws on the same machine of the template.
    aslctl()
        .args([
            "graph",
            &fixture("two-machines.yaml"),
            "--machine",
            "Cleanup",
            "--coverage",
        ])
        .arg(&cov)
        .assert()
        .success();
}
