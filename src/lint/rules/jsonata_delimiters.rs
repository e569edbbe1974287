//! ASL404 `jsonata-delimiters`.

use crate::lint::jsonata::strings;
use crate::lint::prelude::*;
use aslctl_parser::jsonata::{Malformed, Template, split_template};

declare_rule! {
    /// ## What it does
    /// Flags a string in a JSONata state that is only half wrapped in `{%` … `%}`: it starts
    /// with `{%` but does not end with `%}` (or the reverse), has whitespace outside the
    /// delimiters, or is just `{%}`.
    ///
    /// ## Why is this bad?
    /// A string is an expression only when it starts with `{%` and ends with `%}`
    /// ("Transforming data with JSONata in Step Functions"); anything else is used as a literal
    /// string, so `"{% $states.input.id %"` passes those characters on instead of the id.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.id %", "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.id %}", "End": true}}}
    /// ```
    JsonataDelimiters { code: "ASL404", name: "jsonata-delimiters", severity: Warning }
}

impl Rule for JsonataDelimiters {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        if state.query_language(cx.machine_language()) != QueryLanguage::Jsonata {
            return;
        }
        for s in strings(state) {
            let Some(value) = s.node.as_str() else {
                continue;
            };
            if let Template::Malformed(m) = split_template(value) {
                cx.report(
                    Self::META
                        .at(
                            s.node.span,
                            &s.pointer,
                            format!("this string {}, so it is used as literal text", describe(m)),
                        )
                        .with_help("write an expression as `\"{% … %}\"` with nothing before `{%` or after `%}`"),
                );
            }
        }
    }
}

fn describe(m: Malformed) -> &'static str {
    match m {
        Malformed::MissingClose => "starts with `{%` but does not end with `%}`",
        Malformed::MissingOpen => "ends with `%}` but does not start with `{%`",
        Malformed::OuterWhitespace => "has whitespace before `{%` or after `%}`",
        Malformed::Empty => "is `{%}`, with no expression between the delimiters",
    }
}
