//! The bad-input suite (#9): hand-written broken definitions, mocks, inputs, test suites and
//! templates under `tests/bad_input/<group>/<case>/`, each with a `case.toml` that says how to
//! run aslctl on it and what must come out: the exit code, the diagnostic code, the exact
//! `file:line:column`, and never a panic.
//!
//! `case.toml` keys: `args` (run in the case folder), `exit`, and any of `code` (`ASLnnn`),
//! `at` (`file:line:column`, or just `file` for a finding without a position), `error` (the
//! `error` of `simulate --format json`), `message` (a piece of the message), `stdin` (a file
//! fed to standard input), `env` (extra environment variables).
//!
//! Where the command has a JSON format the location is read from it (`lint --format json`:
//! the finding with that code must sit exactly there); otherwise from the text on standard
//! error and output, where `at` must appear followed by something other than a digit.

use crate::common::root;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    exit: i32,
    code: Option<String>,
    at: Option<String>,
    error: Option<String>,
    message: Option<String>,
    stdin: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
}

/// The case folders: `tests/bad_input/<group>/<case>/case.toml`, sorted.
fn case_dirs() -> Vec<PathBuf> {
    let base = root().join("tests/bad_input");
    let mut out = Vec::new();
    for group in std::fs::read_dir(&base).unwrap() {
        let group = group.unwrap().path();
        if !group.is_dir() {
            continue;
        }
        for case in std::fs::read_dir(&group).unwrap() {
            let case = case.unwrap().path();
            if case.join("case.toml").is_file() {
                out.push(case);
            }
        }
    }
    out.sort();
    out
}

/// Whether `text` holds `at` not followed by another digit (`a.json:1:5` is not `a.json:1:57`).
fn has_location(text: &str, at: &str) -> bool {
    text.match_indices(at).any(|(i, _)| {
        !text[i + at.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// The problems with one case's run, empty when it behaved as expected.
fn check(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_aslctl"));
    cmd.args(&case.args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("ASLCTL_MAX_FILE_SIZE")
        .envs(&case.env);
    cmd.stdin(match &case.stdin {
        Some(f) => std::fs::File::open(dir.join(f)).unwrap().into(),
        None => std::process::Stdio::null(),
    });
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if stderr.contains("panicked") {
        problems.push(format!("panicked: {stderr}"));
    }
    if out.status.code() != Some(case.exit) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            out.status.code(),
            case.exit
        ));
    }
    // A usage error prints no report: only findings are read from the JSON.
    let json_lint = case.code.is_some()
        && case.args.first().is_some_and(|a| a == "lint")
        && case
            .args
            .windows(2)
            .any(|w| w[0] == "--format" && w[1] == "json");
    if json_lint {
        problems.extend(check_lint_json(&case, &stdout));
    } else {
        let all = format!("{stderr}\n{stdout}");
        if let Some(code) = &case.code
            && !all.contains(code.as_str())
        {
            problems.push(format!("no {code} in the output"));
        }
        if let Some(at) = &case.at
            && !has_location(&all, at)
        {
            problems.push(format!("no location {at} in the output"));
        }
        if let Some(m) = &case.message
            && !all.contains(m.as_str())
        {
            problems.push(format!("no `{m}` in the output"));
        }
        if let Some(error) = &case.error {
            let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
            if v["error"] != error.as_str() {
                problems.push(format!("error {}, expected {error}", v["error"]));
            }
        }
    }
    if !problems.is_empty() {
        problems.push(format!("stdout:\n{stdout}\nstderr:\n{stderr}"));
    }
    problems
}

/// The `lint --format json` finding with the expected code must be exactly at `at`.
fn check_lint_json(case: &Case, stdout: &str) -> Vec<String> {
    let v: serde_json::Value = match serde_json::from_str(stdout) {
        Ok(v) => v,
        Err(e) => return vec![format!("stdout is not JSON: {e}")],
    };
    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    let code = case.code.as_deref().unwrap_or_default();
    let at_of = |d: &serde_json::Value| {
        let file = Path::new(d["file"].as_str().unwrap_or_default())
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        match (d["line"].as_u64(), d["column"].as_u64()) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            _ => file,
        }
    };
    let with_code: Vec<&serde_json::Value> = diags.iter().filter(|d| d["code"] == code).collect();
    let found = with_code.iter().any(|d| {
        case.at.as_ref().is_none_or(|at| at_of(d) == *at)
            && case.message.as_ref().is_none_or(|m| {
                d["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(m.as_str())
            })
    });
    if found {
        return Vec::new();
    }
    let seen: Vec<String> = diags
        .iter()
        .map(|d| format!("{} at {}: {}", d["code"], at_of(d), d["message"]))
        .collect();
    vec![format!(
        "no {code} at {:?} (message {:?}); found {seen:#?}",
        case.at, case.message
    )]
}

#[test]
fn bad_inputs_are_reported_exactly() {
    let dirs = case_dirs();
    // The issue asks for at least 60 cases; the suite must not shrink silently.
    assert!(dirs.len() >= 60, "only {} bad-input cases", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let problems = check(dir);
        if !problems.is_empty() {
            let name = dir
                .strip_prefix(root())
                .unwrap_or(dir)
                .display()
                .to_string();
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

#[test]
fn every_group_has_cases() {
    let dirs = case_dirs();
    for group in ["definitions", "mocks", "inputs", "suites", "templates"] {
        let n = dirs
            .iter()
            .filter(|d| d.parent().and_then(Path::file_name) == Some(group.as_ref()))
            .count();
        assert!(n >= 5, "{group}: {n} cases");
    }
}
