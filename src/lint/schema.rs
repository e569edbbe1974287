//! The schema pass: `schemas/asl.schema.json` errors mapped onto ASL1xx/ASL6xx rules with plain
//! messages, labelled on the key (missing/unknown fields) or the value (type, enum, range).
//!
//! The error path names the failing `$defs` entry; `schemas/README.md` has the mapping table this
//! module implements (first matching row wins).

use super::rules;
use super::suggest;
use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::json::Node;
use aslctl_parser::source::Span;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The ASL schema compiled into the binary: no schema parsing or compiling at start-up, which
/// would otherwise dominate the run time of a one-file lint.
#[jsonschema::validator(path = "schemas/asl.schema.json", draft = Draft202012)]
struct AslSchema;

/// The schema document itself, parsed only when a definition fails validation: the error mapper
/// reads the failing sub-schema to word its message.
static SCHEMA_DOC: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../schemas/asl.schema.json")).unwrap_or(Value::Null)
});

/// Validates the document and returns one finding per distinct problem.
#[must_use]
pub fn validate(root: &Node) -> Vec<Diagnostic> {
    let instance = root.to_value();
    // Most definitions are valid: `is_valid` stops at the first failure and builds no error
    // values, so it is much cheaper than collecting errors, and an empty `iter_errors` is
    // exactly what it answers.
    if AslSchema::is_valid(&instance) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let schema = &*SCHEMA_DOC;
    for err in AslSchema::iter_errors(&instance) {
        let sp = err.schema_path().as_str().to_string();
        let ip = err.instance_path().as_str().to_string();
        for d in map_error(schema, root, &sp, &ip, err.kind()) {
            let key = (
                d.code,
                d.pointer.clone().unwrap_or_default(),
                d.message.clone(),
            );
            if seen.insert(key) {
                out.push(d);
            }
        }
    }
    dedup_cascades(&mut out);
    out
}

/// A Choice rule with a problem gets one ASL111 finding, not one per failed sub-schema.
fn dedup_cascades(diags: &mut Vec<Diagnostic>) {
    let code = rules::ChoiceRuleShape::META.code;
    let specific: HashSet<Option<String>> = diags
        .iter()
        .filter(|d| d.code == code && !d.message.starts_with(GENERIC_RULE_PREFIX))
        .map(|d| d.pointer.clone())
        .collect();
    let mut seen_rules = HashSet::new();
    diags.retain(|d| {
        if d.code != code {
            return true;
        }
        // A rule with a specific finding does not also need the generic one.
        if d.message.starts_with(GENERIC_RULE_PREFIX) && specific.contains(&d.pointer) {
            return false;
        }
        seen_rules.insert((d.pointer.clone(), d.message.clone()))
    });
}

/// Start of the fallback messages for a Choice rule error without a more specific reading.
const GENERIC_RULE_PREFIX: &str = "this Choice rule";

fn def_name(sp: &str) -> &str {
    sp.strip_prefix("/$defs/")
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
}

fn unescape(t: &str) -> String {
    t.replace("~1", "/").replace("~0", "~")
}

/// The field a pointer ends at, for messages: `TimeoutSeconds`, or `Branches[0]` for an item.
fn last_token(ip: &str) -> String {
    let mut parts = ip.rsplit('/');
    let last = parts.next().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        let parent = parts.next().unwrap_or("");
        return format!("{}[{last}]", unescape(parent));
    }
    unescape(last)
}

fn context(def: &str) -> &'static str {
    match def {
        "StateMachine" => "at the top level of a state machine",
        "Branch" => "in a Parallel branch",
        "ItemProcessor" => "in `ItemProcessor`",
        "PassState" => "on a Pass state",
        "TaskState" => "on a Task state",
        "ChoiceState" => "on a Choice state",
        "WaitState" => "on a Wait state",
        "SucceedState" => "on a Succeed state",
        "FailState" => "on a Fail state",
        "ParallelState" => "on a Parallel state",
        "MapState" => "on a Map state",
        "State" => "on a state",
        "Retrier" => "in a retrier",
        "Catcher" => "in a catcher",
        "ChoiceRule" => "in a Choice rule",
        "NestedChoiceRule" => "in a nested Choice rule",
        "ProcessorConfig" => "in `ProcessorConfig`",
        "ItemReader" => "in `ItemReader`",
        "ReaderConfig" => "in `ReaderConfig`",
        "ItemBatcher" => "in `ItemBatcher`",
        "ResultWriter" => "in `ResultWriter`",
        _ => "here",
    }
}

