//! Test-suite files: the serde model, validation against `schemas/test-suite.schema.json`, and
//! loading of the definition, mocks and inputs they name, with every problem located.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aslctl_parser::json::Node;
use aslctl_parser::load::{self, Document, LoadOptions};
use aslctl_parser::source::SourceFile;
use serde::Deserialize;
use serde_json::Value;

use super::expect::Expect;
use crate::cli::Unmocked;
use crate::definition;
use crate::simulate::compile::Program;
use crate::simulate::mocks::MockFile;
use crate::simulate::{Options, setup};

/// Suffixes of suite files that directory discovery picks up.
pub const SUITE_SUFFIXES: [&str; 3] = [".asl.test.yaml", ".asl.test.yml", ".asl.test.json"];

/// A loaded suite, ready to run.
#[derive(Debug)]
pub struct Suite {
    /// The suite file, as named.
    pub file: String,
    /// The definition as shown in reports: its path, or `<suite>#/definition` when inline.
    pub definition: String,
    /// The compiled definition.
    pub program: Program,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// Where a case's mocks come from.
#[derive(Debug, Clone)]
pub struct Mocks {
    /// The validated file.
    pub file: MockFile,
    /// Its name in messages.
    pub name: String,
}

/// One case, with its settings resolved.
#[derive(Debug)]
pub struct Case {
    /// `name`
    pub name: String,
    /// `file:line:column` of the case.
    pub location: String,
    /// The execution input.
    pub input: Value,
    /// The mocks (the case's own, else the suite's).
    pub mocks: Option<Mocks>,
    /// MockConfigFile `StateMachines` key.
    pub state_machine: Option<String>,
    /// MockConfigFile `TestCases` key.
    pub test_case: Option<String>,
    /// How to run.
    pub options: Options,
    /// What to check.
    pub expect: Expect,
}

/// A problem that keeps a suite (or one case) from running.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SuiteError(pub String);

#[derive(Debug, Deserialize)]
struct RawSuite {
    definition: Value,
    machine: Option<String>,
    mocks: Option<Value>,
    state_machine: Option<String>,
    #[serde(default)]
    defaults: Settings,
    cases: Vec<RawCase>,
}

#[derive(Debug, Default, Clone, Deserialize)]
struct Settings {
    input: Option<Value>,
    input_file: Option<String>,
    start_time: Option<String>,
    seed: Option<u64>,
    context: Option<Context>,
    max_transitions: Option<u64>,
    unmocked: Option<UnmockedSetting>,
    payload_limit: Option<usize>,
}

#[derive(Debug, Default, Clone, Deserialize)]
struct Context {
    execution_name: Option<String>,
    state_machine_name: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum UnmockedSetting {
    Error,
    Passthrough,
}

#[derive(Debug, Deserialize)]
struct RawCase {
    name: String,
    test_case: Option<String>,
    mocks: Option<Value>,
    #[serde(flatten)]
    settings: Settings,
    expect: Expect,
}

impl Settings {
    /// `self` where set, else `base`.
    fn over(self, base: &Settings) -> Settings {
        // An inline input and an input file are one setting: a case's either replaces both.
        let (input, input_file) = if self.input.is_some() || self.input_file.is_some() {
            (self.input, self.input_file)
        } else {
            (base.input.clone(), base.input_file.clone())
        };
        let context = match (self.context, &base.context) {
            (Some(c), Some(b)) => Some(Context {
                execution_name: c.execution_name.or_else(|| b.execution_name.clone()),
                state_machine_name: c
                    .state_machine_name
                    .or_else(|| b.state_machine_name.clone()),
            }),
            (c, b) => c.or_else(|| b.clone()),
        };
        Settings {
            input,
            input_file,
            start_time: self.start_time.or_else(|| base.start_time.clone()),
            seed: self.seed.or(base.seed),
            context,
            max_transitions: self.max_transitions.or(base.max_transitions),
            unmocked: self.unmocked.or(base.unmocked),
            payload_limit: self.payload_limit.or(base.payload_limit),
        }
    }
}

/// Whether a file name is a suite file name.
#[must_use]
pub fn is_suite_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    SUITE_SUFFIXES.iter().any(|s| name.ends_with(s))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    crate::commands::read_bytes(&path.to_string_lossy()).map_err(|e| format!("{e:#}"))
}

/// Reads and parses a JSON or YAML file; the first syntax error is located.
fn load_doc(path: &Path) -> Result<(SourceFile, Node), String> {
    let name = path.to_string_lossy().into_owned();
    let loaded = load::load(&name, read(path)?, LoadOptions::default());
    let (doc, source, diags) = loaded.into_document();
    // A repeated key is an error too: it would silently drop one of two cases or mocks.
    let fatal = diags
        .iter()
        .find(|d| d.severity == aslctl_parser::diagnostic::Severity::Error);
    match (doc, fatal) {
        (Some(doc), None) => Ok((source, doc.root)),
        (_, d) => {
            let (at, msg) = d.map_or_else(
                || (source.name().to_owned(), "cannot parse".to_owned()),
                |d| {
                    let at = d.labels.first().map_or_else(
                        || source.name().to_owned(),
                        |l| {
                            let lc = source.line_col(l.span.start);
                            format!("{}:{}:{}", source.name(), lc.line, lc.column)
                        },
                    );
                    (at, format!("{} [{}]", d.message, d.code))
                },
            );
            Err(format!("{at}: {msg}"))
        }
    }
}

/// `schemas/test-suite.schema.json` compiled into the binary.
#[jsonschema::validator(path = "schemas/test-suite.schema.json", draft = Draft202012)]
struct SuiteSchema;

/// Validates a suite document; `(pointer, message)` per violation.
fn validate(value: &Value) -> Vec<(String, String)> {
    SuiteSchema::iter_errors(value)
        .map(|e| {
            (
                crate::simulate::mocks::error_pointer(&e),
                crate::report::schema_error::message(&e),
            )
        })
        .collect()
}

/// Loads a suite file, its definition and mocks, and resolves every case's settings.
///
/// # Errors
/// Every schema violation (located), or the first problem with the definition or a file it
/// names. Problems confined to one case (an unknown test case) surface when the case runs.
pub fn load_suite(path: &Path) -> Result<Suite, Vec<SuiteError>> {
    let one = |m: String| vec![SuiteError(m)];
    let (source, root) = load_doc(path).map_err(one)?;
    let value = root.to_value();
    let errors = validate(&value);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|(pointer, message)| {
                let at = setup::locate(&source, &root, &pointer);
                SuiteError(if pointer.is_empty() {
                    format!("{at}: {message}")
                } else {
                    format!("{at}: {pointer}: {message}")
                })
            })
            .collect());
    }
    let raw: RawSuite =
        serde_json::from_value(value).map_err(|e| one(format!("{}: {e}", source.name())))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file = source.name().to_owned();

    // The definition: a file beside the suite, or inline; either may be a template.
    let (definition, opened) = match &raw.definition {
        Value::String(rel) => {
            let def_path = dir.join(rel);
            let name = def_path.to_string_lossy().into_owned();
            let bytes = read(&def_path).map_err(|e| {
                one(format!(
                    "{}: {e}",
                    setup::locate(&source, &root, "/definition")
                ))
            })?;
            let opened = definition::open(&name, bytes, raw.machine.as_deref())
                .map_err(|e| one(e.to_string()))?;
            (opened.name.clone(), opened)
        }
        _ => {
            let node = root
                .get("definition")
                .ok_or_else(|| one(format!("{file}: no `definition`")))?;
            let doc = Document {
                source: source.clone(),
                format: load::Format::detect(source.name(), source.text()),
                root: node.clone(),
            };
            let opened = definition::open_document(&doc, Vec::new(), raw.machine.as_deref(), &dir)
                .map_err(|e| one(format!("{file}: {e}")))?;
            let name = if opened.machine.is_some() {
                opened.name.clone()
            } else {
                format!("{file}#/definition")
            };
            (name, opened)
        }
    };
    let program = setup::program(&opened).map_err(|e| one(e.message))?;
    let default_machine_name = raw.state_machine.clone().unwrap_or_else(|| {
        if opened.machine.is_some() {
            opened.default_machine_name()
        } else {
            setup::machine_name(&definition)
        }
    });
    let suite_mocks = match &raw.mocks {
        Some(m) => Some(mocks(m, &dir, &source, &root, "/mocks").map_err(one)?),
        None => None,
    };

    let mut cases = Vec::with_capacity(raw.cases.len());
    let mut inputs: BTreeMap<PathBuf, Value> = BTreeMap::new();
    for (i, rc) in raw.cases.into_iter().enumerate() {
        let pointer = format!("/cases/{i}");
        let location = setup::locate(&source, &root, &pointer);
        let case_mocks = match &rc.mocks {
            Some(m) => {
                Some(mocks(m, &dir, &source, &root, &format!("{pointer}/mocks")).map_err(one)?)
            }
            None => suite_mocks.clone(),
        };
        let settings = rc.settings.over(&raw.defaults);
        let input = match (&settings.input, &settings.input_file) {
            (Some(v), _) => v.clone(),
            (None, Some(rel)) => {
                let p = dir.join(rel);
                match inputs.get(&p) {
                    Some(v) => v.clone(),
                    None => {
                        let (_, node) = load_doc(&p).map_err(one)?;
                        let v = node.to_value();
                        inputs.insert(p, v.clone());
                        v
                    }
                }
            }
            (None, None) => Value::Object(serde_json::Map::new()),
        };
        let options = options(&settings, &default_machine_name)
            .map_err(|e| one(format!("{location}: {e}")))?;
        cases.push(Case {
            name: rc.name,
            location,
            input,
            mocks: case_mocks,
            state_machine: raw.state_machine.clone(),
            test_case: rc.test_case,
            options,
            expect: rc.expect,
        });
    }
    Ok(Suite {
        file,
        definition,
        program,
        cases,
    })
}

