//! Load + model build of the real-world corpus against `serde_json` parsing alone.
//!
//! `cargo bench --bench load` reads every definition of ../shared/corpus/realworld/defs into
//! memory, then times, in one process, `serde_json::from_str` of all of them and aslctl's
//! spanned load plus typed model build of all of them, alternately, and prints the medians and
//! their ratio.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use aslctl_parser::load::{LoadOptions, load};
use aslctl_parser::model::build;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/realworld/defs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("{} is absent; nothing to measure", dir.display());
        return;
    };
    let mut files: Vec<(String, String)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            (
                p.to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    // Only files serde_json accepts, so both sides do the same work.
    files.retain(|(_, t)| serde_json::from_str::<serde_json::Value>(t).is_ok());
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let rounds = 30;
    let (mut serde, mut ours) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        for (_, text) in &files {
            black_box(serde_json::from_str::<serde_json::Value>(text).unwrap());
        }
        serde.push(t.elapsed());
        let t = Instant::now();
        for (name, text) in &files {
            let loaded = load(name, text.clone().into_bytes(), LoadOptions::default());
            let root = loaded.root.expect("serde_json accepted it");
            black_box(build(&root).0.map(|m| m.root.states.len()));
        }
        ours.push(t.elapsed());
    }
    let (s, o) = (median(serde), median(ours));
    println!(
        "files: {} ({} KiB), rounds: {rounds}",
        files.len(),
        bytes / 1024
    );
    println!(
        "serde_json::from_str (Value)        median {:>8.2} ms",
        s.as_secs_f64() * 1e3
    );
    println!(
        "aslctl load + spans + typed model   median {:>8.2} ms",
        o.as_secs_f64() * 1e3
    );
    println!("ratio: {:.2}x", o.as_secs_f64() / s.as_secs_f64());
}