/// The Distributed Map object an instance path is inside, if any (after its last `States`).
fn map_section(ip: &str) -> Option<&'static str> {
    let tail = ip.rsplit_once("/States/").map_or(ip, |(_, t)| t);
    let mut found = None;
    for seg in tail.split('/') {
        found = match seg {
            "ItemReader" | "ReaderConfig" => Some(rules::ItemReader::META.code),
            "ItemBatcher" => Some(rules::ItemBatcher::META.code),
            "ResultWriter" => Some(rules::ResultWriter::META.code),
            "ProcessorConfig" => Some(rules::ProcessorConfig::META.code),
            _ => found,
        };
    }
    found
}

fn rule_code(sp: &str, ip: &str, kind: &ValidationErrorKind) -> &'static str {
    let def = def_name(sp);
    if sp.starts_with("/$defs/ChoiceState/properties/Choices/minItems") {
        return rules::EmptyChoices::META.code;
    }
    if sp.starts_with("/$defs/ErrorEquals/minItems") {
        return rules::EmptyErrorEquals::META.code;
    }
    if matches!(
        def,
        "ChoiceRule" | "NestedChoiceRule" | "NestedChoiceRules" | "ChoiceRuleShape"
    ) {
        return rules::ChoiceRuleShape::META.code;
    }
    match def {
        "NextOrEnd" => return rules::NextXorEnd::META.code,
        "NoTransition" => return rules::TerminalStateTransition::META.code,
        "WaitDuration" => return rules::WaitDuration::META.code,
        _ => {}
    }
    if sp.starts_with("/$defs/State/properties/Type/enum") {
        return rules::InvalidStateType::META.code;
    }
    if sp.starts_with("/$defs/States/propertyNames") {
        return rules::InvalidStateName::META.code;
    }
    if sp.contains("/dependentSchemas/") && sp.ends_with("/not") {
        return rules::MutuallyExclusiveFields::META.code;
    }
    if def == "MapHasProcessor"
        || sp.starts_with("/$defs/States/minProperties")
        || sp.starts_with("/$defs/ParallelState/properties/Branches/minItems")
    {
        return rules::MissingRequiredField::META.code;
    }
    if let Some(code) = map_section(ip) {
        return code;
    }
    match kind {
        ValidationErrorKind::Required { .. } => rules::MissingRequiredField::META.code,
        ValidationErrorKind::AdditionalProperties { .. } => rules::UnknownField::META.code,
        ValidationErrorKind::Type { .. } => rules::InvalidFieldType::META.code,
        _ if matches!(def, "DynamicValue" | "CfnIntrinsic") => rules::InvalidFieldType::META.code,
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::Enum { .. }
        | ValidationErrorKind::Constant { .. } => rules::ValueOutOfRange::META.code,
        _ => rules::InvalidFieldType::META.code,
    }
}

fn severity_of(code: &str) -> aslctl_parser::diagnostic::Severity {
    super::registry::meta_of(code)
        .map_or(aslctl_parser::diagnostic::Severity::Error, |m| m.severity)
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(37).collect();
        format!("{cut}...")
    } else {
        s
    }
}

fn type_phrase(t: &Value) -> String {
    let one = |s: &str| match s {
        "integer" => "an integer".to_string(),
        "number" => "a number".to_string(),
        "string" => "a string".to_string(),
        "boolean" => "a boolean".to_string(),
        "array" => "an array".to_string(),
        "object" => "an object".to_string(),
        "null" => "null".to_string(),
        other => other.to_string(),
    };
    match t {
        Value::String(s) => one(s),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(one)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "another type".to_string(),
    }
}

/// Where to point: the member key for a pointer that ends at an object member, else the value.
fn spans<'a>(root: &'a Node, ip: &str) -> (Span, Option<Span>, Option<&'a Node>) {
    match root.pointer(ip) {
        Some((node, key)) => (node.span, key, Some(node)),
        None => (Span::new(root.span.start, root.span.start + 1), None, None),
    }
}

fn state_type_of(root: &Node, ip: &str) -> String {
    let parent = ip.rsplit_once('/').map_or("", |(p, _)| p);
    root.pointer(parent)
        .and_then(|(n, _)| n.get("Type"))
        .and_then(Node::as_str)
        .unwrap_or("this")
        .to_string()
}

