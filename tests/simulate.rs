//! `aslctl simulate` end to end over `fixtures/simulate/<case>/`: every case with an
//! `expected.json` is run and compared; exit codes, mock errors, the trace file and snapshots of
//! the human output and the JSON history are checked.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::common::root;

fn fixture(case: &str) -> PathBuf {
    root().join("fixtures/simulate").join(case)
}

fn mocks_of(dir: &Path) -> Option<PathBuf> {
    ["mocks.json", "mocks.yaml"]
        .iter()
        .map(|m| dir.join(m))
        .find(|p| p.exists())
}

fn simulate(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("aslctl").unwrap();
    cmd.current_dir(dir)
        .arg("--color")
        .arg("never")
        .arg("simulate")
        .arg("machine.asl.json")
        .arg("--input")
        .arg("input.json");
    if let Some(m) = mocks_of(dir) {
        cmd.arg("--mock").arg(m.file_name().unwrap());
    }
    let out = cmd.args(extra).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_run(case: &str) -> (i32, Value) {
    let (code, stdout, stderr) = simulate(&fixture(case), &["--format", "json"]);
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{case}: {e}\n{stderr}"));
    (code, v)
}

/// Every fixture with an `expected.json`: status, output/error/cause, virtual time and
/// transitions as AWS semantics give them (worked out in each fixture's comment fields).
#[test]
fn fixtures_match_expected_outcomes() {
    let mut checked = 0;
    for dir in std::fs::read_dir(root().join("fixtures/simulate")).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("expected.json")) else {
            continue;
        };
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value = serde_json::from_str(&text).unwrap();
        let (code, actual) = json_run(&case);
        assert_eq!(actual["status"], expected["status"], "{case}");
        let want_code = if expected["status"] == "SUCCEEDED" {
            0
        } else {
            1
        };
        assert_eq!(code, want_code, "{case}");
        for key in ["output", "error", "cause"] {
            if let Some(v) = expected.get(key) {
                assert_eq!(&actual[key], v, "{case}: {key}");
            }
        }
        if let Some(s) = expected.get("virtual_seconds") {
            assert_eq!(
                actual["stats"]["virtual_seconds"].as_f64(),
                s.as_f64(),
                "{case}"
            );
        }
        if let Some(t) = expected.get("transitions") {
            assert_eq!(&actual["stats"]["transitions"], t, "{case}");
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} fixtures ran");
}

#[test]
fn human_timeline_snapshots() {
    // Retry twice (2 s, then 6 s: IntervalSeconds 2 × BackoffRate 3), then the Declined catcher.
    let (code, stdout, _) = simulate(&fixture("retry-then-catch"), &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("retry_then_catch_human", stdout);
    // MockConfigFile with a range key; one counter shared by the Map iterations.
    let (code, stdout, _) = simulate(
        &fixture("map-mock-config"),
        &["--state-machine", "Lookups", "--test-case", "HappyPath"],
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("map_mock_config_human", stdout);
}

#[test]
fn json_history_snapshot() {
    let (_, v) = json_run("retry-then-catch");
    insta::assert_json_snapshot!("retry_then_catch_history", v["history"]);
}

#[test]
fn trace_file_shape() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("run.json");
    let (_, _, _) = simulate(
        &fixture("choice-loop"),
        &["--format", "json", "--trace", trace.to_str().unwrap()],
    );
    let t: Value = serde_json::from_str(&std::fs::read_to_string(&trace).unwrap()).unwrap();
    assert_eq!(t["version"], 1);
    assert_eq!(t["status"], "SUCCEEDED");
    let check = t["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Check")
        .unwrap();
    assert_eq!(check["visits"], 3);
    assert_eq!(check["state"], "/States/Check");
    let edges = t["edges"].as_array().unwrap();
    assert!(edges.contains(
        &json!({"from": "/States/Check", "to": "/States/Increment", "kind": "choice", "count": 2})
    ));
    assert!(edges.contains(
        &json!({"from": "/States/Check", "to": "/States/Done", "kind": "default", "count": 1})
    ));
}

#[test]
fn missing_mock_is_bad_input_with_the_mock_to_add() {
    let (code, stdout, _) = simulate(&fixture("missing-mock"), &["--format", "json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["error"], "aslctl.MissingMock");
    assert!(
        v["cause"]
            .as_str()
            .unwrap()
            .contains("{\"Tasks\": {\"Send\"")
    );
    let (code, stdout, _) = simulate(
        &fixture("missing-mock"),
        &["--format", "json", "--unmocked", "passthrough"],
    );
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn mock_errors_are_located() {
    let (code, _, stderr) = simulate(&fixture("unknown-mock-state"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `Send`?"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    for f in ["machine.asl.json", "input.json"] {
        std::fs::copy(fixture("missing-mock").join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("mocks.json"),
        "{\n  \"Tasks\": {\n    \"Send\": {\"Retrun\": 1}\n  }\n}\n",
    )
    .unwrap();
    let (code, _, stderr) = simulate(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("mocks.json:3:"), "{stderr}");
}

#[test]
fn runs_are_byte_identical() {
    let a = simulate(
        &fixture("retry-then-catch"),
        &["--format", "json", "--seed", "3"],
    );
    let b = simulate(
        &fixture("retry-then-catch"),
        &["--format", "json", "--seed", "3"],
    );
    assert_eq!(a.1, b.1);
}

/// `--no-history` drops the history and nothing else: the same status, output, error and
/// stats (event ids are still counted, so `stats.events` is the full run's count), and the
/// timeline shows just the outcome.
#[test]
fn no_history_keeps_everything_but_the_history() {
    for case in ["retry-then-catch", "map-mock-config", "choice-loop"] {
        let (code, full) = json_run(case);
        let (code2, stdout, _) = simulate(&fixture(case), &["--format", "json", "--no-history"]);
        let mut bare: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(code, code2, "{case}");
        assert!(bare.get("history").is_none(), "{case}");
        let events = full["history"].as_array().unwrap().len();
        assert_eq!(bare["stats"]["events"], json!(events), "{case}");
        let mut full = full;
        full.as_object_mut().unwrap().remove("history");
        bare.as_object_mut().unwrap().remove("history");
        assert_eq!(full, bare, "{case}");
    }
    let (_, human, _) = simulate(&fixture("retry-then-catch"), &["--no-history"]);
    assert!(
        human.starts_with("SUCCEEDED") || human.starts_with("FAILED"),
        "{human}"
    );
}

/// JSONata fixtures through the CLI: `assignedVariables` on the exit events as JSON text
/// (spec/simulate.md §3), and the assignments of a Map iteration kept inside it (AWS "Passing
/// data between states with variables", variable scope).
#[test]
fn jsonata_fixture_histories() {
    let (code, v) = json_run("variables-scopes");
    assert_eq!(code, 0);
    let exits: Vec<&Value> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "ParallelStateExited" || e["type"] == "MapStateExited")
        .collect();
    assert_eq!(
        exits[0]["stateExitedEventDetails"]["assignedVariables"],
        json!({"branches": r#"["branch-1/hello","hello 10"]"#})
    );
    assert_eq!(
        exits[1]["stateExitedEventDetails"]["assignedVariables"],
        json!({"scaled": "[10,20,30]"})
    );
    let (code, v) = json_run("jsonata-orders");
    assert_eq!(code, 0);
    let scheduled = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "TaskScheduled")
        .unwrap();
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["parameters"],
        r#"{"FunctionName":"price","Payload":{"items":[{"sku":"A-1"},{"sku":"B-2"}]}}"#
    );
}
