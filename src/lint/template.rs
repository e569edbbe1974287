//! Linting the state machines of a template: each one on its own, with the workflow type and
//! `DefinitionSubstitutions` the template declares, every finding moved back into the template
//! (or into the definition file the template names) and named `template.yaml#LogicalId`.

use super::{FileReport, LintOptions, WorkflowType, check_tree, finish};
use crate::definition::{owned_diagnostics, source_of};
use crate::lint::suggest::did_you_mean;
use aslctl_parser::diagnostic::{Diagnostic, Severity};
use aslctl_parser::json::Node;
use aslctl_parser::load::Document;
use aslctl_parser::source::SourceFile;
use aslctl_parser::template::{
    self, DefinitionLocation, ExtractedMachine, TemplateKind, WorkflowType as TemplateType,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// `--machine` names no state machine of a template, or a plain definition was named with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NoSuchMachine(pub String);

/// Lints every state machine of the template `doc` (read from `path`), or only
/// [`LintOptions::machine`]. `load_diagnostics` are the loader's findings on the template.
///
/// Reports come in template order: problems of the template as a whole first (if any), then one
/// report per state machine, in the file its findings are shown in.
///
/// # Errors
/// [`LintOptions::machine`] names none of the template's state machines (for a named file).
pub fn lint_template(
    path: &str,
    doc: &Document,
    load_diagnostics: Vec<Diagnostic>,
    options: &LintOptions,
) -> Result<Vec<FileReport>, NoSuchMachine> {
    let base = Path::new(path).parent().unwrap_or(Path::new("."));
    let in_template = |d: Diagnostic| {
        if d.file.is_some() {
            d
        } else {
            d.with_file(path)
        }
    };
    let skipped = || {
        let mut r = FileReport::new(path, doc.source.clone(), Vec::new());
        r.skipped = true;
        vec![r]
    };
    let x = match template::extract(doc, base) {
        Ok(x) => x,
        Err(diags) => {
            // A template without state machines: nothing of ours in a directory walk.
            if options.discovered {
                return Ok(skipped());
            }
            if let Some(id) = &options.machine {
                return Err(NoSuchMachine(format!(
                    "no state machine `{id}` in {path}: it declares none"
                )));
            }
            let mut all = load_diagnostics;
            all.extend(diags);
            let out = finish(all, options, in_template);
            return Ok(vec![FileReport::new(path, doc.source.clone(), out)]);
        }
    };
    let ids = x.logical_ids();
    let selected: Vec<&str> = match options.machine.as_deref() {
        None => ids.clone(),
        Some(id) if ids.contains(&id) => vec![id],
        Some(_) if options.discovered => return Ok(skipped()),
        Some(id) => return Err(NoSuchMachine(not_found(id, path, &ids))),
    };
    let mut reports = Vec::new();
    let mut general = load_diagnostics;
    general.extend(
        x.diagnostics
            .iter()
            .zip(&x.owners)
            .filter(|(_, owner)| owner.is_none())
            .map(|(d, _)| d.clone()),
    );
    if !general.is_empty() {
        let out = finish(general, options, in_template);
        reports.push(FileReport::new(path, doc.source.clone(), out));
    }
    for id in selected {
        let owned: Vec<Diagnostic> = owned_diagnostics(&x, id).cloned().collect();
        match x.machines.iter().find(|m| m.logical_id == id) {
            Some(m) => reports.extend(machine_reports(m, owned, doc, options)),
            None => {
                // The definition could not be read: its problems are the whole report, and the
                // input is unusable.
                let name = format!("{path}#{id}");
                for mut r in by_file(owned, &doc.source, options) {
                    r.unusable = r.diagnostics.iter().any(|d| d.severity == Severity::Error);
                    r.machine = Some(name.clone());
                    reports.push(r);
                }
            }
        }
    }
    Ok(reports)
}

/// The message for `--machine` naming no state machine of a template.
fn not_found(id: &str, path: &str, ids: &[&str]) -> String {
    let listed = ids
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = did_you_mean(id, ids.iter().copied()).map_or_else(String::new, |h| format!("; {h}"));
    format!("no state machine `{id}` in {path} (it has {listed}){hint}")
}

/// Groups findings by the file they are located in, one report per file, in first-seen order.
fn by_file(
    diags: Vec<Diagnostic>,
    template: &SourceFile,
    options: &LintOptions,
) -> Vec<FileReport> {
    let mut groups: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    for d in diags {
        let file = d
            .file
            .clone()
            .unwrap_or_else(|| template.name().to_string());
        match groups.iter_mut().find(|(s, _)| s.name() == file) {
            Some((_, list)) => list.push(d),
            None => groups.push((source_of(&d, template), vec![d])),
        }
    }
    groups
        .into_iter()
        .map(|(source, list)| {
            let name = source.name().to_string();
            let out = finish(list, options, |d| {
                if d.file.is_some() {
                    d
                } else {
                    d.with_file(name.clone())
                }
            });
            FileReport::new(&name, source, out)
        })
        .collect()
}

/// Lints one extracted state machine. `owned` are the template's findings about it (an invalid
/// workflow type, a second definition property), located in the template.
fn machine_reports(
    m: &ExtractedMachine,
    owned: Vec<Diagnostic>,
    doc: &Document,
    options: &LintOptions,
) -> Vec<FileReport> {
    let mut opts = options.clone();
    if !opts.type_forced
        && let Some(t) = m.workflow_type
    {
        opts.workflow_type = match t {
            TemplateType::Standard => WorkflowType::Standard,
            TemplateType::Express => WorkflowType::Express,
        };
    }
    let extra: Vec<(String, Value)> = options
        .substitutions
        .iter()
        .map(|(k, v)| (k.clone(), substitution_value(v)))
        .collect();
    opts.allowed_placeholders = allowed_placeholders(m, doc, options);
    let root = m.resolved_root(&extra);
    let chars = match m.location {
        // CloudFormation sends a `Definition` object as JSON text.
        DefinitionLocation::Inline => {
            serde_json::to_string(&root.to_value()).map_or(0, |s| s.chars().count())
        }
        _ => m.source.text().chars().count(),
    };
    let (_, found) = check_tree(&root, &m.source, chars, &opts);
    let mut diags: Vec<Diagnostic> = found.into_iter().map(|d| m.map_diagnostic(d)).collect();
    diags.extend(m.diagnostics.iter().cloned());
    let report_source = m.report_source();
    let (here, elsewhere): (Vec<Diagnostic>, Vec<Diagnostic>) = owned
        .into_iter()
        .partition(|d| d.file.as_deref().is_none_or(|f| f == report_source.name()));
    diags.extend(here);
    let name = report_source.name().to_string();
    let out = finish(diags, &opts, |d| {
        if d.file.is_some() {
            d
        } else {
            d.with_file(name.clone())
        }
    });
    let mut report = FileReport::new(&name, report_source.clone(), out);
    report.machine = Some(m.name.clone());
    let mut reports = Vec::new();
    if !elsewhere.is_empty() {
        // Findings in the template about a machine whose definition is in its own file.
        for mut r in by_file(elsewhere, &doc.source, options) {
            r.machine = Some(m.name.clone());
            reports.push(r);
        }
    }
    reports.push(report);
    reports
}

/// A `--substitute` value as CloudFormation would write it into the definition: a number or
/// boolean stays one, anything else is text.
fn substitution_value(v: &str) -> Value {
    match serde_json::from_str::<Value>(v) {
        Ok(j) if j.is_number() || j.is_boolean() => j,
        _ => Value::String(v.to_string()),
    }
}

/// The `${Name}` placeholders that may stay in a `Resource`, or `None` for any.
///
/// When the template declares `DefinitionSubstitutions` (or `--substitute` is given), a
/// placeholder that none of them fills stays in the deployed definition as literal text, and
/// Step Functions rejects the ARN. Template parameters and resources (`${Name}`,
/// `${Resource.Attribute}`) are accepted too: `Fn::Sub` and the intrinsic functions written in
/// a `Definition` resolve to them. Serverless Framework variables are resolved by the
/// framework, so any placeholder is accepted there.
fn allowed_placeholders(
    m: &ExtractedMachine,
    doc: &Document,
    options: &LintOptions,
) -> Option<BTreeSet<String>> {
    if m.kind == TemplateKind::Serverless
        || (options.allowed_placeholders.is_none() && m.substitution_names.is_none())
    {
        return None;
    }
    let mut allowed = options.allowed_placeholders.clone().unwrap_or_default();
    allowed.extend(options.substitutions.keys().cloned());
    allowed.extend(m.substitution_names.iter().flatten().cloned());
    for section in ["Parameters", "Resources"] {
        if let Some(members) = doc.root.get(section).and_then(Node::as_object) {
            allowed.extend(members.iter().map(|p| p.key.clone()));
        }
    }
    Some(allowed)
}
