//! Integration tests.

mod schema;
