//! `aslctl graph`: load, pick the machine, draw, write; warnings go to standard error.

use super::{ExitStatus, Globals, load_file, read_bytes, write_atomic, write_stderr, write_stdout};
use crate::cli::{self, GraphArgs};
use crate::graph::{self, GraphOptions, Trace};
use crate::report::human::HumanRenderer;
use anyhow::{Context, Result};
use aslctl_parser::diagnostic::Severity;
use aslctl_parser::json::Node;
use aslctl_parser::model;

/// CloudFormation/SAM resource types holding a state machine.
const MACHINE_TYPES: [&str; 2] = [
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::StateMachine",
];

/// Runs `aslctl graph`.
///
/// # Errors
/// Unreadable files, an unusable trace, or a definition that is not a state machine at all.
pub fn run(args: &GraphArgs, globals: Globals) -> Result<ExitStatus> {
    let loaded = load_file(&args.definition)?;
    let human = HumanRenderer::new(globals.color_stderr);
    let (document, source, load_diags) = loaded.into_document();
    let fatal = load_diags.iter().any(|d| d.severity == Severity::Error);
    for d in &load_diags {
        write_stderr(human.render(d, &source).as_bytes());
    }
    let Some(document) = document.filter(|_| !fatal) else {
        return Ok(ExitStatus::Error);
    };
    let root = select_machine(&document.root, args.machine.as_deref())?;
    let (machine, build_diags) = model::build(root);
    for d in &build_diags {
        write_stderr(human.render(d, &source).as_bytes());
    }
    let Some(machine) = machine else {
        return Ok(ExitStatus::Error);
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
                    Trace::from_coverage_json(&text, &args.definition)
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
        write_stderr(human.render(d, &source).as_bytes());
    }
    match &args.output {
        Some(path) => write_atomic(path, rendered.text.as_bytes())?,
        None => write_stdout(rendered.text.as_bytes())?,
    }
    // A broken definition is still drawn: warnings do not change the exit code.
    Ok(ExitStatus::Success)
}

/// The state machine to draw: the document itself, or one `Definition` of a CloudFormation or
/// SAM template (chosen with `--machine` when there are several).
fn select_machine<'a>(root: &'a Node, wanted: Option<&str>) -> Result<&'a Node> {
    let Some(resources) = root.get("Resources").and_then(Node::as_object) else {
        if let Some(id) = wanted {
            anyhow::bail!("`--machine {id}`: the file is not a template with `Resources`");
        }
        return Ok(root);
    };
    let machines: Vec<(&str, &Node)> = resources
        .iter()
        .filter(|m| {
            m.value
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| MACHINE_TYPES.contains(&t))
        })
        .map(|m| (m.key.as_str(), &m.value))
        .collect();
    let ids = || {
        machines
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (id, resource) = match (wanted, machines.as_slice()) {
        (Some(w), _) => machines
            .iter()
            .find(|(id, _)| *id == w)
            .copied()
            .with_context(|| {
                format!("no state machine `{w}` in the template (found: {})", ids())
            })?,
        (None, [one]) => *one,
        (None, []) => anyhow::bail!("the template defines no state machine"),
        (None, _) => anyhow::bail!(
            "the template defines several state machines; pick one with `--machine` ({})",
            ids()
        ),
    };
    resource
        .get("Properties")
        .and_then(|p| p.get("Definition"))
        .filter(|d| d.as_object().is_some())
        .with_context(|| {
            format!("`{id}` has no inline `Definition` object (a `DefinitionString` or `DefinitionUri` cannot be drawn yet)")
        })
}
