#!/usr/bin/env bash
# make bench: gaizao against the pandas peer (../shared/bench/peer_pandas.py) on generated 两化改造项目清单 inputs.
#
# For each size (SIZES, default "100000 1000000"; 1% defective rows) it prints wall time, peak RSS
# (/usr/bin/time -v), rows/s and the ratio peer/gaizao, with and without the 项目清单 detail sheet, alternating
# gaizao and peer RUNS times (default 3) and taking medians. It also measures two floors (libcsv parsing only,
# SQLite inserting only) and prints gaizao's ingest as a multiple of their sum, the stage timings from
# manifest.json, an ingest-only peak RSS, and the re-run of an unchanged month. The table goes to stdout and
# to BENCHMARKS.md. Work files live in .build-bench/ (not in git).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES-"100000 1000000"}
RUNS=${RUNS:-3}
# Steady state (issue 17): twelve months of ledgers from gen_months.py on one store. STEADY="100000 1000000" for both.
STEADY=${STEADY-"100000 1000000"}
# The peer's detail run takes minutes at 1,000,000 rows: above 100,000 rows it runs on these months only.
PEER_DETAIL_MONTHS=${PEER_DETAIL_MONTHS-"2023-01 2023-02 2023-07 2023-12"}
# Scaling (issue 17): one month on a fresh store at each size, without the detail sheet; each stage's time should
# grow by at most 1.3× the row ratio.
SCALE=${SCALE-"100000 1000000 10000000"}
# Workbooks (issue 18): one .xlsx of N project rows; gaizao's ingest against python-calamine and openpyxl read-only.
XLSX=${XLSX-"100000 1000000"}
MONTHS_GEN=../shared/bench/gen_months.py
WORK=.build-bench
BIN=.build/release/gaizao
GEN=../shared/bench/gen_projects.py
PEER=../shared/bench/peer_pandas.py
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
mkdir -p "$WORK"
[ -x /usr/bin/time ] || $SUDO apt-get install -y -qq time
command -v gcc >/dev/null || $SUDO apt-get install -y -qq gcc
if [ ! -x "$WORK/venv/bin/python" ] || ! "$WORK/venv/bin/python" -c "import pandas, xlsxwriter" 2>/dev/null; then
  python3 -m venv "$WORK/venv" 2>/dev/null || { $SUDO apt-get install -y -qq python3-venv && python3 -m venv "$WORK/venv"; }
  "$WORK/venv/bin/pip" install -q pandas xlsxwriter
fi
if [ -n "$XLSX" ] && ! "$WORK/venv/bin/python" -c "import python_calamine, openpyxl" 2>/dev/null; then
  "$WORK/venv/bin/pip" install -q python-calamine openpyxl
fi
gcc -O2 -o "$WORK/floor_parse" tools/bench/floor_parse.c -lcsv
gcc -O2 -o "$WORK/floor_insert" tools/bench/floor_insert.c -lsqlite3

