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
