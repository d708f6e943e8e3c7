#!/usr/bin/env bash
# Benchmark of `xxgk batch`: builds an archive of N report files under /tmp
# (copies of the fixture PDFs and text/HTML reports, each with a few unique
# bytes appended so every SHA-256 differs), then runs the batch with
# --jobs 1 and --jobs 2 and prints files/s, speed-up and peak RSS
# (from /usr/bin/time -v); then --jobs 2 again with --audit (the HTML audit
# pages and index) and prints its time against the run without.
#
#   scripts/bench_batch.sh [N]        # N defaults to 1000
#
# Environment: XXGK (binary, default target/release/xxgk, built if missing),
# BENCH_DIR (default /tmp/xxgk-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
BENCH_DIR=${BENCH_DIR:-/tmp/xxgk-bench}
XXGK=${XXGK:-target/release/xxgk}
[ -x "$XXGK" ] || cargo build --release
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 1; }

ARCHIVE="$BENCH_DIR/archive"
rm -rf "$BENCH_DIR"
mkdir -p "$ARCHIVE"
# Good reports only (the *.truth.json ones) plus the broken files, so the
# archive looks like a real crawl: mostly reports, a few refusals.
mapfile -t SOURCES < <(ls tests/fixtures/pdf/*.pdf tests/fixtures/text/*.txt tests/fixtures/html/*.html | sort)
i=0
while [ "$i" -lt "$N" ]; do
  for src in "${SOURCES[@]}"; do
    [ "$i" -lt "$N" ] || break
    base=$(basename "$src")
    sub="$ARCHIVE/$(printf '%02d' $((i % 50)))"
    mkdir -p "$sub"
    dest="$sub/$(printf '%05d' "$i")_$base"
    cp "$src" "$dest"
    # a trailing comment/blank line changes the hash, not the content
    case "$base" in
      *.pdf) printf '\n%% copy %d\n' "$i" >>"$dest" ;;
      *) printf '\n' >>"$dest"; printf '%*s\n' $((i % 7)) '' >>"$dest" ;;
    esac
    i=$((i + 1))
  done
done
COUNT=$(find "$ARCHIVE" -type f | wc -l)
SIZE=$(du -sh "$ARCHIVE" | cut -f1)
echo "archive: $COUNT files, $SIZE in $ARCHIVE"

run() { # jobs [extra arguments]
  local jobs=$1 name="j$1${2:+-audit}"
  local out="$BENCH_DIR/out-$name" log="$BENCH_DIR/time-$name.txt"
  shift
  rm -rf "$out"
  /usr/bin/time -v "$XXGK" batch "$ARCHIVE" --out "$out" --jobs "$jobs" "$@" 2>"$log" >/dev/null
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' |
    awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  cpu=$(grep -E '(User|System) time' "$log" | awk '{s += $NF} END {print s}')
  echo "$jobs $wall $rss $cpu"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r _ W1 R1 C1 < <(run 1)
read -r _ W2 R2 C2 < <(run 2)
cmp -s "$BENCH_DIR/out-j1/records.ndjson" "$BENCH_DIR/out-j2/records.ndjson" && SAME=yes || SAME=NO
for f in reports.csv cells.csv checks.csv errors.csv; do
  cmp -s "$BENCH_DIR/out-j1/$f" "$BENCH_DIR/out-j2/$f" || SAME=NO
done
awk -v n="$COUNT" -v w1="$W1" -v w2="$W2" -v r1="$R1" -v r2="$R2" -v c1="$C1" -v c2="$C2" -v same="$SAME" 'BEGIN {
  printf "jobs 1: %.1f s wall, %.1f s CPU, %.1f files/s, peak RSS %.1f MB\n", w1, c1, n / w1, r1 / 1024
  printf "jobs 2: %.1f s wall, %.1f s CPU, %.1f files/s, peak RSS %.1f MB\n", w2, c2, n / w2, r2 / 1024
  printf "speed-up: %.2fx; outputs identical: %s\n", w1 / w2, same
}'
read -r _ WA RA CA < <(run 2 --audit)
PAGES=$(find "$BENCH_DIR/out-j2-audit/audit/reports" -name '*.html' | wc -l)
BIGGEST=$(find "$BENCH_DIR/out-j2-audit/audit/reports" -name '*.html' -printf '%s\n' | sort -n | tail -1)
AUDIT_MB=$(du -sm "$BENCH_DIR/out-j2-audit/audit" | cut -f1)
for f in reports.csv cells.csv checks.csv errors.csv; do
  cmp -s "$BENCH_DIR/out-j2/$f" "$BENCH_DIR/out-j2-audit/$f" || SAME=NO
done
awk -v n="$COUNT" -v w2="$W2" -v wa="$WA" -v ra="$RA" -v ca="$CA" -v pages="$PAGES" -v big="$BIGGEST" -v mb="$AUDIT_MB" 'BEGIN {
  printf "jobs 2 --audit: %.1f s wall, %.1f s CPU, %.1f files/s, peak RSS %.1f MB\n", wa, ca, n / wa, ra / 1024
  printf "audit: %.2fx the time without; %d pages, %d MB, largest page %.0f KB\n", wa / w2, pages, mb, big / 1024
}'
tail -n +1 "$BENCH_DIR/time-j2.txt" | grep -E '^xxgk|refused|records' || true
nproc | awk '{print "cores: " $1}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
