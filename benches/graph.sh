#!/usr/bin/env bash
# Times `aslctl graph` (DOT and Mermaid) on the largest definition of a corpus, chosen by the
# `states` column of its manifest.tsv.
#
# usage: benches/graph.sh ASLCTL_BINARY CORPUS_DIR   (CORPUS_DIR holds manifest.tsv and defs/)
set -euo pipefail
BIN=${1:?usage: benches/graph.sh ASLCTL_BINARY CORPUS_DIR}
CORPUS=${2:?usage: benches/graph.sh ASLCTL_BINARY CORPUS_DIR}
largest=$(awk -F'\t' 'NR > 1 && $9 ~ /^[0-9]+$/ { print $9 "\t" $1 }' "$CORPUS/manifest.tsv" | sort -n | tail -1)
states=${largest%%$'\t'*}
def="$CORPUS/defs/${largest#*$'\t'}"
echo "definition: $def ($states states)"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 100 \
    "$BIN graph '$def'" \
    "$BIN graph '$def' --format mermaid"
else
  for fmt in dot mermaid; do
    start=$(date +%s%N)
    for _ in $(seq 100); do "$BIN" graph "$def" --format "$fmt" >/dev/null; done
    echo "$fmt: $(( ($(date +%s%N) - start) / 100000 ))µs per run (mean of 100)"
  done
fi
