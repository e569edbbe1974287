//! `aslctl test`: the bundled example suite and its coverage, a passing and a failing case for
//! every expectation kind, snapshots of the failure report, JUnit XML read back by a JUnit
//! reader, the coverage file against its schema, located suite errors, and exit codes.

use std::path::{Path, PathBuf};

use aslctl::testing::coverage::Category;
use aslctl::testing::run::CaseStatus;
use aslctl::testing::{TestRun, report, run_files};
use assert_cmd::Command;
use serde_json::Value;

use crate::common::root;

fn fixture(rel: &str) -> PathBuf {
    root().join(rel)
}

/// Runs suites with paths relative to the project root, as a user would type them.
fn run(rels: &[&str]) -> TestRun {
    let files: Vec<PathBuf> = rels.iter().map(PathBuf::from).collect();
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(cwd, root(), "integration tests run from the project root");
    run_files(&files, None)
}

const EXAMPLE: &str = "fixtures/examples/order-processing.asl.test.yaml";
const PASSING: &str = "fixtures/testing/passing.asl.test.yaml";
const FAILING: &str = "fixtures/testing/failing.asl.test.yaml";

/// Every expectation kind, as suites spell it.
const KINDS: [&str; 14] = [
    "status",
    "output",
    "output_contains",
    "error",
    "cause",
    "path",
    "passes_through",
    "not_visited",
    "transitions",
    "states.input",
    "states.input_contains",
    "states.output",
    "states.output_contains",
    "mock_calls",
];

fn aslctl() -> Command {
    let mut cmd = Command::cargo_bin("aslctl").unwrap();
    cmd.current_dir(root()).arg("--color").arg("never");
    cmd
}

#[test]
fn example_suite_passes_with_full_coverage() {
    let run = run(&[EXAMPLE]);
    let cases = &run.suites[0].cases;
    assert_eq!(cases.len(), 5);
    for c in cases {
        assert_eq!(
            c.status,
            CaseStatus::Passed,
            "{}: {:?}",
            c.name,
            c.mismatches
        );
    }
    let m = &run.coverage.machines[0];
    // 12 states; 13 edges: 4 Next, the Choice rule and Default, 2 catchers, 4 scope ends
    // (the two Map/Parallel inner ends, Charge card, Order shipped) — Fail states have none;
    // 3 retriers (Validate order, and both of Charge card: a MaxAttempts 0 retrier still
    // matches, AWS "Handling errors": it is not retried).
    assert_eq!(m.ratio(Category::State).total, 12);
    assert_eq!(m.ratio(Category::Transition).total, 13);
    assert_eq!(m.ratio(Category::Retrier).total, 3);
    assert_eq!(
        m.overall().covered,
        m.overall().total,
        "{:?}",
        m.uncovered().collect::<Vec<_>>()
    );
}

#[test]
fn coverage_names_what_was_never_taken() {
    let files = [PathBuf::from(EXAMPLE)];
    let run = run_files(&files, Some("happy path"));
    let m = &run.coverage.machines[0];
    let missing: Vec<String> = m.uncovered().map(|i| m.item_pointer(i)).collect();
    // The happy path neither takes the Choice Default nor either catcher, and its only retry
    // is Charge card's States.TaskFailed retrier (Payment.GatewayTimeout is a task failure).
    for p in [
        "/States/Is the order valid?/Default",
        "/States/Reserve and charge/Catch/0",
        "/States/Reserve and charge/Catch/1",
        "/States/Validate order/Retry/0",
        "/States/Reserve and charge/Branches/1/States/Charge card/Retry/0",
        "/States/Cancel order",
    ] {
        assert!(missing.iter().any(|m| m == p), "{p} not in {missing:?}");
    }
    assert!(!missing.iter().any(|m| m.ends_with("Charge card/Retry/1")));
}

#[test]
fn every_expectation_kind_passes_and_fails() {
    let run = run(&[PASSING, FAILING]);
    let (passing, failing) = (&run.suites[0], &run.suites[1]);
    assert!(passing.errors.is_empty() && failing.errors.is_empty());
    let names = |s: &aslctl::testing::run::SuiteResult| -> Vec<String> {
        s.cases.iter().map(|c| c.name.clone()).collect()
    };
    assert_eq!(names(passing), KINDS);
    assert_eq!(names(failing), KINDS);
    for c in &passing.cases {
        assert_eq!(
            c.status,
            CaseStatus::Passed,
            "{}: {:?}",
            c.name,
            c.mismatches
        );
    }
    for c in &failing.cases {
        assert_eq!(c.status, CaseStatus::Failed, "{} should fail", c.name);
        for m in &c.mismatches {
            assert_eq!(m.kind.as_str(), c.name, "{}: {m:?}", c.name);
        }
    }
}

