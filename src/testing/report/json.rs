//! `--format json`: one document with every suite, case, mismatch, the coverage file's content
//! and the totals.

use serde_json::{Map, Value, json};

use crate::testing::TestRun;
use crate::testing::expect::Mismatch;
use crate::testing::run::{CaseResult, CaseStatus};

/// The JSON document.
#[must_use]
pub fn render(run: &TestRun, coverage_min: Option<f64>) -> Value {
    let suites: Vec<Value> = run
        .suites
        .iter()
        .map(|s| {
            json!({"file": s.file, "definition": s.definition, "errors": s.errors,
                   "cases": s.cases.iter().map(case).collect::<Vec<_>>()})
        })
        .collect();
    let t = run.totals();
    let below: Vec<&str> = coverage_min
        .map(|min| {
            run.below(min)
                .into_iter()
                .map(|m| m.definition.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut coverage = run.coverage.to_json();
    if let (Value::Object(m), Some(min)) = (&mut coverage, coverage_min) {
        m.insert("minimum".into(), json!(min));
        m.insert("below_minimum".into(), json!(below));
    }
    json!({
        "version": 1,
        "suites": suites,
        "coverage": coverage,
        "totals": {"passed": t.passed, "failed": t.failed, "errors": t.errors,
                   "broken_suites": t.broken_suites, "cases": t.cases()},
    })
}

fn case(c: &CaseResult) -> Value {
    let status = match c.status {
        CaseStatus::Passed => "passed",
        CaseStatus::Failed => "failed",
        CaseStatus::Error => "error",
    };
    json!({
        "name": c.name,
        "location": c.location,
        "result": status,
        "execution_status": c.execution.map(|s| s.as_str()),
        "transitions": c.transitions,
        "error": c.error,
        "mismatches": c.mismatches.iter().map(mismatch).collect::<Vec<_>>(),
    })
}

fn mismatch(m: &Mismatch) -> Value {
    let mut o = Map::new();
    o.insert("expectation".into(), m.kind.as_str().into());
    if let Some(s) = &m.subject {
        o.insert("subject".into(), s.clone().into());
    }
    o.insert("message".into(), m.message.clone().into());
    if let Some(e) = &m.expected {
        o.insert("expected".into(), e.clone());
    }
    if let Some(a) = &m.actual {
        o.insert("actual".into(), a.clone());
    }
    if !m.details.is_empty() {
        o.insert("details".into(), m.details.clone().into());
    }
    Value::Object(o)
}
