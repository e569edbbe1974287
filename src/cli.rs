//! The command line: one clap definition for parsing, help, completions and the man page.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  aslctl lint statemachine.asl.json
  aslctl lint --format sarif workflows/ > aslctl.sarif
  aslctl simulate order.asl.json --mock order.mocks.yaml --input order.input.json
  aslctl graph order.asl.json --format mermaid -o order.mmd
  aslctl test --coverage-min 100 --format junit > aslctl-tests.xml

Exit codes:
  0  success: no errors found, or the execution succeeded
  1  findings: lint errors (or too many warnings), the execution failed, or a test failed
  2  usage or input error: bad flags, unreadable or malformed files
  3  a limit of aslctl stopped the run (ASL007): file size (ASLCTL_MAX_FILE_SIZE),
     nesting depth, number of states, --max-transitions, --max-map-items, JSONata steps";

/// Lint, simulate and draw Amazon States Language (AWS Step Functions) workflows.
#[derive(Debug, Parser)]
#[command(name = "aslctl", version, about, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// When to use colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check definitions against the ASL schema and semantic rules.
    #[command(
        after_help = "Examples:\n  aslctl lint def.asl.json\n  aslctl lint template.yaml cdk.out\n  aslctl lint --strict --format json 'workflows/**/*.asl.json'\n  aslctl lint --type express --ignore ASL703 ."
    )]
    Lint(LintArgs),
    /// Dry-run a workflow with mocked task results, in virtual time.
    #[command(
        after_help = "Examples:\n  aslctl simulate def.asl.json --input '{\"orderId\": 1}' --mock mocks.yaml\n  aslctl simulate template.yaml --machine OrderStateMachine --mock mocks.yaml\n  aslctl simulate def.asl.json --mock MockConfigFile.json --state-machine Orders --test-case HappyPath --format json"
    )]
    Simulate(SimulateArgs),
    /// Draw a workflow as a Graphviz DOT or Mermaid diagram.
    #[command(
        after_help = "Examples:\n  aslctl graph def.asl.json | dot -Tsvg > def.svg\n  aslctl graph template.yaml --machine OrderStateMachine --format mermaid\n  aslctl graph def.asl.json --format mermaid --direction LR -o def.mmd\n  aslctl simulate def.asl.json --trace run.json && aslctl graph def.asl.json --trace run.json"
    )]
    Graph(GraphArgs),
    /// Run workflow test suites (*.asl.test.yaml) offline and report coverage.
    #[command(
        after_help = "Examples:\n  aslctl test\n  aslctl test fixtures/examples --coverage-min 100\n  aslctl test --format junit > aslctl-tests.xml\n  aslctl test suite.asl.test.yaml --filter 'happy' --coverage-out coverage.json"
    )]
    Test(TestArgs),
    /// List the lint rules, or show one rule's documentation.
    Rules(RulesArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// `aslctl lint`
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Definitions or CloudFormation/SAM/Serverless/CDK templates: files, directories (searched recursively, honouring .gitignore) or glob patterns; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Output format (`github` is the default inside GitHub Actions).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<LintFormat>,
    /// Only run these rules (ids like ASL201 or names like transition-target).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Also run the best-practice (info) rules.
    #[arg(long)]
    pub strict: bool,
    /// Fail (exit 1) when there are more than this many warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Workflow type the definitions are for (default: a template's own, else standard); EXPRESS enables its restrictions.
    #[arg(long = "type", value_enum)]
    pub workflow_type: Option<WorkflowType>,
    /// Fill a `${Name}` placeholder, as CloudFormation DefinitionSubstitutions would.
    #[arg(long, value_name = "KEY=VALUE")]
    pub substitute: Vec<String>,
    /// Read settings from this file instead of the nearest .aslctl.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore .aslctl.toml files.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Lint only this state machine of a template (by logical id); without it, every one is linted.
    #[arg(long, value_name = "ID")]
    pub machine: Option<String>,
}

/// Lint output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Code frames for people.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// STANDARD or EXPRESS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkflowType {
    /// Standard workflows.
    Standard,
    /// Express workflows.
    Express,
}

