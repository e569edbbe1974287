//! Code frames for people (miette), colour only when asked.

use aslctl_parser::diagnostic::{Diagnostic, Severity};
use aslctl_parser::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::fmt;

/// Renders diagnostics of one file as code frames.
pub struct HumanRenderer {
    handler: GraphicalReportHandler,
}

impl HumanRenderer {
    /// A renderer, coloured or not.
    #[must_use]
    pub fn new(color: bool) -> HumanRenderer {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        HumanRenderer {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_links(false),
        }
    }

    /// Renders one diagnostic against its source.
    #[must_use]
    pub fn render(&self, diagnostic: &Diagnostic, source: &SourceFile) -> String {
        let adapter = Adapter {
            d: diagnostic,
            src: Src { file: source },
            compact: compact_location(diagnostic, source),
        };
        let mut out = String::new();
        if self.handler.render_report(&mut out, &adapter).is_err() {
            out = format!("{}: {}\n", diagnostic.code, diagnostic.message);
        }
        out
    }
}

struct Src<'a> {
    file: &'a SourceFile,
}

impl SourceCode for Src<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, miette::MietteError> {
        // Frames leave out a byte order mark, as editors do; label offsets shift by as much.
        let text = self
            .file
            .text()
            .get(self.file.bom_len()..)
            .unwrap_or_default();
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name().to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Lines longer than this are not shown in a code frame: a minified definition is one line of
/// megabytes, which would be printed once per finding, and the frame renderer cannot pad past
/// 65,535 columns.
const MAX_FRAME_LINE: usize = 500;

/// `file:line:column` of a finding whose lines are too long for a code frame, else `None`.
fn compact_location(d: &Diagnostic, source: &SourceFile) -> Option<String> {
    // Bytes, so that a span off a character boundary cannot panic here.
    let text = source.text().as_bytes();
    let too_long = d.labels.iter().any(|l| {
        let start = l.span.start.min(text.len());
        let end = l.span.end.clamp(start, text.len());
        let line_start = text[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = text[end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| end + i);
        line_end - line_start > MAX_FRAME_LINE
    });
    if !too_long {
        return None;
    }
    let span = d.primary_span()?;
    let lc = source.line_col(span.start);
    let name = d.file.as_deref().unwrap_or(source.name());
    Some(format!("{name}:{}:{}", lc.line, lc.column))
}

struct Adapter<'a> {
    d: &'a Diagnostic,
    src: Src<'a>,
    /// Set when the lines are too long to show: the location is printed instead of a frame.
    compact: Option<String>,
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)?;
        if let Some(at) = &self.compact {
            write!(f, "\n at {at}")?;
            if let Some(label) = self
                .d
                .labels
                .iter()
                .find(|l| l.primary && !l.text.is_empty())
            {
                write!(f, " ({})", label.text)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if self.d.labels.is_empty() || self.compact.is_some() {
            None
        } else {
            Some(&self.src)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.d.labels.is_empty() || self.compact.is_some() {
            return None;
        }
        let skip = self.src.file.bom_len();
        let len = self.src.file.text().len() - skip;
        Some(Box::new(self.d.labels.iter().map(move |l| {
            let start = l.span.start.saturating_sub(skip).min(len);
            let end = l.span.end.saturating_sub(skip).clamp(start, len);
            let text = (!l.text.is_empty()).then(|| l.text.clone());
            if l.primary {
                LabeledSpan::new_primary_with_span(text, (start, end - start))
            } else {
                LabeledSpan::new_with_span(text, (start, end - start))
            }
        })))
    }
}

/// Renders a whole lint run: code frames per finding, in order (under the name of the template
/// state machine they are about), then the summary line.
#[must_use]
pub fn render_run(reports: &[crate::lint::FileReport], color: bool) -> String {
    let r = HumanRenderer::new(color);
    let mut out = String::new();
    for f in reports {
        // Findings about one state machine of a template are headed by its name.
        if let Some(machine) = f.machine.as_deref().filter(|_| !f.diagnostics.is_empty()) {
            out.push_str(&format!("── {machine} ──\n\n"));
        }
        for d in &f.diagnostics {
            out.push_str(&r.render(d, &f.source));
            out.push('\n');
        }
    }
    out.push_str(&crate::lint::Summary::of(reports).line());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aslctl_parser::source::Span;

    #[test]
    fn a_finding_on_a_very_long_line_is_located_without_a_frame() {
        // A minified definition: one line, the finding past column 65,535.
        let text = format!(
            "{{\"Comment\": \"{}\", \"StartAt\": \"B\"}}",
            "x".repeat(70_000)
        );
        let at = text.find("\"B\"").unwrap();
        let src = SourceFile::new("min.json", text);
        let d = Diagnostic::error("ASL200", "no state named `B`")
            .with_primary(Span::new(at, at + 3), "not in States");
        let out = HumanRenderer::new(false).render(&d, &src);
        assert!(out.contains("ASL200"), "{out}");
        assert!(
            out.contains(&format!(" at min.json:1:{} (not in States)", at + 1)),
            "{out}"
        );
        assert!(out.len() < 500, "{out}");
    }

    #[test]
    fn renders_code_frame_with_location() {
        let src = SourceFile::new("def.json", "{\n  \"StartAt\": \"B\"\n}\n".to_string());
        let d = Diagnostic::error("ASL200", "no state named `B`")
            .with_primary(Span::new(15, 18), "not in States")
            .with_help("did you mean `A`?");
        let out = HumanRenderer::new(false).render(&d, &src);
        assert!(out.contains("ASL200"), "{out}");
        assert!(out.contains("def.json:2:14"), "{out}");
        assert!(out.contains("not in States"), "{out}");
        assert!(out.contains("did you mean `A`?"), "{out}");
        assert!(!out.contains('\u{1b}'), "no colour when not asked: {out}");
    }
}