#[allow(clippy::too_many_lines)]
fn map_error(
    schema: &Value,
    root: &Node,
    sp: &str,
    ip: &str,
    kind: &ValidationErrorKind,
) -> Vec<Diagnostic> {
    let code = rule_code(sp, ip, kind);
    let def = def_name(sp);
    let (value_span, key_span, node) = spans(root, ip);
    let key_or_value = key_span.unwrap_or(value_span);
    let field = last_token(ip);
    let mk = |span: Span, pointer: &str, msg: String| {
        Diagnostic::new(code, severity_of(code), msg)
            .with_primary(span, "")
            .with_pointer(pointer)
    };
    let shown = || node.map_or_else(String::new, |n| short(&n.to_value()));
    if code == rules::ChoiceRuleShape::META.code {
        return vec![choice_rule_finding(root, sp, ip, kind, code)];
    }
    let d = match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known: Vec<&str> = schema
                .pointer(&format!("/$defs/{def}/properties"))
                .and_then(Value::as_object)
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            return unexpected
                .iter()
                .map(|k| {
                    let ptr = aslctl_parser::json::pointer_push(ip, k);
                    let span = root
                        .pointer(&ptr)
                        .and_then(|(_, key)| key)
                        .unwrap_or(key_or_value);
                    let processor_ql = k == "QueryLanguage" && matches!(def, "ItemProcessor" | "Branch");
                    if processor_ql {
                        // ASL402: AWS says "Field 'QueryLanguage' is not supported" here.
                        let code = rules::QueryLanguageOnProcessor::META.code;
                        return Diagnostic::new(code, severity_of(code), format!("`QueryLanguage` cannot be set {}", context(def)))
                            .with_primary(span, "")
                            .with_pointer(&ptr)
                            .with_help("set `QueryLanguage` on the states inside, or on the whole state machine");
                    }
                    let help = suggest::did_you_mean(k, known.iter().copied());
                    mk(span, &ptr, format!("field `{k}` is not supported {}", context(def)))
                        .with_help_opt(help)
                })
                .collect();
        }
        ValidationErrorKind::Required { property } => {
            let p = property.as_str().unwrap_or("?");
            let msg = if def == "State" {
                format!("state has no `{p}`")
            } else if def == "NextOrEnd" {
                format!(
                    "a {} state needs `Next` or `End: true`",
                    node.and_then(|n| n.get("Type"))
                        .and_then(Node::as_str)
                        .unwrap_or("")
                )
            } else {
                format!("`{p}` is required {}", context(def))
            };
            let help = (def == "NextOrEnd").then(|| {
                "add `\"Next\": \"<state>\"` to continue, or `\"End\": true` to stop".to_string()
            });
            mk(key_or_value, ip, msg).with_help_opt(help)
        }
        ValidationErrorKind::AnyOf { .. } => {
            let msg = match def {
                "MapHasProcessor" => "a Map state needs `ItemProcessor` (or the legacy `Iterator`)".to_string(),
                "WaitDuration" => "a Wait state needs one of `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath`".to_string(),
                _ => "this value does not have any of the accepted shapes".to_string(),
            };
            mk(key_or_value, ip, msg)
        }
        ValidationErrorKind::Not { .. } => {
            if def == "NoTransition" {
                let ty = state_type_of(root, ip);
                mk(
                    key_or_value,
                    ip,
                    format!("a {ty} state cannot have `{field}`"),
                )
                .with_help(if ty == "Choice" {
                    "a Choice state moves on through `Choices[].Next` and `Default`"
                } else {
                    "it always ends the execution (or its branch); remove the field"
                })
            } else if def == "NextOrEnd" {
                let ptr = aslctl_parser::json::pointer_push(ip, "End");
                let span = root
                    .pointer(&ptr)
                    .and_then(|(_, k)| k)
                    .unwrap_or(key_or_value);
                mk(
                    span,
                    &ptr,
                    "a state cannot have both `Next` and `End`".to_string(),
                )
                .with_help("keep `Next` to continue, or `End: true` to stop")
            } else if let Some(first) = sp
                .strip_suffix("/not")
                .and_then(|s| s.rsplit_once("/dependentSchemas/"))
                .map(|(_, x)| x.to_string())
            {
                let not = schema.pointer(sp);
                let others: Vec<String> = collect_required(not)
                    .into_iter()
                    .filter(|o| node.and_then(|n| n.get(o)).is_some())
                    .collect();
                let other = others.first().cloned().unwrap_or_default();
                let ptr = aslctl_parser::json::pointer_push(ip, &other);
                let span = root
                    .pointer(&ptr)
                    .and_then(|(_, k)| k)
                    .unwrap_or(key_or_value);
                let msg = if def == "WaitDuration" {
                    format!(
                        "a Wait state takes only one of `Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`; found `{first}` and `{other}`"
                    )
                } else {
                    format!("`{first}` and `{other}` cannot be used together")
                };
                mk(span, &ptr, msg).with_help(format!("keep one of `{first}` and `{other}`"))
            } else {
                mk(
                    key_or_value,
                    ip,
                    "this combination of fields is not allowed".to_string(),
                )
            }
        }
        ValidationErrorKind::Type { .. } => {
            let expected = schema
                .pointer(sp)
                .map_or_else(|| "another type".to_string(), type_phrase);
            let found = node.map_or("this", |n| n.json_type().article_name());
            mk(
                value_span,
                ip,
                format!("`{field}` must be {expected}, found {found}"),
            )
        }
        ValidationErrorKind::Pattern { .. } if def == "DynamicValue" => mk(
            value_span,
            ip,
            format!(
                "`{field}` must be a number or boolean here; a string is only accepted as a `{{% ... %}}` expression or a `${{Name}}` placeholder, found {}",
                shown()
            ),
        ),
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| {
                            format!(
                                "`{}`",
                                o.as_str().map_or_else(|| o.to_string(), str::to_string)
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let candidates: Vec<&str> = options
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let help = node
                .and_then(Node::as_str)
                .and_then(|s| suggest::did_you_mean(s, candidates.iter().copied()));
            let what = if code == rules::InvalidStateType::META.code {
                "`Type` must be one of the eight state types".to_string()
            } else {
                format!("`{field}` must be one of {}", opts.join(", "))
            };
            mk(value_span, ip, format!("{what}; found {}", shown())).with_help_opt(help)
        }
        ValidationErrorKind::Constant { expected_value } => {
            let msg = if def == "NextOrEnd" {
                "`End` must be `true`; to continue, use `Next` instead".to_string()
            } else {
                format!("`{field}` must be {}", short(expected_value))
            };
            mk(value_span, ip, msg)
        }
        ValidationErrorKind::Minimum { limit } => mk(
            value_span,
            ip,
            format!("`{field}` must be at least {limit}, found {}", shown()),
        ),
        ValidationErrorKind::ExclusiveMinimum { limit } => mk(
            value_span,
            ip,
            format!("`{field}` must be greater than {limit}, found {}", shown()),
        ),
        ValidationErrorKind::Maximum { limit } => mk(
            value_span,
            ip,
            format!("`{field}` must be at most {limit}, found {}", shown()),
        ),
        ValidationErrorKind::ExclusiveMaximum { limit } => mk(
            value_span,
            ip,
            format!("`{field}` must be less than {limit}, found {}", shown()),
        ),
        ValidationErrorKind::MinItems { limit } => {
            let msg = if *limit <= 1 {
                format!("`{field}` must not be empty")
            } else {
                format!("`{field}` needs at least {limit} items")
            };
            mk(key_or_value, ip, msg)
        }
        ValidationErrorKind::MinProperties { .. } => mk(
            key_or_value,
            ip,
            format!("`{field}` must contain at least one state"),
        ),
        ValidationErrorKind::PropertyNames { error } => {
            let name = error.instance().as_str().unwrap_or("").to_string();
            let ptr = aslctl_parser::json::pointer_push(ip, &name);
            let span = root
                .pointer(&ptr)
                .and_then(|(_, k)| k)
                .unwrap_or(key_or_value);
            let n = name.chars().count();
            let msg = if n == 0 {
                "a state name cannot be empty".to_string()
            } else {
                format!("state name is {n} characters long; AWS allows at most 80")
            };
            mk(span, &ptr, msg)
        }
        ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MaxLength { .. } => mk(
            value_span,
            ip,
            format!("`{field}` has the wrong length: {}", shown()),
        ),
        _ => mk(
            value_span,
            ip,
            format!("`{field}` is not valid here: {}", shown()),
        ),
    };
    vec![d]
}

