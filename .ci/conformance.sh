#!/usr/bin/env bash
# Conformance gate for `aslctl simulate` against the AWS-recorded corpus.
#
# Usage: .ci/conformance.sh path/to/aslctl [corpus-dir]
#
# Runs the corpus once with --check-trace and once without, then prints, per category, the pass
# rate over all cases (JSONata and variables included), and the share of cases with a recorded
# trace whose event sequence matches. Fails when any category is below 98% or the trace rate
# below 95%.
set -euo pipefail

BIN=${1:?usage: .ci/conformance.sh path/to/aslctl [corpus-dir]}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${ASLCTL_SHARED:-$HERE/../../shared}
CORPUS=${2:-$SHARED/corpus/conformance}
RUNNER=$SHARED/tools/run_conformance.py
CATEGORIES="choice intrinsic map task_integration error_handling jsonata variables wait pass_fail_succeed choice_scenarios parallel io_processing mocked_tasks context_object"
CMD="$BIN simulate {definition} --input {input} [--mock {mocks} --state-machine {sm_name} --test-case {test_case}] --format json"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

args=()
for c in $CATEGORIES; do args+=(--category "$c"); done
python3 "$RUNNER" --corpus "$CORPUS" "${args[@]}" --json "$TMP/plain.json" "$CMD" > "$TMP/plain.txt" || true
python3 "$RUNNER" --corpus "$CORPUS" "${args[@]}" --check-trace --json "$TMP/trace.json" "$CMD" > "$TMP/trace.txt" || true

python3 - "$CORPUS" "$TMP/plain.json" "$TMP/trace.json" <<'PY'
import json, os, sys
corpus, plain, traced = sys.argv[1:4]
rows = {}
for r in json.load(open(plain)):
    c = rows.setdefault(r["category"], [0, 0])
    c[0] += r["result"] == "PASS"
    c[1] += 1
failed = False
print(f"{'category':<20} {'passed':>11} {'rate':>7}")
for cat in sorted(rows):
    ok, n = rows[cat]
    rate = 100.0 * ok / n if n else 100.0
    mark = "" if rate >= 98.0 else "  < 98%"
    failed |= rate < 98.0
    print(f"{cat:<20} {ok:>5}/{n:<5} {rate:6.1f}%{mark}")
total_ok = sum(ok for ok, _ in rows.values())
total = sum(n for _, n in rows.values())
print(f"{'all':<20} {total_ok:>5}/{total:<5} {100.0 * total_ok / max(1, total):6.1f}%")
with_trace = [r for r in json.load(open(traced))
              if os.path.isfile(os.path.join(corpus, r["case"], "trace.json"))]
t_ok = sum(r["result"] == "PASS" for r in with_trace)
t_rate = 100.0 * t_ok / max(1, len(with_trace))
print(f"\ntrace: {t_ok}/{len(with_trace)} cases with traces pass ({t_rate:.1f}%)")
if t_rate < 95.0:
    failed = True
    print("trace rate below 95%")
sys.exit(1 if failed else 0)
PY
