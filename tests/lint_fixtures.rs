//! Lint fixtures and rule meta tests: every rule has `fixtures/lint/ASLnnn-name/` with `valid*`
//! files (no finding of that rule) and `invalid*` files (at least one), codes are unique and
//! sorted, and the documentation examples behave as labelled.

use crate::common::{files_in, root};
use aslctl::lint::registry::{RULES, RuleMeta};
use aslctl::lint::{LintOptions, WorkflowType, lint_file};
use std::collections::BTreeSet;

/// Rules that only apply to EXPRESS workflows (`--type express`).
const EXPRESS_ONLY: &[&str] = &["ASL500", "ASL501", "ASL502", "ASL504"];

/// Options that make `code` run and report at any severity.
fn options_for(code: &'static str, workflow_type: WorkflowType) -> LintOptions {
    LintOptions {
        select: vec![code],
        strict: true,
        workflow_type,
        ..LintOptions::default()
    }
}

fn workflow_for(code: &str) -> WorkflowType {
    if EXPRESS_ONLY.contains(&code) {
        WorkflowType::Express
    } else {
        WorkflowType::Standard
    }
}

/// The findings of rule `code` in a file: a definition, or every state machine of a template.
fn codes_found(name: &str, bytes: Vec<u8>, code: &'static str, wt: WorkflowType) -> Vec<String> {
    lint_file(name, bytes, &options_for(code, wt))
        .unwrap()
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.code == code)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

fn dir_of(m: &RuleMeta) -> std::path::PathBuf {
    root()
        .join("fixtures/lint")
        .join(format!("{}-{}", m.code, m.name))
}

#[test]
fn fixtures_fire_as_named() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in RULES {
        let m = rule.meta();
        let wt = workflow_for(m.code);
        for path in files_in(&dir_of(m)) {
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            if file.ends_with(".snap") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let found = codes_found(&path.to_string_lossy(), bytes.clone(), m.code, wt);
            checked += 1;
            if file.starts_with("valid") && !found.is_empty() {
                failures.push(format!(
                    "{}/{file}: expected no {}, got {found:?}",
                    m.code, m.code
                ));
            } else if file.starts_with("invalid") {
                if found.is_empty() {
                    failures.push(format!("{}/{file}: expected {} to fire", m.code, m.code));
                }
                // Express-only rules stay quiet for Standard workflows.
                if EXPRESS_ONLY.contains(&m.code)
                    && !codes_found("x.json", bytes, m.code, WorkflowType::Standard).is_empty()
                {
                    failures.push(format!("{}/{file}: fired for a STANDARD workflow", m.code));
                }
            }
        }
    }
    assert!(
        checked >= 2 * RULES.len(),
        "only {checked} fixtures checked"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_are_unique_and_sorted() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.meta().code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "rule codes must be unique and sorted");
    let names: BTreeSet<&str> = RULES.iter().map(|r| r.meta().name).collect();
    assert_eq!(names.len(), RULES.len(), "rule names must be unique");
    for r in RULES {
        let m = r.meta();
        assert!(m.code.len() == 6 && m.code.starts_with("ASL"), "{}", m.code);
        assert!(
            m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            m.name
        );
        assert!(!m.summary().is_empty(), "{} has no summary", m.code);
        for heading in ["## What it does", "## Why is this bad?"] {
            assert!(m.docs.contains(heading), "{} lacks `{heading}`", m.code);
        }
    }
}

#[test]
fn every_rule_has_a_fixture_dir_and_every_dir_a_rule() {
    let expected: BTreeSet<String> = RULES
        .iter()
        .map(|r| format!("{}-{}", r.meta().code, r.meta().name))
        .collect();
    let found: BTreeSet<String> = std::fs::read_dir(root().join("fixtures/lint"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    let orphans: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture dir: {missing:?}"
    );
    assert!(
        orphans.is_empty(),
        "fixture dirs without a rule: {orphans:?}"
    );
    for rule in RULES {
        let files: Vec<String> = files_in(&dir_of(rule.meta()))
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert!(
            files.iter().any(|f| f.starts_with("valid")),
            "{} has no valid fixture",
            rule.meta().code
        );
        assert!(
            files.iter().any(|f| f.starts_with("invalid")),
            "{} has no invalid fixture",
            rule.meta().code
        );
    }
}

#[test]
fn doc_examples_behave_as_labelled() {
    let mut failures = Vec::new();
    for rule in RULES {
        let m = rule.meta();
        let examples = m.examples();
        assert!(
            examples.iter().any(|(valid, _)| *valid),
            "{} has no valid example",
            m.code
        );
        for (valid, text) in examples {
            // No extension: the content tells JSON from YAML.
            let found = codes_found("example", text.into_bytes(), m.code, workflow_for(m.code));
            if valid != found.is_empty() {
                failures.push(format!(
                    "{} ({}) example: found {found:?}",
                    m.code,
                    if valid { "valid" } else { "invalid" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
