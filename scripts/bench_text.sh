#!/usr/bin/env bash
# Compare `xxgk text` with `pdftotext -layout` on the same PDFs.
# Usage: scripts/bench_text.sh [PDF...]   (defaults: hongze, chrome fixture, 100-page fixture)
# Uses hyperfine when installed, else a plain timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=target/release/xxgk
if [ "$#" -eq 0 ]; then
  set -- ../shared/corpus/002_hongze_2023.pdf \
         tests/fixtures/pdf/chrome_gb2021_2023.pdf \
         tests/fixtures/pdf/long_100pages.pdf
fi
for f in "$@"; do
  [ -f "$f" ] || { echo "skip $f (absent)"; continue; }
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  echo "== $f ($pages pages)"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs 20 \
      "$BIN text $f" "pdftotext -layout $f -"
  else
    for cmd in "$BIN text $f" "pdftotext -layout $f -"; do
      start=$(date +%s%N)
      for _ in $(seq 20); do $cmd >/dev/null; done
      end=$(date +%s%N)
      echo "$cmd: $(( (end - start) / 20000 )) us/run"
    done
  fi
done
