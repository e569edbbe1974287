//! Where JSONata runs in a state: every string a JSONata state evaluates, with the field it sits
//! in, and the fields that belong to one query language only.
//!
//! AWS ("Transforming data with JSONata in Step Functions"): a `{% … %}` string is evaluated
//! "where present as the value of a non-Path ASL field, a JSON object field, or a JSON array
//! element". Structural fields (`Type`, `Next`, `Resource`, `ErrorEquals`, …) and the nested
//! scopes of Map and Parallel are not expressions of this state.

use aslctl_parser::json::{Node, NodeValue, pointer_push};
use aslctl_parser::jsonata::{self, Expression, JsonataError, Template};
use aslctl_parser::model::{State, StateKind};
use std::ops::Range;

/// The field an expression belongs to, which decides what `$states` offers there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// The state's `Output`.
    Output,
    /// The state's `Assign`.
    Assign,
    /// A catcher's `Output` or `Assign` (where `$states.errorOutput` exists).
    Catcher,
    /// A Choice rule's `Output` or `Assign`.
    ChoiceRule,
    /// Any other field (`Arguments`, `Items`, `Condition`, `TimeoutSeconds`, ...).
    Other,
}

/// One string value of a JSONata state.
#[derive(Debug, Clone)]
pub struct JsonataString<'a> {
    /// The string node.
    pub node: &'a Node,
    /// Its JSON pointer.
    pub pointer: String,
    /// The field it belongs to.
    pub site: Site,
}

/// Keys of a state, catcher or Choice rule object that never hold an expression.
const STRUCTURAL: &[&str] = &[
    "Type",
    "Comment",
    "Next",
    "End",
    "Default",
    "QueryLanguage",
    "Resource",
    "ErrorEquals",
    "Retry",
    "ItemProcessor",
    "Iterator",
    "Branches",
    "Variable",
];

#[derive(Clone, Copy)]
enum Level {
    /// The state object, a catcher or a Choice rule: keys are field names.
    Field,
    /// Inside a value: every string is evaluated.
    Payload,
}

/// Every string value the state would evaluate as JSONata (if it is a JSONata state), in
/// source order. Uses an explicit stack; the JSON parser already bounds nesting.
#[must_use]
pub fn strings<'a>(state: &State<'a>) -> Vec<JsonataString<'a>> {
    let mut out = Vec::new();
    let mut stack: Vec<(&'a Node, String, Site, Level, bool)> = vec![(
        state.node,
        state.pointer.clone(),
        Site::Other,
        Level::Field,
        true,
    )];
    while let Some((node, ptr, site, level, is_state)) = stack.pop() {
        match (&node.value, level) {
            (NodeValue::String(_), _) => out.push(JsonataString {
                node,
                pointer: ptr,
                site,
            }),
            (NodeValue::Object(members), Level::Field) => {
                for m in members.iter().rev() {
                    if STRUCTURAL.contains(&m.key.as_str()) {
                        continue;
                    }
                    let p = pointer_push(&ptr, &m.key);
                    let inner = match (m.key.as_str(), is_state, site) {
                        ("Output", true, _) => Site::Output,
                        ("Assign", true, _) => Site::Assign,
                        ("Output" | "Assign", false, Site::Catcher) => Site::Catcher,
                        ("Output" | "Assign", false, _) => Site::ChoiceRule,
                        _ => Site::Other,
                    };
                    let nested_fields = match m.key.as_str() {
                        "Catch" if is_state => Some(Site::Catcher),
                        "Choices" if is_state => Some(Site::ChoiceRule),
                        "And" | "Or" | "Not" if !is_state => Some(Site::ChoiceRule),
                        _ => None,
                    };
                    match (nested_fields, &m.value.value) {
                        (Some(s), NodeValue::Array(items)) => {
                            for (i, item) in items.iter().enumerate().rev() {
                                stack.push((
                                    item,
                                    pointer_push(&p, &i.to_string()),
                                    s,
                                    Level::Field,
                                    false,
                                ));
                            }
                        }
                        (Some(s), NodeValue::Object(_)) => {
                            stack.push((&m.value, p, s, Level::Field, false));
                        }
                        _ => stack.push((&m.value, p, inner, Level::Payload, false)),
                    }
                }
            }
            (NodeValue::Object(members), Level::Payload) => {
                for m in members.iter().rev() {
                    stack.push((&m.value, pointer_push(&ptr, &m.key), site, level, false));
                }
            }
            (NodeValue::Array(items), _) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, pointer_push(&ptr, &i.to_string()), site, level, false));
                }
            }
            _ => {}
        }
    }
    out
}

/// A `{% … %}` string and its parse: the expression's byte range inside the decoded string.
pub struct Parsed {
    /// Where the expression text sits in the string.
    pub range: Range<usize>,
    /// The expression, or the syntax error.
    pub result: Result<Expression, JsonataError>,
}

/// Parses a string if it is a `{% … %}` expression.
#[must_use]
pub fn parse_string(s: &str) -> Option<Parsed> {
    match jsonata::split_template(s) {
        Template::Expression { source, range } => Some(Parsed {
            range,
            result: jsonata::parse(source),
        }),
        _ => None,
    }
}

/// A field that exists in one query language only.
pub struct LanguageField<'a> {
    /// The member's value.
    pub node: &'a Node,
    /// The key's span.
    pub key_span: aslctl_parser::source::Span,
    /// The member pointer.
    pub pointer: String,
    /// The field name.
    pub name: &'static str,
    /// What to use in the other language.
    pub instead: &'static str,
}

