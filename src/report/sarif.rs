//! SARIF 2.1.0 for code scanning: one run, the rule catalogue in `tool.driver.rules`, one
//! result per finding with a physical location (1-based lines and columns) and the JSON pointer
//! as a logical location; a finding on a template state machine also names it
//! (`template.yaml#LogicalId`) as a logical location and in its message.

use crate::lint::FileReport;
use crate::lint::registry::RULES;
use aslctl_parser::diagnostic::Severity;
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders a lint run as a SARIF 2.1.0 log.
#[must_use]
pub fn render_run(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary()},
                "fullDescription": {"text": m.summary()},
                "help": {"text": m.docs_text(), "markdown": m.docs_text()},
                "defaultConfiguration": {"level": level(m.severity), "enabled": m.default_enabled()},
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut artifacts = Vec::new();
    let mut paths: Vec<&str> = Vec::new();
    for f in reports.iter().filter(|f| !f.skipped) {
        // A template yields one report per state machine, all in one artifact.
        let artifact_index = paths.iter().position(|p| *p == f.path).unwrap_or_else(|| {
            paths.push(&f.path);
            artifacts.push(json!({"location": {"uri": uri(&f.path)}}));
            paths.len() - 1
        });
        for d in &f.diagnostics {
            let mut physical =
                json!({"artifactLocation": {"uri": uri(&f.path), "index": artifact_index}});
            if let Some(span) = d.primary_span() {
                let s = f.source.line_col(span.start);
                let e = f.source.line_col(span.end);
                physical["region"] = json!({
                    "startLine": s.line,
                    "startColumn": s.column,
                    "endLine": e.line,
                    "endColumn": e.column.max(if e.line == s.line { s.column } else { 1 }),
                    "charOffset": span.start,
                    "charLength": span.len(),
                });
            }
            let mut location = json!({"physicalLocation": physical});
            let mut logical = Vec::new();
            if let Some(m) = &f.machine {
                let id = m.rsplit_once('#').map_or(m.as_str(), |(_, id)| id);
                logical.push(json!({"name": id, "fullyQualifiedName": m, "kind": "resource"}));
            }
            if let Some(p) = d.pointer.as_deref().filter(|p| !p.is_empty()) {
                logical.push(json!({"fullyQualifiedName": p, "kind": "object"}));
            }
            if !logical.is_empty() {
                location["logicalLocations"] = Value::Array(logical);
            }
            let mut text = match &f.machine {
                Some(m) => format!("{m}: {}", d.message),
                None => d.message.clone(),
            };
            if let Some(h) = &d.help {
                text.push_str(" (help: ");
                text.push_str(h);
                text.push(')');
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location],
            });
            if let Some(i) = RULES.iter().position(|r| r.meta().code == d.code) {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "aslctl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }]
    })
}

/// A relative URI reference for a path (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}
