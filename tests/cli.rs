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
    aslctl().arg("--help").assert().success().stdout(
        predicate::str::contains("Examples:")
            .and(predicate::str::contains("Exit codes:"))
            .and(predicate::str::contains(
                "3  a limit of aslctl stopped the run (ASL007)",
            )),
    );
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

#[test]
fn graph_draws_what_tests_never_covered() {
    // Only the happy path runs, so "Cancel order" is never covered and is drawn dimmed, while
    // "Ship order" (covered) is not.
    let dir = tempfile::tempdir().unwrap();
    let ex = crate::common::root().join("fixtures/examples");
    let suite = dir.path().join("happy.asl.test.yaml");
    std::fs::write(
        &suite,
        format!(
            "definition: {}\nmocks: {}\ncases:\n  - name: happy\n    test_case: HappyPath\n    input_file: {}\n    expect: {{status: SUCCEEDED}}\n",
            ex.join("order-processing.asl.json").display(),
            ex.join("order-processing.mocks.json").display(),
            ex.join("order-processing.input.json").display(),
        ),
    )
    .unwrap();
    let cov = dir.path().join("coverage.json");
    aslctl()
        .arg("test")
        .arg(&suite)
        .arg("--coverage-out")
        .arg(&cov)
        .assert()
        .success();
    let with = aslctl()
        .arg("graph")
        .arg(ex.join("order-processing.asl.json"))
        .arg("--coverage")
        .arg(&cov)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plain = aslctl()
        .arg("graph")
        .arg(ex.join("order-processing.asl.json"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (with, plain) = (
        String::from_utf8(with).unwrap(),
        String::from_utf8(plain).unwrap(),
    );
    assert_ne!(with, plain);
    let line_of = |dot: &str, name: &str| {
        dot.lines()
            .find(|l| l.contains(name) && l.contains("label"))
            .unwrap_or("")
            .to_string()
    };
    let cancel = line_of(&with, "Cancel order");
    let ship = line_of(&with, "Ship order");
    assert!(!cancel.is_empty() && !ship.is_empty(), "{with}");
    assert_ne!(
        cancel,
        line_of(&plain, "Cancel order"),
        "uncovered state is restyled: {cancel}"
    );
    // The default theme's "did not run" stroke.
    assert!(cancel.contains("#b8bec7"), "{cancel}");
    assert!(!ship.contains("#b8bec7"), "{ship}");
}
