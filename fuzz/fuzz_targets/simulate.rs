//! Fuzz target: simulate an arbitrary definition with arbitrary mocks and input, then render
//! the run (human, JSON) and draw its trace over the diagram, as `simulate --trace` followed
//! by `graph --trace` does.
//!
//! Input: `definition NUL mocks NUL input`. No mocks part: unmocked tasks pass their input
//! through; no input part: `{}`. A low transition limit keeps each run short.
#![no_main]

use aslctl::cli::Unmocked;
use aslctl::definition;
use aslctl::graph::{self, GraphOptions, Trace};
use aslctl::simulate::mocks::MockSet;
use aslctl::simulate::{self, Options, render, setup};
use aslctl_fuzz::split;
use aslctl_parser::load::{LoadOptions, load};
use aslctl_parser::model;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(init: aslctl_fuzz::allow_engine_panics(), |data: &[u8]| {
    let parts = split(data, 3);
    let (def, mocks, input) = (parts[0], parts[1], parts[2]);
    let loaded = load("definition", def.to_vec(), LoadOptions::default());
    let (Some(doc), _, _) = loaded.into_document() else {
        return;
    };
    // The command's own path: plain definitions and templates alike.
    let Ok(opened) = definition::open("definition.json", def.to_vec(), None) else {
        return;
    };
    let Ok(program) = setup::program(&opened) else {
        return;
    };
    let (mut mock_set, unmocked) = if mocks.is_empty() {
        (MockSet::empty(), Unmocked::Passthrough)
    } else {
        let loaded = load("mocks", mocks.to_vec(), LoadOptions::default());
        let (Some(mdoc), msource, _) = loaded.into_document() else {
            return;
        };
        let Ok(file) = setup::mock_file(&msource, &mdoc.root) else {
            return;
        };
        match setup::select_mocks(&file, "mocks.json", None, None, &program) {
            Ok(set) => (set, Unmocked::Error),
            Err(_) => return,
        }
    };
    let input = if input.is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        match serde_json::from_slice(input) {
            Ok(v) => v,
            Err(_) => return,
        }
    };
    let opts = Options {
        max_transitions: 200,
        unmocked,
        ..Options::default()
    };
    let execution = simulate::simulate(&program, input.into(), &opts, &mut mock_set);
    let _ = render::human(&execution, &program, false);
    let mut out = Vec::new();
    let _ = execution.write_json(&mut out);
    let written: Result<Value, _> = serde_json::from_slice(&out);
    assert!(written.is_ok(), "--format json wrote invalid JSON");

    // The trace file round-trips into `graph --trace`.
    let trace_json = execution.trace.to_json(execution.status.as_str(), &program);
    let Ok(trace) = Trace::from_json(&trace_json.to_string()) else {
        panic!("graph cannot read the trace simulate wrote");
    };
    let (Some(machine), _) = model::build(&doc.root) else {
        return;
    };
    let _ = graph::render(&machine, &GraphOptions::default(), Some(&trace));
});
