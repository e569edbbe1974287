//! aslctl library.
