//! Running suites: each case once through the simulator, its expectations checked and its
//! trace added to the coverage of its state machine.

use std::path::PathBuf;

use super::coverage::{Coverage, MachineCoverage};
use super::expect::{self, Mismatch, Observed};
use super::suite::{Case, Suite, load_suite};
use crate::simulate::mocks::MockSet;
use crate::simulate::{Status, setup, simulate};

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Every expectation held.
    Passed,
    /// Some expectation did not hold.
    Failed,
    /// The case could not run (bad mocks, unknown test case).
    Error,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Its name.
    pub name: String,
    /// `file:line:column` of the case.
    pub location: String,
    /// How it ended.
    pub status: CaseStatus,
    /// The expectations that did not hold.
    pub mismatches: Vec<Mismatch>,
    /// Why it could not run.
    pub error: Option<String>,
    /// The execution's status, when it ran.
    pub execution: Option<Status>,
    /// Transitions made.
    pub transitions: u64,
    /// Whether a limit of aslctl (`--max-transitions`, Map items, nesting, JSONata budget)
    /// stopped the execution of a case that did not pass.
    pub limit: bool,
}

/// The outcome of one suite file.
#[derive(Debug, Clone)]
pub struct SuiteResult {
    /// The suite file.
    pub file: String,
    /// The definition, once loaded.
    pub definition: Option<String>,
    /// Problems that kept the suite from running, located.
    pub errors: Vec<String>,
    /// Its cases (those the filter kept).
    pub cases: Vec<CaseResult>,
}

/// Everything `aslctl test` ran.
#[derive(Debug, Clone, Default)]
pub struct TestRun {
    /// Per suite file, in the order given.
    pub suites: Vec<SuiteResult>,
    /// Coverage per state machine.
    pub coverage: Coverage,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Cases that could not run.
    pub errors: usize,
    /// Suites that could not load.
    pub broken_suites: usize,
    /// Cases that did not pass because a limit of aslctl stopped their execution.
    pub limited: usize,
}

impl Totals {
    /// Cases run or attempted.
    #[must_use]
    pub fn cases(self) -> usize {
        self.passed + self.failed + self.errors
    }
}

impl TestRun {
    /// The state machines whose overall coverage is below `min` percent.
    #[must_use]
    pub fn below(&self, min: f64) -> Vec<&MachineCoverage> {
        self.coverage
            .machines
            .iter()
            .filter(|m| m.overall().percent() < min)
            .collect()
    }

    /// Counts cases by outcome.
    #[must_use]
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for s in &self.suites {
            t.broken_suites += usize::from(!s.errors.is_empty());
            for c in &s.cases {
                t.limited += usize::from(c.limit);
                match c.status {
                    CaseStatus::Passed => t.passed += 1,
                    CaseStatus::Failed => t.failed += 1,
                    CaseStatus::Error => t.errors += 1,
                }
            }
        }
        t
    }
}

/// Loads and runs suite files; `filter` keeps the cases whose name contains it.
#[must_use]
pub fn run_files(files: &[PathBuf], filter: Option<&str>) -> TestRun {
    let mut run = TestRun::default();
    for path in files {
        let result = match load_suite(path) {
            Ok(suite) => run_suite(&suite, filter, &mut run.coverage),
            Err(errors) => SuiteResult {
                file: path.to_string_lossy().into_owned(),
                definition: None,
                errors: errors.into_iter().map(|e| e.0).collect(),
                cases: Vec::new(),
            },
        };
        run.suites.push(result);
    }
    run
}

/// Runs a loaded suite's cases.
pub fn run_suite(suite: &Suite, filter: Option<&str>, coverage: &mut Coverage) -> SuiteResult {
    let mut cases = Vec::new();
    for case in &suite.cases {
        if filter.is_some_and(|f| !case.name.contains(f)) {
            continue;
        }
        cases.push(run_case(suite, case, coverage));
    }
    SuiteResult {
        file: suite.file.clone(),
        definition: Some(suite.definition.clone()),
        errors: Vec::new(),
        cases,
    }
}

fn run_case(suite: &Suite, case: &Case, coverage: &mut Coverage) -> CaseResult {
    let mut result = CaseResult {
        name: case.name.clone(),
        location: case.location.clone(),
        status: CaseStatus::Error,
        mismatches: Vec::new(),
        error: None,
        execution: None,
        transitions: 0,
        limit: false,
    };
    let mocks = match (&case.mocks, &case.test_case) {
        (Some(m), _) => setup::select_mocks(
            &m.file,
            &m.name,
            case.state_machine.as_deref(),
            case.test_case.as_deref(),
            &suite.program,
        ),
        (None, Some(tc)) => Err(format!(
            "{}: test case `{tc}` is named but there are no mocks",
            case.location
        )),
        (None, None) => Ok(MockSet::empty()),
    };
    let mut mocks = match mocks {
        Ok(m) => m,
        Err(e) => {
            result.error = Some(e);
            return result;
        }
    };
    let execution = simulate(
        &suite.program,
        crate::simulate::value::Value::from(&case.input),
        &case.options,
        &mut mocks,
    );
    coverage
        .machine(&suite.definition, &suite.program)
        .record(&execution.trace);
    let observed = Observed {
        execution: &execution,
        mocks: &mocks,
    };
    result.mismatches = expect::check(&case.expect, &observed);
    result.status = if result.mismatches.is_empty() {
        CaseStatus::Passed
    } else {
        CaseStatus::Failed
    };
    result.limit = result.status != CaseStatus::Passed
        && execution
            .abort
            .as_ref()
            .is_some_and(crate::simulate::error::Abort::is_limit);
    result.execution = Some(execution.status);
    result.transitions = execution.transitions;
    result
}
