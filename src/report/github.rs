//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

use crate::lint::FileReport;
use aslctl_parser::diagnostic::Severity;

/// Escapes a message (`%`, CR, LF), as the runner expects.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which additionally cannot hold `:` or `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders every finding as an annotation line.
#[must_use]
pub fn render_run(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for f in reports {
        for d in &f.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = vec![format!("file={}", escape_property(&f.path))];
            if let Some(span) = d.primary_span() {
                let s = f.source.line_col(span.start);
                let e = f.source.line_col(span.end);
                props.push(format!("line={}", s.line));
                props.push(format!("col={}", s.column));
                props.push(format!("endLine={}", e.line));
                props.push(format!("endColumn={}", e.column));
            }
            // The title names the template state machine, since `file` is the template.
            let title = match &f.machine {
                Some(m) => format!("{} {m}", d.code),
                None => d.code.to_string(),
            };
            props.push(format!("title={}", escape_property(&title)));
            let mut msg = d.message.clone();
            if let Some(h) = &d.help {
                msg.push_str("\nhelp: ");
                msg.push_str(h);
            }
            out.push_str(&format!(
                "::{command} {}::{}\n",
                props.join(","),
                escape_data(&msg)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
