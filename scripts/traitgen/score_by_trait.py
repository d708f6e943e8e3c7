#!/usr/bin/env python3
"""Group score.py results by trait.

  python3 ../shared/tools/score.py --xxgk target/release/xxgk --json /tmp/s.json /work/traitcorpus/pdf_chrome
  python3 scripts/traitgen/score_by_trait.py /work/traitcorpus/pdf_chrome /tmp/s.json [more dir json pairs]

Prints, per trait, how many reports carry it and how many of those are not perfect (with the
rate for reports without it), then the most frequent failure messages (cell paths folded to
table.row.*, values folded to their kind) with the traits most over-represented
among the reports that show them.
"""
import collections
import json
import os
import re
import sys


def kind(v):
    if v == "None":
        return "null"
    if v == "'absent'":
        return "absent"
    return "number"


def message(w, res):
    m = re.match(r"([^:]+): want (.+?) got (.+)$", w)
    if not m:
        return w
    path, want, got = m.groups()
    t, r, c = path.split(".")
    if t == "applications" and r not in ("new_received", "carried_over", "results_total", "carried_forward"):
        r = "<result row>"
    if t.startswith("art20_"):
        t, r = "art20_*", "*"
    return "%s.%s.*: want %s got %s" % (t, r, kind(want), kind(got))


def main():
    args = sys.argv[1:]
    pairs = list(zip(args[0::2], args[1::2]))
    per_trait = collections.defaultdict(lambda: [0, 0])
    msgs = collections.Counter()
    msg_traits = collections.defaultdict(collections.Counter)
    trait_count = collections.Counter()
    n = 0
    bad_total = 0
    for d, js in pairs:
        for r in json.load(open(js, encoding="utf-8")):
            t = json.load(open(os.path.join(d, r["case"] + ".truth.json"), encoding="utf-8"))
            traits = set(t.get("traits", []))
            n += 1
            trait_count.update(traits)
            bad = not (r["correct"] == r["cells"] and r["meta_ok"] and not r["missed"] and not r["false_alarms"])
            bad_total += bad
            for tr in traits:
                per_trait[tr][0] += 1
                per_trait[tr][1] += bad
            seen = set()
            for w in r["wrong"]:
                seen.add(message(w, r))
            if r.get("meta"):
                for k, v in r["meta"].items():
                    seen.add("meta %s: got %s" % (k, "null" if v is None else "other"))
            if r["missed"]:
                seen.add("missed source inconsistency")
            for f in r["false_alarms"]:
                seen.add("false alarm %s" % f)
            if r.get("error"):
                seen.add("no record: %s" % r["error"][:60])
            for s in seen:
                msgs[s] += 1
                msg_traits[s].update(traits)
    print("%d reports, %d not perfect" % (n, bad_total))
    print("\ntrait                                   reports  not-perfect  (rate without)")
    for tr, (c, b) in sorted(per_trait.items(), key=lambda x: -x[1][1] / max(1, x[1][0])):
        oc, ob = n - c, bad_total - b
        print("%-40s %5d  %5d %4.0f%%  (%3.0f%%)" % (tr, c, b, 100.0 * b / c, 100.0 * ob / oc if oc else 0))
    print("\nmost frequent failures (reports affected; traits most over-represented among them)")
    for m, c in msgs.most_common(25):
        lift = []
        for tr, k in msg_traits[m].items():
            base = trait_count[tr] / float(n)
            share = k / float(c)
            if share >= 0.5 and share > base * 1.5:
                lift.append((share / base, tr, k))
        lift.sort(reverse=True)
        print("%4d  %s\n        %s" % (c, m, ", ".join("%s %d/%d" % (tr, k, c) for _, tr, k in lift[:4]) or "(no trait stands out)"))


if __name__ == "__main__":
    main()
