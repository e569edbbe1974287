//! Building the model from the spanned tree.

use super::choice::{ChoiceRule, RuleKind};
use super::operator::Operator;
use super::{
    Catcher, Choice, ExecutionType, Fail, Fields, Map, MapMode, Parallel, Pass, QueryLanguage,
    Retrier, Scope, ScopeKind, State, StateKind, StateMachine, Str, Task, Wait,
};
use crate::diagnostic::{Diagnostic, codes};
use crate::json::{Member, Node, NodeValue, pointer_push};
use crate::source::Spanned;
use std::collections::HashMap;

const TOP_LEVEL_FIELDS: &[&str] = &[
    "Comment",
    "StartAt",
    "States",
    "Version",
    "TimeoutSeconds",
    "QueryLanguage",
];

/// Every field some state type defines; anything else is unknown everywhere.
const STATE_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "Parameters",
    "ResultSelector",
    "Arguments",
    "Output",
    "Assign",
    "Next",
    "End",
    "Retry",
    "Catch",
    "Result",
    "Resource",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Credentials",
    "Choices",
    "Default",
    "Seconds",
    "SecondsPath",
    "Timestamp",
    "TimestampPath",
    "Error",
    "ErrorPath",
    "Cause",
    "CausePath",
    "Branches",
    "ItemProcessor",
    "Iterator",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "Label",
];

/// Builds the model of a state machine from a document's root.
///
/// Returns no model only when the document cannot be one (not an object, or neither `States`
/// nor `StartAt`); the diagnostic says why. Everything else is left to lint.
#[must_use]
pub fn build(root: &Node) -> (Option<StateMachine<'_>>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    match &root.value {
        NodeValue::Object(_) => {}
        NodeValue::Null => {
            diags.push(
                Diagnostic::error(codes::EMPTY, "the definition is empty (`null`)")
                    .with_primary(root.span, "")
                    .with_pointer(""),
            );
            return (None, diags);
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::NOT_A_STATE_MACHINE,
                    format!(
                        "a state machine is a JSON object, this is {}",
                        root.json_type().article_name()
                    ),
                )
                .with_primary(root.span, "")
                .with_pointer(""),
            );
            return (None, diags);
        }
    }
    if root.get("States").is_none() && root.get("StartAt").is_none() {
        diags.push(
            Diagnostic::error(
                codes::NOT_A_STATE_MACHINE,
                "this is not a state machine: it has neither `StartAt` nor `States`",
            )
            .with_primary(root.span.start_only(), "")
            .with_pointer(""),
        );
        return (None, diags);
    }
    if let Some(d) = too_many_states(root) {
        diags.push(d);
        return (None, diags);
    }
    let machine = StateMachine {
        node: root,
        comment: root.get("Comment"),
        version: root.get("Version"),
        timeout_seconds: root.get("TimeoutSeconds"),
        query_language: query_language(root),
        root: scope(root, String::new(), ScopeKind::Root, 0),
        unknown: unknown_members(root, TOP_LEVEL_FIELDS),
    };
    (Some(machine), diags)
}

/// Most states (all scopes together) aslctl reads in one definition.
///
/// AWS caps a definition at 1,048,576 characters and the smallest state
/// (`"a":{"Type":"Succeed"},`) takes 22, so no deployable definition has 50,000 states; twice
/// that leaves room for templates with substitutions while keeping the model, the graph passes
/// and the diagram bounded (a 50 MB generated file is refused here, before any of them run).
pub const MAX_STATES: usize = 100_000;

/// The finding for a definition with more than [`MAX_STATES`] states, counted without building
/// anything (and without recursion: the count walks an explicit stack).
fn too_many_states(root: &Node) -> Option<Diagnostic> {
    let mut count = 0usize;
    let mut scopes = vec![root];
    while let Some(scope) = scopes.pop() {
        let Some(members) = scope.get("States").and_then(Node::as_object) else {
            continue;
        };
        count += members.len();
        if count > MAX_STATES {
            return Some(
                Diagnostic::error(
                    codes::LIMIT,
                    format!("the definition has more than {MAX_STATES} states, the most aslctl reads"),
                )
                .with_primary(root.span.start_only(), "")
                .with_pointer("")
                .with_help("this limit of aslctl is fixed: AWS accepts at most 1,048,576 characters, which hold fewer than 50,000 states; split the workflow into nested state machines"),
            );
        }
        for m in members {
            if let Some(branches) = m.value.get("Branches").and_then(Node::as_array) {
                scopes.extend(branches);
            }
            scopes.extend(m.value.get("ItemProcessor"));
            scopes.extend(m.value.get("Iterator"));
        }
    }
    None
}

