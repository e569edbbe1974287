//! The `aslctl simulate` interpreter.

pub mod path;
