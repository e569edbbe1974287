//! Micro-benchmarks of the hot paths: lint phases, JSONPath, an intrinsic call, graph emission.
//!
//! `cargo bench --bench micro` prints the median of N timed runs of each (std::time only).
//! The lint rows use the definition of ../shared/corpus/realworld with the most states when
//! it is present, else the bundled order-processing example. The first row is the first schema
//! validation in a process (the schema itself is compiled into the binary at build time).
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use aslctl::graph::{GraphOptions, render};
use aslctl::lint::{LintOptions, lint_document, schema};
use aslctl::simulate::intrinsics::{Rng, call};
use aslctl::simulate::path::select;
use aslctl::simulate::value::Value as Doc;
use aslctl_parser::expr::parse_path;
use aslctl_parser::intrinsic_fn::IntrinsicFn;
use aslctl_parser::load::{LoadOptions, load};
use aslctl_parser::model::build;
use serde_json::{Value, json};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Median of `n` timings of `f`.
fn median_of(n: usize, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn row(name: &str, d: Duration) {
    println!("{name:<48} {:>12.1} µs", d.as_secs_f64() * 1e6);
}

/// The real-world definition with the most states (the corpus manifest's `states` column), or
/// the bundled example when the corpus is absent.
fn largest_definition() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/realworld");
    let mut best: Option<(u64, PathBuf)> = None;
    if let Ok(manifest) = std::fs::read_to_string(corpus.join("manifest.tsv")) {
        let mut lines = manifest.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = header.iter().position(|h| *h == "states");
        for line in lines {
            let cells: Vec<&str> = line.split('\t').collect();
            let states = col.and_then(|c| cells.get(c)?.parse::<u64>().ok());
            if let (Some(n), Some(file)) = (states, cells.first())
                && best.as_ref().is_none_or(|(m, _)| n > *m)
            {
                best = Some((n, corpus.join("defs").join(file)));
            }
        }
    }
    let path = best.map_or_else(
        || root.join("fixtures/examples/order-processing.asl.json"),
        |(_, p)| p,
    );
    let text = std::fs::read_to_string(&path).unwrap();
    (path.to_string_lossy().into_owned(), text)
}

fn main() {
    // The first validation in a process, cold.
    let tiny = load(
        "tiny.json",
        br#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#.to_vec(),
        LoadOptions::default(),
    );
    let tiny_root = tiny.root.unwrap();
    let t = Instant::now();
    black_box(schema::validate(&tiny_root));
    row("schema: first validation (once, cold)", t.elapsed());
    row(
        "schema: validate a 1-state definition",
        median_of(200, || {
            black_box(schema::validate(&tiny_root));
        }),
    );

    let (name, text) = largest_definition();
    println!("lint input: {name} ({} KiB)", text.len() / 1024);
    let n = 50;
    let loaded = load(&name, text.clone().into_bytes(), LoadOptions::default());
    let root = loaded.root.unwrap();
    row(
        "lint: load (parse with spans)",
        median_of(n, || {
            black_box(load(
                &name,
                text.clone().into_bytes(),
                LoadOptions::default(),
            ));
        }),
    );
    row(
        "lint: typed model build",
        median_of(n, || {
            black_box(build(&root).0.is_some());
        }),
    );
    row(
        "lint: schema pass",
        median_of(n, || {
            black_box(schema::validate(&root));
        }),
    );
    let opts = LintOptions::default();
    row(
        "lint: whole file (load, model, schema, rules)",
        median_of(n, || {
            black_box(lint_document(&name, text.clone().into_bytes(), &opts));
        }),
    );
    let strict = LintOptions {
        strict: true,
        ..LintOptions::default()
    };
    row(
        "lint: whole file, --strict",
        median_of(n, || {
            black_box(lint_document(&name, text.clone().into_bytes(), &strict));
        }),
    );

    // JSONPath: a definite path, a filter, and a slice with a function.
    let doc: Value = json!({
        "order": {"id": "o-1", "lines": (0..100).map(|i| json!({"sku": format!("S{i}"), "qty": i % 7, "price": i * 3})).collect::<Vec<_>>()},
        "customer": {"tier": "gold"}
    });
    let ctx = Doc::from(json!({}));
    let sim_doc = Doc::from(&doc);
    for (label, p) in [
        ("jsonpath: $.order.lines[42].sku", "$.order.lines[42].sku"),
        (
            "jsonpath: $.order.lines[?(@.qty > 3)].price",
            "$.order.lines[?(@.qty > 3)].price",
        ),
        (
            "jsonpath: $.order.lines[10:20].length()",
            "$.order.lines[10:20].length()",
        ),
    ] {
        let path = parse_path(p).unwrap();
        row(
            label,
            median_of(2000, || {
                black_box(select(&path, &sim_doc, &ctx, |_| None).unwrap());
            }),
        );
    }

    // Intrinsics: the ones workload d leans on.
    let mut rng = Rng::new(42);
    let fmt_args = [json!("order-{}-{}"), json!(9999), json!("EUR")].map(Doc::from);
    row(
        "intrinsic: States.Format (2 args)",
        median_of(2000, || {
            black_box(call(IntrinsicFn::Format, &fmt_args, &mut rng).unwrap());
        }),
    );
    let hash_args = [json!("the quick brown fox".repeat(10)), json!("SHA-256")].map(Doc::from);
    row(
        "intrinsic: States.Hash SHA-256 (190 bytes)",
        median_of(2000, || {
            black_box(call(IntrinsicFn::Hash, &hash_args, &mut rng).unwrap());
        }),
    );
    let merge_args = [
        doc.clone(),
        json!({"customer": {"tier": "silver"}}),
        json!(false),
    ]
    .map(Doc::from);
    row(
        "intrinsic: States.JsonMerge (100-line doc)",
        median_of(2000, || {
            black_box(call(IntrinsicFn::JsonMerge, &merge_args, &mut rng).unwrap());
        }),
    );

    // Graph emission on the same large definition.
    if let (Some(machine), _) = build(&root) {
        let dot = GraphOptions::default();
        row(
            "graph: DOT of the lint input",
            median_of(n, || {
                black_box(render(&machine, &dot, None).text.len());
            }),
        );
        let mermaid = GraphOptions {
            format: aslctl::graph::Format::Mermaid,
            ..GraphOptions::default()
        };
        row(
            "graph: Mermaid of the lint input",
            median_of(n, || {
                black_box(render(&machine, &mermaid, None).text.len());
            }),
        );
    }
}
