//! `aslctl graph`: load, pick the machine, draw, write; warnings go to standard error.

use super::{ExitStatus, Globals, read_bytes, write_atomic, write_stderr, write_stdout};
use crate::cli::{self, GraphArgs};
use crate::definition::{self, OpenError};
use crate::graph::{self, GraphOptions, Trace};
use crate::report::human::HumanRenderer;
use anyhow::{Context, Result};
use aslctl_parser::diagnostic::Severity;
use aslctl_parser::model;

/// Runs `aslctl graph`.
///
/// # Errors
/// Unreadable files, an unusable trace, or a definition that is not a state machine at all.
pub fn run(args: &GraphArgs, globals: Globals) -> Result<ExitStatus> {
    let human = HumanRenderer::new(globals.color_stderr);
    let bytes = read_bytes(&args.definition)?;
    let def = match definition::open(&args.definition, bytes, args.machine.as_deref()) {
        Ok(def) => def,
        Err(OpenError::Invalid(findings)) => {
            for (d, source) in &findings {
                write_stderr(human.render(d, source).as_bytes());
            }
            return Ok(unusable(findings.iter().map(|(d, _)| d.code)));
        }
        Err(e) => {
            write_stderr(format!("error: {e}\n").as_bytes());
            return Ok(ExitStatus::Error);
        }
    };
    let fatal = def
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    for d in &def.diagnostics {
        write_stderr(human.render(d, def.source_for(d)).as_bytes());
    }
    if fatal {
        return Ok(ExitStatus::Error);
    }
    let (machine, build_diags) = model::build(&def.root);
    let status = unusable(build_diags.iter().map(|d| d.code));
    for d in build_diags {
        write_stderr(human.render(&def.map(d), def.report_source()).as_bytes());
    }
    let Some(machine) = machine else {
        return Ok(status);
    };
    let trace = match &args.trace {
        Some(path) => {
            let name = path.display().to_string();
            let bytes = read_bytes(&name)?;
            let text = String::from_utf8(bytes).with_context(|| format!("{name} is not UTF-8"))?;
            Some(Trace::from_json(&text).with_context(|| format!("cannot use {name}"))?)
        }
        None => match &args.coverage {
            Some(path) => {
                let name = path.display().to_string();
                let bytes = read_bytes(&name)?;
                let text =
                    String::from_utf8(bytes).with_context(|| format!("{name} is not UTF-8"))?;
                Some(
                    Trace::from_coverage_json(&text, &def.name)
                        .with_context(|| format!("cannot use {name}"))?,
                )
            }
            None => None,
        },
    };
    let opts = GraphOptions {
        format: match args.format {
            cli::GraphFormat::Dot => graph::Format::Dot,
            cli::GraphFormat::Mermaid => graph::Format::Mermaid,
        },
        direction: match args.direction {
            cli::Direction::TB => graph::Direction::TopBottom,
            cli::Direction::LR => graph::Direction::LeftRight,
        },
        choice_labels: match args.choice_labels {
            cli::ChoiceLabels::Rule => graph::ChoiceLabels::Rule,
            cli::ChoiceLabels::Comment => graph::ChoiceLabels::Comment,
            cli::ChoiceLabels::None => graph::ChoiceLabels::None,
        },
        catch_labels: args.catch_labels,
        theme: match args.theme {
            cli::Theme::Default => graph::Theme::Default,
            cli::Theme::Plain => graph::Theme::Plain,
        },
        label_max: args.label_max,
    };
    let rendered = graph::render(&machine, &opts, trace.as_ref());
    for d in &rendered.warnings {
        write_stderr(
            human
                .render(&def.map(d.clone()), def.report_source())
                .as_bytes(),
        );
    }
    match &args.output {
        Some(path) => write_atomic(path, rendered.text.as_bytes())?,
        None => write_stdout(rendered.text.as_bytes())?,
    }
    // A broken definition is still drawn: warnings do not change the exit code.
    Ok(ExitStatus::Success)
}

/// The exit code for a definition that cannot be drawn: 3 if a limit of aslctl is the reason.
fn unusable<'a>(codes: impl IntoIterator<Item = &'a str>) -> ExitStatus {
    if super::any_limit(codes) {
        ExitStatus::Limit
    } else {
        ExitStatus::Error
    }
}
