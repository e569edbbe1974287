//! `aslctl test`: workflow test suites with expectations, run offline through the simulator,
//! with coverage of states, transitions and retriers.
//!
//! [`suite`] loads a suite file, [`run`] runs its cases once each, [`expect`] checks them,
//! [`coverage`] aggregates their traces per state machine, and [`report`] renders the result.

pub mod coverage;
pub mod expect;
pub mod report;
pub mod run;
pub mod suite;

pub use run::{TestRun, run_files};
pub use suite::{is_suite_file, load_suite};
