//! Diagnostics as JSON objects with resolved line and column.

use aslctl_parser::diagnostic::Diagnostic;
use aslctl_parser::source::SourceFile;
use serde_json::{Value, json};

/// One diagnostic as a JSON object: code, severity, message, help, file, pointer, and the
/// 1-based `line`/`column`/`endLine`/`endColumn` of its main location.
#[must_use]
pub fn diagnostic(d: &Diagnostic, source: &SourceFile) -> Value {
    let mut obj = json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": d.file.as_deref().unwrap_or(source.name()),
        "pointer": d.pointer,
        "help": d.help,
    });
    if let Some(span) = d.primary_span() {
        let start = source.line_col(span.start);
        let end = source.line_col(span.end);
        obj["line"] = json!(start.line);
        obj["column"] = json!(start.column);
        obj["endLine"] = json!(end.line);
        obj["endColumn"] = json!(end.column);
        obj["offset"] = json!(span.start);
        obj["length"] = json!(span.len());
    }
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let lc = source.line_col(l.span.start);
            json!({"line": lc.line, "column": lc.column, "offset": l.span.start, "length": l.span.len(), "text": l.text, "primary": l.primary})
        })
        .collect();
    obj["labels"] = Value::Array(labels);
    obj
}

/// A whole lint run as one document (format version 1):
/// `{"version": 1, "files": [{"path", "machine", "errors", "warnings", "infos"}],
/// "diagnostics": [...], "summary": {"files", "filesWithFindings", "skipped", "errors",
/// "warnings", "infos"}}`. Each diagnostic is [`diagnostic`] plus `"rule"` (the rule's kebab
/// name) and `"machine"` (`template.yaml#LogicalId` for a state machine of a template, else
/// `null`); a template gives one `files` entry per state machine.
#[must_use]
pub fn render_run(reports: &[crate::lint::FileReport]) -> Value {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for f in reports.iter().filter(|f| !f.skipped) {
        let s = crate::lint::Summary::of(std::slice::from_ref(f));
        files.push(json!({
            "path": f.path,
            "machine": f.machine,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        }));
        for d in &f.diagnostics {
            let mut v = diagnostic(d, &f.source);
            v["rule"] = json!(crate::lint::meta_for(d).map(|m| m.name));
            v["machine"] = json!(f.machine);
            diags.push(v);
        }
    }
    let s = crate::lint::Summary::of(reports);
    json!({
        "version": 1,
        "files": files,
        "diagnostics": diags,
        "summary": {
            "files": s.files,
            "filesWithFindings": s.files_with_findings,
            "skipped": s.skipped,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
        }
    })
}
