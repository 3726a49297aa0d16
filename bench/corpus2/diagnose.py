"""Show where an import's paragraphs went wrong, with raw line numbers.

    python bench/corpus2/diagnose.py /tmp/c2 [BOOK ...] [--limit N]

Reads OUT/report.json (from run.py). For each missed truth paragraph it prints the
raw lines where the truth paragraph starts/ends and where the output broke it:
"split at L" (output paragraph started inside it) or "merged" (no output paragraph
starts where it starts).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
import corpus_score


def _lenient(w: str) -> str:
    return re.sub(r"[\W_]", "", w).casefold()


class Raw:
    def __init__(self, path: Path):
        self.lines = path.read_text(encoding="utf-8").splitlines()
        self.words: list[tuple[str, int]] = []
        for i, line in enumerate(self.lines, 1):
            for w in line.split():
                if re.fullmatch(r"\[\d+\*?\]", w):
                    continue
                lw = _lenient(w)
                if lw:
                    self.words.append((lw, i))
        self.index: dict[str, list[int]] = {}
        for k, (w, _) in enumerate(self.words):
            self.index.setdefault(w, []).append(k)

    def find(self, words: list[str], after: int = 0) -> tuple[int, int] | None:
        """(word position, line) of the first place the words occur, at or after `after`."""
        ws = [x for x in map(_lenient, words) if x][:5]
        if not ws:
            return None
        for k in self.index.get(ws[0], []):
            if k < after:
                continue
            if [w for w, _ in self.words[k:k + len(ws)]] == ws:
                return k, self.words[k][1]
        return None

    def find_end(self, words: list[str], after: int = 0) -> int | None:
        ws = [x for x in map(_lenient, words) if x][-5:]
        for k in self.index.get(ws[0], []) if ws else []:
            if k >= after and [w for w, _ in self.words[k:k + len(ws)]] == ws:
                return self.words[k + len(ws) - 1][1]
        return None


def book_report(row: dict, limit: int) -> str:
    raw = Raw(Path(row["raw"]))
    res = row["xml"]["paragraphs"]
    out_starts = {}
    for first, _last in [tuple(x) for x in res["extra"]]:
        hit = raw.find(list(first))
        if hit:
            out_starts[hit[1]] = " ".join(first[:6])
    lines = [f"== {row['book']}  ({len(res['missed'])} missed, {len(res['extra'])} extra)"]
    for first, last in [tuple(x) for x in res["missed"]][:limit]:
        hit = raw.find(list(first))
        if not hit:
            lines.append(f"  ? not found in raw: {' '.join(first)}")
            continue
        k, ls = hit
        le = raw.find_end(list(last), k) or ls
        splits = [l for l in sorted(out_starts) if ls < l <= le]
        kind = []
        if ls not in out_starts:
            kind.append("merged into the one before (or start lost)")
        if splits:
            kind.append("split at " + ", ".join(map(str, splits)))
        if not kind:
            kind.append("end lost (ran on)")
        lines.append(f"  {Path(row['raw']).name}:{ls}-{le}: {'; '.join(kind)}")
        lines.append(f"      start| {raw.lines[ls - 1][:90]}")
        for s in splits[:3]:
            lines.append(f"   {s - 1:>5}| {raw.lines[s - 2][:90]}")
            lines.append(f"   {s:>5}| {raw.lines[s - 1][:90]}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("books", nargs="*")
    ap.add_argument("--limit", type=int, default=10)
    args = ap.parse_args()
    rows = json.loads((args.out / "report.json").read_text(encoding="utf-8"))
    for row in rows:
        if "xml" not in row or (args.books and row["book"] not in args.books):
            continue
        print(book_report(row, args.limit))



# --- paragraph breaks: which ones the import added or lost, and what the raw shows


def starts(raw: Raw, paragraphs: list[list[str]]) -> list[int]:
    """Raw line of each paragraph's first word, found in reading order."""
    out, pos = [], 0
    for words in paragraphs:
        hit = raw.find(words[:5], pos)
        if hit:
            pos = hit[0] + 1
            out.append(hit[1])
    return out


def break_report(row: dict, limit: int) -> tuple[str, dict]:
    raw = Raw(Path(row["raw"]))
    truth = corpus_score.load_truth(row["truth"])
    out = corpus_score.Output(corpus_score.load_xml(Path(row["raw"]).with_suffix(".xml")))
    t_first = [p["first"] for p in truth["paragraphs"]]
    ts, os_ = set(starts(raw, t_first)), set(starts(raw, out.paragraphs))
    lens = sorted(len(x) for x in raw.lines if x.strip())
    full = lens[int(len(lens) * 0.9)]
    stats: dict[str, int] = {}
    lines = [(f"== {row['book']}: {len(ts - os_)} truth breaks lost, {len(os_ - ts)} breaks added "
              f"(p90 line {full} chars)")]

    def prev_nonblank(L):
        k = L - 2
        while k >= 0 and not raw.lines[k].strip():
            k -= 1
        return k + 1

    for kind, where in (("lost", sorted(ts - os_)), ("added", sorted(os_ - ts))):
        for L in where:
            P = prev_nonblank(L)
            prev, cur = raw.lines[P - 1], raw.lines[L - 1]
            blank = P != L - 1
            nxt = cur.split()[0] if cur.split() else ""
            fits = len(prev) + 1 + len(nxt) <= full
            tag = ("after-blank " if blank else "") + ("short" if fits else "full")
            if kind == "added":
                if re.match(r"\[\d+\*?\]", cur):
                    tag += " next-starts-with-marker"
                elif cur[:1] == "…":
                    tag += " next-starts-with-ellipsis"
                elif re.match(r"\d+\.", cur):
                    tag += " next-starts-with-number"
            stats[f"{kind}: {tag}"] = stats.get(f"{kind}: {tag}", 0) + 1
            if limit:
                lines.append(f"  {kind:5} {Path(row['raw']).name}:{L} [{tag}]\n"
                             f"     {P:>5}| {prev[:88]}\n     {L:>5}| {cur[:88]}")
    lines = lines[:1 + limit] if limit else lines[:1]
    lines.append("  " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
    return "\n".join(lines), stats


def breaks_main(out: Path, books: list[str], limit: int) -> None:
    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))
    total: dict[str, int] = {}
    for row in rows:
        if "xml" not in row or (books and row["book"] not in books):
            continue
        text, stats = break_report(row, limit)
        print(text)
        for k, v in stats.items():
            total[k] = total.get(k, 0) + v
    print("== all: " + ", ".join(f"{k} {v}" for k, v in sorted(total.items(), key=lambda x: -x[1])))


if __name__ == "__main__" and "--breaks" in sys.argv:
    sys.argv.remove("--breaks")
    _ap = argparse.ArgumentParser()
    _ap.add_argument("out", type=Path)
    _ap.add_argument("books", nargs="*")
    _ap.add_argument("--limit", type=int, default=0)
    _a = _ap.parse_args()
    breaks_main(_a.out, _a.books, _a.limit)
    sys.exit(0)


if __name__ == "__main__":
    main()
