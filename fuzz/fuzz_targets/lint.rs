//! Fuzz target: the whole lint pipeline (load, model, schema, every rule with `--strict`) on
//! an arbitrary definition, then every report format.
#![no_main]

use aslctl::lint::{LintOptions, lint_document};
use aslctl::report;
use aslctl_fuzz::check_diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: aslctl_fuzz::allow_engine_panics(), |data: &[u8]| {
    let options = LintOptions {
        strict: true,
        ..LintOptions::default()
    };
    // No extension: the format is detected from the text, as for standard input.
    let file = lint_document("fuzz", data.to_vec(), &options);
    check_diagnostics(&file.diagnostics, file.source.text().len());
    let reports = [file];
    let _ = report::human::render_run(&reports, false);
    let _ = report::json::render_run(&reports);
    let _ = report::sarif::render_run(&reports);
    let _ = report::github::render_run(&reports);
});
