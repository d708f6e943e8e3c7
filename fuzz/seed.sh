#!/bin/sh
# Copies the seed inputs into fuzz/corpus/<target>/ (git-ignored).
# Usage: fuzz/seed.sh            (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
fx="$root/tests/fixtures"
c="$here/corpus"
mkdir -p "$c/pdf_read" "$c/text_read" "$c/extract_bytes" "$c/extract_text"
# PDFs from every producer, the broken ones and the regression inputs.
for f in "$fx"/pdf/*.pdf "$root"/tests/regression/*.pdf; do
    [ -f "$f" ] || continue
    cp "$f" "$c/pdf_read/"
    # extract_bytes: the first byte picks the name (0 = report.pdf).
    { printf '\000'; cat "$f"; } > "$c/extract_bytes/$(basename "$f")"
done
for f in "$fx"/text/* "$fx"/html/* "$root"/fixtures/*.txt "$root"/tests/regression/*.txt "$root"/tests/regression/*.html; do
    [ -f "$f" ] || continue
    case "$f" in *.json) continue ;; esac
    cp "$f" "$c/text_read/"
    cp "$f" "$c/extract_text/"
    case "$f" in
        *.html | *.htm) b='\002' ;;
        *) b='\001' ;;
    esac
    { printf "$b"; cat "$f"; } > "$c/extract_bytes/$(basename "$f")"
done
# Markdown tables: the text fixtures with tab rows rewritten as | a | b |.
for f in "$fx"/text/*.txt; do
    [ -f "$f" ] || continue
    m="$(basename "$f" .txt).md"
    awk -F'\t' 'NF > 1 { s = "|"; for (i = 1; i <= NF; i++) s = s " " $i " |"; print s; next } { print }' "$f" > "$c/text_read/$m"
    cp "$c/text_read/$m" "$c/extract_text/$m"
done
for t in pdf_read text_read extract_bytes extract_text; do
    echo "$t: $(ls "$c/$t" | wc -l) seeds"
done