#[test]
fn failure_report_snapshots() {
    let run = run(&[FAILING]);
    insta::assert_snapshot!(
        "failure_report_human",
        report::human::render(&run, None, false)
    );
    let json = report::json::render(&run, Some(100.0));
    insta::assert_json_snapshot!("failure_report_json", json["suites"][0]["cases"]);
}

#[test]
fn junit_output_is_read_back_by_a_junit_reader() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.asl.test.yaml");
    std::fs::write(&broken, "definition: missing.asl.json\ncases: []\n").unwrap();
    let mut files: Vec<PathBuf> = [EXAMPLE, FAILING].iter().map(PathBuf::from).collect();
    files.push(broken);
    let run = run_files(&files, None);
    let xml = report::junit::render(&run, Some(100.0));
    let parsed = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes()))
        .unwrap_or_else(|e| panic!("{e}\n{xml}"));
    // 5 + 14 cases, the broken suite's load error, the (met) coverage check.
    assert_eq!(parsed.tests, 21);
    assert_eq!(parsed.failures, 14);
    assert_eq!(parsed.errors, 1);
    assert_eq!(parsed.suites.len(), 4);
    let failing = &parsed.suites[1];
    assert_eq!(failing.name, FAILING);
    assert_eq!(
        (failing.tests, failing.failures, failing.errors),
        (14, 14, 0)
    );
    assert_eq!(failing.cases.len(), 14);
    for case in &failing.cases {
        assert_eq!(case.classname.as_deref(), Some(FAILING));
        let f = case.status.failure_as_ref();
        assert_eq!(f.failure_type, "expectation");
        assert!(
            f.message.starts_with(&case.original_name),
            "{}: {}",
            case.original_name,
            f.message
        );
        assert!(f.text.contains("failing.asl.test.yaml:"), "{}", f.text);
    }
    assert!(parsed.suites[2].cases[0].status.is_error());
    assert!(
        parsed.suites[3].cases[0].status.is_success(),
        "coverage bar met"
    );
    // The Jenkins/Ant JUnit schema orders `properties` before `testcase` and requires
    // `name`, `tests`, `failures`, `errors` on every `testsuite`.
    for chunk in xml.split("<testsuite ").skip(1) {
        let head = chunk.split('>').next().unwrap();
        for attr in ["name=", "tests=", "failures=", "errors=", "time="] {
            assert!(head.contains(attr), "{attr} missing in {head}");
        }
        if let (Some(p), Some(t)) = (chunk.find("<properties>"), chunk.find("<testcase ")) {
            assert!(p < t);
        }
    }
}

#[test]
fn junit_reports_an_unmet_coverage_bar_as_a_failed_case() {
    let run = run_files(&[PathBuf::from(EXAMPLE)], Some("happy"));
    let xml = report::junit::render(&run, Some(90.0));
    let parsed = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
    assert_eq!((parsed.tests, parsed.failures), (2, 1));
    let coverage = &parsed.suites[1];
    assert_eq!(coverage.name, "coverage");
    let f = coverage.cases[0].status.failure_as_ref();
    assert!(
        f.text.contains("order-processing.asl.json: 67.9%"),
        "{}",
        f.text
    );
}

