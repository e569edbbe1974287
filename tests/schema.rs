//! `schemas/asl.schema.json`: it compiles, and its error paths carry the `$defs` names lint maps to rule ids.

use serde_json::{Value, json};

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../schemas/asl.schema.json"))
        .expect("schema is valid JSON");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

/// Canonical schema paths (no `$ref` hops) of every error, as lint sees them.
fn schema_paths(definition: &Value) -> Vec<String> {
    let validator = validator();
    validator
        .iter_errors(definition)
        .map(|err| err.schema_path().as_str().to_owned())
        .collect()
}

fn machine(states: Value) -> Value {
    json!({"StartAt": "A", "States": states})
}

#[test]
fn accepts_both_query_languages_and_placeholders() {
    // JSONata values in numeric fields: "Transforming data with JSONata" (AWS developer guide).
    let jsonata = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "f"}, "TimeoutSeconds": "{% 30 %}",
                  "Output": "{% $states.result %}", "Next": "B"},
            "B": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.x %}", "Next": "C"}],
                  "Default": "C"},
            "C": {"Type": "Succeed"}
        }
    });
    assert!(schema_paths(&jsonata).is_empty());
    // `${Name}` placeholders and CloudFormation intrinsics (DefinitionSubstitutions / Fn::GetAtt).
    let templated = machine(json!({
        "A": {"Type": "Task", "Resource": {"Fn::GetAtt": ["Fn", "Arn"]},
              "HeartbeatSeconds": "${Heartbeat}", "End": true}
    }));
    assert!(schema_paths(&templated).is_empty());
}

#[test]
fn error_paths_name_the_failing_definition() {
    // Next and End together: states-language.net "Transitions" (exactly one of them).
    let both = machine(json!({"A": {"Type": "Pass", "Next": "A", "End": true}}));
    assert_eq!(schema_paths(&both), ["/$defs/NextOrEnd/then/not"]);

    // A Task's TimeoutSeconds must be a positive integer: AWS "Task workflow state".
    let zero =
        machine(json!({"A": {"Type": "Task", "Resource": "r", "TimeoutSeconds": 0, "End": true}}));
    assert_eq!(schema_paths(&zero), ["/$defs/PositiveSeconds/else/minimum"]);

    // Static and dynamic variants are exclusive: AWS "Task workflow state" (TimeoutSecondsPath).
    let pair = machine(
        json!({"A": {"Type": "Task", "Resource": "r", "TimeoutSeconds": 5,
                                    "TimeoutSecondsPath": "$.t", "End": true}}),
    );
    assert_eq!(
        schema_paths(&pair),
        ["/$defs/TaskState/dependentSchemas/TimeoutSeconds/not"]
    );

    // A Choice rule compares with exactly one operator: states-language.net "Choice Rules".
    let two_ops = machine(json!({
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "IsString": true, "Next": "B"}]},
        "B": {"Type": "Succeed"}
    }));
    assert!(
        schema_paths(&two_ops)
            .iter()
            .all(|p| p.starts_with("/$defs/ChoiceRuleShape/dependentSchemas/"))
    );
}

#[test]
fn missing_type_reports_one_error() {
    // Every `if` on Type also requires Type, so a state without it fails only `required`.
    let untyped = machine(json!({"A": {"End": true}}));
    assert_eq!(schema_paths(&untyped), ["/$defs/State/required"]);
}
