//! The context object `$$`: execution, state machine, state, task token and Map item.
//!
//! Built only when an expression reads it, and then only the part it reads: `$$.Map.Item.Value`
//! builds no `Execution` object. The `Execution` and `StateMachine` parts are the same for every
//! state and are built once per execution; the execution input inside them is shared, not
//! copied.

use std::cell::OnceCell;

use chrono::{DateTime, Utc};

use super::clock::VirtualClock;
use super::value::{Map, Value};

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
    /// `$$.Execution` and `$$.StateMachine`, built on first use.
    built: OnceCell<(Value, Value)>,
}

impl ExecutionInfo {
    /// The facts of one execution.
    #[must_use]
    pub fn new(
        id: String,
        name: String,
        start_time: String,
        role_arn: String,
        state_machine_id: String,
        state_machine_name: String,
        input: Option<Value>,
    ) -> ExecutionInfo {
        ExecutionInfo {
            id,
            name,
            start_time,
            role_arn,
            state_machine_id,
            state_machine_name,
            input,
            built: OnceCell::new(),
        }
    }

    /// `$$.Execution` and `$$.StateMachine`.
    fn parts(&self) -> &(Value, Value) {
        self.built.get_or_init(|| {
            let mut execution = Map::with_capacity(6);
            execution.insert("Id", Value::string(&self.id));
            execution.insert("Input", self.input.clone().unwrap_or_default());
            execution.insert("Name", Value::string(&self.name));
            execution.insert("RoleArn", Value::string(&self.role_arn));
            execution.insert("StartTime", Value::string(&self.start_time));
            execution.insert("RedriveCount", Value::from(0));
            let mut machine = Map::with_capacity(2);
            machine.insert("Id", Value::string(&self.state_machine_id));
            machine.insert("Name", Value::string(&self.state_machine_name));
            (Value::from(execution), Value::from(machine))
        })
    }
}

/// The per-state part of `$$`.
#[derive(Debug, Clone)]
pub struct StateInfo<'a> {
    /// `$$.State.Name`
    pub name: &'a str,
    /// `$$.State.EnteredTime`
    pub entered_at: DateTime<Utc>,
    /// `$$.State.RetryCount`
    pub retry_count: u64,
    /// `$$.Task.Token`
    pub task_token: Option<String>,
    /// `$$.Map.Item.Index` and `.Value`, inside a Map's ItemSelector.
    pub map_item: Option<(usize, &'a Value)>,
}

/// `$$`, built on first use.
#[derive(Debug)]
pub struct LazyContext<'a> {
    execution: &'a ExecutionInfo,
    state: StateInfo<'a>,
    cell: OnceCell<Value>,
}

impl<'a> LazyContext<'a> {
    /// A context for one state.
    #[must_use]
    pub fn new(execution: &'a ExecutionInfo, state: StateInfo<'a>) -> LazyContext<'a> {
        LazyContext {
            execution,
            state,
            cell: OnceCell::new(),
        }
    }

    /// The whole context object.
    pub fn get(&self) -> &Value {
        self.cell.get_or_init(|| {
            let mut root = Map::with_capacity(5);
            for name in ["Execution", "State", "StateMachine", "Task", "Map"] {
                if let Some(v) = self.child(name) {
                    root.insert(name, v);
                }
            }
            Value::from(root)
        })
    }

    /// One member of the context object (`Execution`, `State`, ...), if present.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<Value> {
        let s = &self.state;
        match name {
            "Execution" => Some(self.execution.parts().0.clone()),
            "StateMachine" => Some(self.execution.parts().1.clone()),
            "State" => {
                let mut m = Map::with_capacity(3);
                m.insert(
                    "EnteredTime",
                    Value::from(VirtualClock::format(s.entered_at)),
                );
                m.insert("Name", Value::string(s.name));
                m.insert("RetryCount", Value::from(s.retry_count));
                Some(Value::from(m))
            }
            "Task" => s.task_token.as_deref().map(|token| {
                let mut m = Map::with_capacity(1);
                m.insert("Token", Value::string(token));
                Value::from(m)
            }),
            "Map" => s.map_item.map(|(index, value)| {
                let mut item = Map::with_capacity(2);
                item.insert("Index", Value::from(index));
                item.insert("Value", value.clone());
                let mut m = Map::with_capacity(1);
                m.insert("Item", Value::from(item));
                Value::from(m)
            }),
            _ => None,
        }
    }

    /// `$$.Execution.Input`.
    #[must_use]
    pub fn execution_input(&self) -> &Value {
        self.execution.input.as_ref().unwrap_or(&Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::value::json;

    #[test]
    fn shape_matches_the_aws_context_object() {
        // AWS "Accessing execution data from the Context object in Step Functions".
        let e = ExecutionInfo::new(
            "arn:aws:states:us-east-1:123456789012:execution:M:run".into(),
            "run".into(),
            "2024-01-01T00:00:00.000Z".into(),
            "arn:aws:iam::123456789012:role/r".into(),
            "arn:aws:states:us-east-1:123456789012:stateMachine:M".into(),
            "M".into(),
            Some(json!({"a": 1})),
        );
        let item = json!("x");
        let entered_at = DateTime::parse_from_rfc3339("2024-01-01T00:00:01Z")
            .unwrap()
            .with_timezone(&Utc);
        let cx = LazyContext::new(
            &e,
            StateInfo {
                name: "S",
                entered_at,
                retry_count: 2,
                task_token: None,
                map_item: Some((3, &item)),
            },
        );
        let v = cx.get();
        assert_eq!(
            v,
            &json!({
                "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:M:run",
                              "Input": {"a": 1}, "Name": "run",
                              "RoleArn": "arn:aws:iam::123456789012:role/r",
                              "StartTime": "2024-01-01T00:00:00.000Z", "RedriveCount": 0},
                "State": {"EnteredTime": "2024-01-01T00:00:01.000Z", "Name": "S", "RetryCount": 2},
                "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:M",
                                 "Name": "M"},
                "Map": {"Item": {"Index": 3, "Value": "x"}}
            })
        );
        assert_eq!(cx.execution_input(), &json!({"a": 1}));
        assert_eq!(
            cx.child("Map"),
            Some(json!({"Item": {"Index": 3, "Value": "x"}}))
        );
        assert!(cx.child("Task").is_none());
    }
}
