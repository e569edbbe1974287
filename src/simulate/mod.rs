//! The `aslctl simulate` interpreter.

pub mod compare;
pub mod intrinsics;
pub mod path;

#[cfg(test)]
mod conformance_support;
