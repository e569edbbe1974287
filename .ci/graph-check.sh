#!/usr/bin/env bash
# Renders `aslctl graph` output with the real renderers: every definition (JSON/YAML) under the
# given directories through Graphviz `dot -Tsvg` and, in one Mermaid CLI session, through
# Mermaid. Any dot error or warning, any Mermaid syntax error or size refusal fails the run.
# A file aslctl cannot draw (non-zero exit) is a failure as well.
#
# usage: .ci/graph-check.sh ASLCTL_BINARY DIR [DIR...]
#   *.trace.json files next to a definition NAME.asl.json are also drawn as overlays.
# env:   MMDC_DIR   where mermaid-cli is installed (default: ~/.cache/aslctl-graph-check)
#        CHROMIUM   browser binary (default: /usr/bin/chromium)
#        KEEP=1     keep the work directory
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 ASLCTL_BINARY DIR [DIR...]" >&2
  exit 2
fi
BIN=$(realpath "$1")
shift
DIRS=("$@")
MMDC_DIR=${MMDC_DIR:-${HOME:-/root}/.cache/aslctl-graph-check}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# --- tools -----------------------------------------------------------------------------------
apt_install() {
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$@" >/dev/null
}
command -v dot >/dev/null || apt_install graphviz
[ -x "$CHROMIUM" ] || apt_install chromium
if [ ! -x "$MMDC_DIR/node_modules/.bin/mmdc" ]; then
  mkdir -p "$MMDC_DIR"
  (cd "$MMDC_DIR" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent @mermaid-js/mermaid-cli >/dev/null)
fi
MMDC="$MMDC_DIR/node_modules/.bin/mmdc"

WORK=$(mktemp -d)
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work dir: $WORK"; fi
printf '{"executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu"]}\n' "$CHROMIUM" >"$WORK/puppeteer.json"

# --- draw --------------------------------------------------------------------------------------
mapfile -t FILES < <(find "${DIRS[@]}" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) \
  ! -name '*.trace.json' | LC_ALL=C sort)
# Two Markdown files, one Mermaid CLI session each, run side by side (one per core).
: >"$WORK/all-0.md"
: >"$WORK/all-1.md"
declare -a NAMES0=() NAMES1=()
n0=0 n1=0
drawn=0 skipped=0 dot_fail=0 dot_n=0 n=0
t_dot=0
start=$(now)

check_dot() { # $1 = label, $2 = dot file
  local t0 err
  dot_n=$((dot_n + 1))
  t0=$(now)
  err=$(dot -Tsvg "$2" -o /dev/null 2>&1 || echo "dot exited non-zero")
  t_dot=$(awk -v a="$t_dot" -v b="$t0" -v c="$(now)" 'BEGIN { print a + c - b }')
  if [ -n "$err" ]; then
    dot_fail=$((dot_fail + 1))
    echo "DOT FAIL: $1"
    echo "$err" | head -5 | sed 's/^/    /'
  fi
}

add_mermaid() { # $1 = label, $2 = mermaid file
  local k=$((n % 2))
  n=$((n + 1))
  if [ "$k" = 0 ]; then NAMES0+=("$1"); n0=$((n0 + 1)); else NAMES1+=("$1"); n1=$((n1 + 1)); fi
  { echo '```mermaid'; cat "$2"; echo '```'; echo; } >>"$WORK/all-$k.md"
}

for f in "${FILES[@]}"; do
  rc=0
  "$BIN" graph "$f" -o "$WORK/g.dot" 2>/dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then
    # Every corpus file must draw: a file aslctl cannot read is a failure too.
    skipped=$((skipped + 1))
    echo "GRAPH FAIL (exit $rc): $f"
    continue
  fi
  drawn=$((drawn + 1))
  check_dot "$f" "$WORK/g.dot"
  "$BIN" graph "$f" --format mermaid -o "$WORK/g.mmd" 2>/dev/null
  add_mermaid "$f" "$WORK/g.mmd"
  base=${f%.asl.json}
  for t in "$base".trace.json "$base".*.trace.json; do
    [ -f "$t" ] || continue
    "$BIN" graph "$f" --trace "$t" -o "$WORK/g.dot" 2>/dev/null
    check_dot "$f + $t" "$WORK/g.dot"
    "$BIN" graph "$f" --trace "$t" --format mermaid -o "$WORK/g.mmd" 2>/dev/null
    add_mermaid "$f + $t" "$WORK/g.mmd"
  done
done
echo "aslctl graph: $drawn definitions drawn, $skipped failed to draw, $(elapsed "$start") incl. dot"
printf 'dot -Tsvg: %d renders, %d failed, %.1fs\n' "$dot_n" "$dot_fail" "$t_dot"

# --- mermaid -----------------------------------------------------------------------------------
t0=$(now)
mm_fail=0
svgs=0
pids=()
for k in 0 1; do
  mkdir -p "$WORK/out$k"
  "$MMDC" -q -i "$WORK/all-$k.md" -o "$WORK/out$k/out.md" -p "$WORK/puppeteer.json" >"$WORK/mmdc-$k.log" 2>&1 &
  pids+=($!)
done
for k in 0 1; do
  rc=0
  wait "${pids[$k]}" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "MERMAID: mmdc exited with $rc (chunk $k)"
    tail -20 "$WORK/mmdc-$k.log" | sed 's/^/    /'
    mm_fail=$((mm_fail + 1))
  fi
  if [ "$k" = 0 ]; then count=$n0; else count=$n1; fi
  # For Markdown input mmdc writes one SVG per block: out-1.svg, out-2.svg, ...
  for i in $(seq 1 "$count"); do
    if [ "$k" = 0 ]; then name=${NAMES0[$((i - 1))]}; else name=${NAMES1[$((i - 1))]}; fi
    svg="$WORK/out$k/out-$i.svg"
    if [ ! -f "$svg" ]; then
      echo "MERMAID FAIL: no SVG for $name"
      mm_fail=$((mm_fail + 1))
      continue
    fi
    svgs=$((svgs + 1))
    # mmdc exits 0 even when the diagram is refused; the SVG then holds the message.
    if grep -q -e 'Syntax error' -e 'Maximum text size' -e 'Edge limit exceeded' -e 'Lexical error' "$svg"; then
      echo "MERMAID FAIL: $name"
      mm_fail=$((mm_fail + 1))
    fi
  done
done
echo "mermaid: $n diagrams, $svgs SVGs, $mm_fail failed, $(elapsed "$t0")"
echo "total: $(elapsed "$start")"

if [ "$dot_fail" -ne 0 ] || [ "$mm_fail" -ne 0 ] || [ "$skipped" -ne 0 ]; then
  exit 1
fi
