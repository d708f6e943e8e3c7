#!/usr/bin/env bash
# Plain-text fixtures made by another producer: poppler's `pdftotext -layout`
# dump of every fixture PDF that has a truth file. Tables come out as runs of
# spaces (no tabs), and blank cells vanish, so columns must be read by position.
# Needs poppler-utils (apt-get install poppler-utils); the outputs are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/pdftotext
mkdir -p "$out"
for truth in tests/fixtures/pdf/*.truth.json; do
  case=$(basename "$truth" .truth.json)
  pdf=tests/fixtures/pdf/$case.pdf
  [ -f "$pdf" ] || continue
  [ "$case" = long_100pages ] && continue
  pdftotext -layout "$pdf" "$out/$case.txt"
  cp "$truth" "$out/$case.truth.json"
done
ls "$out" | wc -l
