//! `aslctl rules`: the rule table, or one rule's documentation.

use super::{ExitStatus, Globals, write_stdout};
use crate::cli::{RulesArgs, RulesFormat};
use crate::lint::registry::{self, RULES, RuleMeta};
use anyhow::Result;
use serde_json::json;

fn to_json(m: &RuleMeta, docs: bool) -> serde_json::Value {
    let mut v = json!({
        "code": m.code,
        "name": m.name,
        "severity": m.severity.as_str(),
        "defaultEnabled": m.default_enabled(),
        "summary": m.summary(),
    });
    if docs {
        v["docs"] = json!(m.docs_text());
    }
    v
}

/// Runs `aslctl rules`.
///
/// # Errors
/// An unknown rule id or name (exit code 2).
pub fn run(args: &RulesArgs, _globals: Globals) -> Result<ExitStatus> {
    let out = match &args.rule {
        Some(id) => {
            let rule = registry::find(id)
                .ok_or_else(|| anyhow::anyhow!("unknown rule `{id}` (see `aslctl rules`)"))?;
            let m = rule.meta();
            match args.format {
                RulesFormat::Json => {
                    format!("{}\n", serde_json::to_string_pretty(&to_json(m, true))?)
                }
                RulesFormat::Human => format!(
                    "# {} `{}`\n\nDefault severity: {}{}\n\n{}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    if m.default_enabled() {
                        ""
                    } else {
                        " (runs with --strict)"
                    },
                    m.docs_text()
                ),
            }
        }
        None => match args.format {
            RulesFormat::Json => {
                let all: Vec<_> = RULES.iter().map(|r| to_json(r.meta(), false)).collect();
                format!("{}\n", serde_json::to_string_pretty(&all)?)
            }
            RulesFormat::Human => {
                let width = RULES.iter().map(|r| r.meta().name.len()).max().unwrap_or(0);
                let mut s = format!(
                    "{:<7} {:<width$} {:<8} {:<7} summary\n",
                    "id", "name", "severity", "default"
                );
                for r in RULES {
                    let m = r.meta();
                    s.push_str(&format!(
                        "{:<7} {:<width$} {:<8} {:<7} {}\n",
                        m.code,
                        m.name,
                        m.severity.as_str(),
                        if m.default_enabled() { "on" } else { "off" },
                        m.summary()
                    ));
                }
                s
            }
        },
    };
    write_stdout(out.as_bytes())?;
    Ok(ExitStatus::Success)
}
