//! Label text, independent of the output language: node headers (`Lambda: Invoke`, `Wait 10s`,
//! `Map · items: $.Items`), the Retry note, compact Choice rules and Catch error lists.
//!
//! Everything here is plain text; `dot.rs` and `mermaid.rs` escape it.

use super::ChoiceLabels;
use aslctl_parser::json::{Node, NodeValue};
use aslctl_parser::model::operator::{Comparison, OperandKind, Operator};
use aslctl_parser::model::{Catcher, ChoiceRule, Map, MapMode, RuleKind, State, StateKind, Wait};

/// Paths longer than this are shortened from the left to at most this many characters, `…`
/// included (spec §5.4): the end of a path is what tells two rules of one Choice apart.
const PATH_KEEP: usize = 22;

/// And/Or nesting deeper than this is printed as `…`; keeps the rule printer's recursion bounded.
const MAX_RULE_DEPTH: usize = 8;

/// Top-level And/Or operands shown, one per line, before `… +N more`.
const MAX_OPERAND_LINES: usize = 3;

/// Line between two rules drawn on one edge.
const RULE_SEPARATOR: &str = "— or —";

/// `MaxAttempts` when a retrier does not set it (AWS "Handling errors": default 3).
const DEFAULT_MAX_ATTEMPTS: u64 = 3;

/// Cuts `s` to at most `max` characters, marking a cut with `…`.
#[must_use]
pub fn truncate(s: &str, max: usize) -> String {
    let max = max.max(2);
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Word-wraps `s` at `width` characters; words longer than a line are split.
#[must_use]
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let mut lines = Vec::new();
    for raw in s.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in raw.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            while word.len() > width {
                if len > 0 {
                    lines.push(std::mem::take(&mut line));
                    len = 0;
                }
                let rest = word.split_off(width);
                lines.push(word.into_iter().collect());
                word = rest;
            }
            if len > 0 && len + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            len += word.len();
            line.extend(word);
        }
        lines.push(line);
    }
    lines
}

/// A state name as displayed: trimmed, since Mermaid trims labels anyway (pitfall M12), and
/// with control characters other than newline dropped (DOT D6).
#[must_use]
pub fn display_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// The small grey header of a state: its type, or the service it calls (lines split by `\n`).
#[must_use]
pub fn header(state: &State<'_>, label_max: usize) -> String {
    let text = match &state.kind {
        StateKind::Task(t) => task_header(t.resource),
        StateKind::Wait(w) => wait_header(w),
        StateKind::Map(m) => map_header(m),
        StateKind::Unknown => match state.type_name {
            Some(t) => format!("Type {}", t.value),
            None => "no Type".to_owned(),
        },
        kind => kind.type_name().to_owned(),
    };
    let lines: Vec<String> = text.split('\n').map(|l| truncate(l, label_max)).collect();
    lines.join("\n")
}

/// `Lambda: Invoke`, `DynamoDB: GetItem`, `Step Functions: StartExecution (.sync)`,
/// `Lambda: my-function`, `Activity: name`, or `Task` when the resource is not readable.
#[must_use]
pub fn task_header(resource: Option<&Node>) -> String {
    let Some(arn) = resource.and_then(Node::as_str) else {
        return "Task".to_owned();
    };
    // Service integrations: arn:aws:states:::service:action[.sync|.waitForTaskToken]
    // ("Integrating services with Step Functions", AWS developer guide).
    if let Some((_, rest)) = arn.split_once("states:::") {
        let (rest, pattern) = if let Some(i) = rest.find(".sync") {
            (&rest[..i], " (.sync)")
        } else if let Some(i) = rest.find(".waitForTaskToken") {
            (&rest[..i], " (callback)")
        } else {
            (rest, "")
        };
        let parts: Vec<&str> = rest.split(':').collect();
        let (service, action) = match parts.as_slice() {
            ["aws-sdk", service, action, ..] => (*service, *action),
            [service, action, ..] => (*service, *action),
            [service] => (*service, ""),
            [] => ("", ""),
        };
        if service.is_empty() || service.contains('$') {
            return "Task".to_owned();
        }
        let action = capitalise(action);
        if action.is_empty() {
            return format!("{}{pattern}", service_name(service));
        }
        return format!("{}: {action}{pattern}", service_name(service));
    }
    if let Some((_, rest)) = arn.split_once(":function:") {
        let name = rest.split(':').next().unwrap_or(rest);
        if !name.is_empty() && !name.starts_with('$') {
            return format!("Lambda: {name}");
        }
        return "Lambda".to_owned();
    }
    if let Some((_, rest)) = arn.split_once(":activity:") {
        return format!("Activity: {rest}");
    }
    "Task".to_owned()
}