trait StartOnly {
    fn start_only(self) -> Self;
}

impl StartOnly for crate::source::Span {
    /// The first byte, so a label on a whole document stays short.
    fn start_only(self) -> Self {
        crate::source::Span::new(self.start, (self.start + 1).min(self.end))
    }
}

fn unknown_members<'a>(node: &'a Node, known: &[&str]) -> Vec<&'a Member> {
    node.as_object()
        .map(|ms| {
            ms.iter()
                .filter(|m| !known.contains(&m.key.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

fn query_language(node: &Node) -> Option<Spanned<QueryLanguage>> {
    let n = node.get("QueryLanguage")?;
    QueryLanguage::parse(n.as_str()?).map(|q| Spanned::new(q, n.span))
}

fn str_field<'a>(node: &'a Node, key: &str) -> Option<Str<'a>> {
    let n = node.get(key)?;
    n.as_str().map(|s| Spanned::new(s, n.span))
}

fn scope<'a>(node: &'a Node, pointer: String, kind: ScopeKind, depth: usize) -> Scope<'a> {
    let states_node = node.get("States");
    let mut states = Vec::new();
    if let Some(members) = states_node.and_then(Node::as_object) {
        let states_ptr = pointer_push(&pointer, "States");
        states.reserve(members.len());
        for m in members {
            states.push(state(m, pointer_push(&states_ptr, &m.key), depth));
        }
    }
    let mut index = HashMap::with_capacity(states.len());
    for (i, s) in states.iter().enumerate() {
        index.insert(s.name, i);
    }
    let known: &[&str] = match kind {
        ScopeKind::ItemProcessor => &["StartAt", "States", "Comment", "ProcessorConfig"],
        _ => &["StartAt", "States", "Comment"],
    };
    Scope {
        kind,
        node,
        start_at: str_field(node, "StartAt"),
        states_node,
        states,
        unknown: unknown_members(node, known),
        pointer,
        depth,
        index,
    }
}

fn state<'a>(member: &'a Member, pointer: String, depth: usize) -> State<'a> {
    let node = &member.value;
    let type_name = str_field(node, "Type");
    let fields = fields(node, &pointer);
    let kind = match type_name.map(|t| t.value) {
        Some("Pass") => StateKind::Pass(Pass {
            result: node.get("Result"),
        }),
        Some("Task") => StateKind::Task(Task {
            resource: node.get("Resource"),
            timeout_seconds: node.get("TimeoutSeconds"),
            timeout_seconds_path: node.get("TimeoutSecondsPath"),
            heartbeat_seconds: node.get("HeartbeatSeconds"),
            heartbeat_seconds_path: node.get("HeartbeatSecondsPath"),
            credentials: node.get("Credentials"),
        }),
        Some("Choice") => StateKind::Choice(choice(node, &pointer)),
        Some("Wait") => StateKind::Wait(Wait {
            seconds: node.get("Seconds"),
            seconds_path: node.get("SecondsPath"),
            timestamp: node.get("Timestamp"),
            timestamp_path: node.get("TimestampPath"),
        }),
        Some("Succeed") => StateKind::Succeed,
        Some("Fail") => StateKind::Fail(Fail {
            error: node.get("Error"),
            error_path: node.get("ErrorPath"),
            cause: node.get("Cause"),
            cause_path: node.get("CausePath"),
        }),
        Some("Parallel") => {
            let branches_node = node.get("Branches");
            let base = pointer_push(&pointer, "Branches");
            let branches = branches_node
                .and_then(Node::as_array)
                .map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| b.as_object().is_some())
                        .map(|(i, b)| {
                            scope(
                                b,
                                pointer_push(&base, &i.to_string()),
                                ScopeKind::Branch(i),
                                depth + 1,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            StateKind::Parallel(Parallel {
                branches,
                branches_node,
            })
        }
        Some("Map") => StateKind::Map(Box::new(map(node, &pointer, depth))),
        _ => StateKind::Unknown,
    };
    State {
        name: &member.key,
        name_span: member.key_span,
        node,
        type_name,
        kind,
        fields,
        unknown: unknown_members(node, STATE_FIELDS),
        pointer,
    }
}

fn fields<'a>(node: &'a Node, pointer: &str) -> Fields<'a> {
    let end = node
        .get("End")
        .and_then(|n| n.as_bool().map(|b| Spanned::new(b, n.span)));
    Fields {
        comment: node.get("Comment"),
        query_language: query_language(node),
        input_path: node.get("InputPath"),
        output_path: node.get("OutputPath"),
        result_path: node.get("ResultPath"),
        parameters: node.get("Parameters"),
        result_selector: node.get("ResultSelector"),
        arguments: node.get("Arguments"),
        output: node.get("Output"),
        assign: node.get("Assign"),
        next: str_field(node, "Next"),
        end,
        retry: retriers(node, pointer),
        catch: catchers(node, pointer),
    }
}

