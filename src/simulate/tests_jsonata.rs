//! JSONata fields and workflow variables, one test per field kind and scoping rule; each cites
//! the AWS page or recorded conformance case it follows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::value::{Value, json};

use super::tests::{failed, run, run_with, types};
use super::{Execution, Options, Status};

fn ok(ex: &Execution) -> &Value {
    assert_eq!(
        ex.status,
        Status::Succeeded,
        "{:?} {:?}",
        ex.error,
        ex.cause
    );
    ex.output.as_ref().unwrap()
}

/// The AWS JSON of every event of type `ty`.
fn events(ex: &Execution, ty: &str) -> Vec<Value> {
    ex.history
        .iter()
        .filter(|e| e.event.type_name() == ty)
        .map(|e| Value::from(e.to_json(&ex.clock)))
        .collect()
}

fn lambda_mock(state: &str, payload: &Value) -> Value {
    json!({"Tasks": {state: [{"Return": payload}]}})
}

#[test]
fn task_arguments_assign_and_output_read_input_and_result() {
    // AWS "Transforming data with JSONata": Arguments see `$states.input`; Output and Assign
    // also see `$states.result`. Recorded case `error_handling_task_catch_error_output_*`.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f", "Payload": {"n": "{% $states.input.n + 1 %}", "lit": "plain"}},
              "Assign": {"seen": "{% $states.result.v %}"},
              "Output": {"in": "{% $states.input.n %}", "out": "{% $states.result.v %}"},
              "Next": "P"},
        "P": {"Type": "Pass", "Output": "{% $seen %}", "End": true}}});
    let ex = run(&def, json!({"n": 1}), &lambda_mock("T", &json!({"v": 7})));
    assert_eq!(ok(&ex), &json!(7));
    let sched = &events(&ex, "TaskScheduled")[0];
    let params: Value = serde_json::from_str(
        sched["taskScheduledEventDetails"]["parameters"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        params,
        json!({"FunctionName": "f", "Payload": {"n": 2, "lit": "plain"}})
    );
    let exits = events(&ex, "TaskStateExited");
    assert_eq!(
        exits[0]["stateExitedEventDetails"]["output"],
        json!(r#"{"in":1,"out":7}"#)
    );
}

#[test]
fn task_output_defaults_to_the_result_and_pass_output_to_the_input() {
    // AWS "Transforming data with JSONata": without Output a Task's output is its result and a
    // Pass's output its input; outputs need not be objects (`jsonata_base_output_any_non_dict_*`).
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f"}, "Next": "P"},
        "P": {"Type": "Pass", "Next": "Q"},
        "Q": {"Type": "Pass", "Output": "{% [$states.input.r, 'x', null] %}", "End": true}}});
    let ex = run(&def, json!({}), &lambda_mock("T", &json!({"r": 1})));
    assert_eq!(ok(&ex), &json!([1, "x", null]));
}

#[test]
fn undefined_result_fails_with_the_field_path_and_an_evaluation_failed_event() {
    // Recorded case `variables_undefined_reference_base_undefined_output_field` (cause text and
    // trace: PassStateEntered, EvaluationFailed, ExecutionFailed).
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}, "End": true}}});
    let ex = run(&def, json!({}), &json!({}));
    let (error, cause) = failed(&ex);
    assert_eq!(error, "States.QueryEvaluationError");
    assert_eq!(
        cause,
        "An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined)."
    );
    assert_eq!(
        types(&ex),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "EvaluationFailed",
            "ExecutionFailed"
        ]
    );
    let details = &events(&ex, "EvaluationFailed")[0]["evaluationFailedEventDetails"];
    assert_eq!(details["location"], "Output/result");
    assert_eq!(details["state"], "State0");
    assert_eq!(details["error"], "States.QueryEvaluationError");
}

#[test]
fn assign_failures_name_the_assigned_variable() {
    // Recorded case `variables_undefined_reference_base_undefined_assign`.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Assign": {"result": "{% $doesNotExist %}"}, "End": true}}});
    let ex = run(&def, json!({}), &json!({}));
    let (_, cause) = failed(&ex);
    assert!(
        cause.ends_with("specified for the field 'Assign/result' returned nothing (undefined)."),
        "{cause}"
    );
}

