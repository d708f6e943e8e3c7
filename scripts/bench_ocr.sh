#!/usr/bin/env bash
# Median time per OCR'd page on one core: `xxgk extract` with one worker
# (RAYON_NUM_THREADS=1) on every PDF of DIR, wall time divided by the number
# of pages read by OCR (source.ocr), median over the files.
#
#   scripts/bench_ocr.sh DIR        # e.g. tests/fixtures/scanned
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-tests/fixtures/scanned}
cargo build --release -q
python3 - "$dir" <<'PY'
import json, pathlib, statistics, subprocess, sys, time, os
env = dict(os.environ, RAYON_NUM_THREADS="1")
per_page = []
for pdf in sorted(pathlib.Path(sys.argv[1]).glob("*.pdf")):
    t0 = time.monotonic()
    p = subprocess.run(["target/release/xxgk", "extract", str(pdf)], capture_output=True, env=env)
    dt = time.monotonic() - t0
    if p.returncode != 0:
        print(f"{pdf.name}: no record")
        continue
    pages = len(json.loads(p.stdout)["source"].get("ocr", []))
    if pages:
        per_page.append(dt / pages)
        print(f"{pdf.name:45s} {pages} OCR pages {dt:6.2f} s  {dt / pages:5.2f} s/page")
print(f"median {statistics.median(per_page):.2f} s/page over {len(per_page)} files "
      f"(min {min(per_page):.2f}, max {max(per_page):.2f})")
PY
