//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<rel>` beside the project, if present.
///
/// On a plain clone the shared corpora are absent and the corpus gates are skipped with a note;
/// CI sets `ASLCTL_REQUIRE_SHARED=1` so that a missing folder fails instead.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let dir = root().join("..").join("shared").join(rel);
    if dir.exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("ASLCTL_REQUIRE_SHARED").map_or(true, |v| v != "1"),
        "ASLCTL_REQUIRE_SHARED=1 but {} is missing",
        dir.display()
    );
    eprintln!(
        "note: {} is absent; skipping this corpus test",
        dir.display()
    );
    None
}

/// Files directly in `dir`, sorted.
pub fn files_in(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// `aslctl simulate` of the bundled example's happy path, run from `fixtures/examples`.
pub const SIMULATE_EXAMPLE: [&str; 8] = [
    "simulate",
    "order-processing.asl.json",
    "--input",
    "order-processing.input.json",
    "--mock",
    "order-processing.mocks.json",
    "--test-case",
    "HappyPath",
];
