//! aslctl library.

pub mod simulate;
