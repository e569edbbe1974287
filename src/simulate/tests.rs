//! Whole-machine tests: each runs a small definition and checks the outcome AWS documents or
//! recorded (the doc page or conformance case is cited on each test).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::value::{Value, json};
use aslctl_parser::json::{ParseOptions, parse};

use super::error::Abort;
use super::history::HistoryEvent;
use super::mocks::{MockFile, MockSet};
use super::{Execution, Options, Status, compile, simulate};

pub(super) fn mocks(native: &Value) -> MockSet {
    let text = native.to_string();
    let loaded = aslctl_parser::load::load(
        "mocks.json",
        text.into_bytes(),
        aslctl_parser::load::LoadOptions::default(),
    );
    let root = loaded.root.unwrap();
    MockFile::from_node(&loaded.source, &root)
        .unwrap()
        .select(None, None)
        .unwrap()
}

pub(super) fn run_with(def: &Value, input: Value, mock: &Value, opts: &Options) -> Execution {
    let text = def.to_string();
    let root = parse(&text, ParseOptions::default()).root.unwrap();
    let (machine, _) = aslctl_parser::model::build(&root);
    let program = compile(&machine.unwrap()).unwrap();
    let mut set = mocks(mock);
    simulate(&program, input, opts, &mut set)
}

pub(super) fn run(def: &Value, input: Value, mock: &Value) -> Execution {
    run_with(def, input, mock, &Options::default())
}

pub(super) fn types(ex: &Execution) -> Vec<String> {
    ex.history.iter().map(|e| e.event.type_name()).collect()
}

pub(super) fn failed(ex: &Execution) -> (&str, &str) {
    assert_eq!(ex.status, Status::Failed, "{:?}", ex.output);
    (
        ex.error.as_deref().unwrap_or_default(),
        ex.cause.as_deref().unwrap_or_default(),
    )
}

#[test]
fn pass_result_path_merges_into_the_raw_input() {
    // AWS "Specifying state output using ResultPath": the result is placed at $.taskresult.
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "Hello, Step Functions!",
        "ResultPath": "$.taskresult", "End": true}}});
    let ex = run(
        &def,
        json!({"comment": "x", "details": {"a": 1}}),
        &json!({}),
    );
    assert_eq!(
        ex.output,
        Some(json!({"comment": "x", "details": {"a": 1}, "taskresult": "Hello, Step Functions!"}))
    );
    // Canonical Pass sequence (spec/simulate.md §3).
    assert_eq!(
        types(&ex),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn null_paths() {
    // `pass_fail_succeed_state_pass_result_null_input_output_paths`: InputPath null gives {},
    // OutputPath null gives {}; ResultPath null keeps the input.
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "InputPath": null, "ResultPath": "$.seen", "Next": "B"},
        "B": {"Type": "Pass", "Result": 1, "ResultPath": null, "Next": "C"},
        "C": {"Type": "Pass", "OutputPath": null, "End": true}}});
    let ex = run(&def, json!({"x": 1}), &json!({}));
    assert_eq!(ex.output, Some(json!({})));
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "InputPath": null, "ResultPath": "$.seen", "End": true}}});
    assert_eq!(
        run(&def, json!({"x": 1}), &json!({})).output,
        Some(json!({"x": 1, "seen": {}}))
    );
}

#[test]
fn missing_paths_are_runtime_errors_with_aws_causes() {
    // `io_processing_invalid_jsonpath_st_invalid_jsonpath_in_outputpath`.
    let def = json!({"StartAt": "pass", "States": {"pass": {"Type": "Pass",
        "OutputPath": "$.NoSuchOutputPath", "End": true}}});
    let ex = run(&def, json!({}), &json!({}));
    assert_eq!(
        failed(&ex),
        (
            "States.Runtime",
            "An error occurred while executing the state 'pass' (entered at the event id #2). Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"
        )
    );
    // No `…StateExited` after a runtime error (spec/simulate.md §3).
    assert_eq!(
        types(&ex),
        ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]
    );
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass",
        "Parameters": {"v.$": "$.missing"}, "End": true}}});
    let ex = run(&def, json!({"a": 1}), &json!({}));
    let (error, cause) = failed(&ex);
    assert_eq!(error, "States.Runtime");
    assert!(cause.ends_with("The JSONPath '$.missing' specified for the field 'v.$' could not be found in the input '{\"a\":1}'"), "{cause}");
}

