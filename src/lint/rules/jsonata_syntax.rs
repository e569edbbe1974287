//! ASL403 `jsonata-syntax`.

use crate::lint::jsonata::{parse_string, strings};
use crate::lint::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `{% … %}` expression in a JSONata state that does not parse, or that uses what
    /// Step Functions does not support (`$eval`, and the `?:` and `??` operators of JSONata
    /// 2.1). The finding points at the offending part of the expression.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition (INVALID_JSONATA_EXPRESSION). Step Functions runs JSONata
    /// 2.0.6 without `$eval` ("Transforming data with JSONata in Step Functions").
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $sum([1, 2] %}", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $sum([1, 2]) %}", "End": true}}}
    /// ```
    JsonataSyntax { code: "ASL403", name: "jsonata-syntax", severity: Error }
}

impl Rule for JsonataSyntax {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::Jsonata {
            return;
        }
        for s in strings(state) {
            let Some(value) = s.node.as_str() else {
                continue;
            };
            let Some(parsed) = parse_string(value) else {
                continue;
            };
            let Err(e) = parsed.result else {
                continue;
            };
            let range = e.range.clone().map_or(parsed.range.clone(), |r| {
                parsed.range.start + r.start..parsed.range.start + r.end.max(r.start + 1)
            });
            let range = range.start..range.end.min(parsed.range.end.max(range.start));
            let span = inner_span(cx.source.text(), s.node, range);
            cx.report(Self::META.at(
                span,
                &s.pointer,
                format!("JSONata expression does not parse: {}", plain(&e.message)),
            ));
        }
    }
}

/// The engine's message without its `Invalid syntax:` and `S0201:`-style prefixes.
fn plain(message: &str) -> &str {
    let mut m = message.trim();
    loop {
        let before = m;
        m = m.strip_prefix("Invalid syntax: ").unwrap_or(m);
        if let Some((code, rest)) = m.split_once(": ")
            && code.len() == 5
            && code.starts_with(['S', 'T', 'D'])
            && code
                .get(1..)
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
        {
            m = rest;
        }
        if m == before {
            return m;
        }
    }
}
