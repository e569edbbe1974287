//! Test-only access to the recorded AWS conformance corpus (`/work/shared/corpus/conformance`)
//! and a minimal `$.a.b` path reader for its single-call cases.

use std::fs;
use std::path::{Path, PathBuf};

use super::value::Value;

/// One recorded case: the definition, the execution input and the recorded outcome.
pub(crate) struct Case {
    pub name: String,
    pub definition: Value,
    pub input: Value,
    pub expected: Value,
}

/// The cases whose directory name starts with `prefix`, sorted by name; empty when the corpus
/// is absent, so the tests skip silently outside the development machine.
pub(crate) fn cases(prefix: &str) -> Vec<Case> {
    let root = std::env::var_os("ASLCTL_CONFORMANCE").map_or_else(
        || PathBuf::from("/work/shared/corpus/conformance"),
        PathBuf::from,
    );
    let Ok(entries) = fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    dirs.sort();
    dirs.iter().filter_map(|d| load(d)).collect()
}

fn load(dir: &Path) -> Option<Case> {
    let read = |f: &str| -> Option<Value> {
        serde_json::from_str(&fs::read_to_string(dir.join(f)).ok()?).ok()
    };
    Some(Case {
        name: dir.file_name()?.to_str()?.to_owned(),
        definition: read("definition.json")?,
        input: read("input.json")?,
        expected: read("expected.json")?,
    })
}

/// Reads `$`, `$.a.b` or `$$.Execution.Input.a` (the latter against the execution input);
/// `None` for anything more complex or a missing field.
pub(crate) fn simple_path<'v>(path: &str, input: &'v Value) -> Option<&'v Value> {
    let rest = path
        .strip_prefix("$$.Execution.Input")
        .or_else(|| path.strip_prefix('$'))?;
    let mut v = input;
    if rest.is_empty() {
        return Some(v);
    }
    for key in rest.strip_prefix('.')?.split('.') {
        if key.is_empty() || key.contains(['[', ']', '*', '(', '\'', ' ']) {
            return None;
        }
        v = v.as_object()?.get(key)?;
    }
    Some(v)
}
