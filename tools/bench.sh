#!/usr/bin/env bash
# make bench: ingest ROWS generated project rows (default 1,000,000) and report time and peak memory.
# Peak RSS comes from /usr/bin/time -v; the streaming design must keep it under 200 MB.
# When python3 has pandas and xlsxwriter, the peer script in ../shared/bench runs on the same files
# and the figures are printed as ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
WORK=${BENCH_DIR:-/tmp/gaizao-bench}
GEN=../shared/bench/gen_projects.py
PEER=../shared/bench/peer_pandas.py
BIN=.build/release/gaizao
[ -x /usr/bin/time ] || { echo "installing GNU time"; ${SUDO:-$([ "$(id -u)" = 0 ] || echo sudo)} apt-get install -y -qq time; }

DATA="$WORK/inputs/tongxiang/2023-06"
if [ ! -f "$WORK/.rows-$ROWS" ]; then
  rm -rf "$WORK"; mkdir -p "$DATA"
  echo "generating $ROWS rows into $DATA"
  python3 "$GEN" "$ROWS" "$DATA" >/dev/null
  touch "$WORK/.rows-$ROWS"
fi
bytes=$(du -cb "$DATA"/*.csv | tail -1 | cut -f1)

measure() {  # label, command...: prints "seconds peak_kb"
  local log; log=$(mktemp)
  /usr/bin/time -v "${@:2}" >/dev/null 2>"$log" || [ $? = 3 ]
  local wall kb
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  echo "$wall $kb"
}

rm -rf "$WORK/outputs"
read -r secs kb < <(measure gaizao "$BIN" ingest --quiet --pipeline pipelines/tongxiang.yaml --period 2023-06 \
  --inputs "$WORK/inputs" --outputs "$WORK/outputs")
mb=$(( kb / 1024 ))
rate=$(awk -v r="$ROWS" -v s="$secs" 'BEGIN { printf "%.0f", r / s }')
mbps=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1048576 / s }')
echo "gaizao ingest: $ROWS rows ($((bytes / 1048576)) MB) in ${secs}s = $rate rows/s, $mbps MB/s; peak RSS $mb MB (limit 200 MB)"

# A whole run on a fresh store, then the same month again with nothing changed (must take < 10% of the first).
rm -rf "$WORK/outputs2"
run=("$BIN" run --quiet --pipeline pipelines/tongxiang.yaml --period 2023-06 --inputs "$WORK/inputs" --outputs "$WORK/outputs2")
read -r first firstkb < <(measure run1 "${run[@]}")
read -r again againkb < <(measure run2 "${run[@]}")
echo "gaizao run (first, all four stages): ${first}s, peak RSS $((firstkb / 1024)) MB"
awk -v a="$first" -v b="$again" 'BEGIN { printf "gaizao run (unchanged month again): %.2fs = %.1f%% of the first run (limit 10%%)\n", b, 100 * b / a }'
unchanged_ok=$(awk -v a="$first" -v b="$again" 'BEGIN { print (b < a / 10) ? 1 : 0 }')

if python3 -c "import pandas, xlsxwriter" 2>/dev/null; then
  read -r psecs pkb < <(measure peer python3 "$PEER" "$DATA" "$WORK/peer.xlsx" --no-detail)
  awk -v a="$secs" -v b="$psecs" -v m="$kb" -v n="$pkb" \
    'BEGIN { printf "peer_pandas.py: %.2fs, peak RSS %d MB → gaizao is %.1f× as fast, using %.2f× the memory\n", b, n/1024, b/a, m/n }'
else
  echo "peer_pandas.py skipped: python3 lacks pandas/xlsxwriter (pip install pandas xlsxwriter)"
fi
[ "$mb" -lt 200 ] || { echo "FAIL: peak RSS $mb MB is not under 200 MB"; exit 1; }
[ "$unchanged_ok" = 1 ] || { echo "FAIL: the unchanged re-run is not under 10% of the first run"; exit 1; }
