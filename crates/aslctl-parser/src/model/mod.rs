//! The typed model of a state machine.
pub mod operator;