fn service_name(service: &str) -> String {
    let known = match service {
        "lambda" => "Lambda",
        "dynamodb" => "DynamoDB",
        "sns" => "SNS",
        "sqs" => "SQS",
        "s3" => "S3",
        "states" => "Step Functions",
        "ecs" => "ECS",
        "eks" => "EKS",
        "batch" => "Batch",
        "glue" => "Glue",
        "athena" => "Athena",
        "events" | "eventbridge" => "EventBridge",
        "sagemaker" => "SageMaker",
        "codebuild" => "CodeBuild",
        "apigateway" => "API Gateway",
        "http" => "HTTP",
        "bedrock" => "Bedrock",
        "elasticmapreduce" => "EMR",
        "emr-serverless" => "EMR Serverless",
        "ssm" => "Systems Manager",
        "ses" | "sesv2" => "SES",
        "secretsmanager" => "Secrets Manager",
        "cloudformation" => "CloudFormation",
        "ec2" => "EC2",
        "iam" => "IAM",
        "kms" => "KMS",
        "sfn" => "Step Functions",
        "textract" => "Textract",
        "comprehend" => "Comprehend",
        "rekognition" => "Rekognition",
        "mediaconvert" => "MediaConvert",
        "organizations" => "Organizations",
        "cloudwatch" => "CloudWatch",
        _ => return capitalise(service),
    };
    known.to_owned()
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A JSONata expression without its `{% %}` and with whitespace collapsed.
fn jsonata(s: &str) -> String {
    let inner = s
        .trim()
        .strip_prefix("{%")
        .and_then(|t| t.strip_suffix("%}"))
        .unwrap_or(s);
    inner.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A short rendering of a scalar field (number as written, string as is).
fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::Number(n) => Some(n.to_string()),
        NodeValue::String(s) => Some(jsonata(s)),
        NodeValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn wait_header(w: &Wait<'_>) -> String {
    if let Some(seconds) = w.seconds {
        // `10s` for a number; an expression or placeholder reads better apart from the unit.
        return match (&seconds.value, scalar(seconds)) {
            (NodeValue::Number(n), _) => format!("Wait {n}s"),
            (_, Some(s)) => format!("Wait {s} s"),
            (_, None) => "Wait".to_owned(),
        };
    }
    if let Some(s) = w.seconds_path.and_then(scalar) {
        return format!("Wait {s} s");
    }
    if let Some(s) = w.timestamp.and_then(scalar) {
        return format!("Wait until {s}");
    }
    if let Some(s) = w.timestamp_path.and_then(scalar) {
        return format!("Wait until {s}");
    }
    "Wait".to_owned()
}

fn map_header(m: &Map<'_>) -> String {
    let mut out = match m.mode() {
        MapMode::Inline => "Map".to_owned(),
        MapMode::Distributed => "Distributed Map".to_owned(),
    };
    let items = if let Some(reader) = m.item_reader {
        reader
            .get("Resource")
            .and_then(Node::as_str)
            .map(|r| r.rsplit_once(":::").map_or(r, |(_, s)| s).to_owned())
    } else if let Some(p) = m.items_path.and_then(scalar) {
        Some(p)
    } else {
        m.items
            .map(|i| scalar(i).unwrap_or_else(|| "[…]".to_owned()))
    };
    if let Some(max) = m.max_concurrency.and_then(Node::as_f64)
        && max >= 1.0
    {
        out.push_str(&format!(" · max {max}"));
    }
    // The item source gets its own line: S3 readers and long paths would crowd the mode out.
    if let Some(items) = items {
        out.push_str("\nitems: ");
        out.push_str(&items);
    }
    out
}

/// `↻ retry ≤6×` or `↻ retry ≤10× · 2 rules`: a short note instead of self-loops, which
/// clutter the drawing (spec §5.5).
#[must_use]
pub fn retry_note(state: &State<'_>) -> Option<String> {
    let retry = &state.fields.retry;
    if retry.is_empty() {
        return None;
    }
    let most = retry
        .iter()
        .map(|r| {
            r.max_attempts
                .and_then(Node::as_f64)
                .filter(|n| n.is_finite() && *n >= 0.0)
                // Saturating: a huge MaxAttempts only needs to print as a big number.
                .map_or(DEFAULT_MAX_ATTEMPTS, |n| n.min(1e15) as u64)
        })
        .max()
        .unwrap_or(DEFAULT_MAX_ATTEMPTS);
    // MaxAttempts 0 means "never retry" for those errors.
    let mut note = if most == 0 {
        "↻ retry 0×".to_owned()
    } else {
        format!("↻ retry ≤{most}×")
    };
    if retry.len() > 1 {
        note.push_str(&format!(" · {} rules", retry.len()));
    }
    Some(note)
}

/// The full error list of a state's retriers, for tooltips.
#[must_use]
pub fn retry_errors(state: &State<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &state.fields.retry {
        for e in &r.error_equals {
            if !out.iter().any(|o| o == e.value) {
                out.push(e.value.to_owned());
            }
        }
    }
    out
}

/// The label of a merged Catch edge: `States.ALL`, `A, B`, or `A +2` when that is too long.
#[must_use]
pub fn catch_label(catchers: &[Catcher<'_>], indexes: &[usize], label_max: usize) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in indexes.iter().filter_map(|i| catchers.get(*i)) {
        for e in &c.error_equals {
            if !names.contains(&e.value) {
                names.push(e.value);
            }
        }
    }
    let joined = names.join(", ");
    if joined.chars().count() <= label_max || names.len() < 2 {
        return truncate(&joined, label_max);
    }
    let first = names.first().copied().unwrap_or_default();
    truncate(&format!("{first} +{}", names.len() - 1), label_max)
}

/// A Choice edge label: the lines to draw and the full text for a tooltip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChoiceText {
    /// Lines, each at most `label_max` characters.
    pub lines: Vec<String>,
    /// The unshortened rule, for the DOT tooltip.
    pub full: String,
}

/// The label of a Choice edge carrying `rules` (one edge per target, spec §5.2).
#[must_use]
pub fn choice_label(rules: &[&ChoiceRule<'_>], mode: ChoiceLabels, label_max: usize) -> ChoiceText {
    let mut text = ChoiceText::default();
    if mode == ChoiceLabels::None {
        return text;
    }
    let mut full = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        // Rules sharing a target are alternatives; keep them apart from And/Or operand lines.
        if i > 0 {
            text.lines.push(RULE_SEPARATOR.to_owned());
            full.push(RULE_SEPARATOR.to_owned());
        }
        let comment = rule
            .node
            .get("Comment")
            .and_then(Node::as_str)
            .filter(|c| !c.trim().is_empty());
        if let (ChoiceLabels::Comment, Some(c)) = (mode, comment) {
            let c = display_name(c);
            text.lines.push(truncate(&c, label_max));
            full.push(c);
            continue;
        }
        for line in rule_lines(rule, true) {
            text.lines.push(truncate(&line, label_max));
        }
        full.push(rule_lines(rule, false).join("\n"));
    }
    text.full = full.join("\n");
    text
}

/// A top-level rule: And/Or operands one per line (2nd+ prefixed), anything else one line.
fn rule_lines(rule: &ChoiceRule<'_>, short: bool) -> Vec<String> {
    let (operands, word) = match &rule.kind {
        RuleKind::And(r) => (r, "and"),
        RuleKind::Or(r) => (r, "or"),
        _ => return vec![inline(rule, short, 0)],
    };
    let mut lines = Vec::new();
    let shown = if short && operands.len() > MAX_OPERAND_LINES {
        MAX_OPERAND_LINES - 1
    } else {
        operands.len()
    };
    for (i, op) in operands.iter().take(shown).enumerate() {
        let text = inline(op, short, 1);
        if i == 0 {
            lines.push(text);
        } else {
            lines.push(format!("{word} {text}"));
        }
    }
    if operands.len() > shown {
        lines.push(format!("{word} … +{} more", operands.len() - shown));
    }
    if lines.is_empty() {
        lines.push(format!("{word} ()"));
    }
    lines
}

/// A rule on one line; nested And/Or in parentheses. `depth` bounds the recursion.
fn inline(rule: &ChoiceRule<'_>, short: bool, depth: usize) -> String {
    if depth > MAX_RULE_DEPTH {
        return "…".to_owned();
    }
    match &rule.kind {
        RuleKind::And(r) | RuleKind::Or(r) => {
            let word = if matches!(rule.kind, RuleKind::And(_)) {
                " and "
            } else {
                " or "
            };
            let parts: Vec<String> = r.iter().map(|x| inline(x, short, depth + 1)).collect();
            if depth == 0 {
                parts.join(word)
            } else {
                format!("({})", parts.join(word))
            }
        }
        RuleKind::Not(r) => format!("not ({})", inline(r, short, depth + 1)),
        RuleKind::Compare {
            variable,
            operator,
            operand,
        } => {
            let var = variable.map_or_else(|| "?".to_owned(), |v| path(v.value, short));
            compare(&var, operator.value, operand, short)
        }
        RuleKind::Condition(node) => match node.as_str() {
            Some(s) => jsonata(s),
            None => literal(node),
        },
        RuleKind::Invalid { .. } => "?".to_owned(),
    }
}

fn compare(var: &str, op: Operator, operand: &Node, short: bool) -> String {
    let symbol = match op.comparison {
        Comparison::Equals => "==",
        Comparison::LessThan => "<",
        Comparison::GreaterThan => ">",
        Comparison::LessThanEquals => "<=",
        Comparison::GreaterThanEquals => ">=",
        Comparison::Matches => "=~",
        test => {
            let what = match test {
                Comparison::IsNull => "null",
                Comparison::IsNumeric => "numeric",
                Comparison::IsString => "string",
                Comparison::IsBoolean => "boolean",
                Comparison::IsTimestamp => "timestamp",
                _ => "present",
            };
            return match (test, operand.as_bool()) {
                (Comparison::IsPresent, Some(true)) => format!("{var} is present"),
                (Comparison::IsPresent, Some(false)) => format!("{var} is absent"),
                (_, Some(true)) => format!("{var} is {what}"),
                (_, Some(false)) => format!("{var} is not {what}"),
                (_, None) => format!("{var} is {what}: {}", literal(operand)),
            };
        }
    };
    let right = match (op.path, operand.as_str()) {
        (true, Some(p)) => path(p, short),
        _ => literal(operand),
    };
    debug_assert!(op.kind != OperandKind::Test);
    format!("{var} {symbol} {right}")
}

/// A literal as JSON, so quotes in values stay visible.
fn literal(node: &Node) -> String {
    serde_json::to_string(&node.to_value()).unwrap_or_else(|_| "?".to_owned())
}

/// A path, shortened from the left on a segment boundary when `short` and it is long:
/// `$.idempotencyTable.Item.executionstatus.S` → `…executionstatus.S`.
#[must_use]
pub fn path(p: &str, short: bool) -> String {
    if !short || p.chars().count() <= PATH_KEEP {
        return p.to_owned();
    }
    let mut best: Option<&str> = None;
    let mut last: Option<&str> = None;
    for (i, c) in p.char_indices() {
        let suffix = match c {
            '.' => p.get(i + 1..),
            '[' => p.get(i..),
            _ => None,
        };
        let Some(suffix) = suffix.filter(|s| !s.is_empty()) else {
            continue;
        };
        last = Some(suffix);
        if best.is_none() && suffix.chars().count() < PATH_KEEP {
            best = Some(suffix);
        }
    }
    match best.or(last) {
        Some(s) => format!("…{s}"),
        None => p.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_paths_from_the_left() {
        assert_eq!(
            path("$.idempotencyTable.Item.executionstatus.S", true),
            "…executionstatus.S"
        );
        assert_eq!(path("$.short.path", true), "$.short.path");
        assert_eq!(
            path("$.items[0].averyveryverylongsegmentname", true),
            "…averyveryverylongsegmentname"
        );
        assert_eq!(
            path("$.a.b.c.d.e.f.g.h.i.j[12].k", true),
            "…c.d.e.f.g.h.i.j[12].k"
        );
    }

    #[test]
    fn truncates_and_wraps_by_characters() {
        assert_eq!(truncate("日本語テキスト", 4), "日本語…");
        assert_eq!(
            wrap("Create and lock idempotency record", 20),
            vec!["Create and lock", "idempotency record"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn names_services_like_workflow_studio() {
        let node = |s: &str| Node {
            value: NodeValue::String(s.to_owned()),
            span: aslctl_parser::source::Span::new(0, 0),
        };
        let h = |s: &str| task_header(Some(&node(s)));
        assert_eq!(h("arn:aws:states:::lambda:invoke"), "Lambda: Invoke");
        assert_eq!(
            h("arn:aws:states:::aws-sdk:dynamodb:transactWriteItems"),
            "DynamoDB: TransactWriteItems"
        );
        assert_eq!(h("arn:aws:states:::dynamodb:getItem"), "DynamoDB: GetItem");
        assert_eq!(
            h("arn:aws:states:::states:startExecution.sync:2"),
            "Step Functions: StartExecution (.sync)"
        );
        assert_eq!(
            h("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            "SQS: SendMessage (callback)"
        );
        assert_eq!(
            h("arn:aws:lambda:us-east-1:123456789012:function:Resize:prod"),
            "Lambda: Resize"
        );
        assert_eq!(h("${ResizeFunctionArn}"), "Task");
        assert_eq!(
            h("arn:aws:states:us-east-1:123456789012:activity:Approve"),
            "Activity: Approve"
        );
    }
}
