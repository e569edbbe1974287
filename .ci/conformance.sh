#!/usr/bin/env bash
# Conformance gate for `aslctl simulate` against the AWS-recorded corpus.
#
# Usage: .ci/conformance.sh path/to/aslctl [corpus-dir]
#
# Runs the corpus once with --check-trace and once without, then prints, per category, the pass
# rate over all cases and over the cases the JSONPath interpreter covers (definitions with no
# JSONata), and the share of cases with a recorded trace whose event sequence matches.
# Fails when a category's JSONPath-only rate is below 98% or the trace rate below 95%.
set -euo pipefail

BIN=${1:?usage: .ci/conformance.sh path/to/aslctl [corpus-dir]}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${ASLCTL_SHARED:-$HERE/../../shared}
CORPUS=${2:-$SHARED/corpus/conformance}
RUNNER=$SHARED/tools/run_conformance.py
CATEGORIES="choice intrinsic map task_integration error_handling wait pass_fail_succeed choice_scenarios parallel io_processing mocked_tasks context_object"
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
def jsonata(case):
    text = open(os.path.join(corpus, case, "definition.json")).read()
    return "JSONata" in text or "{%" in text
rows = {}
for r in json.load(open(plain)):
    c = rows.setdefault(r["category"], [0, 0, 0, 0])
    ok = r["result"] == "PASS"
    c[0] += ok; c[1] += 1
    if not jsonata(r["case"]):
        c[2] += ok; c[3] += 1
failed = False
print(f"{'category':<20} {'all':>9} {'JSONPath':>9} {'rate':>7}")
for cat in sorted(rows):
    a, n, j, m = rows[cat]
    rate = 100.0 * j / m if m else 100.0
    mark = "" if rate >= 98.0 else "  < 98%"
    failed |= rate < 98.0
    print(f"{cat:<20} {a:>4}/{n:<4} {j:>4}/{m:<4} {rate:6.1f}%{mark}")
with_trace = [r for r in json.load(open(traced))
              if os.path.isfile(os.path.join(corpus, r["case"], "trace.json"))]
t_ok = sum(r["result"] == "PASS" for r in with_trace)
t_rate = 100.0 * t_ok / max(1, len(with_trace))
jp = [r for r in with_trace if not jsonata(r["case"])]
jp_ok = sum(r["result"] == "PASS" for r in jp)
print(f"\ntrace: {t_ok}/{len(with_trace)} cases with traces pass ({t_rate:.1f}%); "
      f"JSONPath-only {jp_ok}/{len(jp)} ({100.0 * jp_ok / max(1, len(jp)):.1f}%)")
if t_rate < 95.0 and 100.0 * jp_ok / max(1, len(jp)) < 95.0:
    failed = True
    print("trace rate below 95%")
sys.exit(1 if failed else 0)
PY