#[test]
fn coverage_file_matches_its_schema() {
    let run = run(&[EXAMPLE, PASSING]);
    let schema: Value =
        serde_json::from_str(include_str!("../schemas/coverage.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let file = run.coverage.to_json();
    let errors: Vec<String> = validator
        .iter_errors(&file)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let m = &file["machines"][0];
    assert_eq!(
        m["definition"],
        "fixtures/examples/order-processing.asl.json"
    );
    let catch = m["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["pointer"] == "/States/Reserve and charge/Catch/1")
        .unwrap();
    assert_eq!(catch["to"], "/States/Cancel order");
    assert_eq!(catch["kind"], "catch");
    assert_eq!(catch["index"], 1);
    assert_eq!(catch["covered"], true);
    // A Succeed state ends its scope without an `End` field.
    assert!(
        m["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pointer"] == "/States/Order shipped"
                && e["kind"] == "end"
                && e["to"].is_null())
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn suite_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bad.asl.test.yaml",
        "definition: {StartAt: A, States: {A: {Type: Succeed}}}\ncases:\n  - name: a\n    expect:\n      status: DONE\n",
    );
    let errors = aslctl::testing::load_suite(&p).unwrap_err();
    let text = errors[0].to_string();
    assert!(text.contains("bad.asl.test.yaml:5:"), "{text}");
    assert!(text.contains("/cases/0/expect/status"), "{text}");

    // An unknown test case is the case's own error, with a suggestion.
    let p = write(
        dir.path(),
        "tc.asl.test.yaml",
        &format!(
            "definition: {0}/fixtures/examples/order-processing.asl.json\nmocks: {0}/fixtures/examples/order-processing.mocks.json\ncases:\n  - name: a\n    test_case: HapyPath\n    expect: {{status: SUCCEEDED}}\n",
            root().display()
        ),
    );
    let run = run_files(&[p], None);
    let case = &run.suites[0].cases[0];
    assert_eq!(case.status, CaseStatus::Error);
    assert!(
        case.error
            .as_ref()
            .unwrap()
            .contains("did you mean `HappyPath`"),
        "{case:?}"
    );
}

#[test]
fn inline_definition_and_mocks() {
    let dir = tempfile::tempdir().unwrap();
    // A Pass state's Result replaces its input at ResultPath (AWS "Pass workflow state").
    let p = write(
        dir.path(),
        "inline.asl.test.json",
        r#"{"definition": {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "ResultPath": "$.sent", "Next": "Mark"},
              "Mark": {"Type": "Pass", "Result": true, "ResultPath": "$.done", "End": true}}},
            "mocks": {"Tasks": {"Call": {"Return": {"MessageId": "m"}}}},
            "cases": [{"name": "inline", "input": {"a": 1}, "context": {"execution_name": "e1"},
                       "expect": {"output": {"a": 1, "sent": {"MessageId": "m"}, "done": true}}}]}"#,
    );
    let run = run_files(&[p], None);
    assert_eq!(
        run.suites[0].cases[0].status,
        CaseStatus::Passed,
        "{:?}",
        run.suites[0]
    );
    assert!(
        run.coverage.machines[0]
            .definition
            .ends_with("inline.asl.test.json#/definition")
    );
}

#[test]
fn cli_exit_codes_and_outputs() {
    aslctl()
        .args(["test", "fixtures/examples", "--coverage-min", "100"])
        .assert()
        .code(0);
    aslctl().args(["test", FAILING]).assert().code(1);
    aslctl()
        .args(["test", EXAMPLE, "--filter", "happy", "--coverage-min", "90"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("below --coverage-min 90%"));
    aslctl().args(["test", "no/such/dir"]).assert().code(2);
    aslctl()
        .args(["test", EXAMPLE, "--filter", "nothing-matches"])
        .assert()
        .code(2);
    let out = tempfile::tempdir().unwrap();
    let cov = out.path().join("coverage.json");
    aslctl()
        .args(["test", EXAMPLE, "--format", "junit", "--coverage-out"])
        .arg(&cov)
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with("<?xml"));
    let v: Value = serde_json::from_slice(&std::fs::read(&cov).unwrap()).unwrap();
    assert_eq!(v["machines"][0]["summary"]["transitions"]["percent"], 100.0);
    let json = aslctl()
        .args(["test", PASSING, "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["totals"]["passed"], 14);
}

/// `aslctl simulate --test-case` and `aslctl test` share one engine: the same test case gives
/// the same status and transition count either way.
#[test]
fn simulate_and_test_agree() {
    let run = run(&[EXAMPLE]);
    for (case, tc) in run.suites[0].cases.iter().zip([
        "HappyPath",
        "ValidationRetried",
        "PaymentDeclined",
        "OutOfStock",
        "InvalidOrder",
    ]) {
        let out = aslctl()
            .args([
                "simulate",
                "fixtures/examples/order-processing.asl.json",
                "--format",
                "json",
            ])
            .args(["--input", "fixtures/examples/order-processing.input.json"])
            .args([
                "--mock",
                "fixtures/examples/order-processing.mocks.json",
                "--test-case",
                tc,
            ])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["status"], case.execution.unwrap().as_str(), "{tc}");
        assert_eq!(v["stats"]["transitions"], case.transitions, "{tc}");
    }
}

#[test]
fn every_fixture_suite_matches_the_schema() {
    for dir in ["fixtures/examples", "fixtures/testing"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            let p = entry.unwrap().path();
            if aslctl::testing::is_suite_file(&p) {
                aslctl::testing::load_suite(&p)
                    .unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
            }
        }
    }
}
