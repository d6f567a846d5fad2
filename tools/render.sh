#!/usr/bin/env bash
# make render: render the June sample workbook with LibreOffice and keep the 总体进展 and 镇街赛马 pages as
# PNGs in docs/ (shown in the README). Needs libreoffice-calc, poppler-utils and fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
command -v libreoffice >/dev/null || need="$need libreoffice-calc"
command -v pdftoppm >/dev/null || need="$need poppler-utils"
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need="$need fonts-noto-cjk"
if [ -n "$need" ]; then $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need; fi
book=$(ls outputs/tongxiang/2023-06/*.xlsx)
work=$(mktemp -d)
cp "$book" "$work/book.xlsx"
(cd "$work" && timeout 300 libreoffice --headless --convert-to pdf book.xlsx >/dev/null 2>&1)
pages=$(pdfinfo "$work/book.pdf" | awk '/^Pages:/ {print $2}')
mkdir -p docs
for sheet in 总体进展 镇街赛马; do
  for p in $(seq 1 "$pages"); do
    if pdftotext -f "$p" -l "$p" "$work/book.pdf" - | grep -qx "$sheet"; then
      pdftoppm -png -r 80 -f "$p" -l "$p" -singlefile "$work/book.pdf" "docs/$sheet"
      echo "docs/$sheet.png (page $p)"
      break
    fi
  done
done
rm -rf "$work"
