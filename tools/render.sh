#!/usr/bin/env bash
# make render: run every shipped pipeline's sample months, render the latest month's leadership workbook with
# LibreOffice (every sheet, every page) to PNGs in .build-render/<pipeline>/, and keep the README's pages in docs/:
# Tongxiang's 首页 and 总体进展, Anhui's 首页, Jiaxing's 分县（市、区）数据. Needs libreoffice-calc, poppler-utils and fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
command -v libreoffice >/dev/null || need="$need libreoffice-calc"
command -v pdftoppm >/dev/null || need="$need poppler-utils"
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need; fi
BIN=.build/release/gaizao
mkdir -p docs .build-render
profile=$(mktemp -d)
for yaml in pipelines/*.yaml; do
  id=$(basename "$yaml" .yaml)
  [ -d "inputs/$id" ] || continue
  months=$(ls "inputs/$id" | sort)
  for m in $months; do "$BIN" run --quiet --pipeline "$yaml" --period "$m" >/dev/null || [ $? = 3 ]; done
  last=$(echo "$months" | tail -1)
  book=$(ls outputs/"$id"/"$last"/*.xlsx)
  out=".build-render/$id"
  rm -rf "$out"; mkdir -p "$out"
  cp "$book" "$out/book.xlsx"
  (cd "$out" && timeout 600 libreoffice -env:UserInstallation="file://$profile" --headless --convert-to pdf book.xlsx >/dev/null 2>&1)
  pages=$(pdfinfo "$out/book.pdf" | awk '/^Pages:/ {print $2}')
  pdftoppm -png -r 60 "$out/book.pdf" "$out/page"
  echo "$id $last: $pages pages in $out/"
  # The README's pages: 首页 is the first; 总体进展 is the first page whose text has that title line.
  keep() {   # keep PAGE NAME
    pdftoppm -png -r 80 -f "$1" -l "$1" -singlefile "$out/book.pdf" "docs/$2"
    echo "  docs/$2.png (page $1)"
  }
  case "$id" in
    tongxiang)
      keep 1 "首页"
      for p in $(seq 1 "$pages"); do
        if pdftotext -f "$p" -l "$p" "$out/book.pdf" - | grep -qx "总体进展"; then keep "$p" "总体进展"; break; fi
      done ;;
    anhui) keep 1 "anhui-首页" ;;
    jiaxing)
      for p in $(seq 1 "$pages"); do
        if pdftotext -f "$p" -l "$p" "$out/book.pdf" - | grep -qx "分县（市、区）数据"; then keep "$p" "jiaxing-分县数据"; break; fi
      done ;;
  esac
done
rm -rf "$profile"
