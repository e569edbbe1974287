//! `aslctl simulate`: read the definition, input and mocks, run, render, pick the exit code.

use super::{ExitStatus, Globals};
use crate::cli::{SimulateArgs, SimulateFormat};
use crate::simulate::mocks::{MockFile, MockSet, did_you_mean};
use crate::simulate::{self, Options, Status, render};
use anyhow::{Context, Result};
use aslctl_parser::load::{self, LoadOptions};
use aslctl_parser::model;

/// Runs `aslctl simulate`.
///
/// # Errors
/// Unreadable files; problems in the definition or mocks are reported with exit code 2.
pub fn run(args: &SimulateArgs, globals: Globals) -> Result<ExitStatus> {
    let loaded = super::load_file(&args.definition)?;
    let (doc, source, diags) = loaded.into_document();
    let Some(doc) = doc else {
        let first = diags
            .first()
            .map_or_else(|| "cannot parse".to_owned(), |d| d.message.clone());
        return bad_input(&format!("{}: {first}", source.name()));
    };
    let root = match &args.machine {
        Some(id) => pick_template_machine(&doc.root, id)?,
        None => &doc.root,
    };
    let (machine, build_diags) = model::build(root);
    let Some(machine) = machine else {
        let msg = build_diags
            .first()
            .map_or_else(|| "not a state machine".to_owned(), |d| d.message.clone());
        return bad_input(&format!("{}: {msg}", source.name()));
    };
    let program = match simulate::compile(&machine) {
        Ok(p) => p,
        Err(e) => {
            let location = root
                .pointer(&e.pointer)
                .map(|(n, key)| {
                    let lc = source.line_col(key.unwrap_or(n.span).start);
                    format!("{}:{}:{}", source.name(), lc.line, lc.column)
                })
                .unwrap_or_else(|| source.name().to_owned());
            return bad_input(&format!(
                "{location}: cannot simulate: {} (run `aslctl lint` for every problem)",
                e.message
            ));
        }
    };
    let input = read_input(args.input.as_deref())?;
    let mut mocks = match &args.mock {
        Some(path) => match load_mocks(path, args, &machine)? {
            Ok(set) => set,
            Err(msg) => return bad_input(&msg),
        },
        None => MockSet::empty(),
    };
    let start_time = chrono::DateTime::parse_from_rfc3339(&args.start_time)
        .with_context(|| format!("--start-time `{}` is not an RFC 3339 time", args.start_time))?
        .with_timezone(&chrono::Utc);
    let state_machine_name = args.state_machine.clone().unwrap_or_else(|| {
        std::path::Path::new(&args.definition)
            .file_stem()
            .and_then(|s| s.to_str())
            .map_or_else(
                || "StateMachine".to_owned(),
                |s| s.trim_end_matches(".asl").to_owned(),
            )
    });
    let opts = Options {
        max_transitions: args.max_transitions,
        seed: args.seed,
        start_time,
        execution_name: args.execution_name.clone(),
        state_machine_name,
        unmocked: args.unmocked,
        payload_limit: (args.payload_limit > 0).then_some(args.payload_limit),
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
        Status::Aborted => {
            if execution
                .abort
                .as_ref()
                .is_some_and(simulate::error::Abort::is_bad_input)
            {
                ExitStatus::Error
            } else {
                ExitStatus::Failure
            }
        }
    })
}

fn bad_input(msg: &str) -> Result<ExitStatus> {
    super::write_stderr(format!("error: {msg}\n").as_bytes());
    Ok(ExitStatus::Error)
}

/// `--machine ID`: the `Definition` of one resource of a CloudFormation/SAM template.
fn pick_template_machine<'a>(
    root: &'a aslctl_parser::json::Node,
    id: &str,
) -> Result<&'a aslctl_parser::json::Node> {
    let resource = root
        .get("Resources")
        .and_then(|r| r.get(id))
        .with_context(|| format!("no resource `{id}` in the template"))?;
    resource
        .get("Properties")
        .and_then(|p| p.get("Definition"))
        .with_context(|| format!("resource `{id}` has no inline `Properties.Definition`"))
}

/// `--input`: a file, inline JSON, or `{}`.
fn read_input(arg: Option<&str>) -> Result<serde_json::Value> {
    let Some(arg) = arg else {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    };
    let trimmed = arg.trim_start();
    if trimmed.starts_with(['{', '[', '"'])
        || serde_json::from_str::<serde_json::Value>(arg).is_ok()
            && !std::path::Path::new(arg).exists()
    {
        return serde_json::from_str(arg).context("--input is not valid JSON");
    }
    let bytes = super::read_bytes(arg)?;
    serde_json::from_slice(&bytes).with_context(|| format!("{arg} is not valid JSON"))
}

/// Loads, validates and selects the mocks; checks that every mocked state exists.
fn load_mocks(
    path: &std::path::Path,
    args: &SimulateArgs,
    machine: &model::StateMachine<'_>,
) -> Result<std::result::Result<MockSet, String>> {
    let name = path.to_string_lossy().into_owned();
    let bytes = super::read_bytes(&name)?;
    let loaded = load::load(&name, bytes, LoadOptions::default());
    let (doc, source, diags) = loaded.into_document();
    let Some(doc) = doc else {
        let first = diags
            .first()
            .map_or_else(String::new, |d| d.message.clone());
        return Ok(Err(format!("{name}: {first}")));
    };
    let file = match MockFile::from_node(&source, &doc.root) {
        Ok(f) => f,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Ok(Err(format!("invalid mock file\n  {}", lines.join("\n  "))));
        }
    };
    let set = match file.select(args.state_machine.as_deref(), args.test_case.as_deref()) {
        Ok(s) => s,
        Err(e) => return Ok(Err(format!("{name}: {e}"))),
    };
    let names: Vec<&str> = machine.states().map(|(_, s)| s.name).collect();
    for mocked in set.state_names() {
        if !names.contains(&mocked) {
            let hint = did_you_mean(mocked, &names)
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            return Ok(Err(format!(
                "{name}: the mocks name state `{mocked}`, which is not in the definition{hint}"
            )));
        }
    }
    Ok(Ok(set))
}