/// JSONPath-only fields of a state object (`/States/X`): the field and what JSONata uses instead.
const JSONPATH_ONLY: &[(&str, &str)] = &[
    ("InputPath", "read `$states.input` in the expressions"),
    ("Parameters", "use `Arguments`"),
    (
        "ResultSelector",
        "use `Output` or `Assign` with `$states.result`",
    ),
    (
        "ResultPath",
        "use `Output` or `Assign` with `$states.result`",
    ),
    ("OutputPath", "use `Output`"),
    ("ItemsPath", "use `Items`"),
    (
        "TimeoutSecondsPath",
        "use `TimeoutSeconds` with a `{% %}` expression",
    ),
    (
        "HeartbeatSecondsPath",
        "use `HeartbeatSeconds` with a `{% %}` expression",
    ),
    ("SecondsPath", "use `Seconds` with a `{% %}` expression"),
    ("TimestampPath", "use `Timestamp` with a `{% %}` expression"),
    ("ErrorPath", "use `Error` with a `{% %}` expression"),
    ("CausePath", "use `Cause` with a `{% %}` expression"),
    (
        "MaxConcurrencyPath",
        "use `MaxConcurrency` with a `{% %}` expression",
    ),
    (
        "ToleratedFailureCountPath",
        "use `ToleratedFailureCount` with a `{% %}` expression",
    ),
    (
        "ToleratedFailurePercentagePath",
        "use `ToleratedFailurePercentage` with a `{% %}` expression",
    ),
];

/// JSONata-only fields of a state object.
const JSONATA_ONLY: &[(&str, &str)] = &[
    ("Arguments", "use `Parameters`"),
    (
        "Output",
        "use `ResultSelector`, `ResultPath` and `OutputPath`",
    ),
    ("Items", "use `ItemsPath`"),
];

fn collect<'a>(
    node: &'a Node,
    ptr: &str,
    table: &[(&'static str, &'static str)],
    out: &mut Vec<LanguageField<'a>>,
) {
    for m in node.as_object().unwrap_or(&[]) {
        if let Some((name, instead)) = table.iter().find(|(n, _)| *n == m.key) {
            out.push(LanguageField {
                node: &m.value,
                key_span: m.key_span,
                pointer: pointer_push(ptr, &m.key),
                name,
                instead,
            });
        }
    }
}

/// Fields of the state (and its catchers, Choice rules and Distributed Map objects) that the
/// other query language owns: JSONPath-only ones when `jsonata` is true, else JSONata-only ones.
/// A JSONata Choice rule's `Variable`/operators are left to ASL410.
#[must_use]
pub fn foreign_fields<'a>(state: &State<'a>, jsonata: bool) -> Vec<LanguageField<'a>> {
    let mut out = Vec::new();
    let table = if jsonata { JSONPATH_ONLY } else { JSONATA_ONLY };
    collect(state.node, &state.pointer, table, &mut out);
    for c in &state.fields.catch {
        let t: &[(&str, &str)] = if jsonata {
            &[("ResultPath", "use `Output` with `$states.errorOutput`")]
        } else {
            &[("Output", "use `ResultPath`")]
        };
        collect(c.node, &c.pointer, t, &mut out);
    }
    if let StateKind::Choice(ch) = &state.kind
        && !jsonata
    {
        for r in &ch.choices {
            collect(
                r.node,
                &r.pointer,
                &[(
                    "Output",
                    "remove it; JSONPath Choice rules only choose `Next`",
                )],
                &mut out,
            );
        }
        // `Condition` anywhere in a JSONPath Choice state (nested rules included).
        let mut stack: Vec<&aslctl_parser::model::ChoiceRule<'a>> = ch.choices.iter().collect();
        while let Some(r) = stack.pop() {
            collect(
                r.node,
                &r.pointer,
                &[(
                    "Condition",
                    "use `Variable` with a comparison operator, or set `\"QueryLanguage\": \"JSONata\"`",
                )],
                &mut out,
            );
            stack.extend(r.children());
        }
    }
    if let StateKind::Map(m) = &state.kind {
        let base = &state.pointer;
        let sub: [(Option<&'a Node>, &str); 2] = [
            (m.item_reader, "ItemReader"),
            (m.result_writer, "ResultWriter"),
        ];
        for (n, key) in sub {
            let Some(n) = n else { continue };
            let p = pointer_push(base, key);
            let t: &[(&str, &str)] = if jsonata {
                &[("Parameters", "use `Arguments`")]
            } else {
                &[("Arguments", "use `Parameters`")]
            };
            collect(n, &p, t, &mut out);
        }
        if jsonata {
            if let Some(rc) = m.item_reader.and_then(|r| r.get("ReaderConfig")) {
                collect(
                    rc,
                    &format!("{base}/ItemReader/ReaderConfig"),
                    &[("MaxItemsPath", "use `MaxItems` with a `{% %}` expression")],
                    &mut out,
                );
            }
            if let Some(b) = m.item_batcher {
                collect(
                    b,
                    &pointer_push(base, "ItemBatcher"),
                    &[
                        (
                            "MaxItemsPerBatchPath",
                            "use `MaxItemsPerBatch` with a `{% %}` expression",
                        ),
                        (
                            "MaxInputBytesPerBatchPath",
                            "use `MaxInputBytesPerBatch` with a `{% %}` expression",
                        ),
                    ],
                    &mut out,
                );
            }
        }
    }
    out.sort_by_key(|f| f.key_span.start);
    out
}
