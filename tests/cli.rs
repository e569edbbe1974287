//! Command-line behaviour shared by every subcommand: help, version, completions, man page, exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

fn aslctl() -> Command {
    Command::cargo_bin("aslctl").unwrap()
}

#[test]
fn version_and_help_with_examples() {
    aslctl()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("aslctl "));
    aslctl()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("Exit codes:")));
    for sub in ["lint", "simulate", "graph"] {
        aslctl()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
}

#[test]
fn usage_errors_exit_2() {
    aslctl().arg("--no-such-flag").assert().code(2);
    aslctl()
        .args(["graph"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<DEFINITION>"));
    aslctl()
        .args(["simulate", "--format", "xml", "x.json"])
        .assert()
        .code(2);
}

#[test]
fn completions_and_man_page_come_from_the_same_definition() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        aslctl()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("simulate"));
    }
    aslctl()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH aslctl").and(predicate::str::contains("simulate")));
}

#[test]
fn missing_input_file_is_exit_2_with_its_name() {
    aslctl()
        .args(["graph", "no/such/file.asl.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.asl.json"));
}

#[test]
fn simulate_trace_feeds_graph_trace() {
    // The trace `simulate --trace` writes is the file `graph --trace` reads.
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("run.json");
    let ex = crate::common::root().join("fixtures/examples");
    aslctl()
        .arg("simulate")
        .arg(ex.join("order-processing.asl.json"))
        .arg("--input")
        .arg(ex.join("order-processing.input.json"))
        .arg("--mock")
        .arg(ex.join("order-processing.mocks.json"))
        .args(["--test-case", "PaymentDeclined", "--trace"])
        .arg(&trace)
        .assert()
        .code(1);
    let out = aslctl()
        .arg("graph")
        .arg(ex.join("order-processing.asl.json"))
        .arg("--trace")
        .arg(&trace)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let dot = String::from_utf8(out).unwrap();
    // Reject order ran (the declined payment was caught); Ship order never ran.
    assert!(dot.contains("Reject order"), "{dot}");
    assert!(
        dot.contains("penwidth"),
        "traversed edges are drawn bold: {dot}"
    );
}
