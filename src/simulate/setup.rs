//! Run setup shared by `aslctl simulate` and `aslctl test`: a loaded definition becomes a
//! [`Program`], a mock document becomes one test case's [`MockSet`], and every problem is a
//! message located as `file:line:column`.

use aslctl_parser::diagnostic::codes;
use aslctl_parser::json::Node;
use aslctl_parser::model;
use aslctl_parser::source::SourceFile;
use chrono::{DateTime, Utc};

use super::compile::{Program, compile};
use super::mocks::{MockFile, MockSet, did_you_mean};
use crate::definition::{Opened, location};

/// `file:line:column` of the node (or its key) at `pointer`, else the file name.
#[must_use]
pub fn locate(source: &SourceFile, root: &Node, pointer: &str) -> String {
    match root.pointer(pointer) {
        Some((node, key)) => {
            let lc = source.line_col(key.unwrap_or(node.span).start);
            format!("{}:{}:{}", source.name(), lc.line, lc.column)
        }
        None => source.name().to_owned(),
    }
}

/// Builds and compiles an opened definition.
///
/// # Errors
/// Not a state machine, or a problem that prevents running it, located in the file a person
/// edits (the template for a template's state machine).
pub fn program(def: &Opened) -> Result<Program, SetupError> {
    let (machine, diags) = model::build(&def.root);
    let Some(machine) = machine else {
        let limit = diags.iter().any(|d| d.code == codes::LIMIT);
        let message = diags.into_iter().next().map_or_else(
            || format!("{}: not a state machine", def.report_source().name()),
            |d| {
                let d = def.map(d);
                let mut m = format!(
                    "{}: {} [{}]",
                    location(&d, def.report_source()),
                    d.message,
                    d.code
                );
                if let Some(h) = &d.help {
                    m.push_str("\n  help: ");
                    m.push_str(h);
                }
                m
            },
        );
        return Err(SetupError { message, limit });
    };
    compile(&machine).map_err(|e| SetupError {
        message: if e.limit {
            format!(
                "{}: {}, a fixed limit of aslctl [{}]",
                def.locate(&e.pointer),
                e.message,
                codes::LIMIT
            )
        } else {
            format!(
                "{}: cannot simulate: {} (run `aslctl lint` for every problem)",
                def.locate(&e.pointer),
                e.message
            )
        },
        limit: e.limit,
    })
}

/// Why a definition cannot be simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError {
    /// The located message.
    pub message: String,
    /// Whether a limit of aslctl (not a problem in the definition) is the reason.
    pub limit: bool,
}

/// Validates a mock document (either format) against `schemas/mocks.schema.json`.
///
/// # Errors
/// Every schema violation, one per line, located.
pub fn mock_file(source: &SourceFile, root: &Node) -> Result<MockFile, String> {
    MockFile::from_node(source, root).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("invalid mock file\n  {}", lines.join("\n  "))
    })
}

/// Selects one test case's mocks and checks that every mocked state exists in `program`.
///
/// # Errors
/// An unknown or ambiguous state machine or test case, a bad response table, or a mock for
/// a state the definition does not have; `file` names the mock file in the message.
pub fn select_mocks(
    mocks: &MockFile,
    file: &str,
    state_machine: Option<&str>,
    test_case: Option<&str>,
    program: &Program,
) -> Result<MockSet, String> {
    let set = mocks.select(state_machine, test_case)?;
    let names: Vec<&str> = program.states.iter().map(|s| &*s.name).collect();
    for mocked in set.state_names() {
        if !names.contains(&mocked) {
            let hint = did_you_mean(mocked, &names)
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            let at = set.origin(mocked).unwrap_or(file);
            return Err(format!(
                "{at}: the mocks name state `{mocked}`, which is not in the definition{hint}"
            ));
        }
    }
    Ok(set)
}

/// `$$.StateMachine.Name` by default: the definition's file name without `.json`/`.yaml`
/// and `.asl`.
#[must_use]
pub fn machine_name(definition_path: &str) -> String {
    std::path::Path::new(definition_path)
        .file_stem()
        .and_then(|s| s.to_str())
        .map_or_else(
            || "StateMachine".to_owned(),
            |s| s.trim_end_matches(".asl").to_owned(),
        )
}

/// Parses an RFC 3339 start time.
///
/// # Errors
/// Not an RFC 3339 time.
pub fn start_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("`{text}` is not an RFC 3339 time"))
}