#[test]
fn result_path_into_a_scalar_fails() {
    // AWS "Error names": States.ResultPathMatchFailure when ResultPath cannot be applied.
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1,
        "ResultPath": "$.a.b", "End": true}}});
    assert_eq!(
        failed(&run(&def, json!({"a": "text"}), &json!({}))).0,
        "States.ResultPathMatchFailure"
    );
}

#[test]
fn choice_rules_default_and_no_match() {
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"And": [{"Variable": "$.n", "NumericGreaterThanEquals": 10},
                     {"Not": {"Variable": "$.tag", "IsPresent": true}}], "Next": "Big"},
            {"Variable": "$.n", "NumericLessThanPath": "$.limit", "Next": "Small"}]},
        "Big": {"Type": "Succeed"}, "Small": {"Type": "Pass", "Result": "small", "End": true}}});
    assert_eq!(
        run(&def, json!({"n": 12, "limit": 0}), &json!({})).output,
        Some(json!({"n": 12, "limit": 0}))
    );
    assert_eq!(
        run(&def, json!({"n": 1, "limit": 5}), &json!({})).output,
        Some(json!("small"))
    );
    // AWS "Choice state": with no match and no Default, States.NoChoiceMatched.
    assert_eq!(
        failed(&run(&def, json!({"n": 7, "limit": 5}), &json!({}))).0,
        "States.NoChoiceMatched"
    );
    // A Variable that selects nothing is States.Runtime (IsPresent excepted).
    assert_eq!(
        failed(&run(&def, json!({"limit": 5}), &json!({}))).0,
        "States.Runtime"
    );
}

#[test]
fn wait_advances_virtual_time_and_validates() {
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "T"},
        "T": {"Type": "Wait", "Timestamp": "2024-01-02T00:00:00Z", "End": true}}});
    let ex = run(&def, json!({"s": 3600}), &json!({}));
    assert_eq!(ex.status, Status::Succeeded);
    assert_eq!(ex.clock.elapsed_ms(), 86_400_000);
    // `wait_base_wait_seconds_path_1_5`.
    let ex = run(&def, json!({"s": 1.5}), &json!({}));
    let (e, c) = failed(&ex);
    assert_eq!(e, "States.Runtime");
    assert!(
        c.ends_with("The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"),
        "{c}"
    );
    // `wait_wait_timestamp_path_no_z`: no offset is not an ISO-8601 offset date-time.
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.t", "End": true}}});
    let ex = run(&def, json!({"t": "2016-12-05T21:29:29"}), &json!({}));
    assert!(
        failed(&ex)
            .1
            .ends_with("format string: $.t == 2016-12-05T21:29:29")
    );
}

fn retry_machine() -> Value {
    json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Done",
              "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 3}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}]},
        "Handle": {"Type": "Pass", "End": true},
        "Done": {"Type": "Succeed"}}})
}

#[test]
fn retry_backoff_then_catch() {
    // AWS "Error handling": defaults IntervalSeconds 1, BackoffRate 2 → waits 1 + 2 + 4 s; after
    // the last attempt the catcher places {"Error","Cause"} at its ResultPath.
    let throw = json!({"Throw": {"Error": "Flaky", "Cause": "try again"}});
    let ex = run(
        &retry_machine(),
        json!({"id": 7}),
        &json!({"Tasks": {"T": [throw, throw, throw, throw]}}),
    );
    assert_eq!(
        ex.output,
        Some(json!({"id": 7, "error": {"Error": "Flaky", "Cause": "try again"}}))
    );
    assert_eq!(ex.clock.elapsed_ms(), 7000);
    // No retry event: TaskScheduled follows TaskFailed directly (spec/simulate.md §3).
    let t = types(&ex);
    assert_eq!(t.iter().filter(|x| *x == "TaskScheduled").count(), 4);
    assert_eq!(t[4], "TaskFailed");
    assert_eq!(t[5], "TaskScheduled");
    // Succeeds on the third call.
    let ok = json!({"Return": {"ok": true}});
    let ex = run(
        &retry_machine(),
        json!({}),
        &json!({"Tasks": {"T": [throw, throw, ok]}}),
    );
    assert_eq!(ex.output, Some(json!({"ok": true})));
    assert_eq!(ex.clock.elapsed_ms(), 3000);
}