#[test]
fn items_must_be_an_array() {
    // Recorded cases `map_map_state_items_eval_jsonata_fail_number` and `…_fail_function`:
    // MapStateEntered, EvaluationFailed, MapStateFailed, ExecutionFailed.
    let map = |items: &str| {
        json!({"QueryLanguage": "JSONata", "StartAt": "MapIterateState", "States": {
            "MapIterateState": {"Type": "Map", "Items": items, "End": true,
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})
    };
    let ex = run(&map("{% 1 %}"), json!({}), &json!({}));
    let (error, cause) = failed(&ex);
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(cause.ends_with(
        "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1"
    ), "{cause}");
    assert_eq!(
        types(&ex),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "EvaluationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    let ex = run(&map("{% $fn := function($x){$x} %}"), json!({}), &json!({}));
    let (_, cause) = failed(&ex);
    assert!(
        cause.ends_with("specified for the field 'Items' returned an unsupported result type."),
        "{cause}"
    );
    // A literal array is an array (AWS "Map state": Items accepts a JSON array).
    let ex = run(&map("x"), json!({}), &json!({}));
    assert_eq!(failed(&ex).0, "States.QueryEvaluationError");
}

#[test]
fn item_selector_reads_the_map_item_from_the_context() {
    // AWS "Map state" (JSONata): ItemSelector with `$states.context.Map.Item.Index/Value`.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {
        "M": {"Type": "Map", "Items": "{% $states.input.xs %}",
              "MaxConcurrency": "{% 1 + 1 %}",
              "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}",
                               "v": "{% $states.context.Map.Item.Value %}",
                               "all": "{% $count($states.input.xs) %}"},
              "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "End": true}}});
    let ex = run(&def, json!({"xs": ["a", "b"]}), &json!({}));
    assert_eq!(
        ok(&ex),
        &json!([{"i": 0, "v": "a", "all": 2}, {"i": 1, "v": "b", "all": 2}])
    );
}

#[test]
fn choice_condition_and_rule_level_assign() {
    // Recorded case `variables_assign_in_choice_condition_true`: the matched rule's Assign
    // applies; the state-level Assign goes with Default (spec/simulate.md §5.10).
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice",
              "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "Done",
                           "Assign": {"route": "rule"}, "Output": {"via": "rule"}}],
              "Default": "Done", "Assign": {"route": "default"}},
        "Done": {"Type": "Pass", "Output": {"route": "{% $route %}", "in": "{% $states.input %}"}, "End": true}}});
    let ex = run(&def, json!({"n": 2}), &json!({}));
    assert_eq!(ok(&ex), &json!({"route": "rule", "in": {"via": "rule"}}));
    let ex = run(&def, json!({"n": 0}), &json!({}));
    assert_eq!(ok(&ex), &json!({"route": "default", "in": {"n": 0}}));
}

#[test]
fn choice_condition_must_be_a_boolean() {
    // AWS "Choice workflow state" (JSONata): a Condition evaluates to true or false.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% 'yes' %}", "Next": "D"}], "Default": "D"},
        "D": {"Type": "Succeed"}}});
    let ex = run(&def, json!({}), &json!({}));
    assert_eq!(failed(&ex).0, "States.QueryEvaluationError");
    assert_eq!(events(&ex, "EvaluationFailed").len(), 1);
}

#[test]
fn catcher_output_and_assign_read_the_error_output() {
    // Recorded case `error_handling_task_catch_error_output_task_catch_error_output`; without
    // Output a JSONata catcher passes `$states.errorOutput` on (AWS "Handling errors").
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.ALL"],
                         "Assign": {"err": "{% $states.errorOutput.Error %}"},
                         "Output": {"in": "{% $states.input %}", "e": "{% $states.errorOutput %}"},
                         "Next": "P"}],
              "End": true},
        "P": {"Type": "Pass", "Output": {"seen": "{% $err %}", "in": "{% $states.input %}"}, "End": true}}});
    let mock = json!({"Tasks": {"T": [{"Throw": {"Error": "Boom", "Cause": "bad"}}]}});
    let ex = run(&def, json!({"a": 1}), &mock);
    assert_eq!(
        ok(&ex),
        &json!({"seen": "Boom", "in": {"in": {"a": 1}, "e": {"Error": "Boom", "Cause": "bad"}}})
    );
    let bare = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true},
        "P": {"Type": "Pass", "End": true}}});
    let ex = run(&bare, json!({"a": 1}), &mock);
    assert_eq!(ok(&ex), &json!({"Error": "Boom", "Cause": "bad"}));
}

