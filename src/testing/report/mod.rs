//! Renderers of a [`TestRun`](super::TestRun): one file per format.

pub mod human;
pub mod json;
pub mod junit;

/// Pretty JSON of a value for diffs and messages (never fails on a `Value`).
pub(crate) fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}
