//! The simulator: pure value-level semantics (intrinsic functions, Choice data tests).

pub mod compare;
pub mod intrinsics;

#[cfg(test)]
mod conformance_support;