#[test]
fn wait_seconds_and_timestamp_expressions() {
    // Recorded cases `wait_wait_seconds_jsonata` and `wait_wait_timestamp_jsonata_invalid_date`
    // (States.QueryEvaluationError with an EvaluationFailed event).
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": "{% $states.input.s * 2 %}", "End": true}}});
    let ex = run(&def, json!({"s": 5}), &json!({}));
    ok(&ex);
    assert_eq!(ex.clock.elapsed_ms(), 10_000);
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "WaitState", "States": {
        "WaitState": {"Type": "Wait", "Timestamp": "{% $states.input.t %}", "End": true}}});
    let ex = run(&def, json!({"t": "2016-13-05T21:29:29Z"}), &json!({}));
    let (error, cause) = failed(&ex);
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(cause.ends_with("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-13-05T21:29:29Z"), "{cause}");
    assert_eq!(
        events(&ex, "EvaluationFailed")[0]["evaluationFailedEventDetails"]["location"],
        "Timestamp"
    );
}

#[test]
fn task_timeout_and_heartbeat_expressions() {
    // Recorded cases `jsonata_base_task_timeout_seconds` and `…_heartbeat_seconds`.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
              "TimeoutSeconds": "{% $states.input.t %}", "HeartbeatSeconds": "{% $states.input.t - 1 %}",
              "End": true}}});
    let ex = run(&def, json!({"t": 30}), &lambda_mock("T", &json!(1)));
    ok(&ex);
    let d = &events(&ex, "TaskScheduled")[0]["taskScheduledEventDetails"];
    assert_eq!(d["timeoutInSeconds"], 30);
    assert_eq!(d["heartbeatInSeconds"], 29);
}

#[test]
fn fail_error_and_cause_expressions() {
    // AWS "Fail workflow state": Error and Cause accept JSONata.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "{% 'E.' & $states.input.code %}", "Cause": "{% $string($states.input.n) %}"}}});
    let ex = run(&def, json!({"code": "X", "n": 3}), &json!({}));
    assert_eq!(failed(&ex), ("E.X", "3"));
}

#[test]
fn context_clock_and_randomness_are_deterministic() {
    // `$states.context` is the context object; `$now()` reads the virtual clock, `$random()`
    // the run's seed (spec/simulate.md §6: deterministic runs).
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": {"name": "{% $states.context.Execution.Name %}",
              "input": "{% $states.context.Execution.Input.k %}", "state": "{% $states.context.State.Name %}",
              "now": "{% $now() %}", "r": "{% $random() %}"}, "End": true}}});
    let a = run(&def, json!({"k": 5}), &json!({}));
    let b = run(&def, json!({"k": 5}), &json!({}));
    assert_eq!(ok(&a), ok(&b));
    assert_eq!(ok(&a)["name"], "aslctl-simulation");
    assert_eq!(ok(&a)["input"], 5);
    assert_eq!(ok(&a)["state"], "P");
    assert_eq!(ok(&a)["now"], "2024-01-01T00:00:00.000Z");
    let other = run_with(
        &def,
        json!({"k": 5}),
        &json!({}),
        &Options {
            seed: 7,
            ..Options::default()
        },
    );
    assert_ne!(ok(&a)["r"], ok(&other)["r"]);
}

#[test]
fn jsonata_output_feeds_a_jsonpath_state() {
    // Recorded case `jsonata_output_to_state_jsonata_output_to_jsonpath`: QueryLanguage per
    // state, inheriting the machine's.
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"x": "{% 6 * 7 %}"},
              "Assign": {"v": "{% 'var' %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"x.$": "$.x", "v.$": "$v", "lit": "{% 1 %}"}, "End": true}}});
    let ex = run(&def, json!({}), &json!({}));
    assert_eq!(ok(&ex), &json!({"x": 42, "v": "var", "lit": "{% 1 %}"}));
}