# measure CMD...: runs it under /usr/bin/time -v, prints "seconds peak_kb"
measure() {
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
              /Maximum resident set size/ {k=$2} END {print w, k}' "$log"
  rm -f "$log"
}
# generated N: the folder holding gen_projects.py's N-row month (made once, kept in .build-bench/data/N).
generated() {
  local data="$WORK/data/$1"
  if [ ! -f "$data/.done" ]; then
    rm -rf "$data"; mkdir -p "$data/inputs/bench/2023-06"
    python3 "$GEN" "$1" "$data/inputs/bench/2023-06" >/dev/null
    touch "$data/.done"
  fi
  echo "$data"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
out=$(mktemp)
{
echo "# Benchmarks"
echo
echo "Machine: $machine. Swift $(swift --version 2>/dev/null | awk '/Swift version/ {print $3; exit}') (release build)."
echo "Command: \`make bench\` (\`tools/bench.sh\`, SIZES=\"$SIZES\" RUNS=$RUNS), $(date -u +%Y-%m-%d)."
echo "Peer: \`../shared/bench/peer_pandas.py\` with pandas $("$WORK/venv/bin/python" -c 'import pandas; print(pandas.__version__)') and XlsxWriter in \`.build-bench/venv\`. Medians of $RUNS alternating runs (gaizao, peer, gaizao, peer, …)."
echo
echo "| rows | variant | gaizao s | gaizao RSS MB | gaizao rows/s | peer s | peer RSS MB | peer/gaizao |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} > "$out"
extra=$(mktemp)
for n in $SIZES; do
  data=$(generated "$n")
  month="$data/inputs/bench/2023-06"
  for variant in detail no-detail; do
    flag=(); peerflag=()
    [ "$variant" = no-detail ] && flag=(--no-detail) && peerflag=(--no-detail)
    g=(); gk=(); p=(); pk=()
    for i in $(seq 1 "$RUNS"); do
      rm -rf "$data/out"
      read -r s k < <(measure "$BIN" run --quiet "${flag[@]}" --pipeline pipelines/bench.yaml --period 2023-06 \
        --inputs "$data/inputs" --outputs "$data/out")
      g+=("$s"); gk+=("$k")
      read -r s k < <(measure "$WORK/venv/bin/python" "$PEER" "$month" "$data/peer.xlsx" "${peerflag[@]}")
      p+=("$s"); pk+=("$k")
    done
    gs=$(printf '%s\n' "${g[@]}" | median); gm=$(printf '%s\n' "${gk[@]}" | median)
    ps=$(printf '%s\n' "${p[@]}" | median); pm=$(printf '%s\n' "${pk[@]}" | median)
    awk -v n="$n" -v v="$variant" -v gs="$gs" -v gm="$gm" -v ps="$ps" -v pm="$pm" 'BEGIN {
      printf "| %d | %s | %.2f | %.0f | %.0f | %.2f | %.0f | %.1f× |\n", n, v, gs, gm/1024, n/gs, ps, pm/1024, ps/gs }' >> "$out"
    if [ "$variant" = detail ]; then
      timings=$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings']; print(', '.join(f'{k} {v:.2f}s' for k,v in t.items()))" "$data/out/bench/2023-06/manifest.json")
      read -r again _ < <(measure "$BIN" run --quiet --pipeline pipelines/bench.yaml --period 2023-06 --inputs "$data/inputs" --outputs "$data/out")
      rm -rf "$data/ingest"
      read -r ingest ingestkb < <(measure "$BIN" ingest --quiet --pipeline pipelines/bench.yaml --period 2023-06 --inputs "$data/inputs" --outputs "$data/ingest")
      read -r parse _ < <(measure "$WORK/floor_parse" "$month"/*.csv)
      read -r insert _ < <(measure "$WORK/floor_insert" "$n" "$WORK/floor.sqlite")
      awk -v n="$n" -v t="$timings" -v a="$again" -v i="$ingest" -v ik="$ingestkb" -v p="$parse" -v q="$insert" 'BEGIN {
        printf "- %d rows: stages of a detail run: %s. Unchanged month re-run: %.2f s. Ingest alone: %.2f s, peak RSS %.0f MB; floors: libcsv parse %.2f s + SQLite insert %.2f s = %.2f s, so ingest is %.2f× the floor.\n",
               n, t, a, i, ik/1024, p, q, p+q, i/(p+q) }' >> "$extra"
    fi
  done
done
{ echo; cat "$extra"; echo
  echo "Targets at 1,000,000 rows (issue 8): detail ≥ 15× the peer; no detail ≥ 4×; peak RSS ≤ 150 MB; ingest ≤ 1.5× the floor; unchanged re-run < 1 s."
} >> "$out"
# With SIZES="" only the steady state is measured, and the first-month section already in BENCHMARKS.md is kept.
if [ -z "$SIZES" ] && [ -f BENCHMARKS.md ]; then awk '/^## Steady state/ {exit} {print}' BENCHMARKS.md > "$out"; fi

# Steady state: each month on the same store, as an office runs it; gaizao without and with the detail sheet (two
# stores), the warehouse size after the month, and the peer on that month's folder.
for n in $STEADY; do
  root="$WORK/months/$n"
  if [ ! -f "$root/.done" ]; then
    rm -rf "$root"; mkdir -p "$root/inputs"
    python3 "$MONTHS_GEN" "$n" "$root/inputs" --months 12 >/dev/null
    touch "$root/.done"
  fi
  rm -rf "$root/out" "$root/out-detail"
  {
    echo
    echo "## Steady state: $n rows, twelve months on one store"
    echo
    echo "\`../shared/bench/gen_months.py $n … --months 12\` (each later month: 3% of rows changed, 1% new, 0.2% removed). One run each."
    echo
    [ "$n" -gt 100000 ] && echo "The peer's detail run (minutes at this size) is measured on $PEER_DETAIL_MONTHS only."
    echo
    echo "| month | gaizao no-detail s | RSS MB | ingest / validate / compute / report s | peer no-detail s | peer/gaizao | gaizao detail s | detail RSS MB | peer detail s | peer/gaizao | warehouse MB | growth |"
    echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  } >> "$out"
  first_size=""; second_time=""; last_time=""
  for dir in $(ls "$root/inputs/bench" | sort); do
    m="$root/inputs/bench/$dir"
    read -r gs gk < <(measure "$BIN" run --quiet --no-detail --pipeline pipelines/bench.yaml --period "$dir" --inputs "$root/inputs" --outputs "$root/out")
    stages=$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings']; print(' / '.join(f'{t[k]:.2f}' for k in ('ingest','validate','compute','report')))" "$root/out/bench/$dir/manifest.json")
    read -r ps _ < <(measure "$WORK/venv/bin/python" "$PEER" "$m" "$root/peer.xlsx" --no-detail)
    read -r ds dk < <(measure "$BIN" run --quiet --pipeline pipelines/bench.yaml --period "$dir" --inputs "$root/inputs" --outputs "$root/out-detail")
    pd=""
    if [ "$n" -le 100000 ] || [[ " $PEER_DETAIL_MONTHS " == *" $dir "* ]]; then
      read -r pd _ < <(measure "$WORK/venv/bin/python" "$PEER" "$m" "$root/peer.xlsx")
    fi
    size=$(du -k "$root/out/bench/warehouse.sqlite" | awk '{print $1}')
    [ -z "$first_size" ] && first_size=$size && previous_size=$size
    [ "$dir" = 2023-02 ] && second_time=$gs
    last_time=$gs
    awk -v m="$dir" -v gs="$gs" -v gk="$gk" -v st="$stages" -v ps="$ps" -v ds="$ds" -v dk="$dk" -v pd="$pd" -v w="$size" -v f="$first_size" -v pw="$previous_size" 'BEGIN {
      g = (m == "2023-01") ? "—" : sprintf("%.1f%%", 100 * (w - pw) / f)
      pds = (pd == "") ? "—" : sprintf("%.2f", pd); pr = (pd == "") ? "—" : sprintf("%.1f×", pd/ds)
      printf "| %s | %.2f | %.0f | %s | %.2f | %.1f× | %.2f | %.0f | %s | %s | %.0f | %s |\n", m, gs, gk/1024, st, ps, ps/gs, ds, dk/1024, pds, pr, w/1024, g }' >> "$out"
    previous_size=$size
  done
  awk -v a="$second_time" -v b="$last_time" 'BEGIN { if (a != "") printf "\nMonth 12 took %.2f× month 2 (no detail; target ≤ 1.25×). Growth is the warehouse growth in that month as a share of the size after month 1 (target ≤ 10%%).\n", b/a }' >> "$out"
done

# Scaling: one month on a fresh store at each size, stage by stage, against the size before it.
if [ -n "$SCALE" ]; then
  {
    echo
    echo "## Scaling: one month on a fresh store, no detail sheet"
    echo
    echo "\`../shared/bench/gen_projects.py N\` (1% defective rows). Each stage's growth is its time ratio over the row ratio to the size before (target ≤ 1.3)."
    echo
    echo "| rows | wall s | peak RSS MB | ingest s | validate s | compute s | report s | growth ingest / validate / compute / report |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---|"
  } >> "$out"
  prev_n=""; prev_t=""
  for n in $SCALE; do
    data=$(generated "$n")
    rm -rf "$data/scale"
    read -r s k < <(measure "$BIN" run --quiet --no-detail --pipeline pipelines/bench.yaml --period 2023-06 --inputs "$data/inputs" --outputs "$data/scale")
    t=$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings']; print(' '.join(str(t[k]) for k in ('ingest','validate','compute','report')))" "$data/scale/bench/2023-06/manifest.json")
    awk -v n="$n" -v s="$s" -v k="$k" -v t="$t" -v pn="$prev_n" -v pt="$prev_t" 'BEGIN {
      split(t, a, " "); g = "—"
      if (pn != "") { split(pt, b, " "); r = n / pn; g = ""
        for (i = 1; i <= 4; i++) g = g (i > 1 ? " / " : "") sprintf("%.2f", (b[i] > 0.005 ? a[i] / b[i] : 0) / r) }
      printf "| %d | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %s |\n", n, s, k/1024, a[1], a[2], a[3], a[4], g }' >> "$out"
    prev_n=$n; prev_t=$t
    rm -rf "$data/scale"
  done
fi
# Workbooks: the same generated rows as one .xlsx (shared strings, numbers, date serials), as Excel saves it.
if [ -n "$XLSX" ]; then
  {
    echo
    echo "## Workbooks: one .xlsx sheet"
    echo
    echo "\`tools/bench/xlsx_from_csv.py\` writes the generated month as one sheet. gaizao: \`gaizao ingest\` (read, check and store every row, fresh store). Peers load the sheet into rows: python-calamine (Rust) and openpyxl read-only (\`tools/bench/xlsx_peers.py\`). One run each. Targets: at least as fast as calamine, ≥ 10× openpyxl, peak RSS ≤ 100 MB at 1,000,000 rows."
    echo
    echo "| rows | .xlsx MB | gaizao ingest s | RSS MB | calamine s | RSS MB | openpyxl s | RSS MB | calamine/gaizao | openpyxl/gaizao |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  } >> "$out"
  for n in $XLSX; do
    data=$(generated "$n")
    book="$WORK/xlsx/$n/inputs/bench/2023-06/梧桐街道-两化改造项目清单.xlsx"
    if [ ! -f "$book" ]; then
      mkdir -p "$(dirname "$book")"
      python3 tools/bench/xlsx_from_csv.py "$data/inputs/bench/2023-06" "$book" >/dev/null
    fi
    rm -rf "$WORK/xlsx/$n/out"
    read -r gs gk < <(measure "$BIN" ingest --quiet --pipeline pipelines/bench.yaml --period 2023-06 --inputs "$WORK/xlsx/$n/inputs" --outputs "$WORK/xlsx/$n/out")
    read -r cs ck < <(measure "$WORK/venv/bin/python" tools/bench/xlsx_peers.py calamine "$book")
    read -r os ok < <(measure "$WORK/venv/bin/python" tools/bench/xlsx_peers.py openpyxl "$book")
    mb=$(du -m "$book" | awk '{print $1}')
    awk -v n="$n" -v mb="$mb" -v gs="$gs" -v gk="$gk" -v cs="$cs" -v ck="$ck" -v os="$os" -v ok="$ok" 'BEGIN {
      printf "| %d | %d | %.2f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f× | %.1f× |\n", n, mb, gs, gk/1024, cs, ck/1024, os, ok/1024, cs/gs, os/gs }' >> "$out"
  done
fi

cat "$out"
cp "$out" BENCHMARKS.md
rm -f "$out" "$extra"
