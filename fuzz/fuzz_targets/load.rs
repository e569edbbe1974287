//! Fuzz target: the spanned JSON and YAML loaders, both run on the same bytes.
//!
//! Invariants: no panic; every node, key and diagnostic span lies inside the text; whatever
//! `serde_json` accepts, the JSON loader accepts with the same value.
#![no_main]

use aslctl_fuzz::{check_diagnostics, check_tree};
use aslctl_parser::load::{Format, LoadOptions, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Json, Format::JsonWithComments, Format::Yaml] {
        let opts = LoadOptions {
            format: Some(format),
            ..LoadOptions::default()
        };
        let loaded = load("fuzz", data.to_vec(), opts);
        let len = loaded.source.text().len();
        check_diagnostics(&loaded.diagnostics, len);
        if let Some(root) = &loaded.root {
            check_tree(root, loaded.source.text());
            for d in &loaded.diagnostics {
                if let Some(span) = d.primary_span() {
                    let _ = loaded.source.line_col(span.start);
                }
            }
        }
        if format == Format::Json
            && let Ok(expected) = serde_json::from_slice::<serde_json::Value>(data)
        {
            let Some(root) = &loaded.root else {
                panic!(
                    "serde_json accepts the text but the loader does not: {:?}",
                    loaded.diagnostics.first().map(|d| &d.message)
                );
            };
            let got = root.to_value();
            assert!(
                aslctl_fuzz::same_json(&got, &expected),
                "the loader and serde_json disagree: {got} vs {expected}"
            );
        }
    }
});
