//! Output safety (#9): files are written only where asked, atomically (a temporary file beside
//! the target, then a rename), and a closed standard output (`aslctl lint … | head`) ends the
//! run quietly with exit code 0.

use crate::common::{SIMULATE_EXAMPLE, root};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn aslctl(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aslctl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Every entry under `dir`, hidden ones included, as paths relative to it.
fn listing(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.insert(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            }
        }
    }
    out
}

fn example(name: &str) -> String {
    root()
        .join("fixtures/examples")
        .join(name)
        .display()
        .to_string()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn graph_output_file_is_the_only_file_written() {
    let work = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("keep.txt"), "untouched").unwrap();
    let before = listing(out.path());
    let def = example("order-processing.asl.json");
    let target = out.path().join("order.dot");
    let r = aslctl(
        work.path(),
        &["graph", &def, "-o", target.to_str().unwrap()],
    );
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(
        r.stdout.is_empty(),
        "the diagram goes to the file, not to standard output"
    );
    let mut expected = before.clone();
    expected.insert("order.dot".into());
    assert_eq!(listing(out.path()), expected);
    // Nothing lands in the working directory either.
    assert_eq!(listing(work.path()), BTreeSet::new());
    let to_stdout = aslctl(work.path(), &["graph", &def]);
    assert_eq!(std::fs::read(&target).unwrap(), to_stdout.stdout);
    assert_eq!(
        std::fs::read_to_string(out.path().join("keep.txt")).unwrap(),
        "untouched"
    );
}

#[test]
fn output_file_is_replaced_whole_and_keeps_its_permissions() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("diagram.mmd");
    // Longer than the new diagram: a write in place would leave its tail behind.
    std::fs::write(&target, "x".repeat(1_000_000)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let def = example("order-processing.asl.json");
    let r = aslctl(
        out.path(),
        &["graph", &def, "--format", "mermaid", "-o", "diagram.mmd"],
    );
    assert_eq!(r.status.code(), Some(0));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(
        text.starts_with("flowchart") && !text.contains("xxx"),
        "{text}"
    );
    assert_eq!(listing(out.path()), set(&["diagram.mmd"]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[cfg(unix)]
#[test]
fn output_through_a_symbolic_link_replaces_the_target() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("real")).unwrap();
    std::fs::write(out.path().join("real/diagram.dot"), "old").unwrap();
    std::os::unix::fs::symlink("real/diagram.dot", out.path().join("link.dot")).unwrap();
    let def = example("order-processing.asl.json");
    let r = aslctl(out.path(), &["graph", &def, "-o", "link.dot"]);
    assert_eq!(r.status.code(), Some(0));
    assert!(
        std::fs::symlink_metadata(out.path().join("link.dot"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(out.path().join("real/diagram.dot")).unwrap();
    assert!(text.starts_with("digraph"), "{text}");
    assert_eq!(
        listing(out.path()),
        set(&["link.dot", "real", "real/diagram.dot"])
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("taken")).unwrap();
    let def = example("order-processing.asl.json");
    // The target is a directory: the rename fails, and the temporary file is removed.
    let r = aslctl(out.path(), &["graph", &def, "-o", "taken"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("cannot write taken"));
    assert_eq!(listing(out.path()), set(&["taken"]));
    // A folder that does not exist is not created.
    let r = aslctl(out.path(), &["graph", &def, "-o", "missing/diagram.dot"]);
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(listing(out.path()), set(&["taken"]));
}

#[test]
fn trace_and_coverage_files_are_the_only_files_written() {
    let examples = root().join("fixtures/examples");
    let before = listing(&examples);
    let out = tempfile::tempdir().unwrap();
    let trace = out.path().join("trace.json");
    let r = aslctl(
        &examples,
        &[&SIMULATE_EXAMPLE[..], &["--trace", trace.to_str().unwrap()]].concat(),
    );
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let coverage = out.path().join("coverage.json");
    let r = aslctl(
        &examples,
        &[
            "test",
            "order-processing.asl.test.yaml",
            "--format",
            "junit",
            "--coverage-out",
            coverage.to_str().unwrap(),
        ],
    );
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(listing(out.path()), set(&["coverage.json", "trace.json"]));
    for f in [&trace, &coverage] {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        assert!(v.is_object());
    }
    // Nothing is written beside the inputs.
    assert_eq!(listing(&examples), before);
}

/// A chain of `n` Pass states: its lint report, diagram and run history are larger than a pipe's
/// buffer, so the writer meets the closed pipe mid-output.
fn long_chain(dir: &Path, n: usize) -> String {
    let mut states: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "\"S{i}\": {{\"Type\": \"Pass\", \"Comment\": \"step {i}\", \"Next\": \"S{}\"}}",
                i + 1
            )
        })
        .collect();
    states.push(format!("\"S{n}\": {{\"Type\": \"Succeed\"}}"));
    // Unknown fields give the lint report one finding per state.
    let text = format!(
        "{{\"StartAt\": \"S0\", \"States\": {{{}}}}}",
        states.join(",").replace("\"Comment\"", "\"Coment\"")
    );
    let path = dir.join(format!("chain-{n}.asl.json"));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Runs with standard output closed before anything is written; returns the exit code and
/// standard error.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aslctl"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let chain = long_chain(dir.path(), 3_000);
    // Mermaid warns past 500 edges; a shorter chain keeps standard error empty.
    let short = long_chain(dir.path(), 400);
    let runs: &[&[&str]] = &[
        &["lint", &chain],
        &["lint", "--format", "json", &chain],
        &["lint", "--format", "sarif", &chain],
        &["graph", &chain],
        &["graph", "--format", "mermaid", &short],
        &["simulate", &chain],
        &["simulate", "--format", "json", &chain],
        &["rules"],
        &["rules", "--format", "json"],
        &["completions", "bash"],
        &["man"],
    ];
    let mut failures = Vec::new();
    for args in runs {
        let (code, stderr) = with_closed_stdout(args);
        // Exit code 0 even for lint, whose findings would make it 1: the reader is gone, so
        // nobody can act on them (ripgrep does the same).
        if code != Some(0) || !stderr.is_empty() {
            failures.push(format!(
                "aslctl {}: exit {code:?}, stderr {stderr:?}",
                args.join(" ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_closed_pipe_ends_the_test_command_quietly() {
    let suite = example("order-processing.asl.test.yaml");
    for format in ["human", "json", "junit"] {
        let (code, stderr) = with_closed_stdout(&["test", &suite, "--format", format]);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{format}");
    }
}
