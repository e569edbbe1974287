//! `aslctl lint`: discover files, apply config and flags, lint in parallel, render, exit code.
//!
//! Exit codes: 0 when there are no errors (and no more warnings than `--max-warnings`), 1 when
//! there are, 2 for usage problems: a named path that does not exist, a bad glob, an unknown
//! rule, an invalid config file, `--machine` naming no state machine. A file that exists but
//! cannot be read or parsed is an ASL001 finding and never stops the batch; a template whose
//! state machine cannot be read is reported the same way, and makes the exit code 2. A file
//! that a limit of aslctl stopped (size, nesting, number of states) is an ASL007 finding and
//! makes the exit code 3.

use super::{ExitStatus, Globals, read_bytes, write_stdout};
use crate::cli::{LintArgs, LintFormat, WorkflowType as CliType};
use crate::lint::config::{self, Config};
use crate::lint::discover::{Target, discover};
use crate::lint::template::NoSuchMachine;
use crate::lint::{self, FileReport, LintOptions, Summary, WorkflowType, resolve_rules};
use crate::report;
use anyhow::{Context, Result};
use aslctl_parser::diagnostic::{Diagnostic, codes};
use aslctl_parser::source::SourceFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Stack size of the lint worker threads (virtual; committed only as used).
const WORKER_STACK: usize = 16 << 20;

/// Runs `aslctl lint`.
///
/// # Errors
/// Usage problems (exit code 2).
pub fn run(args: &LintArgs, globals: Globals) -> Result<ExitStatus> {
    let targets = discover(&args.paths)?;
    let cli = cli_options(args)?;
    let explicit_config = match &args.config {
        Some(p) => Some(Arc::new(Config::load(p)?)),
        None => None,
    };
    let mut cache: HashMap<PathBuf, Option<Arc<Config>>> = HashMap::new();
    let mut jobs: Vec<(Target, LintOptions)> = Vec::with_capacity(targets.len());
    for t in targets {
        let mut opts = LintOptions::default();
        let cfg = if args.no_config {
            None
        } else if let Some(c) = &explicit_config {
            Some(Arc::clone(c))
        } else if t.path == "-" {
            None
        } else {
            let dir = Path::new(&t.path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            match cache.get(&dir) {
                Some(c) => c.clone(),
                None => {
                    let c = match config::find_for(Path::new(&t.path)) {
                        Some(p) => Some(Arc::new(Config::load(&p)?)),
                        None => None,
                    };
                    cache.insert(dir, c.clone());
                    c
                }
            }
        };
        if let Some(c) = cfg {
            c.apply(Path::new(&t.path), &mut opts)?;
        }
        apply_cli(&cli, &mut opts);
        opts.discovered = t.discovered;
        jobs.push((t, opts));
    }
    let progress = (std::io::stderr().is_terminal() && jobs.len() > 50)
        .then(|| indicatif::ProgressBar::new(jobs.len() as u64));
    let lint_one = |(t, opts): &(Target, LintOptions)| {
        let r = lint_target(t, opts);
        if let Some(p) = &progress {
            p.inc(1);
        }
        r
    };
    // One file does not need the thread pool: starting it costs more than the lint, and its
    // idle workers spin on a loaded machine.
    let results: Vec<Result<Vec<FileReport>, NoSuchMachine>> = if jobs.len() > 1 {
        // Workers get room for deep expression trees, so the parsers run on their own stack
        // instead of allocating one per expression. An error only means a pool already exists.
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(WORKER_STACK)
            .build_global();
        jobs.par_iter().map(lint_one).collect()
    } else {
        jobs.iter().map(lint_one).collect()
    };
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        reports.extend(r?);
    }
    if let Some(id) = &args.machine
        && !reports.iter().any(|r| r.machine.is_some())
    {
        anyhow::bail!("no template among the files linted has a state machine `{id}`");
    }
    let format = args.format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            LintFormat::Github
        } else {
            LintFormat::Human
        }
    });
    let out = match format {
        LintFormat::Human => report::human::render_run(&reports, globals.color_stdout),
        LintFormat::Json => pretty(&report::json::render_run(&reports))?,
        LintFormat::Sarif => pretty(&report::sarif::render_run(&reports))?,
        LintFormat::Github => report::github::render_run(&reports),
    };
    write_stdout(out.as_bytes())?;
    let s = Summary::of(&reports);
    let too_many = args.max_warnings.is_some_and(|max| s.warnings > max);
    // A template whose state machine cannot be read is unusable input, not a finding.
    Ok(if reports.iter().any(|r| r.unusable) {
        ExitStatus::Error
    } else if reports
        .iter()
        .any(|r| super::any_limit(r.diagnostics.iter().map(|d| d.code)))
    {
        ExitStatus::Limit
    } else if s.errors > 0 || too_many {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn pretty(v: &serde_json::Value) -> Result<String> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    Ok(s)
}

struct CliOptions {
    select: Vec<&'static str>,
    ignore: Vec<&'static str>,
    strict: bool,
    workflow_type: Option<WorkflowType>,
    substitutions: BTreeMap<String, String>,
    machine: Option<String>,
}

fn cli_options(args: &LintArgs) -> Result<CliOptions> {
    let mut select = Vec::new();
    for s in &args.select {
        select.extend(resolve_rules(s.trim())?);
    }
    let mut ignore = Vec::new();
    for s in &args.ignore {
        ignore.extend(resolve_rules(s.trim())?);
    }
    let mut substitutions = BTreeMap::new();
    for kv in &args.substitute {
        let (k, v) = kv
            .split_once('=')
            .with_context(|| format!("--substitute expects KEY=VALUE, got `{kv}`"))?;
        substitutions.insert(k.to_string(), v.to_string());
    }
    Ok(CliOptions {
        select,
        ignore,
        strict: args.strict,
        workflow_type: args.workflow_type.map(|t| match t {
            CliType::Standard => WorkflowType::Standard,
            CliType::Express => WorkflowType::Express,
        }),
        substitutions,
        machine: args.machine.clone(),
    })
}

fn apply_cli(cli: &CliOptions, o: &mut LintOptions) {
    if !cli.select.is_empty() {
        o.select.clone_from(&cli.select);
    }
    o.ignore.extend(cli.ignore.iter().copied());
    o.strict |= cli.strict;
    if let Some(t) = cli.workflow_type {
        o.workflow_type = t;
        o.type_forced = true;
    }
    o.machine.clone_from(&cli.machine);
    if !cli.substitutions.is_empty() {
        // With substitutions given, every placeholder is expected to be filled.
        o.allowed_placeholders.get_or_insert_with(Default::default);
    }
    o.substitutions.extend(cli.substitutions.clone());
}

fn lint_target(t: &Target, opts: &LintOptions) -> Result<Vec<FileReport>, NoSuchMachine> {
    match read_bytes(&t.path) {
        Ok(bytes) => lint::lint_file(&t.path, bytes, opts),
        Err(e) => {
            let d = match e.downcast_ref::<super::LimitExceeded>() {
                Some(limit) => Diagnostic::error(codes::LIMIT, limit.0.clone()),
                None => Diagnostic::error(codes::SYNTAX, format!("{e:#}")),
            };
            Ok(vec![FileReport::new(
                &t.path,
                SourceFile::new(t.path.clone(), String::new()),
                vec![d.with_file(t.path.clone())],
            )])
        }
    }
}
