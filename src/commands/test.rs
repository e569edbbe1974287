//! `aslctl test`: find suite files, run them, render the report, write the coverage file, pick
//! the exit code.

use std::path::PathBuf;

use super::{ExitStatus, Globals};
use crate::cli::{TestArgs, TestFormat};
use crate::testing::{self, report};
use anyhow::Result;

/// Runs `aslctl test`.
///
/// # Errors
/// A path that does not exist, or output that cannot be written.
pub fn run(args: &TestArgs, globals: Globals) -> Result<ExitStatus> {
    let files = discover(&args.paths)?;
    if files.is_empty() {
        super::write_stderr(b"error: no test suites found (files named *.asl.test.yaml, *.asl.test.yml or *.asl.test.json)\n");
        return Ok(ExitStatus::Error);
    }
    let run = testing::run_files(&files, args.filter.as_deref());
    if let Some(path) = &args.coverage_out {
        let mut text = serde_json::to_vec_pretty(&run.coverage.to_json())?;
        text.push(b'\n');
        super::write_atomic(path, &text)?;
    }
    match args.format {
        TestFormat::Human => {
            let text = report::human::render(&run, args.coverage_min, globals.color_stdout);
            super::write_stdout(text.as_bytes())?;
        }
        TestFormat::Json => {
            let mut text =
                serde_json::to_vec_pretty(&report::json::render(&run, args.coverage_min))?;
            text.push(b'\n');
            super::write_stdout(&text)?;
        }
        TestFormat::Junit => {
            super::write_stdout(report::junit::render(&run, args.coverage_min).as_bytes())?;
        }
    }
    let t = run.totals();
    let below = args
        .coverage_min
        .is_some_and(|min| !run.below(min).is_empty());
    Ok(if t.broken_suites > 0 || t.errors > 0 {
        ExitStatus::Error
    } else if t.limited > 0 {
        ExitStatus::Limit
    } else if t.failed > 0 || below {
        ExitStatus::Failure
    } else if args.filter.is_some() && t.cases() == 0 {
        super::write_stderr(b"error: --filter matched no case\n");
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// Suite files: named files as given, directories searched recursively (honouring
/// .gitignore), sorted per directory, each file once.
fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = Vec::new();
    for p in paths {
        if p.is_file() {
            if !out.contains(p) {
                out.push(p.clone());
            }
            continue;
        }
        if !p.is_dir() {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
        let mut found = Vec::new();
        for entry in ignore::WalkBuilder::new(p).build() {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file()) && testing::is_suite_file(path) {
                found.push(path.strip_prefix("./").unwrap_or(path).to_path_buf());
            }
        }
        found.sort();
        for f in found {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok(out)
}
