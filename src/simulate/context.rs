//! The context object `$$`: execution, state machine, state, task token and Map item.
//!
//! Built only when a path reads it, so runs that never use `$$` never copy the execution input.

use serde_json::{Map, Value, json};
use std::cell::OnceCell;

/// Facts about the execution that do not change while it runs.
#[derive(Debug, Clone)]
pub struct ExecutionInfo {
    /// `$$.Execution.Id`
    pub id: String,
    /// `$$.Execution.Name`
    pub name: String,
    /// `$$.Execution.StartTime`
    pub start_time: String,
    /// `$$.Execution.RoleArn`
    pub role_arn: String,
    /// `$$.StateMachine.Id`
    pub state_machine_id: String,
    /// `$$.StateMachine.Name`
    pub state_machine_name: String,
    /// `$$.Execution.Input` (kept only when some expression reads `$$`).
    pub input: Option<Value>,
}

/// The per-state part of `$$`.
#[derive(Debug, Clone, Default)]
pub struct StateInfo<'a> {
    /// `$$.State.Name`
    pub name: &'a str,
    /// `$$.State.EnteredTime`
    pub entered_time: String,
    /// `$$.State.RetryCount`
    pub retry_count: u64,
    /// `$$.Task.Token`
    pub task_token: Option<String>,
    /// `$$.Map.Item.Index` and `.Value`, inside a Map's ItemSelector.
    pub map_item: Option<(usize, &'a Value)>,
}

/// `$$`, built on first use. `$$.Execution.Input` is left out of the built object, which
/// paths read directly from [`LazyContext::execution_input`], so a large input is not copied
/// for each state; only a path that needs the whole `Execution` object gets a full copy.
#[derive(Debug)]
pub struct LazyContext<'a> {
    execution: &'a ExecutionInfo,
    state: StateInfo<'a>,
    cell: OnceCell<Value>,
    full: OnceCell<Value>,
}

impl<'a> LazyContext<'a> {
    /// A context for one state.
    #[must_use]
    pub fn new(execution: &'a ExecutionInfo, state: StateInfo<'a>) -> LazyContext<'a> {
        LazyContext {
            execution,
            state,
            cell: OnceCell::new(),
            full: OnceCell::new(),
        }
    }

    /// The context object without `Execution.Input`.
    pub fn get(&self) -> &Value {
        self.cell
            .get_or_init(|| build(self.execution, &self.state, false))
    }

    /// The whole context object.
    pub fn get_full(&self) -> &Value {
        self.full
            .get_or_init(|| build(self.execution, &self.state, true))
    }

    /// `$$.Execution.Input`.
    #[must_use]
    pub fn execution_input(&self) -> &Value {
        self.execution.input.as_ref().unwrap_or(&Value::Null)
    }
}

fn build(e: &ExecutionInfo, s: &StateInfo<'_>, with_input: bool) -> Value {
    let mut root = Map::new();
    root.insert(
        "Execution".into(),
        json!({
            "Id": e.id,
            "Input": if with_input { e.input.clone().unwrap_or(Value::Null) } else { Value::Null },
            "Name": e.name,
            "RoleArn": e.role_arn,
            "StartTime": e.start_time,
            "RedriveCount": 0,
        }),
    );
    root.insert(
        "State".into(),
        json!({"EnteredTime": s.entered_time, "Name": s.name, "RetryCount": s.retry_count}),
    );
    root.insert(
        "StateMachine".into(),
        json!({"Id": e.state_machine_id, "Name": e.state_machine_name}),
    );
    if let Some(token) = &s.task_token {
        root.insert("Task".into(), json!({ "Token": token }));
    }
    if let Some((index, value)) = s.map_item {
        root.insert(
            "Map".into(),
            json!({"Item": {"Index": index, "Value": value}}),
        );
    }
    Value::Object(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_matches_the_aws_context_object() {
        // AWS "Accessing execution data from the Context object in Step Functions".
        let e = ExecutionInfo {
            id: "arn:aws:states:us-east-1:123456789012:execution:M:run".into(),
            name: "run".into(),
            start_time: "2024-01-01T00:00:00.000Z".into(),
            role_arn: "arn:aws:iam::123456789012:role/r".into(),
            state_machine_id: "arn:aws:states:us-east-1:123456789012:stateMachine:M".into(),
            state_machine_name: "M".into(),
            input: Some(json!({"a": 1})),
        };
        let item = json!("x");
        let cx = LazyContext::new(
            &e,
            StateInfo {
                name: "S",
                entered_time: "t".into(),
                retry_count: 2,
                task_token: None,
                map_item: Some((3, &item)),
            },
        );
        let v = cx.get_full();
        assert_eq!(v["Execution"]["Input"], json!({"a": 1}));
        assert_eq!(cx.execution_input(), &json!({"a": 1}));
        assert_eq!(v["State"]["RetryCount"], 2);
        assert_eq!(v["Map"]["Item"], json!({"Index": 3, "Value": "x"}));
        assert!(v.get("Task").is_none());
    }
}