#[test]
fn states_runtime_is_never_caught() {
    // `error_handling_catch_states_runtime`.
    let def = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.nope",
              "Catch": [{"ErrorEquals": ["States.Runtime", "States.ALL"], "Next": "H"}], "End": true},
        "H": {"Type": "Succeed"}}});
    let ex = run(&def, json!({}), &json!({"Tasks": {"T": {"Return": {}}}}));
    assert_eq!(failed(&ex).0, "States.Runtime");
}

#[test]
fn parallel_outputs_in_branch_order_and_inner_errors() {
    let branch = |r: Value| json!({"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": r, "End": true}}});
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Branches": [branch(json!(1)), branch(json!({"b": 2}))]}}});
    let ex = run(&def, json!({}), &json!({}));
    assert_eq!(ex.output, Some(json!([1, {"b": 2}])));
    // `parallel_parallel_state_fail`: the execution fails with the branch's own error.
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Branches": [branch(json!(1)), {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "FailureType"}}}]}}});
    let ex = run(&def, json!({}), &json!({}));
    assert_eq!(failed(&ex).0, "FailureType");
    assert!(types(&ex).contains(&"ParallelStateFailed".to_owned()));
}

#[test]
fn map_item_selector_context_and_shared_mock_counter() {
    // AWS "ItemSelector": $$.Map.Item.Index and .Value; spec §2: one mock counter per state,
    // shared by all iterations, so iterations see invocations 0, 1, 2 in index order.
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
        "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.r", "End": true}}}}}});
    let ex = run(
        &def,
        json!({"items": ["a", "b", "c"], "tag": "t"}),
        &json!({"Tasks": {"T": [{"Return": 0}, {"Return": 1}, {"Return": 2}]}}),
    );
    assert_eq!(
        ex.output,
        Some(json!([
            {"index": 0, "value": "a", "tag": "t", "r": 0},
            {"index": 1, "value": "b", "tag": "t", "r": 1},
            {"index": 2, "value": "c", "tag": "t", "r": 2}
        ]))
    );
    assert!(
        ex.history
            .iter()
            .any(|e| e.event == HistoryEvent::MapStateStarted { length: 3 })
    );
}

#[test]
fn distributed_map_reader_and_tolerated_failures() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                       "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                       "Parameters": {"Bucket": "b", "Key": "k.csv"}},
        "ToleratedFailureCount": 1,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "C", "States": {"C": {"Type": "Choice",
                "Choices": [{"Variable": "$.ok", "StringEquals": "no", "Next": "F"}], "Default": "S"},
                "F": {"Type": "Fail", "Error": "Bad"}, "S": {"Type": "Succeed"}}}}}});
    let one_bad = json!({"ItemReaders": {"M": "name,ok\na,yes\nb,no\nc,yes\n"}});
    let ex = run(&def, json!({}), &one_bad);
    assert_eq!(ex.status, Status::Succeeded);
    assert_eq!(ex.output.as_ref().unwrap()[1], json!({"Error": "Bad"}));
    // Child executions are not in the parent history (spec/simulate.md §3).
    assert!(!types(&ex).iter().any(|t| t.starts_with("Choice")));
    let two_bad = json!({"ItemReaders": {"M": "name,ok\na,no\nb,no\n"}});
    assert_eq!(
        failed(&run(&def, json!({}), &two_bad)).0,
        "States.ExceedToleratedFailureThreshold"
    );
    let ex = run(&def, json!({}), &json!({}));
    assert!(matches!(
        ex.abort,
        Some(Abort::MissingItemReaderData { .. })
    ));
}

#[test]
fn task_timeouts_and_heartbeats_in_virtual_time() {
    // AWS "Task state": TimeoutSeconds → States.Timeout, HeartbeatSeconds → States.HeartbeatTimeout.
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "TimeoutSeconds": 60, "HeartbeatSeconds": 10, "End": true}}});
    let slow =
        json!({"Tasks": {"T": {"Return": 1, "DurationSeconds": 120, "HeartbeatEverySeconds": 5}}});
    let ex = run(&def, json!({}), &slow);
    assert_eq!(failed(&ex).0, "States.Timeout");
    assert_eq!(ex.clock.elapsed_ms(), 60_000);
    assert!(types(&ex).contains(&"TaskTimedOut".to_owned()));
    let silent = json!({"Tasks": {"T": {"Return": 1, "DurationSeconds": 30}}});
    let ex = run(&def, json!({}), &silent);
    assert_eq!(failed(&ex).0, "States.HeartbeatTimeout");
    assert_eq!(ex.clock.elapsed_ms(), 10_000);
    let quick = json!({"Tasks": {"T": {"Return": 1, "DurationSeconds": 8}}});
    assert_eq!(run(&def, json!({}), &quick).output, Some(json!(1)));
}

