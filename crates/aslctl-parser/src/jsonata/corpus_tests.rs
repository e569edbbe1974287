//! Every `{% … %}` expression in the shared corpora must parse; simple recorded cases must
//! evaluate to what AWS returned. Corpora that are absent are skipped.

#![allow(clippy::print_stderr)] // The counts are the report of these tests.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::*;

const CONFORMANCE: &str = "../../../shared/corpus/conformance";
const REALWORLD: &str = "../../../shared/corpus/realworld/defs";

fn corpus(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    p.is_dir().then_some(p)
}

fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

fn definition_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Some(dir) = corpus(CONFORMANCE) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("jsonata_") || name.starts_with("variables_") {
                files.push(e.path().join("definition.json"));
            }
        }
    }
    if let Some(dir) = corpus(REALWORLD) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            if e.path().extension().is_some_and(|x| x == "json") {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_expression_parses() {
    let (mut parsed, mut failed) = (0, Vec::new());
    for file in definition_files() {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let Ok(def) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut all = Vec::new();
        strings(&def, &mut all);
        for s in all {
            if let Template::Expression { source, .. } = split_template(s) {
                match parse(source) {
                    Ok(_) => parsed += 1,
                    Err(e) => failed.push(format!("{}: {source:?}: {e:?}", file.display())),
                }
            }
        }
    }
    eprintln!(
        "corpus expressions: {parsed} parsed, {} failed",
        failed.len()
    );
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Evaluates every template in `v` (an `Output` value) against `bindings`.
fn render(v: &Value, bindings: &Bindings) -> Result<Value, JsonataError> {
    Ok(match v {
        Value::String(s) => match split_template(s) {
            Template::Expression { source, .. } => match evaluate(&parse(source)?, bindings)? {
                Outcome::Value(v) => v,
                other => {
                    return Err(JsonataError::new("undefined", format!("{other:?}"), None));
                }
            },
            _ => v.clone(),
        },
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| render(i, bindings))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, i) in map {
                out.insert(k.clone(), render(i, bindings)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// Single-Pass-state JSONata cases whose `Output` reads only `$states.input`.
#[test]
fn single_pass_output_cases_match_aws() {
    let Some(dir) = corpus(CONFORMANCE) else {
        return;
    };
    let (mut total, mut failures) = (0, Vec::new());
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for case in dirs {
        let read = |f: &str| -> Option<Value> {
            serde_json::from_str(&fs::read_to_string(case.join(f)).ok()?).ok()
        };
        let (Some(def), Some(input), Some(expected)) = (
            read("definition.json"),
            read("input.json"),
            read("expected.json"),
        ) else {
            continue;
        };
        let Some(states) = def.get("States").and_then(Value::as_object) else {
            continue;
        };
        let Some(state) = states.values().next().filter(|_| states.len() == 1) else {
            continue;
        };
        let jsonata = [def.get("QueryLanguage"), state.get("QueryLanguage")]
            .iter()
            .any(|q| q.and_then(Value::as_str) == Some("JSONata"));
        let Some(output) = state.get("Output") else {
            continue;
        };
        if !jsonata
            || state.get("Type").and_then(Value::as_str) != Some("Pass")
            || state.get("Assign").is_some()
            || expected.get("status").and_then(Value::as_str) != Some("SUCCEEDED")
        {
            continue;
        }
        let mut all = Vec::new();
        strings(output, &mut all);
        let reads_only_input = all.iter().all(|s| match split_template(s) {
            Template::Expression { source, .. } => parse(source).is_ok_and(|e| {
                references(&e).iter().all(|r| {
                    matches!(
                        r.kind,
                        ReferenceKind::States {
                            field: StatesField::Input,
                            ..
                        }
                    )
                })
            }),
            _ => true,
        });
        if !reads_only_input {
            continue;
        }
        total += 1;
        let mut bindings = Bindings::default();
        bindings.states.input = input;
        let got = render(output, &bindings);
        let want = expected.get("output").cloned().unwrap_or(Value::Null);
        if got.as_ref() != Ok(&want) {
            failures.push(format!("{}: got {got:?}, want {want}", case.display()));
        }
    }
    eprintln!(
        "single-Pass JSONata cases: {} of {total} match",
        total - failures.len()
    );
    assert!(total > 0 || corpus(CONFORMANCE).is_none());
    assert!(failures.is_empty(), "{failures:#?}");
}
