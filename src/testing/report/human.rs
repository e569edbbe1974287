//! The report for people: one line per case, what differs under each failure (a line diff of
//! expected and actual JSON, or the differing pointers of a subset match), then coverage.

use std::fmt::Write as _;

use colored::Colorize;
use serde_json::Value;

use super::pretty;
use crate::testing::TestRun;
use crate::testing::coverage::{Category, MachineCoverage};
use crate::testing::expect::Mismatch;
use crate::testing::run::CaseStatus;

/// Longest diff shown, in lines.
const MAX_DIFF_LINES: usize = 80;

struct Paint {
    color: bool,
}

impl Paint {
    fn with(&self, s: &str, f: fn(&str) -> colored::ColoredString) -> String {
        if self.color {
            f(s).to_string()
        } else {
            s.to_owned()
        }
    }
}

/// Renders the run; `coverage_min` adds the verdict of `--coverage-min`.
#[must_use]
pub fn render(run: &TestRun, coverage_min: Option<f64>, color: bool) -> String {
    let p = Paint { color };
    let mut out = String::new();
    for suite in &run.suites {
        if suite.cases.is_empty() && suite.errors.is_empty() {
            continue;
        }
        let _ = write!(out, "{}", p.with(&suite.file, |s| s.bold()));
        if let Some(d) = &suite.definition {
            let _ = write!(out, " ({d})");
        }
        out.push('\n');
        for e in &suite.errors {
            let _ = writeln!(
                out,
                "  {} {}",
                p.with("error:", |s| s.red().bold()),
                indent(e, 4)
            );
        }
        for case in &suite.cases {
            match case.status {
                CaseStatus::Passed => {
                    let _ = writeln!(out, "  {} {}", p.with("✓", |s| s.green()), case.name);
                }
                CaseStatus::Failed => {
                    let _ = writeln!(
                        out,
                        "  {} {}  {}",
                        p.with("✗", |s| s.red().bold()),
                        p.with(&case.name, |s| s.bold()),
                        p.with(&case.location, |s| s.dimmed())
                    );
                    for m in &case.mismatches {
                        mismatch(&mut out, m, &p);
                    }
                }
                CaseStatus::Error => {
                    let _ = writeln!(
                        out,
                        "  {} {}  {}",
                        p.with("!", |s| s.red().bold()),
                        p.with(&case.name, |s| s.bold()),
                        p.with(&case.location, |s| s.dimmed())
                    );
                    if let Some(e) = &case.error {
                        let _ = writeln!(
                            out,
                            "      {} {}",
                            p.with("error:", |s| s.red()),
                            indent(e, 6)
                        );
                    }
                }
            }
        }
        out.push('\n');
    }
    if !run.coverage.machines.is_empty() {
        let _ = writeln!(out, "{}", p.with("Coverage", |s| s.bold()));
        for m in &run.coverage.machines {
            coverage(&mut out, m, coverage_min, &p);
        }
        out.push('\n');
    }
    let t = run.totals();
    let mut parts = vec![format!("{} passed", t.passed)];
    if t.failed > 0 {
        parts.push(p.with(&format!("{} failed", t.failed), |s| s.red().bold()));
    }
    if t.errors > 0 {
        parts.push(p.with(&format!("{} could not run", t.errors), |s| s.red().bold()));
    }
    if t.broken_suites > 0 {
        parts.push(p.with(
            &format!("{} suite(s) could not load", t.broken_suites),
            |s| s.red().bold(),
        ));
    }
    let _ = writeln!(
        out,
        "{} ({} case(s) in {} suite(s))",
        parts.join(", "),
        t.cases(),
        run.suites.len()
    );
    out
}

fn indent(text: &str, n: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(n)))
}

fn mismatch(out: &mut String, m: &Mismatch, p: &Paint) {
    let subject = m
        .subject
        .as_ref()
        .map_or_else(String::new, |s| format!(" [{s}]"));
    let _ = writeln!(
        out,
        "      {}{subject}: {}",
        p.with(m.kind.as_str(), |s| s.yellow()),
        m.message
    );
    for d in &m.details {
        let _ = writeln!(out, "        {d}");
    }
    if m.details.is_empty()
        && let (Some(want), Some(got)) = (&m.expected, &m.actual)
        && (is_container(want) || is_container(got))
    {
        diff(out, &pretty(want), &pretty(got), p);
    }
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Object(_) | Value::Array(_))
}

/// A unified line diff of expected (`-`) and actual (`+`).
fn diff(out: &mut String, want: &str, got: &str, p: &Paint) {
    let d = similar::TextDiff::from_lines(want, got);
    let _ = writeln!(out, "        {}", p.with("--- expected", |s| s.red()));
    let _ = writeln!(out, "        {}", p.with("+++ actual", |s| s.green()));
    let mut lines = 0;
    for group in d.grouped_ops(3) {
        for op in group {
            for change in d.iter_changes(&op) {
                if lines == MAX_DIFF_LINES {
                    let _ = writeln!(out, "        …");
                    return;
                }
                lines += 1;
                let text = change.value().trim_end_matches('\n');
                let line = match change.tag() {
                    similar::ChangeTag::Delete => p.with(&format!("-{text}"), |s| s.red()),
                    similar::ChangeTag::Insert => p.with(&format!("+{text}"), |s| s.green()),
                    similar::ChangeTag::Equal => format!(" {text}"),
                };
                let _ = writeln!(out, "        {line}");
            }
        }
    }
}

fn coverage(out: &mut String, m: &MachineCoverage, min: Option<f64>, p: &Paint) {
    let all = m.overall();
    let r = |c| {
        let r = m.ratio(c);
        format!("{}/{}", r.covered, r.total)
    };
    let pct = format!("{:.1}%", all.percent());
    let below = min.is_some_and(|min| all.percent() < min);
    let pct = if below {
        p.with(&pct, |s| s.red().bold())
    } else if all.covered == all.total {
        p.with(&pct, |s| s.green())
    } else {
        p.with(&pct, |s| s.yellow())
    };
    let _ = writeln!(
        out,
        "  {}: {pct} ({}/{}): states {}, transitions {}, retriers {}; {} case(s)",
        m.definition,
        all.covered,
        all.total,
        r(Category::State),
        r(Category::Transition),
        r(Category::Retrier),
        m.cases()
    );
    if let (true, Some(min)) = (below, min) {
        let _ = writeln!(
            out,
            "    {}",
            p.with(&format!("below --coverage-min {min}%"), |s| s.red().bold())
        );
    }
    let uncovered: Vec<_> = m.uncovered().collect();
    if !uncovered.is_empty() {
        let _ = writeln!(out, "    never taken:");
        for item in uncovered {
            let _ = writeln!(
                out,
                "      {}  {}",
                m.describe(item),
                p.with(&m.item_pointer(item), |s| s.dimmed())
            );
        }
    }
}