fn error_equals(node: &Node) -> Vec<Str<'_>> {
    node.get("ErrorEquals")
        .and_then(Node::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|n| n.as_str().map(|s| Spanned::new(s, n.span)))
                .collect()
        })
        .unwrap_or_default()
}

fn retriers<'a>(node: &'a Node, pointer: &str) -> Vec<Retrier<'a>> {
    let Some(items) = node.get("Retry").and_then(Node::as_array) else {
        return Vec::new();
    };
    let base = pointer_push(pointer, "Retry");
    items
        .iter()
        .enumerate()
        .filter(|(_, r)| r.as_object().is_some())
        .map(|(i, r)| Retrier {
            node: r,
            pointer: pointer_push(&base, &i.to_string()),
            error_equals: error_equals(r),
            interval_seconds: r.get("IntervalSeconds"),
            max_attempts: r.get("MaxAttempts"),
            backoff_rate: r.get("BackoffRate"),
            max_delay_seconds: r.get("MaxDelaySeconds"),
            jitter_strategy: r.get("JitterStrategy"),
        })
        .collect()
}

fn catchers<'a>(node: &'a Node, pointer: &str) -> Vec<Catcher<'a>> {
    let Some(items) = node.get("Catch").and_then(Node::as_array) else {
        return Vec::new();
    };
    let base = pointer_push(pointer, "Catch");
    items
        .iter()
        .enumerate()
        .filter(|(_, c)| c.as_object().is_some())
        .map(|(i, c)| Catcher {
            node: c,
            pointer: pointer_push(&base, &i.to_string()),
            error_equals: error_equals(c),
            next: str_field(c, "Next"),
            result_path: c.get("ResultPath"),
            output: c.get("Output"),
            assign: c.get("Assign"),
        })
        .collect()
}

fn choice<'a>(node: &'a Node, pointer: &str) -> Choice<'a> {
    let choices_node = node.get("Choices");
    let base = pointer_push(pointer, "Choices");
    let choices = choices_node
        .and_then(Node::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, r)| rule(r, pointer_push(&base, &i.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Choice {
        choices,
        choices_node,
        default: str_field(node, "Default"),
    }
}

fn rule<'a>(node: &'a Node, pointer: String) -> ChoiceRule<'a> {
    let kind = rule_kind(node, &pointer);
    ChoiceRule {
        node,
        next: str_field(node, "Next"),
        assign: node.get("Assign"),
        output: node.get("Output"),
        kind,
        pointer,
    }
}

