//! Integration tests.

mod graph;
mod schema;
