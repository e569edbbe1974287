#!/usr/bin/env bash
# A long fuzzing campaign: runs the cargo-fuzz targets one after another, SECS seconds each,
# ROUNDS times over, at the lowest CPU priority (so builds and tests on the same machine keep
# their speed), and appends one line per run to fuzz/hours.tsv: when, on which commit, the CPU
# seconds and executions, and whether it found anything. The ledger is committed, so the fuzzing
# done on the code adds up across machines and days.
#
# Usage: fuzz/campaign.sh                       # every target once, 600 s each
#        SECS=1800 ROUNDS=2 TARGETS="lint simulate" fuzz/campaign.sh
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); builds the targets if they are missing.
# A finding stops the campaign with exit 1; the input is in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${SECS:-600}
ROUNDS=${ROUNDS:-1}
read -r -a TARGETS <<< "${TARGETS:-load model expr jsonata lint simulate graph}"
export RUSTC_BOOTSTRAP=1
bin=fuzz/target/x86_64-unknown-linux-gnu/release
ledger=fuzz/hours.tsv

for t in "${TARGETS[@]}"; do
  [ -x "$bin/$t" ] || { cargo fuzz build --sanitizer none; break; }
done
[ -d fuzz/corpus ] || bash fuzz/seed.sh > /dev/null
[ -f "$ledger" ] || printf 'date\tcommit\ttarget\tcpu_s\texecutions\tresult\n' > "$ledger"
commit=$(git rev-parse --short=12 HEAD)
git diff --quiet HEAD -- src crates fuzz/fuzz_targets || commit="$commit+changes"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    result=ok
    /usr/bin/time -f '%U %S' -o "$work/time" nice -n 19 "$bin/$t" "fuzz/corpus/$t" \
      -artifact_prefix="fuzz/artifacts/$t/" -dict=fuzz/asl.dict -max_total_time="$SECS" \
      -max_len=131072 -rss_limit_mb=2048 -timeout=10 > "$work/log" 2>&1 || result=FINDING
    cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$work/time")
    runs=$(grep -oE '^Done [0-9]+ runs' "$work/log" | awk '{ print $2 }' || true)
    if [ "$result" != ok ]; then
      runs=$(grep -oE '^#[0-9]+' "$work/log" | tail -1 | tr -d '#' || true)
      result="FINDING $(grep -oE 'Test unit written to [^ ]+' "$work/log" | awk '{ print $5 }' || true)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$commit" "$t" "$cpu" \
      "${runs:-0}" "$result" | tee -a "$ledger"
    if [ "$result" != ok ]; then
      grep -E -A30 'panicked|ERROR: libFuzzer|deadly signal' "$work/log" | head -60 >&2
      exit 1
    fi
  done
done

# Totals per target over the whole ledger; a run that ended in a finding does not count.
awk -F'\t' 'NR > 1 && $6 ~ /^ok/ { cpu[$3] += $4; n[$3] += $5 }
  END { for (t in cpu) printf "%-9s %6.2f CPU-hours %14d executions\n", t, cpu[t] / 3600, n[t] }' \
  "$ledger" | sort
