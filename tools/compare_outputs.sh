#!/usr/bin/env bash
# Compares two folders written by tools/sample_outputs.sh: every output file byte for byte, except the manifests
# (they carry timings) and the warehouses. Exit 0 when they agree.
set -euo pipefail
diff -r --exclude=manifest.json --exclude='warehouse.sqlite*' "$1" "$2" && echo "identical: $1 $2"
