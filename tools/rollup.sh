#!/usr/bin/env bash
# make rollup: 桐乡市 and 海宁市 run their sample months, their 上报表 join the five hand-filled ones of
# inputs/jiaxing, and 嘉兴市 runs 2023-04 … 06 on them (issue 20). Prints the city workbook's path.
#   --refresh-samples   also copies the two counties' fresh 上报表 into inputs/jiaxing (the shipped samples).
# OUT (default outputs) holds the three pipelines' outputs; the city reads from .build-rollup/inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${GAIZAO:-.build/release/gaizao}
OUT=${OUT:-outputs}
STAGE=.build-rollup/inputs
run() {   # pipeline month [inputs]: exit 3 (issues found) is a normal month
  local rc=0
  "$BIN" run --quiet --pipeline "pipelines/$1.yaml" --period "$2" --inputs "${3:-inputs}" --outputs "$OUT" >/dev/null || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "gaizao run $1 $2 failed (exit $rc)" >&2; exit "$rc"; }
}
for m in 2022-12 2023-01 2023-02 2023-03 2023-04 2023-05 2023-06; do run tongxiang "$m"; done
for m in 2023-01 2023-02 2023-03 2023-04 2023-05 2023-06; do run haining "$m"; done
rm -rf "$STAGE"
mkdir -p "$STAGE/jiaxing"
for m in 2023-04 2023-05 2023-06; do
  cp -r "inputs/jiaxing/$m" "$STAGE/jiaxing/"
  for code in tongxiang:330483 haining:330481; do
    report="$OUT/${code%%:*}/$m/上报/${code##*:}-$m.csv"
    cp "$report" "$STAGE/jiaxing/$m/"
    if [ "${1-}" = --refresh-samples ]; then cp "$report" "inputs/jiaxing/$m/"; fi
  done
done
for m in 2023-04 2023-05; do run jiaxing "$m" "$STAGE"; done
rc=0
"$BIN" run --pipeline pipelines/jiaxing.yaml --period 2023-06 --inputs "$STAGE" --outputs "$OUT" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || exit "$rc"
echo "嘉兴市 workbook: $OUT/jiaxing/2023-06/$(ls "$OUT/jiaxing/2023-06" | grep '\.xlsx$' | head -1)"