fn rule_kind<'a>(node: &'a Node, pointer: &str) -> RuleKind<'a> {
    let Some(members) = node.as_object() else {
        return RuleKind::Invalid {
            operators: Vec::new(),
        };
    };
    // Every operator-like key: And/Or/Not/Condition and the data-test operators.
    let ops: Vec<&Member> = members
        .iter()
        .filter(|m| {
            matches!(m.key.as_str(), "And" | "Or" | "Not" | "Condition")
                || Operator::from_name(&m.key).is_some()
        })
        .collect();
    let [op] = ops.as_slice() else {
        return RuleKind::Invalid {
            operators: ops.iter().map(|m| m.key_span).collect(),
        };
    };
    let child_ptr = pointer_push(pointer, &op.key);
    match op.key.as_str() {
        "And" | "Or" => {
            let Some(items) = op.value.as_array() else {
                return RuleKind::Invalid {
                    operators: vec![op.key_span],
                };
            };
            let rules = items
                .iter()
                .enumerate()
                .map(|(i, r)| rule(r, pointer_push(&child_ptr, &i.to_string())))
                .collect();
            if op.key == "And" {
                RuleKind::And(rules)
            } else {
                RuleKind::Or(rules)
            }
        }
        "Not" => {
            if op.value.as_object().is_none() {
                return RuleKind::Invalid {
                    operators: vec![op.key_span],
                };
            }
            RuleKind::Not(Box::new(rule(&op.value, child_ptr)))
        }
        "Condition" => RuleKind::Condition(&op.value),
        name => match Operator::from_name(name) {
            Some(operator) => RuleKind::Compare {
                variable: str_field(node, "Variable"),
                operator: Spanned::new(operator, op.key_span),
                operand: &op.value,
            },
            None => RuleKind::Invalid {
                operators: vec![op.key_span],
            },
        },
    }
}

