#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from ../shared/corpus and the project's fixtures.
# Usage: fuzz/seed.sh [SHARED_CORPUS_DIR]   (default: ../shared/corpus beside the checkout)
# Seeds are named by their SHA-1, as libFuzzer names the inputs it adds, so reruns add nothing twice.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=${1:-$root/../shared/corpus}
out=corpus

add() { # add TARGET FILE...: copy files into the target's corpus
  local target=$1
  shift
  mkdir -p "$out/$target"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$out/$target/$(sha1sum <"$f" | cut -c1-40)"
  done
}

add_bytes() { # add_bytes TARGET: copy standard input into the target's corpus
  local tmp
  tmp=$(mktemp)
  cat >"$tmp"
  add "$1" "$tmp"
  rm -f "$tmp"
}

defs=()
if [ -d "$shared" ]; then
  while IFS= read -r -d '' f; do defs+=("$f"); done < <(
    find "$shared/realworld/defs" "$shared/lint" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -print0 2>/dev/null
    find "$shared/conformance" -name definition.json -print0 2>/dev/null
  )
else
  echo "warning: $shared is missing; seeding from the project's fixtures only" >&2
fi
while IFS= read -r -d '' f; do defs+=("$f"); done < <(
  find "$root/fixtures" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -print0
)

for t in load model lint graph; do
  add "$t" "${defs[@]}"
done
# Inputs and mocks are JSON/YAML too: the loader reads them.
if [ -d "$shared/conformance" ]; then
  while IFS= read -r -d '' f; do add load "$f"; done < <(
    find "$shared/conformance" \( -name mocks.json -o -name input.json \) -print0
  )
fi

# simulate: `definition NUL mocks NUL input`, one seed per recorded case and fixture.
seed_case() { # seed_case DEFINITION MOCKS_OR_EMPTY INPUT_OR_EMPTY
  {
    cat "$1"
    printf '\0'
    [ -n "$2" ] && [ -f "$2" ] && cat "$2"
    printf '\0'
    [ -n "$3" ] && [ -f "$3" ] && cat "$3"
  } | add_bytes simulate
}
for dir in "$shared"/conformance/*/ "$root"/fixtures/simulate/*/; do
  [ -d "$dir" ] || continue
  def=""
  for d in definition.json machine.asl.json; do [ -f "$dir$d" ] && def="$dir$d"; done
  [ -n "$def" ] || continue
  mocks=""
  for m in mocks.json mocks.yaml; do [ -f "$dir$m" ] && mocks="$dir$m"; done
  seed_case "$def" "$mocks" "$dir/input.json"
done

# expr and jsonata: the expression strings found in every definition, each with a document.
if command -v python3 >/dev/null; then
  python3 - "$out" "${defs[@]}" <<'PY'
import hashlib, json, os, sys

out, files = sys.argv[1], sys.argv[2:]
seen = {"expr": set(), "jsonata": set()}

def strings(v):
    stack = [v]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
            stack.extend(v.keys())

doc = b'\0{"a":{"b":[1,2.5,"three",null,true]},"items":[{"id":1,"price":10},{"id":2}],"s":"x,y"}'
for path in files:
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
    except Exception:
        continue
    for s in strings(value):
        s = s.strip()
        if s.startswith("{%") and s.endswith("%}"):
            target = "jsonata"
        elif s.startswith("$") or s.startswith("States."):
            target = "expr"
        else:
            continue
        if s in seen[target]:
            continue
        seen[target].add(s)
        data = s.encode() + doc
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
PY
else
  echo "warning: python3 is missing; the expr and jsonata corpora start empty" >&2
  mkdir -p "$out/expr" "$out/jsonata"
fi

for t in load model expr jsonata lint simulate graph; do
  mkdir -p "$out/$t"
  printf '%-9s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