/// A `mocks` value: a path beside the suite, or the document inline at `pointer`.
fn mocks(
    value: &Value,
    dir: &Path,
    source: &SourceFile,
    root: &Node,
    pointer: &str,
) -> Result<Mocks, String> {
    match value {
        Value::String(rel) => {
            let p = dir.join(rel);
            let (s, node) = load_doc(&p)?;
            let file = setup::mock_file(&s, &node)?;
            Ok(Mocks {
                file,
                name: p.to_string_lossy().into_owned(),
            })
        }
        _ => {
            let node = root
                .pointer(pointer)
                .map(|(n, _)| n)
                .ok_or_else(|| format!("{}: no `{pointer}`", source.name()))?;
            let file = setup::mock_file(source, node)?;
            Ok(Mocks {
                file,
                name: format!("{}#{pointer}", source.name()),
            })
        }
    }
}

fn options(s: &Settings, default_machine_name: &str) -> Result<Options, String> {
    let mut o = Options::default();
    if let Some(t) = &s.start_time {
        o.start_time = setup::start_time(t).map_err(|e| format!("start_time {e}"))?;
    }
    if let Some(seed) = s.seed {
        o.seed = seed;
    }
    if let Some(n) = s.max_transitions {
        o.max_transitions = n;
    }
    if let Some(u) = s.unmocked {
        o.unmocked = match u {
            UnmockedSetting::Error => Unmocked::Error,
            UnmockedSetting::Passthrough => Unmocked::Passthrough,
        };
    }
    if let Some(limit) = s.payload_limit {
        o.payload_limit = (limit > 0).then_some(limit);
    }
    let context = s.context.clone().unwrap_or_default();
    o.state_machine_name = context
        .state_machine_name
        .unwrap_or_else(|| default_machine_name.to_owned());
    if let Some(name) = context.execution_name {
        o.execution_name = name;
    }
    Ok(o)
}
