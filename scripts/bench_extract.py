#!/usr/bin/env python3
"""Median time of `xxgk extract` against MuPDF's text extraction alone
(`mutool draw -F txt`) on the same PDFs, each file run N times (median of
its runs), then the median over files.

usage: scripts/bench_extract.py [--runs N] [--xxgk BIN] PDF_OR_DIR...

Needs Debian's `mupdf-tools`. Run on an idle machine; the figures go to
BENCHMARKS.md with the command that produced them.
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import time


def once(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--xxgk", default="target/release/xxgk")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    files = []
    for p in map(pathlib.Path, a.paths):
        files += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    if not files:
        sys.exit("no PDF given")
    rows = []
    for f in files:
        xs = [once([a.xxgk, "extract", str(f)]) for _ in range(a.runs)]
        ms = [once(["mutool", "draw", "-q", "-F", "txt", "-o", "/dev/null", str(f)]) for _ in range(a.runs)]
        rows.append((statistics.median(xs), statistics.median(ms)))
    x = statistics.median(r[0] for r in rows) * 1000
    m = statistics.median(r[1] for r in rows) * 1000
    faster = sum(1 for r in rows if r[0] <= r[1])
    print(f"files {len(files)}  runs {a.runs}")
    print(f"xxgk extract        median {x:7.1f} ms")
    print(f"mutool draw -F txt  median {m:7.1f} ms")
    print(f"xxgk at or below mutool on {faster}/{len(files)} files")


if __name__ == "__main__":
    main()
