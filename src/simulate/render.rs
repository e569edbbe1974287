//! The human rendering of a run: a timeline of the path taken with virtual timestamps, task
//! failures, retries and caught errors, Map and Parallel summaries, then the final output or
//! error.

use std::fmt::Write as _;

use colored::Colorize;

use super::compile::Program;
use super::history::HistoryEvent;
use super::{Execution, Status};

/// Longest cause or payload shown on one line.
const SHORT: usize = 100;

fn short(s: &str) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() > SHORT {
        let cut: String = one_line.chars().take(SHORT).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// `+1h02m03.5s` style offset from the start.
#[must_use]
pub fn offset(ms: u64) -> String {
    let (s, ms) = (ms / 1000, ms % 1000);
    let (d, s) = (s / 86_400, s % 86_400);
    let (h, s) = (s / 3600, s % 3600);
    let (m, s) = (s / 60, s % 60);
    let frac = if ms == 0 {
        String::new()
    } else {
        format!(".{ms:03}")
    };
    match (d, h, m) {
        (0, 0, 0) => format!("+{s}{frac}s"),
        (0, 0, _) => format!("+{m}m{s:02}{frac}s"),
        (0, _, _) => format!("+{h}h{m:02}m{s:02}s"),
        _ => format!("+{d}d{h:02}h{m:02}m"),
    }
}

/// Renders a run for people. Colour is applied only when `color` is set.
#[must_use]
pub fn human(ex: &Execution, _program: &Program, color: bool) -> String {
    let paint = |s: String, f: fn(String) -> colored::ColoredString| -> String {
        if color { f(s).to_string() } else { s }
    };
    let mut out = String::new();
    let mut depth = 0usize;
    let mut last_failed_state: Option<String> = None;
    let mut current: Vec<String> = Vec::new();
    for rec in &ex.history {
        let time = format!("{:>12}", offset(rec.elapsed_ms));
        let indent = "  ".repeat(depth);
        let line = match &rec.event {
            HistoryEvent::ExecutionStarted { input, .. } => {
                format!("execution started, input {}", short(&input.text()))
            }
            HistoryEvent::StateEntered { ty, name, .. } => {
                current.push(name.to_string());
                let ty = format!("{ty:?}");
                format!(
                    "{indent}{} {:<8} {}",
                    paint("▸".into(), |s| s.cyan()),
                    ty,
                    paint(name.to_string(), |s| s.bold())
                )
            }
            HistoryEvent::TaskScheduled { .. } => {
                let retry =
                    last_failed_state.is_some() && current.last() == last_failed_state.as_ref();
                last_failed_state = None;
                if !retry {
                    continue;
                }
                format!("{indent}  {} retry", paint("↻".into(), |s| s.yellow()))
            }
            HistoryEvent::TaskFailed { error, cause, .. }
            | HistoryEvent::TaskTimedOut { error, cause, .. } => {
                last_failed_state = current.last().cloned();
                let cause = if cause.is_empty() {
                    String::new()
                } else {
                    format!(": {}", short(cause))
                };
                format!(
                    "{indent}  {} {error}{cause}",
                    paint("✗".into(), |s| s.red())
                )
            }
            HistoryEvent::MapStateStarted { length } => {
                format!(
                    "{indent}  map over {length} item{}",
                    if *length == 1 { "" } else { "s" }
                )
            }
            HistoryEvent::MapIterationStarted { index, .. } => {
                let l = format!("{indent}  [{index}]");
                depth += 1;
                l
            }
            HistoryEvent::MapIterationSucceeded { .. } => {
                depth = depth.saturating_sub(1);
                continue;
            }
            HistoryEvent::MapIterationFailed { index, .. } => {
                depth = depth.saturating_sub(1);
                format!(
                    "{}  [{index}] {}",
                    "  ".repeat(depth),
                    paint("failed".into(), |s| s.red())
                )
            }
            HistoryEvent::MapRunStarted { .. } => format!("{indent}  distributed map run started"),
            HistoryEvent::MapRunFailed { error, .. } => {
                format!(
                    "{indent}  {} map run failed: {error}",
                    paint("✗".into(), |s| s.red())
                )
            }
            HistoryEvent::ParallelStateStarted => format!("{indent}  parallel branches"),
            HistoryEvent::StateExited { name, .. } => {
                if last_failed_state.as_deref() == Some(&**name) {
                    last_failed_state = None;
                    current.pop();
                    format!("{indent}  {} caught", paint("↪".into(), |s| s.yellow()))
                } else {
                    current.pop();
                    continue;
                }
            }
            HistoryEvent::ExecutionSucceeded { .. }
            | HistoryEvent::ExecutionFailed { .. }
            | HistoryEvent::ExecutionAborted { .. } => continue,
            _ => continue,
        };
        let _ = writeln!(out, "{} {line}", paint(time, |s| s.dimmed()));
    }
    let status = match ex.status {
        Status::Succeeded => paint("SUCCEEDED".into(), |s| s.green().bold()),
        Status::Failed => paint("FAILED".into(), |s| s.red().bold()),
        Status::Aborted => paint("ABORTED".into(), |s| s.red().bold()),
    };
    // A blank line parts the timeline from the outcome (there is none without a history).
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{status} after {} transition{}, virtual time {}",
        ex.transitions,
        if ex.transitions == 1 { "" } else { "s" },
        offset(ex.clock.elapsed_ms()).trim_start_matches('+')
    );
    match ex.status {
        Status::Succeeded => {
            let text = ex
                .output
                .as_ref()
                .and_then(|o| serde_json::to_string_pretty(o).ok())
                .unwrap_or_default();
            let _ = writeln!(out, "output:\n{text}");
        }
        Status::Failed | Status::Aborted => {
            let _ = writeln!(out, "error: {}", ex.error.as_deref().unwrap_or("(none)"));
            if let Some(cause) = &ex.cause {
                let _ = writeln!(out, "cause: {cause}");
            }
        }
    }
    out
}
