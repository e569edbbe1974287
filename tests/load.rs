//! Loading and model building: malformed input, limits, and the shared corpora.

use crate::common::{files_in, root, shared};
use aslctl_parser::diagnostic::Severity;
use aslctl_parser::load::{LoadOptions, Loaded, load};
use aslctl_parser::model::{StateMachine, build};
use std::path::Path;

fn load_path(path: &Path) -> Loaded {
    let bytes = std::fs::read(path).unwrap();
    load(&path.to_string_lossy(), bytes, LoadOptions::default())
}

/// Loads and builds; returns every diagnostic with a location as `CODE line:col`.
fn located_errors(loaded: &Loaded) -> Vec<String> {
    let mut out = Vec::new();
    let mut diags = loaded.diagnostics.clone();
    if let Some(root) = &loaded.root {
        diags.extend(build(root).1);
    }
    for d in diags {
        let span = d.primary_span().expect("every load diagnostic is located");
        let lc = loaded.source.line_col(span.start);
        out.push(format!("{} {}:{}", d.code, lc.line, lc.column));
    }
    out
}

#[test]
fn valid_parse_fixtures_build_a_model() {
    let files = files_in(&root().join("fixtures/parse/valid"));
    assert!(files.len() >= 2);
    for f in files {
        let loaded = load_path(&f);
        assert!(
            loaded.diagnostics.is_empty(),
            "{}: {:?}",
            f.display(),
            loaded.diagnostics
        );
        let root = loaded.root.as_ref().unwrap();
        let (m, d) = build(root);
        assert!(d.is_empty(), "{}: {d:?}", f.display());
        assert!(!m.unwrap().root.states.is_empty());
    }
}

#[test]
fn invalid_parse_fixtures_give_the_expected_located_error() {
    let files: Vec<_> = files_in(&root().join("fixtures/parse/invalid"))
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "expected"))
        .collect();
    assert!(files.len() >= 10);
    for f in files {
        let expected_file = format!("{}.expected", f.display());
        let expected = std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{expected_file} is missing"));
        let got = located_errors(&load_path(&f));
        assert!(
            got.iter().any(|g| g == expected.trim()),
            "{}: expected {}, got {got:?}",
            f.display(),
            expected.trim()
        );
    }
}

#[test]
fn yaml_with_cloudformation_tags_loads() {
    let loaded = load_path(&root().join("fixtures/parse/valid/cfn-tags.asl.yaml"));
    let v = loaded.root.unwrap().to_value();
    let params = &v["States"]["Charge"]["Parameters"];
    assert_eq!(params["Table"], serde_json::json!({"Ref": "OrdersTable"}));
    assert_eq!(
        v["States"]["Charge"]["Resource"],
        serde_json::json!({"Fn::GetAtt": ["ChargeFunction", "Arn"]})
    );
}

#[test]
fn deep_nesting_is_a_located_error_in_json_and_yaml() {
    for (name, text) in [
        (
            "deep.json",
            format!(
                "{{\"StartAt\": \"A\", \"States\": {{\"A\": {{\"Type\": \"Pass\", \"Result\": {}",
                "[".repeat(100_000)
            ),
        ),
        (
            "deep.yaml",
            format!(
                "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: {}",
                "[".repeat(100_000)
            ),
        ),
        ("deep-objects.json", "{\"a\":".repeat(100_000)),
    ] {
        let loaded = load(name, text.into_bytes(), LoadOptions::default());
        assert!(loaded.root.is_none(), "{name}");
        let d = &loaded.diagnostics[0];
        // A limit of aslctl, not a syntax error (exit code 3).
        assert_eq!(d.code, "ASL007", "{name}");
        assert!(d.message.contains("deep"), "{name}: {}", d.message);
        assert!(d.primary_span().is_some());
    }
}

#[test]
fn fifty_megabyte_definition_loads() {
    // 50 MB of Pass states: big files are normal input, not a crash; with about 200,000 states
    // the model is refused by the state count limit (ASL007), before anything is built.
    let mut text = String::from("{\"StartAt\": \"S0\", \"States\": {");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "\"S{i}\": {{\"Type\": \"Pass\", \"Result\": {{\"padding\": \"{}\"}}, \"Next\": \"S{}\"}}",
            "x".repeat(200),
            i + 1
        ));
        i += 1;
    }
    text.push_str(&format!(", \"S{i}\": {{\"Type\": \"Succeed\"}}}}}}"));
    let loaded = load("big.json", text.into_bytes(), LoadOptions::default());
    assert!(loaded.diagnostics.is_empty());
    let root = loaded.root.unwrap();
    assert!(i + 1 > aslctl_parser::model::MAX_STATES);
    let (m, diags) = build(&root);
    assert!(m.is_none());
    assert_eq!(diags[0].code, "ASL007");
    assert!(diags[0].message.contains("more than 100000 states"));
}

