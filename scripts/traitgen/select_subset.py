#!/usr/bin/env python3
"""Pick a small subset of a generated trait corpus for the project's tests.

  python3 scripts/traitgen/select_subset.py --corpus /work/traitcorpus --dest tests/fixtures/traits

Greedy set cover: --per-folder files (2) per producer folder, then the file that adds the most
uncovered traits per kilobyte, until every trait of the corpus is covered (or --max files).
Only files whose verification passed (verify.json) are candidates.  Files are copied as
<folder>_<case>.<ext> with their truth (case and source renamed accordingly) and a
README.md manifest is written.
"""
import argparse
import json
import os
import shutil

FOLDER_DESC = {
    "pdf_lo_docx": "python-docx .docx -> LibreOffice Writer -> PDF",
    "pdf_lo_html": "HTML -> LibreOffice Writer (HTML import) -> PDF",
    "pdf_chrome": "HTML -> Chromium headless --print-to-pdf",
    "pdf_rl_ttf": "reportlab, embedded TrueType (WenQuanYi Micro Hei)",
    "pdf_rl_stsong": "reportlab, non-embedded STSong-Light (CID)",
    "docx": "python-docx (gridSpan / vMerge)",
    "html": "HTML page (rowspan / colspan)",
    "txt": "pdftotext -layout of a PDF above, or tab-separated text",
    "md": "pymupdf4llm markdown of a PDF, or hand-style pipe-table markdown",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/traitcorpus")
    ap.add_argument("--dest", default="tests/fixtures/traits")
    ap.add_argument("--max", type=int, default=20)
    ap.add_argument("--per-folder", type=int, default=2, help="files per producer folder before the set cover")
    ap.add_argument("--max-bytes", type=int, default=3_000_000)
    ap.add_argument("--max-file", type=int, default=400_000, help="skip candidates larger than this")
    a = ap.parse_args()
    checks = {c["file"]: c for c in json.load(open(os.path.join(a.corpus, "verify.json"), encoding="utf-8"))}
    cands = []
    for folder in FOLDER_DESC:
        d = os.path.join(a.corpus, folder)
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".truth.json"):
                continue
            c = checks.get(folder + "/" + fn)
            if folder not in ("docx",) and (not c or not c["tokens_ok"] or c.get("title_ok") is False):
                continue
            case = fn.rsplit(".", 1)[0]
            truth = json.load(open(os.path.join(d, case + ".truth.json"), encoding="utf-8"))
            size = os.path.getsize(os.path.join(d, fn))
            if size > a.max_file:
                continue
            cands.append({"folder": folder, "file": fn, "case": case, "size": size,
                          "traits": set(truth["traits"]), "truth": truth})
    all_traits = set().union(*(c["traits"] for c in cands))
    chosen, covered, total = [], set(), 0

    def gain(c):
        return len(c["traits"] - covered)

    for folder in [f for _ in range(a.per_folder) for f in FOLDER_DESC]:
        pool = [c for c in cands if c["folder"] == folder and c not in chosen]
        if not pool:
            continue
        best = max(pool, key=lambda c: (gain(c) / (c["size"] / 1024.0 + 20), -c["size"]))
        chosen.append(best)
        covered |= best["traits"]
        total += best["size"]
    while covered != all_traits and len(chosen) < a.max:
        pool = [c for c in cands if c not in chosen and gain(c) > 0 and total + c["size"] <= a.max_bytes]
        if not pool:
            break
        best = max(pool, key=lambda c: (gain(c) / (c["size"] / 1024.0 + 20), -c["size"]))
        chosen.append(best)
        covered |= best["traits"]
        total += best["size"]
    os.makedirs(a.dest, exist_ok=True)
    for fn in os.listdir(a.dest):
        os.remove(os.path.join(a.dest, fn))
    rows = []
    for c in chosen:
        ext = c["file"].rsplit(".", 1)[1]
        name = "%s_%s" % (c["folder"], c["case"])
        shutil.copyfile(os.path.join(a.corpus, c["folder"], c["file"]), os.path.join(a.dest, name + "." + ext))
        t = dict(c["truth"])
        t["case"], t["source"] = name, name + "." + ext
        with open(os.path.join(a.dest, name + ".truth.json"), "w", encoding="utf-8") as f:
            json.dump(t, f, ensure_ascii=False, indent=1)
            f.write("\n")
        rows.append("| %s.%s | %d KB | %s (%s) | %s %d, %s | %s |" % (
            name, ext, (c["size"] + 1023) // 1024, FOLDER_DESC[c["folder"]], t["producer"], t["template"], t["year"],
            t["agency"], ", ".join(sorted(c["traits"]))))
    missing = sorted(all_traits - covered)
    with open(os.path.join(a.dest, "README.md"), "w", encoding="utf-8") as f:
        f.write("# Trait fixtures\n\n<!-- written by scripts/traitgen/select_subset.py -->\n\n"
                "A small subset of the trait corpus made by `scripts/traitgen/gen.py` (see "
                "`scripts/traitgen/README.md`): synthetic 政府信息公开工作年度报告 from real producers, each with "
                "its truth `<name>.truth.json` in the layout of `shared/corpus` (plus `traits`, `seed`, "
                "`producer`). Chosen to cover every trait of the corpus at least once with small files. "
                "Score with `python3 ../shared/tools/score.py --xxgk target/release/xxgk tests/fixtures/traits`.\n\n"
                "%d files, %d KB in all; traits covered: %d of %d%s.\n\n"
                "| file | size | producer | template, year, agency | traits |\n|---|---|---|---|---|\n%s\n"
                % (len(chosen), total // 1024, len(covered), len(all_traits),
                   (" (not covered: %s)" % ", ".join(missing)) if missing else "", "\n".join(rows)))
    print("%d files, %d KB, traits %d/%d" % (len(chosen), total // 1024, len(covered), len(all_traits)))
    if missing:
        print("not covered:", ", ".join(missing))


if __name__ == "__main__":
    main()
