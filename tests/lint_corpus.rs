//! Corpus gates: the peer corpus (recall and specificity against `expectations.json`) and the
//! real-world definitions (no error on published samples except known-invalid ones).
//! Both skip with a note when `../shared` is absent, unless `ASLCTL_REQUIRE_SHARED=1`.

use crate::common::{files_in, root, shared};
use aslctl::lint::{LintOptions, lint_document};
use aslctl_parser::diagnostic::Severity;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Options for a corpus file: the default rules, plus placeholders checked against the
/// CloudFormation `DefinitionSubstitutions` recorded for it (a key whose value is an intrinsic
/// stays a placeholder; a non-mapping leaves none defined).
fn options(entry: &Value) -> LintOptions {
    let mut o = LintOptions::default();
    if let Some(subs) = entry.get("definition_substitutions") {
        let mut allowed = BTreeSet::new();
        if let Some(map) = subs.as_object() {
            for (k, v) in map {
                match v.as_str() {
                    Some(s) => {
                        o.substitutions.insert(k.clone(), s.to_string());
                    }
                    None => {
                        allowed.insert(k.clone());
                    }
                }
            }
        }
        o.allowed_placeholders = Some(allowed);
    }
    o
}

/// Invalid only for asl-validator, whose pattern wants `{% ` and ` %}` with one space: AWS
/// treats any string that starts with `{%` and ends with `%}` as an expression ("Transforming
/// data with JSONata in Step Functions"), and deployed definitions use `"{%$lowercase(…) %}"`
/// (corpus/realworld, bedrock-evaluations-sam). Scored as files that must give no error.
const AWS_ACCEPTS: &[(&str, &str)] = &[
    (
        "invalid/aslv-invalid-json-surround-syntax-extra-spaces.json",
        "newline and padding inside the delimiters",
    ),
    (
        "invalid/aslv-invalid-jsonata-surround-syntax-no-spaces.json",
        "no space inside the delimiters",
    ),
];

/// Files a peer accepts that AWS would reject, with the one rule allowed to say so. The
/// `Assign` key `top-level` is not a variable name: names follow Unicode Standard Annex #31
/// (`ID_Start`, then `ID_Continue` characters; no `-`), per "Passing data between states with
/// variables"; JSONata would read `$top-level` as `$top - level` anyway.
const VALID_FOR_PEER_ONLY: &[(&str, &str)] = &[("valid/aslv-valid-assign.asl.json", "ASL408")];

/// Defects this project reports under a more specific rule than `expectations.json` names
/// (either code counts): a variable in `ResultPath` is ASL408 `invalid-variable-name`.
const REASSIGNED: &[(&str, &str)] = &[("invalid/aslv-invalid-variable-result-path.json", "ASL408")];

