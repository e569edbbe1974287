//! Integration tests, one binary.

mod common;
mod load;
mod schema;
