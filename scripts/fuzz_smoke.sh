#!/bin/sh
# Runs every fuzz target for N seconds (default 60), one after the other,
# seeded from the fixtures. Not part of .ci/run.
#
#   scripts/fuzz_smoke.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is
# stable, so nightly-only flags are allowed with RUSTC_BOOTSTRAP=1; the
# AddressSanitizer build (cargo-fuzz's default) works that way. Set
# SANITIZER=none for a faster build without it.
# A crash leaves its input in fuzz/artifacts/<target>/ and stops the script
# with a non-zero status; minimize it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -O <target> <artifact>
# and commit it to tests/regression/ (see tests/regression.rs).
set -eu
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"pdf_read text_read extract_bytes extract_text"}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"
./seed.sh > /dev/null
export RUSTC_BOOTSTRAP=1
for t in $targets; do
    case $t in
        pdf_read | extract_bytes) max_len=160000 ;;
        *) max_len=65536 ;;
    esac
    echo "== $t: ${secs}s"
    cargo fuzz run -O --sanitizer "${SANITIZER:-address}" "$t" "corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
        -print_final_stats=1 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|==[0-9]+==|SUMMARY|.*panicked)' || true
    if [ -n "$(ls "artifacts/$t" 2>/dev/null)" ]; then
        echo "crash inputs in fuzz/artifacts/$t:" && ls "artifacts/$t"
        exit 1
    fi
done