fn map<'a>(node: &'a Node, pointer: &str, depth: usize) -> Map<'a> {
    let (processor_node, kind, key) = match (node.get("ItemProcessor"), node.get("Iterator")) {
        (Some(p), _) => (Some(p), ScopeKind::ItemProcessor, "ItemProcessor"),
        (None, Some(i)) => (Some(i), ScopeKind::Iterator, "Iterator"),
        (None, None) => (None, ScopeKind::ItemProcessor, "ItemProcessor"),
    };
    let processor = processor_node
        .filter(|p| p.as_object().is_some())
        .map(|p| scope(p, pointer_push(pointer, key), kind, depth + 1));
    let processor_config = processor_node.and_then(|p| p.get("ProcessorConfig"));
    let mode = processor_config.and_then(|c| c.get("Mode")).and_then(|n| {
        let m = match n.as_str()? {
            "INLINE" => MapMode::Inline,
            "DISTRIBUTED" => MapMode::Distributed,
            _ => return None,
        };
        Some(Spanned::new(m, n.span))
    });
    let execution_type = processor_config
        .and_then(|c| c.get("ExecutionType"))
        .and_then(|n| {
            let t = match n.as_str()? {
                "STANDARD" => ExecutionType::Standard,
                "EXPRESS" => ExecutionType::Express,
                _ => return None,
            };
            Some(Spanned::new(t, n.span))
        });
    Map {
        processor,
        processor_config,
        mode,
        execution_type,
        items_path: node.get("ItemsPath"),
        items: node.get("Items"),
        item_selector: node.get("ItemSelector"),
        item_reader: node.get("ItemReader"),
        item_batcher: node.get("ItemBatcher"),
        result_writer: node.get("ResultWriter"),
        max_concurrency: node.get("MaxConcurrency"),
        max_concurrency_path: node.get("MaxConcurrencyPath"),
        tolerated_failure_count: node.get("ToleratedFailureCount"),
        tolerated_failure_count_path: node.get("ToleratedFailureCountPath"),
        tolerated_failure_percentage: node.get("ToleratedFailurePercentage"),
        tolerated_failure_percentage_path: node.get("ToleratedFailurePercentagePath"),
        label: node.get("Label"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{ParseOptions, parse};
    use crate::model::TransitionKind;
    use crate::model::operator::{Comparison, OperandKind};

    fn tree(text: &str) -> Node {
        parse(text, ParseOptions::default()).root.unwrap()
    }

    #[test]
    fn builds_nested_scopes_in_source_order() {
        let text = r#"{"StartAt": "P", "QueryLanguage": "JSONata", "States": {
            "P": {"Type": "Parallel", "Next": "M", "Branches": [
                {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}},
                {"StartAt": "B2", "States": {"B2": {"Type": "Succeed"}}}]},
            "M": {"Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "I", "States": {"I": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}
        }}"#;
        let root = tree(text);
        let (m, diags) = build(&root);
        assert!(diags.is_empty());
        let m = m.unwrap();
        assert_eq!(m.query_language(), QueryLanguage::Jsonata);
        let scopes: Vec<_> = m
            .scopes()
            .iter()
            .map(|s| (s.kind, s.pointer.clone(), s.depth))
            .collect();
        assert_eq!(
            scopes,
            vec![
                (ScopeKind::Root, String::new(), 0),
                (ScopeKind::Branch(0), "/States/P/Branches/0".to_string(), 1),
                (ScopeKind::Branch(1), "/States/P/Branches/1".to_string(), 1),
                (
                    ScopeKind::ItemProcessor,
                    "/States/M/ItemProcessor".to_string(),
                    1
                ),
            ]
        );
        let StateKind::Map(map) = &m.root.states[1].kind else {
            panic!()
        };
        assert_eq!(map.mode(), MapMode::Distributed);
        assert_eq!(
            map.execution_type.map(|e| e.value),
            Some(ExecutionType::Express)
        );
        let names: Vec<_> = m.states().map(|(_, s)| s.name).collect();
        assert_eq!(names, ["P", "M", "B1", "B2", "I"]);
        assert_eq!(
            &text[m.root.states[0].name_span.start..m.root.states[0].name_span.end],
            "\"P\""
        );
    }

    #[test]
    fn choice_rules_and_transitions() {
        let root = tree(
            r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "D",
            "Choices": [
              {"Variable": "$.x", "NumericGreaterThanPath": "$.y", "Next": "A"},
              {"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.b", "StringMatches": "x*"}}], "Next": "B"},
              {"Variable": "$.z", "StringEquals": "a", "BooleanEquals": true, "Next": "A"},
              {"Condition": "{% true %}", "Next": "B"}
            ]},
            "A": {"Type": "Pass", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "D"}]},
            "B": {"Type": "Succeed"}, "D": {"Type": "Fail"}}}"#,
        );
        let (m, _) = build(&root);
        let m = m.unwrap();
        let c = m.root.state("C").unwrap();
        let StateKind::Choice(choice) = &c.kind else {
            panic!()
        };
        let RuleKind::Compare {
            operator, variable, ..
        } = &choice.choices[0].kind
        else {
            panic!()
        };
        assert_eq!(operator.value.kind, OperandKind::Numeric);
        assert_eq!(operator.value.comparison, Comparison::GreaterThan);
        assert!(operator.value.path);
        assert_eq!(variable.unwrap().value, "$.x");
        let RuleKind::And(rules) = &choice.choices[1].kind else {
            panic!()
        };
        assert!(matches!(rules[1].kind, RuleKind::Not(_)));
        assert_eq!(rules[1].pointer, "/States/C/Choices/1/And/1");
        let RuleKind::Invalid { operators } = &choice.choices[2].kind else {
            panic!()
        };
        assert_eq!(operators.len(), 2);
        assert!(matches!(choice.choices[3].kind, RuleKind::Condition(_)));
        let kinds: Vec<_> = c
            .transitions()
            .iter()
            .map(|t| (t.kind, t.target.value))
            .collect();
        assert_eq!(
            kinds,
            [
                (TransitionKind::Choice(0), "A"),
                (TransitionKind::Choice(1), "B"),
                (TransitionKind::Choice(2), "A"),
                (TransitionKind::Choice(3), "B"),
                (TransitionKind::Default, "D")
            ]
        );
        let a = m.root.state("A").unwrap();
        assert!(a.is_terminal());
        assert_eq!(a.transitions()[0].kind, TransitionKind::Catch(0));
        assert!(m.root.state("D").unwrap().is_terminal());
    }

    #[test]
    fn tolerates_wrong_types_and_reports_non_machines() {
        let root = tree(
            r#"{"StartAt": 1, "States": {"A": {"Type": 7, "Next": false, "Retry": "x"}, "B": []}, "Extra": 1}"#,
        );
        let (m, d) = build(&root);
        let m = m.unwrap();
        assert!(d.is_empty());
        assert!(m.root.start_at.is_none());
        assert!(matches!(m.root.states[0].kind, StateKind::Unknown));
        assert!(m.root.states[0].fields.retry.is_empty());
        assert_eq!(m.unknown[0].key, "Extra");
        for text in ["[]", "null", "{\"a\": 1}", "\"x\""] {
            let root = tree(text);
            let (m, d) = build(&root);
            assert!(m.is_none());
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].primary_span().is_some());
        }
    }
}
