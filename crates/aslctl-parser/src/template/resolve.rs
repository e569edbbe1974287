//! The definition as it is deployed, as far as the template tells: intrinsic functions written
//! inside a `Definition` become `${...}` placeholders, and placeholders with known values are
//! filled.
//!
//! CloudFormation resolves intrinsic functions anywhere in a property value, so a
//! `{"Fn::GetAtt": ["Fn", "Arn"]}` inside a `Definition` object is a string at deploy time; the
//! text of a `DefinitionString` or of a definition file is not processed, except for
//! `DefinitionSubstitutions`, which replace `${Name}` placeholders in the text.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html>

use crate::json::{Node, NodeValue};
use serde_json::Value;

/// `Fn::Join` inside `Fn::Join` deeper than this stands as one `${Fn::Join}` placeholder.
const MAX_DEPTH: usize = 16;

/// Returns `root` with intrinsic function objects replaced by placeholder strings (when
/// `intrinsics` is set) and `${Name}` placeholders filled from `substitutions`.
///
/// Every replaced node keeps the span of what it replaces. A string that is exactly one
/// placeholder whose value is a number or a boolean becomes that value, so a numeric field
/// written `"${Timeout}"` is checked as the number it stands for.
#[must_use]
pub fn resolve(root: &Node, intrinsics: bool, substitutions: &[(String, Value)]) -> Node {
    let mut out = root.clone();
    // An explicit stack: the tree is bounded by the loader's nesting limit, and this walk uses
    // no call stack.
    let mut stack: Vec<&mut Node> = vec![&mut out];
    while let Some(n) = stack.pop() {
        if intrinsics && let Some(text) = intrinsic_text(n, 0) {
            n.value = NodeValue::String(text);
        }
        let filled = match &n.value {
            NodeValue::String(s) => fill(s, substitutions),
            _ => None,
        };
        if let Some(v) = filled {
            n.value = v;
            continue;
        }
        match &mut n.value {
            NodeValue::Object(members) => stack.extend(members.iter_mut().map(|m| &mut m.value)),
            NodeValue::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    out
}

/// The placeholder text an intrinsic function object stands for, in the spelling `Fn::Sub`
/// uses: `${Name}` for `Ref`, `${Resource.Attribute}` for `Fn::GetAtt`, the string itself for
/// `Fn::Sub`, the joined pieces for `Fn::Join`, `${Fn::Name}` for the rest.
fn intrinsic_text(node: &Node, depth: usize) -> Option<String> {
    let [m] = node.as_object()? else {
        return None;
    };
    if m.key != "Ref" && !m.key.starts_with("Fn::") {
        return None;
    }
    let whole = || format!("${{{}}}", m.key);
    let v = &m.value;
    Some(match m.key.as_str() {
        "Ref" => v.as_str().map_or_else(whole, |name| format!("${{{name}}}")),
        "Fn::GetAtt" => match &v.value {
            NodeValue::String(s) => format!("${{{s}}}"),
            NodeValue::Array(items) => match items.as_slice() {
                [a, b] => match (a.as_str(), b.as_str()) {
                    (Some(a), Some(b)) => format!("${{{a}.{b}}}"),
                    _ => whole(),
                },
                _ => whole(),
            },
            _ => whole(),
        },
        "Fn::Sub" => sub_text(v).unwrap_or_else(whole),
        "Fn::Join" => join_text(v, depth).unwrap_or_else(whole),
        _ => whole(),
    })
}

/// `Fn::Sub: "text"` or `Fn::Sub: ["text", {variables}]` with literal variables filled.
fn sub_text(v: &Node) -> Option<String> {
    match &v.value {
        NodeValue::String(s) => Some(s.clone()),
        NodeValue::Array(items) => {
            let [s, vars] = items.as_slice() else {
                return None;
            };
            let mut text = s.as_str()?.to_string();
            for var in vars.as_object()? {
                if let Some(value) = literal_text(&var.value) {
                    text = text.replace(&format!("${{{}}}", var.key), &value);
                }
            }
            Some(text)
        }
        _ => None,
    }
}

/// `Fn::Join: [delimiter, [pieces]]`; intrinsic pieces stand as placeholders.
fn join_text(v: &Node, depth: usize) -> Option<String> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let [delimiter, list] = v.as_array()? else {
        return None;
    };
    let delimiter = delimiter.as_str()?;
    let mut parts = Vec::new();
    for piece in list.as_array()? {
        match &piece.value {
            NodeValue::String(s) => parts.push(s.clone()),
            _ => parts.push(intrinsic_text(piece, depth + 1)?),
        }
    }
    Some(parts.join(delimiter))
}

fn literal_text(n: &Node) -> Option<String> {
    match &n.value {
        NodeValue::String(s) => Some(s.clone()),
        NodeValue::Number(x) => Some(x.to_string()),
        NodeValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value of a string once its placeholders are filled, if any is.
fn fill(s: &str, substitutions: &[(String, Value)]) -> Option<NodeValue> {
    if substitutions.is_empty() || !s.contains("${") {
        return None;
    }
    for (name, value) in substitutions {
        if s.len() == name.len() + 3 && s.get(2..s.len() - 1) == Some(name.as_str()) {
            match value {
                Value::Number(x) => return Some(NodeValue::Number(x.clone())),
                Value::Bool(b) => return Some(NodeValue::Bool(*b)),
                _ => {}
            }
        }
    }
    let mut out = s.to_string();
    for (name, value) in substitutions {
        let text = match value {
            Value::String(t) => t.clone(),
            Value::Number(x) => x.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        out = out.replace(&format!("${{{name}}}"), &text);
    }
    (out != s).then_some(NodeValue::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::ParseOptions;
    use serde_json::json;

    fn resolved(text: &str, intrinsics: bool, subs: &[(&str, Value)]) -> Value {
        let root = crate::json::parse(text, ParseOptions::default())
            .root
            .unwrap();
        let subs: Vec<(String, Value)> = subs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect();
        resolve(&root, intrinsics, &subs).to_value()
    }

    #[test]
    fn intrinsics_become_placeholders() {
        let text = r#"{"a": {"Ref": "Table"}, "b": {"Fn::GetAtt": ["Fn", "Arn"]},
            "c": {"Fn::GetAtt": "Fn.Arn"}, "d": {"Fn::Sub": ["x-${Stage}-${Other}", {"Stage": "dev", "Other": {"Ref": "O"}}]},
            "e": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "states"]]},
            "f": {"Fn::If": ["C", 1, 2]}, "g": {"Ref": "X", "Other": 1}, "h": [{"Fn::ImportValue": "V"}]}"#;
        assert_eq!(
            resolved(text, true, &[]),
            json!({"a": "${Table}", "b": "${Fn.Arn}", "c": "${Fn.Arn}", "d": "x-dev-${Other}",
                   "e": "arn:${AWS::Partition}:states", "f": "${Fn::If}",
                   "g": {"Ref": "X", "Other": 1}, "h": ["${Fn::ImportValue}"]})
        );
        // The text of a `DefinitionString` is not processed by CloudFormation.
        assert_eq!(
            resolved(r#"{"a": {"Ref": "T"}}"#, false, &[]),
            json!({"a": {"Ref": "T"}})
        );
    }

    #[test]
    fn placeholders_are_filled() {
        let subs = [
            ("Timeout", json!(30)),
            ("Flag", json!(true)),
            (
                "Fn",
                json!("arn:aws:lambda:eu-west-1:123456789012:function:f"),
            ),
        ];
        let text = r#"{"t": "${Timeout}", "f": "${Flag}", "r": "${Fn}", "s": "wait ${Timeout}s",
            "u": "${Unknown}"}"#;
        assert_eq!(
            resolved(text, true, &subs),
            json!({"t": 30, "f": true, "r": "arn:aws:lambda:eu-west-1:123456789012:function:f",
                   "s": "wait 30s", "u": "${Unknown}"})
        );
    }

    #[test]
    fn deep_joins_stand_as_one_placeholder() {
        let mut v = r#""x""#.to_string();
        for _ in 0..40 {
            v = format!(r#"{{"Fn::Join": ["", [{v}]]}}"#);
        }
        assert_eq!(resolved(&v, true, &[]), json!("${Fn::Join}"));
    }
}
