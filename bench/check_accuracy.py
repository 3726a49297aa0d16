"""Recall and precision of `publish check`'s proofreading findings against a
proofreader's list (tests/data/proofread.tsv: line, wrong, right, context, kind).

    python bench/check_accuracy.py                       # the raw first title
    python bench/check_accuracy.py --manuscript manuscript --judged
    python bench/check_accuracy.py --manuscript import     # import the raw text first
    python bench/check_accuracy.py --show-misses --show-false

Raw mode lints the raw text (note markers blanked, paragraphs at blank lines),
so finding lines are the list's lines; quote balance and a paragraph's last
full stop are left out there, as page breaks split the raw paragraphs. Manuscript mode matches a finding to an
entry by its flagged word and the words around it.

A finding matches an entry when it is on the entry's line (or the next, for
spans that wrap) and its flagged text is one of the entry's wrong words.
With --kinds, recall counts only entries of those kinds (word, ocr, doubled,
other, unsure). Precision counts only findings of the proofreading codes below; the list is
one proofreader's, so "false" alarms include slips the proofreader missed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from publish.check.lint import lint_parts
from publish.check.source import Paragraph, Part, TextLine

PROOF_CODES = {"misreading", "text-doubled-word", "text-missing-stop", "text-stray-capital",
               "text-kept-hyphen", "text-quote-direction", "text-space-before",
               "text-stray-char", "name-variant"}
RAW = ROOT / "manuscript" / "source" / "cliff-trotsky-1927-1940.txt"
MARKER = re.compile(r" ?\[\d+\*?\]|^\d+\*\.")


def raw_part(path: Path) -> Part:
    lines = path.read_text(encoding="utf-8").split("\n")
    part = Part(path=path, name=path.name, lines=lines)
    para = None
    for i, raw in enumerate(lines, 1):
        if not raw.strip():
            para = None
            continue
        masked = MARKER.sub(lambda m: " " * len(m.group()), raw)
        if para is None:
            para = Paragraph([], "p")
            part.paragraphs.append(para)
        para.lines.append(TextLine(i, raw, masked))
    return part


def load_gold(paths: list[Path]):
    """Every entry of every list, once (same line and same wrong text)."""
    seen, out = set(), []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                key = (row["line"], row["wrong"])
                if key not in seen:
                    seen.add(key)
                    out.append(row)
    return out


def _words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w’'-]+", s)]


SPANLESS = {"text-unbalanced", "text-missing-stop"}
_NOTE_CALL = re.compile(r"\[\^?\d+\*?\]")


def matches(entry, f, raw_mode: bool, window: str = "") -> bool:
    """Raw mode: same line (or a neighbour) and a flagged word among the wrong
    words. Manuscript mode: the entry's wrong words stand, in order, in the
    text around the finding, and the flagged word is one of them (a quote or
    stop finding needs only the place)."""
    wrong = _words(entry["wrong"])
    right = set(_words(entry["right"]))
    flagged = _words(f.text)
    word_hit = bool(flagged) and (
        any(w in wrong and (w not in right or entry["kind"] == "doubled") for w in flagged)
        or " ".join(flagged) in " ".join(wrong))
    if raw_mode:
        near = f.line in (int(entry["line"]), int(entry["line"]) + 1, int(entry["line"]) - 1)
        return near and (word_hit or (f.code in SPANLESS and bool(set(flagged) & set(wrong))))
    seq = " ".join(_words(_NOTE_CALL.sub(" ", window)))
    # the window loses its note calls, so the entry's wrong words must too ([155])
    unnoted = _words(_NOTE_CALL.sub(" ", entry["wrong"]))
    placed = " ".join(w for w in unnoted if not w.isdigit() or len(w) > 2) in seq
    return placed and (word_hit or f.code in SPANLESS)


_CHAPTER_TITLE = re.compile(r"^\s*(\d+)\. (\S.*)$")


def chapter_starts(raw: Path) -> list[tuple[int, int]]:
    """(line, chapter number) where each numbered chapter of the raw text
    starts: the contents list them as `N. Title`; the body repeats each title
    later, in order."""
    lines = raw.read_text(encoding="utf-8").split("\n")
    titles: dict[int, str] = {}
    last = 0
    for i, line in enumerate(lines, 1):
        m = _CHAPTER_TITLE.match(line)
        if m and int(m.group(1)) == len(titles) + 1 and len(m.group(2)) > 8:
            titles[int(m.group(1))] = line.strip()
            last = i
        elif titles and i > last + 20:
            break
    starts, at = [], last
    for n, title in sorted(titles.items()):
        for i in range(at, len(lines)):
            # a long title may wrap in the body: its first words will do
            if lines[i].strip() == title or (len(title) > 30 and lines[i].strip()
                                             and title.startswith(lines[i].strip())
                                             and len(lines[i].strip()) > 20):
                starts.append((i + 1, n))
                at = i + 1
                break
    return starts


def chapter_of_line(line: int, starts) -> int:
    ch = 0
    for at, n in starts:
        if at <= line:
            ch = n
    return ch


def chapter_of_file(name: str) -> int:
    m = re.match(r"(\d+)-", Path(name).name)
    return int(m.group(1)) if m else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="*",
                    default=sorted((ROOT / "tests" / "data").glob("proofread*.tsv")),
                    help="proofreading lists (default: every tests/data/proofread*.tsv)")
    ap.add_argument("--raw", type=Path, default=RAW)
    ap.add_argument("--manuscript", type=Path, default=None,
                    help="lint this manuscript folder; `import` imports the raw first title "
                         "into a temporary folder first")
    ap.add_argument("--judged", type=Path, nargs="?", const=ROOT / "bench" / "check_judged.tsv",
                    default=None, help="also count findings judged true by hand (manuscript mode)")
    ap.add_argument("--kinds", default="", help="comma-separated kinds to count for recall")
    ap.add_argument("--half", choices=("odd", "even"), default=None,
                    help="count only the odd or the even chapters (the front matter counts as "
                         "chapter 0): tune on one half, verify on the other")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-false", action="store_true")
    args = ap.parse_args()
    tmp = None
    if args.manuscript is not None and str(args.manuscript) == "import":
        import subprocess
        import tempfile

        tmp = tempfile.TemporaryDirectory()
        args.manuscript = Path(tmp.name) / "manuscript"
        subprocess.run([sys.executable, "-m", "publish.cli", "import", str(args.raw), "-o",
                        str(args.manuscript)], check=True, capture_output=True, cwd=ROOT)
    gold = load_gold(args.gold)
    starts = chapter_starts(args.raw)
    parity = {"odd": 1, "even": 0}.get(args.half or "", None)
    if parity is not None:
        gold = [g for g in gold if chapter_of_line(int(g["line"]), starts) % 2 == parity]
    if args.kinds:
        gold = [g for g in gold if g["kind"] in args.kinds.split(",")]
    t0 = time.perf_counter()
    if args.manuscript:
        from publish.check import lint_manuscript

        findings = lint_manuscript(args.manuscript)
        texts = {}
        cache: dict[str, list[str]] = {}
        for f in findings:
            try:
                lines = cache.setdefault(f.file, (args.manuscript / f.file).read_text(
                    encoding="utf-8").split("\n"))
                line = lines[f.line - 1]
                c = (f.col or 1) - 1
                texts[(f.file, f.line, f.col)] = line[max(0, c - 90):c + 90]
            except (OSError, IndexError, TypeError):
                texts[(f.file, f.line, f.col)] = ""
    else:
        findings = lint_parts([raw_part(args.raw)])
        texts = {}
    elapsed = time.perf_counter() - t0
    codes = PROOF_CODES | ({"text-unbalanced"} if args.manuscript else set())
    proof = [f for f in findings if f.code in codes]
    if not args.manuscript:
        # page breaks end the raw paragraphs mid-sentence: no lost stops there
        proof = [f for f in proof if not f.message.startswith("the paragraph ends")]
    if parity is not None:
        proof = [f for f in proof if (chapter_of_file(f.file) if args.manuscript
                                      else chapter_of_line(f.line or 0, starts)) % 2 == parity]
    found_entries, true_findings = set(), set()
    for i, entry in enumerate(gold):
        for j, f in enumerate(proof):
            if matches(entry, f, not args.manuscript, texts.get((f.file, f.line, f.col), "")):
                found_entries.add(i)
                true_findings.add(j)
    judged_true = 0
    if args.judged and args.manuscript:
        with open(args.judged, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader((l for l in fh if not l.startswith("#")),
                                              delimiter="\t") if r["verdict"] == "true"]
        for j, f in enumerate(proof):
            if j in true_findings:
                continue
            win = texts.get((f.file, f.line, f.col), "")
            if any(r["code"] == f.code and r["text"] == f.text and r["context"].strip() in win
                   for r in rows):
                judged_true += 1
    by_kind = Counter(e["kind"] for e in gold)
    hit_kind = Counter(gold[i]["kind"] for i in found_entries)
    recall = len(found_entries) / max(1, len(gold))
    precision = len(true_findings) / max(1, len(proof))
    print(f"entries in the list: {len(gold)}; proofreading findings: {len(proof)} "
          f"(all findings {len(findings)}); lint time {elapsed:.2f} s")
    print(f"recall    {len(found_entries)}/{len(gold)} = {recall:.2f}")
    print(f"precision {len(true_findings)}/{len(proof)} = {precision:.2f} "
          "(against this list only)")
    if args.judged and args.manuscript:
        print(f"precision with hand judgements: {len(true_findings) + judged_true}/{len(proof)} = "
              f"{(len(true_findings) + judged_true) / max(1, len(proof)):.2f} "
              f"({judged_true} more judged true in {args.judged.name})")
    for kind in sorted(by_kind):
        print(f"  {kind:8} {hit_kind[kind]}/{by_kind[kind]}")
    true_by_code = Counter(proof[j].code for j in true_findings)
    print("findings by code (true/all):", {c: f"{true_by_code[c]}/{n}"
                                           for c, n in Counter(f.code for f in proof).items()})
    if args.show_misses:
        print("\nMISSED")
        for i, e in enumerate(gold):
            if i not in found_entries:
                print(f"  {e['line']}\t{e['wrong']} -> {e['right']}\t{e['kind']}")
    if args.show_false:
        print("\nNOT IN THE LIST")
        for j, f in enumerate(proof):
            if j not in true_findings:
                print(f"  {f.line}\t{f.code}\t{f.text} -> {f.suggestion}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
