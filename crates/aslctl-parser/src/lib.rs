//! Loading, spans, the typed model and expression parsers of the Amazon States Language.
#![forbid(unsafe_code)]

pub mod expr;
pub mod intrinsic_fn;
pub mod model;
pub use model::build;
pub mod diagnostic;
pub mod json;
pub mod load;
pub mod source;
pub mod yaml;
