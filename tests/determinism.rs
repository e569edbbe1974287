//! Determinism (#9): the same input and flags give byte-identical output, in every format, from
//! one process to the next. Each command runs twice as a separate process (so hash seeds, thread
//! scheduling and the clock differ between the runs) and the two outputs are compared byte for
//! byte: `lint` over the real-world corpus in one call per format, `graph` per file in both
//! formats, `simulate` over the fixtures, the example and the conformance corpus (with seeds),
//! and `test` with its reports and coverage file.

use crate::common::{SIMULATE_EXAMPLE, files_in, root, shared};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Exit code, standard output and standard error of one run.
type Run = (Option<i32>, Vec<u8>, Vec<u8>);

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_aslctl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

/// Runs twice; returns a description of the difference, if any.
fn twice(dir: &Path, args: &[&str]) -> Option<String> {
    let a = run(dir, args);
    let b = run(dir, args);
    if a == b {
        return None;
    }
    let first_diff =
        a.1.iter()
            .zip(&b.1)
            .position(|(x, y)| x != y)
            .unwrap_or(a.1.len().min(b.1.len()));
    Some(format!(
        "`aslctl {}` in {}: exit {:?}/{:?}, stdout {}/{} bytes (first difference at byte {first_diff}), stderr equal: {}",
        args.join(" "),
        dir.display(),
        a.0,
        b.0,
        a.1.len(),
        b.1.len(),
        a.2 == b.2
    ))
}

fn assert_none(diffs: Vec<String>) {
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn lint_output_is_byte_identical_over_the_corpus() {
    let Some(defs) = shared("corpus/realworld/defs") else {
        return;
    };
    let mut diffs = Vec::new();
    for format in ["json", "sarif", "human", "github"] {
        // One call over the whole folder: files are linted in parallel, the report is not.
        diffs.extend(twice(&defs, &["lint", "--format", format, "."]));
    }
    assert_none(diffs);
}

#[test]
fn graph_output_is_byte_identical_per_file() {
    let Some(defs) = shared("corpus/realworld/defs") else {
        return;
    };
    let files: Vec<PathBuf> = files_in(&defs);
    assert!(files.len() > 900, "{} files", files.len());
    // Two workers: each file is drawn four times, as separate processes.
    let halves: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(2)).collect();
    let diffs: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = halves
            .iter()
            .map(|chunk| {
                s.spawn(|| {
                    let mut diffs = Vec::new();
                    for f in *chunk {
                        let name = f.file_name().unwrap().to_str().unwrap();
                        for format in ["dot", "mermaid"] {
                            diffs.extend(twice(&defs, &["graph", "--format", format, name]));
                        }
                    }
                    diffs
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_none(diffs);
}

#[test]
fn simulate_output_is_byte_identical() {
    let mut diffs = Vec::new();
    let fixtures = root().join("fixtures/simulate");
    for dir in std::fs::read_dir(&fixtures).unwrap() {
        let dir = dir.unwrap().path();
        let mut args = vec!["simulate", "machine.asl.json", "--input", "input.json"];
        for m in ["mocks.json", "mocks.yaml"] {
            if dir.join(m).exists() {
                args.extend(["--mock", m]);
            }
        }
        for extra in [
            &["--format", "json"][..],
            &["--format", "human"],
            &["--format", "json", "--seed", "7"],
            &[
                "--format",
                "json",
                "--seed",
                "12345",
                "--execution-name",
                "x",
            ],
        ] {
            let mut a = args.clone();
            a.extend(extra);
            diffs.extend(twice(&dir, &a));
        }
    }
    let examples = root().join("fixtures/examples");
    for format in ["json", "human"] {
        diffs.extend(twice(
            &examples,
            &[&SIMULATE_EXAMPLE[..], &["--format", format]].concat(),
        ));
    }
    assert_none(diffs);
}

/// The conformance corpus exercises every intrinsic (`States.UUID`, `States.MathRandom`),
/// JSONata's `$random`/`$uuid`/`$now`, retries with jitter, Map and Parallel.
#[test]
fn simulate_output_is_byte_identical_over_the_conformance_corpus() {
    let Some(corpus) = shared("corpus/conformance") else {
        return;
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("definition.json").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() > 600, "{} cases", cases.len());
    let mut diffs = Vec::new();
    for (i, dir) in cases.iter().enumerate() {
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap()).unwrap();
        let name = dir.file_name().unwrap().to_str().unwrap();
        let sm = meta["state_machine_name"]
            .as_str()
            .unwrap_or(name)
            .to_owned();
        let seed = (i * 7919).to_string();
        let mut args = vec![
            "simulate",
            "definition.json",
            "--input",
            "input.json",
            "--format",
            "json",
            "--seed",
            &seed,
        ];
        if dir.join("mocks.json").is_file() {
            args.extend([
                "--mock",
                "mocks.json",
                "--state-machine",
                &sm,
                "--test-case",
                "Default",
            ]);
        }
        diffs.extend(twice(dir, &args));
    }
    assert_none(diffs);
}

#[test]
fn files_written_are_byte_identical() {
    let examples = root().join("fixtures/examples");
    let out = tempfile::tempdir().unwrap();
    let path = |name: &str| out.path().join(name).to_str().unwrap().to_owned();
    let read = |name: &str| std::fs::read(out.path().join(name)).unwrap();
    let mut outputs = Vec::new();
    for round in ["a", "b"] {
        let trace = path(&format!("trace-{round}.json"));
        let coverage = path(&format!("coverage-{round}.json"));
        let diagram = path(&format!("diagram-{round}.mmd"));
        let sim = run(
            &examples,
            &[&SIMULATE_EXAMPLE[..], &["--trace", &trace]].concat(),
        );
        assert_eq!(sim.0, Some(0));
        let graph = run(
            &examples,
            &[
                "graph",
                "order-processing.asl.json",
                "--format",
                "mermaid",
                "--trace",
                &trace,
                "-o",
                &diagram,
            ],
        );
        assert_eq!(graph.0, Some(0));
        let mut reports = Vec::new();
        for format in ["human", "json", "junit"] {
            let t = run(
                &examples,
                &[
                    "test",
                    "order-processing.asl.test.yaml",
                    "--format",
                    format,
                    "--coverage-out",
                    &coverage,
                ],
            );
            assert_eq!(t.0, Some(0), "{}", String::from_utf8_lossy(&t.2));
            reports.push(t.1);
        }
        outputs.push((
            read(&format!("trace-{round}.json")),
            read(&format!("coverage-{round}.json")),
            read(&format!("diagram-{round}.mmd")),
            reports,
        ));
    }
    assert!(
        outputs[0] == outputs[1],
        "a written file or test report differs between runs"
    );
}
