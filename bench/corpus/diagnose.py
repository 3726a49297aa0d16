"""Classify an import's paragraph and quote misses, with the raw lines they come from.

    python bench/corpus/diagnose.py [OUT]   # reads OUT/report.json written by run.py

A missed paragraph is "joined to the next" when an output paragraph starts as it
does but ends as a later one, "joined to the previous" when one ends as it does but
starts earlier, "split" when one starts as it does and ends early, and "lost" when
no output paragraph starts or ends with its words (it became a heading, a quote,
table cells, or its words changed: case, hyphens).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import _paths  # noqa: F401


def raw_line(raw_lines: list[str], words: list[str]) -> int | None:
    """1-based line where `words` (a paragraph's first words) begin in the raw text."""
    flat, starts = [], []
    for n, line in enumerate(raw_lines, 1):
        for w in line.split():
            flat.append(re.sub(r"[\W_]", "", w).casefold())
            starts.append(n)
    want = [x for x in (re.sub(r"[\W_]", "", w).casefold() for w in words[:5]) if x]
    for i in range(len(flat) - len(want) + 1):
        if flat[i:i + len(want)] == want:
            return starts[i]
    return None


def invisible_ends(truth: dict, raw_lines: list[str]) -> tuple[int, int]:
    """How many paragraph ends fall on a line so full that the next word could not
    have fitted on it (measure = the 95th percentile of line lengths): no line-length
    rule can see those breaks. Returns (invisible, paragraphs found)."""
    lens = sorted(len(x) for x in raw_lines if len(x) > 30)
    measure = lens[int(0.95 * (len(lens) - 1))] if lens else 0
    found = invisible = 0
    for p in truth["paragraphs"]:
        if p["in_quote"]:
            continue
        tail = p["last"][-3:]
        for n, line in enumerate(raw_lines):
            if line.split()[-3:] == tail:
                nxt = next((x for x in raw_lines[n + 1:n + 3] if x.strip()), "")
                found += 1
                invisible += len(line) + 1 + len(nxt.split(" ")[0]) > measure
                break
    return invisible, found


def classify(truth_paras: list[dict], out_keys: list[tuple]) -> list[tuple[str, dict]]:
    firsts = Counter(k[0] for k in out_keys)
    lasts = Counter(k[1] for k in out_keys)
    keys = Counter(out_keys)
    result = []
    for p in truth_paras:
        key = (tuple(p["first"]), tuple(p["last"]))
        if keys[key]:
            keys[key] -= 1
            continue
        f, l_ = firsts[key[0]], lasts[key[1]]
        if f and not l_:
            kind = "joined to the next (or split)"
        elif l_ and not f:
            kind = "joined to the previous (or split)"
        elif f and l_:
            kind = "split and joined"
        else:
            kind = "lost or merged in the middle"
        result.append((kind, p))
    return result


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else _paths.ROOT / "bench" / "out" / "corpus"
    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))
    totals: Counter = Counter()
    for row in rows:
        res = row.get("xml")
        if not res:
            continue
        truth = json.loads(Path(row.get("truth", out / f"{row['book']}.json"))
                           .read_text(encoding="utf-8"))
        raw_path = Path(row.get("raw", out / f"{row['book']}.txt"))
        raw = raw_path.read_text(encoding="utf-8").split("\n")
        extra = [tuple(map(tuple, k)) for k in res["paragraphs"]["extra"]]
        missed_keys = {tuple(map(tuple, k)) for k in res["paragraphs"]["missed"]}
        truth_missed = [p for p in truth["paragraphs"]
                        if (tuple(p["first"]), tuple(p["last"])) in missed_keys]
        inv, found = invisible_ends(truth, raw)
        totals["invisible paragraph ends"] += inv
        print(f"=== {row['book']}  ({len(truth_missed)} paragraphs missed, {len(extra)} extra; "
              f"{inv} of {found} paragraph ends invisible by line length)")
        for kind, p in classify(truth_missed, extra):
            totals[kind] += 1
            n = raw_line(raw, p["first"])
            where = f"{raw_path.name}:{n}" if n else "?"
            q = " [in quote]" if p["in_quote"] else ""
            print(f"  {kind}{q}: {where}: {' '.join(p['first'])} ... {' '.join(p['last'])}")
    print("\n" + ", ".join(f"{k}: {v}" for k, v in totals.most_common()))


if __name__ == "__main__":
    main()