fn collect_required(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = v.into_iter().collect();
    let mut budget = 64;
    while let Some(v) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        if let Some(req) = v.get("required").and_then(Value::as_array) {
            out.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(any) = v.get("anyOf").and_then(Value::as_array) {
            stack.extend(any.iter());
        }
    }
    out
}

const COMBINATORS: [&str; 5] = ["And", "Or", "Not", "Condition", "Variable"];

/// One plain message for whatever is wrong with a Choice rule, computed from the rule object.
fn choice_rule_finding(
    root: &Node,
    sp: &str,
    ip: &str,
    kind: &ValidationErrorKind,
    code: &'static str,
) -> Diagnostic {
    use aslctl_parser::model::operator::Operator;
    let sev = severity_of(code);
    // Find the rule object: the instance itself, or its parent for a field-level error.
    let (rule_ptr, rule) = {
        let mut ptr = ip.to_string();
        loop {
            match root.pointer(&ptr) {
                Some((n, _)) if n.as_object().is_some() && !ptr.ends_with("/Choices") => {
                    break (ptr, Some(n));
                }
                _ => {}
            }
            match ptr.rsplit_once('/') {
                Some((p, _)) if !p.is_empty() => ptr = p.to_string(),
                _ => break (ip.to_string(), None),
            }
        }
    };
    let (span, _, _) = spans(root, &rule_ptr);
    let first = |n: &Node| Span::new(n.span.start, (n.span.start + 1).min(n.span.end));
    let Some(rule) = rule else {
        return Diagnostic::new(code, sev, "this Choice rule is not an object")
            .with_primary(span, "")
            .with_pointer(ip);
    };
    let members = rule.as_object().unwrap_or(&[]);
    let ops: Vec<&aslctl_parser::json::Member> = members
        .iter()
        .filter(|m| {
            Operator::from_name(&m.key).is_some()
                || (COMBINATORS.contains(&m.key.as_str()) && m.key != "Variable")
        })
        .collect();
    let has_variable = rule.get("Variable").is_some();
    let nested = rule_ptr.contains("/And/") || rule_ptr.contains("/Not");
    let (at, msg, help): (Span, String, Option<String>) =
        if let ValidationErrorKind::AdditionalProperties { unexpected } = kind {
            let k = unexpected.first().cloned().unwrap_or_default();
            let key_span = rule.member(&k).map_or(first(rule), |m| m.key_span);
            if nested && matches!(k.as_str(), "Next" | "Assign" | "Output") {
                (
                    key_span,
                    format!(
                        "`{k}` is only allowed on a top-level Choice rule, not inside `And`/`Or`/`Not`"
                    ),
                    None,
                )
            } else {
                let names: Vec<String> = Operator::all().into_iter().map(Operator::name).collect();
                let help =
                    suggest::did_you_mean(&k, names.iter().map(String::as_str).chain(COMBINATORS));
                (
                    key_span,
                    format!("`{k}` is not a Choice rule field or comparison operator"),
                    help,
                )
            }
        } else if ops.len() > 1 {
            let names: Vec<String> = ops.iter().map(|m| format!("`{}`", m.key)).collect();
            let at = ops.get(1).map_or(first(rule), |m| m.key_span);
            (
                at,
                format!(
                    "a Choice rule has exactly one operator; this one has {}",
                    names.join(", ")
                ),
                Some("split it into several rules, or combine them with `And`/`Or`".to_string()),
            )
        } else if ops.is_empty() {
            let msg = if has_variable {
                "`Variable` has no comparison operator (such as `StringEquals` or `IsPresent`)"
                    .to_string()
            } else {
                "a Choice rule needs `Variable` with a comparison operator, or `And`, `Or`, `Not`, or `Condition`".to_string()
            };
            (first(rule), msg, None)
        } else if let [op] = ops.as_slice() {
            if Operator::from_name(&op.key).is_some() && !has_variable {
                (
                    op.key_span,
                    format!("`{}` needs a `Variable` to compare", op.key),
                    None,
                )
            } else if sp.contains("/required") && !nested && rule.get("Next").is_none() {
                (
                    first(rule),
                    "a top-level Choice rule needs `Next`".to_string(),
                    None,
                )
            } else {
                let (vs, _, node) = spans(root, ip);
                let field = last_token(ip);
                let found = node.map_or("a value", |n| n.json_type().article_name());
                (
                    vs,
                    format!(
                        "this Choice rule has a value of the wrong type at `{field}`: found {found}"
                    ),
                    None,
                )
            }
        } else {
            (
                first(rule),
                "this Choice rule is malformed".to_string(),
                None,
            )
        };
    Diagnostic::new(code, sev, msg)
        .with_primary(at, "")
        .with_pointer(rule_ptr)
        .with_help_opt(help)
}
