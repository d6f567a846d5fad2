#!/usr/bin/env bash
# Runs every shipped pipeline's sample months, in order, on one store each, into OUT (default .build-samples/out).
# Two such folders, made before and after a change, must agree byte for byte except manifest.json (timings) and the
# stores:  tools/sample_outputs.sh /tmp/a; …change…; tools/sample_outputs.sh /tmp/b; tools/compare_outputs.sh /tmp/a /tmp/b
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build-samples/out}
bin=${GAIZAO:-.build/debug/gaizao}
rm -rf "$out"
for p in pipelines/*.yaml; do
  id=$(basename "$p" .yaml)
  [ -d "inputs/$id" ] || continue
  for m in $(ls "inputs/$id" | sort); do
    "$bin" run --quiet --pipeline "$p" --period "$m" --outputs "$out" >/dev/null || [ $? = 3 ]
  done
done
echo "$out"