#[test]
fn state_count_limit_counts_every_scope() {
    // The limit is on all scopes together: Parallel branches and Map processors count.
    let max = aslctl_parser::model::MAX_STATES;
    let build_with = |inner: usize| {
        let states: Vec<String> = (0..inner)
            .map(|i| format!("\"I{i}\": {{\"Type\": \"Succeed\"}}"))
            .collect();
        let text = format!(
            "{{\"StartAt\": \"M\", \"States\": {{\"M\": {{\"Type\": \"Map\", \"End\": true, \"ItemProcessor\": {{\"StartAt\": \"I0\", \"States\": {{{}}}}}}}}}}}",
            states.join(",")
        );
        let loaded = load("m.json", text.into_bytes(), LoadOptions::default());
        let root = loaded.root.unwrap();
        let (m, diags) = build(&root);
        (
            m.is_some(),
            diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        )
    };
    // The Map state itself plus `max - 1` inner states is exactly the limit.
    assert_eq!(build_with(max - 1), (true, vec![]));
    assert_eq!(build_with(max), (false, vec!["ASL007"]));
}

/// The decoded text of the state name that `span` covers.
fn name_at(m: &StateMachine<'_>, loaded: &Loaded, yaml: bool) -> Vec<(String, String)> {
    let mut mismatches = Vec::new();
    for (_, s) in m.states() {
        let raw = loaded.source.slice(s.name_span);
        let decoded = if yaml {
            if raw.starts_with('"') {
                serde_json::from_str::<String>(raw).unwrap_or_default()
            } else if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
                inner.replace("''", "'")
            } else {
                raw.to_string()
            }
        } else {
            serde_json::from_str::<String>(raw).unwrap_or_default()
        };
        if decoded != s.name {
            mismatches.push((s.name.to_string(), raw.to_string()));
        }
    }
    mismatches
}

#[test]
fn every_shared_definition_loads_without_panic_and_names_round_trip() {
    let Some(realworld) = shared("corpus/realworld/defs") else {
        return;
    };
    let lint = shared("corpus/lint").unwrap();
    let mut files = files_in(&realworld);
    files.extend(files_in(&lint.join("valid")));
    files.extend(files_in(&lint.join("invalid")));
    let (mut models, mut located, mut names) = (0, 0, 0);
    for f in &files {
        let loaded = load_path(f);
        let yaml = matches!(loaded.format, aslctl_parser::load::Format::Yaml);
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        for d in &errors {
            assert!(
                d.primary_span().is_some(),
                "{}: unlocated {d:?}",
                f.display()
            );
        }
        let Some(root) = &loaded.root else {
            assert!(!errors.is_empty(), "{}: no tree and no error", f.display());
            located += 1;
            continue;
        };
        let (m, d) = build(root);
        match m {
            Some(m) => {
                models += 1;
                let bad = name_at(&m, &loaded, yaml);
                assert!(bad.is_empty(), "{}: name spans off: {bad:?}", f.display());
                names += m.states().count();
            }
            None => {
                assert!(
                    d.iter().all(|d| d.primary_span().is_some()),
                    "{}",
                    f.display()
                );
                assert!(!d.is_empty(), "{}: no model and no diagnostic", f.display());
                located += 1;
            }
        }
    }
    eprintln!(
        "{} files: {models} models ({names} state names round-tripped), {located} located errors",
        files.len()
    );
    assert_eq!(models + located, files.len());
    assert!(files.len() >= 976 + 203);
}

/// Inputs the `load` fuzz target found (README, "Fuzzing"): every span of every finding
/// must lie inside the text, in each format, so code frames point at real characters.
#[test]
fn fuzz_findings_keep_spans_inside_the_text() {
    use aslctl_parser::load::Format;
    let cases: [&[u8]; 3] = [
        // A lone minus sign at the end of the file: the number error covered one byte too many.
        b"-",
        // A minus followed by a multi-byte character: the span ended inside the character.
        "-\u{e9}".as_bytes(),
        b"[1, -]",
    ];
    for bytes in cases {
        for format in [Format::Json, Format::JsonWithComments, Format::Yaml] {
            let opts = LoadOptions {
                format: Some(format),
                ..LoadOptions::default()
            };
            let loaded = load("case", bytes.to_vec(), opts);
            let text = loaded.source.text();
            for d in &loaded.diagnostics {
                for l in &d.labels {
                    assert!(
                        l.span.start <= l.span.end
                            && l.span.end <= text.len()
                            && text.is_char_boundary(l.span.start)
                            && text.is_char_boundary(l.span.end),
                        "{bytes:?} as {format:?}: {} {} span {} in {} bytes",
                        d.code,
                        d.message,
                        l.span,
                        text.len()
                    );
                }
            }
        }
    }
}
