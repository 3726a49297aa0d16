"""How long `publish check` takes on the whole first title (no validators).

    python bench/bench_check.py [MANUSCRIPT] [--runs 5]

Each run is a fresh process (`python -m publish.cli check MANUSCRIPT
--format json`), as a user runs it, so wordfreq's tables load every time.
The reference run, in the same session and on the same machine, is a fresh
process that only imports publish.cli and reads and tokenises the same
Markdown: what any check must pay. Medians of each, then a per-stage
breakdown (median over in-process runs, each in its own process).

Without MANUSCRIPT, the first title is imported into a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import ROOT, timed
RAW = ROOT / "manuscript" / "source" / "cliff-trotsky-1927-1940.txt"

REFERENCE = """
import re, sys
from pathlib import Path
import publish.cli
n = 0
for p in sorted(Path(sys.argv[1]).glob("*.md")):
    n += len(re.findall(r"[^\\W\\d_]+", p.read_text(encoding="utf-8")))
print(n)
"""

STAGES = """
import json, sys, time
from pathlib import Path
t = time.perf_counter
out = {}
s = t(); from publish.check.lexicon import english_frequencies, english_pairs, common_english
english_frequencies(); out["wordfreq"] = t() - s
s = t(); english_pairs(); out["english pairs"] = t() - s
s = t(); common_english(); out["common words"] = t() - s
from publish.check.book import load_book
s = t(); cb = load_book(Path(sys.argv[1])); out["scan Markdown"] = t() - s
from publish.check.lint import book_lexicon, check_text_parts
from publish.check.misreadings import MisreadingFinder, find_misreadings
from publish.check.names import check_names
s = t(); lex = book_lexicon(cb.parts); out["book lexicon"] = t() - s
s = t(); flagged = set(); check_text_parts(cb.parts, lex, flagged); out["text checks"] = t() - s
s = t()
finder = MisreadingFinder(lex)
for part in cb.parts:
    lines = [(tl.line, tl.masked, tl.raw) for para in part.paragraphs for tl in para.lines]
    find_misreadings(part.name, lines, lex, finder)
out["misreadings"] = t() - s
s = t(); check_names(cb.parts, lex); out["names"] = t() - s
from publish.check.structure import check_structure
from publish.check.notes import check_notes
from publish.check.tables import check_tables
from publish.check.metadata import check_metadata
s = t(); check_structure(cb); check_notes(cb); check_tables(cb); check_metadata(cb)
out["structure, notes, tables, metadata"] = t() - s
from publish.check import _reader_findings
s = t(); _reader_findings(Path(sys.argv[1])); out["manuscript reader"] = t() - s
print(json.dumps(out))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("manuscript", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tmp = None
    ms = args.manuscript
    if ms is None:
        tmp = tempfile.TemporaryDirectory()
        ms = Path(tmp.name) / "manuscript"
        subprocess.run([sys.executable, "-m", "publish.cli", "import", str(RAW), "-o", str(ms)],
                       check=True, cwd=ROOT, capture_output=True)
    py = sys.executable
    check, ref = [], []
    for _ in range(args.runs):    # interleaved, so machine load hits both alike
        ref.append(timed([py, "-c", REFERENCE, str(ms)]))
        check.append(timed([py, "-m", "publish.cli", "check", str(ms), "--format", "json"], check=False))
    med_check, med_ref = statistics.median(check), statistics.median(ref)
    print(f"publish check {ms}: median {med_check:.2f} s over {args.runs} runs "
          f"(min {min(check):.2f}, max {max(check):.2f})")
    print(f"reference (import publish.cli, read and tokenise): median {med_ref:.2f} s")
    print(f"check minus reference: {med_check - med_ref:.2f} s; ratio {med_check / med_ref:.1f}x")
    stages: dict[str, list[float]] = {}
    for _ in range(args.runs):
        out = subprocess.run([py, "-c", STAGES, str(ms)], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        for k, v in json.loads(out.strip().splitlines()[-1]).items():
            stages.setdefault(k, []).append(v)
    print("stages (median s):")
    for k, v in stages.items():
        print(f"  {k:38} {statistics.median(v):.3f}")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
