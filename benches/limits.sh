#!/usr/bin/env bash
# Hostile inputs (#9): each must end with a clear error or a correct result, in bounded memory.
# Generates a 100,000-deep nested definition (JSON and YAML) and input, two 50 MB definitions
# (200,000 small states; 40,000 states with large literals) and a 10,000,000-item Map input, runs
# the binary on each under `/usr/bin/time -v`, and prints the exit code, peak RSS, wall time and
# the first line that says what happened.
#
# usage: benches/limits.sh ASLCTL_BINARY [WORK_DIR]   (a release build: cargo build --release)
set -euo pipefail
BIN=$(realpath "${1:?usage: benches/limits.sh ASLCTL_BINARY [WORK_DIR]}")
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$WORK"

python3 - <<'PY'
import json

n = 100_000
pre = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Result": '
with open("deep.json", "w") as f:
    f.write(pre + "[" * n + "]" * n + "}}}\n")
with open("deep.yaml", "w") as f:
    f.write("StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Result: " + "[" * n + "]" * n + "\n")
with open("deep-input.json", "w") as f:
    f.write("[" * n + "]" * n + "\n")
with open("pass.json", "w") as f:
    f.write('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\n')

def big(path, states, padding):
    # A chain of Pass states, each carrying `padding` bytes of literal, about 50 MB in all.
    with open(path, "w") as f:
        f.write('{"StartAt": "S0", "States": {')
        for i in range(states):
            f.write('"S%d": {"Type": "Pass", "Result": {"p": "%s"}, "Next": "S%d"},' % (i, "x" * padding, i + 1))
        f.write('"S%d": {"Type": "Succeed"}}}\n' % states)

big("big-states.json", 200_000, 190)
big("big-literals.json", 40_000, 1_250)

with open("map.json", "w") as f:
    json.dump({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}, f)
with open("map-input.json", "w") as f:
    f.write('{"items": [' + ",".join(["0"] * 10_000_000) + "]}\n")
PY

printf '%-58s %4s %10s %8s  %s\n' "run" "exit" "peak RSS" "time" "what happened"
run() {
  local label=$1
  shift
  set +e
  /usr/bin/time -v -o time.txt "$BIN" "$@" >out.txt 2>err.txt
  local code=$?
  set -e
  local rss secs first
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d MiB", $2 / 1024}' time.txt)
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' time.txt)
  # The line that names the limit (or the AWS error) if there is one, else the outcome.
  first=$(cat err.txt out.txt | grep -m1 -E 'ASL007|cause|aslctl\.' ||
    cat err.txt out.txt | grep -m1 -E 'error|ASL[0-9]{3}|SUCCEEDED|FAILED|ABORTED' ||
    echo "(no message; standard output $(wc -c <out.txt) bytes)")
  first=$(printf '%s' "$first" | cut -c1-140)
  printf '%-58s %4s %10s %8s  %s\n' "$label" "$code" "$rss" "$secs" "$first"
}

ls -l --block-size=M deep.json big-states.json big-literals.json map-input.json | awk '{print "# " $5 " " $9}'
run "lint deep.json (100,000 levels)" lint --format github deep.json
run "graph deep.json" graph deep.json
run "simulate deep.json" simulate deep.json
run "lint deep.yaml (100,000 flow levels)" lint --format github deep.yaml
run "simulate --input deep-input.json (100,000 levels)" simulate pass.json --input deep-input.json
run "lint big-states.json (50 MB, 200,001 states)" lint --format github big-states.json
run "graph big-states.json" graph big-states.json -o big-states.dot
run "simulate big-states.json" simulate big-states.json
run "lint big-literals.json (50 MB, 40,001 states)" lint --format github big-literals.json
run "graph big-literals.json -o big-literals.dot" graph big-literals.json -o big-literals.dot
run "simulate big-literals.json" simulate big-literals.json --format json
run "simulate map.json (10,000,000 items)" simulate map.json --input map-input.json
run "simulate map.json (10,000,000 items, --payload-limit 0)" simulate map.json --input map-input.json --payload-limit 0
run "simulate ... --payload-limit 0 --max-map-items 20000000" simulate map.json --input map-input.json --payload-limit 0 --max-map-items 20000000
echo "(work files in $WORK)"
