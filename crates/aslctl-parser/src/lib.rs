//! Loading, spans, the typed model and expression parsers of the Amazon States Language.
#![forbid(unsafe_code)]

pub mod expr;
pub mod intrinsic_fn;
pub mod model;
