//! Micro-benchmarks of the hot paths, with divan: load and typed model, the schema pass and the
//! rules, JSONPath evaluation, intrinsic calls, simulation steps and graph emission.
//!
//! `cargo bench --bench micro` prints, per benchmark, the fastest, slowest, median and mean
//! time of its samples (and a throughput where one is counted); `cargo bench --bench micro --
//! jsonpath` runs the ones whose name matches. The lint and graph rows use the definition of
//! ../shared/corpus/realworld with the most states when it is present, else the bundled
//! order-processing example.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use aslctl::graph::{Format, GraphOptions, render};
use aslctl::lint::{LintOptions, lint_document, schema};
use aslctl::simulate::intrinsics::{Rng, call};
use aslctl::simulate::mocks::MockSet;
use aslctl::simulate::path::select;
use aslctl::simulate::value::Value as Doc;
use aslctl::simulate::{Options, compile, simulate};
use aslctl_parser::expr::parse_path;
use aslctl_parser::intrinsic_fn::IntrinsicFn;
use aslctl_parser::load::{LoadOptions, load};
use aslctl_parser::model::build;
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn main() {
    println!("lint and graph input: {}", LARGEST.0);
    divan::main();
}

/// The real-world definition with the most states (the corpus manifest's `states` column), or
/// the bundled example when the corpus is absent: its path and text.
static LARGEST: LazyLock<(String, String)> = LazyLock::new(|| {
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
});

fn largest_bytes() -> Vec<u8> {
    LARGEST.1.clone().into_bytes()
}

mod lint {
    use super::*;

    const TINY: &[u8] = br#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#;

    #[divan::bench]
    fn schema_one_state(bencher: Bencher) {
        let tiny = load("tiny.json", TINY.to_vec(), LoadOptions::default());
        let root = tiny.root.unwrap();
        bencher.bench_local(|| schema::validate(black_box(&root)));
    }

    #[divan::bench]
    fn load_with_spans(bencher: Bencher) {
        bencher
            .with_inputs(largest_bytes)
            .bench_local_values(|bytes| load(&LARGEST.0, bytes, LoadOptions::default()));
    }

    #[divan::bench]
    fn typed_model(bencher: Bencher) {
        let loaded = load(&LARGEST.0, largest_bytes(), LoadOptions::default());
        let root = loaded.root.unwrap();
        bencher.bench_local(|| build(black_box(&root)).0.is_some());
    }

    #[divan::bench]
    fn schema_pass(bencher: Bencher) {
        let loaded = load(&LARGEST.0, largest_bytes(), LoadOptions::default());
        let root = loaded.root.unwrap();
        bencher.bench_local(|| schema::validate(black_box(&root)));
    }

    #[divan::bench(args = [false, true])]
    fn whole_file(bencher: Bencher, strict: bool) {
        let opts = LintOptions {
            strict,
            ..LintOptions::default()
        };
        bencher
            .with_inputs(largest_bytes)
            .bench_local_values(|bytes| lint_document(&LARGEST.0, bytes, &opts));
    }
}

mod jsonpath {
    use super::*;

    fn document() -> Doc {
        Doc::from(json!({
            "order": {"id": "o-1", "lines": (0..100).map(|i| json!({"sku": format!("S{i}"), "qty": i % 7, "price": i * 3})).collect::<Vec<_>>()},
            "customer": {"tier": "gold"}
        }))
    }

    #[divan::bench(args = [
        "$.order.lines[42].sku",
        "$.order.lines[?(@.qty > 3)].price",
        "$.order.lines[10:20].length()",
    ])]
    fn select_path(bencher: Bencher, path: &str) {
        let doc = document();
        let ctx = Doc::from(json!({}));
        let path = parse_path(path).unwrap();
        bencher.bench_local(|| select(&path, black_box(&doc), &ctx, |_| None).unwrap());
    }
}

mod intrinsic {
    use super::*;

    fn bench_call(bencher: Bencher, f: IntrinsicFn, args: Vec<Value>) {
        let args: Vec<Doc> = args.into_iter().map(Doc::from).collect();
        let mut rng = Rng::new(42);
        bencher.bench_local(|| call(f, black_box(&args), &mut rng).unwrap());
    }

    #[divan::bench]
    fn format_two_args(bencher: Bencher) {
        bench_call(
            bencher,
            IntrinsicFn::Format,
            vec![json!("order-{}-{}"), json!(9999), json!("EUR")],
        );
    }

    #[divan::bench]
    fn hash_sha256_190_bytes(bencher: Bencher) {
        bench_call(
            bencher,
            IntrinsicFn::Hash,
            vec![json!("the quick brown fox".repeat(10)), json!("SHA-256")],
        );
    }

    #[divan::bench]
    fn json_merge_100_lines(bencher: Bencher) {
        let doc = json!({"order": {"lines": (0..100).map(|i| json!({"sku": i})).collect::<Vec<_>>()},
                         "customer": {"tier": "gold"}});
        bench_call(
            bencher,
            IntrinsicFn::JsonMerge,
            vec![doc, json!({"customer": {"tier": "silver"}}), json!(false)],
        );
    }

    #[divan::bench]
    fn string_to_json_300_bytes(bencher: Bencher) {
        let text = json!({"customer": {"id": "C-1", "tier": "gold", "regions": ["eu", "us"]},
                          "order": {"lines": (0..5).map(|i| json!({"sku": format!("S{i}"), "qty": i})).collect::<Vec<_>>(),
                                    "currency": "EUR"}})
        .to_string();
        bench_call(bencher, IntrinsicFn::StringToJson, vec![json!(text)]);
    }
}

mod simulate_steps {
    use super::*;

    /// A Pass state with `States.MathAdd` and a Choice, `n` times round: 2n + 2 transitions.
    fn counter_loop(n: u64) -> Value {
        json!({"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Parameters": {"i": 0}, "Next": "Increment"},
            "Increment": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": n, "Next": "Increment"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"}}})
    }

    /// 1,000 rounds of the loop (2,002 transitions), with and without the history; the
    /// throughput is in state transitions.
    #[divan::bench(args = [true, false])]
    fn loop_2002_transitions(bencher: Bencher, history: bool) {
        let text = counter_loop(1000).to_string();
        let loaded = load("loop.json", text.into_bytes(), LoadOptions::default());
        let root = loaded.root.unwrap();
        let (machine, _) = build(&root);
        let program = compile(&machine.unwrap()).unwrap();
        let opts = Options {
            record_history: history,
            max_transitions: 10_000,
            ..Options::default()
        };
        bencher.counter(ItemsCount::new(2002usize)).bench_local(|| {
            let ex = simulate(&program, Doc::object(), &opts, &mut MockSet::empty());
            assert_eq!(ex.transitions, 2002);
            ex
        });
    }
}

mod graph {
    use super::*;

    #[divan::bench(args = [Format::Dot, Format::Mermaid])]
    fn emit(bencher: Bencher, format: Format) {
        let loaded = load(&LARGEST.0, largest_bytes(), LoadOptions::default());
        let root = loaded.root.unwrap();
        let (Some(machine), _) = build(&root) else {
            return;
        };
        let opts = GraphOptions {
            format,
            ..GraphOptions::default()
        };
        bencher.bench_local(|| render(&machine, &opts, None).text.len());
    }
}
