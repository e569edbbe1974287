//! ASL408 `invalid-variable-name`.

use crate::lint::prelude::*;
use crate::lint::variables::assign_nodes;
use aslctl_parser::expr::{self, Root};

/// Longest variable name AWS accepts ("Passing data between states with variables").
const MAX_NAME_CHARS: usize = 80;

declare_rule! {
    /// ## What it does
    /// Flags an `Assign` key that is not a valid variable name, and a JSONPath `ResultPath`
    /// that names a variable (`$name`). A name starts with a Unicode `ID_Start` character
    /// (a letter), continues with `ID_Continue` characters (letters, digits, `_`), is at most
    /// 80 characters long and is not `states`, which Step Functions reserves. In a JSONPath
    /// state, a trailing `.$` on the key marks a dynamic value and is not part of the name.
    ///
    /// ## Why is this bad?
    /// AWS rejects the definition. Variable names follow Unicode Standard Annex #31 identifier
    /// rules, and `$states` is the reserved variable of JSONata states ("Passing data between
    /// states with variables"). `ResultPath` merges a result into the state input and cannot
    /// set a variable; `Assign` does that.
    ///
    /// ## Example
    /// ```json,invalid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"order-id": 1}, "End": true}}}
    /// ```
    ///
    /// Use instead:
    /// ```json,valid
    /// {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"orderId": 1}, "End": true}}}
    /// ```
    InvalidVariableName { code: "ASL408", name: "invalid-variable-name", severity: Error }
}

/// What is wrong with a variable name, if anything.
#[must_use]
pub fn name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Some("a variable name cannot be empty".to_string());
    };
    if name == "states" {
        return Some(
            "`states` is reserved: `$states` holds the state's input, result and context"
                .to_string(),
        );
    }
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        return Some(format!(
            "variable name is {n} characters long; AWS allows at most {MAX_NAME_CHARS}"
        ));
    }
    if !unicode_ident::is_xid_start(first) {
        return Some(format!(
            "variable name `{name}` must start with a letter, not `{first}`"
        ));
    }
    if let Some(bad) = chars.find(|c| !unicode_ident::is_xid_continue(*c)) {
        return Some(format!(
            "variable name `{name}` cannot contain `{bad}`; use letters, digits and `_`"
        ));
    }
    None
}

impl Rule for InvalidVariableName {
    fn check_state(&self, state: &State<'_>, _scope: &Scope<'_>, cx: &mut LintCx<'_>) {
        let ql = state.query_language(cx.machine_language());
        for (node, ptr) in assign_nodes(state) {
            for m in node.as_object().unwrap_or(&[]) {
                let name = match ql {
                    QueryLanguage::JsonPath => m.key.strip_suffix(".$").unwrap_or(&m.key),
                    QueryLanguage::Jsonata => &m.key,
                };
                if let Some(problem) = name_problem(name) {
                    cx.report(Self::META.at(m.key_span, &pointer_push(&ptr, &m.key), problem));
                }
            }
        }
        if ql != QueryLanguage::JsonPath {
            return;
        }
        let mut result_paths: Vec<(&Node, String)> = Vec::new();
        if let Some(rp) = state.fields.result_path {
            result_paths.push((rp, pointer_push(&state.pointer, "ResultPath")));
        }
        for c in &state.fields.catch {
            if let Some(rp) = c.result_path {
                result_paths.push((rp, pointer_push(&c.pointer, "ResultPath")));
            }
        }
        for (node, ptr) in result_paths {
            let Some(s) = node.as_str() else { continue };
            if let Ok(p) = expr::parse_reference_path(s)
                && let Root::Variable(name) = &p.root
            {
                cx.report(
                    Self::META
                        .at(node.span, &ptr, format!("`ResultPath` cannot write the variable `${name}`; it must start with `$`"))
                        .with_help(format!("keep the result with `\"Assign\": {{\"{name}.$\": \"$\"}}`, or write it into the input with `\"ResultPath\": \"$.{name}\"`")),
                );
            }
        }
    }
}