#[test]
fn native_times_answers_calls_in_a_row() {
    // Retry with MaxAttempts 3 (AWS "Handling errors"): three failures, then the fourth call
    // succeeds; the counter runs on past a `Times` entry into the next one.
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 1}],
        "End": true}}});
    let mock = json!({"Tasks": {"T": [
        {"Throw": {"Error": "Throttled"}, "Times": 3},
        {"Return": {"ok": true}}
    ]}});
    let ex = run(&def, json!({}), &mock);
    assert_eq!(ex.output, Some(json!({"ok": true})));
    assert_eq!(ex.clock.elapsed_ms(), 3_000);
    // One more failure than the retrier allows fails the state.
    let mock = json!({"Tasks": {"T": [
        {"Throw": {"Error": "Throttled"}, "Times": 4},
        {"Return": {"ok": true}}
    ]}});
    assert_eq!(failed(&run(&def, json!({}), &mock)).0, "Throttled");
    // Past the last entry the list is used up.
    let mock = json!({"Tasks": {"T": [{"Throw": {"Error": "Throttled"}, "Times": 2}]}});
    let ex = run(&def, json!({}), &mock);
    assert_eq!(ex.status, Status::Aborted);
}

#[test]
fn guards() {
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let opts = Options {
        max_transitions: 50,
        ..Options::default()
    };
    let ex = run_with(&def, json!({}), &json!({}), &opts);
    assert_eq!(ex.status, Status::Aborted);
    assert_eq!(ex.error.as_deref(), Some("aslctl.MaxTransitionsExceeded"));
    assert_eq!(ex.transitions, 51);
    // AWS quotas: 256 KiB payloads; a bigger state output is States.DataLimitExceeded.
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass",
        "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}});
    let s = "x".repeat(200_000);
    assert_eq!(
        failed(&run(&def, json!({"s": s}), &json!({}))).0,
        "States.DataLimitExceeded"
    );
    // A Task without a mock names the state and the mock to add.
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}});
    let ex = run(&def, json!({}), &json!({}));
    let Some(Abort::MissingMock { state, hint }) = &ex.abort else {
        panic!("{:?}", ex.abort)
    };
    assert_eq!(state, "T");
    assert!(hint.contains("\"T\""));
    let opts = Options {
        unmocked: crate::cli::Unmocked::Passthrough,
        ..Options::default()
    };
    assert_eq!(
        run_with(&def, json!({"m": 1}), &json!({}), &opts).output,
        Some(json!({"m": 1}))
    );
}

#[test]
fn context_object_and_determinism() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"name.$": "$$.Execution.Name", "retry.$": "$$.State.RetryCount",
                       "entered.$": "$$.State.EnteredTime", "id.$": "States.UUID()"},
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 5, "JitterStrategy": "FULL"}], "End": true}}});
    let mock = json!({"Tasks": {"T": [{"Throw": {"Error": "E"}}, {"Echo": true}]}});
    let a = run(&def, json!({}), &mock);
    let out = a.output.clone().unwrap();
    assert_eq!(out["name"], "aslctl-simulation");
    assert_eq!(out["retry"], 1);
    assert_eq!(out["entered"], "2024-01-01T00:00:00.000Z");
    let b = run(&def, json!({}), &mock);
    assert_eq!(a.to_json(), b.to_json(), "same seed, same run");
    let c = run_with(
        &def,
        json!({}),
        &mock,
        &Options {
            seed: 9,
            ..Options::default()
        },
    );
    assert_ne!(a.output, c.output);
}

#[test]
fn lambda_function_arn_with_a_mock_config_file_returns_the_payload() {
    // conformance README: for a function ARN Resource the MockConfigFile `Return` is the Invoke
    // response and the result its `Payload` (`task_integration_invoke_string_payload`).
    let def = json!({"StartAt": "step1", "States": {"step1": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "End": true}}});
    let file = json!({"StateMachines": {"M": {"TestCases": {"Default": {"step1": "R"}}}},
        "MockedResponses": {"R": {"0": {"Return": {"StatusCode": 200, "Payload": "HelloWorld"}}}}});
    let ex = run(&def, json!({}), &file);
    assert_eq!(ex.output, Some(json!("HelloWorld")));
    assert_eq!(types(&ex)[2], "LambdaFunctionScheduled");
}