#[test]
fn peer_corpus_recall_and_specificity() {
    let Some(dir) = shared("corpus/lint") else {
        return;
    };
    let exp: Value =
        serde_json::from_slice(&std::fs::read(dir.join("expectations.json")).unwrap()).unwrap();
    let entries: BTreeMap<String, &Value> = exp["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["file"].as_str().unwrap().to_string(), e))
        .collect();
    let implemented: BTreeSet<&str> = aslctl::lint::registry::RULES
        .iter()
        .map(|r| r.meta().code)
        .collect();
    let (mut hit, mut in_scope, mut peer_only, mut peer_only_clean) = (0, 0, 0, 0);
    let (mut accepted, mut valid) = (0, 0);
    let mut misses = Vec::new();
    for sub in ["valid", "invalid"] {
        for path in files_in(&dir.join(sub)) {
            let rel = format!("{sub}/{}", path.file_name().unwrap().to_string_lossy());
            let entry = entries
                .get(&rel)
                .unwrap_or_else(|| panic!("{rel} not in expectations.json"));
            let report = lint_document(&rel, std::fs::read(&path).unwrap(), &options(entry));
            let errors: BTreeSet<&str> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.code)
                .collect();
            if sub == "valid" {
                // statelint fixtures AWS itself would reject: only the rule for that is allowed.
                let reasons = entry["aws_would_likely_reject"].to_string();
                let allowed = |c: &&str| {
                    (*c == "ASL117" && reasons.contains("Resource"))
                        || (*c == "ASL102" && reasons.contains("Parameters is a string"))
                        || VALID_FOR_PEER_ONLY.contains(&(rel.as_str(), *c))
                };
                valid += 1;
                if errors.iter().all(allowed) {
                    accepted += 1;
                } else {
                    misses.push(format!("valid {rel}: {errors:?}"));
                }
                continue;
            }
            if let Some((_, why)) = AWS_ACCEPTS.iter().find(|(f, _)| *f == rel) {
                // A peer rejects it, AWS does not: it must come out clean of errors.
                peer_only += 1;
                if errors.is_empty() {
                    peer_only_clean += 1;
                } else {
                    misses.push(format!("accepted by AWS {rel} ({why}): {errors:?}"));
                }
                continue;
            }
            let mut wanted: Vec<&str> = entry["aslctl_rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            if let Some((_, code)) = REASSIGNED.iter().find(|(f, _)| *f == rel) {
                wanted.push(code);
            }
            assert!(
                wanted.iter().all(|w| implemented.contains(w)),
                "{rel}: expectation names a rule that does not exist: {wanted:?}"
            );
            let all_codes: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code).collect();
            in_scope += 1;
            if wanted.iter().any(|w| all_codes.contains(w)) {
                hit += 1;
            } else {
                misses.push(format!(
                    "invalid {rel}: wanted {wanted:?}, got {all_codes:?}"
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    eprintln!("| set | scored | passed | rate |");
    eprintln!("|---|---|---|---|");
    eprintln!(
        "| invalid, intended rule fires (recall) | {in_scope} | {hit} | {:.1}% |",
        pct(hit, in_scope)
    );
    eprintln!(
        "| invalid for a peer only, no error (AWS accepts) | {peer_only} | {peer_only_clean} | {:.1}% |",
        pct(peer_only_clean, peer_only)
    );
    eprintln!(
        "| valid, no error (specificity) | {valid} | {accepted} | {:.1}% |",
        pct(accepted, valid)
    );
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    assert!(pct(hit, in_scope) >= 99.0, "recall below 99%");
    assert_eq!(peer_only, peer_only_clean, "errors on files AWS accepts");
    assert!(pct(accepted, valid) >= 99.0, "specificity below 99%");
}

#[test]
fn realworld_samples_have_no_errors() {
    let Some(dir) = shared("corpus/realworld") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let known_text =
        std::fs::read_to_string(root().join("fixtures/lint/realworld-known-invalid.txt")).unwrap();
    let known: BTreeMap<&str, &str> = known_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            l.split_once('\t')
                .unwrap_or_else(|| panic!("no reason given: {l}"))
        })
        .collect();
    let (mut files, mut clean, mut flagged_known) = (0, 0, 0);
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(category)) = (cols.first(), cols.get(6)) else {
            continue;
        };
        if !matches!(*category, "sample" | "docs" | "solution" | "tool") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(dir.join("defs").join(file)).unwrap();
        let report = lint_document(file, bytes, &LintOptions::default());
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                format!(
                    "{} {}: {}",
                    d.code,
                    d.pointer.as_deref().unwrap_or(""),
                    d.message
                )
            })
            .collect();
        match (errors.is_empty(), known.contains_key(file)) {
            (true, false) => clean += 1,
            (true, true) => stale.push(file.to_string()),
            (false, true) => flagged_known += 1,
            (false, false) => unexpected.push(format!("{file}: {}", errors.join("; "))),
        }
    }
    eprintln!(
        "realworld (sample/docs/solution/tool): {files} files, {clean} clean, {flagged_known} known invalid, {} unexpected errors, {} listed but clean",
        unexpected.len(),
        stale.len()
    );
    assert!(
        unexpected.is_empty(),
        "error findings on real-world samples:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as known invalid but clean: {stale:?}"
    );
}
