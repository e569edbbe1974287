//! Serverless Framework: `stepFunctions.stateMachines.<key>.definition` (serverless-step-functions
//! plugin), inline or through `${file(path)}`.
//!
//! <https://github.com/serverless-operations/serverless-step-functions#setup>: each machine has
//! a `definition` (the ASL object) and an optional `type: EXPRESS`.

use super::Extraction;
use super::cloudformation::{Definition, workflow_type};
use crate::diagnostic::{Diagnostic, codes};
use crate::json::{Member, Node, NodeValue, pointer_push};
use crate::load::Document;
use std::path::Path;

/// Extracts the machines of `stepFunctions.stateMachines`; returns how many it found.
pub(super) fn extract(doc: &Document, base_dir: &Path, out: &mut Extraction) -> usize {
    let Some(machines) = doc
        .root
        .get("stepFunctions")
        .and_then(|s| s.get("stateMachines"))
        .and_then(Node::as_object)
    else {
        return 0;
    };
    let base_ptr = pointer_push(&pointer_push("", "stepFunctions"), "stateMachines");
    for m in machines {
        let before = out.diagnostics.len();
        machine(doc, m, &base_ptr, base_dir, out);
        out.own_since(before, &m.key);
    }
    machines.len()
}

/// Extracts one `stateMachines` entry.
fn machine(doc: &Document, m: &Member, base_ptr: &str, base_dir: &Path, out: &mut Extraction) {
    let key = &m.key;
    let ptr = pointer_push(base_ptr, key);
    let Some(definition) = m.value.member("definition") else {
        out.diagnostics.push(
            Diagnostic::error(
                codes::TEMPLATE,
                format!("the state machine `{key}` has no `definition`"),
            )
            .with_primary(m.key_span, "no definition"),
        );
        return;
    };
    let workflow_type = m
        .value
        .get("type")
        .and_then(|t| workflow_type(t, &mut out.diagnostics));
    let def = Definition {
        doc,
        kind: out.kind,
        name: format!("{}#{key}", doc.source.name()),
        logical_id: key.clone(),
        pointer: pointer_push(&ptr, "definition"),
        workflow_type,
        substitutions: Vec::new(),
        substitution_names: None,
    };
    let node = &definition.value;
    let machine = match &node.value {
        NodeValue::String(s) => match file_variable(s) {
            Some(FileRef::Whole(path)) => def.local_file("definition", path, node, base_dir),
            Some(FileRef::Part) => Err(vec![
                Diagnostic::warning(
                    codes::TEMPLATE,
                    format!(
                        "the definition of `{key}` is a part of another file (`${{file(...):key}}`); \
                         it cannot be read"
                    ),
                )
                .with_primary(node.span, ""),
            ]),
            None => Err(vec![
                Diagnostic::error(
                    codes::TEMPLATE,
                    format!("the definition of `{key}` must be an object or `${{file(path)}}`"),
                )
                .with_primary(node.span, ""),
            ]),
        },
        _ => def.inline(node),
    };
    match machine {
        Ok(machine) => out.machines.push(machine),
        Err(diags) => out.diagnostics.extend(diags),
    }
}

enum FileRef<'s> {
    /// `${file(path)}`: the whole file.
    Whole(&'s str),
    /// `${file(path):key}`: one property of it.
    Part,
}

/// Recognises the Serverless `${file(path)}` variable.
fn file_variable(s: &str) -> Option<FileRef<'_>> {
    let inner = s.trim().strip_prefix("${file(")?.strip_suffix('}')?;
    let (path, rest) = inner.split_once(')')?;
    if !rest.is_empty() {
        return Some(FileRef::Part);
    }
    Some(FileRef::Whole(path.trim().trim_matches(['\'', '"'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_variables() {
        assert!(matches!(
            file_variable("${file(./sm/a.json)}"),
            Some(FileRef::Whole("./sm/a.json"))
        ));
        assert!(matches!(
            file_variable("${file(a.yml):machine}"),
            Some(FileRef::Part)
        ));
        assert!(file_variable("${self:custom.x}").is_none());
    }
}