#[test]
fn one_assign_block_sees_the_old_values() {
    // AWS "Passing data between states with variables": all assignments of one Assign are
    // evaluated with the values from before the state.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1, "y": 10}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x": "{% $y %}", "y": "{% $x %}"}, "Next": "C"},
        "C": {"Type": "Pass", "Output": ["{% $x %}", "{% $y %}"], "End": true}}});
    assert_eq!(ok(&run(&def, json!({}), &json!({}))), &json!([10, 1]));
}

#[test]
fn iterations_and_branches_read_outer_variables_and_keep_their_own() {
    // AWS "Passing data between states with variables", variable scope: Map iterations and
    // Parallel branches read outer variables; what they assign is invisible outside.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"k": 3}, "Next": "Par"},
        "Par": {"Type": "Parallel", "Next": "M", "Branches": [
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"inner": 1}, "Next": "B2"},
                                        "B2": {"Type": "Pass", "Output": "{% $inner + $k %}", "End": true}}},
            {"StartAt": "C", "States": {"C": {"Type": "Pass", "Output": "{% $exists($inner) %}", "End": true}}}]},
        "M": {"Type": "Map", "Items": "{% [1, 2] %}", "Next": "After",
              "ItemProcessor": {"StartAt": "I", "States": {
                  "I": {"Type": "Pass", "Assign": {"item": "{% $states.input %}"}, "Next": "I2"},
                  "I2": {"Type": "Pass", "Output": "{% $item * $k %}", "End": true}}},
              "Assign": {"products": "{% $states.result %}"}},
        "After": {"Type": "Pass", "End": true, "Output": {
            "products": "{% $products %}", "inner": "{% $exists($inner) %}", "item": "{% $exists($item) %}",
            "par": "{% $states.input %}"}}}});
    let ex = run(&def, json!({}), &json!({}));
    assert_eq!(
        ok(&ex),
        &json!({"products": [3, 6], "inner": false, "item": false, "par": [3, 6]})
    );
}

#[test]
fn exited_events_record_assigned_variables_as_json_text() {
    // spec/simulate.md §3: `assignedVariables` maps each name to its value as JSON text.
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"constant_int": 0, "obj": {"a": [1]}, "s.$": "$.s"}, "End": true}}});
    let ex = run(&def, json!({"s": "x"}), &json!({}));
    let d = &events(&ex, "PassStateExited")[0]["stateExitedEventDetails"];
    assert_eq!(
        d["assignedVariables"],
        json!({"constant_int": "0", "obj": r#"{"a":[1]}"#, "s": r#""x""#})
    );
    assert_eq!(d["assignedVariablesDetails"], json!({"truncated": false}));
}

#[test]
fn variables_over_256_kib_exceed_the_quota() {
    // AWS "Passing data between states with variables": a variable holds at most 256 KiB.
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"big": "{% $states.input.s %}"}, "End": true}}});
    let ex = run(&def, json!({"s": "x".repeat(200_000)}), &json!({}));
    ok(&ex);
    let ex = run(&def, json!({"s": "x".repeat(300_000)}), &json!({}));
    // The execution input itself is over the payload quota here, so either quota may fire;
    // run without the payload quota to reach the variable one.
    assert_eq!(failed(&ex).0, "States.DataLimitExceeded");
    let ex = run_with(
        &def,
        json!({"s": "x".repeat(300_000)}),
        &json!({}),
        &Options {
            payload_limit: None,
            ..Options::default()
        },
    );
    let (error, cause) = failed(&ex);
    assert_eq!(error, "States.DataLimitExceeded");
    assert!(cause.contains("'big'"), "{cause}");
}

#[test]
fn undefined_variables_in_jsonpath_fail() {
    // Recorded cases `variables_undefined_reference_*` (JSONPath side): an unset `$name`.
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"x.$": "$nope"}, "End": true}}});
    let ex = run(&def, json!({}), &json!({}));
    let (error, cause) = failed(&ex);
    assert_eq!(error, "States.QueryEvaluationError");
    assert!(cause.contains("$nope"), "{cause}");
}
