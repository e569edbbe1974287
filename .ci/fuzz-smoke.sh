#!/usr/bin/env bash
# Fuzz smoke test: builds the cargo-fuzz targets once and runs each for 60 s from the seed
# corpora, two at a time (one per core). Any crash, timeout or out-of-memory fails the step.
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer, sanitizer coverage); the stable
# toolchain accepts them with RUSTC_BOOTSTRAP=1, set here for these builds only. The targets
# are built without a sanitizer: the code under test is safe Rust, and a panic, stack overflow,
# hang or memory blow-up is caught by libFuzzer itself.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${FUZZ_SECS:-60}
TARGETS=(load model expr jsonata lint simulate graph)
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
cargo fuzz --version

start=$(date +%s)
cargo fuzz build --sanitizer none
echo "fuzz build: $(( $(date +%s) - start )) s"

bash fuzz/seed.sh >/dev/null
bin=fuzz/target/x86_64-unknown-linux-gnu/release
logs=$(mktemp -d)
failed=()

run() { # run TARGET: fuzz it for SECS seconds, log in $logs/TARGET.log
  local t=$1
  mkdir -p "fuzz/artifacts/$t"
  "$bin/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" -dict=fuzz/asl.dict \
    -max_total_time="$SECS" -max_len=131072 -rss_limit_mb=2048 -timeout=10 \
    >"$logs/$t.log" 2>&1
}

i=0
while [ $i -lt ${#TARGETS[@]} ]; do
  pair=("${TARGETS[@]:$i:2}")
  pids=()
  for t in "${pair[@]}"; do
    run "$t" &
    pids+=($!)
  done
  for k in "${!pair[@]}"; do
    t=${pair[$k]}
    if wait "${pids[$k]}"; then
      echo "fuzz $t: $(grep -E '^Done [0-9]+ runs' "$logs/$t.log" || echo 'done')"
    else
      echo "fuzz $t: FAILED" >&2
      grep -E -A30 'panicked|ERROR: libFuzzer|deadly signal|timeout|out-of-memory' "$logs/$t.log" | head -60 >&2
      grep -E 'Test unit written' "$logs/$t.log" >&2 || true
      failed+=("$t")
    fi
  done
  i=$((i + 2))
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz smoke failed: ${failed[*]} (reproduce: cargo fuzz run --sanitizer none TARGET ARTIFACT)" >&2
  exit 1
fi
echo "fuzz smoke: ${#TARGETS[@]} targets, ${SECS} s each, no findings"
