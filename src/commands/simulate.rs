//! `aslctl simulate`: read the definition, input and mocks, run, render, pick the exit code.

use super::{ExitStatus, Globals};
use crate::cli::{SimulateArgs, SimulateFormat};
use crate::definition::{self, OpenError};
use crate::simulate::mocks::MockSet;
use crate::simulate::value::Value;
use crate::simulate::{self, Options, Status, render, setup};
use anyhow::Result;
use aslctl_parser::diagnostic::Severity;
use aslctl_parser::load::{self, LoadOptions};

/// Runs `aslctl simulate`.
///
/// # Errors
/// Unreadable files; problems in the definition or mocks are reported with exit code 2.
pub fn run(args: &SimulateArgs, globals: Globals) -> Result<ExitStatus> {
    let bytes = super::read_bytes(&args.definition)?;
    let def = match definition::open(&args.definition, bytes, args.machine.as_deref()) {
        Ok(def) => def,
        Err(e) => {
            let limit = matches!(&e, OpenError::Invalid(f) if super::any_limit(f.iter().map(|(d, _)| d.code)));
            return bad_input(&e.to_string(), limit);
        }
    };
    let program = match setup::program(&def) {
        Ok(p) => p,
        Err(e) => return bad_input(&e.message, e.limit),
    };
    let input = read_input(args.input.as_deref())?;
    let mut mocks = match &args.mock {
        Some(path) => match load_mocks(path, args, &program)? {
            Ok(set) => set,
            Err(msg) => return bad_input(&msg, false),
        },
        None => MockSet::empty(),
    };
    let start_time =
        setup::start_time(&args.start_time).map_err(|e| anyhow::anyhow!("--start-time {e}"))?;
    let state_machine_name = args
        .state_machine
        .clone()
        .unwrap_or_else(|| def.default_machine_name());
    let opts = Options {
        max_transitions: args.max_transitions,
        seed: args.seed,
        start_time,
        execution_name: args.execution_name.clone(),
        state_machine_name,
        unmocked: args.unmocked,
        payload_limit: (args.payload_limit > 0).then_some(args.payload_limit),
        max_map_items: args.max_map_items,
        record_history: !args.no_history,
    };
    let execution = simulate::simulate(&program, input, &opts, &mut mocks);
    if let Some(path) = &args.trace {
        let trace = execution.trace.to_json(execution.status.as_str(), &program);
        let mut text = serde_json::to_vec_pretty(&trace)?;
        text.push(b'\n');
        super::write_atomic(path, &text)?;
    }
    match args.format {
        SimulateFormat::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            execution.write_json(&mut out)?;
            std::io::Write::flush(&mut out)?;
        }
        SimulateFormat::Human => {
            let text = render::human(&execution, &program, globals.color_stdout);
            super::write_stdout(text.as_bytes())?;
        }
    }
    Ok(match execution.status {
        Status::Succeeded => ExitStatus::Success,
        Status::Failed => ExitStatus::Failure,
        Status::Aborted => match &execution.abort {
            Some(a) if a.is_limit() => ExitStatus::Limit,
            Some(a) if a.is_bad_input() => ExitStatus::Error,
            _ => ExitStatus::Failure,
        },
    })
}

fn bad_input(msg: &str, limit: bool) -> Result<ExitStatus> {
    super::write_stderr(format!("error: {msg}\n").as_bytes());
    Ok(if limit {
        ExitStatus::Limit
    } else {
        ExitStatus::Error
    })
}

/// `--input`: a file, inline JSON, or `{}`. Read straight into the simulator's value type.
fn read_input(arg: Option<&str>) -> Result<Value> {
    let Some(arg) = arg else {
        return Ok(Value::object());
    };
    let trimmed = arg.trim_start();
    if trimmed.starts_with(['{', '[', '"'])
        || serde_json::from_str::<serde_json::Value>(arg).is_ok()
            && !std::path::Path::new(arg).exists()
    {
        return serde_json::from_str::<Value>(arg)
            .map_err(|e| input_error(&e, "--input", arg.as_bytes()));
    }
    let bytes = super::read_bytes(arg)?;
    serde_json::from_slice::<Value>(&bytes).map_err(|e| input_error(&e, arg, &bytes))
}

/// Why an input is unusable, located like every other finding. serde_json refuses a 128th
/// level of nesting rather than overflow the stack: that is a limit of aslctl (exit code 3),
/// not bad JSON. Other errors are located by the spanned parser, which only runs on this path.
fn input_error(e: &serde_json::Error, name: &str, bytes: &[u8]) -> anyhow::Error {
    if e.to_string().starts_with("recursion limit exceeded") {
        return super::LimitExceeded(format!(
            "{name}:{}:{}: the input nests deeper than 127 levels, a fixed limit of aslctl",
            e.line(),
            e.column()
        ))
        .into();
    }
    let loaded = load::load(
        name,
        bytes.to_vec(),
        LoadOptions {
            format: Some(load::Format::Json),
            ..LoadOptions::default()
        },
    );
    match loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        Some(d) => anyhow::anyhow!(
            "{}: {} [{}]",
            definition::location(d, &loaded.source),
            d.message,
            d.code
        ),
        None => anyhow::anyhow!("{name} is not valid JSON: {e}"),
    }
}

/// Loads, validates and selects the mocks; checks that every mocked state exists.
fn load_mocks(
    path: &std::path::Path,
    args: &SimulateArgs,
    program: &simulate::compile::Program,
) -> Result<std::result::Result<MockSet, String>> {
    let name = path.to_string_lossy().into_owned();
    let bytes = super::read_bytes(&name)?;
    let loaded = load::load(&name, bytes, LoadOptions::default());
    let (doc, source, diags) = loaded.into_document();
    // A syntax error, or a repeated key (which would silently pick one of two mocks).
    if let Some(d) = diags.iter().find(|d| d.severity == Severity::Error) {
        return Ok(Err(format!(
            "{}: {} [{}]",
            definition::location(d, &source),
            d.message,
            d.code
        )));
    }
    let Some(doc) = doc else {
        return Ok(Err(format!("{name}: not a mock file")));
    };
    Ok(setup::mock_file(&source, &doc.root).and_then(|file| {
        setup::select_mocks(
            &file,
            &name,
            args.state_machine.as_deref(),
            args.test_case.as_deref(),
            program,
        )
    }))
}
