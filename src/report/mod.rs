//! Renderers: turn diagnostics into text for people and machines, one file per format.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod schema_error;