/// `aslctl simulate`
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The definition, or a CloudFormation/SAM/Serverless/CDK template (JSON or YAML; `-` for standard input).
    pub definition: String,
    /// Execution input: a file, or inline JSON. Default `{}`.
    #[arg(long, short = 'i', value_name = "FILE|JSON")]
    pub input: Option<String>,
    /// Mock file: Step Functions Local MockConfigFile or aslctl's native form (JSON or YAML).
    #[arg(long, short = 'm', value_name = "FILE")]
    pub mock: Option<PathBuf>,
    /// State machine name in a MockConfigFile (default: the only one).
    #[arg(long, value_name = "NAME")]
    pub state_machine: Option<String>,
    /// Test case in a MockConfigFile (default: the only one).
    #[arg(long, value_name = "NAME")]
    pub test_case: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = SimulateFormat::Human)]
    pub format: SimulateFormat,
    /// Write the path taken to FILE, for `aslctl graph --trace`.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Stop after this many state transitions (AWS's history limit is 25,000 events).
    #[arg(long, value_name = "N", default_value_t = 25_000)]
    pub max_transitions: u64,
    /// Seed for States.UUID, States.MathRandom, $random, $uuid and retry jitter.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Virtual start time of the execution (RFC 3339).
    #[arg(long, value_name = "TIME", default_value = "2024-01-01T00:00:00Z")]
    pub start_time: String,
    /// Execution name (used in `$$.Execution`).
    #[arg(long, value_name = "NAME", default_value = "aslctl-simulation")]
    pub execution_name: String,
    /// What a Task without a mock does: fail with an error, or return its input.
    #[arg(long, value_enum, default_value_t = Unmocked::Error)]
    pub unmocked: Unmocked,
    /// Pick one state machine of a template (by logical id); needed when it has several.
    #[arg(long, value_name = "ID")]
    pub machine: Option<String>,
    /// Largest state input or output in bytes before States.DataLimitExceeded (AWS: 262144); 0 turns the check off.
    #[arg(long, value_name = "BYTES", default_value_t = 262_144)]
    pub payload_limit: usize,
    /// Stop with exit code 3 when a Map state has more items than this.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_map_items: usize,
    /// Keep no execution history: `--format json` prints status, output, error, cause and stats only, and the timeline shows just the outcome. For long runs whose history nobody reads.
    #[arg(long)]
    pub no_history: bool,
}

/// Simulation output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimulateFormat {
    /// A timeline for people.
    Human,
    /// One JSON object with status, output, error, cause, history and stats.
    Json,
}

/// Behaviour of a Task without a mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Unmocked {
    /// Stop with an error naming the state and the mock to add.
    Error,
    /// Return the task's input as its result.
    Passthrough,
}

/// `aslctl graph`
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The definition, or a CloudFormation/SAM/Serverless/CDK template (JSON or YAML; `-` for standard input).
    pub definition: String,
    /// Diagram language.
    #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Layout direction.
    #[arg(long, value_enum, default_value_t = Direction::TB)]
    pub direction: Direction,
    /// How Choice edges are labelled.
    #[arg(long, value_enum, default_value_t = ChoiceLabels::Rule)]
    pub choice_labels: ChoiceLabels,
    /// Label Catch edges with their error names.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub catch_labels: bool,
    /// Colour theme.
    #[arg(long, value_enum, default_value_t = Theme::Default)]
    pub theme: Theme,
    /// Longest label line before it is shortened.
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub label_max: usize,
    /// Overlay the path of a run written by `aslctl simulate --trace`.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Overlay test coverage written by `aslctl test --coverage-out`: what no case exercised is dimmed.
    #[arg(long, value_name = "FILE", conflicts_with = "trace")]
    pub coverage: Option<PathBuf>,
    /// Pick one state machine of a template (by logical id); needed when it has several.
    #[arg(long, value_name = "ID")]
    pub machine: Option<String>,
}

/// Diagram formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

/// Layout direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum Direction {
    /// Top to bottom.
    TB,
    /// Left to right.
    LR,
}

/// Choice edge labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChoiceLabels {
    /// A compact rendering of the rule.
    Rule,
    /// The rule's `Comment`, else the rule.
    Comment,
    /// No labels.
    None,
}

/// Diagram themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Theme {
    /// Coloured by state type.
    Default,
    /// Black and white.
    Plain,
}

/// `aslctl test`
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Suite files, or directories searched (honouring .gitignore) for *.asl.test.{yaml,yml,json}.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Fail (exit 1) when a state machine's coverage (states, transitions and retriers) is below PCT percent.
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub coverage_min: Option<f64>,
    /// Write the coverage file (JSON, schemas/coverage.schema.json) to FILE.
    #[arg(long, value_name = "FILE")]
    pub coverage_out: Option<PathBuf>,
    /// Run only the cases whose name contains NAME.
    #[arg(long, value_name = "NAME")]
    pub filter: Option<String>,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}` is not between 0 and 100"))
    }
}

/// `aslctl test` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// Pass/fail per case, diffs, coverage.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// `aslctl rules`
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule id or name; without it, all rules are listed.
    pub rule: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// `aslctl rules` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table, or one rule's documentation.
    Human,
    /// JSON.
    Json,
}
